// --cache, as ESLint's: one JSON file remembers each linted file's result with what it depended on (size and
// mtime, a hash of the content, a hash of the resolved configuration and the tool's version). A file whose size
// and mtime are unchanged is not read at all; one whose metadata changed but whose content hashes the same is
// not linted again. Any change of configuration or version invalidates the entry, and so does a change of what the
// result depended on outside the file (side-inputs.ts: environment files next to it, the jobs that submit it).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LintResult, ProjectModel, ResolvedConfig } from '../types.js';
import type { ControllerFacts } from '../project/project.js';
import { SideInputDigests, type SideInput } from './side-inputs.js';

/** ESLint's default is .eslintcache; a folder given with --cache-location gets a file named after the cwd in it. */
export const DEFAULT_CACHE_FILE = '.nblintcache';

/** What is cached of a result: everything the formatters show, not the raw text (read again when needed). */
export type CachedResult = Pick<
  LintResult,
  'messages' | 'suppressedMessages' | 'errorCount' | 'warningCount' | 'fatalErrorCount' | 'fixableErrorCount' | 'fixableWarningCount'
>;

/** What the cache remembers of one file. */
export interface CacheEntry {
  size: number;
  mtimeMs: number;
  hash: string;
  configKey: string;
  /** Digest of each input outside the file that the result depended on, by SideInput. */
  sideInputs: Record<string, string>;
  /** What the project model learnt from the file (the jobs it submits, the scripts it writes): it need not read it again. */
  projectFacts: ControllerFacts | null;
  result: CachedResult;
}

interface CacheFile {
  version: string;
  files: Record<string, CacheEntry>;
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export class LintCache {
  private changed = false;
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();
  private readonly sides: SideInputDigests;

  private constructor(
    readonly location: string,
    private readonly data: CacheFile,
    /** Parts of the configuration key that are not in ResolvedConfig (e.g. the tool version). */
    private readonly keySalt: string,
    project: () => ProjectModel | null,
  ) {
    this.sides = new SideInputDigests(project);
  }

  /**
   * Opens the cache; a missing, unreadable or other-version file starts empty (and is replaced on save). `project`:
   * the run's project model once built, which answers again the questions a cached result depended on.
   */
  static async open(location: string | undefined, cwd: string, toolVersion: string, project: () => ProjectModel | null): Promise<LintCache> {
    const file = await cacheFilePath(location, cwd);
    let data: CacheFile = { version: toolVersion, files: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (parsed.version === toolVersion && typeof parsed.files === 'object' && parsed.files !== null) data = parsed;
    } catch {
      // No cache yet, or a damaged one: start over.
    }
    return new LintCache(file, data, toolVersion, project);
  }

  /** The key of a resolved configuration (rules with options, settings, known rules, version); memoised per object. */
  configKey(config: ResolvedConfig): string {
    let key = this.configKeys.get(config);
    if (key === undefined) {
      const shape = {
        rules: config.rules,
        settings: config.settings,
        known: Object.keys(config.ruleDefinitions).sort(),
        reportUnused: config.reportUnusedDisableDirectives === true,
        salt: this.keySalt,
      };
      key = sha1(JSON.stringify(shape));
      this.configKeys.set(config, key);
    }
    return key;
  }

  /** The cached result when the file's size and mtime are the ones recorded: the file need not be read. */
  byStamp(absPath: string, stamp: FileStamp, configKey: string): CachedResult | undefined {
    const entry = this.entry(absPath, configKey);
    return entry && sameStamp(entry, stamp) ? entry.result : undefined;
  }

  /** For the project model: what it learnt from the file when the file is unchanged since (it need not be read). */
  projectFacts(absPath: string): ControllerFacts | undefined {
    const entry = Object.hasOwn(this.data.files, absPath) ? this.data.files[absPath] : undefined;
    if (!entry?.projectFacts) return undefined;
    const stamp = stampOf(absPath);
    return stamp && sameStamp(entry, stamp) ? entry.projectFacts : undefined;
  }

  /**
   * The cached result when the content is the one recorded, though the metadata changed (`touch`, a checkout),
   * with the entry to record so that the next run need not read the file.
   */
  byContent(absPath: string, stamp: FileStamp, text: string, configKey: string): { result: CachedResult; entry?: CacheEntry } | undefined {
    const entry = this.entry(absPath, configKey);
    if (!entry || entry.hash !== sha1(text)) return undefined;
    const restamped = !sameStamp(entry, stamp);
    return { result: entry.result, ...(restamped ? { entry: { ...entry, size: stamp.size, mtimeMs: stamp.mtimeMs } } : {}) };
  }

  /** The entry for a file just linted, with the side inputs its lint noted (plain data: it may come from a worker thread). */
  entryOf(
    stamp: FileStamp,
    text: string,
    configKey: string,
    result: LintResult,
    sideInputs: readonly SideInput[],
    projectFacts: ControllerFacts | null,
  ): CacheEntry {
    const { messages, suppressedMessages, errorCount, warningCount, fatalErrorCount, fixableErrorCount, fixableWarningCount } = result;
    return {
      size: stamp.size,
      mtimeMs: stamp.mtimeMs,
      hash: sha1(text),
      configKey,
      sideInputs: this.sides.all(sideInputs),
      projectFacts,
      result: { messages, suppressedMessages, errorCount, warningCount, fatalErrorCount, fixableErrorCount, fixableWarningCount },
    };
  }

  put(absPath: string, entry: CacheEntry): void {
    this.data.files[absPath] = entry;
    this.changed = true;
  }

  /** Writes the cache (atomically: a run killed meanwhile leaves the previous cache) when anything changed. */
  async save(): Promise<void> {
    if (!this.changed) return;
    await mkdir(path.dirname(this.location), { recursive: true });
    const temp = `${this.location}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(this.data));
    await rename(temp, this.location);
    this.changed = false;
  }

  /** The entry of a file for this configuration, while nothing it depended on outside the file has changed. */
  private entry(absPath: string, configKey: string): CacheEntry | undefined {
    const entry = Object.hasOwn(this.data.files, absPath) ? this.data.files[absPath] : undefined;
    if (entry?.configKey !== configKey || typeof entry.sideInputs !== 'object' || entry.sideInputs === null) return undefined;
    return this.sides.unchanged(entry.sideInputs) ? entry : undefined;
  }
}

const sameStamp = (entry: CacheEntry, stamp: FileStamp): boolean => entry.size === stamp.size && entry.mtimeMs === stamp.mtimeMs;

/** The size and mtime (whole milliseconds, as ESLint's file-entry-cache) of a file, or null when it cannot be stat'ed. */
export function stampOf(absPath: string): FileStamp | null {
  try {
    const { size, mtimeMs } = statSync(absPath);
    return { size, mtimeMs: Math.trunc(mtimeMs) };
  } catch {
    return null;
  }
}

/** As ESLint: a --cache-location that is a folder (or ends with a slash) holds `.cache_<hash of the cwd>`. */
async function cacheFilePath(location: string | undefined, cwd: string): Promise<string> {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const abs = path.resolve(cwd, location);
  const isDir = /[\\/]$/.test(location) || (await stat(abs).catch(() => null))?.isDirectory() === true;
  return isDir ? path.join(abs, `.cache_${sha1(cwd).slice(0, 12)}`) : abs;
}

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
