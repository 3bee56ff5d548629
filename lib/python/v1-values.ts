// What v1 object an expression evaluates to, by data flow (migration-map.md "How v1 code gets its objects").
import type { SyntaxNode } from '@lezer/common';
import type { RunKind, Unit, V1Class, V1Value } from '../types.js';
import { argumentFor, elementNodes } from './nodes.js';
import { classifyQname } from './imports.js';
import { DepthGuard, type Resolver } from './resolve.js';
import type { BindingImpl, Scope, ValueRef } from './scope.js';

/**
 * A v1 object, or a sequence of them (a tuple with known items, or a collection of one element kind), or a v1
 * run configuration (what `submit()` takes; not a V1Value: rules never ask about it).
 */
export type Val = V1Value | Made | { kind: 'seq'; items?: (Val | null)[]; of?: Val | null } | RunConfig;

type RunConfig = { kind: 'config' };

/** The call that made a v1 object (Model.v1OriginOf). */
export interface Origin {
  unit: Unit;
  node: SyntaxNode;
}

/** An experiment, interactive run or child run, with the one call that made it. */
type Made = V1Value & { origin: Origin };

const WORKSPACE: V1Value = Object.freeze({ kind: 'workspace' });
const EXPERIMENT: V1Value = Object.freeze({ kind: 'experiment' });
const RUNS: Record<RunKind, V1Value> = {
  interactive: Object.freeze({ kind: 'run', runKind: 'interactive' }),
  context: Object.freeze({ kind: 'run', runKind: 'context' }),
  remote: Object.freeze({ kind: 'run', runKind: 'remote' }),
  child: Object.freeze({ kind: 'run', runKind: 'child' }),
  parent: Object.freeze({ kind: 'run', runKind: 'parent' }),
  unknown: Object.freeze({ kind: 'run', runKind: 'unknown' }),
};
const seqOf = (of: Val): Val => ({ kind: 'seq', of });
const RUN_CONFIG: RunConfig = Object.freeze({ kind: 'config' });

/**
 * Classes whose objects `experiment.submit()` turns into a run: ScriptRunConfig, the estimators (`Estimator`,
 * `PyTorch`, `TensorFlow`, `SKLearn`, `Chainer`), `AutoMLConfig`, `HyperDriveConfig` and pipelines.
 */
const RUN_CONFIG_CLASS = /^(ScriptRunConfig|\w*Estimator|PyTorch|TensorFlow|SKLearn|Chainer|AutoMLConfig|HyperDriveConfig|Pipeline)$/;

/** Static methods of the v1 classes that return v1 objects. */
const CLASS_METHODS: Partial<Record<V1Class, Record<string, Val>>> = {
  Workspace: { from_config: WORKSPACE, get: WORKSPACE, create: WORKSPACE },
  // get_submitted_run: the pre-release name of get_context.
  Run: { get_context: RUNS.context, get_submitted_run: RUNS.context, get: RUNS.remote, list: seqOf(RUNS.remote) },
  Experiment: { from_directory: EXPERIMENT, list: seqOf(EXPERIMENT) },
};

/** Methods of v1 objects that return v1 objects. */
const METHODS: Record<V1Value['kind'], Record<string, Val>> = {
  workspace: { get_run: RUNS.remote },
  experiment: { start_logging: RUNS.interactive, submit: RUNS.remote, get_runs: seqOf(RUNS.remote) },
  run: {
    child_run: RUNS.child,
    create_children: seqOf(RUNS.child),
    get_children: seqOf(RUNS.child),
    get_best_child: RUNS.remote,
    get_best_run_by_primary_metric: RUNS.remote,
    submit_child: RUNS.remote,
    // AutoML: `best_run, fitted_model = automl_run.get_output()`.
    get_output: { kind: 'seq', items: [RUNS.remote, null] },
  },
};

/** Attributes of v1 objects that are v1 objects. */
const ATTRIBUTES: Record<V1Value['kind'], Record<string, Val>> = {
  workspace: { experiments: seqOf(EXPERIMENT) },
  experiment: { workspace: WORKSPACE },
  run: { experiment: EXPERIMENT, parent: RUNS.parent },
};

export function toPublic(val: Val | null): V1Value | null {
  if (!val || val.kind === 'seq' || val.kind === 'config') return null;
  if (!('origin' in val)) return val;
  return val.kind === 'run' ? RUNS[val.runKind ?? 'unknown'] : EXPERIMENT;
}

/** Remembers the call for the objects whose migration depends on where they were made. */
function madeBy(value: Val | null, unit: Unit, call: SyntaxNode): Val | null {
  if (!value || value.kind === 'seq' || value.kind === 'config') return value;
  const made = value.kind === 'experiment' || value.runKind === 'interactive' || value.runKind === 'child';
  return made ? { ...value, origin: { unit, node: call } } : value;
}

