// --fix and --fix-dry-run for the CLI: fix each file in memory, then (with --fix) write it atomically.
import type { LintMessage, LintResult, LoadedFile, ProjectModel, ResolvedConfig } from '../types.js';
import path from 'node:path';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-write.js';
import { fixFile } from './fixer.js';

export { fixFile, MAX_PASSES, type FixFileResult, type FixOptions, type FixType } from './fixer.js';
export { fixDiff } from './diff.js';
export { rawFixOf, type RawFix } from './raw-fix.js';
export { renderFixed } from './writer.js';
export { writeFileAtomic, type WriteOutcome } from './atomic-write.js';

export interface FixedFile {
  path: string;
  /** The fixed text, only when fixing changed it (ESLint's LintResult.output). */
  output?: string;
  /** The fixed text as loaded, with `output`. */
  fixedFile?: LoadedFile;
  /** Problems that remain after fixing. */
  messages: LintMessage[];
  /** Suppressed problems of the fixed text. */
  suppressedMessages: LintResult['suppressedMessages'];
  /** Set when the fixed text could not be written (the file changed on disk, an I/O error). */
  writeError?: string;
  /** Fixes left unapplied on purpose (they would break a cell; a cycle), for the user to see. */
  warnings?: string[];
  /** How many problems the fixes resolved (0 when the write was refused). */
  fixedCount: number;
  /** Per output cell, the input cell it was (null: inserted). */
  cellOrigins: (number | null)[];
}

export async function fixFiles(
  files: readonly { file: LoadedFile; config: ResolvedConfig }[],
  opts: { write: boolean; fixTypes?: string[]; roots?: readonly string[]; project?: ProjectModel },
): Promise<FixedFile[]> {
  const out: FixedFile[] = [];
  for (const { file, config } of files) {
    // Temporary files a killed run left next to this file go, whether or not this file needs a fix.
    if (opts.write) await removeStaleTemporaries(path.dirname(file.path));
    const fixed = fixFile(file, config, { fixTypes: opts.fixTypes, project: opts.project });
    const entry: FixedFile = {
      path: file.path,
      messages: fixed.messages,
      suppressedMessages: fixed.suppressedMessages,
      fixedCount: fixed.fixedCount,
      cellOrigins: fixed.cellOrigins,
    };
    if (fixed.changed) {
      entry.output = fixed.output;
      entry.fixedFile = fixed.file;
    }
    if (fixed.reverted) entry.warnings = fixed.reverted;
    if (opts.write && fixed.changed) {
      const outcome = await writeFileAtomic(file.path, file.text, fixed.output, { roots: opts.roots });
      if (outcome.status === 'refused') {
        entry.writeError = outcome.message;
        entry.fixedCount = 0;
      }
    }
    out.push(entry);
  }
  return out;
}
