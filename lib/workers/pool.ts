// --concurrency: the work is cut into chunks of files, done by worker threads and, when every worker has enough,
// by the main thread between its writes. Two phases: the project model's index (every thread indexes its chunks;
// the main thread joins them in file order and sends the whole index to each worker), then the lint, each file
// reduced to its format's prepared value where it was linted and written by the main thread in file order. Each
// worker builds its own run context (configuration resolver, fixer) from the same options, so a file's result does
// not depend on the thread that linted it.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FormatRequest, FormattedFile } from '../format-run.js';
import type { LintFilesOptions, PlannedFile } from '../lint-files.js';
import type { ControllerFacts, ProjectIndexData } from '../project/project.js';
import { ConfigError } from '../config/errors.js';

export interface WorkerSetup {
  options: LintFilesOptions;
  request: FormatRequest;
}

/** Messages between the threads. */
export type ToWorker =
  | { kind: 'index'; id: number; files: string[] }
  | { kind: 'project'; index: ProjectIndexData }
  | { kind: 'lint'; id: number; files: PlannedFile[] };
export type FromWorker = { id: number; out: (ControllerFacts | null)[] | FormattedFile[] } | { id: number; error: { name: string; message: string; stack?: string } };

/** Chunks sent to a worker before it answers, so that it never waits for the main thread (busy with a chunk). */
const PER_WORKER = 3;
/** The largest chunk: small enough that no thread is left waiting long for the last ones. */
const MAX_CHUNK = 8;

/**
 * A worker's young generation (V8's default grows to 32 MB of semi-spaces, all of it resident by the end of a long
 * run): 24 MB gives 8 MB semi-spaces, ~16 MB less per worker for the same CPU (a file's garbage dies young either way).
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/** The worker's script: next to this module when compiled (dist/lib/workers/), one file in the bundle. */
function workerScript(): URL {
  const bundled = new URL('./lint-worker.cjs', import.meta.url);
  return existsSync(bundled) ? bundled : new URL('./lint-worker.js', import.meta.url);
}

/** What the main thread does with its own chunks. */
export interface MainThreadWork {
  index(files: string[]): (ControllerFacts | null)[];
  /** The whole index, before the first file is linted. */
  indexed(index: ProjectIndexData): void;
  lint(file: PlannedFile): Promise<FormattedFile>;
}

export class LintPool {
  private readonly workers: Worker[];
  private readonly inFlight = new Map<Worker, number>();
  private readonly done = new Map<number, unknown[]>();
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  /** Starts the threads (they load the linter while the main thread discovers the files). */
  constructor(size: number, setup: WorkerSetup) {
    const script = workerScript();
    this.workers = Array.from({ length: size }, () => new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }));
    for (const worker of this.workers) {
      this.inFlight.set(worker, 0);
      worker.on('message', (message: FromWorker) => {
        this.inFlight.set(worker, this.inFlight.get(worker)! - 1);
        if ('error' in message) this.fail(rebuildError(message.error));
        else this.done.set(message.id, message.out);
        this.answered();
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.fail(new Error(`a lint worker thread stopped (exit code ${code})`)));
    }
  }

  /**
   * Indexes the project's files on every thread and gives the index to every thread; then lints `files`, `take` getting every file's result in file order (a returned promise is
   * waited for before the next one).
   */
  async run(
    projectFiles: readonly string[],
    yamlJobs: ProjectIndexData['yamlJobs'],
    files: readonly PlannedFile[],
    here: MainThreadWork,
    take: (path: string, file: FormattedFile) => Promise<void>,
  ): Promise<void> {
    const indexed: ProjectIndexData['files'] = [];
    await this.inChunks('index', projectFiles, (chunk) => here.index(chunk), async (file, facts: ControllerFacts | null) => {
      if (facts) indexed.push([file, facts]);
    });
    const index: ProjectIndexData = { files: indexed, yamlJobs };
    here.indexed(index);
    for (const worker of this.workers) worker.postMessage({ kind: 'project', index } satisfies ToWorker);
    await this.inChunks(
      'lint',
      files,
      async (chunk) => {
        const out: FormattedFile[] = [];
        for (const file of chunk) out.push(await here.lint(file));
        return out;
      },
      (file: PlannedFile, out: FormattedFile) => take(file.path, out),
    );
  }

  /** Stops the threads beyond the first `count` (started before the files were counted). */
  async keep(count: number): Promise<void> {
    await stop(this.workers.splice(count));
  }

  /** Stops every thread (again: nothing). */
  async close(): Promise<void> {
    await stop(this.workers.splice(0));
  }

  /** Does `kind` over `items` in chunks on every thread; `take` gets each item's result in order. */
  private async inChunks<T, R>(
    kind: 'index' | 'lint',
    items: readonly T[],
    here: (chunk: T[]) => R[] | Promise<R[]>,
    take: (item: T, out: R) => Promise<void>,
  ): Promise<void> {
    const threads = this.workers.length + 1;
    const size = Math.min(MAX_CHUNK, Math.max(1, Math.ceil(items.length / (threads * 12))));
    const chunkCount = Math.ceil(items.length / size);
    const chunkOf = (id: number): T[] => items.slice(id * size, (id + 1) * size);
    // Chunks done but not yet taken are bounded: the taker waits for chunks in order.
    const window = threads * (PER_WORKER + 1) * 2;
    let nextToDo = 0;
    for (let nextToTake = 0; nextToTake < chunkCount; ) {
      if (this.failure) throw this.failure;
      const canStart = (): boolean => nextToDo < chunkCount && nextToDo < nextToTake + window;
      for (const worker of this.workers) {
        while (this.inFlight.get(worker)! < PER_WORKER && canStart()) {
          const id = nextToDo++;
          worker.postMessage({ kind, id, files: chunkOf(id) } as ToWorker);
          this.inFlight.set(worker, this.inFlight.get(worker)! + 1);
        }
      }
      const ready = this.done.get(nextToTake) as R[] | undefined;
      if (ready) {
        this.done.delete(nextToTake);
        const first = nextToTake * size;
        for (const [i, out] of ready.entries()) await take(items[first + i], out);
        nextToTake++;
      } else if (canStart()) {
        // Every worker has its chunks: this thread does the next one, then lets the workers' answers in.
        const id = nextToDo++;
        this.done.set(id, await here(chunkOf(id)));
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.answered();
  }

  private answered(): void {
    this.wake?.();
    this.wake = null;
  }
}

async function stop(workers: Worker[]): Promise<void> {
  for (const worker of workers) worker.removeAllListeners('exit');
  await Promise.all(workers.map((worker) => worker.terminate()));
}

/** An error thrown on a worker, as the CLI knows it (a configuration error keeps its kind). */
function rebuildError(error: { name: string; message: string; stack?: string }): Error {
  const rebuilt = error.name === 'ConfigError' ? new ConfigError(error.message) : new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}
