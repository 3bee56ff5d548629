// no-run-tag: `run.tag(key, value)` → `mlflow.set_tag(key, value)`, `run.tag(key)` → `mlflow.set_tag(key, "")`,
// `run.set_tags(d)` / `run.add_properties(d)` → `mlflow.set_tags(d)`. MLflow has no immutable properties:
// v1 properties become ordinary (mutable) tags.
import type { Rule, RuleContext, SuggestionDescriptor } from '../lib/types.js';
import { stringLiteralValue } from '../lib/python/nodes.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow } from './helpers/imports/mlflow-import.js';
import { mlflowNameProblem } from './helpers/metrics/mlflow-name.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { valueText } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';

/** v1 signatures: tag(key, value=None), set_tags(tags), add_properties(properties). */
const SIGNATURES = {
  tag: { slots: ['key', 'value'] },
  set_tags: { slots: ['tags'] },
  add_properties: { slots: ['properties'] },
} as const;

/** Argument shapes that are not a dict: MLflow's set_tags() takes only a dict. */
const NOT_A_DICT = new Set(['String', 'FormatString', 'ContinuedString', 'ArrayExpression', 'TupleExpression', 'SetExpression']);

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.tag(key, value)` with `mlflow.set_tag(key, value)` (`run.tag(key)` sets the ' +
        'value `""`), and `run.set_tags(d)` / `run.add_properties(d)` with `mlflow.set_tags(d)`. MLflow has no ' +
        'immutable properties: v1 properties become ordinary tags, which later code can overwrite. Tagging a remote ' +
        'or parent run (`exp.submit(...)`, `Run(exp, run_id)`, `run.parent`) gets a `MlflowClient().set_tag(run.id, ...)` ' +
        'suggestion, not a fix: it reaches that Azure ML run only when MLflow tracks to the run\'s workspace, and ' +
        'raises anywhere else, while the v1 call works wherever the workspace is reachable. A literal key MLflow ' +
        'rejects is reported without a fix.',
      recommended: true,
      url: ruleDocsUrl('no-run-tag'),
      example: {
        before: [
          'from azureml.core import Run',
          'run = Run.get_context()',
          'run.tag("model", "ridge")',
          'run.tag("baseline")',
          'run.add_properties({"owner": "ml-team"})',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'mlflow.set_tag("model", "ridge")',
          'mlflow.set_tag("baseline", "")',
          'mlflow.set_tags({"owner": "ml-team"})',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      tag: 'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead.',
      properties:
        'Run.add_properties() is Azure ML SDK v1; use {{replacement}} instead. MLflow has no immutable properties: ' +
        'they become tags.',
      cannotFix: 'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead. Not fixed automatically: {{reason}}.',
      otherRun:
        'Run.{{method}}() on a {{kind}} run is Azure ML SDK v1; use {{mlflow}}.MlflowClient().set_tag(run_id, ...) ' +
        'instead. Not fixed automatically: mlflow.set_tag() tags MLflow\'s active run, which is not this run; ' +
        'MlflowClient().set_tag(run.id, ...) reaches this Azure ML run only where MLflow tracks to the run\'s workspace ' +
        '(inside one of its jobs, or after mlflow.set_tracking_uri(ws.get_mlflow_tracking_uri()) with that workspace) and ' +
        'raises anywhere else; and the run object stays v1 either way, so the working v1 call is kept.',
      useSetTag: 'Replace with {{replacement}}.',
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    return runMethodListener(context, SIGNATURES, report);
  },
};

function report(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const replacement = replacementText(context, call, mlflow);
  const data = { method: call.method, mlflow, replacement: replacement ? brief(replacement, 60) : `${mlflow}.${call.method === 'tag' ? 'set_tag' : 'set_tags'}(...)` };
  const problem = () => argumentProblem(context, call) ?? (replacement === null ? 'no tag is passed' : null);
  // (`replacement === null` only narrows its type: reportedUnfixable() has reported that call.)
  if (reportedUnfixable(context, call, data, problem) || replacement === null) return;
  if (!logsToActiveRun(context, call)) {
    // MlflowClient has set_tag(run_id, key, value) but no set_tags: only a single tag gets a suggestion.
    reportOnOtherRun(context, call, data, (run) => (call.method === 'tag' ? [clientSetTag(context, call, mlflow, run)] : []));
    return;
  }
  const messageId = call.method === 'add_properties' ? 'properties' : 'tag';
  const comment = commentReason(node);
  if (comment) {
    const suggest = [mlflowSuggestion(context, node, replacement, 'useSetTag', data)];
    context.report({ node, messageId: 'cannotFix', data: { ...data, reason: comment }, suggest });
    return;
  }
  context.report({ node, messageId, data, fix: replaceWithMlflow(context, node, replacement) });
}

/** `mlflow.set_tag(key, value)` or `mlflow.set_tags(d)`, arguments copied as written; null when one is missing. */
function replacementText(context: RuleContext, call: RunMethodCall, mlflow: string): string | null {
  if (call.method === 'tag') {
    return call.args.key ? `${mlflow}.set_tag(${valueText(context, call.args.key)}, ${tagValueText(context, call)})` : null;
  }
  const tags = call.args.tags ?? call.args.properties;
  return tags ? `${mlflow}.set_tags(${valueText(context, tags)})` : null;
}

/** Why the arguments cannot be passed to MLflow as they are, or null. */
function argumentProblem(context: RuleContext, call: RunMethodCall): string | null {
  if (call.method === 'tag') {
    const key = call.args.key && stringLiteralValue(context.unit, call.args.key.value);
    if (key != null && mlflowNameProblem(key) !== null) return `MLflow rejects the tag key ${JSON.stringify(key)}`;
    return null;
  }
  const tags = call.args.tags ?? call.args.properties;
  if (tags && (NOT_A_DICT.has(tags.value.name) || context.model.valueTypeOf(context.unit, tags.value) === 'string')) {
    return `MLflow's set_tags() takes a dict, not \`${brief(valueText(context, tags))}\``;
  }
  return null;
}

/** v1 stores a missing (or None) tag value as "": MLflow would store the text "None". */
function tagValueText(context: RuleContext, call: RunMethodCall): string {
  const value = call.args.value;
  return !value || value.value.name === 'None' ? '""' : valueText(context, value);
}

function clientSetTag(context: RuleContext, call: RunMethodCall, mlflow: string, run: string): SuggestionDescriptor {
  const text = `${mlflow}.MlflowClient().set_tag(${run}.id, ${valueText(context, call.args.key!)}, ${tagValueText(context, call)})`;
  return mlflowSuggestion(context, call.call, text, 'useSetTag', { replacement: brief(text, 60) });
}

export default rule;
