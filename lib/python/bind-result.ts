// What the binder's walk produces and the later stages read: references, the per-unit index and the whole result.
// Its own module so that the walk (binder.ts) and the deferred resolution (deferred.ts) share it without
// importing each other.
import type { SyntaxNode } from '@lezer/common';
import type { Program, Unit } from '../types.js';
import { newScope, type BindingImpl, type Scope } from './scope.js';

export interface Reference {
  unit: Unit;
  node: SyntaxNode;
  name: string;
  pos: number;
  scope: Scope;
  binding: BindingImpl | null;
}

export interface UnitIndex {
  index: number;
  /** Binding created at a VariableName offset. */
  defs: Map<number, BindingImpl>;
  /** Reference at a VariableName offset. */
  refs: ByOffset<Reference>;
}

export interface BindResult {
  module: Scope;
  units: Map<Unit, UnitIndex>;
  bindings: BindingImpl[];
  references: Reference[];
  azuremlImports: { unit: Unit; node: SyntaxNode }[];
  /** `from M import *` statements, in program order. */
  starImports: { module: string; pos: number }[];
  mlflowName: string | null;
  importsMlflow: boolean;
}

/** A result with every unit indexed and nothing bound: the start of a walk, or all of it when none is needed. */
export function emptyBindResult(program: Program): BindResult {
  return {
    module: newScope('module', null, null),
    units: new Map(program.units.map((unit, index): [Unit, UnitIndex] => [unit, { index, defs: new Map(), refs: new ByOffset() }])),
    bindings: [],
    references: [],
    azuremlImports: [],
    starImports: [],
    mlflowName: null,
    importsMlflow: false,
  };
}

/**
 * Items by the offset of their node, added in increasing offset order (the walk's document order): found by
 * binary search. Cheaper than a Map for the one entry per name read that the walk adds and few are looked up.
 */
export class ByOffset<T> {
  private readonly offsets: number[] = [];
  private readonly items: T[] = [];

  add(offset: number, item: T): void {
    this.offsets.push(offset);
    this.items.push(item);
  }

  get(offset: number): T | undefined {
    const offsets = this.offsets;
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = offsets[mid]!;
      if (at === offset) return this.items[mid];
      if (at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
