// no-v1-experiment: `Experiment(ws, name)` and `exp.start_logging()` → `mlflow.set_experiment(name)` and
// `mlflow.start_run()`.
//
// `exp = Experiment(ws, "n")` becomes `exp = mlflow.set_experiment("n")`: the binding is kept (the edit
// stays on the call, and a use the linter cannot see still finds a name). The rewrite happens only when
// every use of the experiment is a `start_logging()` that is rewritten too, or a read of `exp.name`
// (MLflow's Experiment has the same attribute); any other use (`submit`, `get_runs`, passing it on) has
// no MLflow equivalent, so the experiment and its start_logging() calls are reported without a fix.
// The started run must then be used only by calls some rule reports (MIGRATED_RUN_METHODS); whether each of
// those is fixed too is the fixer's business: all of them join one migration group (migration-group.ts) with
// the experiment and its start_logging(), applied all together or not at all.
import type { SyntaxNode } from '@lezer/common';
import type { Binding, ReportDescriptor, Rule, RuleContext, RuleFixer, TextEdit, Unit } from '../lib/types.js';
import { callsNamed } from '../lib/engine/traverse.js';
import { callParts, enclosingFunction, statementOf, type CallParts } from '../lib/python/nodes.js';
import { creationGroupOf } from './helpers/run-migration/migration-group.js';
import { RUN_OBJECT_MESSAGES, runObjectBlocker, runObjectListener } from './helpers/run-migration/run-object-uses.js';
import { mlflowPrefix, withMlflowImport } from './helpers/imports/mlflow-import.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { eolOf, ownLineIndent, textOf } from './helpers/source/text.js';
import { brief } from './helpers/messages/brief.js';
import { whereText } from './helpers/messages/where.js';

/** A fix is possible, or the reason it is not (said in the message). */
type Verdict = { ok: true } | { ok: false; reason: string };

