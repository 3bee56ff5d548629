// Recognises `<run>.<method>(...)` on an Azure ML v1 Run, matching arguments to the v1 signature's slots.
// run-log-call.ts builds `Run.log` on it; run-method-rule.ts the rules' shared reporting; active-run.ts whether
// `mlflow.*` would log to the same run.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext, RunKind } from '../../../lib/types.js';
import { callParts, type Arg } from '../../../lib/python/nodes.js';

/** A v1 method's positional parameters, in order; `keywords: true` when it takes `**kwargs` (log_row). */
export interface RunMethodSignature {
  slots: readonly string[];
  keywords?: boolean;
}

export interface RunMethodCall {
  call: SyntaxNode;
  receiver: SyntaxNode;
  method: string;
  runKind: RunKind;
  /** Arguments by v1 parameter name. */
  args: Record<string, Arg | undefined>;
  /** Keyword arguments that are not parameters (log_row's columns), in source order. */
  keywords: Arg[];
  /** `**d` arguments (only collected when the signature takes keywords). */
  starKeywords: Arg[];
  /** Why the call cannot be rewritten mechanically, or null. */
  blocker: string | null;
}

/** The v1 call `call` is when its method is one of `signatures` and its receiver a v1 Run; else null. */
export function runMethodCallOf(
  context: RuleContext,
  call: SyntaxNode,
  signatures: Readonly<Record<string, RunMethodSignature>>,
): RunMethodCall | null {
  const unit = context.unit;
  // This runs on every call of every program, for most rules: callParts() splits each call once for all of them.
  if (!context.model.usesAzureml) return null;
  const parts = callParts(call, unit.text);
  const method = parts.method;
  const signature = method !== null && Object.hasOwn(signatures, method) ? signatures[method] : undefined;
  if (!signature || method === null) return null;
  const run = parts.receiver ? context.model.v1ValueOf(unit, parts.receiver) : null;
  if (!parts.receiver || run?.kind !== 'run') return null;
  const runKind = run.runKind ?? 'unknown';

  const args: Record<string, Arg | undefined> = {};
  const keywords: Arg[] = [];
  const starKeywords: Arg[] = [];
  let blocker: string | null = null;
  let position = 0;
  for (const arg of parts.args) {
    if (arg.star === '**' && signature.keywords) {
      starKeywords.push(arg);
      continue;
    }
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
    const slot = arg.name === null ? signature.slots[position++] : signature.slots.find((s) => s === arg.name);
    if (slot === undefined && arg.name !== null && signature.keywords) {
      keywords.push(arg);
    } else if (slot === undefined) {
      blocker ??= arg.name === null ? `it passes more arguments than Run.${method}() takes` : `Run.${method}() has no argument "${arg.name}"`;
    } else if (args[slot]) {
      blocker ??= `it passes "${slot}" twice`;
    } else {
      args[slot] = arg;
    }
  }
  return { call, receiver: parts.receiver, method, runKind, args, keywords, starKeywords, blocker };
}
