// A fix as replacements in the raw file text, for the formatters (ESLint's JSON `fix`, SARIF's replacements).
// Together they write exactly what the writer writes for this fix alone. Only the changed cells' `source`
// values are re-encoded and compared: a notebook's raw text can be megabytes of outputs, and a run can have
// thousands of fixes.
import type { CellEdit, CellRecord, LintFix, LoadedFile } from '../types.js';
import { endsWithLineBreak, lineStartAt, nextLineStartAt } from '../line-breaks.js';
import { encodeCellSource, encodeLinesLocally, insertionReplacements } from './writer.js';

export interface RawFix {
  /** [start, end) in the raw file text (UTF-16 offsets). */
  range: [number, number];
  text: string;
}

/**
 * ESLint's form: one replacement, from the fix's first changed place to its last, with all the text between
 * (a call rewritten in cell 5 and `import mlflow` added to cell 1 take in everything from cell 1 to cell 5).
 */
export function rawFixOf(file: LoadedFile, fix: LintFix): RawFix {
  return joinPlaces(file.text, changedPlaces(file, fix, false));
}

/** rawFixOf, or undefined when its text would be longer than `maxLength` (decided without building it). */
export function boundedRawFixOf(file: LoadedFile, fix: LintFix, maxLength: number): RawFix | undefined {
  const places = changedPlaces(file, fix, false);
  return joinedLength(places) <= maxLength ? joinPlaces(file.text, places) : undefined;
}

/**
 * The fix as separate replacements in file order, none overlapping or touching another: one per group of edits
 * that touch each other in one cell, one per place cells are inserted. Applied together they write exactly what
 * rawFixOf writes, and fixes of different findings do not overlap just for lying on either side of each other.
 */
export function rawReplacementsOf(file: LoadedFile, fix: LintFix): RawFix[] {
  return changedPlaces(file, fix, true);
}

/**
 * The new decoded source of every cell (or the script, index -1) that `edits` touch. The edits of one fix
 * never overlap; identical ones (two reports sharing one `import mlflow`) apply once.
 */
