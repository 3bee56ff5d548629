// Where the report goes, written as it is produced: stdout, or an --output-file (written to a temporary file
// beside it and renamed at the end, so a run that fails half-way leaves the previous report in place). An output
// path that is not a regular file (/dev/stdout, a FIFO, a device) is written to, never replaced.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TextSink } from '../formatters/formatter.js';
import { CliError } from './errors.js';

export interface OutputSink extends TextSink {
  drained(): Promise<void>;
  /** After the last write. */
  close(): Promise<void>;
  /** Instead of close, when the run failed. */
  discard(): Promise<void>;
}

interface Destination {
  write(text: string): unknown;
  once?(event: string, listener: () => void): unknown;
  off?(event: string, listener: () => void): unknown;
  writableNeedDrain?: boolean;
  destroyed?: boolean;
}

/** Resolves when the destination's buffer is below its high-water mark (at once for a plain object). */
function waitForDrain(out: Destination): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed || !out.once) return Promise.resolve();
  return new Promise((resolve) => {
    // A reader that went away (`| head`) never drains: closing counts too.
    const done = (): void => {
      out.off?.('drain', done);
      out.off?.('close', done);
      resolve();
    };
    out.once!('drain', done);
    out.once!('close', done);
  });
}

/** stdout: the report and one final newline, nothing for an empty report (as ESLint prints it). */
export function stdoutSink(stdout: Destination): OutputSink {
  let wrote = false;
  return {
    write(text) {
      if (text === '') return;
      wrote = true;
      stdout.write(text);
    },
    drained: () => waitForDrain(stdout),
    close: async () => {
      if (wrote) stdout.write('\n');
    },
    discard: async () => undefined,
  };
}

/** --output-file: folders are created; the file holds exactly the report. */
export async function fileSink(given: string, shownName: string): Promise<OutputSink> {
  const existing = await stat(given).catch(() => null); // links followed
  if (existing?.isDirectory()) {
    throw new CliError(`Cannot write to output file path, it is a directory: ${shownName}`);
  }
  const problem = (error: unknown): CliError =>
    new CliError(`There was a problem writing the output file ${shownName}: ${(error as Error).message}`);
  // A link to a file: the file is replaced, the link stays. Not a regular file: written in place (no temporary).
  const inPlace = existing !== null && !existing.isFile();
  const target = existing && !inPlace ? await realpath(given) : given;
  const temporary = inPlace ? target : path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  let stream: WriteStream;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    stream = createWriteStream(temporary);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    throw problem(error);
  }
  let failure: unknown = null;
  stream.on('error', (error) => (failure ??= error));
  return {
    write: (text) => void stream.write(text),
    drained: () => (failure ? Promise.reject(problem(failure)) : waitForDrain(stream)),
    close: async () => {
      // A write error (ENOSPC on /dev/full) may come to end's callback rather than to the 'error' listener first.
      await new Promise<void>((resolve) => stream.end((error?: Error | null) => resolve(void (failure ??= error ?? null))));
      try {
        if (failure) throw failure;
        if (!inPlace) await rename(temporary, target);
      } catch (error) {
        if (!inPlace) await rm(temporary, { force: true });
        throw problem(error);
      }
    },
    discard: async () => {
      stream.destroy();
      if (!inPlace) await rm(temporary, { force: true });
    },
  };
}
