// no-unused-v1-import: an `azureml.core` import whose name nothing uses any more (typically after the other rules
// migrated its last use to MLflow) is removed: only that name, or the whole statement (its line) when it was the
// only one. The multipass fixer re-lints after each pass, so imports freed by earlier passes go in later ones.
// `import azureml.mlflow` is the MLflow plugin, not SDK v1: never touched.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext, RuleFixer, TextEdit, Unit } from '../lib/types.js';
import { endsWithLineBreak } from '../lib/line-breaks.js';
import { readImport, type ImportedName } from '../lib/python/imports.js';
import { mentionedInMagics } from './helpers/names/magic-mentions.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { lineStart, nextLineStart } from './helpers/source/text.js';

/** One comma-separated part of an import: `Run as AzRun`, `azureml.core as aml`, `Workspace`. */
interface Clause {
  from: number;
  to: number;
  name: ImportedName | null;
}

const rule: Rule = {
  meta: {
    type: 'suggestion',
    requiresText: ['azureml'], // only azureml.core imports are checked
    docs: {
      description:
        'Remove `azureml.core` (Azure ML SDK v1) imports whose names are no longer used: only those names, or the ' +
        'whole statement when none of its names is used. Exported names are used: those in `__all__`, those imported ' +
        'as themselves (`import Run as Run`) and every import of a package\'s `__init__.py`. `azureml.mlflow` (the ' +
        'MLflow plugin) is never touched.',
      recommended: true,
      url: ruleDocsUrl('no-unused-v1-import'),
      example: {
        before: 'import mlflow\nfrom azureml.core import Workspace, Experiment\nws = Workspace.from_config()\nmlflow.set_experiment("e")',
        after: 'import mlflow\nfrom azureml.core import Workspace\nws = Workspace.from_config()\nmlflow.set_experiment("e")',
      },
    },
    fixable: 'code',
    messages: {
      unused: '`{{name}}` is imported from {{module}} (Azure ML SDK v1) but never used; remove the import.',
    },
    schema: [],
  },

  create(context) {
    return {
      'Program:exit'() {
        for (const { unit, node } of context.model.azuremlImports) checkImport(context, unit, node);
      },
    };
  },
};

export default rule;

function checkImport(context: RuleContext, unit: Unit, statement: SyntaxNode): void {
  const info = readImport(statement, unit.text);
  if (info.star) return;
  const clauses = clausesOf(statement, info.names);
  // `import a.b` binds `a`: the module it imports is the clause's entry in `modules` (same order as `names`).
  const moduleOf = (name: ImportedName) => info.fromModule || info.modules[info.names.indexOf(name)] || name.qname;
  // A package's __init__.py re-exports what it imports: other modules import those names from it.
  if (isPackageInit(context)) return;
  const unused = clauses.filter(
    (c) => c.name !== null && isV1Core(moduleOf(c.name)) && !isUsed(context, c.name.local) && !isReExported(context, unit, c),
  );
  if (unused.length === 0) return;
  const fix = (fixer: RuleFixer) => removal(unit, statement, clauses, new Set(unused), fixer);
  for (const clause of unused) {
    context.report({
      unit,
      range: [clause.from, clause.to],
      messageId: 'unused',
      data: { name: clause.name!.local, module: moduleOf(clause.name!) },
      fix,
    });
  }
}

/** `from azureml.core[.x] import N`, `import azureml.core[.x] [as a]`; not azureml.mlflow, not other azureml packages. */
function isV1Core(module: string): boolean {
  return module === 'azureml.core' || module.startsWith('azureml.core.');
}

/**
 * Used when any binding of the name anywhere in the program is read (conservative: a name imported in two cells,
 * or rebound in an `except ImportError:` branch, stays), or when it appears in a masked magic line
 * (`%lprun -f f f(Workspace.from_config())`), which the model cannot see into.
 */
function isUsed(context: RuleContext, name: string): boolean {
  if (context.model.bindings.some((b) => b.name === name && b.references.length > 0)) return true;
  return mentionedInMagics(context, name);
}