const STAR_ARGS = 'is passed *args or **kwargs, whose contents are not known';
const NOT_FOLLOWED = 'the experiment object is kept where its other uses cannot be followed';
const NAME_UNKNOWN = 'the experiment is not created here by Experiment(workspace, name), so its name is not known';
const NO_WORKSPACE =
  'no Workspace object is in scope to point MLflow at (the workspace is not passed by name), so MLflow would log to a ' +
  'local ./mlruns folder; bind the workspace to a name, or set the tracking URI the v2 way: ' +
  'mlflow.set_tracking_uri(MLClient(credential, subscription_id, resource_group).workspaces.get(name).mlflow_tracking_uri)';

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace the Azure ML SDK v1 `Experiment(workspace, name)` and its `start_logging()` with ' +
        '`mlflow.set_experiment(name)` and `mlflow.start_run()`; `with ... as run:` keeps its shape. ' +
        'start_logging\'s `outputs` and `snapshot_directory` are dropped (MLflow has no snapshot), `display_name` ' +
        'becomes `run_name`. Not fixed when the experiment is also used for anything else (`submit`, `get_runs`, ' +
        '`Run(exp, run_id)`, ...). The started run becomes MLflow\'s, so its v1 attributes follow: `run.id` → ' +
        '`run.info.run_id`, `run.experiment.name` → `mlflow.get_experiment(run.info.experiment_id).name`, ' +
        '`run.get_portal_url()` → the run\'s Azure ML studio link built from its run id and the workspace (MLflow has no ' +
        'portal URL), `run.get_metrics()` only shown or printed → `mlflow.get_run(run.info.run_id).data.metrics`, and in a ' +
        'notebook tracking to the workspace the reads MLflow answers in other shapes (`get_file_names()`, `download_file()`, ' +
        '`get_metrics()` read, ...) go through the v1 Run of the same id, `Run(Experiment(ws, "name"), run.info.run_id)`; the run ' +
        'shown in a cell stays. Any other use of the run keeps it, and every use of it, v1, and the messages name that ' +
        'use and where it is.',
      recommended: true,
      url: ruleDocsUrl('no-v1-experiment'),
      example: {
        before: [
          'from azureml.core import Experiment, Workspace',
          'ws = Workspace.from_config()',
          'exp = Experiment(workspace=ws, name="my-exp")',
          'with exp.start_logging() as run:',
          '    ...',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Experiment, Workspace',
          'ws = Workspace.from_config()',
          'exp = mlflow.set_experiment("my-exp")',
          'with mlflow.start_run() as run:',
          '    ...',
        ].join('\n'),
      },
    },
    fixable: 'code',
    messages: {
      experiment: 'Experiment() is Azure ML SDK v1; use {{mlflow}}.set_experiment({{name}}) instead.',
      experimentNoFix:
        'Experiment() is Azure ML SDK v1; use {{mlflow}}.set_experiment({{name}}) instead. Not fixed automatically: {{reason}}.',
      experimentStartLogging:
        'Experiment().start_logging() is Azure ML SDK v1; use {{mlflow}}.set_experiment({{name}}) and ' +
        '{{mlflow}}.start_run() instead.',
      startLogging: 'Experiment.start_logging() is Azure ML SDK v1; use {{mlflow}}.start_run() instead.',
      startLoggingNoFix:
        'Experiment.start_logging() is Azure ML SDK v1; use {{mlflow}}.start_run() instead. Not fixed automatically: {{reason}}.',
      ...RUN_OBJECT_MESSAGES,
      runFetch:
        'Run({{experiment}}, run_id) fetches a v1 run through the experiment, which the migration makes MLflow\'s; pass it ' +
        'a v1 experiment of the same name, {{replacement}}: with azureml-mlflow, MLflow\'s runs are Azure ML runs, so the ' +
        'fetched run is the same (it stays a v1 Run; MLflow reads it with mlflow.get_run(run_id)).',
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    const verdicts = new Map<Binding, Verdict>();
    /** Reports at the call that makes an experiment or run: the problem joins that object's migration group. */
    const reportMaker = (descriptor: ReportDescriptor & { node: SyntaxNode }) =>
      context.report({ ...descriptor, group: creationGroupOf(context, descriptor.node) });

    /** Whether `exp = Experiment(...)` and all its start_logging() calls can be rewritten together. */
    function bindingVerdict(binding: Binding): Verdict {
      let verdict = verdicts.get(binding);
      if (!verdict) verdicts.set(binding, (verdict = judgeBinding(binding)));
      return verdict;
    }

    function judgeBinding(binding: Binding): Verdict {
      const definition = experimentDefinition(binding);
      if (!definition) return { ok: false, reason: NAME_UNKNOWN };
      const parts = callParts(definition, binding.unit.text);
      const nameCheck = experimentName(binding.unit, parts);
      if (!nameCheck.ok) return nameCheck;
      if (trackingUriLine(binding.unit, parts, 'mlflow') === false) return { ok: false, reason: NO_WORKSPACE };
      for (const ref of binding.references) {
        const start = startLoggingOn(ref.unit, ref.node);
        if (start && startRunArgs(ref.unit, callParts(start, ref.unit.text)) !== null) {
          const run = runVerdict(ref.unit, start);
          if (!run.ok) return run;
          continue;
        }
        if (readsName(ref.unit, ref.node)) continue; // MLflow's Experiment has `.name` too
        if (ref.node.parent?.name === 'ExpressionStatement') continue; // shown: MLflow's Experiment shows itself too
        if (runFetchRewrite(ref.unit, ref.node, binding) !== null) continue; // Run(exp, id) gets a v1 experiment of its own
        return { ok: false, reason: experimentUseReason(context, ref.unit, ref.node, binding.name) };
      }
      return { ok: true };
    }

    /**
     * After the rewrite the started run is MLflow's ActiveRun, so each later use of it must be a v1 call the
     * migration rewrites into an `mlflow.*` call (migration-map.md); anything else would break.
     */
    function runVerdict(unit: Unit, start: SyntaxNode): Verdict {
      const parent = start.parent;
      if (parent?.name === 'ExpressionStatement') return { ok: true };
      let target: SyntaxNode | null = null;
      if (parent?.name === 'AssignStatement') target = simpleTarget(start);
      else if (parent?.name === 'WithStatement') {
        if (start.nextSibling?.name !== 'as') return { ok: true };
        target = start.nextSibling.nextSibling;
      }
      const binding = target?.name === 'VariableName' ? context.model.bindingOf(unit, target) : null;
      if (!binding) return { ok: false, reason: 'the run it starts is kept where its uses cannot be followed' };
      const blocker = runObjectBlocker(context, binding.references, binding.name);
      return blocker === null ? { ok: true } : { ok: false, reason: blocker };
    }

    /**
     * `Run(exp, run_id)` fetches a v1 run through the v1 experiment, which the migration makes MLflow's. With
     * azureml-mlflow MLflow's runs are Azure ML runs, so the fetch keeps working given a v1 experiment of the same
     * name: `Run(Experiment(ws, exp.name), run_id)` (the fetched run stays v1; its reads are other rules'). The
     * replacement for `ref` (the `exp` argument), or null when the call is not that or the workspace is not known.
     */
    function runFetchRewrite(unit: Unit, ref: SyntaxNode, binding: Binding): string | null {
      const call = ref.parent?.name === 'ArgList' ? ref.parent.parent : null;
      if (call?.name !== 'CallExpression' || context.model.v1ClassOf(unit, callParts(call, unit.text).callee) !== 'Run') return null;
      const args = callParts(call, unit.text).args;
      const experimentArg = args.find((arg) => arg.name === 'experiment') ?? (args[0]?.name === null ? args[0] : undefined);
      if (!experimentArg || experimentArg.star || experimentArg.value.from !== ref.from) return null;
      const definition = experimentDefinition(binding);
      if (!definition || enclosingFunction(definition) || enclosingFunction(ref)) return null;
      const parts = callParts(definition, binding.unit.text);
      const workspace = parts.args.find((arg) => arg.name === 'workspace') ?? parts.args.find((arg) => arg.name === null);
      if (!workspace || workspace.star || workspace.value.name !== 'VariableName') return null;
      return `${textOf(binding.unit, parts.callee)}(${textOf(binding.unit, workspace.value)}, ${binding.name}.name)`;
    }

    /** Whether `node` is the experiment argument of a v1 `Run(experiment, run_id)`. */
    function fetchedThrough(node: SyntaxNode): boolean {
      const call = node.parent?.name === 'ArgList' ? node.parent.parent : null;
      if (call?.name !== 'CallExpression') return false;
      const parts = callParts(call, context.unit.text);
      if (context.model.v1ClassOf(context.unit, parts.callee) !== 'Run') return false;
      const experimentArg = parts.args.find((arg) => arg.name === 'experiment') ?? (parts.args[0]?.name === null ? parts.args[0] : undefined);
      return experimentArg?.value.from === node.from;
    }

    /** `Run(exp, run_id)` on an experiment the migration makes MLflow's: reported in its group, fixed with it. */
    function reportRunFetch(parts: CallParts): void {
      const unit = context.unit;
      const experimentArg = parts.args.find((arg) => arg.name === 'experiment') ?? (parts.args[0]?.name === null ? parts.args[0] : undefined);
      const ref = experimentArg && !experimentArg.star && experimentArg.value.name === 'VariableName' ? experimentArg.value : null;
      const binding = ref ? context.model.bindingOf(unit, ref) : null;
      const definition = binding ? experimentDefinition(binding) : null;
      const replacement = binding && ref ? runFetchRewrite(unit, ref, binding) : null;
      if (!binding || !ref || !definition || replacement === null) return;
      context.report({
        node: ref,
        messageId: 'runFetch',
        data: { experiment: binding.name, replacement },
        group: creationGroupOf(context, definition, binding.unit),
        fix: (fixer) => [fixer.replaceText(ref, replacement)],
      });
    }

    /** The `Experiment(...)` call a binding was assigned from (`exp = Experiment(...)`), if that is how it was bound. */
    function experimentDefinition(binding: Binding): SyntaxNode | null {
      const assign = binding.node.parent;
      const value = assign?.lastChild;
      if (assign?.name !== 'AssignStatement' || value?.name !== 'CallExpression') return null;
      if (context.model.v1ClassOf(binding.unit, callParts(value, binding.unit.text).callee) !== 'Experiment') return null;
      return simpleTarget(value)?.from === binding.node.from ? value : null;
    }

    function reportExperiment(node: SyntaxNode, parts: CallParts): void {
      const unit = context.unit;
      // `Run(Experiment(ws, name), run_id)` only names where to fetch a v1 run from (no-v1-run-query reports the fetch).
      if (fetchedThrough(node)) return;
      const mlflow = mlflowPrefix(context);
      const name = experimentName(unit, parts);
      const data = { mlflow, name: name.ok ? brief(name.text) : '...' };
      const noFix = (reason: string) => reportMaker({ node, messageId: 'experimentNoFix', data: { ...data, reason } });
      if (!name.ok) return noFix(name.reason);
      const setExperiment = `${mlflow}.set_experiment(${name.text})`;
      const tracking = trackingUriLine(unit, parts, mlflow);
      if (tracking === false) return noFix(NO_WORKSPACE);

      const chained = startLoggingOn(unit, node);
      if (chained) return reportChain(node, chained, tracking ? `${tracking}${eolOf(unit)}` : '', setExperiment, data);

      const parent = node.parent;
      const statement = statementOf(node);
      const indent = statement ? ownLineIndent(unit, statement) : null;
      if (tracking && (!statement || indent === null)) return noFix('it shares its line with other code, so the tracking URI cannot be set before it');
      const replace = (fixer: RuleFixer): TextEdit[] => [
        ...(tracking ? [fixer.insertTextBefore(statement!, `${tracking}${eolOf(unit)}${indent}`)] : []),
        fixer.replaceText(node, setExperiment),
      ];
      if (parent?.name === 'ExpressionStatement') return report(node, 'experiment', data, replace);
      const target = simpleTarget(node);
      if (target) {
        const binding = context.model.bindingOf(unit, target);
        const verdict: Verdict = binding ? bindingVerdict(binding) : { ok: false, reason: NOT_FOLLOWED };
        if (!verdict.ok) return noFix(verdict.reason);
        return report(node, 'experiment', data, replace);
      }
      if (parent?.name === 'MemberExpression') {
        return noFix(`\`.${parent.lastChild ? textOf(unit, parent.lastChild) : '?'}\` is used on it, which has no direct MLflow equivalent`);
      }
      noFix(NOT_FOLLOWED);
    }

    /** `Experiment(ws, "n").start_logging()`: two statements, set_experiment first, where the statement allows it. */
    function reportChain(node: SyntaxNode, start: SyntaxNode, tracking: string, setExperiment: string, data: Record<string, string>): void {
      const unit = context.unit;
      const runArgs = startRunArgs(unit, callParts(start, unit.text));
      const statement = start.parent;
      const indent = statement && holdsCallDirectly(statement, start) ? ownLineIndent(unit, statement) : null;
      const run = runVerdict(unit, start);
      const blocker =
        runArgs === null ? `start_logging() ${STAR_ARGS}`
        : indent === null ? 'it is part of a larger expression or shares its line with other code'
        : run.ok ? null
        : run.reason;
      if (blocker !== null || !statement) {
        reportMaker({ node, messageId: 'experimentNoFix', data: { ...data, reason: blocker ?? NOT_FOLLOWED } });
        return;
      }
      const startRun = `${data.mlflow}.start_run(${runArgs})`;
      report(node, 'experimentStartLogging', data, (fixer) => [
        fixer.insertTextBefore(statement, `${tracking ? tracking + indent : ''}${setExperiment}${eolOf(unit)}${indent}`),
        fixer.replaceText(start, startRun),
      ]);
    }

    function reportStartLogging(node: SyntaxNode, parts: CallParts): void {
      const unit = context.unit;
      const receiver = parts.receiver!;
      if (receiver.name === 'CallExpression' && context.model.v1ClassOf(unit, callParts(receiver, unit.text).callee) === 'Experiment') {
        return; // `Experiment(...).start_logging()`: reported once, with the Experiment() call
      }
      if (context.model.v1ValueOf(unit, receiver)?.kind !== 'experiment') return;
      const mlflow = mlflowPrefix(context);
      const binding = receiver.name === 'VariableName' ? context.model.bindingOf(unit, receiver) : null;
      const verdict: Verdict = binding ? bindingVerdict(binding) : { ok: false, reason: NAME_UNKNOWN };
      const runArgs = startRunArgs(unit, parts);
      if (!verdict.ok || runArgs === null) {
        const reason = verdict.ok ? `it ${STAR_ARGS}` : verdict.reason;
        reportMaker({ node, messageId: 'startLoggingNoFix', data: { mlflow, reason } });
        return;
      }
      report(node, 'startLogging', { mlflow }, (fixer) => [fixer.replaceText(node, `${mlflow}.start_run(${runArgs})`)]);
    }

    /**
     * An interactive notebook run logs wherever MLflow's tracking URI points: without one, to a local ./mlruns (inside
     * a job Azure ML sets MLFLOW_TRACKING_URI itself). So a notebook's migrated experiment first points MLflow at the
     * workspace it was created in: the line to insert; '' when none is needed (not a notebook, or the code already
     * sets a tracking URI); false when no workspace is in scope by name.
     */
    function trackingUriLine(unit: Unit, parts: CallParts, mlflow: string): string | false {
      if (context.program.kind !== 'notebook') return '';
      if (context.program.units.some((u) => /set_tracking_uri|MLFLOW_TRACKING_URI/.test(u.text))) return '';
      const workspace = parts.args.find((arg) => arg.name === 'workspace') ?? parts.args.find((arg) => arg.name === null);
      if (!workspace || !/^(?:VariableName|MemberExpression)$/.test(workspace.value.name)) return false;
      if (workspace.value.name === 'MemberExpression' && !/^[\w.]+$/.test(textOf(unit, workspace.value))) return false;
      return `${mlflow}.set_tracking_uri(${textOf(unit, workspace.value)}.get_mlflow_tracking_uri())`;
    }

    function report(
      node: SyntaxNode,
      messageId: string,
      data: Record<string, string>,
      edits: (fixer: RuleFixer) => TextEdit[],
    ): void {
      reportMaker({ node, messageId, data, fix: (fixer) => withMlflowImport(context, edits(fixer)) });
    }

    return {
      // The started run becomes MLflow's: its v1 attributes with an MLflow form are rewritten in its group.
      ...runObjectListener(context, 'start_logging'),
      [EXPERIMENT_CALLS](node: SyntaxNode) {
        if (!context.model.usesAzureml) return; // no azureml import: no v1 object anywhere in this program
        const parts = callParts(node, context.unit.text);
        const v1Class = context.model.v1ClassOf(context.unit, parts.callee);
        if (v1Class === 'Experiment') reportExperiment(node, parts);
        else if (v1Class === 'Run') reportRunFetch(parts);
        else if (parts.method === 'start_logging' && parts.receiver) reportStartLogging(node, parts);
      },
    };
  },
};

