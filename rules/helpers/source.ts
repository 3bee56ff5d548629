// Small text and layout helpers shared by the built-in rules' fixes.
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../../lib/types.js';

/** Source text of a node of any unit (RuleContext.getText only reads the current unit). */
export function textOf(unit: Unit, node: SyntaxNode): string {
  return unit.text.slice(node.from, node.to);
}

/** The unit's line ending, so inserted lines match the file (scripts may use CRLF). */
export function eolOf(unit: Unit): string {
  return unit.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Offset where the line holding `pos` starts. */
export function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Offset of the start of the line after the one holding `pos` (text.length on the last line). */
export function nextLineStart(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * The indentation of a statement when it is the first thing on its line, else null (`if c: stmt`,
 * `a = 1; stmt`): a fix that adds a line before the statement needs the statement to own its line.
 */
export function ownLineIndent(unit: Unit, statement: SyntaxNode): string | null {
  const before = unit.text.slice(lineStart(unit.text, statement.from), statement.from);
  return /^[ \t]*$/.test(before) ? before : null;
}

/** True when a comment sits inside the node: rewriting the node's text would drop it. */
export function containsComment(node: SyntaxNode): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Comment' || containsComment(child)) return true;
  }
  return false;
}

/** Shortens source text for a message (one line, at most `max` characters). */
export function brief(text: string, max = 40): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
