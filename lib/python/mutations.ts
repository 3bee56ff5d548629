// A list or dict bound to a name may be changed after it is made: `metrics["acc"] = acc`, `losses.append(l)`.
// Its element types are those of every value put in, wherever in the program, the program's own functions
// included (what they do to their parameter); an alias (`y = x`) or a method the guesser does not know makes them
// unknown. Library functions a container is passed to (`ax.plot(losses)`, `json.dump(d, f)`) are taken to read it.
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../types.js';
import { callParts, stringLiteralValue } from './nodes.js';
import type { BindingImpl } from './scope.js';
import { elementOf, listOf, union, unknown, type Shape } from './value-shape.js';

/** What the guesser answers here. */
export interface MutationContext {
  typeOf(unit: Unit, node: SyntaxNode): Shape;
  /** The parameter of the program's own function that a call passes `arg` to; null when not one. */
  paramFor(unit: Unit, call: SyntaxNode, arg: SyntaxNode): BindingImpl | null;
}

/** Methods that read a container, or remove from it: the element types stay. */
const KEEPING_METHODS = new Set([
  'get', 'items', 'keys', 'values', 'copy', 'index', 'count', 'pop', 'popitem', 'remove', 'clear', 'sort', 'reverse',
]);

export function mutatedShape(binding: BindingImpl, shape: Shape & { kind: 'list' | 'dict' }, ctx: MutationContext): Shape {
  let out: Shape = shape;
  for (const ref of binding.references) {
    const next = afterUse(out, ref.unit, ref.node, ctx, new Set([binding]));
    if (next === null) continue;
    out = next;
    if (typeof out !== 'object' || out.kind === 'unknown') return out;
  }
  return out;
}

/** The container's type after one use of its name; null when the use changes nothing. */
function afterUse(shape: Shape, unit: Unit, node: SyntaxNode, ctx: MutationContext, seen: Set<BindingImpl>): Shape | null {
  const typeOf = ctx.typeOf;
  const parent = node.parent;
  if (!parent) return null;
  const name = unit.text.slice(node.from, node.to);
  if (parent.name === 'MemberExpression' && parent.firstChild?.from === node.from) {
    const grand = parent.parent;
    if (parent.lastChild?.name !== 'PropertyName') {
      // `x[k] = v` puts v in; `x[k] += v` and `del x[k]` too little known to follow.
      if (grand?.name === 'AssignStatement' && isTarget(grand, parent)) {
        const value = grand.lastChild!;
        const index = parent.firstChild.nextSibling?.nextSibling ?? null;
        return withItem(shape, index ? stringLiteralValue(unit, index) : null, typeOf(unit, value));
      }
      if (grand?.name === 'UpdateStatement' && grand.firstChild?.from === parent.from) return unknown(`${name}[...] is updated in place`);
      return null;
    }
    if (grand?.name !== 'CallExpression') return null; // an attribute read
    const parts = callParts(grand, unit.text);
    const method = parts.method ?? '';
    const arg = (i: number): Shape => {
      const a = parts.args[i];
      return a && !a.star && a.name === null ? typeOf(unit, a.value) : unknown();
    };
    if (KEEPING_METHODS.has(method)) return null;
    if (method === 'append' || method === 'add') return withItem(shape, null, arg(0));
    if (method === 'insert') return withItem(shape, null, arg(1));
    if (method === 'extend') return withItem(shape, null, elementOf(arg(0)) ?? unknown());
    if (method === 'setdefault') return withItem(shape, null, arg(1));
    if (method === 'update' && parts.args.every((a) => a.name !== null && !a.star)) {
      return parts.args.reduce<Shape>((s, a) => withItem(s, a.name, typeOf(unit, a.value)), shape);
    }
    return unknown(`${name} is changed by ${name}.${method}()`);
  }
  if (parent.name === 'ArgList') {
    // The program's own function: whatever its parameter does to the value.
    const call = parent.parent!;
    const param = ctx.paramFor(unit, call, node);
    if (!param || seen.has(param)) return null;
    seen.add(param);
    let after: Shape | null = null;
    for (const ref of param.references) after = afterUse(after ?? shape, ref.unit, ref.node, ctx, seen) ?? after;
    return after;
  }
  // `y = x`: changes through y are not followed.
  if (parent.name === 'AssignStatement' && parent.lastChild?.from === node.from) return unknown(`${name} is also known by another name`);
  return null;
}

function isTarget(statement: SyntaxNode, node: SyntaxNode): boolean {
  for (let c = statement.firstChild; c; c = c.nextSibling) {
    if (c.from === node.from && c.to === node.to) return c.nextSibling?.name === 'AssignOp';
  }
  return false;
}

/** The container with one more value (under a literal string key, for a dict). */
function withItem(shape: Shape, key: string | null, value: Shape): Shape {
  if (typeof shape !== 'object') return shape;
  if (shape.kind === 'list') return listOf(union(shape.of, value));
  if (shape.kind !== 'dict') return shape;
  const fields = key !== null && shape.fields ? new Map(shape.fields).set(key, union(shape.fields.get(key) ?? null, value)!) : null;
  return { kind: 'dict', key: union(shape.key, key !== null ? 'string' : unknown()), value: union(shape.value, value), fields };
}
