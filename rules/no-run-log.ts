// no-run-log: `run.log(name, value)` on an Azure ML v1 Run → `mlflow.log_metric(name, value)`.
import type { SyntaxNode } from '@lezer/common';
import type { FixFunction, Rule, RuleContext } from '../lib/types.js';
import { hyperparameterLoopOf, type HyperparameterLoop } from './helpers/run-calls/hyperparameter-loop.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow, withMlflowImport } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { logsString, RUN_LOG_CALLS, runLogCallOf, type RunLogCall } from './helpers/run-calls/run-log-call.js';
import { textOf, valueText } from './helpers/source/text.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { metricNameDoubt, metricValueDoubt } from './helpers/metrics/metric-safety.js';
import { metricValueText } from './helpers/metrics/metric-value.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason, containsComment } from './helpers/source/comments.js';
import { runGroupOf } from './helpers/run-migration/migration-group.js';

interface Options {
  /**
   * What to do when the value's type is not known before the code runs: only suggest the rewrite (MLflow's
   * log_metric raises on a string, a bool, None or a list, which v1 logged), or rewrite it anyway.
   */
  unknownValueType?: 'fix' | 'suggest';
}

const TITLE = 'Run.log() is Azure ML SDK v1 logging; use {{mlflow}}.log_metric({{name}}, ...) instead.';

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.log(name, value)` with `mlflow.log_metric(name, value)`. `step=` is kept, ' +
        'the v1 `description` is dropped, a bool becomes 0/1. Logging to a remote or parent run, or to a child run ' +
        'outside its own `with run.child_run() as child:` block, gets a suggestion ' +
        'with `run_id=`, since MLflow needs that run\'s id. String values are handled by string-metric-as-artifact. ' +
        'MLflow\'s log_metric raises on anything but a number, where v1 logged any value: a value whose type is not known ' +
        'before the code runs gets a suggestion whose message names where the value comes from (`unknownValueType: "fix"` ' +
        'rewrites it anyway), and None, a list or a dict, or a name MLflow rejects, is not fixed. The argparse loop ' +
        '`for key, value in vars(args).items(): run.log(key, value)` becomes `mlflow.log_params(vars(args))`, the ' +
        'idiomatic MLflow form (params take any value); since MLflow raises when a param is logged again in a run with ' +
        'another value, that is a fix only at the top level of a script (it runs once per run), and a suggestion in a ' +
        'notebook (a cell can run again) or inside a function or loop.',
      recommended: true,
      url: ruleDocsUrl('no-run-log'),
      example: {
        before: [
          'from azureml.core import Run',
          'from sklearn.metrics import accuracy_score',
          'run = Run.get_context()',
          'run.log("accuracy", accuracy_score(y_test, y_pred), "validation accuracy")',
          'run.log("loss", loss.item(), step=epoch)',
          'run.log("converged", True)',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Run',
          'from sklearn.metrics import accuracy_score',
          'run = Run.get_context()',
          'mlflow.log_metric("accuracy", accuracy_score(y_test, y_pred))',
          'mlflow.log_metric("loss", loss.item(), step=epoch)',
          'mlflow.log_metric("converged", 1)',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      runLog: TITLE,
      cannotFix: `${TITLE} Not fixed automatically: {{reason}}.`,
      unknownType:
        `${TITLE} Not fixed automatically: {{reason}}, and MLflow's log_metric raises on anything but a number (v1 also ` +
        'logged strings, bools and None). Apply the suggestion where it is always a number, or set unknownValueType: "fix".',
      notANumber: `${TITLE} Not fixed automatically: {{reason}}, and MLflow's log_metric takes only numbers.`,
      otherRun:
        'Run.log() on a {{kind}} run is Azure ML SDK v1 logging; use {{mlflow}}.log_metric({{name}}, ..., run_id=...) instead. ' +
        'Not fixed automatically: MLflow logs to its active run, so logging to another run needs that run\'s id.',
      childRun:
        'Run.log() on a child run is Azure ML SDK v1 logging; use {{mlflow}}.log_metric({{name}}, ..., run_id=...) instead. ' +
        'Not fixed automatically: outside its own `with ... child_run() as ...:` block the child is not MLflow\'s active run, ' +
        'so the call needs the child\'s run id.',
      hyperparameters:
        'Run.log() in a loop over {{params}} is Azure ML SDK v1 logging of hyperparameters; use {{mlflow}}.log_params({{params}}) ' +
        'instead: MLflow params take any value, where log_metric raises on strings, bools and None.',
      hyperparametersCannotFix:
        'Run.log() in a loop over {{params}} is Azure ML SDK v1 logging of hyperparameters; use {{mlflow}}.log_params({{params}}) ' +
        'instead. Not fixed automatically: {{reason}}.',
      useLogParams: 'Replace the loop with {{mlflow}}.log_params({{params}}).',
      useLogMetric: 'Replace with {{mlflow}}.log_metric({{name}}, ...).',
      useLogMetricWithRunId: 'Replace with {{mlflow}}.log_metric({{name}}, ..., run_id={{run}}.id).',
    },
    schema: [
      {
        type: 'object',
        properties: { unknownValueType: { enum: ['fix', 'suggest'] } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ unknownValueType: 'suggest' }],
  },

  create(context) {
    const options = (context.options[0] ?? {}) as Options;
    const fixUnknown = options.unknownValueType === 'fix';

    return {
      [RUN_LOG_CALLS](node: SyntaxNode) {
        const log = runLogCallOf(context, node);
        if (!log || logsString(log)) return;
        // A use of a run made by start_logging() or child_run() migrates with the run's start, or not at all.
        const group = runGroupOf(context, log.receiver);
        const mlflow = mlflowPrefix(context);
        const name = log.args.name ? brief(valueText(context, log.args.name)) : '...';
        const data = { mlflow, name };

        const blocker = log.blocker ?? metricNameDoubt(context, log.args.name?.value);
        if (blocker) {
          context.report({ node, group, messageId: 'cannotFix', data: { ...data, reason: blocker } });
          return;
        }
        if (!logsToActiveRun(context, log)) {
          const run = textOf(context.unit, log.receiver);
          const replacement = logMetricText(context, log, mlflow, `${run}.id`);
          context.report({
            node,
            group,
            messageId: log.runKind === 'child' ? 'childRun' : 'otherRun',
            data: { ...data, kind: log.runKind },
            suggest: [mlflowSuggestion(context, node, replacement, 'useLogMetricWithRunId', { ...data, run: brief(run) })],
          });
          return;
        }
        const replacement = logMetricText(context, log, mlflow, null);
        const doubt = metricValueDoubt(context, log.args.value!.value);
        if (doubt?.notANumber) {
          context.report({ node, group, messageId: 'notANumber', data: { ...data, reason: doubt.reason } });
          return;
        }
        const loop = doubt ? hyperparameterLoopOf(context, log) : null;
        if (loop) {
          reportHyperparameters(context, log, loop, { ...data, params: brief(loop.params) }, group);
          return;
        }
        // A value that may not be a number, or a comment inside the call (the rewrite would lose it): a human decides.
        const unknownType = doubt !== null && !fixUnknown;
        const comment = unknownType ? null : commentReason(node);
        context.report({
          node,
          group,
          messageId: unknownType ? 'unknownType' : comment ? 'cannotFix' : 'runLog',
          data: unknownType ? { ...data, reason: doubt.reason } : comment ? { ...data, reason: comment } : data,
          ...(unknownType || comment
            ? { suggest: [mlflowSuggestion(context, node, replacement, 'useLogMetric', data)] }
            : { fix: replaceWithMlflow(context, node, replacement) }),
        });
      },
    };
  },
};

