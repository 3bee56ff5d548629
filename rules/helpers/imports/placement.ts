// Where an import that fixes add goes (`import mlflow`, `import json`): one place per program, the same for
// every fix, so that the fixer applies the shared insertion once and added imports stay together.
import type { SyntaxNode } from '@lezer/common';
import type { Program, TextEdit, Unit } from '../../../lib/types.js';
import { isAzuremlModule, readImport } from '../../../lib/python/imports.js';
import { eolOf, lineStart, nextLineStart, textOf } from '../source/text.js';
import { endsWithLineBreak } from '../../../lib/line-breaks.js';

export interface PlacementOptions {
  /**
   * The import replaces Azure ML's: when azureml is only imported inside an import guard (`try: from azureml.core
   * import Run` / `except ImportError: ...`), it goes inside that guard, so the program still runs without it.
   */
  guarded?: boolean;
}

/** The insertion of `statement` (default `import mlflow`); null when no safe place exists. */
export function importInsertion(program: Program, statement = 'import mlflow', options: PlacementOptions = {}): TextEdit | null {
  const units = program.units.filter((unit) => unit.tree);
  // Cells that do not parse are passed over: the fixer refuses edits in them.
  const parsed = units.filter((unit) => !unit.hasErrors);
  if (options.guarded) {
    const guard = importGuardOf(parsed);
    if (guard) return insertionInGuard(guard.unit, guard.azuremlImport, statement);
  }
  if (program.kind === 'script' || program.kind === 'writefile') {
    return units[0] ? insertionIn(units[0], statement) : null;
  }
  // Notebook (and markdown blocks): with the imports of the first cell that has some, else atop the first cell.
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

// ── inside an import guard ──

/**
 * The first module-level import of azureml, when it sits directly in the body of a `try` that catches
 * ImportError and no module-level azureml import is unguarded (then the program needs azureml anyway).
 */
function importGuardOf(units: Unit[]): { unit: Unit; azuremlImport: SyntaxNode } | null {
  let guard: { unit: Unit; azuremlImport: SyntaxNode } | null = null;
  for (const unit of units) {
    for (const statement of topStatements(unit)) {
      if (isImport(statement) && importsAzureml(unit, statement)) return null;
      if (guard || statement.name !== 'TryStatement' || !catchesImportError(unit, statement)) continue;
      const body = statement.getChild('Body');
      for (let child = body?.firstChild ?? null; child; child = child.nextSibling) {
        if (isImport(child) && importsAzureml(unit, child)) {
          guard = { unit, azuremlImport: child };
          break;
        }
      }
    }
  }
  return guard;
}

function importsAzureml(unit: Unit, statement: SyntaxNode): boolean {
  return readImport(statement, unit.text).modules.some(isAzuremlModule);
}

const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/**
 * A bare `except:` or one naming ImportError, ModuleNotFoundError or a base class of them, whose body does more
 * than raise again (`except ImportError: raise SystemExit(...)` needs the module as much as a plain import does).
 */
function catchesImportError(unit: Unit, tryStatement: SyntaxNode): boolean {
  for (let keyword = tryStatement.getChild('except'); keyword; keyword = keyword.nextSibling) {
    if (keyword.name !== 'except') continue;
    let caught: SyntaxNode | null = keyword.nextSibling;
    if (caught?.name === 'Body') caught = null;
    const names = !caught ? [] : caught.name === 'TupleExpression' || caught.name === 'ParenthesizedExpression' ? [...childrenOf(caught)] : [caught];
    if (caught && !names.some((name) => IMPORT_ERRORS.has(textOf(unit, name)))) continue;
    let body: SyntaxNode | null = keyword;
    while (body && body.name !== 'Body') body = body.nextSibling;
    if (body && [...childrenOf(body)].some((s) => s.type.is('Statement') && s.name !== 'RaiseStatement')) return true;
  }
  return false;
}

function* childrenOf(node: SyntaxNode): Generator<SyntaxNode> {
  for (let child = node.firstChild; child; child = child.nextSibling) yield child;
}

/** `statement` on its own line just above the guarded azureml import, indented as it is. */
function insertionInGuard(unit: Unit, azuremlImport: SyntaxNode, statement: string): TextEdit | null {
  const offset = lineStart(unit.text, azuremlImport.from);
  const indent = unit.text.slice(offset, azuremlImport.from);
  if (!/^[ \t]+$/.test(indent) || inProtected(unit, offset)) return null; // `try: from azureml.core import Run` on one line
  return { range: [offset, offset], text: `${indent}${statement}${eolOf(unit)}`, unit };
}

// ── with the module's imports ──

/**
 * `statement` in `unit`: after a leading docstring and `from __future__` imports (Python requires them
 * first), then just before the next statement when it is an import (below a licence comment, with the
 * other imports); else right there, after a `#!` or coding line. Never below other code: it may use the name.
 */
function insertionIn(unit: Unit, statement: string): TextEdit | null {
  const text = unit.text;
  const eol = eolOf(unit);
  const firstFree = firstFreeLine(unit);
  if (firstFree === text.length && !/(^|[\r\n])$/.test(text)) return null; // nothing but a magic line
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
  const atEnd = offset === text.length && !endsWithLineBreak(text) && offset > firstFree;
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
