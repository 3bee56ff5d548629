// The names a plain name may stand for through imports and aliases, for the engine's call name filter: a call
// `E(...)` may be a call of `Experiment` when anything binds `E` to it (`from azureml.core import Experiment as E`,
// `E = aml.Experiment`, `E = F` where `F` is one). Flow- and scope-insensitive on purpose: a superset of what
// name resolution (resolve.ts) can find, so filtering calls by these names never hides a call the model resolves.
import type { SyntaxNode } from '@lezer/common';
import type { BindingImpl } from './scope.js';

export class AliasNames {
  /** Name → the last part of what each of its import or alias bindings denotes (itself left out). */
  private readonly direct = new Map<string, Set<string>>();
  private readonly closed = new Map<string, readonly string[]>();

  constructor(bindings: readonly BindingImpl[]) {
    for (const { name, source } of bindings) {
      let target: string | null = null;
      if (source.kind === 'import') target = source.qname.slice(source.qname.lastIndexOf('.') + 1);
      // The aliases qnameOf follows: `x = <name or attribute>`, not unpacked or iterated.
      else if (source.kind === 'assign' && source.ref && 'expr' in source.ref && !source.ref.iterate && source.ref.path.length === 0) {
        target = lastName(source.ref.unit.text, source.ref.expr);
      }
      if (target === null || target === name) continue;
      const targets = this.direct.get(name);
      if (targets) targets.add(target);
      else this.direct.set(name, new Set([target]));
    }
  }

  /** Every name `name` may stand for, through any chain of aliases (without `name` itself). */
  of(name: string): readonly string[] {
    let out = this.closed.get(name);
    if (out) return out;
    const seen = new Set([name]);
    const pending = [name];
    while (pending.length > 0) {
      for (const target of this.direct.get(pending.pop()!) ?? []) {
        if (seen.has(target)) continue;
        seen.add(target);
        pending.push(target);
      }
    }
    seen.delete(name);
    this.closed.set(name, (out = [...seen]));
    return out;
  }
}

/** `b` of `a.b`, `b` of `b`, through parentheses; null for any other expression. */
function lastName(text: string, expr: SyntaxNode): string | null {
  let node: SyntaxNode | null = expr;
  while (node?.name === 'ParenthesizedExpression') node = node.firstChild?.nextSibling ?? null;
  if (node?.name === 'VariableName') return text.slice(node.from, node.to);
  const property = node?.name === 'MemberExpression' ? node.lastChild : null;
  return property?.name === 'PropertyName' ? text.slice(property.from, property.to) : null;
}
