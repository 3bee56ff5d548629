// A value-type guess for expressions, by data flow: enough to pick log_metric versus log_text, turn bools into
// 0/1, and refuse a rewrite that would raise. Scalars, containers (literals, comprehensions, `vars(args)`),
// argparse values (argparse-types.ts), library returns (library-returns.ts), the program's own functions'
// returns and parameters. Unknown whenever in doubt, with where the doubt comes from.
import type { SyntaxNode } from '@lezer/common';
import type { Unit, ValueSource, ValueType } from '../types.js';
import { parseArgsType, type Guess } from './argparse-types.js';
import { libraryReturnType } from './library-returns.js';
import { argumentFor, callParts, stringLiteralValue, type Arg } from './nodes.js';
import type { Resolver } from './resolve.js';
import type { BindingImpl, Scope, ValueRef } from './scope.js';
import {
  elementOf, isUnknown, itemOf, listOf, namespaceDict, publicType, sourceOf, union, unknown, UNKNOWN, type Shape,
} from './value-shape.js';
import { mutatedShape, type MutationContext } from './mutations.js';

const BOOL_BUILTINS = new Set(['bool', 'isinstance', 'issubclass', 'callable', 'hasattr', 'any', 'all']);
const STRING_BUILTINS = new Set(['str', 'repr', 'format', 'chr', 'ascii', 'hex', 'oct', 'bin']);
/** Builtins that copy an iterable's elements into a new list, tuple or set. */
const COLLECTING_BUILTINS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'reversed', 'iter']);
const STRING_METHODS = new Set([
  'format', 'format_map', 'upper', 'lower', 'strip', 'lstrip', 'rstrip', 'join', 'replace', 'title',
  'capitalize', 'casefold', 'swapcase', 'zfill', 'center', 'ljust', 'rjust', 'expandtabs',
  'removeprefix', 'removesuffix',
]);
const STRING_BOOL_METHODS = new Set([
  'startswith', 'endswith', 'isdigit', 'isalpha', 'isalnum', 'isnumeric', 'isdecimal', 'isspace',
  'islower', 'isupper', 'istitle', 'isidentifier',
]);
const STRING_NUMBER_METHODS = new Set(['count', 'find', 'rfind', 'index', 'rindex']);
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',']);

const isNumeric = (t: Shape | null): boolean => t === 'number' || t === 'bool';

export class TypeGuesser implements Guess {
  private readonly memo = new Map<BindingImpl, Shape>();
  private readonly returnMemo = new Map<Scope, Shape>();
  private readonly inProgress = new Set<object>();

  private readonly mutationContext: MutationContext;

  constructor(private readonly resolver: Resolver) {
    this.mutationContext = {
      typeOf: (unit, node) => this.typeOf(unit, node),
      paramFor: (unit, call, arg) => this.paramFor(unit, call, arg),
    };
  }

  /** The parameter of the program's own (plain) function that `call` passes `arg` to. */
  private paramFor(unit: Unit, call: SyntaxNode, arg: SyntaxNode): BindingImpl | null {
    const callee = call.firstChild!;
    const def = callee.name === 'VariableName' ? this.resolver.readOf(unit, callee) : null;
    if (def?.source.kind !== 'def') return null;
    const args = callParts(call, unit.text).args;
    const index = args.findIndex((a) => a.value.from === arg.from && !a.star);
    const passed = args[index];
    if (!passed) return null;
    const params = def.source.scope.params;
    if (passed.name !== null) return params.find((p) => p.name === passed.name) ?? null;
    const param = params[index];
    return param && !['*', '**'].includes(param.node.prevSibling?.name ?? '') && args.slice(0, index).every((a) => a.name === null) ? param : null;
  }

  /** The public answer: number, bool, string or unknown. */
  valueTypeOf(unit: Unit, node: SyntaxNode): ValueType {
    return publicType(this.typeOf(unit, node));
  }

