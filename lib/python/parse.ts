// The parse stage: @lezer/python trees for every unit, and where parse errors are.
import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Program, Unit } from '../types.js';

/** Trees parseUnit found free of error nodes: isInErrorRegion answers them without looking. */
const errorFree = new WeakSet<Tree>();

export function parseUnit(unit: Unit): void {
  const tree = parser.parse(unit.text);
  unit.tree = tree;
  unit.hasErrors = containsError(tree.cursor());
  if (!unit.hasErrors) errorFree.add(tree);
}

export function parseProgram(program: Program): void {
  for (const unit of program.units) parseUnit(unit);
}

/**
 * True when a fix must not touch `node`: it is or lies inside an error node, contains one, its
 * statement (header only, for compound statements) contains one, or the statement sits right
 * next to an error node (the parser's recovery often splits broken code into clean-looking pieces).
 */
export function isInErrorRegion(node: SyntaxNode): boolean {
  let statement: SyntaxNode | null = null;
  let top = node;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.type.isError) return true;
    if (!statement && n.type.is('Statement')) statement = n;
    top = n;
  }
  if (top.tree && errorFree.has(top.tree)) return false;
  if (containsError(node.cursor())) return true;
  if (!statement) return false;
  if (containsError(statement.cursor(), true)) return true;
  return Boolean(statement.prevSibling?.type.isError || statement.nextSibling?.type.isError);
}

/** Whether the cursor's subtree holds an error node; `skipBodies` leaves nested statement bodies out. */
function containsError(c: TreeCursor, skipBodies = false): boolean {
  if (c.type.isError) return true;
  if (!c.firstChild()) return false;
  for (let depth = 1; ; ) {
    if (c.type.isError) return true;
    if (!(skipBodies && c.name === 'Body') && c.firstChild()) {
      depth++;
      continue;
    }
    while (!c.nextSibling()) {
      c.parent();
      if (--depth === 0) return false;
    }
  }
}
