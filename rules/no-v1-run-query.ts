// no-v1-run-query: reading runs back through SDK v1 (`run.get_metrics()`, `get_details()`, `get_status()`,
// `get_file_names()`, `download_file()`, `exp.get_runs()`, the `RunDetails` widget) → the MLflow reads.
// None of them returns the same shape, so each gets a suggestion (never an automatic fix) and a message that
// says what differs. The run id is `<run>.id`: in Azure ML a v1 run's id is its MLflow run id.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext } from '../lib/types.js';
import { callsNamed } from '../lib/engine/traverse.js';
import { callParts, type CallParts } from '../lib/python/nodes.js';
import { mlflowPrefix, mlflowSuggestion } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { textOf } from './helpers/source/text.js';
import { brief } from './helpers/messages/brief.js';
import { runObjectUse } from './helpers/run-migration/run-object-uses.js';

/** What replaces a v1 read: MLflow code built from the receiver and arguments, or null when none fits. */
type Replacement = (mlflow: string, receiver: string, args: ArgTexts) => string | null;
interface ArgTexts {
  positional: string[];
  keywords: Record<string, string>;
  count: number;
}

/** Run methods: message id and replacement (only for calls without arguments unless the replacement takes them). */
const RUN_READS: Record<string, { messageId: string; replacement: Replacement }> = {
  get_metrics: {
    messageId: 'getMetrics',
    replacement: (m, run, a) => (a.count === 0 ? `${m}.get_run(${run}.id).data.metrics` : null),
  },
  get_details: {
    messageId: 'getDetails',
    replacement: (m, run, a) => (a.count === 0 ? `${m}.get_run(${run}.id).info` : null),
  },
  get_status: {
    messageId: 'getStatus',
    replacement: (m, run, a) => (a.count === 0 ? `${m}.get_run(${run}.id).info.status` : null),
  },
  get_file_names: {
    messageId: 'getFileNames',
    replacement: (m, run, a) => (a.count === 0 ? `${m}.MlflowClient().list_artifacts(${run}.id)` : null),
  },
  download_file: {
    messageId: 'downloadFile',
    replacement: (m, run, a) => {
      const name = a.keywords.name ?? a.positional[0];
      const output = a.keywords.output_file_path ?? a.positional[1];
      const known = Object.keys(a.keywords).every((k) => k === 'name' || k === 'output_file_path');
      if (!name || !known || a.positional.length > 2) return null;
      const dst = output ? `, dst_path=${output}` : '';
      return `${m}.artifacts.download_artifacts(run_id=${run}.id, artifact_path=${name}${dst})`;
    },
  },
};

