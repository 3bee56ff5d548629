// no-run-log-image: `run.log_image(name, path=p)` on an Azure ML v1 Run → `mlflow.log_artifact(p)`;
// `run.log_image(name, plot=...)` → `mlflow.log_figure(figure, "name.png")`, logging the figure v1 would save.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext } from '../lib/types.js';
import { artifactFileSource } from './helpers/artifacts/artifact-file.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { insideLoop } from './helpers/artifacts/inside-loop.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { textOf, valueText } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';

const SIGNATURES = { log_image: { slots: ['name', 'path', 'plot', 'description'] } } as const;

const TITLE = 'Run.log_image() is Azure ML SDK v1 logging; use {{replacement}} instead.';

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.log_image(name, path=p)` with `mlflow.log_artifact(p)`, and ' +
        '`run.log_image(name, plot=...)` with `mlflow.log_figure(figure, "name.png")`. v1 saves the plot it is given: ' +
        'for the `matplotlib.pyplot` module that is the current figure (`plt.gcf()`), a Figure object is passed as ' +
        'is; nothing is redrawn. A plot whose origin the program does not show, or a fixed name inside a loop (each ' +
        'call would overwrite the file), is only suggested.',
      recommended: true,
      url: ruleDocsUrl('no-run-log-image'),
      example: {
        before: [
          'import matplotlib.pyplot as plt',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'run.log_image("roc", plot=plt)',
          'run.log_image("confusion", path="outputs/confusion.png")',
        ].join('\n'),
        after: [
          'import mlflow',
          'import matplotlib.pyplot as plt',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'mlflow.log_figure(plt.gcf(), "roc.png")',
          'mlflow.log_artifact("outputs/confusion.png")',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      logImage: TITLE,
      cannotFix: `${TITLE} Not fixed automatically: {{reason}}.`,
      otherRun:
        'Run.log_image() on a {{kind}} run is Azure ML SDK v1 logging; use {{replacement}} with run_id=... instead. Not ' +
        'fixed automatically: MLflow logs to its active run, so logging to another run needs that run\'s id.',
      useMlflow: 'Replace with {{replacement}}.',
      useWithRunId: 'Replace with {{replacement}}, passing run_id={{run}}.id.',
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
  const { path, plot } = call.args;
  const shown = plot && !path ? `${mlflow}.log_figure(..., ${brief(fileOf(context, call))})` : `${mlflow}.log_artifact(...)`;
  const data = { mlflow, replacement: shown };
  const problem = () =>
    (!call.args.name ? 'it does not pass a name' : null) ??
    (path && plot ? 'it passes both path and plot' : null) ??
    (!path && !plot ? 'it passes neither path nor plot' : null);
  if (reportedUnfixable(context, call, data, problem)) return;
  if (!logsToActiveRun(context, call)) {
    reportOnOtherRun(context, call, data, (run) => [
      mlflowSuggestion(context, node, replacementText(context, call, mlflow, `${run}.id`), 'useWithRunId', {
        replacement: shown,
        run: brief(run),
      }),
    ]);
    return;
  }
  const doubt = (plot ? figureDoubt(context, call, plot.value) : null) ?? commentReason(node);
  const replacement = replacementText(context, call, mlflow, null);
  context.report({
    node,
    messageId: doubt ? 'cannotFix' : 'logImage',
    data: doubt ? { ...data, reason: doubt } : data,
    ...(doubt
      ? { suggest: [mlflowSuggestion(context, node, replacement, 'useMlflow', { replacement: shown })] }
      : { fix: replaceWithMlflow(context, node, replacement) }),
  });
}

function fileOf(context: RuleContext, call: RunMethodCall): string {
  return artifactFileSource(context.unit, call.args.name!.value, '{name}.png');
}

function replacementText(context: RuleContext, call: RunMethodCall, mlflow: string, runId: string | null): string {
  const { path, plot } = call.args;
  const args = path ? [valueText(context, path)] : [figureText(context, plot!.value), fileOf(context, call)];
  if (runId) args.push(`run_id=${runId}`);
  return `${mlflow}.${path ? 'log_artifact' : 'log_figure'}(${args.join(', ')})`;
}

/** The figure v1 saves: `plot.savefig()` on the pyplot module saves its current figure; anything else is the figure. */
function figureText(context: RuleContext, plot: SyntaxNode): string {
  const text = textOf(context.unit, plot);
  return isPyplotModule(context, plot) ? `${text}.gcf()` : text;
}

function isPyplotModule(context: RuleContext, plot: SyntaxNode): boolean {
  return context.model.qualifiedNameOf?.(context.unit, plot) === 'matplotlib.pyplot';
}

/** Why the figure rewrite needs a human, or null. */
function figureDoubt(context: RuleContext, call: RunMethodCall, plot: SyntaxNode): string | null {
  // A name the program never binds (a `%pylab` magic's `plt`, say) may be the pyplot module or a figure.
  if (plot.name === 'VariableName' && !context.model.bindingOf(context.unit, plot)) {
    return `the program does not show whether ${brief(textOf(context.unit, plot))} is the pyplot module or a figure`;
  }
  if (call.args.name!.value.name === 'String' && insideLoop(call.call)) {
    return `it logs under a fixed name inside a loop, and each call would overwrite ${brief(fileOf(context, call))}`;
  }
  return null;
}

export default rule;
