// File discovery: turns the command line's paths (files, directories, globs) into the sorted list of
// notebooks and scripts to lint, with ESLint's rules for ignored and unmatched patterns.
import fsCallbacks, { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { isOutsideRelative } from './path-inside.js';
import { sharedString } from './shared-string.js';
import { ConfigError } from './config/errors.js';
import { gitignoreMatcher } from './glob/gitignore.js';
import { MAX_SIDE_FILE_BYTES } from './limits.js';
import { readRegularFile } from './safe-read.js';

/** The file kinds nblint-mlflow lints. */
export const LINTABLE_EXTENSIONS = ['.ipynb', '.py'] as const;

/** Folders never entered, not even with --no-ignore: tool state, not user code. */
export const ALWAYS_SKIPPED_DIRS = new Set(['.ipynb_checkpoints', 'node_modules', '.git']);

/**
 * Folders skipped by default (like ESLint's default ignore of node_modules), lintable with --no-ignore:
 * Python environments and caches hold thousands of third-party .py files.
 */
export const DEFAULT_IGNORED_DIRS = new Set(['.venv', 'venv', 'site-packages', '__pypackages__', '__pycache__', '.tox', '.nox']);

/** The ignore file read from the working directory (gitignore syntax), like ESLint's .eslintignore. */
export const IGNORE_FILE = '.nblintignore';

export interface DiscoverOptions {
  cwd: string;
  /** The configuration's verdict (ignorePatterns, --ignore-pattern) for an absolute path; folders end with a separator. */
  isIgnored(absPath: string): boolean;
  /** --no-ignore: only the always-skipped folders are left out. */
  noIgnore?: boolean;
}

export interface DiscoverResult {
  /** Absolute paths, sorted, deduplicated. */
  files: string[];
  /** Files named explicitly on the command line but ignored (ESLint reports a warning for each). */
  ignoredFiles: string[];
  /** Fatal problems with the patterns (ESLint's "No files matching the pattern ..."): exit 2. */
  errors: string[];
  /** Non-fatal notes for stderr (an explicitly named file of a kind that is not linted). */
  warnings: string[];
}

/** ESLint's "No files matching the pattern" / "All files matched by ... are ignored": exit code 2. */
export class NoFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoFilesError';
  }
}

export const isLintable = (file: string): boolean =>
  LINTABLE_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));