  /** For a value that is not a known scalar: what is known, and where it comes from. */
  valueSourceOf(unit: Unit, node: SyntaxNode): ValueSource | null {
    const source = sourceOf(this.typeOf(unit, node), unit, node);
    // A name holding None, a list or a dict: where it was assigned.
    const binding = source && source.known !== 'unknown' && node.name === 'VariableName' ? this.resolver.readOf(unit, node) : null;
    const ref = binding?.source.kind === 'assign' ? binding.source.ref : null;
    return ref && 'expr' in ref && !ref.iterate ? { ...source!, unit: ref.unit, node: ref.expr } : source;
  }

  elementTypeOf(unit: Unit, node: SyntaxNode): ValueType {
    return publicType(elementOf(this.typeOf(unit, node)));
  }

  bindingType(binding: BindingImpl): ValueType {
    return publicType(this.bindingShape(binding));
  }

  /** The shape of an expression; an unknown gets this expression as its origin unless an inner one has it. */
  typeOf(unit: Unit, node: SyntaxNode): Shape {
    const shape = this.shapeOf(unit, node);
    return isUnknown(shape) && !shape.from ? unknown(shape.note, { unit, node }) : shape;
  }

  builtinName(unit: Unit, node: SyntaxNode): string | null {
    if (node.name !== 'VariableName' || this.resolver.readOf(unit, node)) return null;
    return unit.text.slice(node.from, node.to);
  }

  returnTypeOf(unit: Unit, node: SyntaxNode): Shape | null {
    const binding = node.name === 'VariableName' ? this.resolver.readOf(unit, node) : null;
    return binding?.source.kind === 'def' ? this.functionReturn(binding.source.scope) : null;
  }

