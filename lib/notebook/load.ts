// Loads a notebook or a script: reads it once, checks it is text, and for a notebook finds every cell's
// `source` in the raw JSON so positions can be mapped back to the file as stored (design.md "load").
//
// Notebook JSON is validated and decoded by JSON.parse (native, the fastest by far on notebooks whose outputs
// are megabytes of base64), then json-scan.ts finds the raw offsets of cells and source tokens without decoding
// anything else. jsonc-parser is only used to describe an invalid file with its line and column.
import type { INotebookMetadata, MultilineString } from '@jupyterlab/nbformat';
import { MAX_CELLS, MAX_FILE_BYTES } from '../limits.js';
import { formatBytes, readRegularFileSync } from '../safe-read.js';
import type { CellRecord, LoadedFile, LoadResult, SourcePiece } from '../types.js';
import { describeJsonError } from './json-error.js';
import { countCells, scanCells, scanSourceValue, type ScannedCell } from './json-scan.js';
import { splitLinesKeepingBreaks } from '../line-breaks.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // ignoreBOM: keep it, offsets are into the text as read

const TOO_LARGE = `the file is too large (more than ${formatBytes(MAX_FILE_BYTES)}); it is not linted`;
const BINARY = 'the file is binary, not text (it contains NUL bytes)';

/** Thrown for a file that cannot be linted; its message is what the user sees. */
class LoadError extends Error {
  constructor(
    message: string,
    readonly position?: { line?: number; column?: number },
  ) {
    super(message);
  }
}

export function isNotebookPath(filePath: string): boolean {
  return filePath.toLowerCase().endsWith('.ipynb');
}

/**
 * Reads and loads one file. Synchronous: the linter works on one file at a time per thread, and an asynchronous
 * read costs thread-pool round trips that a plain read does not (measured: a synchronous read is faster).
 */
export function loadFile(absPath: string, displayPath: string): LoadResult {
  // Only a regular file, up to the size limit: a repository's link to /dev/zero or FIFO must not stall the run.
  const read = readRegularFileSync(absPath, MAX_FILE_BYTES);
  if (!read.ok) {
    const message = read.code === 'TOO_LARGE' ? `${read.message}; it is not linted` : `cannot read the file (${read.message})`;
    return failure(absPath, displayPath, message);
  }
  return loadBytes(read.bytes, absPath, displayPath);
}

/** Loads bytes read elsewhere (a file, standard input): the size limit and the text checks a file read here gets. */
export function loadBytes(bytes: Uint8Array, absPath: string, displayPath: string): LoadResult {
  return guarded(absPath, displayPath, () => {
    if (bytes.length > MAX_FILE_BYTES) throw new LoadError(TOO_LARGE);
    return fromText(decodeBytes(bytes, isNotebookPath(absPath)), absPath, displayPath);
  });
}

/**
 * Loads already-read text (tests, the fixer reloading its output, the project index). `rawPositions: false` skips
 * finding each cell's `source` in the raw JSON (its cells then have no pieces and empty raw ranges): for a reader
 * that never reports a position or edits the file, which the project index does not.
 */
export function loadText(text: string, absPath: string, displayPath: string, { rawPositions = true } = {}): LoadResult {
  return guarded(absPath, displayPath, () => {
    checkText(text);
    return fromText(text, absPath, displayPath, rawPositions);
  });
}

function checkText(text: string): void {
  // Measured in UTF-16 units, a bound on the UTF-8 size the file would have at least a third of.
  if (text.length > MAX_FILE_BYTES) throw new LoadError(TOO_LARGE);
  // Text from an editor or ESLint (which decode the bytes themselves) gets the message a binary file read here gets.
  if (text.includes('\0')) throw new LoadError(BINARY);
}

/**
 * `file` once the fixer has rewritten the `source` values of the cells in `sources` (cell index → new decoded
 * source; a script: -1 → its text) and nothing else, `text` being the result (renderFixed, no cell inserted): what
 * loadText gives for `text`, without parsing the JSON again. Each rewritten value is scanned where it now starts;
 * the other cells keep their records, moved by what the rewrites before them added. loadText's refusals of a text
 * (too large, NUL bytes) are checked the same way; the rest of the document is the file's, which loaded.
 */
