// no-run-log-list: `run.log_list(name, values)` on an Azure ML v1 Run → one `mlflow.log_metric` per value,
// its index as the step: `for step, value in enumerate(values): mlflow.log_metric(name, value, step=step)`.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext } from '../lib/types.js';
import { lineEndAt } from '../lib/line-breaks.js';
import { freshName } from './helpers/names/fresh-name.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { valueText, eolOf, ownLineIndent, textOf } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';

const SIGNATURES = { log_list: { slots: ['name', 'value', 'description'] } } as const;

const TITLE = 'Run.log_list() is Azure ML SDK v1 logging; use {{mlflow}}.log_metric({{name}}, value, step=step) for each value instead.';

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.log_list(name, values)` with a loop of `mlflow.log_metric(name, value, step=step)` ' +
        'over `enumerate(values)`: the list\'s order is kept as the steps, and a generator works as well. The v1 ' +
        '`description` is dropped. Only a call that is a statement of its own is rewritten; a list of strings is ' +
        'reported without a fix, since MLflow metrics are numbers, and a list whose elements are bools or of a type not ' +
        'known before the code runs gets a suggestion (log_metric raises on anything but a number).',
      recommended: true,
      url: ruleDocsUrl('no-run-log-list'),
      example: {
        before: ['from azureml.core import Run', 'run = Run.get_context()', 'run.log_list("losses", losses)'].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'for step, value in enumerate(losses):',
          '    mlflow.log_metric("losses", value, step=step)',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      logList: TITLE,
      cannotFix: `${TITLE} Not fixed automatically: {{reason}}.`,
      otherRun:
        'Run.log_list() on a {{kind}} run is Azure ML SDK v1 logging; use {{mlflow}}.log_metric({{name}}, value, step=step, ' +
        'run_id=...) for each value instead. Not fixed automatically: MLflow logs to its active run, so logging to another ' +
        'run needs that run\'s id.',
      useLoop: 'Replace with a loop of {{mlflow}}.log_metric({{name}}, value, step=step).',
      useLoopWithRunId: 'Replace with a loop of {{mlflow}}.log_metric({{name}}, value, step=step, run_id={{run}}.id).',
    },
    schema: [],
  },

  create(context) {
    return runMethodListener(context, SIGNATURES, report);
  },
};

function report(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const name = call.args.name ? brief(valueText(context, call.args.name)) : '...';
  const data = { mlflow, name };
  if (reportedUnfixable(context, call, data, () => cannotRewriteReason(context, call))) return;
  const statement = node.parent!;
  if (!logsToActiveRun(context, call)) {
    reportOnOtherRun(context, call, data, (run) => [
      mlflowSuggestion(context, statement, loopText(context, call, statement, mlflow, `${run}.id`), 'useLoopWithRunId', {
        ...data,
        run: brief(run),
      }),
    ]);
    return;
  }
  const replacement = loopText(context, call, statement, mlflow, null);
  // log_metric raises on a bool or anything else that is not a number, where v1 logged it: a human decides.
  const doubt = elementDoubt(context, call.args.value!.value) ?? commentReason(node);
  context.report({
    node,
    messageId: doubt ? 'cannotFix' : 'logList',
    data: doubt ? { ...data, reason: doubt } : data,
    ...(doubt
      ? { suggest: [mlflowSuggestion(context, statement, replacement, 'useLoop', data)] }
      : { fix: replaceWithMlflow(context, statement, replacement) }),
  });
}

/** Why the call cannot become a loop, or null. */
function cannotRewriteReason(context: RuleContext, call: RunMethodCall): string | null {
  const { name, value } = call.args;
  if (!name || !value) return 'it does not pass both a name and a list of values';
  if (loggedStrings(context, value.value)) return 'it logs strings, and an MLflow metric must be a number';
  // A loop is a statement: the call must be one, alone on its line (not `if c: run.log_list(...)` or `a; b`).
  const statement = call.call.parent;
  // (SyntaxNode objects are not unique: compare ranges.)
  if (statement?.name !== 'ExpressionStatement' || statement.from !== call.call.from || statement.to !== call.call.to) {
    return 'its result is used, and a loop is a statement';
  }
  if (ownLineIndent(context.unit, statement) === null || sharesLineAfter(context, statement)) {
    return 'it shares its line with other code, and a loop needs a line of its own';
  }
  return null;
}

/** True for a string, or a list or tuple literal holding a string: v1 logs those; MLflow metrics cannot. */
function loggedStrings(context: RuleContext, values: SyntaxNode): boolean {
  if (context.model.valueTypeOf(context.unit, values) === 'string') return true;
  if (values.name !== 'ArrayExpression' && values.name !== 'TupleExpression') return false;
  for (let element = values.firstChild; element; element = element.nextSibling) {
    if (context.model.valueTypeOf(context.unit, element) === 'string') return true;
  }
  return false;
}

/** Why the list's elements may not all be numbers, or null when they are. */
function elementDoubt(context: RuleContext, values: SyntaxNode): string | null {
  const type = context.model.elementTypeOf?.(context.unit, values) ?? 'unknown';
  if (type === 'number') return null;
  const shown = brief(textOf(context.unit, values));
  return type === 'bool'
    ? `\`${shown}\` holds bools, and MLflow's log_metric refuses them`
    : `the type of the elements of \`${shown}\` is not known before the code runs, and MLflow's log_metric raises on anything but a number`;
}

/** `run.log_list(...); other()`: code after the statement on its line. */
function sharesLineAfter(context: RuleContext, statement: SyntaxNode): boolean {
  const text = context.unit.text;
  const rest = text.slice(statement.to, lineEndAt(text, statement.to));
  return !/^[ \t]*(#.*)?\r?$/.test(rest);
}

/**
 * The loop, at the statement's own indentation: `for step, value in enumerate(values):` and the
 * `log_metric` call one level deeper. The loop variables are names the program does not use.
 */
function loopText(context: RuleContext, call: RunMethodCall, statement: SyntaxNode, mlflow: string, runId: string | null): string {
  const indent = ownLineIndent(context.unit, statement) ?? '';
  const step = freshName(context, ['step', 'i']);
  const value = freshName(context, ['value', 'v'], new Set([step]));
  const eol = eolOf(context.unit);
  const deeper = indent + (indent.includes('\t') ? '\t' : '    ');
  const args = [valueText(context, call.args.name!), value, `step=${step}`];
  if (runId) args.push(`run_id=${runId}`);
  const values = valueText(context, call.args.value!);
  return `for ${step}, ${value} in enumerate(${values}):${eol}${deeper}${mlflow}.log_metric(${args.join(', ')})`;
}

export default rule;
