// The string an expression always holds, where the source shows it: a literal, or a name the program binds
// exactly once, by `name = "literal"`. Any other binding of the same name anywhere (a loop, a parameter, a
// second assignment) makes it unknown: this is for fixes, which must not guess.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext, Unit } from '../../../lib/types.js';
import { stringLiteralValue } from '../../../lib/python/nodes.js';

export function stringConstantOf(context: RuleContext, unit: Unit, node: SyntaxNode): string | null {
  const literal = stringLiteralValue(unit, node);
  if (literal !== null || node.name !== 'VariableName') return literal;
  const binding = context.model.bindingOf(unit, node);
  if (!binding || context.model.bindings.some((b) => b !== binding && b.name === binding.name)) return null;
  const assign = binding.node.parent;
  const op = binding.node.nextSibling;
  const value = op?.nextSibling;
  if (assign?.name !== 'AssignStatement' || assign.firstChild?.from !== binding.node.from || op?.name !== 'AssignOp') return null;
  if (!value || value.from !== assign.lastChild?.from) return null; // `a = b = "x"`, annotated or chained: not followed
  return stringLiteralValue(binding.unit, value);
}
