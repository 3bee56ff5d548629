// --concurrency: files are linted and reduced to their format's prepared value on worker threads; the main thread
// only writes, in file order. Each worker builds its own run context (configuration resolver, fixer) from the
// same options, so a file's result does not depend on which thread linted it.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FormatRequest, FormattedFile } from '../format-run.js';
import type { LintFilesOptions, PlannedFile } from '../lint-files.js';
import { ConfigError } from '../config/errors.js';

export interface WorkerSetup {
  options: LintFilesOptions;
  request: FormatRequest;
  /** The files of the run, for each worker's project model. */
  projectFiles: string[];
}

/** Messages between the threads. */
export type ToWorker = { index: number; file: PlannedFile };
export type FromWorker =
  | { index: number; file: FormattedFile }
  | { index: number; error: { name: string; message: string; stack?: string } };

/** Files sent to a worker before it answers, so it never waits for the main thread. */
const PER_WORKER = 4;
/** How far ahead of the next file to write the workers may get: bounds the results held for reordering. */
const WINDOW = 64;

/** The worker's script: next to this module when compiled (dist/lib/workers/), one file in the bundle. */
function workerScript(): URL {
  const bundled = new URL('./lint-worker.mjs', import.meta.url);
  return existsSync(bundled) ? bundled : new URL('./lint-worker.js', import.meta.url);
}

export async function lintOnWorkers(
  size: number,
  setup: WorkerSetup,
  files: readonly PlannedFile[],
  take: (path: string, file: FormattedFile) => Promise<void>,
): Promise<void> {
  const script = workerScript();
  const workers = Array.from({ length: size }, () => new Worker(script, { workerData: setup }));
  const done = new Map<number, FormattedFile>();
  let nextToSend = 0;
  let nextToTake = 0;
  let failure: Error | null = null;
  const inFlight = new Map<Worker, number>();

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        failure ??= error;
        reject(failure);
      };
      const send = (worker: Worker): void => {
        while ((inFlight.get(worker) ?? 0) < PER_WORKER && nextToSend < files.length && nextToSend < nextToTake + WINDOW) {
          const message: ToWorker = { index: nextToSend, file: files[nextToSend] };
          worker.postMessage(message);
          inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
          nextToSend++;
        }
      };
      // Taking is sequential (the writer waits for its output); a chain keeps file order.
      let taking = Promise.resolve();
      const drain = (): void => {
        taking = taking.then(async () => {
          while (failure === null && done.has(nextToTake)) {
            const file = done.get(nextToTake)!;
            done.delete(nextToTake);
            await take(files[nextToTake].path, file);
            nextToTake++;
            for (const worker of workers) send(worker);
          }
          if (nextToTake === files.length) resolve();
        }).catch(fail);
      };
      for (const worker of workers) {
        worker.on('message', (message: FromWorker) => {
          inFlight.set(worker, inFlight.get(worker)! - 1);
          if ('error' in message) return fail(rebuildError(message.error));
          done.set(message.index, message.file);
          send(worker);
          drain();
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (nextToTake < files.length && failure === null) fail(new Error(`a lint worker thread stopped (exit code ${code})`));
        });
        send(worker);
      }
      if (files.length === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** An error thrown on a worker, as the CLI knows it (a configuration error keeps its kind). */
function rebuildError(error: { name: string; message: string; stack?: string }): Error {
  const rebuilt = error.name === 'ConfigError' ? new ConfigError(error.message) : new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