export function loadRewritten(file: LoadedFile, text: string, sources: ReadonlyMap<number, string>): LoadResult {
  return guarded(file.path, file.displayPath, () => {
    checkText(text);
    if (file.kind === 'script') return fromText(text, file.path, file.displayPath);
    let shift = 0;
    const cells = file.cells.map((cell): CellRecord => {
      const source = sources.get(cell.index);
      const [valueStart, valueEnd] = cell.sourceValueRange;
      if (source === undefined || source === cell.source) return movedCell(cell, shift);
      const where = `cell ${cell.index + 1}`;
      const scanned = scanSourceValue(text, valueStart + shift);
      const lines = cell.sourceForm === 'list' ? splitLinesKeepingBreaks(source) : [source];
      const cellStart = cell.cellRange[0] + shift;
      shift += scanned.sourceRange[1] - scanned.sourceRange[0] - (valueEnd - valueStart);
      return withId(cell, {
        index: cell.index,
        cellType: cell.cellType,
        source,
        tags: cell.tags,
        sourceValueRange: sourceRangeOf(scanned, lines.length, where),
        sourceForm: cell.sourceForm,
        pieces: piecesOf(scanned, lines),
        cellRange: [cellStart, cell.cellRange[1] + shift],
      });
    });
    const rewritten: LoadedFile = { path: file.path, displayPath: file.displayPath, kind: 'notebook', text, cells, nbformat: file.nbformat };
    if (file.language !== undefined) rewritten.language = file.language;
    return rewritten;
  });
}

function movedCell(cell: CellRecord, shift: number): CellRecord {
  const move = ([start, end]: [number, number]): [number, number] => [start + shift, end + shift];
  return withId(cell, {
    index: cell.index,
    cellType: cell.cellType,
    source: cell.source,
    tags: cell.tags,
    sourceValueRange: move(cell.sourceValueRange),
    sourceForm: cell.sourceForm,
    pieces: shift === 0 ? cell.pieces : cell.pieces.map((piece) => ({ ...piece, rawStart: piece.rawStart + shift, rawEnd: piece.rawEnd + shift })),
    cellRange: move(cell.cellRange),
  });
}

function withId(cell: CellRecord, record: CellRecord): CellRecord {
  if (cell.id !== undefined) record.id = cell.id;
  return record;
}

function guarded(absPath: string, displayPath: string, load: () => LoadedFile): LoadResult {
  try {
    return { ok: true, file: load() };
  } catch (error) {
    if (error instanceof LoadError) return { ...failure(absPath, displayPath, error.message), ...error.position };
    throw error;
  }
}

function fromText(text: string, absPath: string, displayPath: string, rawPositions = true): LoadedFile {
  if (isNotebookPath(absPath)) return parseNotebook(text, absPath, displayPath, rawPositions);
  return { path: absPath, displayPath, kind: 'script', text, cells: [] };
}

function failure(path: string, displayPath: string, message: string): LoadResult {
  return { ok: false, path, displayPath, message };
}

function decodeBytes(bytes: Uint8Array, notebook: boolean): string {
  // An empty .py file (say __init__.py) is a valid module; an empty notebook is not a notebook.
  if (bytes.length === 0) {
    if (notebook) throw new LoadError('the file is empty');
    return '';
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new LoadError('the file is UTF-16 text; only UTF-8 is supported');
  }
  if (bytes.indexOf(0) >= 0) throw new LoadError(BINARY);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new LoadError('the file is not valid UTF-8 text');
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function parseNotebook(text: string, absPath: string, displayPath: string, rawPositions: boolean): LoadedFile {
  // A BOM is not JSON whitespace; a space of the same length keeps every offset in place.
  const json = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  if (!/\S/.test(json)) throw new LoadError(text.length === 0 ? 'the file is empty' : 'the file is empty (only whitespace)');
  refuseTooManyCells(json);
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    const { message, line, column } = describeJsonError(json, error);
    throw new LoadError(message, line === undefined ? undefined : { line, column });
  }
  if (!isObject(doc)) throw new LoadError(`not a Jupyter notebook: the JSON value is ${describeValue(doc)}, not an object`);
  const nbformat = checkNbformat(doc);
  if (!Array.isArray(doc.cells)) throw new LoadError('not a Jupyter notebook: it has no "cells" array');

  const docCells: unknown[] = doc.cells;
  const scanned = rawPositions ? scanCells(json) : null;
  if (scanned && scanned.length !== docCells.length) throw new Error(`internal: scanned ${scanned.length} cells, parsed ${docCells.length}`);
  const cells = docCells.map((cell, index) => cellRecord(cell, index, scanned?.[index] ?? null));

  // Shape checked field by field below: a notebook's metadata is user data.
  const metadata = (isObject(doc.metadata) ? doc.metadata : {}) as Partial<INotebookMetadata>;
  const language = (isObject(metadata.kernelspec) && metadata.kernelspec.language) || (isObject(metadata.language_info) && metadata.language_info.name);
  const file: LoadedFile = { path: absPath, displayPath, kind: 'notebook', text, cells, nbformat };
  if (typeof language === 'string' && language !== '') file.language = language;
  return file;
}

