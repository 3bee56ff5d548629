// The JSON style a notebook file is written in, detected from its raw text, so that re-encoded `source`
// values and inserted cells look like the rest of the file (design.md "writer"). Jupyter (nbformat) writes
// indent=1, sort_keys, ensure_ascii=False and no trailing newline; other tools use 2 spaces, tabs, `\uXXXX`
// escapes or CRLF, and a writer that ignored that would rewrite the whole file.

export interface JsonStyle {
  /** One level of indentation: ' ', '  ', '\t', ...; '' for compact JSON (no line breaks). */
  indentUnit: string;
  /** '\n' or '\r\n'. */
  newline: string;
  /** Non-ASCII characters are written as `\uXXXX` (Python's ensure_ascii=True). */
  escapeNonAscii: boolean;
  /** Hex digits of `\uXXXX` escapes in upper case (`\u00E9`); Python and JS write lower case. */
  upperHex: boolean;
  /** `/` written as `\/` (PHP, some Java serialisers). */
  escapeSlash: boolean;
  /** Between a key and its value: ': ' (Python, JS) or ':'. */
  keySeparator: string;
  /** Between array elements / members on one line (compact JSON): ', ' (Python's default) or ','. */
  itemSeparator: string;
  /** The file ends with a line break. */
  trailingNewline: boolean;
}

/** Every escape sequence in the text; outside strings JSON has no backslash, so this tokenizes correctly. */
const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|([^u]))/g;

export function detectJsonStyle(text: string): JsonStyle {
  let escapedNonAscii = 0;
  let upper = 0;
  let lower = 0;
  let escapedSlash = false;
  for (const match of text.matchAll(ESCAPE)) {
    const hex = match[1];
    if (hex === undefined) {
      if (match[2] === '/') escapedSlash = true;
      continue;
    }
    if (parseInt(hex, 16) >= 0x80) escapedNonAscii++;
    if (/[A-F]/.test(hex)) upper++;
    else if (/[a-f]/.test(hex)) lower++;
  }
  // JSON's structural characters are ASCII, so any non-ASCII character is inside a string.
  const rawNonAscii = /[^\x00-\x7f]/.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const firstBreak = text.indexOf('\n');
  const compact = firstBreak < 0 || firstBreak >= text.trimEnd().length;
  const keySep = /"(?:cells|nbformat|metadata|cell_type|source)"(\s*):(\s*)/.exec(text);
  return {
    indentUnit: compact ? '' : detectIndentUnit(text),
    newline: firstBreak > 0 && text.charCodeAt(firstBreak - 1) === 13 ? '\r\n' : '\n',
    // A file with both kinds follows the majority; one with neither gets nbformat's choice (raw UTF-8).
    escapeNonAscii: escapedNonAscii > 0 && !rawNonAscii,
    upperHex: upper > lower,
    escapeSlash: escapedSlash,
    keySeparator: keySep ? `${keySep[1]}:${keySep[2]}` : ': ',
    itemSeparator: compact && /[^\\]", "|\], |\}, \{/.test(text) ? ', ' : ',',
    trailingNewline: /\r?\n$/.test(text),
  };
}

/** The indentation of the first indented line (the top-level object's first key). */
function detectIndentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  return match ? match[1] : ' ';
}

/** A JSON string token for `value`, escaped the way the file escapes. */
export function encodeJsonString(value: string, style: JsonStyle): string {
  // JSON.stringify escapes exactly what Python's json.dumps(ensure_ascii=False) escapes:
  // `"`, `\`, \b \f \n \r \t, other control characters as lower-case \u00XX, and lone surrogates.
  let out = JSON.stringify(value);
  if (style.escapeNonAscii) out = out.replace(/[^\x00-\x7f]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
  if (style.upperHex) {
    out = out.replace(/\\(u[0-9a-f]{4}|.)/g, (escape) => (escape[1] === 'u' ? '\\u' + escape.slice(2).toUpperCase() : escape));
  }
  if (style.escapeSlash) out = out.replace(/\//g, '\\/');
  return out;
}

/** The indentation (spaces and tabs) of the line that holds offset `pos`, up to `pos`. */
export function lineIndentAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, pos));
  return match ? match[0] : '';
}
