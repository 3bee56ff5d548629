// Writes a fixed file without ever leaving it half-written or overwriting someone else's change: a temporary file
// in the same directory (same file system, so the rename is atomic) with the original's mode and owner, renamed over
// the original only after a last check, made just before the rename, that the file is still the one that was read.
// Files the rename would not replace faithfully are left alone, with the reason: read-only files, files with
// several hard links (the rename would split them), files of another owner we cannot give back, and (through a
// symbolic link) files outside the folders the user named.
import { chmod, chown, readdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { isOutsideRelative } from '../path-inside.js';

export type WriteOutcome =
  | { status: 'written' }
  | { status: 'unchanged' }
  /** Not written; `message` says why (changed on disk since read, read-only, an I/O error, ...). */
  | { status: 'refused'; message: string };

export interface WriteOptions {
  /**
   * Real paths of the folders the command line named: a file reached through a symbolic link is written only when
   * its target lies inside one of them. Absent: no such limit (the API's callers name single files).
   */
  roots?: readonly string[];
  /**
   * Runs once the temporary file is written, just before the last check (tests simulate another program's save
   * there, the window the last check closes).
   */
  beforeLastCheck?: (target: string) => Promise<void> | void;
}

/** Our temporary files: `.nblint-<pid>-<hex>.tmp`, short whatever the file's name, and traceable to their process. */
const TEMP_NAME = /^\.nblint-(\d+)-[0-9a-f]+\.tmp$/;

// node:crypto loaded on first use (a lint without --fix never writes).
const temporaryName = (): string => `.nblint-${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`;

const refused = (message: string): WriteOutcome => ({ status: 'refused', message: `${message}; not written` });

/**
 * Replaces the file at `filePath`, which held `originalText` when it was read, with `newText`.
 * A symbolic link is followed: the file it points to is replaced, the link stays.
 */
export async function writeFileAtomic(filePath: string, originalText: string, newText: string, options: WriteOptions = {}): Promise<WriteOutcome> {
  if (newText === originalText) return { status: 'unchanged' };
  const original = Buffer.from(originalText, 'utf8');
  let target: string;
  let before: Stats;
  try {
    target = await realpath(filePath);
    before = await stat(target);
    const why = await reasonNotToReplace(target, before, original, options);
    if (why !== null) return refused(why);
  } catch (error) {
    return refused(`cannot write the fixed file (${describe(error)})`);
  }
  const temporary = path.join(path.dirname(target), temporaryName());
  try {
    const mode = before.mode & 0o7777;
    await writeFile(temporary, newText, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    if (process.getuid?.() !== before.uid || process.getgid?.() !== before.gid) await chown(temporary, before.uid, before.gid);
    await chmod(temporary, mode); // after chown, which may clear set-id bits; writeFile's mode is filtered by the umask
    await options.beforeLastCheck?.(target);
    // The last check, as close to the rename as it can be: an editor's save since the first one is not lost.
    if (await changedSince(target, before, original)) {
      await unlink(temporary).catch(() => undefined);
      return refused('the file changed on disk while it was being fixed (run again to fix it)');
    }
    await rename(temporary, target);
    return { status: 'written' };
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EPERM' && (error as NodeJS.ErrnoException).syscall === 'chown') {
      // Our own file in a group we are not in (say, chowned to us by root) keeps its owner but not its group.
      if (before.uid === process.getuid?.()) return refused(`the file's group (gid ${before.gid}) is not one of this user's groups and could not be kept`);
      return refused('the file belongs to another user and its owner could not be kept');
    }
    return refused(`cannot write the fixed file (${describe(error)})`);
  }
}

async function reasonNotToReplace(target: string, info: Stats, original: Buffer, options: WriteOptions): Promise<string | null> {
  if (!info.isFile()) return 'not a regular file';
  if (options.roots && !options.roots.some((root) => !isOutsideRelative(path.relative(root, target)))) {
    return `it links to ${target}, outside the folders named on the command line`;
  }
  if ((info.mode & 0o222) === 0) return 'the file is read-only';
  if (info.nlink > 1) return `the file has ${info.nlink} hard links, which replacing it would split`;
  if (!(await readFile(target)).equals(original)) return 'the file changed on disk after it was read (run again to fix it)';
  return null;
}

async function changedSince(target: string, before: Stats, original: Buffer): Promise<boolean> {
  const now = await stat(target).catch(() => null);
  if (!now || now.ino !== before.ino || now.size !== before.size || now.mtimeMs !== before.mtimeMs) return true;
  return !(await readFile(target)).equals(original);
}

const cleanedFolders = new Set<string>();

/**
 * Removes our temporary files that a killed run left in `folder` (their process is gone); once per folder and
 * process. Another run's files, still being written, are left alone.
 */
export async function removeStaleTemporaries(folder: string): Promise<void> {
  if (cleanedFolders.has(folder)) return;
  cleanedFolders.add(folder);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match && !processIsAlive(Number(match[1]))) await unlink(path.join(folder, name)).catch(() => undefined);
  }
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function describe(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ? `${code}: ${message.replace(/^\w+: /, '').split(',')[0]}` : String(message);
}
