#!/usr/bin/env node
// The service's command line: starts it and keeps running until SIGINT or SIGTERM.
const { main, exitCodeOf } = require('../dist/src/cli.js');

main(process.argv.slice(2)).catch((err) => {
  const code = exitCodeOf(err);
  // commander has already printed its own usage errors and help.
  if (!(err && typeof err.code === 'string' && err.code.startsWith('commander.'))) {
    process.stderr.write(`domo-scim-emulator: ${err && err.message ? err.message : String(err)}\n`);
  }
  process.exitCode = code;
});
