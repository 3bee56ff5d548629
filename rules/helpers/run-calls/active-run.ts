// Whether `mlflow.*` would log to the same run as a v1 call: MLflow logs to its active run, and a migrated v1
// child run is that only inside the block that starts and ends it (childRunSpan).
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext, Unit } from '../../../lib/types.js';
import { callParts } from '../../../lib/python/nodes.js';
import type { RunMethodCall } from './run-method-call.js';

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
