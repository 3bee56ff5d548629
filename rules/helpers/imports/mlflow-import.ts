// The `mlflow.` prefix fixes write, and the one `import mlflow` insertion they share.
//
// Every fix that introduces `mlflow.` carries the same insertion edit (same unit, offset and text) when
// the program binds no mlflow name: the fixer applies identical edits once, so twenty rewrites in a
// notebook add a single import. The edit is computed once per program and reused for that reason.
import type { SyntaxNode } from '@lezer/common';
import type { FixFunction, Program, RuleContext, SuggestionDescriptor, TextEdit } from '../../../lib/types.js';
import { importInsertion } from './placement.js';

/** What fixes write before `.log_metric(...)`: the program's own name for mlflow (`mf`), else `mlflow`. */
export function mlflowPrefix(context: RuleContext): string {
  return context.model.mlflowName ?? 'mlflow';
}

const insertionCache = new WeakMap<Program, TextEdit | null>();

/**
 * The edits a fix that uses `mlflowPrefix()` must add: none when mlflow is bound, else the shared
 * `import mlflow` insertion. Null when no safe place exists (then the fix must not be offered).
 */
export function mlflowImportEdits(context: RuleContext): TextEdit[] | null {
  const bound = context.model.mlflowName;
  if (bound !== null) {
    if (importedInTime(context, bound)) return [];
    // Imported only in a later cell or inside a function: an `import mlflow` of our own binds it in time (importing
    // twice is harmless); an alias (`mf`) cannot be bound that way.
    if (bound !== 'mlflow') return null;
  } else if (context.model.bindings.some((b) => b.name === 'mlflow')) {
    return null; // the program's own `mlflow = ...` would shadow the import
  }
  const { program } = context;
  if (!insertionCache.has(program)) insertionCache.set(program, importInsertion(program, 'import mlflow', { guarded: true }));
  const edit = insertionCache.get(program) ?? null;
  // A notebook runs its cells in order: an import in a later cell would come too late for this fix.
  if (!edit || program.units.indexOf(edit.unit!) > program.units.indexOf(context.unit)) return null;
  return [edit];
}

/** Whether `name` is bound by a module-level import of mlflow in this unit or an earlier one (notebook order). */
function importedInTime(context: RuleContext, name: string): boolean {
  const { model, program } = context;
  if (!model.importOf) return true; // a model that cannot tell (test fakes): trust mlflowName
  const here = program.units.indexOf(context.unit);
  return model.bindings.some(
    (b) => b.name === name && model.importOf!(b) === 'mlflow' && atModuleLevel(b.node) && program.units.indexOf(b.unit) <= here,
  );
}

function atModuleLevel(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition' || p.name === 'LambdaExpression') return false;
  }
  return true;
}

/** The fix's edits plus the import when needed; null (no fix) when the import has nowhere to go. */
export function withMlflowImport(context: RuleContext, edits: TextEdit[]): TextEdit[] | null {
  const imports = mlflowImportEdits(context);
  return imports ? [...edits, ...imports] : null;
}

/** A fix replacing `node` with MLflow code. */
export function replaceWithMlflow(context: RuleContext, node: SyntaxNode, replacement: string): FixFunction {
  return (fixer) => withMlflowImport(context, [fixer.replaceText(node, replacement)]);
}

/** The same replacement offered as a suggestion, for rewrites a human should confirm. */
export function mlflowSuggestion(
  context: RuleContext,
  node: SyntaxNode,
  replacement: string,
  messageId: string,
  data: Record<string, string>,
): SuggestionDescriptor {
  return { messageId, data, fix: replaceWithMlflow(context, node, replacement) };
}
