// Recognises `<run>.<method>(...)` on an Azure ML v1 Run, matching arguments to the v1 signature's slots.
// run-log-call.ts builds `Run.log` on it; run-method-rule.ts the rules' shared reporting.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext, RunKind, Unit } from '../../../lib/types.js';
import { callParts, type Arg } from '../../../lib/python/nodes.js';
import { textOf } from '../source/text.js';

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

/**
 * Whether `mlflow.*` would log to the same run as the v1 call: true for the job's own run, an interactive
 * run, an unknown one, and a child run used where it is MLflow's active run once migrated (childRunSpan). Remote
 * and parent runs, and child runs elsewhere, need an explicit run id.
 */
export function logsToActiveRun(context: RuleContext, call: Pick<RunMethodCall, 'call' | 'receiver' | 'runKind'>): boolean {
  if (call.runKind === 'remote' || call.runKind === 'parent') return false;
  if (call.runKind !== 'child') return true;
  if (call.receiver.name !== 'VariableName') return false;
  const binding = context.model.bindingOf(context.unit, call.receiver);
  const span = binding && binding.unit === context.unit ? childRunSpan(context.unit, binding.node) : null;
  return span !== null && span.from <= call.call.from && call.call.to <= span.to;
}

/** Where a migrated child run is MLflow's active run: the code between its start and its end, in one unit. */
export interface ChildRunSpan {
  from: number;
  to: number;
  /** The child_run() call. */
  opener: SyntaxNode;
  /** `with run.child_run() as child:` (its body), or `child = run.child_run()` ended by `child.complete()` (or fail/cancel). */
  form: 'with' | 'ended';
}

const ENDS = new Set(['complete', 'fail', 'cancel']);
/** Statements that may leave a block before its end: the child would stay MLflow's active run. */
const EXITS = new Set(['ReturnStatement', 'BreakStatement', 'ContinueStatement', 'RaiseStatement', 'YieldExpression']);

/**
 * The span of the child run bound at `target` (its binding's node): the body of `with run.child_run() as child:`,
 * or, for `child = run.child_run(...)`, the statements up to the first `child.complete()` (`fail()`, `cancel()`)
 * statement of the same block, with no return/break/continue/raise/yield between that could skip it. Null otherwise.
 */
export function childRunSpan(unit: Unit, target: SyntaxNode): ChildRunSpan | null {
  const parent = target.parent;
  const opener = target.prevSibling?.prevSibling ?? null; // `with <opener> as <name>`
  if (parent?.name === 'WithStatement' && target.prevSibling?.name === 'as' && opener && isChildRunCall(unit, opener)) {
    const body = parent.getChild('Body');
    return body ? { from: body.from, to: body.to, opener, form: 'with' } : null;
  }
  const value = parent?.lastChild;
  if (parent?.name !== 'AssignStatement' || parent.firstChild?.from !== target.from || target.nextSibling?.name !== 'AssignOp') return null;
  if (!value || target.nextSibling.nextSibling?.from !== value.from || !isChildRunCall(unit, value)) return null;
  const name = unit.text.slice(target.from, target.to);
  for (let next = parent.nextSibling; next; next = next.nextSibling) {
    if (exits(next)) return null;
    if (endsChild(unit, next, name)) return { from: parent.to, to: next.to, opener: value, form: 'ended' };
  }
  return null;
}

function isChildRunCall(unit: Unit, node: SyntaxNode): boolean {
  return node.name === 'CallExpression' && callParts(node, unit.text).method === 'child_run';
}

/** `child.complete()` (or fail/cancel) as a statement of its own. */
function endsChild(unit: Unit, statement: SyntaxNode, name: string): boolean {
  const call = statement.name === 'ExpressionStatement' ? statement.firstChild : null;
  if (call?.name !== 'CallExpression') return false;
  const parts = callParts(call, unit.text);
  return parts.method !== null && ENDS.has(parts.method) && parts.receiver?.name === 'VariableName' &&
    unit.text.slice(parts.receiver.from, parts.receiver.to) === name;
}

function exits(statement: SyntaxNode): boolean {
  const stack: SyntaxNode[] = [statement]; // iterative: expressions can nest deeper than the call stack
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (EXITS.has(node.name)) return true;
    // A def's or lambda's return leaves only that function.
    if (node.name === 'FunctionDefinition' || node.name === 'ClassDefinition' || node.name === 'LambdaExpression') continue;
    for (let child = node.firstChild; child; child = child.nextSibling) stack.push(child);
  }
  return false;
}

/** Source text of an argument's value, as written. */
export function valueText(context: RuleContext, arg: Arg): string {
  return textOf(context.unit, arg.value);
}

/** True inside a `for` or `while` body of the same function: a fixed artifact file would be overwritten each time. */
export function insideLoop(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'ForStatement' || up.name === 'WhileStatement') return true;
    if (up.name === 'FunctionDefinition' || up.name === 'ClassDefinition' || up.name === 'LambdaExpression') return false;
  }
  return false;
}
