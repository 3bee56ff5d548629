// What becomes of each use of a v1 run that a fix turns into MLflow's ActiveRun (start_logging() →
// mlflow.start_run(), child_run() → mlflow.start_run(nested=True)). The rule that makes the run MLflow's owns
// this, since the object changes type because of its fix: it rewrites the v1 attributes MLflow's run has
// under another name (`run.id` → `run.info.run_id`), and refuses the whole migration, naming the use and where
// it is, when one use has no MLflow form. Logging calls on the run are other rules' (MIGRATED_RUN_METHODS).
import type { SyntaxNode } from '@lezer/common';
import type { FixFunction, RuleContext, RuleListener, Unit } from '../../../lib/types.js';
import { callParts, enclosingFunction, statementOf } from '../../../lib/python/nodes.js';
import { mlflowPrefix, replaceWithMlflow } from '../imports/mlflow-import.js';
import { MIGRATED_RUN_METHODS } from './migrated-run-methods.js';
import { runGroupOf } from './migration-group.js';
import { textOf } from '../source/text.js';
import { brief } from '../messages/brief.js';
import { whereText } from '../messages/where.js';

/** What a use of the run becomes once the run is MLflow's. */
export type RunObjectUse =
  /** Left as it is: a v1 call another rule rewrites, or the run shown (MLflow's run object shows itself too). */
  | { kind: 'kept' }
  /** `node` is replaced by `replacement`; the message says what changes. */
  | { kind: 'rewritten'; node: SyntaxNode; messageId: string; data: Record<string, string>; replacement: string }
  /** No MLflow form: the run is not migrated, for `reason`. `node` is the use, for a message of its own where one helps. */
  | { kind: 'refused'; node: SyntaxNode; use: string; reason: string; messageId?: string };

/** Messages of the rules that install runObjectListener(). */
export const RUN_OBJECT_MESSAGES = {
  runId: '`{{use}}` is the Azure ML SDK v1 run\'s id; once the run is MLflow\'s ({{mlflow}}.start_run()), it is `{{replacement}}`.',
  runExperimentName:
    '`{{use}}` reads the Azure ML SDK v1 run\'s experiment; once the run is MLflow\'s ({{mlflow}}.start_run()), use `{{replacement}}`.',
  runPortalUrl:
    'Run.get_portal_url() is Azure ML SDK v1, and MLflow has no portal URL: the fix builds the run\'s Azure ML studio link ' +
    'from its MLflow run id (with azureml-mlflow it is the Azure ML run id) and the workspace `{{workspace}}`.',
  runPortalUrlNoFix:
    'Run.get_portal_url() is Azure ML SDK v1, and MLflow has no portal URL (Azure ML studio shows a run at ' +
    'https://ml.azure.com/runs/<run id>?wsid=<workspace resource id>). Not fixed automatically: {{reason}}.',
  runReadV1:
    'Run.{{method}}() is Azure ML SDK v1, and MLflow\'s run object has no {{method}}() of the same shape; the migrated run ' +
    'is an Azure ML run too (azureml-mlflow), so the fix reads it through the v1 SDK, fetched by its id: `{{replacement}}`.',
  runMetricsShown:
    'Run.get_metrics() is Azure ML SDK v1; use `{{replacement}}` instead. It is only shown here, which its other shape ' +
    'does not break: it holds the last value of each numeric metric (v1 listed every value of a series, and text logged ' +
    'with run.log() is a text artifact now).',
} as const;

const GET_METRICS_SHAPE =
  'v1\'s get_metrics() lists every value of a series and includes text and tables, while MLflow\'s run keeps the last ' +
  'value of each numeric metric, so code that reads the result would see other values (only showing or printing it is rewritten)';

/** What `ref` (a reference to a run that becomes MLflow's, named `run` in the source) becomes. */
export function runObjectUse(context: RuleContext, unit: Unit, ref: SyntaxNode): RunObjectUse {
  const run = textOf(unit, ref);
  const mlflow = mlflowPrefix(context);
  const member = memberOn(ref);
  if (!member) {
    if (isShown(context, unit, ref)) return { kind: 'kept' };
    const statement = statementOf(ref) ?? ref;
    return refused(ref, brief(textOf(unit, statement)), 'the run object is passed on or stored there, and what gets it may expect a v1 Run, which MLflow\'s run object is not');
  }
  const property = textOf(unit, member.lastChild!);
  const call = calledAt(member);
  if (!call) {
    if (!isRead(member)) return refused(member, `${run}.${property}`, `it sets an attribute of the v1 run`);
    if (property === 'id') {
      return rewritten(member, 'runId', { use: `${run}.id`, mlflow }, `${run}.info.run_id`);
    }
    const outer = memberOn(member);
    if (property === 'experiment' && outer && textOf(unit, outer.lastChild!) === 'name' && !calledAt(outer) && isRead(outer)) {
      const replacement = `${mlflow}.get_experiment(${run}.info.experiment_id).name`;
      return rewritten(outer, 'runExperimentName', { use: `${run}.experiment.name`, mlflow }, replacement);
    }
    return refused(member, `${run}.${property}`, `MLflow's run object has no \`${property}\``);
  }
  if (MIGRATED_RUN_METHODS.has(property)) return { kind: 'kept' };
  const args = callParts(call, unit.text).args;
  if (property === 'get_portal_url' && args.length === 0) return portalUrl(context, unit, ref, call, run);
  if (property === 'get_metrics' && args.length === 0 && isShown(context, unit, call)) {
    const replacement = `${mlflow}.get_run(${run}.info.run_id).data.metrics`;
    return rewritten(call, 'runMetricsShown', { mlflow }, replacement);
  }
  const fetched = V1_READS.has(property) ? v1RunFetch(context, unit, ref, run) : null;
  if (fetched) return rewritten(member.firstChild!, 'runReadV1', { method: property }, fetched);
  const reason = property === 'get_metrics' ? GET_METRICS_SHAPE : `MLflow's run object has no \`${property}()\``;
  return refused(call, `${run}.${property}()`, reason);
}

