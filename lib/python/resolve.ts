// Name resolution over a finished walk: the binding a VariableName reads, and qualified names.
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../types.js';
import type { BindResult } from './bind-result.js';
import { starImportedQname } from './imports.js';
import { posOf, type BindingImpl } from './scope.js';

/**
 * How many aliases and nested expressions resolution follows before giving up (the value or name is then unknown):
 * a repository's `r1 = run ... r1900 = r1899` must not overflow the stack.
 */
export const MAX_FOLLOW_DEPTH = 200;

/** Counts nested calls of one recursive walk; `run` answers null past MAX_FOLLOW_DEPTH instead of going deeper. */
export class DepthGuard {
  private depth = 0;

  run<T>(step: () => T | null): T | null {
    if (this.depth >= MAX_FOLLOW_DEPTH) return null;
    this.depth++;
    try {
      return step();
    } finally {
      this.depth--;
    }
  }
}

export class Resolver {
  private readonly qnames = new Set<BindingImpl>();
  private readonly guard = new DepthGuard();

  constructor(readonly r: BindResult) {}

  /** The binding a VariableName defines, or else the one it reads. */
  bindingOf(unit: Unit, node: SyntaxNode): BindingImpl | null {
    const info = this.r.units.get(unit);
    if (!info) return null;
    return info.defs.get(node.from) ?? info.refs.get(node.from)?.binding ?? null;
  }

  /**
   * The binding a VariableName reads (for `x += 1`, the previous one). A fallback bound in an import guard's
   * handler (`try: from azureml.core import Run` / `except ImportError: Run = None`) reads as the import: the
   * code after the guard is written for the module, the fallback only keeps it from failing without it.
   */
  readOf(unit: Unit, node: SyntaxNode): BindingImpl | null {
    const binding = this.r.units.get(unit)?.refs.get(node.from)?.binding ?? null;
    return binding ? (guardedImportOf(binding) ?? binding) : null;
  }

  /**
   * The dotted name an expression denotes through imports: `aml.Experiment` with `import azureml.core as aml`
   * gives 'azureml.core.Experiment'; plain aliases (`R = Run`) are followed. Null when not an import path.
   */
  qnameOf(unit: Unit, node: SyntaxNode): string | null {
    return this.guard.run(() => this.qnameAt(unit, node));
  }

  private qnameAt(unit: Unit, node: SyntaxNode): string | null {
    if (node.name === 'VariableName') {
      const binding = this.readOf(unit, node);
      if (!binding) return this.starImported(unit, node);
      const source = binding.source;
      if (source.kind === 'import') return source.qname;
      if (source.kind !== 'assign' || !source.ref || !('expr' in source.ref)) return null;
      const ref = source.ref;
      if (ref.iterate || ref.path.length || this.qnames.has(binding)) return null;
      this.qnames.add(binding); // guards `a = a.b` cycles
      try {
        return this.qnameOf(ref.unit, ref.expr);
      } finally {
        this.qnames.delete(binding);
      }
    }
    if (node.name === 'MemberExpression') {
      const property = node.lastChild;
      const object = node.firstChild;
      if (property?.name !== 'PropertyName' || !object) return null;
      const base = this.qnameOf(unit, object);
      return base === null ? null : `${base}.${unit.text.slice(property.from, property.to)}`;
    }
    if (node.name === 'ParenthesizedExpression') {
      const inner = node.firstChild?.nextSibling;
      return inner ? this.qnameOf(unit, inner) : null;
    }
    return null;
  }

  /** An unbound name brought in by an earlier `from azureml.core import *`. */
  private starImported(unit: Unit, node: SyntaxNode): string | null {
    const info = this.r.units.get(unit);
    if (!info || !this.r.starImports.length) return null;
    const pos = posOf(info.index, node.from);
    const name = unit.text.slice(node.from, node.to);
    for (const star of this.r.starImports) {
      if (star.pos > pos) break;
      const qname = starImportedQname(star.module, name);
      if (qname) return qname;
    }
    return null;
  }
}

/** The import a fallback binding stands in for: the name's previous binding, an import in the same try's body. */
function guardedImportOf(binding: BindingImpl): BindingImpl | null {
  if (binding.source.kind !== 'assign') return null;
  const handler = handlerBodyOf(binding.node);
  const tryBody = handler?.parent?.getChild('Body');
  if (!handler || !tryBody) return null;
  const list = binding.scope.names.get(binding.name) ?? [];
  const previous = list[list.indexOf(binding) - 1];
  if (previous?.source.kind !== 'import' || previous.unit !== binding.unit) return null;
  return tryBody.from <= previous.node.from && previous.node.to <= tryBody.to ? previous : null;
}

/** The `except` clause body of a try statement directly holding `node` (nested blocks excluded); else null. */
function handlerBodyOf(node: SyntaxNode): SyntaxNode | null {
  let body = node.parent;
  while (body && body.name !== 'Body') body = body.type.is('Statement') || body.name === 'AssignStatement' ? body.parent : null;
  if (body?.parent?.name !== 'TryStatement') return null;
  for (let keyword = body.prevSibling; keyword; keyword = keyword.prevSibling) {
    if (keyword.name === 'Body') return null;
    if (keyword.name === 'except') return body;
  }
  return null;
}
