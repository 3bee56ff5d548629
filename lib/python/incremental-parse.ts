// Re-parsing a unit that a fix pass edited: lezer reuses the nodes of the unit's previous tree that lie outside
// the changed lines (TreeFragment), so a script is not parsed from scratch after every pass of --fix.
import { TreeFragment, type ChangedRange, type Tree } from '@lezer/common';
import { parseForFix } from './parsers.js';
import { diffLines } from 'diff';

/** A parser input and its tree. */
export interface Parsed {
  input: string;
  tree: Tree;
}

/**
 * Past this many changed lines the diff is abandoned and the text parsed from scratch: little of the old tree
 * would be reused, and the line diff's cost grows with the number of changes.
 */
const MAX_CHANGED_LINES = 200;

/** The tree of `input`, reusing `previous` where the text did not change; null when a full parse is the better buy. */
export function reparse(previous: Parsed, input: string): Tree | null {
  const changes = changedLines(previous.input, input);
  if (changes === null) return null;
  return parseForFix(input, TreeFragment.applyChanges(TreeFragment.addTree(previous.tree), changes));
}

/**
 * The ranges of whole lines that differ between `a` and `b` (a line diff), in both texts' offsets, in order.
 * Null when they share too little for an incremental parse to pay.
 */
export function changedLines(a: string, b: string): ChangedRange[] | null {
  const diff = diffLines(a, b, { maxEditLength: MAX_CHANGED_LINES });
  if (diff === undefined) return null;
  const ranges: ChangedRange[] = [];
  let posA = 0;
  let posB = 0;
  let open: ChangedRange | null = null;
  for (const change of diff) {
    const length = change.value.length;
    if (!change.added && !change.removed) {
      if (open) ranges.push(open);
      open = null;
      posA += length;
      posB += length;
      continue;
    }
    open ??= { fromA: posA, toA: posA, fromB: posB, toB: posB };
    if (change.removed) open.toA = posA += length;
    else open.toB = posB += length;
  }
  if (open) ranges.push(open);
  return ranges;
}
