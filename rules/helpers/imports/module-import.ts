// Reaching a standard-library module (`json`) from a fix: the program's own `import json` when it comes
// first, else an `import json` placed with the program's imports (placement.ts), shared by every fix.
import type { SyntaxNode } from '@lezer/common';
import type { Program, RuleContext, TextEdit } from '../../../lib/types.js';
import { importInsertion } from './placement.js';

const insertionCache = new WeakMap<Program, Map<string, TextEdit | null>>();

/**
 * The edits that make `module` usable by its own name at `at`: none when an `import <module>` binds it
 * before, else the shared insertion. Null when the name is bound to something else anywhere in the
 * program (an added import would change that name's meaning) or when the import has nowhere to go.
 */
export function moduleImportEdits(context: RuleContext, module: string, at: SyntaxNode): TextEdit[] | null {
  const { model, program, unit } = context;
  const order = (u: typeof unit, offset: number): [number, number] => [program.units.indexOf(u), offset];
  const before = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  const bindings = model.bindings.filter((binding) => binding.name === module);
  if (!model.importOf || bindings.some((binding) => model.importOf!(binding) !== module)) return null;
  if (bindings.some((binding) => before(order(binding.unit, binding.node.from), order(unit, at.from)))) return [];

  let cache = insertionCache.get(program);
  if (!cache) insertionCache.set(program, (cache = new Map()));
  if (!cache.has(module)) cache.set(module, importInsertion(program, `import ${module}`));
  const edit = cache.get(module) ?? null;
  // A notebook runs its cells in order: an import in a later cell would come too late.
  if (!edit || program.units.indexOf(edit.unit!) > program.units.indexOf(unit)) return null;
  return [edit];
}
