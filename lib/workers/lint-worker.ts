// A lint worker thread (see pool.ts): lints the files it is sent and answers with each file reduced to what the
// format writes. Its run context is built once, from the same options as the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import { reduceFile } from '../format-run.js';
import { getFormat } from '../formatters/index.js';
import { attachProject, createRunContext, lintPlanned } from '../lint-files.js';
import type { FromWorker, ToWorker, WorkerSetup } from './pool.js';

const setup = workerData as WorkerSetup;
const format = getFormat(setup.request.format);
const run = createRunContext(setup.options).then(async (context) => {
  await attachProject(context, setup.projectFiles);
  return context;
});
// One file at a time, in the order sent: the pool counts on answers per worker in order of sending.
let queue = Promise.resolve();

parentPort!.on('message', (message: ToWorker) => {
  queue = queue.then(async () => {
    let answer: FromWorker;
    try {
      answer = { index: message.index, file: reduceFile(format, setup.request, await lintPlanned(await run, message.file)) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      answer = { index: message.index, error: { name: e.name, message: e.message, stack: e.stack } };
    }
    parentPort!.postMessage(answer);
  });
});
