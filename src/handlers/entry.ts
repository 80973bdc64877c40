import { main } from './main';

// The token is the one secret a handler holds; no message leaves this process without it removed.
function redact(text: string): string {
  const token = process.env.DOMO_SCIM_TOKEN;
  return token ? text.split(token).join('***') : text;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`domo-identity: ${redact(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  },
);
