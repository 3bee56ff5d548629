// Where an artifact a fix writes to a fixed file would be overwritten: in a loop, each pass writes the same file.
import type { SyntaxNode } from '@lezer/common';

/** True inside a `for` or `while` body of the same function: a fixed artifact file would be overwritten each time. */
export function insideLoop(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'ForStatement' || up.name === 'WhileStatement') return true;
    if (up.name === 'FunctionDefinition' || up.name === 'ClassDefinition' || up.name === 'LambdaExpression') return false;
  }
  return false;
}