/** Experiment(...) and Run(...) however imported or aliased (the engine follows aliases), and x.start_logging(). */
const EXPERIMENT_CALLS = callsNamed(['Experiment', 'Run', 'start_logging']);

/** The experiment name's source text: `name=` or the 2nd positional argument. */
function experimentName(unit: Unit, parts: CallParts): { ok: true; text: string } | { ok: false; reason: string } {
  if (parts.args.some((arg) => arg.star)) return { ok: false, reason: `it ${STAR_ARGS}` };
  const name = parts.args.find((arg) => arg.name === 'name') ?? parts.args.filter((arg) => arg.name === null)[1];
  return name ? { ok: true, text: textOf(unit, name.value) } : { ok: false, reason: 'the experiment name is not passed as `name=` or second argument' };
}

/**
 * start_run's arguments for a start_logging() call: `display_name=` becomes `run_name=`; `outputs` and
 * `snapshot_directory` have no MLflow meaning and are dropped. Null when `*args`/`**kwargs` hide what is passed.
 */
function startRunArgs(unit: Unit, parts: CallParts): string | null {
  if (parts.args.some((arg) => arg.star)) return null;
  const displayName = parts.args.find((arg) => arg.name === 'display_name');
  return displayName ? `run_name=${textOf(unit, displayName.value)}` : '';
}

