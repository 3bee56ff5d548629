// The semantic model of one Program: one walk per unit (binder.ts), then lazy, memoised answers.
//
// Name resolution is flow-ordered: a module-level reference reads the latest binding before it in
// program order (cells in order). Inside a function, local bindings come first (the latest before the
// reference, else the last one: loops); a module name read from a function resolves to the latest
// module binding before the function's first call site (its first later mention at module level, or
// the call site of the function that mentions it), or to the last one when the function is never
// called. Branches are not told apart: in `if c: run = A` / `else: run = B` the later one wins.
import type { SyntaxNode } from '@lezer/common';
import type { Binding, Model, Program, Unit, V1Class, V1Value, ValueSource, ValueType } from '../types.js';
import { AliasNames } from './aliases.js';
import { emptyBindResult, type BindResult } from './bind-result.js';
import { bindProgram } from './binder.js';
import { Resolver } from './resolve.js';
import { exportsOf, type Exports } from './exports.js';
import { BindingImpl, type BindingEvaluator } from './scope.js';
import { toPublic, V1Evaluator } from './v1-values.js';
import { TypeGuesser } from './value-types.js';

export function buildModel(program: Program): Model {
  const relevant = program.units.some((u) => u.text.includes('azureml') || u.text.includes('mlflow'));
  // Without azureml or mlflow in the text no rule asks about names: skip the walk.
  return new SemanticModel(program, relevant ? bindProgram(program) : emptyBindResult(program));
}

class SemanticModel implements Model, BindingEvaluator {
  private readonly resolver: Resolver;
  private readonly v1: V1Evaluator;
  private readonly types: TypeGuesser;
  readonly bindings: readonly Binding[];
  readonly mlflowName: string | null;
  readonly usesAzureml: boolean;
  readonly usesMlflow: boolean;
  readonly azuremlImports: readonly { unit: Unit; node: SyntaxNode }[];

  private exports: Exports | undefined;
  private aliases: AliasNames | undefined;

  constructor(
    private readonly program: Program,
    private readonly r: BindResult,
  ) {
    this.resolver = new Resolver(r);
    this.v1 = new V1Evaluator(this.resolver);
    this.types = new TypeGuesser(this.resolver);
    for (const binding of r.bindings) binding.evaluator = this;
    this.bindings = r.bindings;
    this.mlflowName = r.mlflowName;
    this.azuremlImports = r.azuremlImports;
    this.usesAzureml = r.azuremlImports.length > 0;
    // An `mlflow.` use without an import (it may come from a masked magic or a skipped cell) counts too.
    this.usesMlflow = r.importsMlflow || r.references.some((ref) => ref.name === 'mlflow' && !ref.binding);
  }

  v1ValueOf(unit: Unit, expr: SyntaxNode): V1Value | null {
    return toPublic(this.v1.valueOf(unit, expr));
  }

  v1OriginOf(unit: Unit, expr: SyntaxNode): { unit: Unit; node: SyntaxNode } | null {
    return this.v1.originOf(unit, expr);
  }

  v1ClassOf(unit: Unit, expr: SyntaxNode): V1Class | null {
    return this.v1.classOf(unit, expr);
  }

  qualifiedNameOf(unit: Unit, expr: SyntaxNode): string | null {
    return this.resolver.qnameOf(unit, expr);
  }

  valueTypeOf(unit: Unit, expr: SyntaxNode): ValueType {
    return this.types.valueTypeOf(unit, expr);
  }

  valueSourceOf(unit: Unit, expr: SyntaxNode): ValueSource | null {
    return this.types.valueSourceOf(unit, expr);
  }

  elementTypeOf(unit: Unit, expr: SyntaxNode): ValueType {
    return this.types.elementTypeOf(unit, expr);
  }

  isArgparseNamespace(unit: Unit, expr: SyntaxNode): boolean {
    const shape = this.types.typeOf(unit, expr);
    return typeof shape === 'object' && shape.kind === 'namespace';
  }

  bindingOf(unit: Unit, nameNode: SyntaxNode): Binding | null {
    return this.resolver.bindingOf(unit, nameNode);
  }

  aliasesOf(name: string): readonly string[] {
    return (this.aliases ??= new AliasNames(this.r.bindings)).of(name);
  }

  importOf(binding: Binding): string | null {
    const source = binding instanceof BindingImpl ? binding.source : null;
    return source?.kind === 'import' ? source.qname : null;
  }

  isExported(name: string): boolean {
    const exports = (this.exports ??= exportsOf(this.program));
    return exports === 'any' || exports.has(name);
  }

  valueOf(binding: BindingImpl): V1Value | null {
    return toPublic(this.v1.bindingValue(binding));
  }

  typeOf(binding: BindingImpl): ValueType {
    return this.types.bindingType(binding);
  }
}
