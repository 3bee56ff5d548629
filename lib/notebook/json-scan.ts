// Finds the raw offsets of every cell and of its `source` value in notebook JSON text.
// The text has already been validated by JSON.parse (native and much faster than any JS parser), so this
// scanner only walks structure: it jumps over string tokens with indexOf and never decodes outputs.

/** Raw ranges of one cell object, as found in the text. */
export interface ScannedCell {
  cellRange: [number, number];
  /** Range of the `source` value; null when the cell has no `source` key. */
  sourceRange: [number, number] | null;
  /** Flat [start, end, start, end, ...] raw ranges of the string tokens of `source`, quotes included. */
  tokens: number[];
}

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** Offset just past the closing quote of the string token that opens at `pos`. */
export function skipString(text: string, pos: number): number {
  let from = pos + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if ((backslashes & 1) === 0) return quote + 1;
    from = quote + 1;
  }
}

function skipWhitespace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    // JSON whitespace (space, \t, \n, \r) plus a leading BOM.
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) pos++;
    else return pos;
  }
}

/** Offset just past the JSON value that starts at `pos`. */
function skipValue(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (first === QUOTE) return skipString(text, pos);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = pos; i < text.length; ) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return text.length;
  }
  // number, true, false, null
  let i = pos;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== c || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 32 || c === 10 || c === 13 || c === 9) return i;
    i++;
  }
}

/** The decoded key of the string token [start, end). Escaped keys are rare: decode only those. */
function keyAt(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/**
 * Calls `onMember(key, valueStart)` for each member of the object at `pos`; the callback returns the
 * offset past the value (so it can skip or descend). Returns the offset past the closing brace.
 */
function walkObject(text: string, pos: number, onMember: (key: string, valueStart: number) => number): number {
  let i = skipWhitespace(text, pos + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    const keyEnd = skipString(text, i);
    const key = keyAt(text, i, keyEnd);
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past ':'
    i = skipWhitespace(text, onMember(key, valueStart));
    if (text.charCodeAt(i) === COMMA) i = skipWhitespace(text, i + 1);
    else return i + 1; // '}'
  }
}

/** Calls `onElement(start)` for each element of the array at `pos`; returns the offset past ']'. */
function walkArray(text: string, pos: number, onElement: (start: number) => number): number {
  let i = skipWhitespace(text, pos + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
  for (;;) {
    i = skipWhitespace(text, onElement(i));
    if (text.charCodeAt(i) === COMMA) i = skipWhitespace(text, i + 1);
    else return i + 1; // ']'
  }
}

function scanCell(text: string, pos: number): ScannedCell {
  const cell: ScannedCell = { cellRange: [pos, pos], sourceRange: null, tokens: [] };
  if (text.charCodeAt(pos) !== OPEN_BRACE) {
    cell.cellRange[1] = skipValue(text, pos);
    return cell;
  }
  cell.cellRange[1] = walkObject(text, pos, (key, valueStart) => {
    if (key !== 'source') return skipValue(text, valueStart);
    // A duplicated key: JSON.parse keeps the last one, and so do we.
    const { sourceRange, tokens } = scanSourceValue(text, valueStart);
    cell.sourceRange = sourceRange;
    cell.tokens = tokens;
    return sourceRange[1];
  });
  return cell;
}

/** The raw range of the `source` value (a string or an array of strings) that starts at `valueStart`, and its string tokens. */
export function scanSourceValue(text: string, valueStart: number): { sourceRange: [number, number]; tokens: number[] } {
  const tokens: number[] = [];
  let end: number;
  if (text.charCodeAt(valueStart) === OPEN_BRACKET) {
    end = walkArray(text, valueStart, (start) => {
      const tokenEnd = skipValue(text, start);
      tokens.push(start, tokenEnd);
      return tokenEnd;
    });
  } else {
    end = skipValue(text, valueStart);
    tokens.push(valueStart, end);
  }
  return { sourceRange: [valueStart, end], tokens };
}

/**
 * The number of elements of the top-level `cells` array, counted without building anything (no allocation per
 * cell), or -1 when the top-level value is not an object with a `cells` array. Unlike scanCells, it runs before
 * JSON.parse, on text that may be invalid: it then still ends (every step moves forward), with a count that only
 * decides whether the file is refused as too large.
 */
export function countCells(text: string): number {
  const start = skipWhitespace(text, 0);
  if (text.charCodeAt(start) !== OPEN_BRACE) return -1;
  let count = -1;
  const onMember = (key: string, valueStart: number): number => {
    if (key !== 'cells') return skipValue(text, valueStart);
    // A duplicated key: JSON.parse keeps the last one, and so do we.
    count = -1;
    if (text.charCodeAt(valueStart) !== OPEN_BRACKET) return skipValue(text, valueStart);
    let elements = 0;
    const end = walkArray(text, valueStart, (elementStart) => {
      elements++;
      return skipValue(text, elementStart);
    });
    count = elements;
    return end;
  };
  try {
    walkObject(text, start, onMember);
  } catch {
    return -1; // an escaped key that is not a valid JSON string (keyAt): JSON.parse will say where
  }
  return count;
}

/** Scans the top-level object of an already validated notebook text for its `cells` array. */
export function scanCells(text: string): ScannedCell[] {
  let cells: ScannedCell[] = [];
  const start = skipWhitespace(text, 0);
  walkObject(text, start, (key, valueStart) => {
    if (key !== 'cells') return skipValue(text, valueStart);
    // A duplicated key: JSON.parse keeps the last one, and so do we.
    if (text.charCodeAt(valueStart) !== OPEN_BRACKET) {
      cells = [];
      return skipValue(text, valueStart);
    }
    const found: ScannedCell[] = [];
    const end = walkArray(text, valueStart, (cellStart) => {
      const cell = scanCell(text, cellStart);
      found.push(cell);
      return cell.cellRange[1];
    });
    cells = found;
    return end;
  });
  return cells;
}
