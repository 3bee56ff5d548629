// Small syntax helpers rules use, so that rules stay declarative.
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../types.js';
import { decodeStringLiteral } from './strings.js';

/** One argument of a call, in source order. */
export interface Arg {
  /** Keyword name (`step` in `step=1`); null for positional and starred arguments. */
  name: string | null;
  nameNode: SyntaxNode | null;
  /** The value expression. For a generator argument (`f(x for x in y)`) the element expression. */
  value: SyntaxNode;
  /** The whole argument: keyword, star and generator clauses included; separators and comments excluded. */
  range: [number, number];
  star?: '*' | '**';
  /** `f(x for x in y)`: the argument is a generator expression spanning `range`. */
  generator?: boolean;
  /** `f(x := v)`: an unparenthesized assignment expression; `value` is only its target name, `range` the whole. */
  walrus?: boolean;
}

export interface CallParts {
  callee: SyntaxNode;
  /** `a.b` in `a.b.log(...)`; null when the callee is not an attribute. */
  receiver: SyntaxNode | null;
  /** `log` in `a.b.log(...)`; null when the callee is not an attribute. */
  method: string | null;
  args: Arg[];
  /** The ArgList node (parentheses included). */
  argList: SyntaxNode | null;
}

// Most rules split every call they visit, and the tree walk hands all of a node's listeners the same node
// object: the last answer is kept, so a call is split once rather than once per rule. Callers only read it.
let lastCall: SyntaxNode | null = null;
let lastText = '';
let lastParts: CallParts | null = null;

/** Splits a CallExpression into callee, receiver, method name and arguments (a shared result: do not mutate). */
export function callParts(call: SyntaxNode, text: string): CallParts {
  if (call === lastCall && text === lastText) return lastParts!;
  lastParts = splitCall(call, text);
  lastCall = call;
  lastText = text;
  return lastParts;
}

function splitCall(call: SyntaxNode, text: string): CallParts {
  const callee = call.firstChild!;
  let receiver: SyntaxNode | null = null;
  let method: string | null = null;
  if (callee.name === 'MemberExpression') {
    const property = callee.lastChild;
    if (property?.name === 'PropertyName') {
      receiver = callee.firstChild;
      method = text.slice(property.from, property.to);
    }
  }
  const argList = call.lastChild?.name === 'ArgList' ? call.lastChild : null;
  return new SplitCall(callee, receiver, method, argList, text);
}

/**
 * The arguments are split on first read: most calls a rule looks at are dismissed by their method name alone. A
 * class, not an object literal with a getter: such a literal gets a hidden class of its own per call, which V8
 * keeps in the old generation, and that kept each file's trees alive through minor GCs.
 */
class SplitCall implements CallParts {
  private split: Arg[] | undefined;

  constructor(
    readonly callee: SyntaxNode,
    readonly receiver: SyntaxNode | null,
    readonly method: string | null,
    readonly argList: SyntaxNode | null,
    private readonly text: string,
  ) {}

  get args(): Arg[] {
    return (this.split ??= this.argList ? readArgs(this.argList, this.text) : []);
  }
}

function readArgs(argList: SyntaxNode, text: string): Arg[] {
  const args: Arg[] = [];
  let group: SyntaxNode[] = [];
  const flush = (): void => {
    const arg = group.length ? toArg(group, text) : null;
    if (arg) args.push(arg);
    group = [];
  };
  for (let c = argList.firstChild; c; c = c.nextSibling) {
    const name = c.name;
    if (name === ',' || name === ')') flush();
    else if (name !== '(' && name !== 'Comment') group.push(c);
  }
  flush();
  return args;
}

function toArg(group: SyntaxNode[], text: string): Arg | null {
  const first = group[0]!;
  const range: [number, number] = [first.from, group[group.length - 1]!.to];
  if (first.name === '*' || first.name === '**') {
    const value = group[1];
    return value ? { name: null, nameNode: null, value, range, star: first.name } : null;
  }
  const op = group[1];
  if (first.name === 'VariableName' && op?.name === 'AssignOp' && text.slice(op.from, op.to) === '=') {
    const value = group[2];
    if (!value) return null;
    return { name: text.slice(first.from, first.to), nameNode: first, value, range };
  }
  const arg: Arg = { name: null, nameNode: null, value: first, range };
  if (group.some((n) => n.name === 'for')) arg.generator = true;
  // lezer gives `f(x := v)` no NamedExpression node: VariableName, AssignOp, value sit flat in the ArgList.
  else if (op?.name === 'AssignOp') arg.walrus = true;
  return arg;
}

export function nodeText(unit: Unit, node: SyntaxNode): string {
  return unit.text.slice(node.from, node.to);
}

/**
 * The value of a string literal expression: plain or implicitly concatenated strings (parentheses
 * allowed); null for f-strings, anything else, and literals it cannot decode exactly.
 */
export function stringLiteralValue(unit: Unit, node: SyntaxNode): string | null {
  let n: SyntaxNode | null = node;
  while (n?.name === 'ParenthesizedExpression') n = n.firstChild?.nextSibling ?? null;
  if (!n) return null;
  if (n.name === 'String') return decodeStringLiteral(nodeText(unit, n));
  if (n.name !== 'ContinuedString') return null;
  let out = '';
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (c.name === 'Comment') continue;
    if (c.name !== 'String') return null;
    const part = decodeStringLiteral(nodeText(unit, c));
    if (part === null) return null;
    out += part;
  }
  return out;
}

/** The innermost statement containing `node` (a small statement inside `a; b`, or a compound statement). */
export function statementOf(node: SyntaxNode): SyntaxNode | null {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.type.is('Statement')) return n;
  return null;
}

/** The innermost `def` whose body or parameters contain `node`; null at module or class level. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.name === 'FunctionDefinition') return n;
    if (n.name === 'ClassDefinition') return null;
  }
  return null;
}

/** Elements of a tuple/list literal (brackets and commas dropped; `*` kept before its operand). */
export function elementNodes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const n = c.name;
    if (n !== '(' && n !== ')' && n !== '[' && n !== ']' && n !== ',') out.push(c);
  }
  return out;
}

/**
 * The argument node a call passes for a parameter (by keyword, else by position; `index` -1 for a keyword-only
 * parameter); null for starred calls and when it is not passed.
 */
export function argumentFor(call: SyntaxNode, text: string, name: string, index: number): SyntaxNode | null {
  let position = 0;
  let positional: SyntaxNode | null = null;
  for (let c = call.lastChild?.firstChild ?? null; c; c = c.nextSibling) {
    if (c.name === '*' || c.name === '**') return null;
    if (c.name === '(' || c.name === ')' || c.name === ',' || c.name === 'Comment') continue;
    if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
      const value = c.nextSibling.nextSibling;
      if (text.slice(c.from, c.to) === name) return value;
      c = value ?? c;
      continue;
    }
    if (position++ === index) positional = c;
  }
  return positional;
}
