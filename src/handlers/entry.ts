import { main } from './main';
import { redactToken } from './redact-token';

// The token is the one secret a handler holds; no message leaves this process without it removed.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`domo-identity: ${redactToken(err instanceof Error ? err.message : String(err), process.env.DOMO_SCIM_TOKEN)}\n`);
    process.exitCode = 1;
  },
);
