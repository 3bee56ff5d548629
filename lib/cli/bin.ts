#!/usr/bin/env node
// The CLI unbundled (dist/lib/cli/bin.js: readable names in profiles). The `nblint-mlflow` executable is the bundle
// (bundle-bin.ts).
import module from 'node:module';
import { runAsProcess } from './process-run.js';

// Node ≥ 22.1 keeps the compiled code of the modules between runs (as ESLint's bin does). Node 20 has no such cache
// (module.enableCompileCache is undefined there). Called before the CLI is imported, so that its modules are cached too.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

await runAsProcess(() => import('./cli.js'));