/** A pattern is a glob when it uses glob syntax; an existing path is always taken literally first. */
const isGlob = (pattern: string): boolean => /[*?[\]{}]|[!@+]\(/.test(pattern);

/** True for a path inside an always-skipped folder below cwd (cwd itself may be anywhere). */
const isAlwaysSkipped = (absPath: string, cwd: string): boolean =>
  path.relative(cwd, path.dirname(absPath)).split(path.sep).some((part) => ALWAYS_SKIPPED_DIRS.has(part));

/** A run's ignore decision for a file or folder: default-ignored folders, `.nblintignore` in cwd, the configuration's ignorePatterns. */
export type IgnoreMatcher = (absPath: string, isDir: boolean) => boolean;

export async function ignoreMatcher(opts: Pick<DiscoverOptions, 'cwd' | 'isIgnored' | 'noIgnore'>): Promise<IgnoreMatcher> {
  const ignoreFile = opts.noIgnore ? null : await loadIgnoreFile(opts.cwd);
  return (absPath, isDir) => {
    if (opts.noIgnore) return false;
    if (isDir && DEFAULT_IGNORED_DIRS.has(path.basename(absPath))) return true;
    if (ignoreFile?.(absPath, isDir)) return true;
    return opts.isIgnored(isDir ? absPath + path.sep : absPath);
  };
}

/** Whether searching `cwd` would skip `file` (the language server asks this of every document it is sent). */
export const isSkippedFile = (file: string, cwd: string, ignored: IgnoreMatcher): boolean => isAlwaysSkipped(file, cwd) || isIgnoredPath(file, cwd, ignored);

export async function discoverFiles(patterns: string[], opts: DiscoverOptions): Promise<DiscoverResult> {
  const { cwd } = opts;
  const ignored = await ignoreMatcher(opts);

  const found = new Set<string>();
  const ignoredFiles = new Set<string>();
  const errors: string[] = [];
  const warnings: string[] = [];
  const unreadable = new Map<string, NodeJS.ErrnoException>();

  for (const pattern of patterns) {
    const abs = path.resolve(cwd, pattern);
    const stat = await fs.stat(abs).catch(() => null);
    let matched: string[];
    let skippedByIgnore = 0;

    // A named file that exists but cannot be read (a dangling link, a FIFO, a device) gets a fatal problem
    // from the loader, not "No files matching": the user named a real path.
    if ((stat && !stat.isDirectory()) || (!stat && (await isDanglingLink(abs)))) {
      // ESLint lints an explicitly named file even where a directory walk would not look.
      if (!isLintable(abs)) {
        warnings.push(`No files matching the pattern "${pattern}" were found: only .ipynb notebooks and .py scripts are linted.`);
        continue;
      }
      if (isAlwaysSkipped(abs, cwd) || isIgnoredPath(abs, cwd, ignored)) ignoredFiles.add(abs);
      else found.add(abs);
      continue;
    } else if (stat?.isDirectory()) {
      const walk = await walkDirectory(abs, ignored, unreadable);
      matched = walk.files;
      skippedByIgnore = walk.skippedByIgnore;
    } else if (isGlob(pattern)) {
      const skipped = opts.noIgnore ? ALWAYS_SKIPPED_DIRS : new Set([...ALWAYS_SKIPPED_DIRS, ...DEFAULT_IGNORED_DIRS]);
      const all = (await globFiles(pattern, cwd, skipped, unreadable)).filter(isLintable);
      matched = all.filter((file) => !isAlwaysSkipped(file, cwd) && !isIgnoredPath(file, cwd, ignored));
      skippedByIgnore = all.length - matched.length;
    } else {
      matched = [];
    }

    if (matched.length === 0) {
      errors.push(
        skippedByIgnore > 0
          ? `All files matched by "${pattern}" are ignored.`
          : `No files matching the pattern "${pattern}" were found.`,
      );
      continue;
    }
    for (const file of matched) found.add(file);
  }

  // Kept for the whole run: one flat copy of each (lib/shared-string.ts).
  const files = (await uniqueByRealPath([...found].sort(byPath))).map(sharedString);
  for (const [dir, error] of [...unreadable].sort(([a], [b]) => byPath(a, b))) warnings.push(unreadableFolder(dir, cwd, error));
  return {
    files,
    ignoredFiles: [...ignoredFiles].filter((file) => !found.has(file)).sort(byPath).map(sharedString),
    errors,
    warnings,
  };
}

/** Folders a search could not read, by absolute path, with the reason. */
type UnreadableFolders = Map<string, NodeJS.ErrnoException>;

/** The warning for a folder a search had to skip: the run goes on without its files, but not silently. */
function unreadableFolder(dir: string, cwd: string, error: NodeJS.ErrnoException): string {
  const rel = path.relative(cwd, dir);
  const shown = rel === '' ? '.' : isOutsideRelative(rel) ? dir : rel;
  const why =
    error.code === 'ENAMETOOLONG'
      ? 'its path is longer than the system allows (ENAMETOOLONG: folders nested too deep)'
      : error.code === 'EACCES' || error.code === 'EPERM'
        ? `no permission to list it (${error.code})`
        : `${error.code ?? 'error'}: ${error.message.replace(/^\w+: /, '').split(',')[0]}`;
  return `${shown}: cannot read this folder, ${why}; the files in it are not linted.`;
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One path per file: a link and its target (or two links to one file) would be linted, and fixed, twice, the
 * second fix then refused as "changed on disk". As ESLint, the first path in sorted order is kept. A path whose
 * real path cannot be read (a dangling link) stands for itself.
 */
async function uniqueByRealPath(sorted: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const file of sorted) {
    const real = await fs.realpath(file).catch(() => file);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(file);
  }
  return out;
}

/** A globbed file is ignored when it, or any folder between cwd and it, is ignored. */
function isIgnoredPath(file: string, cwd: string, ignored: (absPath: string, isDir: boolean) => boolean): boolean {
  if (ignored(file, false)) return true;
  const rel = path.relative(cwd, path.dirname(file));
  if (rel === '' || isOutsideRelative(rel)) return false;
  let dir = cwd;
  for (const part of rel.split(path.sep)) {
    dir = path.join(dir, part);
    if (ignored(dir, true)) return true;
  }
  return false;
}

async function walkDirectory(
  root: string,
  ignored: (absPath: string, isDir: boolean) => boolean,
  unreadable: UnreadableFolders,
): Promise<{ files: string[]; skippedByIgnore: number }> {
  const files: string[] = [];
  let skippedByIgnore = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.set(dir, error as NodeJS.ErrnoException); // skipped, as ESLint's walker does, but with a warning
      continue;
    }
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      // Symbolic links to folders are not followed (cycles); links to files are linted like files.
      const isDir = entry.isDirectory();
      // A dangling link to a notebook or script is kept: the loader reports it as unreadable.
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await isFileOrDanglingLink(abs)));
      if (isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
        if (ignored(abs, true)) skippedByIgnore++;
        else pending.push(abs);
      } else if (isFile && isLintable(entry.name)) {
        if (ignored(abs, false)) skippedByIgnore++;
        else files.push(abs);
      }
    }
  }
  return { files, skippedByIgnore };
}

