#!/usr/bin/env node
// The `nblint-mlflow` executable: runs the CLI on this process and sets its exit code (no process.exit, so
// piped output is flushed completely).
import { main } from './cli.js';

// A reader that stops early (`nblint-mlflow . | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
