#!/usr/bin/env node
// The `nblint-mlflow` executable (dist/bundle/nblint-mlflow.mjs): the engine loaded through the code cache, which
// is written after the first run that lints (so that it holds the linting code, not only --version's).
import { loadEngine } from './engine-loader.js';
import { runAsProcess } from './process-run.js';

const engine = loadEngine();
await runAsProcess(() => engine.exports);
if (engine.exports.ranLint()) engine.save();
