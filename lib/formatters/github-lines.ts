// GitHub's line numbering, for every format that points into the raw file (SARIF, workflow annotations).
import { lineColumnIn } from '../positions.js';
import type { LintMessage } from '../types.js';

const LF = 10;
const CR = 13;

// GitHub (line hashes, the code view, annotations) ends lines at CR, LF and CRLF only; the position contract counts
// lines as ESLint does, which also ends them at U+2028 and U+2029. Both agree unless the raw text holds one of
// those two (legal unescaped inside a notebook's JSON strings); then positions are converted.

export interface LinePosition {
  line: number;
  column: number;
}

export interface GitHubLines {
  /** GitHub's line and column of an ESLint-style line and column (both 1-based, UTF-16 columns). */
  fromEslint(line: number, column: number): LinePosition;
  /** GitHub's line and column of a text offset. */
  ofOffset(offset: number): LinePosition;
}

function lineStarts(text: string, unicodeBreaks: boolean): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF) || (unicodeBreaks && (c === 0x2028 || c === 0x2029))) {
      starts.push(i + 1);
    }
  }
  return starts;
}

let cached: { text: string; lines: GitHubLines } | undefined;

export function githubLines(text: string): GitHubLines {
  if (cached?.text === text) return cached.lines;
  let github: number[] | undefined;
  const githubStarts = (): number[] => (github ??= lineStarts(text, false));
  const sameAsEslint = !/[\u2028\u2029]/.test(text);
  let eslint: number[] | undefined;
  const lines: GitHubLines = {
    fromEslint(line, column) {
      if (sameAsEslint) return { line, column };
      eslint ??= lineStarts(text, true);
      const start = eslint[Math.min(Math.max(line, 1), eslint.length) - 1];
      return lineColumnIn(githubStarts(), start + column - 1);
    },
    ofOffset: (offset) => lineColumnIn(githubStarts(), offset),
  };
  cached = { text, lines };
  return lines;
}

/** A message's raw-file region in GitHub's line numbering (see githubLines). */
export function githubRegion(
  message: LintMessage,
  text: string | undefined,
): { line: number; column: number; endLine?: number; endColumn?: number } {
  const lines = text === undefined ? undefined : githubLines(text);
  const start = lines ? lines.fromEslint(message.line, message.column) : { line: message.line, column: message.column };
  if (message.endLine === undefined || message.endColumn === undefined) return start;
  const end = lines ? lines.fromEslint(message.endLine, message.endColumn) : { line: message.endLine, column: message.endColumn };
  return { ...start, endLine: end.line, endColumn: end.column };
}
