// Recognises `<run>.log(name, value[, description][, step])` on an Azure ML v1 Run, for the two rules
// that split those calls between them: a string value is an artifact (string-metric-as-artifact),
// anything else is a metric (no-run-log). Exactly one of them reports each call.
import type { SyntaxNode } from '@lezer/common';
import { callsNamed } from '../../../lib/engine/traverse.js';
import type { RuleContext, RunKind, ValueType } from '../../../lib/types.js';
import type { Arg } from '../../../lib/python/nodes.js';
import { runMethodCallOf } from './run-method-call.js';

export type CallArg = Arg;

/** v1 `Run.log(name, value, description='', step=None)`, in that positional order. */
const SLOTS = ['name', 'value', 'description', 'step'] as const;
type Slot = (typeof SLOTS)[number];
const LOG_SIGNATURE = { log: { slots: SLOTS } } as const;

/** The method names runLogCallOf matches, and the listener key for those calls. */
export const RUN_LOG_METHODS = Object.keys(LOG_SIGNATURE);
export const RUN_LOG_CALLS = callsNamed(RUN_LOG_METHODS);

export interface RunLogCall {
  call: SyntaxNode;
  receiver: SyntaxNode;
  runKind: RunKind;
  args: Partial<Record<Slot, CallArg>>;
  /** Why the call cannot be rewritten mechanically (`*args`, an unknown keyword, ...), or null. */
  blocker: string | null;
  /** The value's type guess; 'unknown' when there is no value argument. */
  valueType: ValueType;
}

/** The v1 `Run.log` call `call` is, or null when its receiver is not a v1 Run (logger.log, np.log, ...). */
export function runLogCallOf(context: RuleContext, call: SyntaxNode): RunLogCall | null {
  const found = runMethodCallOf(context, call, LOG_SIGNATURE);
  if (!found) return null;
  const args = found.args as Partial<Record<Slot, CallArg>>;
  let blocker = found.blocker;
  if (!blocker && (!args.name || !args.value)) blocker = 'it does not pass both a name and a value';
  const valueType = args.value ? context.model.valueTypeOf(context.unit, args.value.value) : 'unknown';
  return { call, receiver: found.receiver, runKind: found.runKind, args, blocker, valueType };
}

/** True when the call logs a string: string-metric-as-artifact reports it, no-run-log does not. */
export function logsString(log: RunLogCall): boolean {
  return log.valueType === 'string';
}
