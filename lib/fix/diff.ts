// --diff: what --fix would change, as a unified diff. A script is one file diff; a notebook is one diff per
// changed cell, on the cell's source as Jupyter shows it (not the raw JSON), headed `file:cell N (id x)` as
// Ruff heads notebook cells, and a cell the fixes insert is diffed against /dev/null.
import { structuredPatch } from 'diff';
import type { CellRecord, LoadedFile } from '../types.js';

/** The unified diff from `before` to `after`; `cellOrigins` gives, per cell of `after`, its index in `before` (null: inserted). */
export function fixDiff(before: LoadedFile, after: LoadedFile, cellOrigins: readonly (number | null)[]): string {
  if (before.kind === 'script') return fileDiff(before.displayPath, before.displayPath, before.text, after.text, true);
  let out = '';
  after.cells.forEach((cell, index) => {
    const origin = cellOrigins[index];
    const newName = `${after.displayPath}:${cellLabel(cell, index)}`;
    if (origin === null || origin === undefined) {
      out += fileDiff('/dev/null', `${newName} (inserted)`, '', cell.source, false);
      return;
    }
    const old = before.cells[origin];
    if (old.source === cell.source) return;
    out += fileDiff(`${before.displayPath}:${cellLabel(old, origin)}`, newName, old.source, cell.source, false);
  });
  return out;
}

/** `cell 3 (id 1f2e)`: the number as Jupyter counts cells (all of them, from 1), and the nbformat id when there is one. */
const cellLabel = (cell: CellRecord, index: number): string => `cell ${index + 1}${cell.id !== undefined ? ` (id ${cell.id})` : ''}`;

/**
 * One `---`/`+++` pair and its hunks. A cell's last line has no newline in Jupyter, which is no news in a cell
 * diff, so cells are compared with one added; a script keeps diff's "\ No newline at end of file".
 */
function fileDiff(oldName: string, newName: string, oldText: string, newText: string, isFile: boolean): string {
  const [a, b] = isFile ? [oldText, newText] : [withFinalNewline(oldText), withFinalNewline(newText)];
  const patch = structuredPatch(oldName, newName, a, b, undefined, undefined, { context: 3 });
  if (patch.hunks.length === 0) return '';
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const hunk of patch.hunks) {
    out += `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@\n`;
    for (const line of hunk.lines) out += `${line}\n`;
  }
  return out;
}

const withFinalNewline = (text: string): string => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

/** GNU diff's hunk range: `start,count`, `start` alone for one line, and the line before for an empty range. */
function range(start: number, count: number): string {
  if (count === 1) return `${start}`;
  return `${count === 0 ? start - 1 : start},${count}`;
}
