// One fix as ESLint's formatters and SARIF expect it: a single replacement in the raw file text. It is
// exactly what the writer would produce for this fix alone, trimmed to the part that differs.
import type { CellEdit, LintFix, LoadedFile } from '../types.js';
import { renderFixed } from './writer.js';

export interface RawFix {
  /** [start, end) in the raw file text (UTF-16 offsets). */
  range: [number, number];
  text: string;
}

export function rawFixOf(file: LoadedFile, fix: LintFix): RawFix {
  const fixed = renderFixed(file, applyEditsToSources(file, fix.edits), fix.insertCells ?? []);
  return minimalReplacement(file.text, fixed);
}

/**
 * The new decoded source of every cell (or the script, index -1) that `edits` touch. The edits of one fix
 * never overlap; identical ones (two reports sharing one `import mlflow`) apply once.
 */
export function applyEditsToSources(file: LoadedFile, edits: readonly CellEdit[]): Map<number, string> {
  const byCell = new Map<number, CellEdit[]>();
  const seen = new Set<string>();
  for (const edit of edits) {
    const key = `${edit.cellIndex}:${edit.start}:${edit.end}:${edit.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byCell.set(edit.cellIndex, [...(byCell.get(edit.cellIndex) ?? []), edit]);
  }
  const sources = new Map<number, string>();
  for (const [cellIndex, cellEdits] of byCell) {
    const original = cellIndex === -1 ? file.text : file.cells[cellIndex]?.source;
    if (original === undefined) throw new Error(`internal: an edit for cell ${cellIndex}, which ${file.displayPath} does not have`);
    // Stable ascending sort, applied right to left: two insertions at one offset keep their given order.
    const ordered = [...cellEdits].sort((a, b) => a.start - b.start || a.end - b.end);
    let text = original;
    for (let i = ordered.length - 1; i >= 0; i--) {
      const { start, end, text: replacement } = ordered[i];
      text = text.slice(0, start) + replacement + text.slice(end);
    }
    sources.set(cellIndex, text);
  }
  return sources;
}

/** The smallest single replacement turning `before` into `after`; never splits a surrogate pair. */
export function minimalReplacement(before: string, after: string): RawFix {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return { range: [prefix, before.length - suffix], text: after.slice(prefix, after.length - suffix) };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
