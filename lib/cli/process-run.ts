// Runs the CLI as this process: V8's heap growth, stdout's early close, the exit code (no process.exit, so piped
// output is flushed completely). Shared by the executable (the bundle) and the unbundled dist/lib/cli/bin.js.
import { setFlagsFromString } from 'node:v8';
import type { main as cliMain } from './cli.js';

// What a run keeps is small and flat in the number of files (about 15 MB live at 4,000 files), but each file's
// trees and models live long enough to reach the old space, and V8's default growth (up to 2x after each full GC)
// let that garbage pile up to ~180 MB of heap on long runs. A 20% step keeps peak RSS flat for a few % more CPU in
// GC. V8 flags are process-wide: worker threads get it too. Set before the CLI is loaded.
setFlagsFromString('--heap-growing-percent=20');

export async function runAsProcess(load: () => Promise<{ main: typeof cliMain }> | { main: typeof cliMain }): Promise<void> {
  // A reader that stops early (`nblint-mlflow . | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const { main } = await load();
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  });
}
