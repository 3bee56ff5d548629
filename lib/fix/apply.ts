// One fix pass over a file's origin texts, with ESLint's SourceCodeFixer semantics: fixes in order of their
// first edit, each message's edits all or nothing, a fix that overlaps (or touches) one already taken waits for
// the next pass. Plus Ruff's lesson: an edit identical to one already taken (same cell, range and text) is
// shared, not a conflict, so twenty rewrites can share one `import mlflow` insertion. And fix groups
// (LintMessage.fixGroup) are all or nothing: a group is fixed in a pass only when every member's fix is applied.
import type { CellEdit, CellInsert, LintMessage, LoadedFile } from '../types.js';

export interface FixPassResult {
  /** cellIndex (-1 = the script) → new text, only for the texts that changed. */
  sources: Map<number, string>;
  insertCells: CellInsert[];
  appliedMessages: LintMessage[];
  remainingMessages: LintMessage[];
}

/**
 * `blockedGroups`: groups with a member the caller will not fix (suppressed, filtered out by fix type, in a
 * frozen cell); a member of `messages` without a fix blocks its group too.
 */
export function applyFixesOnce(
  file: LoadedFile,
  messages: LintMessage[],
  blockedGroups: ReadonlySet<string> = new Set(),
): FixPassResult {
  const hasFix = (m: LintMessage) => Boolean(m.fix && (m.fix.edits.length > 0 || m.fix.insertCells?.length));
  const withdrawn = new Set(blockedGroups);
  for (const m of messages) if (m.fixGroup !== undefined && !hasFix(m)) withdrawn.add(m.fixGroup);
  const fixable = messages.filter(hasFix);
  fixable.sort((a, b) => compareFirstEdit(a.fix!.edits, b.fix!.edits));

  // Withdrawing a group frees the ranges its taken members held, so the selection is redone until no
  // group loses a member to an overlap (each round withdraws at least one group: few rounds).
  let selection = select(fixable.filter((m) => m.fixGroup === undefined || !withdrawn.has(m.fixGroup)));
  while (selection.skippedGroups.size > 0) {
    for (const group of selection.skippedGroups) withdrawn.add(group);
    selection = select(fixable.filter((m) => m.fixGroup === undefined || !withdrawn.has(m.fixGroup)));
  }
  const { taken, insertCells, applied } = selection;

  const sources = new Map<number, string>();
  for (const [cellIndex, edits] of taken) {
    const before = cellIndex === -1 ? file.text : file.cells[cellIndex]?.source;
    if (before === undefined) throw new Error(`a fix edits cell ${cellIndex + 1}, which ${file.displayPath} does not have`);
    const after = applyEdits(before, edits);
    if (after !== before) sources.set(cellIndex, after);
  }
  return {
    sources,
    insertCells,
    appliedMessages: messages.filter((m) => applied.has(m)),
    remainingMessages: messages.filter((m) => !applied.has(m)),
  };
}

interface Selection {
  taken: Map<number, CellEdit[]>; // per cell, accepted edits, sorted by start (they never overlap nor touch)
  insertCells: CellInsert[];
  applied: Set<LintMessage>;
  /** Groups one of whose members was skipped for overlapping a fix taken before it. */
  skippedGroups: Set<string>;
}

/** Takes each fix, in order, unless it overlaps one already taken. */
function select(candidates: LintMessage[]): Selection {
  const selection: Selection = { taken: new Map(), insertCells: [], applied: new Set(), skippedGroups: new Set() };
  const { taken, insertCells, applied } = selection;
  for (const message of candidates) {
    const edits = message.fix!.edits;
    if (edits.some((edit) => conflicts(taken.get(edit.cellIndex), edit))) {
      if (message.fixGroup !== undefined) selection.skippedGroups.add(message.fixGroup);
      continue;
    }
    for (const edit of edits) {
      let list = taken.get(edit.cellIndex);
      if (!list) taken.set(edit.cellIndex, (list = []));
      const before = lastStartingBy(list, edit.end);
      if (before < 0 || !sameEdit(list[before], edit)) list.splice(before + 1, 0, edit);
    }
    for (const insert of message.fix!.insertCells ?? []) {
      if (!insertCells.some((i) => i.beforeCell === insert.beforeCell && i.source === insert.source)) insertCells.push(insert);
    }
    applied.add(message);
  }
  return selection;
}

function compareFirstEdit(a: CellEdit[], b: CellEdit[]): number {
  const x = firstEdit(a);
  const y = firstEdit(b);
  if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1); // cell-insert-only fixes last
  return x.cellIndex - y.cellIndex || x.start - y.start || x.end - y.end;
}

function firstEdit(edits: CellEdit[]): CellEdit | undefined {
  let first: CellEdit | undefined;
  for (const e of edits) {
    if (!first || e.cellIndex < first.cellIndex || (e.cellIndex === first.cellIndex && e.start < first.start)) first = e;
  }
  return first;
}

const sameEdit = (a: CellEdit, b: CellEdit) =>
  a.cellIndex === b.cellIndex && a.start === b.start && a.end === b.end && a.text === b.text;

/**
 * As ESLint, ranges that merely touch conflict too: their relative order would be ambiguous. Taken edits are
 * sorted and apart, so only the last one starting by `edit.end` can reach it (a binary search: thousands of
 * fixes in one cell cost n log n, not n²).
 */
function conflicts(taken: CellEdit[] | undefined, edit: CellEdit): boolean {
  const at = taken ? lastStartingBy(taken, edit.end) : -1;
  if (at < 0) return false;
  const other = taken![at];
  return !sameEdit(other, edit) && other.end >= edit.start;
}

/** The index of the last edit of `sorted` that starts at or before `pos`, or -1. */
function lastStartingBy(sorted: readonly CellEdit[], pos: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid].start <= pos) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** Applies non-overlapping edits (two insertions at one point keep their order). */
export function applyEdits(text: string, edits: readonly CellEdit[]): string {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order);
  let out = '';
  let pos = 0;
  for (const { edit } of sorted) {
    out += text.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + text.slice(pos);
}