const rule: Rule = {
  meta: {
    type: 'suggestion',
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace SDK v1 reads of runs (`run.get_metrics()`, `get_details()`, `get_status()`, `get_file_names()`, ' +
        '`download_file()`, `experiment.get_runs()`, a run fetched by `Run(experiment, run_id)`, the `RunDetails` ' +
        'widget) with their MLflow counterparts. ' +
        'Suggestions only: the MLflow results have other shapes, and the messages say what differs. (On a run that ' +
        '`start_logging()` or `child_run()` made, and that the fix makes MLflow\'s, a `get_metrics()` only shown or ' +
        'printed is rewritten by `no-v1-experiment` / `no-run-lifecycle`.)',
      recommended: true,
      url: ruleDocsUrl('no-v1-run-query'),
      example: {
        before: ['metrics = run.get_metrics()', 'status = run.get_status()'].join('\n'),
        after: ['metrics = mlflow.get_run(run.id).data.metrics', 'status = mlflow.get_run(run.id).info.status'].join('\n'),
      },
    },
    hasSuggestions: true,
    messages: {
      getMetrics:
        'Run.get_metrics() is Azure ML SDK v1; use {{mlflow}}.get_run({{run}}.id).data.metrics instead. It holds only the ' +
        'last value of each metric: for a series use {{mlflow}}.MlflowClient().get_metric_history({{run}}.id, key).',
      getDetails:
        'Run.get_details() is Azure ML SDK v1; use {{mlflow}}.get_run({{run}}.id).info instead. It is a RunInfo object, ' +
        'not a dict; v1 details such as the compute target and log files have no counterpart, and status names differ ' +
        '(Completed → FINISHED, Failed → FAILED, Canceled → KILLED).',
      getStatus:
        'Run.get_status() is Azure ML SDK v1; use {{mlflow}}.get_run({{run}}.id).info.status instead. Status names differ: ' +
        'Completed → FINISHED, Failed → FAILED, Canceled → KILLED, and v1\'s intermediate states (Queued, Preparing, ...) ' +
        'are not reported.',
      getFileNames:
        'Run.get_file_names() is Azure ML SDK v1; use {{mlflow}}.MlflowClient().list_artifacts({{run}}.id) instead. It lists ' +
        'one folder level as FileInfo objects (`.path`), not every file\'s name; v1\'s logs/ and system files are not artifacts.',
      downloadFile:
        'Run.download_file() is Azure ML SDK v1; use {{mlflow}}.artifacts.download_artifacts(run_id={{run}}.id, ' +
        'artifact_path=..., dst_path=...) instead. dst_path is a folder, not the output file: the file lands at ' +
        '<dst_path>/<artifact path>, and the call returns its local path.',
      getRuns:
        'Experiment.get_runs() is Azure ML SDK v1; use {{mlflow}}.search_runs(experiment_names=[{{experiment}}.name], ' +
        'output_format="list") instead. It returns MLflow Run objects (not v1 Runs) and includes child runs; v1\'s ' +
        'type, tags and properties filters become a filter_string.',
      runDetails:
        'RunDetails (azureml-widgets) is Azure ML SDK v1 and has no MLflow equivalent: view the run in Azure ML studio ' +
        'or the MLflow UI, or read its metrics with {{mlflow}}.get_run(run_id).',
      runFetch:
        'Run(experiment, run_id) fetches an Azure ML SDK v1 run by its id; MLflow reads a run with {{mlflow}}.get_run(run_id). ' +
        'That is an MLflow Run (`info`, `data.metrics`, `data.tags`), not a v1 Run, so the code using it changes too: ' +
        'no suggestion is offered.',
      useReplacement: 'Replace with {{replacement}}.',
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    return {
      [QUERY_CALLS](node: SyntaxNode) {
        if (!context.model.usesAzureml) return;
        const unit = context.unit;
        const parts = callParts(node, unit.text);
        if (isRunDetails(context, parts.callee)) {
          context.report({ node, messageId: 'runDetails', data: { mlflow: mlflowPrefix(context) } });
          return;
        }
        if (context.model.v1ClassOf(unit, parts.callee) === 'Run' && parts.args.length >= 2) {
          context.report({ node, messageId: 'runFetch', data: { mlflow: mlflowPrefix(context) } });
          return;
        }
        if (!parts.method || !parts.receiver) return;
        const receiverValue = context.model.v1ValueOf(unit, parts.receiver)?.kind;
        if (receiverValue === 'run' && Object.hasOwn(RUN_READS, parts.method)) {
          // A run a fix makes MLflow's: the rule making it rewrites the reads MLflow's run object can answer.
          if (context.model.v1OriginOf?.(unit, parts.receiver) && parts.receiver.name === 'VariableName' && runObjectUse(context, unit, parts.receiver).kind === 'rewritten') return;
          const { messageId, replacement } = RUN_READS[parts.method];
          report(context, node, parts, messageId, replacement, 'run');
        } else if (receiverValue === 'experiment' && parts.method === 'get_runs') {
          const searchRuns: Replacement = (m, exp, a) =>
            a.count === 0 ? `${m}.search_runs(experiment_names=[${exp}.name], output_format="list")` : null;
          report(context, node, parts, 'getRuns', searchRuns, 'experiment');
        }
      },
    };
  },
};

/** RunDetails(...) and Run(...) however imported or aliased (the engine follows aliases), and the v1 reads. */
const QUERY_CALLS = callsNamed(['RunDetails', 'Run', 'get_runs', ...Object.keys(RUN_READS)]);

function report(
  context: RuleContext,
  node: SyntaxNode,
  parts: CallParts,
  messageId: string,
  replacement: Replacement,
  receiverKey: 'run' | 'experiment',
): void {
  const mlflow = mlflowPrefix(context);
  const receiver = textOf(context.unit, parts.receiver!);
  const data = { mlflow, [receiverKey]: brief(receiver) };
  const args = argTexts(context, parts);
  const text = args && !/\n/.test(receiver) ? replacement(mlflow, receiver, args) : null;
  context.report({
    node,
    messageId,
    data,
    suggest: text ? [mlflowSuggestion(context, node, text, 'useReplacement', { replacement: brief(text, 80) })] : [],
  });
}

/** Argument texts as written; null when `*args`/`**kwargs`, a generator or `:=` hide what is passed. */
function argTexts(context: RuleContext, parts: CallParts): ArgTexts | null {
  const out: ArgTexts = { positional: [], keywords: {}, count: parts.args.length };
  for (const arg of parts.args) {
    if (arg.star || arg.generator || arg.walrus) return null;
    const text = textOf(context.unit, arg.value);
    if (arg.name === null) out.positional.push(text);
    else out.keywords[arg.name] = text;
  }
  return out;
}

/** `RunDetails` of azureml-widgets (`azureml.widgets.RunDetails`, also through `azureml.widgets.run_details`). */
function isRunDetails(context: RuleContext, callee: SyntaxNode): boolean {
  const qname = context.model.qualifiedNameOf?.(context.unit, callee) ?? null;
  return qname !== null && qname.startsWith('azureml.widgets.') && qname.endsWith('.RunDetails');
}

export default rule;
