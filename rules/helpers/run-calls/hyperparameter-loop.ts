// `for key, value in vars(args).items(): run.log(key, value)`, the common way v1 scripts log their argparse
// hyperparameters, is `mlflow.log_params(vars(args))` in MLflow: params take any value (log_metric raises on the
// strings, bools and None such a loop logs). MLflow raises when a param is logged again in a run with another
// value, so the rewrite is only safe where the loop runs once per run: at the top level of a script, outside
// any other loop or function. In a notebook a cell can run again (edited arguments, same run): suggestion only.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext } from '../../../lib/types.js';
import { callParts } from '../../../lib/python/nodes.js';
import type { RunLogCall } from './run-log-call.js';
import { textOf } from '../source/text.js';

export interface HyperparameterLoop {
  /** The `for` statement, to replace up to the end of the run.log call. */
  loop: SyntaxNode;
  /** `vars(args)` or `args.__dict__`, as written. */
  params: string;
  /** Why it is only a suggestion, or null when the rewrite is safe. */
  refusal: string | null;
}

export function hyperparameterLoopOf(context: RuleContext, log: RunLogCall): HyperparameterLoop | null {
  const { name, value, step, description } = log.args;
  if (!name || !value || step || description || name.value.name !== 'VariableName' || value.value.name !== 'VariableName') return null;
  const statement = log.call.parent;
  const body = statement?.parent;
  const loop = body?.parent;
  if (statement?.name !== 'ExpressionStatement' || body?.name !== 'Body' || loop?.name !== 'ForStatement') return null;
  if (childCount(body, (n) => n.name !== ':') !== 1 || loop.lastChild?.from !== body.from) return null; // one statement, no `else:`
  const parts = forParts(loop);
  if (!parts) return null;
  const [key, val, iter] = parts;
  const text = (n: SyntaxNode): string => textOf(context.unit, n);
  if (text(key) !== text(name.value) || text(val) !== text(value.value)) return null;
  const params = namespaceDict(context, iter);
  if (!params) return null;
  return { loop, params, refusal: refusalOf(context, loop) };
}

/** `vars(args).items()` / `args.__dict__.items()` with `args` an argparse Namespace: the dict's text. */
function namespaceDict(context: RuleContext, iter: SyntaxNode): string | null {
  if (iter.name !== 'CallExpression') return null;
  const parts = callParts(iter, context.unit.text);
  if (parts.method !== 'items' || parts.args.length || !parts.receiver) return null;
  const dict = parts.receiver;
  let namespace: SyntaxNode | null = null;
  if (dict.name === 'CallExpression') {
    const inner = callParts(dict, context.unit.text);
    const callee = inner.callee;
    const isVars = callee.name === 'VariableName' && textOf(context.unit, callee) === 'vars' && !context.model.bindingOf(context.unit, callee);
    if (isVars && inner.args.length === 1 && inner.args[0]!.name === null && !inner.args[0]!.star) namespace = inner.args[0]!.value;
  } else if (dict.name === 'MemberExpression' && textOf(context.unit, dict.lastChild!) === '__dict__') {
    namespace = dict.firstChild;
  }
  if (!namespace || !context.model.isArgparseNamespace?.(context.unit, namespace)) return null;
  return textOf(context.unit, dict);
}

function refusalOf(context: RuleContext, loop: SyntaxNode): string | null {
  if (context.program.kind !== 'script') {
    return 'a notebook cell can run again in the same run, and MLflow raises when a param is logged again with another value';
  }
  for (let up = loop.parent; up; up = up.parent) {
    if (/^(ForStatement|WhileStatement|FunctionDefinition|LambdaExpression|ClassDefinition)$/.test(up.name)) {
      return 'it may run more than once in a run (it is inside a loop or a function), and MLflow raises when a param is logged again with another value';
    }
  }
  return null;
}

/** The two targets and the iterable of `for a, b in iter:`; null for any other shape. */
function forParts(loop: SyntaxNode): [SyntaxNode, SyntaxNode, SyntaxNode] | null {
  const nodes: SyntaxNode[] = [];
  for (let c = loop.firstChild; c && c.name !== 'Body'; c = c.nextSibling) if (c.name !== ',' && c.name !== 'for' && c.name !== 'in') nodes.push(c);
  if (nodes.length === 2 && nodes[0]!.name === 'TupleExpression') {
    const items: SyntaxNode[] = [];
    for (let c = nodes[0]!.firstChild; c; c = c.nextSibling) if (c.name === 'VariableName') items.push(c);
    return items.length === 2 ? [items[0]!, items[1]!, nodes[1]!] : null;
  }
  if (nodes.length === 3 && nodes[0]!.name === 'VariableName' && nodes[1]!.name === 'VariableName') return [nodes[0]!, nodes[1]!, nodes[2]!];
  return null;
}

function childCount(node: SyntaxNode, keep: (n: SyntaxNode) => boolean): number {
  let n = 0;
  for (let c = node.firstChild; c; c = c.nextSibling) if (keep(c)) n++;
  return n;
}
