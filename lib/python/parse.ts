// The parse stage: @lezer/python trees for every unit, and where parse errors are.
import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Program, Unit } from '../types.js';

/** Trees parseUnit found free of error nodes: isInErrorRegion answers them without looking. */
const errorFree = new WeakSet<Tree>();

export function parseUnit(unit: Unit): void {
  const tree = parser.parse(parserText(unit.text));
  unit.tree = tree;
  // Whether the tree has an error node is only asked where a rule reports a fix: most cells never are, so the
  // full-tree scan runs on first read, not for every cell parsed.
  let hasErrors: boolean | undefined;
  Object.defineProperty(unit, 'hasErrors', {
    configurable: true,
    enumerable: true,
    get: () => {
      if (hasErrors === undefined) {
        hasErrors = containsError(tree.cursor());
        if (!hasErrors) errorFree.add(tree);
      }
      return hasErrors;
    },
    set: (value: boolean) => {
      hasErrors = value;
    },
  });
}

/**
 * @lezer/python reads a float with a trailing dot (`x / 255.`, `1.e-3`) as a member access with a missing
 * name, an error node that would block every fix in the file. The parser gets `2550` / `10e-3` instead:
 * same length, so offsets hold, and the unit's own text (what fixes copy) keeps the original. Inside a
 * string or comment the swap changes nothing the tree shows.
 */
const TRAILING_DOT_FLOAT = /(?<![\p{L}\p{N}_.])(\d[\d_]*)\.(?=[eE][+-]?\d|[^\p{L}\p{N}_.]|$)/gu;

export function parserText(text: string): string {
  return text.replace(TRAILING_DOT_FLOAT, (_, digits: string) => `${digits}0`);
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
