// What the type guesser knows about a value: a scalar, a container of known element types, an argparse
// Namespace, or unknown (with where the doubt comes from, for messages). Rules see only the public ValueType.
import type { SyntaxNode } from '@lezer/common';
import type { Unit, ValueSource, ValueType } from '../types.js';

export type Scalar = 'number' | 'bool' | 'string' | 'none';

export type Shape =
  | Scalar
  /** A list, set, generator or tuple of unknown length; `of` null when it has no element (`[]`). */
  | { kind: 'list'; of: Shape | null }
  | { kind: 'tuple'; items: Shape[] }
  /** `fields`: the type of each literal string key, when every key is one (`{"acc": 0.9}`, `vars(args)`). */
  | { kind: 'dict'; key: Shape | null; value: Shape | null; fields: Map<string, Shape> | null }
  /** An argparse Namespace: one field per declared argument. */
  | { kind: 'namespace'; fields: Map<string, Shape> }
  | Unknown;

export interface Unknown {
  kind: 'unknown';
  /** The expression the doubt comes from; filled in by the guesser where it first appears. */
  from: { unit: Unit; node: SyntaxNode } | null;
  /** Why, when the expression's text does not say it (argparse: "None when --lr is not given"). */
  note: string | null;
}

export const UNKNOWN: Unknown = Object.freeze({ kind: 'unknown', from: null, note: null }) as Unknown;

export function unknown(note: string | null = null, from: Unknown['from'] = null): Unknown {
  return { kind: 'unknown', from, note };
}

/** The note of a value that is None on some path and something else on another. */
export const MAY_BE_NONE = 'it may be None';

export const listOf = (of: Shape | null): Shape => ({ kind: 'list', of });

const isScalar = (s: Shape): s is Scalar => typeof s === 'string';

/** The type of a value that is either `a` or `b`; two different kinds are unknown. */
export function union(a: Shape | null, b: Shape | null): Shape | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if (!isScalar(a) && a.kind === 'unknown') return a;
  if (!isScalar(b) && b.kind === 'unknown') return b;
  if (isScalar(a) || isScalar(b)) {
    const none = a === 'none' || b === 'none';
    return unknown(none ? MAY_BE_NONE : 'it holds values of different types');
  }
  if (a.kind === 'list' && b.kind === 'list') return listOf(union(a.of, b.of));
  if (a.kind === 'tuple' && b.kind === 'tuple' && a.items.length === b.items.length) {
    return { kind: 'tuple', items: a.items.map((item, i) => union(item, b.items[i]!)!) };
  }
  if (a.kind === 'dict' && b.kind === 'dict') return { kind: 'dict', key: union(a.key, b.key), value: union(a.value, b.value), fields: null };
  return unknown('it holds values of different types');
}

/** The type of an element when iterating a value of this type (`for x in v`). */
export function elementOf(shape: Shape | null): Shape | null {
  if (shape === null) return null;
  if (shape === 'string') return 'string';
  if (isScalar(shape)) return UNKNOWN;
  switch (shape.kind) {
    case 'list':
      return shape.of;
    case 'tuple':
      return shape.items.reduce<Shape | null>((all, item) => union(all, item), null);
    case 'dict':
      return shape.key;
    default:
      return UNKNOWN;
  }
}

/** The type of `value[index]` in an unpacking (`a, b = value`): a tuple's item, or a list's element. */
export function itemOf(shape: Shape | null, index: number): Shape | null {
  if (shape !== null && !isScalar(shape)) {
    if (shape.kind === 'tuple') return shape.items[index] ?? UNKNOWN;
    if (shape.kind === 'list') return shape.of;
  }
  return UNKNOWN;
}

/** The dict of a Namespace's fields (`vars(args)`). */
export function namespaceDict(fields: Map<string, Shape>): Shape {
  let value: Shape | null = null;
  for (const field of fields.values()) value = union(value, field);
  return { kind: 'dict', key: 'string', value, fields };
}

export function isUnknown(shape: Shape | null): shape is Unknown {
  return shape !== null && !isScalar(shape) && shape.kind === 'unknown';
}

/** What rules see: a scalar type, else 'unknown'. */
export function publicType(shape: Shape | null): ValueType {
  return shape === 'number' || shape === 'bool' || shape === 'string' ? shape : 'unknown';
}

/** For a value that is not a known number, bool or string: what it is, and where it comes from. */
export function sourceOf(shape: Shape | null, unit: Unit, node: SyntaxNode): ValueSource | null {
  if (shape === 'number' || shape === 'bool' || shape === 'string') return null;
  if (shape === null || shape === 'none') return { unit, node, known: 'none', note: null };
  switch (shape.kind) {
    case 'unknown': {
      const from = shape.from ?? { unit, node };
      return { unit: from.unit, node: from.node, known: 'unknown', note: shape.note };
    }
    case 'list':
    case 'tuple':
      return { unit, node, known: 'list', note: null };
    default:
      return { unit, node, known: 'dict', note: null };
  }
}