/**
 * Refuses a notebook past the cell limit before JSON.parse builds it: a million tiny cells parse into hundreds of
 * megabytes. Counted by a scan that allocates nothing per cell; a text shorter than two characters per cell (one
 * for the element, one for its comma) cannot hold more than the limit, so small notebooks skip the scan.
 */
function refuseTooManyCells(json: string): void {
  if (json.length <= 2 * MAX_CELLS) return;
  const count = countCells(json);
  if (count > MAX_CELLS) throw new LoadError(`the notebook has too many cells (${count}; the limit is ${MAX_CELLS}); it is not linted`);
}

function checkNbformat(doc: Json): [number, number] {
  const major = doc.nbformat;
  if ('worksheets' in doc || (typeof major === 'number' && major < 4)) {
    throw new LoadError(
      `nbformat ${typeof major === 'number' ? major : 3} notebooks are not supported; ` +
        'convert with `jupyter nbconvert --to notebook --nbformat 4`',
    );
  }
  if (major === undefined) throw new LoadError('not a Jupyter notebook: it has no "nbformat" field');
  if (typeof major !== 'number' || !Number.isInteger(major)) throw new LoadError(`"nbformat" must be an integer, found ${JSON.stringify(major)}`);
  if (major > 4) throw new LoadError(`nbformat ${major} is not supported (only nbformat 4 is)`);
  // Any 4.x minor is accepted: later minors only add optional fields.
  const minor = typeof doc.nbformat_minor === 'number' ? doc.nbformat_minor : 0;
  return [major, minor];
}

/** One cell; `scanned` null: loaded without raw positions (no pieces, empty raw ranges). */
function cellRecord(cell: unknown, index: number, scanned: ScannedCell | null): CellRecord {
  const where = `cell ${index + 1}`;
  if (!isObject(cell)) throw new LoadError(`${where} is ${describeValue(cell)}, not an object`);
  if (typeof cell.cell_type !== 'string') throw new LoadError(`${where} has no "cell_type"`);
  const value = cell.source;
  if (value === undefined) throw new LoadError(`${where} has no "source"`);
  const isList = Array.isArray(value);
  if (!(typeof value === 'string' || (isList && value.every((line) => typeof line === 'string')))) {
    throw new LoadError(`${where}: "source" must be a string or an array of strings, found ${describeValue(value)}`);
  }
  const source: MultilineString = value;
  const lines: readonly string[] = Array.isArray(source) ? source : [source];
  const metadata = isObject(cell.metadata) ? cell.metadata : {};
  const tags = Array.isArray(metadata.tags) ? metadata.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  const record: CellRecord = {
    index,
    cellType: cell.cell_type,
    source: isList ? lines.join('') : (value as string),
    tags,
    sourceValueRange: scanned ? sourceRangeOf(scanned, lines.length, where) : [0, 0],
    sourceForm: isList ? 'list' : 'string',
    pieces: scanned ? piecesOf(scanned, lines) : [],
    cellRange: scanned ? scanned.cellRange : [0, 0],
  };
  if (typeof cell.id === 'string') record.id = cell.id;
  return record;
}

function sourceRangeOf({ tokens, sourceRange }: Pick<ScannedCell, 'tokens' | 'sourceRange'>, lineCount: number, where: string): [number, number] {
  if (sourceRange === null || tokens.length !== lineCount * 2) throw new Error(`internal: ${where} source tokens do not match`);
  return sourceRange;
}

/** Where each line of the source is in the raw JSON (the string tokens, checked by sourceRangeOf). */
function piecesOf({ tokens }: Pick<ScannedCell, 'tokens'>, lines: readonly string[]): SourcePiece[] {
  const pieces: SourcePiece[] = new Array(lines.length);
  let decodedStart = 0;
  for (let i = 0; i < lines.length; i++) {
    pieces[i] = { rawStart: tokens[2 * i], rawEnd: tokens[2 * i + 1], decodedStart, decodedLength: lines[i].length };
    decodedStart += lines[i].length;
  }
  return pieces;
}
