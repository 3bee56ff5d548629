// string-metric-as-artifact: `run.log(name, "text")` on an Azure ML v1 Run → `mlflow.log_text("text", "name.txt")`.
// An MLflow metric is a number; a string logged with v1's run.log is kept as a text artifact instead.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext } from '../lib/types.js';
import { artifactFileSource, DEFAULT_TEMPLATE, sanitizeFileName, TEMPLATE_PATTERN } from './helpers/artifacts/artifact-file.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { logsString, RUN_LOG_CALLS, runLogCallOf, type RunLogCall } from './helpers/run-calls/run-log-call.js';
import { textOf, valueText } from './helpers/source/text.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';
import { textArtifactWriters } from './helpers/artifacts/text-artifacts.js';
import { whereText } from './helpers/messages/where.js';
import { stringLiteralValue } from '../lib/python/nodes.js';
import { runGroupOf } from './helpers/run-migration/migration-group.js';

interface Options {
  /** The artifact file for a metric `name`, with a `{name}` placeholder. */
  artifactFileTemplate?: string;
}

const TITLE = 'Run.log() with a string value is Azure ML SDK v1 logging, and an MLflow metric must be a number; ' +
  'use {{mlflow}}.log_text(..., {{file}}) instead.';

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.log(name, "text")` with `mlflow.log_text("text", "name.txt")`: MLflow metrics ' +
        'are numbers, so a string becomes a text artifact, keeping both the value and the name. A string-literal name ' +
        'is sanitised to `[A-Za-z0-9._-]`; any other name expression builds the file name at run time ' +
        '(`f"{name}.txt"`). The file name follows the `artifactFileTemplate` option. A call that would write the same ' +
        'file repeatedly (inside a loop, or with `step=`) is only suggested, since each call overwrites the file; so is ' +
        'a name logged as text by more than one statement or cell (v1 kept every value), with a file of its own for ' +
        'each later one (`stage_2.txt`), and the message names the other statement.',
      recommended: true,
      url: ruleDocsUrl('string-metric-as-artifact'),
      example: {
        before: [
          'from azureml.core import Run',
          'run = Run.get_context()',
          'run.log("model type", "gradient boosting")',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'mlflow.log_text("gradient boosting", "model_type.txt")',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      logText: TITLE,
      cannotFix: `${TITLE} Not fixed automatically: {{reason}}.`,
      overwrite: `${TITLE} Not fixed automatically: {{reason}}, and each call would overwrite {{file}}.`,
      otherRun:
        'Run.log() with a string value on a {{kind}} run is Azure ML SDK v1 logging; use {{mlflow}}.log_text(..., ' +
        '{{file}}, run_id=...) instead. Not fixed automatically: MLflow logs to its active run, so logging to another ' +
        'run needs that run\'s id.',
      useLogText: 'Replace with {{mlflow}}.log_text(..., {{file}}).',
      useLogTextWithRunId: 'Replace with {{mlflow}}.log_text(..., {{file}}, run_id={{run}}.id).',
    },
    schema: [
      {
        type: 'object',
        properties: { artifactFileTemplate: { type: 'string', pattern: TEMPLATE_PATTERN } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ artifactFileTemplate: DEFAULT_TEMPLATE }],
  },

  create(context) {
    const template = ((context.options[0] ?? {}) as Options).artifactFileTemplate ?? DEFAULT_TEMPLATE;

    return {
      [RUN_LOG_CALLS](node: SyntaxNode) {
        const log = runLogCallOf(context, node);
        if (!log || !logsString(log)) return;
        // A use of a run made by start_logging() or child_run() migrates with the run's start, or not at all.
        const group = runGroupOf(context, log.receiver);
        const mlflow = mlflowPrefix(context);
        const file = log.args.name ? artifactFileSource(context.unit, log.args.name.value, template) : '...';
        const data = { mlflow, file: brief(file) };

        if (log.blocker) {
          context.report({ node, group, messageId: 'cannotFix', data: { ...data, reason: log.blocker } });
          return;
        }
        if (!logsToActiveRun(context, log)) {
          const run = textOf(context.unit, log.receiver);
          context.report({
            node,
            group,
            messageId: 'otherRun',
            data: { ...data, kind: log.runKind },
            suggest: [
              mlflowSuggestion(context, node, logTextText(context, log, mlflow, file, `${run}.id`), 'useLogTextWithRunId', {
                ...data,
                run: brief(run),
              }),
            ],
          });
          return;
        }
        const shared = sharedFile(context, log, template, file);
        const overwrite = overwriteReason(log) ?? shared?.reason ?? null;
        const reason = overwrite ?? commentReason(node);
        // A file written by another statement too: the suggestion writes this value to a file of its own.
        const ownFile = shared?.ownFile ?? file;
        const replacement = logTextText(context, log, mlflow, ownFile, null);
        // Overwriting loses values, and a comment inside the call would be lost: let a human accept those.
        context.report({
          node,
          group,
          messageId: overwrite ? 'overwrite' : reason ? 'cannotFix' : 'logText',
          data: reason ? { ...data, reason } : data,
          ...(reason
            ? { suggest: [mlflowSuggestion(context, node, replacement, 'useLogText', { ...data, file: brief(ownFile) })] }
            : { fix: replaceWithMlflow(context, node, replacement) }),
        });
      },
    };
  },
};

/** `mlflow.log_text(value, file[, run_id=...])`: text first, as MLflow's signature wants it. */
function logTextText(context: RuleContext, log: RunLogCall, mlflow: string, file: string, runId: string | null): string {
  const args = [valueText(context, log.args.value!), file];
  if (runId) args.push(`run_id=${runId}`);
  return `${mlflow}.log_text(${args.join(', ')})`;
}

/**
 * v1 keeps every value logged under one name; a text artifact keeps the last one. A rewrite would lose
 * values when the same file is written repeatedly: with `step=`, or a fixed name inside a loop.
 */
function overwriteReason(log: RunLogCall): string | null {
  if (log.args.step) return 'it logs a series with step=';
  const fixedName = log.args.name!.value.name === 'String';
  return fixedName && insideLoop(log.call) ? 'it logs under a fixed name inside a loop' : null;
}

/**
 * When another statement writes the same file (the same name logged as text elsewhere, or an MLflow log_text to
 * it): why, naming the first other writer, and a file of this call's own (`stage_2.txt` for the second writer).
 */
function sharedFile(context: RuleContext, log: RunLogCall, template: string, file: string): { reason: string; ownFile: string } | null {
  const writers = textArtifactWriters(context, template).get(file) ?? [];
  if (writers.length < 2) return null;
  const index = writers.findIndex((w) => w.unit === context.unit && w.call.from === log.call.from);
  const other = writers.find((_, i) => i !== index)!;
  const reason = `${file} is also written by \`${brief(textOf(other.unit, other.call))}\` at ${whereText(context, other.unit, other.call)}`;
  const name = stringLiteralValue(context.unit, log.args.name!.value)!;
  const ownFile = index > 0 ? `"${template.replace('{name}', `${sanitizeFileName(name)}_${index + 1}`)}"` : file;
  return { reason, ownFile };
}

function insideLoop(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'ForStatement' || up.name === 'WhileStatement') return true;
    if (up.name === 'FunctionDefinition' || up.name === 'ClassDefinition' || up.name === 'LambdaExpression') return false;
  }
  return false;
}

export default rule;
