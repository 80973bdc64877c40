#!/usr/bin/env node
require('../dist/src/cli/main.js')
  .run(process.argv.slice(2))
  .catch((err) => {
    if (err && typeof err.code === 'string' && err.code.startsWith('commander.')) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`domo-identity: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = err && ['ConfigError', 'InputError', 'InputErrors'].includes(err.name) ? 2 : 1;
  });
