// The position contract (design.md "Positions") in one place. Three coordinate systems:
//   unit   — offsets into Unit.text (what the parser and the rules see),
//   origin — offsets into a cell's decoded source (cellIndex ≥ 0) or a script's raw text (cellIndex -1),
//   raw    — offsets into LoadedFile.text, the file as stored on disk.
// All offsets and columns are UTF-16 code units (JS string indices).
//
// An offset on a boundary (the end of one source line is the start of the next) is ambiguous: a start
// belongs to what follows, an end to what precedes. Functions that cross a boundary take a `side`.
import { decodedOffsetToRaw } from './notebook/json-string.js';
import type { CellRecord, LintMessage, LoadedFile, Unit } from './types.js';

export type Side = 'start' | 'end';

/** The position fields of a LintMessage. */
export type Location = Pick<LintMessage, 'line' | 'column' | 'cell' | 'cellId' | 'cellLine' | 'cellColumn' | 'cellEndLine' | 'cellEndColumn'> & {
  endLine: number;
  endColumn: number;
};

/** Raw-file offset of an origin offset. For a notebook an end offset at a line boundary stays on its line. */
export function originToRaw(file: LoadedFile, cellIndex: number, originOffset: number, side: Side = 'start'): number {
  if (file.kind === 'script' || cellIndex < 0) return originOffset;
  const cell = file.cells[cellIndex];
  const { pieces } = cell;
  if (pieces.length === 0) return cell.sourceValueRange[0] + 1;
  // The last piece starting before (end side) or at (start side) the offset.
  let low = 0;
  let high = pieces.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const begin = pieces[mid].decodedStart;
    if (begin < originOffset || (side === 'start' && begin === originOffset)) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const piece = pieces[found];
  return decodedOffsetToRaw(file.text, piece, Math.max(0, originOffset - piece.decodedStart));
}

const lineStartsCache = new WeakMap<LoadedFile, number[]>();

/** Offsets where lines start; lines end at \r\n, \r, \n, U+2028 and U+2029, as ESLint splits them. */
function lineStartsOf(file: LoadedFile): number[] {
  let starts = lineStartsCache.get(file);
  if (starts) return starts;
  starts = [0];
  const text = file.text;
  // A notebook's text is mostly outputs (megabytes of base64): when \n is the only line break, indexOf (a
  // native scan) finds the lines far faster than a loop over every character.
  if (text.indexOf('\r') < 0 && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  }
  lineStartsCache.set(file, starts);
  return starts;
}

/**
 * 1-based line and column of a raw-file offset. A leading byte order mark is not a column (editors do not show it,
 * and ESLint strips it before counting).
 */
export function rawLineColumn(file: LoadedFile, rawOffset: number): { line: number; column: number } {
  const at = lineColumnIn(lineStartsOf(file), rawOffset);
  if (at.line === 1 && rawOffset > 0 && file.text.charCodeAt(0) === 0xfeff) at.column--;
  return at;
}

/** 1-based line and column of an offset, given the offsets where lines start (sorted, the first 0). */
export function lineColumnIn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

const cellLineStartsCache = new WeakMap<CellRecord, number[]>();

/** Offsets where a cell's source lines start (\r\n, \r and \n end lines), found once per cell. */
function cellLineStarts(cell: CellRecord): number[] {
  let starts = cellLineStartsCache.get(cell);
  if (starts) return starts;
  starts = [0];
  const text = cell.source;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  cellLineStartsCache.set(cell, starts);
  return starts;
}

/** 1-based line and column of an offset in a cell's decoded source (the magic line counts). */
export function cellLineColumn(cell: CellRecord, offset: number): { line: number; column: number } {
  const clamped = Math.min(offset, cell.source.length);
  const at = lineColumnIn(cellLineStarts(cell), clamped);
  return { line: at.line, column: at.column + offset - clamped };
}

/** Origin offset of a unit offset. Offsets in synthetic text (a prefix) map to where the first segment starts. */
export function unitToOrigin(unit: Unit, unitOffset: number, side: Side = 'start'): number {
  const { segments } = unit;
  if (segments.length === 0) return 0;
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const begin = segments[mid].unitStart;
    if (begin < unitOffset || (side === 'start' && begin === unitOffset)) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return segments[0].originStart;
  const segment = segments[found];
  return segment.originStart + Math.min(unitOffset - segment.unitStart, segment.length);
}

/**
 * Unit offset of an origin offset (cell source or script), or null when that text is not part of the unit.
 * A start belongs to the segment that begins there, an end to the one that ends there.
 */
export function originToUnit(unit: Unit, originOffset: number, side: Side = 'start'): number | null {
  for (const s of unit.segments) {
    const inside = side === 'start' ? originOffset < s.originStart + s.length : originOffset <= s.originStart + s.length;
    if (originOffset >= s.originStart && inside) return s.unitStart + originOffset - s.originStart;
  }
  return null;
}

/** The position fields for a range in unit coordinates. */
export function locate(file: LoadedFile, unit: Unit, range: [number, number]): Location {
  const start = unitToOrigin(unit, range[0], 'start');
  const end = range[1] > range[0] ? Math.max(start, unitToOrigin(unit, range[1], 'end')) : start;
  return locateOrigin(file, unit.cellIndex, [start, end]);
}

/** The position fields for a range in origin coordinates (fatal problems, cell-level reports). */
export function locateOrigin(file: LoadedFile, cellIndex: number, range: [number, number]): Location {
  const [start, end] = range;
  const rawStart = originToRaw(file, cellIndex, start, 'start');
  const rawEnd = end > start ? originToRaw(file, cellIndex, end, 'end') : rawStart;
  const from = rawLineColumn(file, rawStart);
  const to = rawLineColumn(file, rawEnd);
  const location: Location = { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  if (file.kind === 'notebook' && cellIndex >= 0) {
    const cell = file.cells[cellIndex];
    const cellFrom = cellLineColumn(cell, start);
    const cellTo = cellLineColumn(cell, end);
    location.cell = cellIndex + 1;
    if (cell.id !== undefined) location.cellId = cell.id;
    location.cellLine = cellFrom.line;
    location.cellColumn = cellFrom.column;
    location.cellEndLine = cellTo.line;
    location.cellEndColumn = cellTo.column;
  }
  return location;
}

/**
 * Maps a unit range to its origin range exactly (what an edit needs), through the unit's segments. Null when the range reaches into
 * synthetic text or spans segments that are not contiguous in the origin (e.g. around a removed indent).
 */
export function unitRangeToOrigin(unit: Unit, start: number, end: number): [number, number] | null {
  const segments = unit.segments;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (start < seg.unitStart || start > seg.unitStart + seg.length) continue;
    const originStart = seg.originStart + (start - seg.unitStart);
    let last = seg;
    // Extend through following segments that continue the same origin text without a gap.
    for (let j = i + 1; end > last.unitStart + last.length && j < segments.length; j++) {
      const next = segments[j];
      const contiguous =
        next.unitStart === last.unitStart + last.length && next.originStart === last.originStart + last.length;
      if (!contiguous) break;
      last = next;
    }
    if (end > last.unitStart + last.length) {
      // `start` may sit at the end of this segment and the range belong to the next one.
      if (start === seg.unitStart + seg.length) continue;
      return null;
    }
    return [originStart, originStart + (end - start)];
  }
  return null;
}
