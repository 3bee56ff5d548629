// Writes fixed cell sources back into the raw notebook text (design.md "writer"): only the `source` values
// of changed cells are re-encoded, in the cell's own form (list of lines or one string) and laid out like the
// value they replace; inserted cells are written like their neighbours; every other byte stays as it was.
import type { CellInsert, CellRecord, LoadedFile } from '../types.js';
import { splitLinesKeepingBreaks } from '../line-breaks.js';
import { decodedOffsetToRaw } from '../notebook/json-string.js';
import { detectJsonStyle, encodeJsonString, lineIndentAt, type JsonStyle } from './json-style.js';

/** Raw-file text [start, end) replaced by `text`. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** How an array's elements are laid out between its brackets. */
interface ArrayLayout {
  open: string;
  separator: string;
  close: string;
}

/**
 * The file's text with the cells in `newSources` (cell index → new decoded source; -1 = a script's text)
 * re-encoded and `insertCells` added. A cell is never deleted.
 */
export function renderFixed(file: LoadedFile, newSources: ReadonlyMap<number, string>, insertCells: readonly CellInsert[] = []): string {
  if (file.kind === 'script') return newSources.get(-1) ?? file.text;
  const replacements: Replacement[] = [];
  for (const [index, source] of newSources) {
    const cell = file.cells[index];
    if (cell === undefined) throw new Error(`internal: no cell ${index} in ${file.displayPath}`);
    if (source === cell.source) continue;
    const [start, end] = cell.sourceValueRange;
    replacements.push({ start, end, text: encodeCellSource(file, cell, source) });
  }
  replacements.push(...insertionReplacements(file, insertCells));
  // Ranges never overlap (a source value lies inside its cell). The text is assembled once, left to right: a
  // splice per replacement copied the whole file each time (10,000 fixed cells: seconds, growing quadratically).
  // Equal starts keep the order splicing from the right gave them: the later replacement first.
  const ordered = replacements.map((r, i) => ({ ...r, i })).sort((a, b) => a.start - b.start || b.i - a.i);
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, text: replacement } of ordered) {
    parts.push(file.text.slice(at, start), replacement);
    at = end;
  }
  parts.push(file.text.slice(at));
  return parts.join('');
}

/** The new raw text of `cell`'s whole `source` value (its sourceValueRange) when its decoded source becomes `source`. */
export function encodeCellSource(file: LoadedFile, cell: CellRecord, source: string): string {
  return encodeSource(file.text, cell, source, jsonStyleOf(file));
}

/** The raw-file insertions that add `inserts` to a notebook: one per position, in no particular order. */
export function insertionReplacements(file: LoadedFile, inserts: readonly CellInsert[]): Replacement[] {
  return inserts.length === 0 ? [] : cellInsertions(file, inserts, jsonStyleOf(file));
}

// Detecting the style scans the whole file (megabytes with outputs); formatters encode fixes of one file many times.
const styles = new WeakMap<LoadedFile, { text: string; style: JsonStyle }>();

function jsonStyleOf(file: LoadedFile): JsonStyle {
  const cached = styles.get(file);
  if (cached?.text === file.text) return cached.style;
  const style = detectJsonStyle(file.text);
  styles.set(file, { text: file.text, style });
  return style;
}

/**
 * nbformat's line split: after each line break (`\r\n`, `\n`, or `\r` of a CR-only cell), no empty last element
 * ("a\nb\n" → ["a\n", "b\n"]).
 */
export const splitSourceLines = splitLinesKeepingBreaks;

function encodeSource(text: string, cell: CellRecord, source: string, style: JsonStyle): string {
  if (cell.sourceForm === 'string') return encodeJsonString(source, style);
  return encodeArray(encodeLines(text, cell, splitSourceLines(source), style), sourceArrayLayout(text, cell, style));
}

// A cell's lines as written, by decoded text: built once per cell (a cell may get thousands of fixes).
const knownLinesCache = new WeakMap<CellRecord, Map<string, string>>();

/** The JSON tokens of `lines` in `cell`: a line that was already in the cell keeps its exact bytes, whatever escaping the file used for it. */
function encodeLines(text: string, cell: CellRecord, lines: readonly string[], style: JsonStyle): string[] {
  let known = knownLinesCache.get(cell);
  if (!known) {
    known = new Map<string, string>();
    for (const piece of cell.pieces) {
      const decoded = cell.source.slice(piece.decodedStart, piece.decodedStart + piece.decodedLength);
      known.set(decoded, text.slice(piece.rawStart, piece.rawEnd));
    }
    knownLinesCache.set(cell, known);
  }
  return lines.map((line) => known.get(line) ?? encodeJsonString(line, style));
}

