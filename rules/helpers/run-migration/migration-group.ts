// Migration groups (ReportDescriptor.group). `exp.start_logging()` → `mlflow.start_run()` turns the run into
// MLflow's ActiveRun: a v1 call left on it would crash, and a use migrated while the run stays v1 splits the
// logging between two runs. So the fixer applies the fixes of a group all together or not at all. A group is
// one experiment made by `Experiment(...)` with every run started from it, their child runs, and every use
// of those runs; a run started from an experiment made elsewhere (`ws.experiments[...]`) starts its own group.
import type { SyntaxNode } from '@lezer/common';
import type { ReportDescriptor, RuleContext, Unit } from '../../../lib/types.js';

/**
 * The group of a use of the run or experiment `receiver` evaluates to (`run` in `run.log(...)`). Undefined
 * for runs whose uses migrate on their own: the job's run (Run.get_context()), remote and unknown runs.
 */
export function runGroupOf(context: RuleContext, receiver: SyntaxNode, unit: Unit = context.unit): string | undefined {
  const origin = context.model.v1OriginOf?.(unit, receiver);
  return origin ? creationGroupOf(context, origin.node, origin.unit) : undefined;
}

/**
 * The group of a call that makes an experiment or a run (`Experiment(...)`, `exp.start_logging()`,
 * `run.child_run()`): the group of what it is called on, when that has one, else its own.
 */
export function creationGroupOf(context: RuleContext, call: SyntaxNode, unit: Unit = context.unit): string {
  const callee = call.firstChild;
  const receiver = callee?.name === 'MemberExpression' ? callee.firstChild : null;
  const inherited = receiver ? runGroupOf(context, receiver, unit) : undefined;
  if (inherited !== undefined) return inherited;
  const program = context.program;
  return `${program.kind}:${program.name}:${program.units.indexOf(unit)}:${call.from}`;
}

/** `context` whose reports all join `group`: for rules whose reports are made by helper functions. */
export function reportingInGroup(context: RuleContext, group: string | undefined): RuleContext {
  if (group === undefined) return context;
  const report = (descriptor: ReportDescriptor) => context.report({ ...descriptor, group });
  return Object.create(context, { report: { value: report } }) as RuleContext;
}
