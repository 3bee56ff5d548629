#!/usr/bin/env node
// The `nblint-mlflow` executable: runs the CLI on this process and sets its exit code (no process.exit, so
// piped output is flushed completely).
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled code of the modules between runs (as ESLint's bin does): most of a small run's
// start-up is compiling the bundle. Node 20 has no such cache (module.enableCompileCache is undefined there). Called
// before the CLI is imported, so that its modules are cached too.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that stops early (`nblint-mlflow . | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const { main } = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
