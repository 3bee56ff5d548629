// Line magics whose argument is a Python statement IPython runs (`%time run.log("a", 1)`): only their prefix is
// masked, so the statement stays visible to the parser and the rules, and a fix rewrites it in place.

/**
 * The magics that run their argument, with their options as IPython parses them (getopt letters, `:` after one
 * that takes a value); null when the magic takes no options, so a statement may not start with `-`.
 * %debug's only option (-b FILE:LINE) makes IPython split the statement on spaces: a `-` start is masked whole.
 */
const STATEMENT_MAGICS: ReadonlyMap<string, string | null> = new Map([
  ['time', null],
  ['debug', null],
  ['timeit', 'n:r:tcp:qo'],
  ['prun', 'D:l:rs:T:q'],
  ['memit', 'r:t:i:coq'], // memory_profiler's extension
]);

const MAGIC_NAME = /%([A-Za-z_][\w.]*)(?=[ \t])/y;
const TOKEN = /[^ \t\r\n]+/y;
const BLANKS = /[ \t]*/y;
/** A statement that must start a line: `0; for ...` would not parse. */
const COMPOUND_START = /^(?:(?:if|elif|else|while|for|try|except|finally|with|def|class|async)\b|@)/;
/** Ends with a colon (before an optional comment): a compound statement's header (`match x:`). */
const HEADER_END = /:[ \t]*(?:#.*)?$/;

/**
 * Where the statement of a statement magic at `start` (its `%`) begins, or -1 when the line is not one, or
 * when in doubt (an unknown option, a quoted option value, a statement that cannot follow `0;` on one line).
 * `complete` tells whether the statement leaves no bracket or string open at `lineEnd`.
 */
export function statementMagicBody(text: string, start: number, lineEnd: number, complete: (from: number) => boolean): number {
  MAGIC_NAME.lastIndex = start;
  const name = MAGIC_NAME.exec(text);
  if (!name || name.index + name[0].length > lineEnd) return -1;
  const spec = STATEMENT_MAGICS.get(name[1]);
  if (spec === undefined) return -1;
  const body = spec === null ? skipBlanks(text, MAGIC_NAME.lastIndex) : afterOptions(text, MAGIC_NAME.lastIndex, lineEnd, spec);
  if (body < 0 || body >= lineEnd || text[body] === '-') return -1;
  const statement = text.slice(body, lineEnd);
  if (COMPOUND_START.test(statement) || HEADER_END.test(statement) || !complete(body)) return -1;
  return body;
}

/** Python of the prefix's length that ends a statement, so the next one may follow on the line: `0;` and blanks. */
export function statementPrefixMask(length: number): string {
  return '0;' + ' '.repeat(length - 2);
}

function skipBlanks(text: string, from: number): number {
  BLANKS.lastIndex = from;
  BLANKS.exec(text);
  return BLANKS.lastIndex;
}

/** getopt, as IPython's parse_options: options until the first word that is not one (or after `--`). */
function afterOptions(text: string, from: number, lineEnd: number, spec: string): number {
  let at = skipBlanks(text, from);
  while (at < lineEnd && text[at] === '-') {
    const token = nextToken(text, at, lineEnd);
    if (token === null || /["']/.test(token)) return -1;
    at = skipBlanks(text, at + token.length);
    if (token === '--') return at;
    if (token === '-') return -1; // a statement starting with `-`: unclear to IPython too
    for (let i = 1; i < token.length; i++) {
      const letter = token[i];
      const known = letter !== ':' ? spec.indexOf(letter) : -1;
      if (known < 0) return -1;
      if (spec[known + 1] !== ':') continue;
      if (i + 1 < token.length) break; // `-n3`: the value is the rest of the word
      const value = nextToken(text, at, lineEnd); // `-n 3`
      if (value === null || /["']/.test(value)) return -1;
      at = skipBlanks(text, at + value.length);
      break;
    }
  }
  return at;
}

function nextToken(text: string, at: number, lineEnd: number): string | null {
  TOKEN.lastIndex = at;
  const match = at < lineEnd ? TOKEN.exec(text) : null;
  return match ? match[0] : null;
}
