// The `mlflow.` prefix fixes write, and the one `import mlflow` insertion they share.
//
// Every fix that introduces `mlflow.` carries the same insertion edit (same unit, offset and text) when
// the program binds no mlflow name: the fixer applies identical edits once, so twenty rewrites in a
// notebook add a single import. The edit is computed once per program and reused for that reason.
import type { SyntaxNode } from '@lezer/common';
import type { FixFunction, Program, RuleContext, SuggestionDescriptor, TextEdit, Unit } from '../../lib/types.js';
import { eolOf, lineStart, nextLineStart, textOf } from './source.js';

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
  if (!insertionCache.has(program)) insertionCache.set(program, importInsertion(program));
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

/**
 * Where a program-wide import goes (`import mlflow`, or another `statement` such as `import json`):
 * the same place for every module, so that imports a rule adds stay together.
 */
export function importInsertion(program: Program, statement = 'import mlflow'): TextEdit | null {
  const units = program.units.filter((unit) => unit.tree);
  if (program.kind === 'script' || program.kind === 'writefile') {
    return units[0] ? insertionIn(units[0], statement) : null;
  }
  // Notebook (and markdown blocks): with the imports of the first cell that has some, else atop the first cell.
  // Cells that do not parse are passed over: the fixer refuses edits next to a syntax error.
  const parsed = units.filter((unit) => !unit.hasErrors);
  for (const unit of parsed) {
    if (topStatements(unit).some(isImport)) {
      const edit = insertionIn(unit, statement);
      if (edit) return edit;
    }
  }
  for (const unit of parsed) {
    const edit = insertionIn(unit, statement);
    if (edit) return edit;
  }
  return null;
}

/**
 * `statement` in `unit`: after a leading docstring and `from __future__` imports (Python requires them
 * first), then just before the next statement when it is an import (below a licence comment, with the
 * other imports); else right there, after a `#!` or coding line. Never below other code: it may use the name.
 */
function insertionIn(unit: Unit, statement: string): TextEdit | null {
  const text = unit.text;
  const eol = eolOf(unit);
  const firstFree = firstFreeLine(unit);
  if (firstFree === text.length && !/(^|\n)$/.test(text)) return null; // nothing but a magic line
  let offset = firstFree;
  const statements = topStatements(unit).filter((node) => node.from >= offset);
  let i = 0;
  if (statements[0] && isDocstring(statements[0])) i++;
  while (statements[i] && isFutureImport(unit, statements[i])) i++;
  if (i > 0) offset = nextLineStart(text, statements[i - 1].to);
  const firstImport = statements[i] && isImport(statements[i]) ? statements[i] : undefined;
  if (firstImport) offset = Math.max(offset, lineStart(text, firstImport.from));
  else if (i === 0) offset = afterHeaderComments(text, offset);
  if (inProtected(unit, offset)) return null;
  // At the very end of a text without a final newline (a cell holding only a docstring), start a line.
  const atEnd = offset === text.length && !text.endsWith('\n') && offset > firstFree;
  // An indented cell (IPython dedents it) keeps its indentation on the new line.
  const indent = /^[ \t]*/.exec(text.slice(atEnd ? lineStart(text, offset) : offset))![0];
  const insert = atEnd ? `${eol}${indent}${statement}` : `${indent}${statement}${eol}`;
  return { range: [offset, offset], text: insert, unit };
}

/** The first line start that is neither a masked magic line nor synthetic text (an indented cell's `if 1:`). */
function firstFreeLine(unit: Unit): number {
  const text = unit.text;
  let offset = unit.segments.length ? unit.segments[0].unitStart : 0;
  for (let moved = true; moved; ) {
    moved = false;
    for (const [start, end] of unit.protectedRanges) {
      if (start <= offset && offset < end) {
        offset = nextLineStart(text, Math.max(offset, end - 1));
        moved = true;
      }
    }
  }
  return offset;
}

/** Skips a script's `#!` line and `# -*- coding: ... -*-` line, which must stay first. */
function afterHeaderComments(text: string, offset: number): number {
  while (offset < text.length && /^#(!|.*coding[:=])/.test(text.slice(offset, nextLineStart(text, offset)))) {
    offset = nextLineStart(text, offset);
  }
  return offset;
}

function inProtected(unit: Unit, offset: number): boolean {
  return unit.protectedRanges.some(([start, end]) => start <= offset && offset < end);
}

function topStatements(unit: Unit): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let node = unit.tree?.topNode.firstChild ?? null; node; node = node.nextSibling) {
    if (!node.type.isError && node.name !== 'Comment') out.push(node);
  }
  return out;
}

const isImport = (node: SyntaxNode): boolean => node.name === 'ImportStatement';

function isDocstring(node: SyntaxNode): boolean {
  const only = node.firstChild;
  return (
    node.name === 'ExpressionStatement' &&
    only !== null &&
    only.nextSibling === null &&
    (only.name === 'String' || only.name === 'ContinuedString')
  );
}

function isFutureImport(unit: Unit, node: SyntaxNode): boolean {
  return isImport(node) && /^from\s+__future__\s+import\b/.test(textOf(unit, node));
}