// Whether writing a cell's unchanged source gives back its exact bytes, per cell.
const identityCache = new WeakMap<CellRecord, boolean>();

/**
 * When re-encoding `cell` unchanged gives back its exact bytes (uniform separators, Jupyter's line split, one
 * escaping per line), its encoding is local: the new raw text of its decoded lines [from, to) (a whole number of
 * lines) becoming `replacement` (that many lines too: ending with a line break unless `to` is the end). Returns the
 * raw range those lines take and their new raw text; null when the cell's encoding is not local (the caller then
 * re-encodes the whole value).
 */
export function encodeLinesLocally(
  file: LoadedFile,
  cell: CellRecord,
  from: number,
  to: number,
  replacement: string,
): { start: number; end: number; text: string } | null {
  let identity = identityCache.get(cell);
  if (identity === undefined) {
    const [start, end] = cell.sourceValueRange;
    identity = cell.pieces.length > 0 && encodeCellSource(file, cell, cell.source) === file.text.slice(start, end);
    identityCache.set(cell, identity);
  }
  if (!identity || replacement === '') return null;
  const style = jsonStyleOf(file);
  if (cell.sourceForm === 'string') {
    const [piece] = cell.pieces;
    const start = decodedOffsetToRaw(file.text, piece, from);
    const end = decodedOffsetToRaw(file.text, piece, to);
    return { start, end, text: encodeJsonString(replacement, style).slice(1, -1) };
  }
  const first = pieceStartingAt(cell, from);
  const last = pieceStartingAt(cell, to) - 1;
  if (first < 0 || last < first) return null;
  const tokens = encodeLines(file.text, cell, splitSourceLines(replacement), style);
  const { separator } = sourceArrayLayout(file.text, cell, style);
  return { start: cell.pieces[first].rawStart, end: cell.pieces[last].rawEnd, text: tokens.join(separator) };
}

