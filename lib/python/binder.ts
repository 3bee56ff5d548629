// One walk per unit, in program order, that records scopes, bindings and references.
// Module-level references resolve on the spot to the latest binding so far (flow order); references
// inside functions resolve after the walk (see resolveDeferred), since Python decides locality per function.
import type { NodeType, SyntaxNode, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Program, Unit } from '../types.js';
import { emptyBindResult, type BindResult, type Reference, type UnitIndex } from './bind-result.js';
import { isAzuremlModule, isMlflowModule, readImport } from './imports.js';
import { resolveDeferred } from './deferred.js';
import { elementNodes } from './nodes.js';
import { BindingImpl, innermostFunction, newScope, posOf, type BindingSource, type Scope, type ValueRef } from './scope.js';

/** Work to do when the walk leaves a node, or enters the Body of a for/with statement. */
interface Pending {
  /** Ancestors of the node: compared first, since leave runs for every node. */
  depth: number;
  from: number;
  to: number;
  type: NodeType;
  onBody: boolean;
  run: () => void;
}

const COMPREHENSIONS = new Set([
  'ComprehensionExpression',
  'ArrayComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression',
]);

/** What `enter` does with a node, by type id (0: nothing): one array read per node, no string compare. */
const enum Act {
  None,
  Variable,
  Import,
  Assign,
  Update,
  Walrus,
  For,
  With,
  Body,
  Function,
  Lambda,
  Class,
  Return,
  ScopeStatement,
  Decorator,
  ArgList,
  Comprehension,
}
const ACTS: Record<string, Act> = {
  VariableName: Act.Variable,
  ImportStatement: Act.Import,
  AssignStatement: Act.Assign,
  UpdateStatement: Act.Update,
  NamedExpression: Act.Walrus,
  ForStatement: Act.For,
  WithStatement: Act.With,
  Body: Act.Body,
  FunctionDefinition: Act.Function,
  LambdaExpression: Act.Lambda,
  ClassDefinition: Act.Class,
  ReturnStatement: Act.Return,
  ScopeStatement: Act.ScopeStatement,
  Decorator: Act.Decorator,
  ArgList: Act.ArgList,
};
const ACT = new Uint8Array(parser.nodeSet.types.length);
for (const type of parser.nodeSet.types) ACT[type.id] = COMPREHENSIONS.has(type.name) ? Act.Comprehension : (ACTS[type.name] ?? Act.None);
const typeId = (name: string): number => parser.nodeSet.types.find((t) => t.name === name)!.id;
const ARG_LIST = typeId('ArgList');
const TRY_STATEMENT = typeId('TryStatement');

export function bindProgram(program: Program): BindResult {
  const result = emptyBindResult(program);
  for (const unit of program.units) {
    if (unit.tree) new UnitWalker(result, unit, result.units.get(unit)!).walk();
  }
  resolveDeferred(result);
  // A Reference is a { unit, node } use already: no copy per use.
  for (const ref of result.references) ref.binding?.references.push(ref);
  return result;
}

class UnitWalker {
  private scope: Scope;
  private readonly text: string;
  /** VariableName offsets that are not plain reads (targets, keyword names, parameters, ...). */
  private readonly nonRef = new Set<number>();
  private readonly pending: Pending[] = [];
  /** Node type ids from the root to the cursor's parent. */
  private readonly path: number[] = [];

  constructor(
    private readonly r: BindResult,
    private readonly unit: Unit,
    private readonly info: UnitIndex,
  ) {
    this.scope = r.module;
    this.text = unit.text;
  }

  walk(): void {
    const c = this.unit.tree!.cursor();
    let descend = this.enter(c);
    for (;;) {
      if (descend) {
        this.path.push(c.type.id);
        if (c.firstChild()) {
          descend = this.enter(c);
          continue;
        }
        this.path.pop();
      }
      this.leave(c);
      while (!c.nextSibling()) {
        if (!c.parent()) return;
        this.path.pop();
        this.leave(c);
      }
      descend = this.enter(c);
    }
  }

  private pos(offset: number): number {
    return posOf(this.info.index, offset);
  }

  private word(node: { from: number; to: number }): string {
    return this.text.slice(node.from, node.to);
  }