export class V1Evaluator {
  private readonly bindingMemo = new Map<BindingImpl, Val | null>();
  private readonly returnMemo = new Map<Scope, Val | null>();
  private readonly inProgress = new Set<object>();
  private readonly guard = new DepthGuard();

  constructor(private readonly resolver: Resolver) {}

  classOf(unit: Unit, node: SyntaxNode): V1Class | null {
    const qname = this.resolver.qnameOf(unit, node);
    return qname === null ? null : classifyQname(qname);
  }

  /** The call that made the experiment or interactive/child run `node` evaluates to, or null. */
  originOf(unit: Unit, node: SyntaxNode): Origin | null {
    const value = this.valueOf(unit, node);
    return value && 'origin' in value ? value.origin : null;
  }

  valueOf(unit: Unit, node: SyntaxNode): Val | null {
    // Alias chains (`r2 = r1`, ...) and nested expressions are followed to a fixed depth: past it the value is
    // unknown (never fixed as a run), and the stack stays bounded whatever the code's depth.
    return this.guard.run(() => this.valueAt(unit, node));
  }

  private valueAt(unit: Unit, node: SyntaxNode): Val | null {
    switch (node.name) {
      case 'VariableName': {
        const binding = this.resolver.readOf(unit, node);
        return binding ? this.bindingValue(binding) : null;
      }
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner ? this.valueOf(unit, inner) : null;
      }
      case 'CallExpression':
        return this.callValue(unit, node);
      case 'MemberExpression':
        return this.memberValue(unit, node);
      case 'ConditionalExpression': {
        // `a if c else b`: either branch may be the run.
        const first = node.firstChild;
        const last = node.lastChild;
        return (first && this.valueOf(unit, first)) ?? (last && this.valueOf(unit, last)) ?? null;
      }
      case 'BinaryExpression': {
        // `run = run or Run.get_context()`.
        const op = node.firstChild?.nextSibling?.name;
        if (op !== 'or' && op !== 'and') return null;
        const left = node.firstChild!;
        const right = node.lastChild!;
        return this.valueOf(unit, left) ?? this.valueOf(unit, right);
      }
      case 'TupleExpression':
      case 'ArrayExpression': {
        const items = elementNodes(node);
        if (items.some((n) => n.name === '*')) return null;
        return { kind: 'seq', items: items.map((n) => this.valueOf(unit, n)) };
      }
      default:
        return null;
    }
  }

  bindingValue(binding: BindingImpl): Val | null {
    if (this.bindingMemo.has(binding)) return this.bindingMemo.get(binding)!;
    if (this.inProgress.has(binding)) return null;
    this.inProgress.add(binding);
    const source = binding.source;
    let value: Val | null = null;
    if (source.kind === 'assign') value = this.refValue(source.ref);
    else if (source.kind === 'param') value = this.paramValue(binding, source.fn, source.index);
    this.inProgress.delete(binding);
    this.bindingMemo.set(binding, value);
    return value;
  }

  private refValue(ref: ValueRef | null): Val | null {
    if (!ref) return null;
    if ('items' in ref) return { kind: 'seq', items: ref.items.map((item) => this.refValue(item)) };
    let value = ref.iterate ? this.elementOf(ref.unit, ref.expr) : this.valueOf(ref.unit, ref.expr);
    for (const index of ref.path) value = itemOf(value, index);
    return value;
  }

  /** One element of an iterated expression (`for r in exp.get_runs()`, `enumerate(children)`). */
  private elementOf(unit: Unit, expr: SyntaxNode): Val | null {
    if (expr.name === 'CallExpression') {
      const callee = expr.firstChild!;
      const builtin = callee.name === 'VariableName' && !this.resolver.readOf(unit, callee);
      const name = builtin ? unit.text.slice(callee.from, callee.to) : '';
      const firstArg = expr.lastChild?.firstChild?.nextSibling;
      if ((name === 'enumerate' || name === 'list' || name === 'reversed' || name === 'sorted') && firstArg) {
        const element = this.elementOf(unit, firstArg);
        return name === 'enumerate' ? { kind: 'seq', items: [null, element] } : element;
      }
    }
    const value = this.valueOf(unit, expr);
    return value?.kind === 'seq' ? (value.of ?? null) : null;
  }

  private callValue(unit: Unit, call: SyntaxNode): Val | null {
    const callee = call.firstChild!;
    const cls = this.classOf(unit, callee);
    if (cls) return madeBy(constructed(cls, this.resolver.qnameOf(unit, callee)!), unit, call);
    if (callee.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName') {
      const receiver = callee.firstChild!;
      const method = unit.text.slice(callee.lastChild.from, callee.lastChild.to);
      const receiverClass = this.classOf(unit, receiver);
      if (receiverClass) return CLASS_METHODS[receiverClass]?.[method] ?? null;
      const receiverValue = this.valueOf(unit, receiver);
      // `experiment.submit(config)` with a v1 configuration is a run even when `experiment` is not known (a parameter).
      if (method === 'submit' && receiverValue?.kind !== 'experiment') return this.submitsRunConfig(unit, call) ? RUNS.remote : null;
      if (!receiverValue || receiverValue.kind === 'seq' || receiverValue.kind === 'config') return null;
      return madeBy(METHODS[receiverValue.kind][method] ?? null, unit, call);
    }
    if (callee.name === 'VariableName') {
      const binding = this.resolver.readOf(unit, callee);
      if (binding?.source.kind === 'def') return this.returnValue(binding.source.scope);
    }
    return null;
  }

  /** Whether the call's configuration (first positional or `config=`) is a v1 run configuration. */
  private submitsRunConfig(unit: Unit, call: SyntaxNode): boolean {
    const config = argumentFor(call, unit.text, 'config', 0);
    return config !== null && this.valueOf(unit, config)?.kind === 'config';
  }

  private memberValue(unit: Unit, node: SyntaxNode): Val | null {
    const object = node.firstChild!;
    const last = node.lastChild!;
    const value = this.valueOf(unit, object);
    if (!value || value.kind === 'config') return null;
    if (last.name === 'PropertyName') {
      if (value.kind === 'seq') return null;
      return ATTRIBUTES[value.kind][unit.text.slice(last.from, last.to)] ?? null;
    }
    // A subscript: `children[0]`, `automl_run.get_output()[0]`, `ws.experiments['name']`.
    if (value.kind !== 'seq') return null;
    const index = object.nextSibling?.nextSibling;
    if (value.items) {
      const n = index?.name === 'Number' ? Number(unit.text.slice(index.from, index.to)) : NaN;
      return Number.isInteger(n) ? (value.items[n] ?? null) : null;
    }
    return value.of ?? null;
  }

  /** The v1 value a function returns: the first `return` that gives one. */
  private returnValue(fn: Scope): Val | null {
    if (this.returnMemo.has(fn)) return this.returnMemo.get(fn)!;
    if (this.inProgress.has(fn)) return null;
    this.inProgress.add(fn);
    let value: Val | null = null;
    for (const ret of fn.returns) {
      value = this.valueOf(ret.unit, ret.node);
      if (value) break;
    }
    this.inProgress.delete(fn);
    this.returnMemo.set(fn, value);
    return value;
  }

  /**
   * A parameter holds a v1 object when every call of its function passes the same kind of one
   * (`def train(run): ...` called as `train(run)`); calls are found through the def's references.
   */
  private paramValue(param: BindingImpl, fn: Scope, index: number): Val | null {
    const def = fn.owner;
    if (!def || def.scope.kind === 'class') return null; // methods: `self` shifts positions
    let agreed: Val | null = null;
    let calls = 0;
    for (const ref of def.references) {
      const call = ref.node.parent;
      if (call?.name !== 'CallExpression' || call.firstChild?.from !== ref.node.from) continue;
      const arg = argumentFor(call, ref.unit.text, param.name, index);
      const value = arg ? this.valueOf(ref.unit, arg) : null;
      if (!value || value.kind === 'seq') return null;
      if (agreed && (agreed.kind !== value.kind || (agreed.kind === 'run' && value.kind === 'run' && agreed.runKind !== value.runKind))) {
        return null;
      }
      agreed = value;
      calls++;
    }
    return calls ? agreed : null;
  }
}

function itemOf(value: Val | null, index: number): Val | null {
  if (value?.kind !== 'seq') return null;
  return value.items ? (value.items[index] ?? null) : null;
}

/** What calling a v1 class gives: `Workspace(...)`, `Experiment(ws, name)`, `Run(exp, run_id)`, `AutoMLRun(exp, id)`. */
function constructed(cls: V1Class, qname: string): Val | null {
  switch (cls) {
    case 'Workspace':
      return WORKSPACE;
    case 'Experiment':
      return EXPERIMENT;
    case 'Run':
      return RUNS.remote;
    case 'ScriptRunConfig':
      return RUN_CONFIG;
    case 'Other': {
      const name = qname.slice(qname.lastIndexOf('.') + 1);
      if (/Run$/.test(name)) return RUNS.remote;
      return RUN_CONFIG_CLASS.test(name) ? RUN_CONFIG : null;
    }
    default:
      return null;
  }
}
