// A value-type guess for expressions (number, bool, string, unknown): enough to pick
// log_metric versus log_text, and bool → int conversions. Unknown whenever in doubt.
import type { SyntaxNode } from '@lezer/common';
import type { Unit, ValueType } from '../types.js';
import type { Resolver } from './resolve.js';
import type { BindingImpl, ValueRef } from './scope.js';

const NUMBER_BUILTINS = new Set(['float', 'int', 'len', 'round', 'abs', 'sum', 'min', 'max', 'complex', 'pow', 'ord']);
const BOOL_BUILTINS = new Set(['bool', 'isinstance', 'issubclass', 'callable', 'hasattr', 'any', 'all']);
const STRING_BUILTINS = new Set(['str', 'repr', 'format', 'chr', 'ascii', 'hex', 'oct', 'bin']);
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
/** `math.isnan(x)` is a bool; every other `math.*` function gives a number. */
const MATH_BOOL = new Set(['isnan', 'isinf', 'isfinite', 'isclose']);
/** numpy's scalar constructors and old builtin aliases (`np.float(x)`, `np.str(x)`, common in real v1 scripts). */
const NUMBER_FUNCTIONS = new Set([
  'time.time', 'time.perf_counter', 'time.monotonic', 'time.process_time',
  'numpy.float', 'numpy.int', 'numpy.float64', 'numpy.float32', 'numpy.int64', 'numpy.int32',
]);
/** Library functions that return a str (a JSON string logged to v1 is parsed back by the migrated code). */
const STRING_FUNCTIONS = new Set(['json.dumps', 'numpy.str', 'numpy.str_']);

const isNumeric = (t: ValueType): boolean => t === 'number' || t === 'bool';

export class TypeGuesser {
  private readonly memo = new Map<BindingImpl, ValueType>();
  private readonly inProgress = new Set<BindingImpl>();

  constructor(private readonly resolver: Resolver) {}

  typeOf(unit: Unit, node: SyntaxNode): ValueType {
    switch (node.name) {
      case 'Number':
        return 'number';
      case 'Boolean':
        return 'bool';
      case 'String':
      case 'FormatString':
      case 'ContinuedString':
        return 'string';
      case 'VariableName': {
        const binding = this.resolver.readOf(unit, node);
        return binding ? this.bindingType(binding) : 'unknown';
      }
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner ? this.typeOf(unit, inner) : 'unknown';
      }
      case 'UnaryExpression': {
        const op = node.firstChild!;
        const operand = this.typeOf(unit, node.lastChild!);
        if (op.name === 'not') return 'bool';
        return isNumeric(operand) ? 'number' : 'unknown';
      }
      case 'BinaryExpression':
        return this.binaryType(unit, node);
      case 'ConditionalExpression': {
        const a = this.typeOf(unit, node.firstChild!);
        return a === this.typeOf(unit, node.lastChild!) ? a : 'unknown';
      }
      case 'CallExpression':
        return this.callType(unit, node);
      default:
        return 'unknown';
    }
  }

  bindingType(binding: BindingImpl): ValueType {
    const known = this.memo.get(binding);
    if (known) return known;
    if (this.inProgress.has(binding)) return 'unknown';
    this.inProgress.add(binding);
    let type: ValueType = 'unknown';
    const source = binding.source;
    if (source.kind === 'assign') type = this.refType(source.ref);
    else if (source.kind === 'update') {
      const previous = this.resolver.readOf(source.unit, source.target);
      const left = previous ? this.bindingType(previous) : 'unknown';
      type = arithmetic(source.op, left, this.typeOf(source.unit, source.expr));
    }
    this.inProgress.delete(binding);
    this.memo.set(binding, type);
    return type;
  }

  private refType(ref: ValueRef | null): ValueType {
    if (!ref || 'items' in ref) return 'unknown';
    if (!ref.iterate) return ref.path.length ? 'unknown' : this.typeOf(ref.unit, ref.expr);
    // `for epoch in range(n)` and the index of `for i, x in enumerate(xs)`.
    const builtin = this.builtinCalled(ref.unit, ref.expr);
    if (builtin === 'range' && ref.path.length === 0) return 'number';
    if (builtin === 'enumerate' && ref.path.length === 1 && ref.path[0] === 0) return 'number';
    return 'unknown';
  }

  private binaryType(unit: Unit, node: SyntaxNode): ValueType {
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
      case 'or': {
        const a = this.typeOf(unit, left);
        return a === this.typeOf(unit, right) ? a : 'unknown';
      }
      case 'ArithOp':
        return arithmetic(unit.text.slice(op.from, op.to), this.typeOf(unit, left), this.typeOf(unit, right));
      case 'BitOp': {
        const a = this.typeOf(unit, left);
        const b = this.typeOf(unit, right);
        const text = unit.text.slice(op.from, op.to);
        if (a === 'bool' && b === 'bool' && text !== '<<' && text !== '>>') return 'bool';
        return isNumeric(a) && isNumeric(b) ? 'number' : 'unknown';
      }
      default:
        return 'unknown';
    }
  }

  private callType(unit: Unit, call: SyntaxNode): ValueType {
    const callee = call.firstChild!;
    const builtin = this.builtinCalled(unit, call);
    if (builtin !== null) {
      if (NUMBER_BUILTINS.has(builtin)) return 'number';
      if (BOOL_BUILTINS.has(builtin)) return 'bool';
      if (STRING_BUILTINS.has(builtin)) return 'string';
      return 'unknown';
    }
    if (callee.name !== 'MemberExpression' || callee.lastChild?.name !== 'PropertyName') return 'unknown';
    const method = unit.text.slice(callee.lastChild.from, callee.lastChild.to);
    if (method === 'item') return 'number'; // numpy / torch scalars: `loss.item()`
    const qname = this.resolver.qnameOf(unit, callee);
    if (qname?.startsWith('math.')) return MATH_BOOL.has(method) ? 'bool' : 'number';
    if (qname && NUMBER_FUNCTIONS.has(qname)) return 'number';
    if (qname && STRING_FUNCTIONS.has(qname)) return 'string';
    if (this.typeOf(unit, callee.firstChild!) !== 'string') return 'unknown';
    if (STRING_METHODS.has(method)) return 'string';
    if (STRING_BOOL_METHODS.has(method)) return 'bool';
    if (STRING_NUMBER_METHODS.has(method)) return 'number';
    return 'unknown';
  }

  /** The name of the builtin a call calls (`float(x)`), unless the program rebinds that name. */
  private builtinCalled(unit: Unit, call: SyntaxNode): string | null {
    if (call.name !== 'CallExpression') return null;
    const callee = call.firstChild!;
    if (callee.name !== 'VariableName' || this.resolver.readOf(unit, callee)) return null;
    return unit.text.slice(callee.from, callee.to);
  }
}

/** The type of `a op b` for an arithmetic operator (Python bools are ints). */
function arithmetic(op: string, a: ValueType, b: ValueType): ValueType {
  if (op === '+' && (a === 'string' || b === 'string')) return 'string';
  if (op === '%' && a === 'string') return 'string';
  if (op === '*' && ((a === 'string' && isNumeric(b)) || (b === 'string' && isNumeric(a)))) return 'string';
  if (op === '@') return 'unknown';
  return isNumeric(a) && isNumeric(b) ? 'number' : 'unknown';
}
