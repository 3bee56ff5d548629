// Reads a file a repository controls without letting it attack the linter: only regular files are read
// (a link to /dev/zero, a FIFO, a socket or a device is refused, never opened for a blocking read), and never
// more than a size cap, so a huge or growing file costs at most `cap` bytes. Every reader of a linted file,
// a configuration or a dependency file goes through here.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

export type SafeRead =
  | { ok: true; bytes: Buffer; stats: Stats }
  /** `code`: an errno code (ENOENT, EACCES, ...), or NOT_REGULAR / TOO_LARGE; `message` is for the user. */
  | { ok: false; code: string; message: string };

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

/** "1.5 MB", "128 MB": sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'an unknown kind';
}

function checkStats(stats: Stats, cap: number): SafeRead | null {
  if (stats.isDirectory()) return { ok: false, code: 'EISDIR', message: 'EISDIR: is a directory' };
  if (!stats.isFile()) return { ok: false, code: 'NOT_REGULAR', message: `not a regular file: ${kindOf(stats)}` };
  if (stats.size > cap) return tooLarge(stats.size, cap);
  return null;
}

const tooLarge = (size: number, cap: number): SafeRead => ({
  ok: false,
  code: 'TOO_LARGE',
  message: `the file is too large (${size > cap ? formatBytes(size) : `more than ${formatBytes(cap)}`}; the limit is ${formatBytes(cap)})`,
});

function failed(error: unknown): SafeRead {
  const { code = 'EIO', message = String(error) } = error as NodeJS.ErrnoException;
  return { ok: false, code, message: `${code}: ${ERRNO_TEXT[code] ?? message.replace(/^\w+: /, '').split(',')[0]}` };
}

/** Reads the regular file at `filePath` (links followed) when it holds at most `cap` bytes. */
export async function readRegularFile(filePath: string, cap: number): Promise<SafeRead> {
  let handle;
  try {
    handle = await open(filePath, OPEN_FLAGS);
  } catch (error) {
    return failed(error);
  }
  try {
    const stats = await handle.stat();
    const refused = checkStats(stats, cap);
    if (refused) return refused;
    // Read to the cap plus one byte whatever stat said: the file may have grown since.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, cap) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > cap) return tooLarge(length, cap);
        return await readRest(handle, buffer, cap, stats);
      }
    }
    return { ok: true, bytes: buffer.subarray(0, length), stats };
  } catch (error) {
    return failed(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The file grew past stat's size but may still fit under the cap: read on in chunks. */
async function readRest(handle: import('node:fs/promises').FileHandle, head: Buffer, cap: number, stats: Stats): Promise<SafeRead> {
  const chunks = [head];
  let total = head.length;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, cap + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return { ok: true, bytes: Buffer.concat(chunks, total), stats };
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > cap) return tooLarge(total, cap);
  }
}

/** readRegularFile for synchronous callers (configuration and dependency files, which are small). */
export function readRegularFileSync(filePath: string, cap: number): SafeRead {
  let fd: number;
  try {
    fd = openSync(filePath, OPEN_FLAGS);
  } catch (error) {
    return failed(error);
  }
  try {
    const stats = fstatSync(fd);
    const refused = checkStats(stats, cap);
    if (refused) return refused;
    const buffer = Buffer.allocUnsafe(cap + 1 > stats.size + 65536 ? stats.size + 65536 : cap + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) return { ok: true, bytes: buffer.subarray(0, length), stats };
      length += bytesRead;
      if (length > cap) return tooLarge(length, cap);
      if (length === buffer.length) return { ok: false, code: 'EAGAIN', message: 'the file kept growing while it was read' };
    }
  } catch (error) {
    return failed(error);
  } finally {
    closeSync(fd);
  }
}

/** The UTF-8 text of a small regular file (BOM dropped), or null when it is missing or refused. */
export function readTextFileSync(filePath: string, cap: number): string | null {
  const read = readRegularFileSync(filePath, cap);
  return read.ok ? read.bytes.toString('utf8').replace(/^\uFEFF/, '') : null;
}