const isFileOrDanglingLink = async (abs: string): Promise<boolean> => {
  const target = await fs.stat(abs).catch(() => null);
  return target === null || target.isFile();
};

const isDanglingLink = async (abs: string): Promise<boolean> =>
  (await fs.lstat(abs).catch(() => null))?.isSymbolicLink() ?? false;

async function globFiles(pattern: string, cwd: string, skippedDirs: Set<string>, unreadable: UnreadableFolders): Promise<string[]> {
  // Loaded only for glob patterns: it is the costliest import discovery has.
  const { glob } = await import('tinyglobby');
  // The glob's crawler skips folders it cannot read without a word: its readdir is watched to say which.
  type Readdir = (dir: string, options: object, callback: (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void) => void;
  const readdir: Readdir = (dir, options, callback) =>
    (fsCallbacks.readdir as unknown as Readdir)(dir, options, (error, entries) => {
      if (error && error.code !== 'ENOENT') unreadable.set(path.resolve(cwd, dir), error);
      callback(error, entries);
    });
  const files = await glob(pattern, {
    fs: { readdir: readdir as never },
    cwd,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    // As a folder walk does (and ESLint): dot-folders such as .github/ are searched, skipped folders are not entered.
    dot: true,
    ignore: [...skippedDirs].map((dir) => `**/${dir}/**`),
  });
  return withoutLinkedFolders(files.map((file) => path.resolve(file)), cwd);
}

/**
 * As a folder walk does, a glob does not go through links to folders (a link out of the tree, or a cycle): files
 * below a linked folder are dropped. Links to files are kept, as the walk keeps them.
 */
async function withoutLinkedFolders(files: string[], cwd: string): Promise<string[]> {
  const linked = new Map<string, Promise<boolean>>();
  const isLink = (dir: string): Promise<boolean> => {
    let found = linked.get(dir);
    if (!found) linked.set(dir, (found = fs.lstat(dir).then((info) => info.isSymbolicLink(), () => false)));
    return found;
  };
  const kept: string[] = [];
  for (const file of files) {
    const rel = path.relative(cwd, path.dirname(file));
    const parts = rel === '' || isOutsideRelative(rel) ? [] : rel.split(path.sep);
    let dir = cwd;
    let through = false;
    for (const part of parts) {
      dir = path.join(dir, part);
      if ((through = await isLink(dir))) break;
    }
    if (!through) kept.push(file);
  }
  return kept;
}

/**
 * Reads `<cwd>/.nblintignore` (gitignore syntax); paths outside cwd are never matched by it. Read as a
 * configuration is: only a regular file, up to the size cap; one that cannot be read is a configuration error.
 */
async function loadIgnoreFile(cwd: string): Promise<((absPath: string, isDir: boolean) => boolean) | null> {
  const read = await readRegularFile(path.join(cwd, IGNORE_FILE), MAX_SIDE_FILE_BYTES);
  if (!read.ok) {
    if (read.code === 'ENOENT') return null;
    throw new ConfigError(`${IGNORE_FILE}: cannot read the ignore file (${read.message})`);
  }
  const matcher = gitignoreMatcher([read.bytes.toString('utf8')]);
  return (absPath, isDir) => {
    const rel = path.relative(cwd, absPath);
    if (rel === '' || isOutsideRelative(rel)) return false;
    const posix = rel.split(path.sep).join('/');
    return matcher.ignores(isDir ? `${posix}/` : posix);
  };
}