  /** Returns false to skip the node's children. */
  private enter(c: TreeCursor): boolean {
    switch (ACT[c.type.id] as Act) {
      case Act.None:
        return true;
      case Act.Variable:
        this.variable(c);
        return false;
      case Act.Import:
        this.importStatement(c.node);
        return false;
      case Act.Assign:
        this.assignment(c.node);
        return true;
      case Act.Update:
        this.update(c.node);
        return true;
      case Act.Walrus:
        this.walrus(c.node);
        return true;
      case Act.For:
        this.forStatement(c.node);
        return true;
      case Act.With:
        this.withStatement(c.node);
        return true;
      case Act.Body:
        this.body(c);
        return true;
      case Act.Function:
        this.functionDefinition(c.node);
        return true;
      case Act.Lambda:
        this.lambda(c.node);
        return true;
      case Act.Class:
        this.classDefinition(c.node);
        return true;
      case Act.Return:
        this.returnStatement(c.node);
        return true;
      case Act.ScopeStatement:
        this.scopeStatement(c.node);
        return false;
      case Act.Decorator:
        this.decorator(c.node);
        return true;
      case Act.ArgList:
        if (hasChild(c, 'for')) this.comprehension(c.node);
        return true;
      case Act.Comprehension:
        this.comprehension(c.node);
        return true;
    }
  }

  private leave(c: TreeCursor): void {
    const pending = this.pending;
    while (pending.length) {
      const top = pending[pending.length - 1]!;
      if (top.depth !== this.path.length || top.to !== c.to || top.from !== c.from || top.type !== c.type) return;
      pending.pop();
      top.run();
    }
  }

  private body(c: TreeCursor): void {
    const top = this.pending[this.pending.length - 1];
    if (top?.onBody && c.from >= top.from && c.to <= top.to) {
      this.pending.pop();
      top.run();
    }
  }

  private later(node: SyntaxNode, run: () => void, onBody = false): void {
    // Called on entering `node`: the path holds its ancestors.
    this.pending.push({ depth: this.path.length, from: node.from, to: node.to, type: node.type, onBody, run });
  }

  // ── references ──

  private variable(c: TreeCursor): void {
    const from = c.from;
    if (this.nonRef.has(from)) return;
    const parent = this.path[this.path.length - 1];
    if (parent === ARG_LIST && nextSiblingName(c) === 'AssignOp') return; // keyword argument name
    if (parent === TRY_STATEMENT && prevSiblingName(c) === 'as') {
      this.bind(c.node, { kind: 'other' });
      return;
    }
    const name = this.text.slice(from, c.to);
    let binding: BindingImpl | null = null;
    if (!this.scope.inFunction) {
      binding = lookupNow(this.scope, name);
      // A module-level read of a name nothing binds before it (a builtin: print, len) resolves to nothing for
      // good: it is not recorded (bindingOf answers null all the same), except `mlflow` (SemanticModel.usesMlflow).
      if (!binding && name !== 'mlflow') return;
    }
    const ref: Reference = { unit: this.unit, node: c.node, name, pos: this.pos(from), scope: this.scope, binding };
    this.r.references.push(ref);
    this.info.refs.add(from, ref);
  }

  // ── bindings ──

  /** Creates a binding for a VariableName in the current scope (or the module, for `global` names). */
  private bind(node: SyntaxNode, source: BindingSource, scope: Scope = this.scope): BindingImpl {
    const name = this.word(node);
    const target = scope.kind === 'function' && scope.globals?.has(name) ? this.r.module : scope;
    const binding = new BindingImpl(name, this.unit, node, this.pos(node.from), target, source);
    let list = target.names.get(name);
    if (!list) target.names.set(name, (list = []));
    list.push(binding);
    this.r.bindings.push(binding);
    this.info.defs.set(node.from, binding);
    this.nonRef.add(node.from);
    return binding;
  }

  /** Marks the names of a target pattern as bindings-to-be and returns the binder to run later. */
  private target(node: SyntaxNode, ref: ValueRef | null): (() => void) | null {
    switch (node.name) {
      case 'VariableName':
        this.nonRef.add(node.from);
        return () => void this.bind(node, { kind: 'assign', ref });
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner ? this.target(inner, ref) : null;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
        return this.targets(elementNodes(node), ref);
      default:
        return null; // attributes and subscripts bind nothing
    }
  }

