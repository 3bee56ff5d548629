// Masks IPython syntax (line magics, `!` shell lines, `obj?` help) with Python of the same length, so the
// parser sees valid Python and every offset stays where it was.
//
// Like IPython, only the start of a logical line can hold a magic: not a line inside brackets
// (`(a\n % b)` is Python), after a backslash continuation, or inside a triple-quoted string.
import { statementMagicBody, statementPrefixMask } from './statement-magics.js';

export interface MaskResult {
  /** The text with every magic replaced (same length as the input). */
  text: string;
  /** Ranges [start, end) that were replaced, in order. */
  masked: [number, number][];
}

const BACKSLASH = 92;
const HASH = 35;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;

/** `x = !ls`, `files, n = %sx ls`: the target stays Python, the magic after `=` is masked. */
const ASSIGNED_MAGIC = /[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*(?=[!%])/y;
/** `obj?`, `obj.attr??`, `?obj`, `np.*load*?` (IPython's help syntax). */
const HELP_LINE = /(?:\?\??[A-Za-z_*][\w.*]*|[A-Za-z_*][\w.*]*\?\??)[ \t]*(?=\r|\n|$)/y;

/** Same-length Python that is valid wherever a statement is. */
export function maskFor(length: number): string {
  if (length <= 0) return '';
  if (length === 1) return '0';
  if (length === 2) return '0 ';
  return '...' + ' '.repeat(length - 3);
}

/**
 * How a range is masked: a whole magic (maskFor), a continuation line (blanks), or a statement magic's prefix
 * (`0;` and blanks, so that the statement after it stays Python).
 */
type MaskKind = 'magic' | 'blank' | 'prefix';

const MASKERS: Record<MaskKind, (length: number) => string> = {
  magic: maskFor,
  blank: (length) => ' '.repeat(length),
  prefix: statementPrefixMask,
};

/** Replaces each range as its kind says, in one pass. */
function applyMasks(text: string, masked: [number, number][], kinds: MaskKind[]): string {
  if (masked.length === 0) return text;
  let out = '';
  let at = 0;
  for (let i = 0; i < masked.length; i++) {
    const [start, end] = masked[i];
    out += text.slice(at, start) + MASKERS[kinds[i]](end - start);
    at = end;
  }
  return out + text.slice(at);
}

function lineEndAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === RETURN) return i;
  }
  return text.length;
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === RETURN && text.charCodeAt(lineEnd + 1) === NEWLINE) return lineEnd + 2;
  return lineEnd + 1;
}

function firstNonBlank(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

/** Python tokenizer state carried from one line to the next. */
interface ScanState {
  /** Open string quote (code of ' or "), 0 when none. */
  quote: number;
  triple: boolean;
  /** Bracket depth. */
  depth: number;
  /** The line ended with a backslash continuation. */
  continued: boolean;
}

/** Advances the state over the Python code in [from, end). */
function scanCode(text: string, from: number, end: number, state: ScanState): void {
  let i = from;
  let comment = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (state.quote !== 0) {
      if (c === BACKSLASH) i += 2;
      else if (c !== state.quote) i++;
      else if (!state.triple) {
        state.quote = 0;
        i++;
      } else if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        state.quote = 0;
        i += 3;
      } else i++;
      continue;
    }
    if (c === HASH) {
      comment = true;
      break;
    }
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      state.quote = c;
      state.triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      i += state.triple ? 3 : 1;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) state.depth++; // ( [ {
    else if ((c === 41 || c === 93 || c === 125) && state.depth > 0) state.depth--;
    i++;
  }
  const backslashEnd = end > from && text.charCodeAt(end - 1) === BACKSLASH && !comment;
  // A one-quote string only continues past the line end after a backslash.
  if (state.quote !== 0 && !state.triple && !backslashEnd) state.quote = 0;
  state.continued = backslashEnd && state.quote === 0;
}

