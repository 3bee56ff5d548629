// Problems as LSP diagnostics, on the document they are in: a notebook's problems on their cell's document, at
// the cell position the CLI reports (cellLine/cellColumn), a text document's at the raw line/column.
import type { Diagnostic, Range } from 'vscode-languageserver';
import type { LintMessage, RuleMeta } from '../types.js';
import type { LintTarget } from './targets.js';

export const SOURCE = 'nblint-mlflow';

const ERROR = 1;
const WARNING = 2;

/** The index into target.documents a problem belongs to. */
export function documentIndexOf(target: LintTarget, message: LintMessage): number {
  if (target.kind !== 'notebook') return 0;
  const cell = (message.cell ?? 1) - 1;
  return cell >= 0 && cell < target.documents.length ? cell : 0;
}

export function rangeOf(target: LintTarget, message: LintMessage): Range {
  if (target.kind === 'notebook' && message.cellLine !== undefined) {
    return span(message.cellLine, message.cellColumn ?? 1, message.cellEndLine, message.cellEndColumn);
  }
  return span(message.line, message.column, message.endLine, message.endColumn);
}

function span(line: number, column: number, endLine?: number, endColumn?: number): Range {
  // 1-based (0:0 for problems without a position) to LSP's 0-based.
  const start = { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
  const end = endLine === undefined ? start : { line: Math.max(0, endLine - 1), character: Math.max(0, (endColumn ?? column) - 1) };
  return { start, end };
}

export function diagnosticOf(target: LintTarget, message: LintMessage, meta: RuleMeta | undefined): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(target, message),
    severity: message.severity === 2 ? ERROR : WARNING,
    source: SOURCE,
    message: message.message,
  };
  if (message.ruleId !== null) diagnostic.code = message.ruleId;
  if (meta?.docs.url) diagnostic.codeDescription = { href: meta.docs.url };
  return diagnostic;
}

/** Diagnostics per document of the target (every document gets a list, empty ones clear what was shown). */
export function diagnosticsByDocument(target: LintTarget, messages: readonly LintMessage[], metaOf: (ruleId: string) => RuleMeta | undefined): Diagnostic[][] {
  const out: Diagnostic[][] = target.documents.map(() => []);
  for (const message of messages) {
    out[documentIndexOf(target, message)].push(diagnosticOf(target, message, message.ruleId === null ? undefined : metaOf(message.ruleId)));
  }
  return out;
}

/** Whether two ranges touch or overlap (a code action request's range against a problem's). */
export function rangesMeet(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