/** v1 reads of a run that MLflow answers in other shapes, kept on a v1 Run fetched by the migrated run's id. */
const V1_READS = new Set(['get_metrics', 'get_file_names', 'download_file', 'download_files', 'get_details', 'get_status', 'get_tags', 'get_properties']);

/**
 * `Run(Experiment(ws, name), run.info.run_id)`: the v1 Run of the migrated run. With azureml-mlflow an MLflow run
 * tracked to the workspace is an Azure ML run of the same id, so v1 reads of it keep their shapes. Only in a
 * notebook whose MLflow tracks to that workspace (the migration points it there, or the code already does), with
 * the v1 Run and Experiment classes, the workspace and the experiment's name all known at module level.
 */
function v1RunFetch(context: RuleContext, unit: Unit, ref: SyntaxNode, run: string): string | null {
  const { program, model } = context;
  if (program.kind !== 'notebook' || enclosingFunction(ref)) return null;
  const tracking = program.units.filter((u) => /set_tracking_uri|MLFLOW_TRACKING_URI/.test(u.text));
  if (tracking.some((u) => !/get_mlflow_tracking_uri\(\)/.test(u.text))) return null;
  const experiment = experimentCallOf(context, unit, ref);
  const runClass = model.bindings.find((b) => /^azureml\.core(\.run)?\.Run$/.test(model.importOf?.(b) ?? '') && !enclosingFunction(b.node));
  if (!experiment || !runClass) return null;
  const parts = callParts(experiment.node, experiment.unit.text);
  const workspace = parts.args.find((a) => a.name === 'workspace') ?? parts.args.find((a) => a.name === null);
  const name = parts.args.find((a) => a.name === 'name') ?? parts.args.filter((a) => a.name === null)[1];
  if (!workspace || workspace.star || workspace.value.name !== 'VariableName' || !name || name.value.name !== 'String') return null;
  const text = (node: SyntaxNode) => textOf(experiment.unit, node);
  return `${runClass.name}(${text(parts.callee)}(${text(workspace.value)}, ${text(name.value)}), ${run}.info.run_id)`;
}

/** Why the run cannot become MLflow's, naming the first use that has no MLflow form and where it is; null when none. */
export function runObjectBlocker(context: RuleContext, refs: readonly { unit: Unit; node: SyntaxNode }[], name: string): string | null {
  for (const ref of refs) {
    const use = runObjectUse(context, ref.unit, ref.node);
    if (use.kind === 'refused') return `the run \`${name}\` is also used as \`${use.use}\` (${whereText(context, ref.unit, use.node)}): ${use.reason}`;
  }
  return null;
}

/**
 * Reports, in the run's migration group, each use of a run made by `originMethod` (`start_logging`, `child_run`)
 * that the migration rewrites, and the refused uses that have a message of their own.
 */
export function runObjectListener(context: RuleContext, originMethod: string): RuleListener {
  // Only a run made by `x.<originMethod>(...)` in this program is rewritten: without that name in its code there is
  // none, and the listener would only ask the model about every attribute read.
  if (!context.program.units.some((unit) => unit.text.includes(originMethod))) return {};
  return {
    MemberExpression(node) {
      const ref = node.firstChild;
      if (ref?.name !== 'VariableName' || !context.model.usesAzureml) return;
      const unit = context.unit;
      if (context.model.v1ValueOf(unit, ref)?.kind !== 'run') return;
      const origin = context.model.v1OriginOf?.(unit, ref);
      if (!origin || callParts(origin.node, origin.unit.text).method !== originMethod) return;
      const use = runObjectUse(context, unit, ref);
      const group = runGroupOf(context, ref);
      if (use.kind === 'rewritten') {
        const fix: FixFunction = use.replacement.startsWith(`${mlflowPrefix(context)}.`)
          ? replaceWithMlflow(context, use.node, use.replacement)
          : (fixer) => [fixer.replaceText(use.node, use.replacement)];
        context.report({ node: use.node, messageId: use.messageId, data: { ...use.data, replacement: brief(use.replacement, 80) }, fix, group });
      } else if (use.kind === 'refused' && use.messageId) {
        context.report({ node: use.node, messageId: use.messageId, data: { reason: use.reason }, group });
      }
    },
  };
}

