// no-run-log-table: v1 tables on an Azure ML v1 Run. `run.log_row(name, **cols)` → `mlflow.log_metrics({"name.col": v})`
// (one metric per column); `run.log_table(name, {col: [...]})` → `mlflow.log_dict(table, "name.json")`.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext } from '../lib/types.js';
import { artifactFileSource } from './helpers/artifacts/artifact-file.js';
import { freshName } from './helpers/names/fresh-name.js';
import { metricNameDoubt, metricValueDoubt } from './helpers/metrics/metric-safety.js';
import { metricValueText } from './helpers/metrics/metric-value.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { insideLoop } from './helpers/artifacts/inside-loop.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { textOf, valueText } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';
import { stringLiteralValue } from '../lib/python/nodes.js';

const SIGNATURES = {
  log_row: { slots: ['name', 'description'], keywords: true },
  log_table: { slots: ['name', 'value', 'description'] },
} as const;

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.log_row(name, col=v, ...)` with `mlflow.log_metrics({"name.col": v, ...})`, one ' +
        'metric per column (the v1 `description`, positional or keyword, is dropped; a bool becomes 0/1, as MLflow refuses bools; ' +
        'a column whose type is not known before the code runs is only suggested, since log_metrics raises on anything but a number), and `run.log_table(name, table)` ' +
        'with `mlflow.log_dict(table, "name.json")`. A row passed as `**d` is only suggested; a table logged under a fixed ' +
        'name inside a loop too, since each call would overwrite the file.',
      recommended: true,
      url: ruleDocsUrl('no-run-log-table'),
      example: {
        before: [
          'from azureml.core import Run',
          'run = Run.get_context()',
          'run.log_row("epoch", "per-epoch metrics", loss=loss, acc=acc)',
          'run.log_table("scores", {"fold": [1, 2], "auc": [0.9, 0.8]})',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'mlflow.log_metrics({"epoch.loss": loss, "epoch.acc": acc})',
          'mlflow.log_dict({"fold": [1, 2], "auc": [0.9, 0.8]}, "scores.json")',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      logRow: 'Run.log_row() is Azure ML SDK v1 logging; use {{mlflow}}.log_metrics({...}) with one "{{name}}.<column>" key per column instead.',
      logRowCannotFix:
        'Run.log_row() is Azure ML SDK v1 logging; use {{mlflow}}.log_metrics({...}) with one "{{name}}.<column>" key per ' +
        'column instead. Not fixed automatically: {{reason}}.',
      logTable: 'Run.log_table() is Azure ML SDK v1 logging; use {{mlflow}}.log_dict(table, {{file}}) instead.',
      logTableCannotFix:
        'Run.log_table() is Azure ML SDK v1 logging; use {{mlflow}}.log_dict(table, {{file}}) instead. Not fixed ' +
        'automatically: {{reason}}.',
      otherRun:
        'Run.{{method}}() on a {{kind}} run is Azure ML SDK v1 logging; use {{replacement}} with run_id=... instead. Not fixed ' +
        'automatically: MLflow logs to its active run, so logging to another run needs that run\'s id.',
      useLogMetrics: 'Replace with {{mlflow}}.log_metrics({...}).',
      useLogDict: 'Replace with {{mlflow}}.log_dict(..., {{file}}).',
      useWithRunId: 'Replace with {{replacement}}, passing run_id={{run}}.id.',
    },
    schema: [],
  },

  create(context) {
    return runMethodListener(context, SIGNATURES, (grouped, call) => {
      if (call.method === 'log_row') reportRow(grouped, call);
      else reportTable(grouped, call);
    });
  },
};

function reportRow(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const nameArg = call.args.name;
  const data = { mlflow, name: nameArg ? brief(stringLiteralValue(context.unit, nameArg.value) ?? valueText(context, nameArg)) : '...' };
  if (reportedUnfixable(context, call, data, () => rowBlocker(context, call), 'logRowCannotFix')) return;
  if (!logsToActiveRun(context, call)) {
    reportOtherRun(context, call, `${mlflow}.log_metrics({...})`, (runId) => logMetricsText(context, call, mlflow, runId));
    return;
  }
  const replacement = logMetricsText(context, call, mlflow, null);
  // log_metrics raises on any column that is not a number, where v1 logged it: a human decides for unknown ones.
  const reason = (call.starKeywords.length ? 'it passes **kwargs, which must hold only numbers' : unknownColumn(context, call)) ?? commentReason(node);
  context.report({
    node,
    messageId: reason ? 'logRowCannotFix' : 'logRow',
    data: reason ? { ...data, reason } : data,
    ...(reason
      ? { suggest: [mlflowSuggestion(context, node, replacement, 'useLogMetrics', data)] }
      : { fix: replaceWithMlflow(context, node, replacement) }),
  });
}

function rowBlocker(context: RuleContext, call: RunMethodCall): string | null {
  if (!call.args.name) return 'it does not pass a name';
  if (call.keywords.length === 0 && call.starKeywords.length === 0) return 'it passes no columns';
  const text = call.keywords.find((column) => context.model.valueTypeOf(context.unit, column.value) === 'string');
  if (text) return `column "${text.name}" is a string, and an MLflow metric must be a number`;
  for (const column of call.keywords) {
    const doubt = metricValueDoubt(context, column.value);
    if (doubt?.notANumber) return `column "${column.name}": ${doubt.reason}, and an MLflow metric must be a number`;
  }
  const name = call.keywords.map((column) => metricNameDoubt(context, call.args.name!.value, `.${column.name}`)).find(Boolean);
  return name ?? null;
}

/** The first column whose type is not known before the code runs, in words; null when every one is a number or bool. */
function unknownColumn(context: RuleContext, call: RunMethodCall): string | null {
  for (const column of call.keywords) {
    const doubt = metricValueDoubt(context, column.value);
    if (doubt) return `column "${column.name}": ${doubt.reason}, and MLflow's log_metrics raises on anything but a number`;
  }
  return null;
}

