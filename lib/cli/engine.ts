// What the bundle's small entry files (the executable, the worker thread) take from the bundled engine
// (dist/bundle/engine.cjs, loaded through the code cache: engine-loader.ts). The worker's modules are imported
// only on a worker thread: evaluated at load, they would cost every --version their start-up.
export { main, ranLint } from './cli.js';

export async function serveLintRequests(): Promise<void> {
  (await import('../workers/worker-thread.js')).serveLintRequests();
}
