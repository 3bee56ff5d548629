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
export const MAX_CHANGED_LINES = 200;

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
  // Only the lines between the common first and last lines are diffed: a fix pass edits a few lines of a long
  // unit, and splitting and comparing all of them was most of the diff's cost. The minimal edit length, which
  // maxEditLength bounds, is the same without the common lines, so the diff gives up exactly when it did.
  const [head, tail] = commonLines(a, b);
  const [middleA, middleB] = [a.slice(head, a.length - tail), b.slice(head, b.length - tail)];
  // A few lines between are one changed range: far fewer than MAX_CHANGED_LINES, and not worth a diff call.
  if (lineCount(middleA) + lineCount(middleB) <= FEW_LINES) {
    return middleA === middleB ? [] : [{ fromA: head, toA: a.length - tail, fromB: head, toB: b.length - tail }];
  }
  const diff = diffLines(middleA, middleB, { maxEditLength: MAX_CHANGED_LINES });
  if (diff === undefined) return null;
  const ranges: ChangedRange[] = [];
  let posA = head;
  let posB = head;
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

/**
 * [head, tail]: the lengths of the longest common start and end of `a` and `b` made of whole lines (a line ends
 * after `\n`, as the line diff splits them), not overlapping.
 */
export function commonLines(a: string, b: string): [number, number] {
  const shorter = Math.min(a.length, b.length);
  const prefix = commonLength(a, b, shorter, (s, k) => s.slice(k, k + BLOCK), (s, k) => s.charCodeAt(k));
  const head = prefix === a.length && prefix === b.length ? prefix : prefix === 0 ? 0 : a.lastIndexOf('\n', prefix - 1) + 1;
  const fromEnd = (s: string, k: number) => s.length - k;
  const suffix = commonLength(a, b, shorter - head, (s, k) => s.slice(fromEnd(s, k) - BLOCK, fromEnd(s, k)), (s, k) => s.charCodeAt(fromEnd(s, k) - 1));
  // The common end starts after a line break that is itself common (so the same in both texts), or is empty.
  const lineEnd = suffix === 0 ? -1 : a.indexOf('\n', a.length - suffix);
  const tail = lineEnd < 0 ? 0 : a.length - lineEnd - 1;
  return [head, tail];
}

const BLOCK = 64;
const FEW_LINES = 16;

/** Lines as the line diff counts them: each ends after `\n`, and a last one may have no line break. */
function lineCount(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return text.length > 0 && !text.endsWith('\n') ? count + 1 : count;
}

/**
 * How many characters (up to `max`) `a` and `b` share, read by `block` (the BLOCK characters from the k-th on) and
 * then by `char`: comparing substrings is several times faster than a character loop, above all from the end.
 */
function commonLength(
  a: string,
  b: string,
  max: number,
  block: (s: string, k: number) => string,
  char: (s: string, k: number) => number,
): number {
  let k = 0;
  while (k + BLOCK <= max && block(a, k) === block(b, k)) k += BLOCK;
  while (k < max && char(a, k) === char(b, k)) k++;
  return k;
}
