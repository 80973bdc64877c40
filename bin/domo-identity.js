#!/usr/bin/env node
// The exit code comes from src/cli/exit-codes.ts, as for `node dist/src/cli/main.js`.
require('../dist/src/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
