#!/usr/bin/env node
// The `nblint-mlflow` executable (dist/bundle/nblint-mlflow.cjs): the engine loaded through the code cache, which
// is written after the first run that lints (so that it holds the linting code, not only --version's). A CommonJS
// file: Node starts one without its ES module loader (~7 ms of a small run's start-up), so no top-level await.
import { setFlagsFromString } from 'node:v8';
import { loadEngine } from './engine-loader.js';
import { runAsProcess } from './process-run.js';

// V8 hands a function to its optimising compiler (TurboFan, on background threads) once it has run ~132 KB of
// bytecode. A lint warms hundreds of functions of which only a few stay hot: in a run over 809 files TurboFan took
// ~0.9 s of CPU beside the main thread's ~2.5 s (the floor's: 0.18 s). A budget three times larger compiles only
// the hot ones: background CPU ~0.9 -> ~0.45 s, the main thread ~+0.1-0.25 s, whole process -5 to -8% (3,236
// files: -1 to -3%). Set before the engine is compiled: the flag is part of what the code cache is checked against.
// A budget the user gives Node is kept.
if (!/--interrupt[-_]budget/.test(`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`)) setFlagsFromString('--interrupt-budget=400000');

const engine = loadEngine();
void runAsProcess(() => engine.exports).then(() => {
  if (engine.exports.ranLint()) engine.save();
});
