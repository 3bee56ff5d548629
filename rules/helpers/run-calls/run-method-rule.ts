// The parts every rule on v1 Run methods shares: finding the calls with their migration group, reporting a
// call that cannot be rewritten, and a call on a run that is not MLflow's active run. Each rule keeps only
// what it matches and how it rewrites.
import type { SyntaxNode } from '@lezer/common';
import { callsNamed } from '../../../lib/engine/traverse.js';
import type { RuleContext, RuleListener, SuggestionDescriptor } from '../../../lib/types.js';
import { reportingInGroup, runGroupOf } from '../run-migration/migration-group.js';
import { runMethodCallOf, type RunMethodCall, type RunMethodSignature } from './run-method-call.js';
import { textOf } from '../source/text.js';

/** The listener key of the calls of `signatures`' methods (made once per table, not per program). */
const keys = new WeakMap<object, string>();
function callsOf(signatures: Readonly<Record<string, RunMethodSignature>>): string {
  let key = keys.get(signatures);
  if (key === undefined) keys.set(signatures, (key = callsNamed(Object.keys(signatures))));
  return key;
}

/**
 * A listener calling `report` for each call of one of `signatures` on a v1 Run, with a context whose reports
 * join the run's migration group: a use of a run made by start_logging() or child_run() migrates with the
 * run's start, or not at all. `groupOf` overrides the group (child_run() starts a run of its own).
 */
export function runMethodListener(
  context: RuleContext,
  signatures: Readonly<Record<string, RunMethodSignature>>,
  report: (grouped: RuleContext, call: RunMethodCall) => void,
  groupOf: (call: RunMethodCall) => string | undefined = (call) => runGroupOf(context, call.receiver),
): RuleListener {
  return {
    [callsOf(signatures)](node: SyntaxNode) {
      const call = runMethodCallOf(context, node, signatures);
      if (call) report(reportingInGroup(context, groupOf(call)), call);
    },
  };
}

/**
 * Reports `call` without a fix when it has a blocker or `problem` finds one, under `messageId` with the
 * reason added to `data`. True when it reported.
 */
export function reportedUnfixable(
  context: RuleContext,
  call: RunMethodCall,
  data: Record<string, string>,
  problem: () => string | null,
  messageId = 'cannotFix',
): boolean {
  const reason = call.blocker ?? problem();
  if (!reason) return false;
  context.report({ node: call.call, messageId, data: { ...data, reason } });
  return true;
}

/**
 * Reports a call on a run that is not MLflow's active run (remote, parent, a child outside its block): never
 * fixed, since `mlflow.*` would log elsewhere. `suggest` gets the run's source text, for a `run_id=<run>.id`.
 */
export function reportOnOtherRun(
  context: RuleContext,
  call: RunMethodCall,
  data: Record<string, string>,
  suggest: (run: string) => SuggestionDescriptor[],
  messageId = 'otherRun',
): void {
  const run = textOf(context.unit, call.receiver);
  context.report({ node: call.call, messageId, data: { ...data, kind: call.runKind }, suggest: suggest(run) });
}