/** `mlflow.log_metrics({"name.a": a, **{f"name.{key}": value for key, value in d.items()}})`, values as written. */
function logMetricsText(context: RuleContext, call: RunMethodCall, mlflow: string, runId: string | null): string {
  const nameNode = call.args.name!.value;
  const entries = call.keywords.map((column) => `${metricKey(context, nameNode, column.name!)}: ${metricValueText(context, column.value)}`);
  for (const star of call.starKeywords) {
    const key = freshName(context, ['key', 'k']);
    const value = freshName(context, ['value', 'v'], new Set([key]));
    const keyText = metricKey(context, nameNode, `{${key}}`);
    entries.push(`**{${keyText}: ${value} for ${key}, ${value} in ${valueText(context, star)}.items()}`);
  }
  // A row that is only `**d` logs the comprehension itself, not a dict around it.
  const only = call.keywords.length === 0 && call.starKeywords.length === 1;
  const args = [only ? entries[0].slice(2) : `{${entries.join(', ')}}`];
  if (runId) args.push(`run_id=${runId}`);
  return `${mlflow}.log_metrics(${args.join(', ')})`;
}

/**
 * The metric key `name.column` as Python source: a string literal when the name is one, else an f-string
 * (or concatenation) built at run time. `column` may itself be an f-string field such as `{key}`.
 */
function metricKey(context: RuleContext, nameNode: SyntaxNode, column: string): string {
  const field = column.startsWith('{');
  const literal = stringLiteralValue(context.unit, nameNode);
  if (literal !== null) {
    const text = JSON.stringify(`${literal}.`).slice(1, -1);
    return field ? `f"${text.replace(/[{}]/g, (b) => b + b)}${column}"` : `"${text}${column}"`;
  }
  if (!field) return artifactFileSource(context.unit, nameNode, `{name}.${column}`);
  // A run-time name and a run-time column: concatenate, no nested f-string quoting to get wrong.
  return `str(${textOf(context.unit, nameNode)}) + "." + ${column.slice(1, -1)}`;
}

function reportTable(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const file = call.args.name ? artifactFileSource(context.unit, call.args.name.value, '{name}.json') : '...';
  const data = { mlflow, file: brief(file) };
  const problem = () => (!call.args.name || !call.args.value ? 'it does not pass both a name and a table' : null);
  if (reportedUnfixable(context, call, data, problem, 'logTableCannotFix')) return;
  const logDict = (runId: string | null) =>
    `${mlflow}.log_dict(${[valueText(context, call.args.value!), file, ...(runId ? [`run_id=${runId}`] : [])].join(', ')})`;
  if (!logsToActiveRun(context, call)) {
    reportOtherRun(context, call, `${mlflow}.log_dict(table, ${brief(file)})`, logDict);
    return;
  }
  // v1 keeps every table logged under a name; a file keeps the last one.
  const overwrite = call.args.name!.value.name === 'String' && insideLoop(node);
  const reason = overwrite ? `it logs under a fixed name inside a loop, and each call would overwrite ${brief(file)}` : commentReason(node);
  context.report({
    node,
    messageId: reason ? 'logTableCannotFix' : 'logTable',
    data: reason ? { ...data, reason } : data,
    ...(reason
      ? { suggest: [mlflowSuggestion(context, node, logDict(null), 'useLogDict', data)] }
      : { fix: replaceWithMlflow(context, node, logDict(null)) }),
  });
}

/** Remote and parent runs: a suggestion that passes the run's id. */
function reportOtherRun(context: RuleContext, call: RunMethodCall, shown: string, text: (runId: string) => string): void {
  reportOnOtherRun(context, call, { method: call.method, replacement: shown }, (run) => [
    mlflowSuggestion(context, call.call, text(`${run}.id`), 'useWithRunId', { replacement: shown, run: brief(run) }),
  ]);
}

export default rule;
