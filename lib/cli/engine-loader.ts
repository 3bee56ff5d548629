// Loads the bundled engine (dist/bundle/engine.cjs, next to the bundle's entry files) through the code cache.
import { fileURLToPath } from 'node:url';
import { loadWithCodeCache, type CachedModule } from './code-cache.js';

/** The engine bundle's content hash, set by scripts/bundle.mjs: a rebuilt engine never meets an old cache. */
declare const __NBLINT_ENGINE_HASH__: string;

export function loadEngine(): CachedModule<typeof import('./engine.js')> {
  return loadWithCodeCache(fileURLToPath(new URL('./engine.cjs', import.meta.url)), __NBLINT_ENGINE_HASH__, (specifier) => import(specifier));
}
