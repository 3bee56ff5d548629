// `-f github`: GitHub Actions workflow commands, one per problem, which the runner turns into annotations on the
// pull request's diff: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
// Positions are raw-file lines and columns (a notebook's JSON as stored), so the annotation lands on the call.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LintMessage, LintResult } from '../types.js';
import type { Formatter, FormatterContext } from './index.js';
import { githubLines } from './line-hash.js';

export const TOOL_NAME = 'nblint-mlflow';

// Escaping as actions/toolkit packages/core/src/command.ts does it (escapeData / escapeProperty): the runner
// decodes exactly these sequences. '%' first, so a literal "%0A" in a message stays literal.
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The repository root: the nearest folder at or above `cwd` holding `.git` (a folder, or a file in a worktree); else cwd. */
export function repositoryRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

/** `filePath` relative to `root` with '/' separators, or null when it is outside `root`. */
export function relativeToRoot(root: string, filePath: string): string | null {
  const rel = path.relative(root, path.resolve(root, filePath));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/**
 * The message with its notebook position inside the first sentence, so the sentence alone still makes a title
 * that says where: "Replace run.log with mlflow.log_metric (cell 3, line 2). More text."
 */
export function messageWithCell(message: LintMessage): string {
  const text = message.message.trim();
  if (message.cell === undefined) return text;
  const where = message.cellLine === undefined ? `cell ${message.cell}` : `cell ${message.cell}, line ${message.cellLine}`;
  const end = firstSentenceEnd(text);
  return `${text.slice(0, end)} (${where})${text.slice(end)}`;
}

/**
 * Where the first sentence's closing punctuation is (a '.', '!' or '?' before whitespace or the end), else the
 * end. Not inside "double quotes" or `code`: messages quote user names (`log_metric("acc. top1", ...)`) and
 * descriptions quote code (`with ... as run:`). Should a quote never close, quotes are not taken into account.
 */
export function firstSentenceEnd(text: string): number {
  let open: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open !== null) {
      if (c === open) open = null;
    } else if (c === '"' || c === '`') {
      open = c;
    } else if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      return i;
    }
  }
  if (open === null) return text.length;
  const end = /[.!?](?=\s|$)/.exec(text);
  return end ? end.index : text.length;
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

function command(result: LintResult, message: LintMessage, root: string): string {
  const level = message.fatal || message.severity === 2 ? 'error' : 'warning';
  const file = relativeToRoot(root, result.filePath) ?? result.filePath;
  const region = githubRegion(message, result.source ?? result.file?.text);
  const props: [string, string | number | undefined][] = [
    ['file', file],
    ['line', message.line > 0 ? region.line : undefined],
    ['col', message.column > 0 ? region.column : undefined],
    ['endLine', region.endLine],
    ['endColumn', region.endColumn],
    ['title', message.ruleId ? `${TOOL_NAME}(${message.ruleId})` : TOOL_NAME],
  ];
  const list = props
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${level} ${list}::${escapeData(messageWithCell(message))}`;
}

/** One workflow command per problem, in file order; '' when there is nothing to report. */
export const githubFormatter: Formatter = (results: LintResult[], ctx: FormatterContext): string => {
  const root = repositoryRoot(ctx.cwd);
  const lines: string[] = [];
  for (const result of results) {
    for (const message of result.messages) lines.push(command(result, message, root));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
// The raw text tells where GitHub's lines differ from the position contract's (U+2028 / U+2029 in a notebook).
githubFormatter.needsSource = true;
