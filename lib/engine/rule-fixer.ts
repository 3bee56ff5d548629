// The fixer handed to a rule's `fix(fixer)`: builds TextEdits in the coordinates of the unit being reported.
import type { SyntaxNode } from '@lezer/common';
import type { RuleFixer, TextEdit, Unit } from '../types.js';

const edit = (start: number, end: number, text: string): TextEdit => ({ range: [start, end], text });

export const ruleFixer: RuleFixer = {
  replaceText: (node: SyntaxNode, text: string) => edit(node.from, node.to, text),
  replaceTextRange: (range: [number, number], text: string) => edit(range[0], range[1], text),
  insertTextBefore: (node: SyntaxNode, text: string) => edit(node.from, node.from, text),
  insertTextAfter: (node: SyntaxNode, text: string) => edit(node.to, node.to, text),
  insertTextBeforeRange: (range: [number, number], text: string) => edit(range[0], range[0], text),
  insertTextAfterRange: (range: [number, number], text: string) => edit(range[1], range[1], text),
  remove: (node: SyntaxNode) => edit(node.from, node.to, ''),
  removeRange: (range: [number, number]) => edit(range[0], range[1], ''),
  editMagicLine: (unit: Unit, range: [number, number], text: string) => ({ range: [range[0], range[1]], text, unit, magicLine: true }),
  // The range is a placeholder: toLintFix turns this edit into a CellInsert.
  insertCellBefore: (cellIndex: number, source: string) => ({ range: [0, 0], text: source, insertCellBefore: cellIndex }),
};
