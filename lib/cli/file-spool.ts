// A spool (formatters/formatter.ts) in a temporary file: SARIF's results wait there, not in memory, for the
// run's header. Pieces are separated by U+001E, which JSON text never holds unescaped.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Spool } from '../formatters/formatter.js';

const SEPARATOR = '\u001e';
const CHUNK = 1 << 20;
const folders = new Set<string>();
process.once('exit', () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

export function newFileSpool(): Spool {
  const folder = mkdtempSync(path.join(tmpdir(), 'nblint-spool-'));
  folders.add(folder);
  const file = path.join(folder, 'spool');
  let fd: number | null = openSync(file, 'w+');
  let bytes = 0;
  let pending = '';
  const flush = (): void => {
    if (pending.length > 0) writeSync(fd!, pending);
    pending = '';
  };
  return {
    append(text) {
      bytes += Buffer.byteLength(text);
      // Batched: one write per ~64 K characters, not per piece.
      pending += text + SEPARATOR;
      if (pending.length > 1 << 16) flush();
    },
    get bytes() {
      return bytes;
    },
    async replay(map, write) {
      flush();
      const decoder = new StringDecoder('utf8');
      const buffer = Buffer.allocUnsafe(CHUNK);
      let position = 0;
      let carry = '';
      for (;;) {
        const read = readSync(fd!, buffer, 0, CHUNK, position);
        if (read === 0) break;
        position += read;
        const pieces = (carry + decoder.write(buffer.subarray(0, read))).split(SEPARATOR);
        carry = pieces.pop()!;
        for (const piece of pieces) await write(map(piece));
      }
      closeSync(fd!);
      fd = null;
      rmSync(folder, { recursive: true, force: true });
      folders.delete(folder);
    },
  };
}