/** The index of the piece that starts at decoded offset `offset` (pieces.length at the end), or -1. */
function pieceStartingAt(cell: CellRecord, offset: number): number {
  const { pieces } = cell;
  if (offset === cell.source.length) return pieces.length;
  let low = 0;
  let high = pieces.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = pieces[mid].decodedStart;
    if (at === offset) return mid;
    if (at < offset) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

function encodeArray(tokens: string[], layout: ArrayLayout): string {
  return tokens.length === 0 ? '[]' : '[' + layout.open + tokens.join(layout.separator) + layout.close + ']';
}

/** The layout of the cell's own `source` array, or, for an empty `[]`, the layout its siblings would have. */
function sourceArrayLayout(text: string, cell: CellRecord, style: JsonStyle): ArrayLayout {
  const [valueStart, valueEnd] = cell.sourceValueRange;
  const { pieces } = cell;
  if (pieces.length === 0) {
    const keyIndent = lineIndentAt(text, valueStart);
    return indentedArrayLayout(style, keyIndent, indentStep(text, cell, keyIndent, style));
  }
  const open = text.slice(valueStart + 1, pieces[0].rawStart);
  const close = text.slice(pieces[pieces.length - 1].rawEnd, valueEnd - 1);
  const separator =
    pieces.length >= 2
      ? text.slice(pieces[0].rawEnd, pieces[1].rawStart)
      : ',' + (open !== '' ? open : style.itemSeparator.slice(1));
  return { open, separator, close };
}

function indentedArrayLayout(style: JsonStyle, keyIndent: string, step: string): ArrayLayout {
  if (style.indentUnit === '') return { open: '', separator: style.itemSeparator, close: '' };
  const open = style.newline + keyIndent + step;
  return { open, separator: ',' + open, close: style.newline + keyIndent };
}

/** One indentation level as this cell uses it: its keys' indentation minus its opening brace's. */
function indentStep(text: string, cell: CellRecord, keyIndent: string, style: JsonStyle): string {
  const cellIndent = lineIndentAt(text, cell.cellRange[0]);
  return keyIndent.startsWith(cellIndent) && keyIndent.length > cellIndent.length ? keyIndent.slice(cellIndent.length) : style.indentUnit;
}

// ───────────────────────────── inserted cells ─────────────────────────────

function cellInsertions(file: LoadedFile, inserts: readonly CellInsert[], style: JsonStyle): Replacement[] {
  const { text, cells } = file;
  if (cells.length === 0) return [insertIntoEmptyCells(file, inserts, style)];
  const first = cells[0];
  const cellIndent = lineIndentAt(text, first.cellRange[0]);
  const keyIndent = lineIndentAt(text, first.sourceValueRange[0]);
  const step = indentStep(text, first, keyIndent, style);
  const separator =
    cells.length >= 2
      ? text.slice(cells[0].cellRange[1], cells[1].cellRange[0])
      : style.indentUnit === ''
        ? style.itemSeparator
        : ',' + style.newline + cellIndent;
  const usedIds = new Set(cells.map((cell) => cell.id).filter((id): id is string => id !== undefined));
  const withIds = hasCellIds(file);

  const byPosition = new Map<number, string[]>();
  for (const insert of inserts) {
    const before = Math.max(0, Math.min(insert.beforeCell, cells.length));
    const id = withIds ? newCellId(insert, usedIds) : undefined;
    const rendered = renderCell(insert, id, style, cellIndent, keyIndent, step);
    byPosition.set(before, [...(byPosition.get(before) ?? []), rendered]);
  }
  return [...byPosition].map(([before, rendered]) => {
    const joined = rendered.join(separator);
    if (before < cells.length) {
      const at = cells[before].cellRange[0];
      return { start: at, end: at, text: joined + separator };
    }
    const at = cells[cells.length - 1].cellRange[1];
    return { start: at, end: at, text: separator + joined };
  });
}

/** `"cells": []` becomes an array holding the new cells, indented one level below the top-level keys. */
function insertIntoEmptyCells(file: LoadedFile, inserts: readonly CellInsert[], style: JsonStyle): Replacement {
  const match = /(?<!\\)"cells"\s*:\s*\[(\s*)\]/.exec(file.text);
  if (match === null) throw new Error(`internal: cannot find the cells array of ${file.displayPath}`);
  const keysIndent = lineIndentAt(file.text, match.index);
  const unit = style.indentUnit;
  const cellIndent = keysIndent + unit;
  const usedIds = new Set<string>();
  const rendered = inserts.map((insert) =>
    renderCell(insert, hasCellIds(file) ? newCellId(insert, usedIds) : undefined, style, cellIndent, cellIndent + unit, unit),
  );
  const arrayStart = match.index + match[0].length - match[1].length - 2;
  const layout = indentedArrayLayout(style, keysIndent, unit);
  return { start: arrayStart, end: match.index + match[0].length, text: encodeArray(rendered, layout) };
}

/** nbformat 4.5 made cell ids required. */
function hasCellIds(file: LoadedFile): boolean {
  const [major, minor] = file.nbformat ?? [4, 0];
  return major > 4 || (major === 4 && minor >= 5);
}

/** A deterministic 8-hex-digit id from the cell's content (stable output, stable tests), unique in the notebook. */
function newCellId(insert: CellInsert, usedIds: Set<string>): string {
  // node:crypto loaded here, on first use: only a fix that inserts a cell needs it.
  for (let attempt = 0; ; attempt++) {
    const id = process.getBuiltinModule('node:crypto').createHash('sha256').update(`${attempt}\0${insert.beforeCell}\0${insert.source}`).digest('hex').slice(0, 8);
    if (!usedIds.has(id)) {
      usedIds.add(id);
      return id;
    }
  }
}

/** A new code cell with Jupyter's keys in Jupyter's (sorted) order, in the file's style. */
function renderCell(insert: CellInsert, id: string | undefined, style: JsonStyle, cellIndent: string, keyIndent: string, step: string): string {
  const members: [string, string][] = [
    ['cell_type', encodeJsonString(insert.cellType, style)],
    ['execution_count', 'null'],
  ];
  if (id !== undefined) members.push(['id', encodeJsonString(id, style)]);
  const sourceTokens = splitSourceLines(insert.source).map((line) => encodeJsonString(line, style));
  members.push(['metadata', '{}'], ['outputs', '[]'], ['source', encodeArray(sourceTokens, indentedArrayLayout(style, keyIndent, step))]);
  const rendered = members.map(([key, value]) => encodeJsonString(key, style) + style.keySeparator + value);
  if (style.indentUnit === '') return '{' + rendered.join(style.itemSeparator) + '}';
  const open = style.newline + keyIndent;
  return '{' + open + rendered.join(',' + open) + style.newline + cellIndent + '}';
}
