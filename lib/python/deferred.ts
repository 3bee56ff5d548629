// Resolution of references inside functions, once the whole program has been walked: Python decides
// per function which names are local, and a function reads module names when it runs, not where it is defined.
import type { BindResult, Reference } from './bind-result.js';
import { innermostFunction, type BindingImpl, type Scope } from './scope.js';

export function resolveDeferred(r: BindResult): void {
  const byName = new Map<string, Reference[]>();
  for (const ref of r.references) {
    let list = byName.get(ref.name);
    if (!list) byName.set(ref.name, (list = []));
    list.push(ref);
  }
  const points = new Map<Scope, number>();
  const resolving = new Set<Scope>();

  /**
   * Where a top-level def (or class) "runs" for module lookups: the first later mention of its name
   * at module level, or the run point of the function that mentions it; the end of the program if none.
   */
  const runPoint = (top: Scope): number => {
    const known = points.get(top);
    if (known !== undefined) return known;
    let point = Infinity;
    const owner = top.owner;
    if (owner && !resolving.has(top)) {
      resolving.add(top);
      const refs = byName.get(owner.name) ?? [];
      for (let i = firstAfter(refs, owner.pos); i < refs.length; i++) {
        const ref = refs[i]!;
        const refTop = topScope(ref.scope);
        if (!refTop) {
          point = ref.pos;
          break;
        }
        if (refTop === top) continue;
        const p = runPoint(refTop);
        if (p !== Infinity) {
          point = p;
          break;
        }
      }
      resolving.delete(top);
    }
    points.set(top, point);
    return point;
  };

  for (const ref of r.references) {
    if (!ref.scope.inFunction) continue;
    ref.binding = lookupDeferred(ref, r.module, runPoint);
  }
}

/** The outermost non-module scope around `scope`, or null at module level. */
function topScope(scope: Scope): Scope | null {
  let top: Scope | null = null;
  for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) top = s;
  return top;
}

function lookupDeferred(ref: Reference, module: Scope, runPoint: (top: Scope) => number): BindingImpl | null {
  const own = innermostFunction(ref.scope);
  const isGlobal = own?.globals?.has(ref.name) ?? false;
  for (let s: Scope | null = isGlobal ? module : ref.scope; s; s = s.parent) {
    // Class bodies are not visible from the functions defined in them.
    if (s.kind === 'class' && s !== ref.scope) continue;
    const list = s.names.get(ref.name);
    if (!list?.length) continue;
    if (s === own) return latestBefore(list, ref.pos) ?? list[list.length - 1]!;
    if (s.kind === 'module') {
      const top = topScope(ref.scope);
      return latestBefore(list, top ? runPoint(top) : ref.pos) ?? list[list.length - 1]!;
    }
    return list[list.length - 1]!;
  }
  return null;
}

function latestBefore(list: BindingImpl[], pos: number): BindingImpl | null {
  return list[firstAfter(list, pos - 1) - 1] ?? null;
}

/** Index of the first item with `pos` greater than the given one (items sorted by pos). */
function firstAfter(list: readonly { pos: number }[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