/** Exported: listed in `__all__`, or imported as itself (`from azureml.core import Run as Run`, PEP 484's re-export form). */
function isReExported(context: RuleContext, unit: Unit, clause: Clause): boolean {
  const name = clause.name!;
  if (context.model.isExported?.(name.local) ?? false) return true;
  return /^(\w+)\s+as\s+\1$/.test(unit.text.slice(clause.from, clause.to));
}

function isPackageInit(context: RuleContext): boolean {
  const path = context.program.kind === 'writefile' ? context.program.name : context.file.path;
  return context.program.kind !== 'notebook' && context.program.kind !== 'markdown' && /(^|[\\/])__init__\.py$/.test(path);
}

/** The statement's clauses in order, split at its commas (parentheses and comments are not part of a clause). */
function clausesOf(statement: SyntaxNode, names: ImportedName[]): Clause[] {
  const clauses: Clause[] = [];
  let current: Clause | null = null;
  let afterImportKeyword = false;
  for (let child = statement.firstChild; child; child = child.nextSibling) {
    if (!afterImportKeyword) {
      afterImportKeyword = child.name === 'import';
      continue;
    }
    if (child.name === ',') {
      current = null;
      continue;
    }
    if (child.name === '(' || child.name === ')' || child.name === 'Comment') continue;
    if (!current) clauses.push((current = { from: child.from, to: child.to, name: null }));
    current.to = child.to;
  }
  // The bound node is the clause's alias, or for `import a.b` its first name: match by containment.
  for (const clause of clauses) clause.name = names.find((n) => n.node.from >= clause.from && n.node.to <= clause.to) ?? null;
  return clauses;
}

/** Edits removing the `unused` clauses: the whole statement (with its line) when none is left. */
function removal(unit: Unit, statement: SyntaxNode, clauses: Clause[], unused: Set<Clause>, fixer: RuleFixer): TextEdit[] | null {
  if (clauses.every((c) => unused.has(c))) return removeStatement(unit, statement, fixer);
  const edits: TextEdit[] = [];
  for (let i = 0; i < clauses.length; i++) {
    if (!unused.has(clauses[i])) continue;
    let j = i;
    while (j + 1 < clauses.length && unused.has(clauses[j + 1])) j++;
    // A run of removed clauses takes the comma after it, or, at the end of the list, the comma before it.
    edits.push(
      j + 1 < clauses.length
        ? fixer.removeRange([clauses[i].from, clauses[j + 1].from])
        : fixer.removeRange([clauses[i - 1].to, clauses[j].to]),
    );
    i = j;
  }
  return edits;
}

/**
 * The statement's whole line, newline included (the preceding newline on a last line without one). Inside a block
 * that holds nothing else it becomes `pass`; sharing its line with other code (`import a; from azureml...`), no fix.
 */
function removeStatement(unit: Unit, statement: SyntaxNode, fixer: RuleFixer): TextEdit[] | null {
  const text = unit.text;
  const start = lineStart(text, statement.from);
  const end = nextLineStart(text, statement.to);
  const ownsLine = /^[ \t]*$/.test(text.slice(start, statement.from)) && /^[ \t]*(#[^\n]*)?\r?\n?$/.test(text.slice(statement.to, end));
  if (!ownsLine) return null;
  const body = statement.parent;
  if (body && body.name === 'Body' && onlyStatementOf(body, statement)) return [fixer.replaceText(statement, 'pass')];
  if (end === text.length && !endsWithLineBreak(text) && start > 0) {
    const eolStart = text.startsWith('\r\n', start - 2) ? start - 2 : start - 1;
    return [fixer.removeRange([eolStart, end])];
  }
  return [fixer.removeRange([start, end])];
}

function onlyStatementOf(body: SyntaxNode, statement: SyntaxNode): boolean {
  for (let child = body.firstChild; child; child = child.nextSibling) {
    if (child.from !== statement.from && /Statement$|Definition$/.test(child.name)) return false;
  }
  return true;
}
