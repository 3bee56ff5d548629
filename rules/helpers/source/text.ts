// Small text and layout helpers shared by the built-in rules' fixes.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext, Unit } from '../../../lib/types.js';
import type { Arg } from '../../../lib/python/nodes.js';
import { lineBreakOf, lineStartAt, nextLineStartAt } from '../../../lib/line-breaks.js';

/** Source text of a node of any unit (RuleContext.getText only reads the current unit). */
export function textOf(unit: Unit, node: SyntaxNode): string {
  return unit.text.slice(node.from, node.to);
}

/** Source text of a call argument's value, as written. */
export function valueText(context: RuleContext, arg: Arg): string {
  return textOf(context.unit, arg.value);
}

/**
 * The unit's line break, so inserted lines match the file (CRLF, or CR-only old Mac files): its own code's (not
 * a synthetic prefix's), else the notebook's when the cell has none.
 */
export function eolOf(unit: Unit): string {
  return lineBreakOf(unit.text.slice(unit.segments[0]?.unitStart ?? 0), unit.lineBreak);
}

/** Offset where the line holding `pos` starts. */
export const lineStart = lineStartAt;

/** Offset of the start of the line after the one holding `pos` (text.length on the last line). */
export const nextLineStart = nextLineStartAt;

/**
 * The indentation of a statement when it is the first thing on its line, else null (`if c: stmt`,
 * `a = 1; stmt`): a fix that adds a line before the statement needs the statement to own its line.
 */
export function ownLineIndent(unit: Unit, statement: SyntaxNode): string | null {
  const before = unit.text.slice(lineStart(unit.text, statement.from), statement.from);
  return /^[ \t]*$/.test(before) ? before : null;
}