  /** Targets of one `a, b, *c` list, matched against one value. */
  private targets(items: SyntaxNode[], ref: ValueRef | null): (() => void) | null {
    if (items.length === 1 && items[0]!.name !== '*') return this.target(items[0]!, ref);
    const actions: (() => void)[] = [];
    let index = 0;
    let starred = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.name === '*') {
        starred = true;
        const next = items[++i];
        if (next?.name === 'VariableName') {
          this.nonRef.add(next.from);
          actions.push(() => void this.bind(next, { kind: 'other' }));
        }
        index++;
        continue;
      }
      const action = this.target(item, starred ? null : elementRef(ref, index));
      if (action) actions.push(action);
      index++;
    }
    return () => actions.forEach((a) => a());
  }

  private assignment(node: SyntaxNode): void {
    // Children: target groups separated by AssignOp, the last group is the value; `x: T = v` has a TypeDef.
    const groups: SyntaxNode[][] = [[]];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name !== 'TypeDef') groups[groups.length - 1]!.push(c);
    }
    if (groups.length < 2) return; // a bare annotation binds nothing
    const value = groups.pop()!.filter((n) => n.name !== ',');
    const ref = valueRefOf(this.unit, value);
    const actions = groups.map((g) => this.targets(g.filter((n) => n.name !== ','), ref));
    this.later(node, () => actions.forEach((a) => a?.()));
  }

  private update(node: SyntaxNode): void {
    const target = node.firstChild;
    const op = target?.nextSibling;
    const expr = op?.nextSibling;
    if (target?.name !== 'VariableName' || !op || !expr) return;
    const arith = this.word(op).slice(0, -1);
    this.later(node, () => void this.bind(target, { kind: 'update', unit: this.unit, op: arith, expr, target }));
  }

  private walrus(node: SyntaxNode): void {
    const target = node.firstChild;
    const expr = target?.nextSibling?.nextSibling;
    if (target?.name !== 'VariableName' || !expr) return;
    this.nonRef.add(target.from);
    const ref: ValueRef = { unit: this.unit, expr, iterate: false, path: [] };
    this.later(node, () => void this.bind(target, { kind: 'assign', ref }));
  }

  private forStatement(node: SyntaxNode): void {
    const { targets, iter } = splitFor(node.firstChild);
    if (!iter) return;
    const ref: ValueRef = { unit: this.unit, expr: iter, iterate: true, path: [] };
    const action = this.targets(targets, ref);
    if (action) this.later(node, action, true);
  }

  private withStatement(node: SyntaxNode): void {
    const actions: (() => void)[] = [];
    let last: SyntaxNode | null = null;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'as') {
        const target = c.nextSibling;
        if (target && last) {
          const action = this.target(target, { unit: this.unit, expr: last, iterate: false, path: [] });
          if (action) actions.push(action);
        }
        c = target ?? c;
      } else if (c.name !== ',' && c.name !== 'with' && c.name !== 'async') last = c;
    }
    if (actions.length) this.later(node, () => actions.forEach((a) => a()), true);
  }

  private comprehension(node: SyntaxNode): void {
    const outer = this.scope;
    const scope = newScope('comprehension', outer, null);
    this.scope = scope;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'for') continue;
      const { targets, iter } = splitFor(c);
      if (iter) this.targets(targets, { unit: this.unit, expr: iter, iterate: true, path: [] })?.();
    }
    this.later(node, () => void (this.scope = outer));
  }

  private functionDefinition(node: SyntaxNode): void {
    const nameNode = childNamed(node, 'VariableName');
    const outer = this.scope;
    const scope = newScope('function', outer, null);
    if (nameNode) scope.owner = this.bind(nameNode, { kind: 'def', scope });
    this.scope = scope;
    const params = childNamed(node, 'ParamList');
    if (params) this.params(params, scope);
    this.later(node, () => void (this.scope = outer));
  }

  private lambda(node: SyntaxNode): void {
    const outer = this.scope;
    const scope = newScope('function', outer, null);
    this.scope = scope;
    const params = childNamed(node, 'ParamList');
    if (params) this.params(params, scope);
    this.later(node, () => void (this.scope = outer));
  }

  private params(list: SyntaxNode, fn: Scope): void {
    let prev = '(';
    for (let c = list.firstChild; c; c = c.nextSibling) {
      if (c.name === 'VariableName' && (prev === '(' || prev === ',' || prev === '*' || prev === '**')) {
        fn.params.push(this.bind(c, { kind: 'param', fn, index: fn.params.length }, fn));
      }
      prev = c.name;
    }
  }

  private classDefinition(node: SyntaxNode): void {
    const nameNode = childNamed(node, 'VariableName');
    const outer = this.scope;
    const scope = newScope('class', outer, null);
    if (nameNode) scope.owner = this.bind(nameNode, { kind: 'class' });
    this.scope = scope;
    this.later(node, () => void (this.scope = outer));
  }

  private returnStatement(node: SyntaxNode): void {
    const fn = innermostFunction(this.scope);
    const expr = node.firstChild?.nextSibling;
    if (fn && expr) fn.returns.push({ unit: this.unit, node: expr });
  }

  private scopeStatement(node: SyntaxNode): void {
    const isGlobal = node.firstChild?.name === 'global';
    const fn = innermostFunction(this.scope);
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'VariableName') continue;
      this.nonRef.add(c.from);
      if (isGlobal && fn) (fn.globals ??= new Set()).add(this.word(c));
    }
  }

  private decorator(node: SyntaxNode): void {
    // `@a.b.c(...)`: only `a` is read; `b` and `c` are attribute names.
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'VariableName' && c.prevSibling?.name === '.') this.nonRef.add(c.from);
    }
  }

  private importStatement(node: SyntaxNode): void {
    const info = readImport(node, this.text);
    const r = this.r;
    if (info.modules.some(isAzuremlModule)) r.azuremlImports.push({ unit: this.unit, node });
    if (info.modules.some(isMlflowModule)) r.importsMlflow = true;
    if (info.star) r.starImports.push({ module: info.fromModule, pos: this.pos(node.from) });
    for (const name of info.names) {
      this.bind(name.node, { kind: 'import', qname: name.qname });
      if (name.qname === 'mlflow' && r.mlflowName === null) r.mlflowName = name.local;
    }
  }
}