/** The whole `for key, value in vars(args).items(): run.log(key, value)` loop → `mlflow.log_params(vars(args))`. */
function reportHyperparameters(context: RuleContext, log: RunLogCall, loop: HyperparameterLoop, data: Record<string, string>, group: string | undefined): void {
  const replacement = `${data.mlflow}.log_params(${loop.params})`;
  const fix: FixFunction = (fixer) => withMlflowImport(context, [fixer.replaceTextRange([loop.loop.from, log.call.to], replacement)]);
  const refusal = loop.refusal ?? (containsComment(loop.loop) ? 'a comment in the loop would be lost' : null);
  context.report({
    node: log.call,
    group,
    messageId: refusal ? 'hyperparametersCannotFix' : 'hyperparameters',
    data: refusal ? { ...data, reason: refusal } : data,
    ...(refusal ? { suggest: [{ messageId: 'useLogParams', data, fix }] } : { fix }),
  });
}

/** `mlflow.log_metric(name, value[, step=...][, run_id=...])`, each argument's source text copied as written. */
function logMetricText(context: RuleContext, log: RunLogCall, mlflow: string, runId: string | null): string {
  const args = [valueText(context, log.args.name!), metricValueText(context, log.args.value!.value)];
  if (log.args.step) args.push(`step=${valueText(context, log.args.step)}`);
  if (runId) args.push(`run_id=${runId}`);
  return `${mlflow}.log_metric(${args.join(', ')})`;
}

export default rule;