/**
 * `run.get_portal_url()`: MLflow has none, but Azure ML studio's link is made of the run id (MLflow's, with
 * azureml-mlflow) and the workspace's ids, which the v1 Workspace the experiment was made with still gives.
 */
function portalUrl(context: RuleContext, unit: Unit, ref: SyntaxNode, call: SyntaxNode, run: string): RunObjectUse {
  const use = `${run}.get_portal_url()`;
  const workspace = workspaceOf(context, unit, ref);
  const refuse = (reason: string) => ({ ...refused(call, use, reason), messageId: 'runPortalUrlNoFix' });
  if (!workspace) return refuse('MLflow has no portal URL, and no workspace is known by name here to build the Azure ML studio link from');
  if (insideFormatString(call)) return refuse('it is inside an f-string, where the link\'s own quotes cannot go');
  const replacement =
    `f"https://ml.azure.com/runs/{${run}.info.run_id}?wsid=/subscriptions/{${workspace}.subscription_id}` +
    `/resourcegroups/{${workspace}.resource_group}/workspaces/{${workspace}.name}"`;
  return rewritten(call, 'runPortalUrl', { workspace }, replacement);
}

/**
 * The name of the v1 Workspace the run's experiment was made with (`Experiment(ws, ...)`), following
 * child_run() and start_logging() back; null unless it is a plain module-level name, like the use.
 */
function workspaceOf(context: RuleContext, unit: Unit, ref: SyntaxNode): string | null {
  if (enclosingFunction(ref)) return null;
  const experiment = experimentCallOf(context, unit, ref);
  if (!experiment) return null;
  const parts = callParts(experiment.node, experiment.unit.text);
  const arg = parts.args.find((a) => a.name === 'workspace') ?? parts.args.find((a) => a.name === null);
  return arg && !arg.star && arg.value.name === 'VariableName' ? textOf(experiment.unit, arg.value) : null;
}

/** The module-level `Experiment(...)` call the run was started from, following child_run() and start_logging() back. */
function experimentCallOf(context: RuleContext, unit: Unit, ref: SyntaxNode): { unit: Unit; node: SyntaxNode } | null {
  let origin = context.model.v1OriginOf?.(unit, ref) ?? null;
  for (let depth = 0; origin && depth < 8; depth++) {
    const parts = callParts(origin.node, origin.unit.text);
    if (context.model.v1ClassOf(origin.unit, parts.callee) === 'Experiment') return enclosingFunction(origin.node) ? null : origin;
    origin = parts.receiver ? (context.model.v1OriginOf?.(origin.unit, parts.receiver) ?? null) : null;
  }
  return null;
}

function rewritten(node: SyntaxNode, messageId: string, data: Record<string, string>, replacement: string): RunObjectUse {
  return { kind: 'rewritten', node, messageId, data, replacement };
}

function refused(node: SyntaxNode, use: string, reason: string): RunObjectUse & { kind: 'refused' } {
  return { kind: 'refused', node, use: brief(use), reason };
}

/** `node.x` when `node` is the object of a member access by name. */
function memberOn(node: SyntaxNode): SyntaxNode | null {
  const member = node.parent;
  if (member?.name !== 'MemberExpression' || member.firstChild?.from !== node.from) return null;
  return member.lastChild?.name === 'PropertyName' ? member : null;
}

/** The call `member(...)`, when `member` is called. */
function calledAt(member: SyntaxNode): SyntaxNode | null {
  const call = member.parent;
  return call?.name === 'CallExpression' && call.firstChild?.from === member.from ? call : null;
}

/** Not assigned to, augmented or deleted. */
function isRead(member: SyntaxNode): boolean {
  const parent = member.parent;
  if (parent?.name === 'AssignStatement' || parent?.name === 'UpdateStatement') {
    // The targets come before the last `=`: a member after it is the value.
    return parent.lastChild?.from === member.from;
  }
  return parent?.name !== 'DeleteStatement';
}

/**
 * Only shown: a statement of its own (a notebook displays a cell's last value; elsewhere it is dropped), or an
 * argument of the builtin print(). MLflow's objects show and print as well, so nothing can break there.
 */
function isShown(context: RuleContext, unit: Unit, node: SyntaxNode): boolean {
  const parent = node.parent;
  if (parent?.name === 'ExpressionStatement') return true;
  if (parent?.name !== 'ArgList') return false;
  if (node.prevSibling?.name === 'AssignOp' || node.prevSibling?.name === '*' || node.prevSibling?.name === '**') return false;
  const callee = parent.parent?.name === 'CallExpression' ? parent.parent.firstChild : null;
  return callee?.name === 'VariableName' && textOf(unit, callee) === 'print' && !context.model.bindingOf(unit, callee);
}

function insideFormatString(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FormatString' || up.name === 'FormatReplacement') return true;
    if (up.type.is('Statement')) return false;
  }
  return false;
}