// ── helpers ──

function lookupNow(scope: Scope, name: string): BindingImpl | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const list = s.names.get(name);
    if (list?.length) return list[list.length - 1]!;
  }
  return null;
}

function hasChild(c: TreeCursor, name: string): boolean {
  if (!c.firstChild()) return false;
  let found = false;
  do {
    if (c.name === name) found = true;
  } while (!found && c.nextSibling());
  c.parent();
  return found;
}

function nextSiblingName(c: TreeCursor): string | null {
  if (!c.nextSibling()) return null;
  const name = c.name;
  c.prevSibling();
  return name;
}

function prevSiblingName(c: TreeCursor): string | null {
  if (!c.prevSibling()) return null;
  const name = c.name;
  c.nextSibling();
  return name;
}

function childNamed(node: SyntaxNode, name: string): SyntaxNode | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name === name) return c;
  return null;
}

/** Targets between `for` and `in`, and the first iterable expression after `in`. */
function splitFor(forKeyword: SyntaxNode | null): { targets: SyntaxNode[]; iter: SyntaxNode | null } {
  const targets: SyntaxNode[] = [];
  let c = forKeyword;
  while (c && c.name !== 'for') c = c.nextSibling; // skip `async`
  for (c = c?.nextSibling ?? null; c && c.name !== 'in'; c = c.nextSibling) if (c.name !== ',') targets.push(c);
  const iter = c?.nextSibling ?? null;
  // `for x in a, b:` iterates a tuple: not followed.
  if (iter?.nextSibling?.name === ',') return { targets, iter: null };
  return { targets, iter };
}

function valueRefOf(unit: Unit, value: SyntaxNode[]): ValueRef | null {
  if (value.length === 1) {
    const expr = value[0]!;
    return expr.name === 'YieldExpression' ? null : { unit, expr, iterate: false, path: [] };
  }
  // `a, b = x, y`: a literal tuple (starred items make positions unknown).
  if (value.some((n) => n.name === '*')) return null;
  return { items: value.map((expr) => ({ unit, expr, iterate: false, path: [] })) };
}

/** The value of element `index` of a tuple value. */
function elementRef(ref: ValueRef | null, index: number): ValueRef | null {
  if (!ref) return null;
  if ('items' in ref) return ref.items[index] ?? null;
  const { expr } = ref;
  if (!ref.iterate && ref.path.length === 0 && (expr.name === 'TupleExpression' || expr.name === 'ArrayExpression')) {
    const items = elementNodes(expr);
    if (items.some((n) => n.name === '*')) return null;
    const item = items[index];
    return item ? { unit: ref.unit, expr: item, iterate: false, path: [] } : null;
  }
  return { ...ref, path: [...ref.path, index] };
}
