// The main thread's young generation. On a long run V8 grows its two semi-spaces to 16 MB each, all of it resident
// by the end (a sixth of the process). `--max-semi-space-size` would cap them, but a command started as
// `nblint-mlflow ...` or `node .../nblint-mlflow.cjs` cannot pass it, and V8 reads it only at start-up. The growth
// factor is read at each growth: once the semi-spaces reach the size worker threads are given (8 MB,
// lib/workers/pool.ts), they stop growing. A file's garbage dies young either way: the CPU is the same.
import v8 from 'node:v8';

/** Both semi-spaces of 8 MB (V8's `new_space` size counts the two). */
const CAP_BYTES = 16 * 1024 * 1024;
/** Asked every few files: a growth doubles the size, so it cannot overshoot by more than one step in between. */
const EVERY = 4;

let calls = 0;
let capped = false;

/** Called after each file: stops the young generation's growth once it reaches the cap. */
export function capYoungGeneration(): void {
  if (capped || ++calls % EVERY !== 0) return;
  const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (!newSpace || newSpace.space_size < CAP_BYTES) return;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  capped = true;
}