/** The `x.start_logging(...)` call whose receiver is `node`, if any. */
function startLoggingOn(unit: Unit, node: SyntaxNode): SyntaxNode | null {
  const member = node.parent;
  if (member?.name !== 'MemberExpression' || member.firstChild?.from !== node.from) return null;
  const property = member.lastChild;
  const call = member.parent;
  if (property?.name !== 'PropertyName' || textOf(unit, property) !== 'start_logging') return null;
  return call?.name === 'CallExpression' && call.firstChild?.from === member.from ? call : null;
}

/** `exp.name` read (not called, not assigned): the same value on MLflow's Experiment. */
function readsName(unit: Unit, ref: SyntaxNode): boolean {
  const member = ref.parent;
  if (member?.name !== 'MemberExpression' || member.firstChild?.from !== ref.from) return false;
  if (member.lastChild?.name !== 'PropertyName' || textOf(unit, member.lastChild) !== 'name') return false;
  const parent = member.parent;
  const called = parent?.name === 'CallExpression' && parent.firstChild?.from === member.from;
  const assigned = parent?.name === 'AssignStatement' && parent.firstChild?.from === member.from;
  return !called && !assigned;
}

/** `x = <call>` or `x: T = <call>` with one plain name target: the target's VariableName. */
function simpleTarget(call: SyntaxNode): SyntaxNode | null {
  const assign = call.parent;
  if (assign?.name !== 'AssignStatement' || assign.lastChild?.from !== call.from) return null;
  const target = assign.firstChild;
  let next = target?.nextSibling;
  if (next?.name === 'TypeDef') next = next.nextSibling;
  if (target?.name !== 'VariableName' || next?.name !== 'AssignOp' || next.nextSibling?.from !== call.from) return null;
  return target;
}

