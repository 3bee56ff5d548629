// Turns a rule's TextEdits (unit coordinates) into CellEdits (origin coordinates), refusing any edit that
// would touch text the user did not write as Python (masked magics, synthetic prefixes), code in a unit that
// does not parse, and cells tagged `nblint-skip`.
import type { CellEdit, CellInsert, LintFix, LoadedFile, TextEdit, Unit } from '../types.js';
import { unitRangeToOrigin } from '../positions.js';
import { RuleDefinitionError } from './message-text.js';

export const SKIP_TAG = 'nblint-skip';

/** Flattens what a fix function returned (one edit, an array, any iterable, or null). */
export function collectEdits(result: TextEdit | Iterable<TextEdit> | null | undefined): TextEdit[] {
  if (result == null) return [];
  if (isTextEdit(result)) return [result];
  return [...result];
}

function isTextEdit(value: unknown): value is TextEdit {
  return typeof value === 'object' && value !== null && Array.isArray((value as TextEdit).range);
}

/** Why the engine dropped a rule's fix, ending the sentence "Not fixed automatically: ...". */
export type DropReason = string;

/**
 * The LintFix for these edits; when any edit is unsafe, the reason the whole fix is dropped (all or nothing);
 * null when there are no edits. `defaultUnit` is the unit of the report; an edit may name another unit of the
 * same program.
 */
export function toLintFix(ruleId: string, file: LoadedFile, defaultUnit: Unit, edits: TextEdit[]): LintFix | DropReason | null {
  if (edits.length === 0) return null;
  const cellEdits: CellEdit[] = [];
  const insertCells: CellInsert[] = [];
  for (const edit of edits) {
    if (edit.insertCellBefore !== undefined) {
      const before = edit.insertCellBefore;
      if (file.kind !== 'notebook') return 'the fix adds a notebook cell, and a script has none';
      if (!(Number.isInteger(before) && 0 <= before && before <= file.cells.length)) {
        throw new RuleDefinitionError(`rule '${ruleId}' inserts a cell before cell ${before}, which does not exist`);
      }
      insertCells.push({ beforeCell: before, cellType: 'code', source: edit.text });
      continue;
    }
    const unit = edit.unit ?? defaultUnit;
    const [start, end] = edit.range;
    if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= unit.text.length)) {
      throw new RuleDefinitionError(`rule '${ruleId}' produced an edit with an invalid range [${start}, ${end}]`);
    }
    if (edit.magicLine) {
      if (!withinOneMagicLine(unit, start, end, edit.text)) return MAGIC_LINE;
    } else {
      const touched = touchedProtectedRange(unit, start, end);
      if (touched) return unitRangeToOrigin(unit, touched[0], touched[1]) ? MAGIC_LINE : OUTSIDE_CODE;
      if (unit.hasErrors) return doesNotParse(unit, defaultUnit);
    }
    const origin = unitRangeToOrigin(unit, start, end);
    if (!origin) return OUTSIDE_CODE;
    if (unit.cellIndex >= 0 && file.cells[unit.cellIndex]?.tags.includes(SKIP_TAG)) {
      return `${unit === defaultUnit ? 'the cell' : `cell ${unit.cellIndex + 1}`} is tagged ${SKIP_TAG}`;
    }
    cellEdits.push({ cellIndex: unit.cellIndex, start: origin[0], end: origin[1], text: edit.text });
  }
  const fix: LintFix = { edits: sortAndCheck(ruleId, cellEdits) };
  if (insertCells.length > 0) fix.insertCells = insertCells;
  return fix;
}

const MAGIC_LINE: DropReason = 'the fix would edit a magic line';
// Synthetic text (an indented cell's block header) or a removed indentation: nothing in the cell to edit.
const OUTSIDE_CODE: DropReason = "the fix would edit text outside the cell's own code";

/** The reason for a fix in (or reaching into) code that does not parse. */
export function doesNotParse(unit: Unit, reportUnit: Unit = unit): DropReason {
  if (unit.cellIndex < 0) return 'this code does not parse';
  return `${unit === reportUnit ? 'this cell' : `cell ${unit.cellIndex + 1}`} does not parse`;
}

/**
 * A deliberate magic edit (fixer.editMagicLine) stays on its masked line: inside one protected range that
 * maps to text the user wrote (not a synthetic prefix), and neither the replaced text nor the new one breaks a line.
 */
function withinOneMagicLine(unit: Unit, start: number, end: number, text: string): boolean {
  if (/[\r\n]/.test(text) || /[\r\n]/.test(unit.text.slice(start, end))) return false;
  return unit.protectedRanges.some(([ps, pe]) => ps <= start && end <= pe && unitRangeToOrigin(unit, ps, pe) !== null);
}

/** Sorted edits without duplicates; overlapping edits in one fix are a rule bug (as in ESLint). */
function sortAndCheck(ruleId: string, edits: CellEdit[]): CellEdit[] {
  edits.sort((a, b) => a.cellIndex - b.cellIndex || a.start - b.start || a.end - b.end);
  const out: CellEdit[] = [];
  for (const edit of edits) {
    const prev = out[out.length - 1];
    if (prev && prev.cellIndex === edit.cellIndex) {
      if (prev.start === edit.start && prev.end === edit.end && prev.text === edit.text) continue;
      if (edit.start < prev.end) {
        throw new RuleDefinitionError(`rule '${ruleId}' produced overlapping edits in one fix`);
      }
    }
    out.push(edit);
  }
  return out;
}

/**
 * The protected range (masked magic, synthetic line) the edit would change, if any. An insertion exactly at
 * a protected range's edge is allowed only on a line boundary: otherwise it would extend the magic line.
 */
function touchedProtectedRange(unit: Unit, start: number, end: number): [number, number] | undefined {
  const text = unit.text;
  for (const range of unit.protectedRanges) {
    const [ps, pe] = range;
    if (start < pe && ps < end) return range;
    if (start === end) {
      if (ps < start && start < pe) return range;
      if (start === ps && ps > 0 && text[ps - 1] !== '\n') return range;
      if (start === pe && text[pe - 1] !== '\n') return range;
    }
  }
  return undefined;
}
