// no-run-log-json-artifact: v1's JSON-valued logs on an Azure ML v1 Run (`log_confusion_matrix`, `log_accuracy_table`,
// `log_predictions`, `log_residuals`) → `mlflow.log_dict(value, "name.json")`; a JSON string is parsed first.
import type { FixFunction, Rule, RuleContext } from '../lib/types.js';
import { artifactFileSource } from './helpers/artifacts/artifact-file.js';
import { mlflowPrefix, withMlflowImport } from './helpers/imports/mlflow-import.js';
import { moduleImportEdits } from './helpers/imports/module-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { insideLoop } from './helpers/artifacts/inside-loop.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { valueText } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';

const SIGNATURE = { slots: ['name', 'value', 'description'] } as const;
const SIGNATURES = {
  log_confusion_matrix: SIGNATURE,
  log_accuracy_table: SIGNATURE,
  log_predictions: SIGNATURE,
  log_residuals: SIGNATURE,
} as const;

const TITLE = 'Run.{{method}}() is Azure ML SDK v1 logging; use {{mlflow}}.log_dict(..., {{file}}) instead.';

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.log_confusion_matrix`, `log_accuracy_table`, `log_predictions` and ' +
        '`log_residuals(name, value)` with `mlflow.log_dict(value, "name.json")`. v1 also accepts the value as a JSON ' +
        'string: a string value becomes `json.loads(value)` (adding `import json` when the program lacks it). The v1 ' +
        '`description` is dropped. A fixed name inside a loop is only suggested, since each call would overwrite the file.',
      recommended: true,
      url: ruleDocsUrl('no-run-log-json-artifact'),
      example: {
        before: [
          'from azureml.core import Run',
          'run = Run.get_context()',
          'run.log_confusion_matrix("confusion", cm)',
          'run.log_predictions("predictions", predictions_json)',
        ].join('\n'),
        after: [
          'import json',
          'import mlflow',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'mlflow.log_dict(cm, "confusion.json")',
          'mlflow.log_dict(json.loads(predictions_json), "predictions.json")',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      logDict: TITLE,
      cannotFix: `${TITLE} Not fixed automatically: {{reason}}.`,
      otherRun:
        'Run.{{method}}() on a {{kind}} run is Azure ML SDK v1 logging; use {{mlflow}}.log_dict(..., {{file}}, run_id=...) ' +
        'instead. Not fixed automatically: MLflow logs to its active run, so logging to another run needs that run\'s id.',
      useLogDict: 'Replace with {{mlflow}}.log_dict(..., {{file}}).',
      useLogDictWithRunId: 'Replace with {{mlflow}}.log_dict(..., {{file}}, run_id={{run}}.id).',
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
  const file = call.args.name ? artifactFileSource(context.unit, call.args.name.value, '{name}.json') : '...';
  const data = { method: call.method, mlflow, file: brief(file) };
  const problem = () => (!call.args.name || !call.args.value ? 'it does not pass both a name and a value' : null);
  if (reportedUnfixable(context, call, data, problem)) return;
  const parse = context.model.valueTypeOf(context.unit, call.args.value!.value) === 'string';
  // `json` is reached by name: null when the program binds `json` to something else (then only a suggestion).
  const jsonEdits = parse ? moduleImportEdits(context, 'json', node) : [];
  const fixFor =
    (runId: string | null): FixFunction =>
    (fixer) =>
      withMlflowImport(context, [fixer.replaceText(node, logDictText(context, call, mlflow, file, parse, runId)), ...(jsonEdits ?? [])]);
  if (!logsToActiveRun(context, call)) {
    reportOnOtherRun(context, call, data, (run) => [
      { messageId: 'useLogDictWithRunId', data: { ...data, run: brief(run) }, fix: fixFor(`${run}.id`) },
    ]);
    return;
  }
  const doubt =
    jsonEdits === null
      ? 'the value is a JSON string, and `import json` cannot be added safely here (the name json is bound to something else, or a later cell would hold the import)'
      : call.args.name!.value.name === 'String' && insideLoop(node)
        ? `it logs under a fixed name inside a loop, and each call would overwrite ${brief(file)}`
        : null;
  const fix = fixFor(null);
  const reason = doubt ?? commentReason(node);
  context.report({
    node,
    messageId: reason ? 'cannotFix' : 'logDict',
    data: reason ? { ...data, reason } : data,
    ...(reason ? { suggest: [{ messageId: 'useLogDict', data, fix }] } : { fix }),
  });
}

/** `mlflow.log_dict(value, "name.json"[, run_id=...])`; a JSON string is parsed with `json.loads`. */
function logDictText(context: RuleContext, call: RunMethodCall, mlflow: string, file: string, parse: boolean, runId: string | null): string {
  const value = valueText(context, call.args.value!);
  const args = [parse ? `json.loads(${value})` : value, file];
  if (runId) args.push(`run_id=${runId}`);
  return `${mlflow}.log_dict(${args.join(', ')})`;
}

export default rule;