/** True when `call` is the statement's own expression: `call`, `x = call`, `with call as x:`. */
function holdsCallDirectly(statement: SyntaxNode, call: SyntaxNode): boolean {
  if (statement.name === 'ExpressionStatement' || statement.name === 'WithStatement') return true;
  return statement.name === 'AssignStatement' && statement.lastChild?.from === call.from;
}

/**
 * Why a use of the experiment keeps it v1, naming the use and where it is: `exp.submit()`, a call it is passed
 * to (`Run(exp, run_id)`), or the statement holding it.
 */
function experimentUseReason(context: RuleContext, unit: Unit, ref: SyntaxNode, name: string): string {
  const where = whereText(context, unit, ref);
  const argList = ref.parent?.name === 'ArgList' ? ref.parent : null;
  const call = argList?.parent?.name === 'CallExpression' ? argList.parent : null;
  if (call) {
    const use = brief(textOf(unit, call));
    if (context.model.v1ClassOf(unit, callParts(call, unit.text).callee) === 'Run') {
      return `\`${name}\` is also passed to \`${use}\` (${where}), which fetches a v1 run by its id; after the migration ` +
        `\`${name}\` is an MLflow experiment, so that call would fail (MLflow reads a run by id with mlflow.get_run(run_id))`;
    }
    return `\`${name}\` is also passed to \`${use}\` (${where}), which may expect the v1 experiment`;
  }
  return `\`${name}\` is also used as \`${useText(unit, ref, name)}\` (${where}), which has no direct MLflow equivalent`;
}

/** How a reference is used, for the message: `exp.submit()`, `exp.name`, or the statement holding it. */
function useText(unit: Unit, ref: SyntaxNode, name: string): string {
  const member = ref.parent;
  if (member?.name === 'MemberExpression' && member.firstChild?.from === ref.from && member.lastChild) {
    const called = member.parent?.name === 'CallExpression' && member.parent.firstChild?.from === member.from;
    return `${name}.${textOf(unit, member.lastChild)}${called ? '()' : ''}`;
  }
  return brief(textOf(unit, statementOf(ref) ?? ref));
}

export default rule;
