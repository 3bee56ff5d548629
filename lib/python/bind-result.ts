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
  refs: Map<number, Reference>;
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
    units: new Map(program.units.map((unit, index): [Unit, UnitIndex] => [unit, { index, defs: new Map(), refs: new Map() }])),
    bindings: [],
    references: [],
    azuremlImports: [],
    starImports: [],
    mlflowName: null,
    importsMlflow: false,
  };
}
