// A lint worker thread (see pool.ts): indexes and lints the chunks of files it is sent, answering with each file's
// part of the project index, or its result reduced to what the format writes. Its run context is built once, from
// the same options as the main thread's; its project model is the whole index, sent by the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { reduceFile, type FormattedFile } from '../format-run.js';
import { getFormat } from '../formatters/index.js';
import { createRunContext, lintPlanned, projectOptions } from '../lint-files.js';
import { indexFile, Project } from '../project/project.js';
import type { FromWorker, ToWorker, WorkerSetup } from './pool.js';

/** Serves the main thread's requests on this worker thread (called once, by the worker's script). */
export function serveLintRequests(): void {
  const setup = workerData as WorkerSetup;
  const format = getFormat(setup.request.format);
  const run = createRunContext(setup.options);
  run.catch(() => {}); // a configuration error is answered to the first lint chunk
  const project = new Project([], { cwd: setup.options.cwd });
  // One message at a time, in the order sent: the index comes before the first lint chunk.
  let queue = Promise.resolve();

  const answer = async (message: Exclude<ToWorker, { kind: 'project' }>): Promise<FromWorker> => {
    const context = await run;
    if (message.kind === 'index') return { id: message.id, out: message.files.map((file) => indexFile(file, projectOptions(context))) };
    context.project = project;
    const out: FormattedFile[] = [];
    for (const file of message.files) out.push(reduceFile(format, setup.request, await lintPlanned(context, file)));
    return { id: message.id, out };
  };

  parentPort!.on('message', (message: ToWorker) => {
    queue = queue.then(async () => {
      if (message.kind === 'project') return project.useIndex(message.index);
      let reply: FromWorker;
      try {
        reply = await answer(message);
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        reply = { id: message.id, error: { name: e.name, message: e.message, stack: e.stack } };
      }
      parentPort!.postMessage(reply);
    });
  });
}
