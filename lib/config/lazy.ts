// CommonJS dependencies loaded on first use, so a run without config files or overrides does not pay their
// start-up cost (ajv ~40-100 ms, the others 10-20 ms each).
import { createRequire } from 'node:module';
import type picomatchFn from 'picomatch';
import type * as jsoncParser from 'jsonc-parser';
import type * as smolToml from 'smol-toml';

const require = createRequire(import.meta.url);

function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

export const loadPicomatch = lazy<typeof picomatchFn>('picomatch');
export const loadJsoncParser = lazy<typeof jsoncParser>('jsonc-parser');
export const loadToml = lazy<typeof smolToml>('smol-toml');