  private shapeOf(unit: Unit, node: SyntaxNode): Shape {
    switch (node.name) {
      case 'Number':
        return 'number';
      case 'Boolean':
        return 'bool';
      case 'None':
        return 'none';
      case 'String':
      case 'FormatString':
      case 'ContinuedString':
        return 'string';
      case 'VariableName': {
        const binding = this.resolver.readOf(unit, node);
        return binding ? this.bindingShape(binding) : UNKNOWN;
      }
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner ? this.typeOf(unit, inner) : UNKNOWN;
      }
      case 'NamedExpression':
        return this.typeOf(unit, node.lastChild!);
      case 'UnaryExpression': {
        if (node.firstChild!.name === 'not') return 'bool';
        const operand = this.typeOf(unit, node.lastChild!);
        return isNumeric(operand) ? 'number' : isUnknown(operand) ? operand : UNKNOWN;
      }
      case 'BinaryExpression':
        return this.binaryType(unit, node);
      case 'ConditionalExpression':
        return union(this.typeOf(unit, node.firstChild!), this.typeOf(unit, node.lastChild!))!;
      case 'CallExpression':
        return this.callType(unit, node);
      case 'MemberExpression':
        return this.memberType(unit, node);
      case 'ArrayExpression':
      case 'SetExpression':
      case 'TupleExpression': {
        const items = elements(node);
        if (items.some((n) => n.name === '*' || n.name === '**')) return listOf(UNKNOWN);
        const shapes = items.map((n) => this.typeOf(unit, n));
        if (node.name === 'TupleExpression') return { kind: 'tuple', items: shapes };
        return listOf(shapes.reduce<Shape | null>((all, s) => union(all, s), null));
      }
      case 'DictionaryExpression':
        return this.dictLiteral(unit, node);
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'ComprehensionExpression': {
        const element = node.firstChild?.nextSibling;
        return listOf(element ? this.typeOf(unit, element) : UNKNOWN);
      }
      case 'DictionaryComprehensionExpression': {
        const key = node.firstChild?.nextSibling;
        const value = key?.nextSibling?.nextSibling;
        return { kind: 'dict', key: key ? this.typeOf(unit, key) : UNKNOWN, value: value ? this.typeOf(unit, value) : UNKNOWN, fields: null };
      }
      default:
        return UNKNOWN;
    }
  }

  bindingShape(binding: BindingImpl): Shape {
    const known = this.memo.get(binding);
    if (known) return known;
    if (this.inProgress.has(binding)) return UNKNOWN;
    this.inProgress.add(binding);
    let shape: Shape = UNKNOWN;
    const source = binding.source;
    if (source.kind === 'assign') {
      shape = this.refShape(source.ref);
      // A list or dict changed later (`d["k"] = v`, `xs.append(v)`) holds those values too.
      if (typeof shape === 'object' && (shape.kind === 'list' || shape.kind === 'dict')) {
        shape = mutatedShape(binding, shape, this.mutationContext);
      }
    } else if (source.kind === 'update') {
      const previous = this.resolver.readOf(source.unit, source.target);
      shape = arithmetic(source.op, previous ? this.bindingShape(previous) : UNKNOWN, this.typeOf(source.unit, source.expr));
    } else if (source.kind === 'param') {
      shape = this.paramShape(binding, source.fn, source.index);
    }
    this.inProgress.delete(binding);
    this.memo.set(binding, shape);
    return shape;
  }

  private refShape(ref: ValueRef | null): Shape {
    if (!ref) return UNKNOWN;
    if ('items' in ref) return { kind: 'tuple', items: ref.items.map((item) => this.refShape(item)) };
    let shape: Shape | null = this.typeOf(ref.unit, ref.expr);
    if (ref.iterate) shape = elementOf(shape);
    for (const index of ref.path) shape = itemOf(shape, index);
    // An element or item that is unknown: the iterated or unpacked expression is where it comes from.
    if (isUnknown(shape) && !shape.from) return unknown(shape.note, { unit: ref.unit, node: ref.expr });
    return shape ?? UNKNOWN;
  }

  private binaryType(unit: Unit, node: SyntaxNode): Shape {
    const left = node.firstChild!;
    const op = left.nextSibling!;
    const right = node.lastChild!;
    switch (op.name) {
      case 'CompareOp':
      case 'in':
      case 'is':
      case 'not':
        return 'bool';
      case 'and':
      case 'or':
        return union(this.typeOf(unit, left), this.typeOf(unit, right))!;
      case 'ArithOp':
        return arithmetic(unit.text.slice(op.from, op.to), this.typeOf(unit, left), this.typeOf(unit, right));
      case 'BitOp': {
        const a = this.typeOf(unit, left);
        const b = this.typeOf(unit, right);
        const text = unit.text.slice(op.from, op.to);
        if (a === 'bool' && b === 'bool' && text !== '<<' && text !== '>>') return 'bool';
        return isNumeric(a) && isNumeric(b) ? 'number' : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private dictLiteral(unit: Unit, node: SyntaxNode): Shape {
    let key: Shape | null = null;
    let value: Shape | null = null;
    let fields: Map<string, Shape> | null = new Map();
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (PUNCTUATION.has(c.name)) continue;
      if (c.name === '**') {
        const spread = c.nextSibling ? this.typeOf(unit, c.nextSibling) : UNKNOWN;
        if (typeof spread === 'object' && spread.kind === 'dict') {
          key = union(key, spread.key);
          value = union(value, spread.value);
        } else value = union(value, isUnknown(spread) ? spread : UNKNOWN);
        fields = null;
        c = c.nextSibling ?? c;
        continue;
      }
      // `key : value`
      const colon = c.nextSibling;
      const valueNode = colon?.name === ':' ? colon.nextSibling : null;
      if (!valueNode) return UNKNOWN;
      const valueShape = this.typeOf(unit, valueNode);
      key = union(key, this.typeOf(unit, c));
      value = union(value, valueShape);
      const literal = stringLiteralValue(unit, c);
      if (literal === null) fields = null;
      else fields?.set(literal, union(fields.get(literal) ?? null, valueShape)!);
      c = valueNode;
    }
    return { kind: 'dict', key, value, fields };
  }

  private memberType(unit: Unit, node: SyntaxNode): Shape {
    const object = node.firstChild!;
    const last = node.lastChild!;
    const shape = this.typeOf(unit, object);
    if (typeof shape !== 'object' || shape.kind === 'unknown') {
      if (shape === 'string' && last.name !== 'PropertyName') return 'string';
      return isUnknown(shape) ? shape : UNKNOWN;
    }
    if (last.name === 'PropertyName') {
      if (shape.kind !== 'namespace') return UNKNOWN;
      const attribute = unit.text.slice(last.from, last.to);
      if (attribute === '__dict__') return namespaceDict(shape.fields);
      return shape.fields.get(attribute) ?? unknown(`no add_argument() of the parser declares ${attribute}`);
    }
    const index = object.nextSibling?.nextSibling;
    const slice = index?.nextSibling?.name === ':' || index?.name === ':';
    if (shape.kind === 'list') return slice ? shape : (shape.of ?? UNKNOWN);
    if (shape.kind === 'tuple') {
      const n = index ? integerLiteral(unit, index) : null;
      if (slice) return listOf(elementOf(shape));
      return n !== null ? (shape.items.at(n) ?? UNKNOWN) : (elementOf(shape) ?? UNKNOWN);
    }
    if (shape.kind === 'dict') {
      const key = index ? stringLiteralValue(unit, index) : null;
      return (key !== null ? shape.fields?.get(key) : undefined) ?? shape.value ?? UNKNOWN;
    }
    return UNKNOWN;
  }

  private callType(unit: Unit, call: SyntaxNode): Shape {
    const parts = callParts(call, unit.text);
    const callee = parts.callee;
    const builtin = this.builtinName(unit, callee);
    if (builtin !== null) return this.builtinCall(unit, builtin, parts.args);
    const qname = callee.name === 'VariableName' || callee.name === 'MemberExpression' ? this.resolver.qnameOf(unit, callee) : null;
    if (qname) return libraryReturnType(qname, parts.args, unit.text, (arg) => this.typeOf(unit, arg.value)) ?? UNKNOWN;
    if (callee.name === 'VariableName') return this.returnTypeOf(unit, callee) ?? UNKNOWN;
    if (!parts.method || !parts.receiver) return UNKNOWN;
    const method = parts.method;
    if (method === 'item') return 'number'; // numpy / torch scalars: `loss.item()`
    const parsed = parseArgsType(this.resolver, this, unit, call);
    if (parsed) return parsed;
    const receiver = this.typeOf(unit, parts.receiver);
    if (receiver === 'string') {
      if (STRING_METHODS.has(method)) return 'string';
      if (STRING_BOOL_METHODS.has(method)) return 'bool';
      if (STRING_NUMBER_METHODS.has(method)) return 'number';
      return UNKNOWN;
    }
    // An unknown receiver: the call itself is where the doubt comes from (`model.score(X, y)`, not `model`).
    if (typeof receiver !== 'object' || receiver.kind === 'unknown') return UNKNOWN;
    return containerMethod(receiver, method, parts.args, (arg) => this.typeOf(unit, arg.value));
  }

  private builtinCall(unit: Unit, name: string, args: Arg[]): Shape {
    const positional = args.filter((arg) => arg.name === null && !arg.star && !arg.generator).map((arg) => arg.value);
    const first = args[0] && !args[0].star ? args[0] : undefined;
    const firstShape = (): Shape | null => {
      if (!first) return null;
      // `sum(x for x in xs)`: the generator's elements.
      if (first.generator) return listOf(this.typeOf(unit, first.value));
      return this.typeOf(unit, first.value);
    };
    switch (name) {
      case 'float':
      case 'int':
      case 'len':
      case 'ord':
        return 'number';
      case 'round':
        // Python and numpy numbers round to numbers; anything else v1 could log would not be rounded.
        return 'number';
      case 'abs': {
        const shape = firstShape();
        return isNumeric(shape) ? 'number' : isUnknown(shape) ? shape : UNKNOWN;
      }
      case 'sum':
        return isNumeric(elementOf(firstShape())) ? 'number' : UNKNOWN;
      case 'min':
      case 'max': {
        if (args.some((arg) => arg.star || (arg.name !== null && arg.name !== 'default'))) return UNKNOWN;
        const shape = positional.length === 1 || first?.generator
          ? elementOf(firstShape())
          : positional.map((n) => this.typeOf(unit, n)).reduce<Shape | null>((all, s) => union(all, s), null);
        return shape === 'number' || shape === 'string' ? shape : shape === 'bool' ? 'bool' : UNKNOWN;
      }
      case 'range':
        return listOf('number');
      case 'enumerate':
        return listOf({ kind: 'tuple', items: ['number', elementOf(firstShape()) ?? UNKNOWN] });
      case 'zip':
        return listOf({ kind: 'tuple', items: positional.map((n) => elementOf(this.typeOf(unit, n)) ?? UNKNOWN) });
      case 'vars': {
        const shape = firstShape();
        return typeof shape === 'object' && shape?.kind === 'namespace' ? namespaceDict(shape.fields) : UNKNOWN;
      }
      case 'dict':
        return this.dictCall(unit, args, firstShape());
      default:
        if (BOOL_BUILTINS.has(name)) return 'bool';
        if (STRING_BUILTINS.has(name)) return 'string';
        if (COLLECTING_BUILTINS.has(name)) return listOf(first ? elementOf(firstShape()) : null);
        return UNKNOWN;
    }
  }

  /** `dict(a=1)`, `dict(other)`, `dict(other, b=2)`. */
  private dictCall(unit: Unit, args: Arg[], first: Shape | null): Shape {
    if (args.some((arg) => arg.star)) return UNKNOWN;
    const copied = args[0]?.name === null ? first : null;
    if (copied !== null && (typeof copied !== 'object' || copied.kind !== 'dict')) return UNKNOWN;
    let value = copied?.value ?? null;
    const fields = copied ? (copied.fields ? new Map(copied.fields) : null) : new Map<string, Shape>();
    for (const arg of args) {
      if (arg.name === null) continue;
      const shape = this.typeOf(unit, arg.value);
      value = union(value, shape);
      fields?.set(arg.name, shape);
    }
    return { kind: 'dict', key: union(copied?.key ?? null, 'string'), value, fields };
  }

  /**
   * What a function of the program returns: every `return` value, and None where it can end without one. Unknown
   * for generators, async and decorated functions.
   */
  private functionReturn(fn: Scope): Shape {
    const known = this.returnMemo.get(fn);
    if (known) return known;
    if (this.inProgress.has(fn)) return UNKNOWN;
    this.inProgress.add(fn);
    let shape: Shape | null = null;
    const def = fn.owner?.node.parent;
    if (!def || def.name !== 'FunctionDefinition' || def.firstChild?.name === 'async' || def.parent?.name === 'DecoratedStatement') {
      shape = UNKNOWN;
    } else {
      const exits = functionExits(def);
      if (exits.generator) shape = UNKNOWN;
      else {
        for (const ret of fn.returns) shape = union(shape, this.typeOf(ret.unit, ret.node));
        if (exits.fallsThrough || exits.bareReturn) shape = union(shape, 'none');
      }
    }
    const result = shape ?? 'none';
    this.inProgress.delete(fn);
    this.returnMemo.set(fn, result);
    return result;
  }

  /** A parameter: what every call of its function passes (or the default where a call leaves it out). */
  private paramShape(param: BindingImpl, fn: Scope, index: number): Shape {
    const def = fn.owner;
    const defNode = def?.node.parent;
    if (!def || def.scope.kind === 'class' || defNode?.parent?.name === 'DecoratedStatement') return UNKNOWN;
    const before = param.node.prevSibling?.name;
    if (before === '*' || before === '**') return UNKNOWN;
    let keywordOnly = false;
    for (let c = param.node.prevSibling; c; c = c.prevSibling) if (c.name === '*' || c.name === '**') keywordOnly = true;
    const defaultNode = param.node.nextSibling?.name === 'AssignOp' ? param.node.nextSibling.nextSibling : null;
    let shape: Shape | null = null;
    for (const ref of def.references) {
      const call = ref.node.parent;
      if (call?.name !== 'CallExpression' || call.firstChild?.from !== ref.node.from) {
        return unknown(`${def.name} is also used other than by calling it`);
      }
      if (callParts(call, ref.unit.text).args.some((arg) => arg.star)) return UNKNOWN;
      const arg = argumentFor(call, ref.unit.text, param.name, keywordOnly ? -1 : index);
      if (arg) shape = union(shape, this.typeOf(ref.unit, arg));
      else if (defaultNode) shape = union(shape, this.typeOf(param.unit, defaultNode));
      else return UNKNOWN;
    }
    return shape ?? UNKNOWN;
  }
}

/** Methods of lists, tuples, dicts and Namespaces that return something the guesser knows. */
function containerMethod(receiver: Shape & object, method: string, args: Arg[], typeOf: (arg: Arg) => Shape): Shape {
  if (receiver.kind === 'dict') {
    switch (method) {
      case 'items':
        return listOf({ kind: 'tuple', items: [receiver.key ?? UNKNOWN, receiver.value ?? UNKNOWN] });
      case 'keys':
        return listOf(receiver.key);
      case 'values':
        return listOf(receiver.value);
      case 'copy':
        return receiver;
      case 'get': {
        const fallback = args[1] ? typeOf(args[1]) : 'none';
        return union(receiver.value, fallback) ?? UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }
  if (receiver.kind === 'list' || receiver.kind === 'tuple') {
    if (method === 'copy') return receiver;
    if (method === 'pop') return elementOf(receiver) ?? UNKNOWN;
    if (method === 'index' || method === 'count') return 'number';
  }
  return UNKNOWN;
}

/** Items of a list, tuple or set display: brackets and commas dropped (`*` kept). */
function elements(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!PUNCTUATION.has(c.name)) out.push(c);
  return out;
}

/** An integer literal, possibly negative (`-1`). */
function integerLiteral(unit: Unit, node: SyntaxNode): number | null {
  const text = unit.text.slice(node.from, node.to).replace(/\s+/g, '');
  return /^-?\d+$/.test(text) ? Number(text) : null;
}

/** How a function body ends: a `yield` anywhere, a bare `return`, or a last statement that is not return/raise. */
function functionExits(def: SyntaxNode): { generator: boolean; bareReturn: boolean; fallsThrough: boolean } {
  const body = def.lastChild;
  const out = { generator: false, bareReturn: false, fallsThrough: true };
  if (body?.name !== 'Body') return { ...out, generator: true };
  let last: SyntaxNode | null = null;
  for (let c = body.firstChild; c; c = c.nextSibling) if (c.name !== ':' && c.name !== 'Comment') last = c;
  out.fallsThrough = last?.name !== 'ReturnStatement' && last?.name !== 'RaiseStatement';
  const visit = (node: SyntaxNode): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition' || c.name === 'LambdaExpression') continue;
      if (c.name === 'YieldStatement' || c.name === 'YieldExpression' || c.name === 'yield') out.generator = true;
      if (c.name === 'ReturnStatement' && !c.firstChild?.nextSibling) out.bareReturn = true;
      visit(c);
    }
  };
  visit(body);
  return out;
}

/** The type of `a op b` for an arithmetic operator (Python bools are ints); an unknown operand is kept as the origin. */
function arithmetic(op: string, a: Shape, b: Shape): Shape {
  if (op === '+' && (a === 'string' || b === 'string')) return 'string';
  if (op === '%' && a === 'string') return 'string';
  if (op === '*' && ((a === 'string' && isNumeric(b)) || (b === 'string' && isNumeric(a)))) return 'string';
  if (op === '+' && typeof a === 'object' && typeof b === 'object' && a.kind === 'list' && b.kind === 'list') return union(a, b)!;
  if (op === '@') return UNKNOWN;
  if (isNumeric(a) && isNumeric(b)) return 'number';
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return UNKNOWN;
}
