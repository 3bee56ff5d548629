// The binder's data: scopes, bindings and where each binding's value comes from.
// Values are evaluated lazily (v1-values.ts, value-types.ts), so a binding only records the expression it was given.
import type { SyntaxNode } from '@lezer/common';
import type { Binding, Unit, V1Value, ValueType } from '../types.js';

export type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';

export interface Scope {
  kind: ScopeKind;
  parent: Scope | null;
  /** Bindings per name, in program order. */
  names: Map<string, BindingImpl[]>;
  /** The def/class binding that opened this scope (null for the module, lambdas and comprehensions). */
  owner: BindingImpl | null;
  /** Names declared `global` in this function. */
  globals: Set<string> | null;
  /** Expressions of this function's `return` statements. */
  returns: { unit: Unit; node: SyntaxNode }[];
  /** Parameters in order (function scopes). */
  params: BindingImpl[];
  /** True when this scope or an enclosing one is a function: its references resolve after the walk. */
  inFunction: boolean;
}

/**
 * Where a bound value comes from: `expr` evaluated, then (when `iterate`) one element of it taken,
 * then tuple indices `path` applied. `items` is a literal tuple on the right side (`a = x, y`).
 */
export type ValueRef =
  | { unit: Unit; expr: SyntaxNode; iterate: boolean; path: number[] }
  | { items: (ValueRef | null)[] };

export type BindingSource =
  | { kind: 'assign'; ref: ValueRef | null }
  /** `x += e`: `target` is also a read of the previous binding. */
  | { kind: 'update'; unit: Unit; op: string; expr: SyntaxNode; target: SyntaxNode }
  | { kind: 'import'; qname: string }
  | { kind: 'def'; scope: Scope }
  | { kind: 'class' }
  | { kind: 'param'; fn: Scope; index: number }
  | { kind: 'other' };

/** Lazily answers a binding's value; set by the model once the walk is over. */
export interface BindingEvaluator {
  valueOf(binding: BindingImpl): V1Value | null;
  typeOf(binding: BindingImpl): ValueType;
}

export class BindingImpl implements Binding {
  readonly references: { unit: Unit; node: SyntaxNode }[] = [];
  evaluator: BindingEvaluator | null = null;

  constructor(
    readonly name: string,
    readonly unit: Unit,
    readonly node: SyntaxNode,
    /** Program-order key: (unit index, offset). */
    readonly pos: number,
    readonly scope: Scope,
    readonly source: BindingSource,
  ) {}

  get value(): V1Value | null {
    return this.evaluator ? this.evaluator.valueOf(this) : null;
  }

  get valueType(): ValueType {
    return this.evaluator ? this.evaluator.typeOf(this) : 'unknown';
  }
}

export function newScope(kind: ScopeKind, parent: Scope | null, owner: BindingImpl | null): Scope {
  return {
    kind,
    parent,
    names: new Map(),
    owner,
    globals: null,
    returns: [],
    params: [],
    inFunction: kind === 'function' || (parent?.inFunction ?? false),
  };
}

export function innermostFunction(scope: Scope): Scope | null {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.kind === 'function') return s;
  return null;
}

/** Program-order key of an offset in the unit with the given index. */
export function posOf(unitIndex: number, offset: number): number {
  return unitIndex * 2 ** 32 + offset;
}
