// The value of a Python string literal's source text.

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Decodes one string literal (`'a'`, `"""b"""`, `r'\d'`, `b"x"`, `u'y'`); null for f-strings,
 * unterminated literals and `\N{...}` escapes (the name table is not worth carrying).
 */
export function decodeStringLiteral(raw: string): string | null {
  let i = 0;
  while (i < raw.length && /[rRbBuU]/.test(raw[i]!)) i++;
  const prefix = raw.slice(0, i).toLowerCase();
  const quoteChar = raw[i];
  if (quoteChar !== "'" && quoteChar !== '"') return null;
  const quote = raw.startsWith(quoteChar.repeat(3), i) ? quoteChar.repeat(3) : quoteChar;
  const bodyStart = i + quote.length;
  const bodyEnd = raw.length - quote.length;
  if (bodyEnd < bodyStart || !raw.endsWith(quote)) return null;
  const body = raw.slice(bodyStart, bodyEnd);
  return prefix.includes('r') ? body : unescape(body);
}

function unescape(body: string): string | null {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i]!;
    if (next === '\n') continue; // line continuation
    if (next === '\r') {
      if (body[i + 1] === '\n') i++;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += digits.length - 1;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = body.slice(i + 1, i + 1 + hexLength);
      if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex)) return null;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return null;
      out += String.fromCodePoint(code);
      i += hexLength;
      continue;
    }
    if (next === 'N') return null;
    out += `\\${next}`; // Python keeps unknown escapes as written
  }
  return out;
}
