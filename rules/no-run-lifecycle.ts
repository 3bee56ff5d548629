// no-run-lifecycle: ending and nesting Azure ML v1 runs → MLflow's active-run calls.
//   run.complete() → mlflow.end_run(), run.fail() → mlflow.end_run(status="FAILED"),
//   run.cancel() → mlflow.end_run(status="KILLED"), with run.child_run(name) as c: → with mlflow.start_run(run_name=name, nested=True) as c:
//
// mlflow.end_run() ends MLflow's active run, so it is only the same call when the v1 run is that run (the job's
// own, an interactive one, or a child inside its own `with` block). Inside an Azure ML job the platform completes
// the job's run anyway, and end_run() on it is harmless: the job's run is rewritten like any other.
import type { SyntaxNode } from '@lezer/common';
import type { Binding, Rule, RuleContext, RuleListener } from '../lib/types.js';
import { calledMethodOn, MIGRATED_RUN_METHODS } from './helpers/run-migration/migrated-run-methods.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { childRunSpan, logsToActiveRun } from './helpers/run-calls/active-run.js';
import { textOf, valueText } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';
import { RUN_OBJECT_MESSAGES, runObjectListener, runObjectUse } from './helpers/run-migration/run-object-uses.js';
import { whereText } from './helpers/messages/where.js';
import { creationGroupOf, runGroupOf } from './helpers/run-migration/migration-group.js';

/** v1 signatures: complete(_set_status=True), fail(error_details=None, error_code=None, _set_status=True), cancel(), child_run(name=None, run_id=None, outputs=None). */
const SIGNATURES = {
  complete: { slots: ['_set_status'] },
  fail: { slots: ['error_details', 'error_code', '_set_status'] },
  cancel: { slots: [] },
  child_run: { slots: ['name', 'run_id', 'outputs'] },
} as const;

