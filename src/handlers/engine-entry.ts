import { redactor } from '../domo/redact';
import { main } from './engine-main';

// The engine's process ends when main does (idle, or Terraform gone); nothing it prints holds the token.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `domo-identity engine: ${redactor([process.env.DOMO_SCIM_TOKEN])(err instanceof Error ? err.message : String(err))}\n`,
    );
    process.exit(1);
  },
);
