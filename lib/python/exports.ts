// The names a module exports through `__all__` (Model.isExported): `from m import *` and the re-export modules
// that other code imports from read them, so they count as used even when the module itself never reads them.
import type { SyntaxNode } from '@lezer/common';
import type { Program, Unit } from '../types.js';
import { elementNodes, stringLiteralValue } from './nodes.js';

/** The exported names, or 'any' when `__all__` is computed (`[n for n in dir()]`, `other.__all__ + [...]`). */
export type Exports = ReadonlySet<string> | 'any';

const NONE: Exports = new Set();

/**
 * Names listed in module-level `__all__ = [...]` / `(...)`, `__all__ += [...]`, `__all__.append("x")`,
 * `__all__.extend([...])` and `.insert(i, "x")`, in any unit of the program.
 */
export function exportsOf(program: Program): Exports {
  const names = new Set<string>();
  for (const unit of program.units) {
    if (!unit.tree || !unit.text.includes('__all__')) continue;
    let computed = false;
    unit.tree.iterate({
      enter: (ref) => {
        if (computed || ref.name === 'FunctionDefinition' || ref.name === 'ClassDefinition' || ref.name === 'LambdaExpression') return false;
        if (ref.name !== 'VariableName' || unit.text.slice(ref.from, ref.to) !== '__all__') return undefined;
        const added = namesAddedAt(unit, ref.node);
        if (added === 'any') computed = true;
        else for (const name of added) names.add(name);
        return undefined;
      },
    });
    if (computed) return 'any';
  }
  return names.size ? names : NONE;
}

/** What this mention of `__all__` adds to it: nothing for a read, the listed names, or 'any' when not literal. */
function namesAddedAt(unit: Unit, node: SyntaxNode): string[] | 'any' {
  const parent = node.parent;
  if (!parent) return [];
  if ((parent.name === 'AssignStatement' || parent.name === 'UpdateStatement') && parent.firstChild?.from === node.from) {
    let op = node.nextSibling;
    if (op?.name === 'TypeDef') op = op.nextSibling;
    if (op?.name !== 'AssignOp' && op?.name !== 'UpdateOp') return 'any'; // `__all__ = x = [...]`, tuple targets
    return op.nextSibling ? literalNames(unit, op.nextSibling) : [];
  }
  const call = parent.parent;
  if (parent.name === 'MemberExpression' && parent.firstChild?.from === node.from && call?.name === 'CallExpression') {
    const method = unit.text.slice(parent.lastChild!.from, parent.lastChild!.to);
    const args = call.lastChild?.name === 'ArgList' ? elementNodes(call.lastChild) : [];
    if (method === 'append' && args.length === 1) return literalNames(unit, args[0]!, true);
    if (method === 'insert' && args.length === 2) return literalNames(unit, args[1]!, true);
    if (method === 'extend' && args.length === 1) return literalNames(unit, args[0]!);
  }
  return [];
}

/** The strings of a list/tuple literal (or one string when `single`); 'any' for anything else. */
function literalNames(unit: Unit, value: SyntaxNode, single = false): string[] | 'any' {
  const items = single ? [value] : value.name === 'ArrayExpression' || value.name === 'TupleExpression' ? elementNodes(value) : null;
  if (!items) return 'any';
  const names: string[] = [];
  for (const item of items) {
    const name = stringLiteralValue(unit, item);
    if (name === null) return 'any';
    names.push(name);
  }
  return names;
}
