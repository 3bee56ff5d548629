// Where a node is, in words for a message: "cell 3, line 2" in a notebook, "line 12" in a script.
import type { SyntaxNode } from '@lezer/common';
import { locate } from '../../../lib/positions.js';
import type { RuleContext, Unit } from '../../../lib/types.js';

export function whereText(context: RuleContext, unit: Unit, node: SyntaxNode): string {
  const location = locate(context.file, unit, [node.from, node.from]);
  return location.cell !== undefined ? `cell ${location.cell}, line ${location.cellLine}` : `line ${location.line}`;
}
