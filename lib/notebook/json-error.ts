// Describes why a text is not valid JSON, with the line and column of the first error. Only called on failure.
// A small iterative scanner (an explicit stack of open containers, no recursion): a file of 100,000 nested `[`
// must get a message, not overflow the stack, and JSON.parse's own messages vary between Node versions.

export interface JsonErrorDescription {
  message: string;
  /** 1-based position of the first error, when known. */
  line?: number;
  column?: number;
}

/** 1-based line and column (UTF-16 units) of a text offset; \r\n, \r and \n end lines. */
function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** "invalid JSON at line 3, column 5: expected ','" for a text JSON.parse rejected. */
export function describeJsonError(text: string, parseError: unknown): JsonErrorDescription {
  const found = firstJsonError(text);
  if (found) {
    const { line, column } = lineColumnAt(text, found.offset);
    const atEnd = !/\S/.test(text.slice(found.offset));
    const what = atEnd ? 'unexpected end of file (is it truncated?)' : found.what;
    return { message: `invalid JSON at line ${line}, column ${column}: ${what}`, line, column };
  }
  const detail = parseError instanceof Error ? parseError.message : String(parseError);
  return { message: `invalid JSON: ${detail}` };
}

interface JsonError {
  offset: number;
  what: string;
}

const isWhitespace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const ESCAPES = new Set('"\\/bfnrtu'.split('').map((c) => c.charCodeAt(0)));

/** The first error in `text` as strict JSON, or null when it is valid. Linear time, constant stack. */
export function firstJsonError(text: string): JsonError | null {
  const n = text.length;
  // Open containers: '{' or '['; `expect` is what the grammar wants next.
  const stack: number[] = [];
  type Expect = 'value' | 'key' | 'keyOrClose' | 'valueOrClose' | 'colon' | 'commaOrClose';
  let expect: Expect = 'value';
  let i = 0;
  const fail = (offset: number, what: string): JsonError => ({ offset, what });

  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (stack.length === 0 && expect === 'commaOrClose') return null;
      return fail(n, 'unexpected end of file');
    }
    const c = text.charCodeAt(i);
    if (c === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) return fail(i, 'comments are not allowed in JSON');
    const top = stack[stack.length - 1];
    switch (expect) {
      case 'colon':
        if (c !== 58) return fail(i, "expected ':'");
        i++;
        expect = 'value';
        continue;
      case 'commaOrClose':
        if (stack.length === 0) return fail(i, 'unexpected text after the end of the JSON value');
        if (c === 44) {
          i++;
          expect = top === 123 ? 'key' : 'value';
        } else if ((c === 125 && top === 123) || (c === 93 && top === 91)) {
          i++;
          stack.pop();
          expect = 'commaOrClose';
        } else {
          return fail(i, top === 123 ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        continue;
      case 'key':
      case 'keyOrClose':
        if (c === 125 && expect === 'keyOrClose') {
          i++;
          stack.pop();
          expect = 'commaOrClose';
          continue;
        }
        if (c !== 34) return fail(i, 'expected a property name in double quotes');
        {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        expect = 'colon';
        continue;
      case 'value':
      case 'valueOrClose':
        if (c === 93 && expect === 'valueOrClose') {
          i++;
          stack.pop();
          expect = 'commaOrClose';
          continue;
        }
        if (c === 123 || c === 91) {
          stack.push(c);
          i++;
          expect = c === 123 ? 'keyOrClose' : 'valueOrClose';
          continue;
        }
        {
          const end = c === 34 ? scanString(text, i) : scanLiteral(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        expect = 'commaOrClose';
        continue;
    }
  }
}

function scanString(text: string, start: number): number | JsonError {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return { offset: i, what: 'control character in a string (must be escaped)' };
    if (c !== 92) continue;
    const e = text.charCodeAt(i + 1);
    if (!ESCAPES.has(e)) return { offset: i, what: 'invalid escape sequence' };
    if (e === 117) {
      for (let k = 2; k < 6; k++) if (!isHex(text.charCodeAt(i + k))) return { offset: i, what: 'invalid \\u escape' };
      i += 5;
    } else {
      i++;
    }
  }
  return { offset: start, what: 'unterminated string' };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /true|false|null/y;

function scanLiteral(text: string, start: number): number | JsonError {
  const c = text.charCodeAt(start);
  const pattern = c === 45 || isDigit(c) ? NUMBER : WORD;
  pattern.lastIndex = start;
  const match = pattern.exec(text);
  if (match === null || match[0] === '') return { offset: start, what: pattern === NUMBER ? 'invalid number' : 'expected a value' };
  const end = start + match[0].length;
  // `01`, `1.`, `truex`: the literal runs on into characters no JSON token allows there.
  const next = text.charCodeAt(end);
  if (pattern === NUMBER && (isDigit(next) || next === 46 || next === 101 || next === 69)) return { offset: start, what: 'invalid number' };
  if (pattern === WORD && /[A-Za-z0-9_]/.test(text[end] ?? '')) return { offset: start, what: 'expected a value' };
  return end;
}
