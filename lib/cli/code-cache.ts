// Loads a CommonJS bundle through V8's code cache: the bytecode of every function a run compiled is saved after
// the first lint and handed back to V8 on the next start, which then neither parses nor compiles them again (a
// small run's start-up is mostly that work: ~35 ms of ~70). Node 20 caches nothing itself (module.enableCompileCache
// is Node ≥ 22.1, and only for files Node loads; this bundle is compiled here, with vm.Script).
// The cache is a per-user folder (os.tmpdir(), or NBLINT_MLFLOW_CODE_CACHE; `0` turns it off), used only when
// no other user can write into it (cached bytecode is code). Its file name holds the bundle's content hash and mtime,
// the Node version and architecture, and V8 rejects data from other flags; anything wrong means "no cache": a missing,
// stale, corrupt or unwritable cache costs the run its speed-up, never its result.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

export interface CachedModule<T> {
  exports: T;
  /** Writes the code compiled so far as the cache, unless a valid one was loaded; never throws. */
  save(): void;
}

/**
 * Runs `file` as a CommonJS module. `importModule` is the import() its code gets (as `__nblintImport`): a script
 * compiled by vm.Script has none of its own (Node's USE_MAIN_CONTEXT_DEFAULT_LOADER is experimental on Node 20, and
 * lost when the script comes from cached data).
 */
export function loadWithCodeCache<T>(
  file: string,
  contentHash: string,
  importModule: (specifier: string) => Promise<unknown>,
  env: Record<string, string | undefined> = process.env,
): CachedModule<T> {
  // The bundle is ASCII (scripts/bundle.mjs): read as latin1, without UTF-8 decoding.
  const source = readFileSync(file, 'latin1');
  // V8 checks only the source's length against the data: a bundle edited in place (same hash, new mtime) must not
  // meet the bytecode of its former self.
  const cacheFile = cacheFileFor(`${contentHash}-${Math.trunc(statSync(file).mtimeMs).toString(36)}`, env);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // Node's own CommonJS wrapper (and the import()), on the first line so that line numbers in stack traces stay the bundle's.
  const wrapper = `(function (exports, require, module, __filename, __dirname, __nblintImport) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file), importModule);
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    save() {
      if (usable || !cacheFile) return;
      try {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile); // atomic: a concurrent run reads the old file or the new one
        removeOtherBuilds(cacheFile);
      } catch {
        // a read-only or full disk: the next run compiles again
      }
    },
  };
}

/** Where the cache of this bundle lives; null when caching is off or no folder can be trusted. */
function cacheFileFor(key: string, env: Record<string, string | undefined>): string | null {
  const setting = env.NBLINT_MLFLOW_CODE_CACHE;
  if (setting === '0' || setting === 'false') return null;
  const uid = process.getuid?.();
  const dir = setting || path.join(os.tmpdir(), `nblint-mlflow-code-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const info = lstatSync(dir);
    // Another user's folder, or one others can write into, could hold planted bytecode: not used.
    if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (process.platform !== 'win32' && (info.mode & 0o022) !== 0)) return null;
  } catch {
    return null;
  }
  return path.join(dir, `${key}-node${process.version}-${process.arch}.bin`);
}

/** Caches of other builds for this Node (each rebuild or upgrade makes one) are not left to pile up. */
function removeOtherBuilds(cacheFile: string): void {
  const dir = path.dirname(cacheFile);
  const name = path.basename(cacheFile);
  const sameNode = name.slice(name.indexOf('-node'));
  for (const entry of readdirSync(dir)) {
    if (entry !== name && entry.endsWith(sameNode)) rmSync(path.join(dir, entry), { force: true });
  }
}