/** end_run's status for each v1 method; complete() is end_run's default, FINISHED. */
const STATUS: Record<string, string | null> = { complete: null, fail: '"FAILED"', cancel: '"KILLED"' };

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.complete()`, `run.fail()` and `run.cancel()` with `mlflow.end_run()` ' +
        '(status FINISHED, FAILED, KILLED), and `with run.child_run(name) as child:` with ' +
        '`with mlflow.start_run(run_name=name, nested=True) as child:`. Only the active run is rewritten; ending a ' +
        'remote or parent run gets a `MlflowClient().set_terminated(run_id, status)` suggestion. `fail()` with error ' +
        'details gets a suggestion. A child is fixed in `with run.child_run(name) as child:`, or as ' +
        '`child = run.child_run(name)` ended by `child.complete()` later in the same block (MLflow\'s active run is the ' +
        'child in between); elsewhere it gets a suggestion. In an Azure ML job the platform ' +
        'completes the job\'s run itself; `mlflow.end_run()` there is harmless.',
      recommended: true,
      url: ruleDocsUrl('no-run-lifecycle'),
      example: {
        before: [
          'from azureml.core import Experiment',
          'run = Experiment(ws, "e").start_logging()',
          'with run.child_run("fold-1") as child:',
          '    child.log("acc", 0.9)',
          'run.complete()',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Experiment',
          'run = Experiment(ws, "e").start_logging()',
          'with mlflow.start_run(run_name="fold-1", nested=True) as child:',
          '    child.log("acc", 0.9)',
          'mlflow.end_run()',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      endRun: 'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead.',
      endRunCannotFix: 'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead. Not fixed automatically: {{reason}}.',
      endRunDetails:
        'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead. Not fixed automatically: MLflow\'s end_run() ' +
        'takes no error details, so {{args}} would be lost (log them first, e.g. with {{mlflow}}.set_tag()).',
      endOtherRun:
        'Run.{{method}}() on a {{kind}} run is Azure ML SDK v1; use {{mlflow}}.MlflowClient().set_terminated(run_id, ...) ' +
        'instead. Not fixed automatically: mlflow.end_run() ends MLflow\'s active run, which is not this run.',
      cancelRemoteRun:
        'Run.cancel() on a remote run is Azure ML SDK v1. Not fixed automatically: to stop a submitted job use ' +
        'azure-ai-ml\'s ml_client.jobs.begin_cancel(name); {{mlflow}}.MlflowClient().set_terminated(run_id, "KILLED") ' +
        'only marks the tracked run as killed.',
      childRun: 'Run.child_run() is Azure ML SDK v1; use {{replacement}} instead.',
      childRunCannotFix: 'Run.child_run() is Azure ML SDK v1; use {{replacement}} instead. Not fixed automatically: {{reason}}.',
      useEndRun: 'Replace with {{replacement}}.',
      useSetTerminated: 'Replace with {{replacement}}.',
      useStartRun: 'Replace with {{replacement}}.',
      ...RUN_OBJECT_MESSAGES,
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    // A child opened by child_run() becomes MLflow's run: its v1 attributes with an MLflow form are rewritten.
    return {
      ...runObjectListener(context, 'child_run'),
      ...lifecycleListener(context),
    };
  },
};

/** complete() / fail() / cancel() and child_run() on v1 runs, each reported in its run's migration group. */
function lifecycleListener(context: RuleContext): RuleListener {
  return runMethodListener(
    context,
    SIGNATURES,
    (grouped, call) => {
      if (call.method === 'child_run') reportChildRun(grouped, call);
      else reportEndRun(grouped, call);
    },
    // child_run() is also the start of the child, whose uses join the parent's group (or start one).
    (call) => (call.method === 'child_run' ? creationGroupOf(context, call.call) : runGroupOf(context, call.receiver)),
  );
}

function reportEndRun(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const status = STATUS[call.method];
  const replacement = `${mlflow}.end_run(${status ? `status=${status}` : ''})`;
  const data = { method: call.method, mlflow, replacement };

  if (reportedUnfixable(context, call, data, () => null, 'endRunCannotFix')) return;
  if (!logsToActiveRun(context, call)) {
    const cancelsJob = call.method === 'cancel' && call.runKind === 'remote';
    const suggest = (run: string) => {
      const setTerminated = `${mlflow}.MlflowClient().set_terminated(${run}.id${status ? `, ${status}` : ''})`;
      return [mlflowSuggestion(context, node, setTerminated, 'useSetTerminated', { replacement: brief(setTerminated, 60) })];
    };
    reportOnOtherRun(context, call, data, suggest, cancelsJob ? 'cancelRemoteRun' : 'endOtherRun');
    return;
  }
  const passed = Object.values(call.args).filter((arg) => arg !== undefined);
  if (passed.length > 0) {
    const args = brief(passed.map((arg) => valueText(context, arg)).join(', '));
    context.report({
      node,
      messageId: 'endRunDetails',
      data: { ...data, args },
      suggest: [mlflowSuggestion(context, node, replacement, 'useEndRun', { replacement })],
    });
    return;
  }
  const comment = commentReason(node);
  if (comment) {
    const suggest = [mlflowSuggestion(context, node, replacement, 'useEndRun', { replacement })];
    context.report({ node, messageId: 'endRunCannotFix', data: { ...data, reason: comment }, suggest });
    return;
  }
  context.report({ node, messageId: 'endRun', data, fix: replaceWithMlflow(context, node, replacement) });
}

function reportChildRun(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const name = call.args.name ? `run_name=${valueText(context, call.args.name)}, ` : '';
  const replacement = `${mlflow}.start_run(${name}nested=True)`;
  const data = { mlflow, replacement: brief(replacement, 60) };
  // Arguments MLflow cannot take rule out even a suggestion; the other reasons are about the code around the call.
  const argumentProblem =
    call.blocker ??
    (call.args.run_id || call.args.outputs
      ? 'MLflow\'s start_run() has no `outputs`, and its `run_id` resumes a run instead of naming the child'
      : null);
  const reason = argumentProblem ?? childRunBlocker(context, call);
  if (reason === null) {
    context.report({ node, messageId: 'childRun', data, fix: replaceWithMlflow(context, node, replacement) });
    return;
  }
  const suggest = argumentProblem ? [] : [mlflowSuggestion(context, node, replacement, 'useStartRun', data)];
  context.report({ node, messageId: 'childRunCannotFix', data: { ...data, reason }, suggest });
}

/**
 * Why `run.child_run()` cannot become `mlflow.start_run(nested=True)` here, or null. The child becomes
 * MLflow's active run until its block ends, so the rewrite is only faithful in `with run.child_run() as child:`
 * when the parent is MLflow's active run, no other v1 run is used in the block (its logging would go to the
 * child), and the child itself is only used by calls that are rewritten to `mlflow.*`, inside the block.
 */
function childRunBlocker(context: RuleContext, call: RunMethodCall): string | null {
  const unit = context.unit;
  if (call.runKind !== 'interactive' && call.runKind !== 'child') {
    return `the parent is a ${call.runKind} run, which need not be MLflow's active run here, so MLflow would not nest the child under it`;
  }
  if (!logsToActiveRun(context, call)) return 'the parent run is not MLflow\'s active run here';
  const statement = call.call.parent;
  let child: Binding | null = null;
  let span: { from: number; to: number } | null = null;
  if (statement?.name === 'WithStatement') {
    const body = statement.getChild('Body');
    if (!body) return 'the `with` block has no body';
    span = body;
    if (call.call.nextSibling?.name === 'as') {
      const target = call.call.nextSibling.nextSibling;
      if (target?.name !== 'VariableName') return 'the child run is bound to something other than a plain name';
      child = context.model.bindingOf(unit, target);
      if (!child) return 'the child run\'s uses cannot be followed';
    }
  } else {
    const target = statement?.name === 'AssignStatement' ? statement.firstChild : null;
    child = target?.name === 'VariableName' ? context.model.bindingOf(unit, target) : null;
    span = child ? childRunSpan(unit, child.node) : null;
    if (!child || !span) {
      return 'outside a `with ... as child:` block, and not ended by `child.complete()` later in the same block (with no return, ' +
        'break, continue or raise before it), the child stays MLflow\'s active run, so logging to the parent would go to the child';
    }
  }
  const other = otherRunIn(context, span, child);
  if (other) return `\`${other.name}\` is used while the child is MLflow's active run (${whereText(context, unit, other.node)}), so its logging would go to the child`;
  if (!child) return null;
  for (const ref of child.references) {
    const method = calledMethodOn(ref.unit, ref.node);
    const inSpan = ref.unit === unit && span.from <= ref.node.from && ref.node.to <= span.to;
    if (method !== null && MIGRATED_RUN_METHODS.has(method)) {
      if (inSpan) continue;
      return `the child run is also used as \`${child.name}.${method}()\` (${whereText(context, ref.unit, ref.node)}) outside the code where it is MLflow's active run`;
    }
    // Attributes read and the run shown work on MLflow's run object, while it runs or after it ended.
    const use = runObjectUse(context, ref.unit, ref.node);
    if (use.kind === 'refused') return `the child run is also used as \`${use.use}\` (${whereText(context, ref.unit, use.node)}): ${use.reason}`;
  }
  return null;
}

/** The first name between `span.from` and `span.to` holding a v1 run other than `child`. */
function otherRunIn(context: RuleContext, span: { from: number; to: number }, child: Binding | null): { name: string; node: SyntaxNode } | null {
  const unit = context.unit;
  let found: { name: string; node: SyntaxNode } | null = null;
  unit.tree?.iterate({
    from: span.from,
    to: span.to,
    enter: (ref) => {
      if (found) return false;
      if (ref.name !== 'VariableName' || ref.from < span.from || ref.to > span.to) return;
      const node = ref.node;
      if (context.model.v1ValueOf(unit, node)?.kind !== 'run') return;
      if (context.model.bindingOf(unit, node) !== child) found = { name: textOf(unit, node), node };
    },
  });
  return found;
}

export default rule;
