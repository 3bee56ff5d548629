#!/usr/bin/env node
// The `nblint-mlflow` executable: runs the CLI on this process and sets its exit code (no process.exit, so
// piped output is flushed completely).
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

// Node ≥ 22.1 keeps the compiled code of the modules between runs (as ESLint's bin does): most of a small run's
// start-up is compiling the bundle. Node 20 has no such cache (module.enableCompileCache is undefined there). Called
// before the CLI is imported, so that its modules are cached too.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// What a run keeps is small and flat in the number of files (about 30 MB live after a full GC at 4,000 files), but
// each file's trees and models live long enough to reach the old space, and V8's default growth (up to 2x after each
// full GC) let that garbage pile up to ~180 MB of heap on long runs. A 20% step keeps peak RSS flat (bench: 245 ->
// ~165 MB at 4,000 files) for a few % more CPU in GC. V8 flags are process-wide: worker threads get it too.
setFlagsFromString('--heap-growing-percent=20');

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
