// Writes a fixed file without ever leaving it half-written or overwriting someone else's change:
// a temporary file in the same directory (same file system, so rename is atomic), the original mode kept,
// nothing written when nothing changed, and no write at all when the file changed on disk since it was read.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type WriteOutcome =
  | { status: 'written' }
  | { status: 'unchanged' }
  /** Not written; `message` says why (changed on disk since read, or an I/O error). */
  | { status: 'refused'; message: string };

/**
 * Replaces the file at `filePath`, which held `originalText` when it was read, with `newText`.
 * A symbolic link is followed: the file it points to is replaced, the link stays.
 */
export async function writeFileAtomic(filePath: string, originalText: string, newText: string): Promise<WriteOutcome> {
  if (newText === originalText) return { status: 'unchanged' };
  let target: string;
  let mode: number;
  try {
    target = await realpath(filePath);
    const [current, info] = await Promise.all([readFile(target), stat(target)]);
    if (!current.equals(Buffer.from(originalText, 'utf8'))) {
      return { status: 'refused', message: 'the file changed on disk after it was read; not written (run again to fix it)' };
    }
    mode = info.mode & 0o7777;
  } catch (error) {
    return { status: 'refused', message: `cannot write the fixed file (${describe(error)})` };
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.nblint-tmp`);
  try {
    await writeFile(temporary, newText, { encoding: 'utf8', mode, flag: 'wx' });
    await chmod(temporary, mode); // writeFile's mode is filtered by the umask
    await rename(temporary, target);
    return { status: 'written' };
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    return { status: 'refused', message: `cannot write the fixed file (${describe(error)})` };
  }
}

function describe(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ? `${code}: ${message.replace(/^\w+: /, '').split(',')[0]}` : String(message);
}
