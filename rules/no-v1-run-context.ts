// no-v1-run-context: `run = Run.get_context()` left with no use at all → remove the statement.
//
// Inside an Azure ML job MLflow already logs to the job's run, so the v1 handle is only needed while v1
// calls use it. The other rules rewrite those calls first (`run.log(...)` → `mlflow.log_metric(...)`); the
// fixer re-lints after each pass, and once nothing reads the name this rule removes the line. While any
// reference remains (a v1 call, `run.id`, passing it to a function) it stays silent: the uses are either
// reported by the rules that rewrite them, or need the run object.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext, RuleFixer, TextEdit } from '../lib/types.js';
import { callsNamed } from '../lib/engine/traverse.js';
import { endsWithLineBreak } from '../lib/line-breaks.js';
import { callParts } from '../lib/python/nodes.js';
import { mentionedInMagics } from './helpers/names/magic-mentions.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { lineStart, nextLineStart, textOf } from './helpers/source/text.js';

const rule: Rule = {
  meta: {
    type: 'suggestion',
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Remove `run = Run.get_context()` (and a bare `Run.get_context()`; also `Run.get_submitted_run()`, its ' +
        'pre-release name) once nothing uses the run: inside an Azure ML job MLflow already logs to the job\'s run. Reported only when the name has no reference left, ' +
        'typically after the other rules have rewritten the run\'s logging calls.',
      recommended: true,
      url: ruleDocsUrl('no-v1-run-context'),
      example: {
        before: ['import mlflow', 'from azureml.core import Run', 'run = Run.get_context()', 'mlflow.log_metric("acc", acc)'].join('\n'),
        after: ['import mlflow', 'from azureml.core import Run', 'mlflow.log_metric("acc", acc)'].join('\n'),
      },
    },
    fixable: 'code',
    messages: {
      unusedContext:
        '`{{name}} = {{call}}` is Azure ML SDK v1 and `{{name}}` is no longer used: in an Azure ML job MLflow ' +
        'already logs to the job\'s run. Remove it.',
      bareContext:
        '{{call}} is Azure ML SDK v1 and its result is not used: in an Azure ML job MLflow already logs to ' +
        'the job\'s run. Remove it.',
      unusedContextNoFix:
        '`{{name}} = {{call}}` is Azure ML SDK v1 and `{{name}}` is no longer used: in an Azure ML job MLflow ' +
        'already logs to the job\'s run. Not removed automatically: the statement shares its line with other code.',
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    return {
      [CONTEXT_CALLS](node: SyntaxNode) {
        const method = context.model.usesAzureml ? getContextMethodOf(context, node) : null;
        if (!method) return;
        const call = `Run.${method}()`;
        const statement = node.parent;
        if (statement?.name === 'ExpressionStatement' && statement.firstChild?.from === node.from) {
          reportRemoval(context, node, statement, 'bareContext', { call });
          return;
        }
        const target = statement ? singleTarget(statement, node) : null;
        if (!statement || !target) return;
        const binding = context.model.bindingOf(context.unit, target);
        const name = textOf(context.unit, target);
        // A masked magic line (`%lprun -f train train(run)`) may still read it: the model cannot see that use.
        if (!binding || binding.references.length > 0 || mentionedInMagics(context, name)) return;
        reportRemoval(context, node, statement, 'unusedContext', { name, call });
      },
    };
  },
};

/**
 * 'get_context' for `Run.get_context(...)` itself, through any import form (`AzRun.get_context()`,
 * `aml.Run.get_context()`), and 'get_submitted_run' for its pre-release name; else null.
 */
/** The class methods of v1 Run that return a run. */
const CONTEXT_METHODS = ['get_context', 'get_submitted_run'];
const CONTEXT_CALLS = callsNamed(CONTEXT_METHODS);

function getContextMethodOf(context: RuleContext, call: SyntaxNode): string | null {
  const { method, receiver } = callParts(call, context.unit.text);
  if (method === null || !CONTEXT_METHODS.includes(method) || !receiver) return null;
  return context.model.v1ClassOf(context.unit, receiver) === 'Run' ? method : null;
}

/** The one plain name `x = call` / `x: T = call` binds; null for tuples, chains (`a = b = call`), attributes. */
function singleTarget(statement: SyntaxNode, call: SyntaxNode): SyntaxNode | null {
  if (statement.name !== 'AssignStatement' || statement.lastChild?.from !== call.from) return null;
  const target = statement.firstChild;
  let next = target?.nextSibling;
  if (next?.name === 'TypeDef') next = next.nextSibling;
  if (target?.name !== 'VariableName' || next?.name !== 'AssignOp' || next.nextSibling?.from !== call.from) return null;
  return target;
}

function reportRemoval(
  context: RuleContext,
  node: SyntaxNode,
  statement: SyntaxNode,
  messageId: 'unusedContext' | 'bareContext',
  data: Record<string, string>,
): void {
  const removal = removalOf(context, statement);
  if (!removal) {
    if (messageId === 'unusedContext') context.report({ node, messageId: 'unusedContextNoFix', data });
    return; // a bare call sharing its line: nothing worth a report without a fix
  }
  context.report({ node, messageId, data, fix: removal });
}

/**
 * Removes the statement's whole line(s), or writes `pass` when it is the only statement of its block
 * (`try:` / `if` bodies must not become empty). Null when the statement shares a line with other code.
 */
function removalOf(context: RuleContext, statement: SyntaxNode): ((fixer: RuleFixer) => TextEdit) | null {
  const text = context.unit.text;
  const start = lineStart(text, statement.from);
  const end = nextLineStart(text, statement.to);
  const before = text.slice(start, statement.from);
  const after = text.slice(statement.to, end);
  // Only blanks before it; after it only blanks or a comment (the comment goes with the line).
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?\r?\n?$/.test(after)) return null;

  const body = statement.parent;
  if (body?.name === 'Body' && onlyStatement(body, statement)) {
    return (fixer) => fixer.replaceTextRange([statement.from, statement.to], 'pass');
  }
  // On the last line, take the newline before it instead, so no blank line is left behind.
  if (end === text.length && !endsWithLineBreak(text) && start > 0) {
    const eolStart = text.startsWith('\r\n', start - 2) ? start - 2 : start - 1;
    return (fixer) => fixer.removeRange([eolStart, end]);
  }
  return (fixer) => fixer.removeRange([start, end]);
}

function onlyStatement(body: SyntaxNode, statement: SyntaxNode): boolean {
  for (let child = body.firstChild; child; child = child.nextSibling) {
    if (child.type.is('Statement') && child.from !== statement.from) return false;
  }
  return true;
}

export default rule;
