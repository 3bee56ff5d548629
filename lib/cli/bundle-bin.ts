#!/usr/bin/env node
// The `nblint-mlflow` executable (dist/bundle/nblint-mlflow.cjs): the engine loaded through the code cache, which
// is written after the first run that lints (so that it holds the linting code, not only --version's). A CommonJS
// file: Node starts one without its ES module loader (~7 ms of a small run's start-up), so no top-level await.
import { loadEngine } from './engine-loader.js';
import { runAsProcess } from './process-run.js';

const engine = loadEngine();
void runAsProcess(() => engine.exports).then(() => {
  if (engine.exports.ranLint()) engine.save();
});