/** Where the magic on a logical line starting at `code` begins, or -1 if the line is Python. */
function magicStart(text: string, code: number): number {
  const c = text.charCodeAt(code);
  if (c === 37 || c === 33) return code; // % !
  ASSIGNED_MAGIC.lastIndex = code;
  if (ASSIGNED_MAGIC.test(text)) return ASSIGNED_MAGIC.lastIndex;
  HELP_LINE.lastIndex = code;
  if (HELP_LINE.test(text)) return code;
  return -1;
}

/** Whether the Python in [from, end) leaves no bracket or string open and does not continue on the next line. */
function completeLine(text: string, from: number, end: number): boolean {
  const state: ScanState = { quote: 0, triple: false, depth: 0, continued: false };
  scanCode(text, from, end, state);
  return state.quote === 0 && state.depth === 0 && !state.continued;
}

/**
 * Masks every line magic, shell line and help line of a cell (and the `%%magic` line, which starts with %).
 * A magic that runs a one-line statement (`%time run.log("a", 1)`) only has its prefix masked.
 */
export function maskMagics(source: string): MaskResult {
  // Most cells have no IPython syntax at all.
  if (source.indexOf('%') < 0 && source.indexOf('!') < 0 && source.indexOf('?') < 0) return { text: source, masked: [] };
  const masked: [number, number][] = [];
  const kinds: MaskKind[] = [];
  const state: ScanState = { quote: 0, triple: false, depth: 0, continued: false };
  let magicContinues = false;
  for (let lineStart = 0; lineStart < source.length; ) {
    const lineEnd = lineEndAt(source, lineStart);
    const code = firstNonBlank(source, lineStart, lineEnd);
    if (magicContinues) {
      // A magic's continuation line becomes a blank line: valid at any indentation.
      if (lineEnd > lineStart) {
        masked.push([lineStart, lineEnd]);
        kinds.push('blank');
      }
      magicContinues = source.charCodeAt(lineEnd - 1) === BACKSLASH;
    } else {
      const logicalStart = state.quote === 0 && state.depth === 0 && !state.continued;
      const start = logicalStart && code < lineEnd ? magicStart(source, code) : -1;
      const body = start === code ? statementMagicBody(source, start, lineEnd, (from) => completeLine(source, from, lineEnd)) : -1;
      if (body >= 0) {
        masked.push([start, body]);
        kinds.push('prefix');
      } else if (start >= 0) {
        masked.push([start, lineEnd]);
        kinds.push('magic');
        magicContinues = source.charCodeAt(lineEnd - 1) === BACKSLASH;
      } else scanCode(source, lineStart, lineEnd, state);
    }
    lineStart = nextLineStart(source, lineEnd);
  }
  return { text: applyMasks(source, masked, kinds), masked };
}

/** Masks one range of a text (the `%%writefile` line, whose body must stay as written). */
export function maskRange(text: string, start: number, end: number): MaskResult {
  return { text: applyMasks(text, [[start, end]], ['magic']), masked: [[start, end]] };
}

export interface CellMagic {
  /** 'time', 'bash', 'writefile', ... */
  name: string;
  /** The rest of the magic line, trimmed. */
  args: string;
  /** Range [start, end) of the `%%name args` text (its line without the line break). */
  range: [number, number];
}

const CELL_MAGIC = /%%([A-Za-z_][\w.]*)(.*)/y;

/** The cell magic of a cell: `%%name` on its first non-blank line (IPython drops leading blank lines and indentation). */
export function cellMagicOf(source: string): CellMagic | null {
  let lineStart = 0;
  while (lineStart < source.length) {
    const lineEnd = lineEndAt(source, lineStart);
    const code = firstNonBlank(source, lineStart, lineEnd);
    if (code < lineEnd) {
      CELL_MAGIC.lastIndex = code;
      const match = CELL_MAGIC.exec(source);
      if (!match) return null;
      return { name: match[1], args: match[2].trim(), range: [code, lineEnd] };
    }
    lineStart = nextLineStart(source, lineEnd);
  }
  return null;
}
