// Loads the bundled engine (dist/bundle/engine.cjs, next to the bundle's entry files) through the code cache.
import path from 'node:path';
import { loadWithCodeCache, type CachedModule } from './code-cache.js';

/** The engine bundle's content hash, set by scripts/bundle.mjs: a rebuilt engine never meets an old cache. */
declare const __NBLINT_ENGINE_HASH__: string;
/** The folder of the bundle's entry files (dist/bundle/): their CommonJS __dirname, set by scripts/bundle.mjs. */
declare const __NBLINT_BUNDLE_DIR__: string;

export function loadEngine(): CachedModule<typeof import('./engine.js')> {
  return loadWithCodeCache(path.join(__NBLINT_BUNDLE_DIR__, 'engine.cjs'), __NBLINT_ENGINE_HASH__, (specifier) => import(specifier));
}
