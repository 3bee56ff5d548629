// Recognises `<run>.log(name, value[, description][, step])` on an Azure ML v1 Run, for the two rules
// that split those calls between them: a string value is an artifact (string-metric-as-artifact),
// anything else is a metric (no-run-log). Exactly one of them reports each call.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext, RunKind, ValueType } from '../../lib/types.js';
import { callParts, type Arg } from '../../lib/python/nodes.js';
import { textOf } from './source.js';

export type CallArg = Arg;

/** v1 `Run.log(name, value, description='', step=None)`, in that positional order. */
const SLOTS = ['name', 'value', 'description', 'step'] as const;
type Slot = (typeof SLOTS)[number];

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
  const unit = context.unit;
  // This runs on every call of every program, for several rules: callParts() splits each call once for all of them.
  if (!context.model.usesAzureml) return null;
  const parts = callParts(call, unit.text);
  if (parts.method !== 'log' || !parts.receiver) return null;
  const run = context.model.v1ValueOf(unit, parts.receiver);
  if (run?.kind !== 'run') return null;

  const args: Partial<Record<Slot, CallArg>> = {};
  let blocker: string | null = null;
  let position = 0;
  for (const arg of parts.args) {
    if (arg.star) {
      blocker ??= `it passes ${arg.star}${arg.star === '*' ? 'args' : 'kwargs'}, whose contents are not known`;
      continue;
    }
    if (arg.generator) {
      blocker ??= 'it passes a generator expression';
      continue;
    }
    // Still slotted below, so messages name the value; `arg.value` is only the target name, so no rewrite.
    if (arg.walrus) blocker ??= 'it passes an assignment expression (:=)';
    const slot = arg.name === null ? SLOTS[position++] : SLOTS.find((s) => s === arg.name);
    if (!slot) {
      blocker ??= arg.name === null ? 'it passes more arguments than Run.log() takes' : `Run.log() has no argument "${arg.name}"`;
    } else if (args[slot]) {
      blocker ??= `it passes "${slot}" twice`;
    } else {
      args[slot] = arg;
    }
  }
  if (!blocker && (!args.name || !args.value)) blocker = 'it does not pass both a name and a value';
  const valueType = args.value ? context.model.valueTypeOf(unit, args.value.value) : 'unknown';
  return { call, receiver: parts.receiver, runKind: run.runKind ?? 'unknown', args, blocker, valueType };
}

/** True when the call logs a string: string-metric-as-artifact reports it, no-run-log does not. */
export function logsString(log: RunLogCall): boolean {
  return log.valueType === 'string';
}

/**
 * Whether `mlflow.log_*` would log to the same run as the v1 call: true for the job's own run, an
 * interactive run, an unknown one, and a child run used inside its own `with run.child_run() as child:`
 * block (there the migrated code's active run is the child). Remote and parent runs, and child runs
 * elsewhere, need an explicit run id.
 */
export function logsToActiveRun(context: RuleContext, log: RunLogCall): boolean {
  if (log.runKind === 'remote' || log.runKind === 'parent') return false;
  if (log.runKind !== 'child') return true;
  return insideOwnChildRunBlock(context, log);
}

function insideOwnChildRunBlock(context: RuleContext, log: RunLogCall): boolean {
  if (log.receiver.name !== 'VariableName') return false;
  const binding = context.model.bindingOf(context.unit, log.receiver);
  if (!binding || binding.unit !== context.unit) return false;
  const withStatement = binding.node.parent;
  const opener = binding.node.prevSibling?.prevSibling; // `with <opener> as <name>`
  if (withStatement?.name !== 'WithStatement' || binding.node.prevSibling?.name !== 'as' || !opener) return false;
  if (opener.name !== 'CallExpression' || callParts(opener, context.unit.text).method !== 'child_run') return false;
  const body = withStatement.getChild('Body');
  return body !== null && body.from <= log.call.from && log.call.to <= body.to;
}

/** Source text of an argument's value. */
export function argText(context: RuleContext, arg: CallArg): string {
  return textOf(context.unit, arg.value);
}
