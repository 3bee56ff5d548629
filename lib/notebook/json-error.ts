// Describes why a text is not valid JSON, with the line and column of the first error.
// Only called on failure, so jsonc-parser is loaded lazily (keeps start-up fast).
import { createRequire } from 'node:module';
import type * as JsoncParser from 'jsonc-parser';

const require = createRequire(import.meta.url);

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

const DESCRIPTIONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape sequence',
  InvalidCharacter: 'control character in a string (must be escaped)',
};

/**
 * "invalid JSON at line 3, column 5: expected ','" for a text JSON.parse rejected.
 * `parseError` is JSON.parse's error, used when jsonc-parser (more lenient in a few corners) finds nothing.
 */
export interface JsonErrorDescription {
  message: string;
  /** 1-based position of the first error, when known. */
  line?: number;
  column?: number;
}

export function describeJsonError(text: string, parseError: unknown): JsonErrorDescription {
  const jsonc = require('jsonc-parser') as typeof JsoncParser;
  const errors: JsoncParser.ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const first = errors[0];
    const { line, column } = lineColumnAt(text, first.offset);
    const name = jsonc.printParseErrorCode(first.error);
    const atEnd = !/\S/.test(text.slice(first.offset));
    const what = atEnd ? 'unexpected end of file (is it truncated?)' : (DESCRIPTIONS[name] ?? name);
    return { message: `invalid JSON at line ${line}, column ${column}: ${what}`, line, column };
  }
  const detail = parseError instanceof Error ? parseError.message : String(parseError);
  const position = /position (\d+)/.exec(detail);
  if (position) {
    const { line, column } = lineColumnAt(text, Number(position[1]));
    return { message: `invalid JSON at line ${line}, column ${column}: ${detail}`, line, column };
  }
  return { message: `invalid JSON: ${detail}` };
}
