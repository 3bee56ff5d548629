// `-f github`: GitHub Actions workflow commands, one per problem, which the runner turns into annotations on the
// pull request's diff: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
// Positions are raw-file lines and columns (a notebook's JSON as stored), so the annotation lands on the call.
import type { LintMessage, LintResult } from '../types.js';
import { escapeControlCharacters } from './control-chars.js';
import { formatterOf, TOOL_NAME, type FormatDefinition } from './formatter.js';
import { githubRegion } from './github-lines.js';
import { messageWithCell } from './message-title.js';
import { relativeToRoot, repositoryRoot } from './repository.js';

// Escaping as actions/toolkit packages/core/src/command.ts does it (escapeData / escapeProperty): the runner
// decodes exactly these sequences. '%' first, so a literal "%0A" in a message stays literal.
export function escapeData(s: string): string {
  // Other control characters (an escape sequence in a cell) are shown as \xNN rather than sent to the log.
  return escapeControlCharacters(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
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

/** One workflow command per problem, in file order; nothing when there is nothing to report. */
export const githubFormat: FormatDefinition<string> = {
  // The raw text tells where GitHub's lines differ from the position contract's (U+2028 / U+2029 in a notebook).
  needsSource: true,
  prepare(result, ctx) {
    const root = repositoryRoot(ctx.cwd);
    let out = '';
    for (const message of result.messages) out += `${command(result, message, root)}\n`;
    return out;
  },
  open: (_ctx, sink) => ({
    add: (commands) => commands && sink.write(commands),
    end: () => [],
  }),
};

export const githubFormatter = formatterOf(githubFormat);
