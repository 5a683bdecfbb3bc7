#!/usr/bin/env node
'use strict';
const { main } = require('../dist/cli/velo-test');
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env })
  .then((code) => {
    // Every velo-test command is a batch run: it ends once its output is written, even when a
    // client library left a handle open (kafkajs keeps a socket of a reconnected broker).
    process.exitCode = code;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  })
  .catch((err) => {
    // Last resort: an engine bug, not a user error. Keep it to one readable line.
    process.stderr.write(`velo-test: internal error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 70;
  });