export function applyEditsToSources(file: LoadedFile, edits: readonly CellEdit[]): Map<number, string> {
  const sources = new Map<number, string>();
  for (const [cellIndex, cellEdits] of editsByCell(edits)) sources.set(cellIndex, applyEdits(originalOf(file, cellIndex), cellEdits, 0));
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

/** Every place the fix changes, minimal, in file order; with `split`, edits far apart in one cell are separate places. */
function changedPlaces(file: LoadedFile, fix: LintFix, split: boolean): RawFix[] {
  const places: RawFix[] = [];
  for (const [cellIndex, edits] of editsByCell(fix.edits)) places.push(...cellPlaces(file, cellIndex, edits, split));
  for (const { start, end, text } of insertionReplacements(file, fix.insertCells ?? [])) {
    places.push(trimmed(file.text, start, end, text));
  }
  return places.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
}

/**
 * One cell's (or the script's) changed places. The edits are taken by windows of whole lines (a fix adding
 * `import mlflow` at the top and rewriting a call 8,000 lines below touches two small windows), so each fix costs
 * the lines it touches, not the cell; a cell whose encoding is not local is re-encoded whole. With `split`, a
 * window's clusters of touching edits are separate places where they add up to the window's.
 */
function cellPlaces(file: LoadedFile, cellIndex: number, edits: readonly CellEdit[], split: boolean): RawFix[] {
  const windows = lineWindows(originalOf(file, cellIndex), edits);
  const local = windows.map((window) => (cellIndex === -1 ? cellPlace(file, -1, window) : localCellPlace(file, file.cells[cellIndex], window)));
  if (local.includes(undefined)) return withClusters(file, cellIndex, edits, cellPlace(file, cellIndex, edits), split);
  return windows.flatMap((window, i) => withClusters(file, cellIndex, window, local[i] ?? null, split));
}

/** `place`, or with `split` its clusters of touching edits as separate places where they add up to it. */
function withClusters(file: LoadedFile, cellIndex: number, edits: readonly CellEdit[], place: RawFix | null, split: boolean): RawFix[] {
  if (place === null) return [];
  const clusters = split ? editClusters(edits) : [];
  return clusters.length > 1 ? splitPlace(file, cellIndex, clusters, place) : [place];
}

/** The edits grouped by the lines they touch: windows of whole lines that neither overlap nor touch. */
function lineWindows(source: string, edits: readonly CellEdit[]): CellEdit[][] {
  const spans = edits
    .map((edit) => ({ edit, ...lineSpan(source, edit.start, edit.end) }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const windows: CellEdit[][] = [];
  let end = -1;
  for (const { edit, from, to } of spans) {
    if (windows.length > 0 && from <= end) {
      windows[windows.length - 1].push(edit);
      end = Math.max(end, to);
    } else {
      windows.push([edit]);
      end = to;
    }
  }
  return windows;
}

/** The whole lines of `source` that hold [start, end): from a line start to just past a line break (or the end). */
function lineSpan(source: string, start: number, end: number): { from: number; to: number } {
  return { from: lineStartAt(source, start), to: nextLineStartAt(source, end) };
}

/** The minimal replacement for edits of one cell, or null when they leave it as it was. */
function cellPlace(file: LoadedFile, cellIndex: number, edits: readonly CellEdit[]): RawFix | null {
  if (cellIndex === -1) {
    // A script's edits are raw offsets already: only the text they span changes.
    let from = Infinity;
    let to = -Infinity;
    for (const edit of edits) {
      from = Math.min(from, edit.start);
      to = Math.max(to, edit.end);
    }
    const place = trimmed(file.text, from, to, applyEdits(file.text.slice(from, to), edits, from));
    return place.range[0] === place.range[1] && place.text === '' ? null : place;
  }
  const cell = file.cells[cellIndex];
  const local = localCellPlace(file, cell, edits);
  if (local !== undefined) return local;
  const source = applyEdits(cell.source, edits, 0);
  if (source === cell.source) return null;
  const [start, end] = cell.sourceValueRange;
  return trimmed(file.text, start, end, encodeCellSource(file, cell, source));
}

/**
 * cellPlace without re-encoding the whole cell: only the lines the edits touch are rewritten. Undefined when the
 * cell's encoding is not local (see encodeLinesLocally).
 */
function localCellPlace(file: LoadedFile, cell: CellRecord, edits: readonly CellEdit[]): RawFix | null | undefined {
  const { source } = cell;
  let low = Infinity;
  let high = -Infinity;
  for (const edit of edits) {
    low = Math.min(low, edit.start);
    high = Math.max(high, edit.end);
  }
  const { from, to } = lineSpan(source, low, high);
  const before = source.slice(from, to);
  const after = applyEdits(before, edits, from);
  if (after === before) return null;
  if (to < source.length && !endsWithLineBreak(after)) return undefined; // the last line would join the next one
  const local = encodeLinesLocally(file, cell, from, to, after);
  return local === null ? undefined : trimmed(file.text, local.start, local.end, local.text);
}

/**
 * One place per cluster of the cell's edits, when they add up to `whole` (they always should: the writer keeps
 * unchanged lines' bytes); otherwise `whole` alone: correct, only wider.
 */
function splitPlace(file: LoadedFile, cellIndex: number, clusters: CellEdit[][], whole: RawFix): RawFix[] {
  const pieces = clusters
    .map((edits) => cellPlace(file, cellIndex, edits))
    .filter((piece): piece is RawFix => piece !== null)
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (pieces.length <= 1) return [whole];
  // Overlapping or touching pieces have no one order to apply them in.
  if (pieces.some((piece, i) => i > 0 && piece.range[0] <= pieces[i - 1].range[1])) return [whole];
  const from = Math.min(whole.range[0], pieces[0].range[0]);
  const to = Math.max(whole.range[1], pieces[pieces.length - 1].range[1]);
  const applied = spliced(file.text, pieces, from, to);
  const expected = file.text.slice(from, whole.range[0]) + whole.text + file.text.slice(whole.range[1], to);
  return applied === expected ? pieces : [whole];
}

/** The places as one replacement, from the first to the last, trimmed. */
function joinPlaces(text: string, places: readonly RawFix[]): RawFix {
  if (places.length === 0) return { range: [text.length, text.length], text: '' };
  const from = places[0].range[0];
  const to = places[places.length - 1].range[1];
  return trimmed(text, from, to, spliced(text, places, from, to));
}

/** text[from, to) with the places (in file order, inside it) applied. */
function spliced(text: string, places: readonly RawFix[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const { range, text: replacement } of places) {
    out += text.slice(at, range[0]) + replacement;
    at = range[1];
  }
  return out + text.slice(at, to);
}

/** The length of joinPlaces' text, at most: each place's text plus the file text between the places. */
function joinedLength(places: readonly RawFix[]): number {
  if (places.length === 0) return 0;
  const between = places.at(-1)!.range[1] - places[0].range[0] - places.reduce((sum, { range }) => sum + range[1] - range[0], 0);
  return between + places.reduce((sum, place) => sum + place.text.length, 0);
}

/** text[from, to) replaced by `replacement`, as the minimal replacement in file coordinates. */
function trimmed(text: string, from: number, to: number, replacement: string): RawFix {
  const { range, text: inserted } = minimalReplacement(text.slice(from, to), replacement);
  return { range: [from + range[0], from + range[1]], text: inserted };
}

/** The edits by cell, identical ones once. */
function editsByCell(edits: readonly CellEdit[]): Map<number, CellEdit[]> {
  const byCell = new Map<number, CellEdit[]>();
  const seen = new Set<string>();
  for (const edit of edits) {
    const key = `${edit.cellIndex}:${edit.start}:${edit.end}:${edit.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byCell.set(edit.cellIndex, [...(byCell.get(edit.cellIndex) ?? []), edit]);
  }
  return byCell;
}

function originalOf(file: LoadedFile, cellIndex: number): string {
  const original = cellIndex === -1 ? file.text : file.cells[cellIndex]?.source;
  if (original === undefined) throw new Error(`internal: an edit for cell ${cellIndex}, which ${file.displayPath} does not have`);
  return original;
}

/** `text` (which starts at offset `base` of the edits' coordinates) with the edits applied. */
function applyEdits(text: string, edits: readonly CellEdit[], base: number): string {
  // Stable ascending sort, applied right to left: two insertions at one offset keep their given order.
  const ordered = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = text;
  for (let i = ordered.length - 1; i >= 0; i--) {
    const { start, end, text: replacement } = ordered[i];
    out = out.slice(0, start - base) + replacement + out.slice(end - base);
  }
  return out;
}

/** One cell's edits (identical ones already removed), grouped so that edits that overlap or touch go together. */
function editClusters(edits: readonly CellEdit[]): CellEdit[][] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const clusters: CellEdit[][] = [];
  let end = -1;
  for (const edit of sorted) {
    const last = clusters.at(-1);
    if (last && edit.start <= end) {
      last.push(edit);
      end = Math.max(end, edit.end);
    } else {
      clusters.push([edit]);
      end = edit.end;
    }
  }
  return clusters;
}
