// Reads a JSON configuration file. Comments are allowed (as in .eslintrc.json); any syntax error is a
// ConfigError that points at line:column.
import type { ParseError } from 'jsonc-parser';
import { MAX_SIDE_FILE_BYTES } from '../limits.js';
import { readRegularFileSync } from '../safe-read.js';
import { ConfigError } from './errors.js';
import { loadJsoncParser } from './lazy.js';

export function readJsonConfig(absPath: string, shownAs: string): unknown {
  // A configuration is a regular file of sane size: a link to /dev/zero or a FIFO must not hang the run.
  const read = readRegularFileSync(absPath, MAX_SIDE_FILE_BYTES);
  if (!read.ok) throw new ConfigError(`${shownAs}: cannot read the configuration file (${read.message})`);
  return parseJsonConfig(read.bytes.toString('utf8').replace(/^\uFEFF/, ''), shownAs);
}

export function parseJsonConfig(text: string, shownAs: string): unknown {
  try {
    return JSON.parse(text); // the common case, and the fastest
  } catch {
    // comments, or a real error: jsonc-parser accepts the first and locates the second
  }
  const { parse, printParseErrorCode } = loadJsoncParser();
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: false });
  if (errors.length) {
    const { error, offset } = errors[0];
    const { line, column } = lineColumn(text, offset);
    throw new ConfigError(`${shownAs}:${line}:${column}: invalid JSON (${describe(printParseErrorCode(error))})`);
  }
  return value;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** 'CloseBraceExpected' → 'close brace expected'. */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
