// The multipass fixer (design.md "fixer"): ESLint's loop (lint, apply the non-overlapping fixes, re-lint,
// up to 10 passes) plus Ruff's two lessons: identical edits apply once (applyFixesOnce), and a pass that
// turns a parseable cell or script into an unparseable one is not kept. Cycles stop the loop; the messages
// returned always come from linting the final text.
import type { CellInsert, LintMessage, LintResult, LoadedFile, Program, ProjectModel, ResolvedConfig, Unit } from '../types.js';
import { lintFile, type ProgramsOfFile } from '../engine/linter.js';
import { loadRewritten, loadText } from '../notebook/load.js';
import { buildPrograms } from '../programs/build.js';
import { parseUnit, withParseCache } from '../python/parse.js';
import { applyFixesOnce, type FixPassResult } from './apply.js';
import { renderFixed } from './writer.js';
import { MAX_CELLS } from '../limits.js';

export const MAX_PASSES = 10;

/** ESLint's --fix-type values; 'directive' is the type of problems without a rule (ruleId null). */
export type FixType = 'problem' | 'suggestion' | 'layout' | 'directive';

export interface FixOptions {
  /** Only fixes of rules of these types; all when absent. */
  fixTypes?: readonly string[];
  /** The run's project model (the dependency rule asks it about jobs); a file on its own gets one over itself. */
  project?: ProjectModel;
  /** The most cells a fixed notebook may have (MAX_CELLS; tests lower it rather than build 100,000 cells). */
  maxCells?: number;
}

export interface FixFileResult {
  /** The fixed text (the original text when nothing changed). */
  output: string;
  /** The fixed text as loaded (the messages' positions are in it): no caller needs to load `output` again. */
  file: LoadedFile;
  changed: boolean;
  /** Problems of the final text (re-linted after the last pass). */
  messages: LintMessage[];
  /** Problems of the final text silenced by a directive or an nblint-skip cell. */
  suppressedMessages: LintResult['suppressedMessages'];
  /** Passes that changed the text. */
  passes: number;
  /** How many problems had their fix applied, over all passes. */
  fixedCount: number;
  /** For each cell of the output, the index of the input cell it was (null: a cell the fixes inserted). */
  cellOrigins: (number | null)[];
  /** Why some fixes were not applied: a cell they would have broken, a cycle. */
  reverted?: string[];
}

export function fixFile(file: LoadedFile, config: ResolvedConfig, opts: FixOptions = {}): FixFileResult {
  // Every pass re-lints the file: a unit whose text a pass did not change is not parsed again.
  return withParseCache(() => fixPasses(file, config, opts));
}

function fixPasses(file: LoadedFile, config: ResolvedConfig, opts: FixOptions): FixFileResult {
  const wanted = opts.fixTypes ? new Set(opts.fixTypes) : null;
  const typeOf = (message: LintMessage): string =>
    message.ruleId === null ? 'directive' : (config.ruleDefinitions[message.ruleId]?.meta.type ?? 'problem');

  let current = file;
  // The programs each lint built: the next pass compares its edited units with them, and lints the programs it built.
  const originalPrograms: ProgramsOfFile = {};
  let programs = originalPrograms;
  const original = lintFile(current, config, opts.project, originalPrograms);
  let lint = original;
  let messages = lint.messages;
  let frozen = new Set<number>(); // cells (or -1, the script) whose fixes would break them
  const seen = new Set([file.text]);
  const notes: string[] = [];
  let passes = 0;
  let fixedCount = 0;
  let cellOrigins: (number | null)[] = file.cells.map((_, index) => index);

  // A rule's fatal problem (it crashed on the file) means its problems are unknown: nothing is fixed. A cell that does
  // not parse (a Parsing error, no rule) only keeps fixes out of that cell, which the engine already does.
  while (passes < MAX_PASSES && !hasRuleCrash(messages)) {
    const candidates = messages.filter((m) => m.fix !== undefined && (wanted === null || wanted.has(typeOf(m))));
    // A group member that will not be fixed (suppressed, no fix, another fix type) keeps its whole group unfixed.
    const chosen = new Set(candidates);
    const blocked = groupsOf([...lint.suppressedMessages, ...messages.filter((m) => !chosen.has(m))]);
    const pass = applySafePass(current, programs, candidates, blocked, config, frozen, notes, opts.maxCells ?? MAX_CELLS);
    if (pass === null) {
      // None of these fixes could be applied (held back: past the cell limit, breaking a cell, a blocked group),
      // and another --fix would hold them back the same way: they are not "fixable" in the summary.
      messages = messages.map((m) => (chosen.has(m) ? withoutFix(m) : m));
      break;
    }
    if (seen.has(pass.file.text)) {
      notes.push(`fixes cycle back to an earlier text after ${passes + 1} passes; stopped there`);
      break;
    }
    seen.add(pass.file.text);
    frozen = shiftedIndices(frozen, pass.result.insertCells);
    cellOrigins = withInsertedCells(cellOrigins, pass.result.insertCells);
    fixedCount += pass.result.appliedMessages.length;
    current = pass.file;
    programs = { programs: pass.programs };
    passes++;
    lint = lintFile(current, config, opts.project, programs);
    messages = lint.messages;
    if (hasRuleCrash(messages) || lint.notLinted !== undefined) {
      notes.push(lint.notLinted ? 'the fixed text would have too much code to parse; no fix was kept' : 'a rule crashed on the partly fixed text; no fix was kept');
      // Another --fix would end the same way: the original problems are reported, not as fixable.
      [current, lint, messages, programs] = [file, original, original.messages.map(withoutFix), originalPrograms];
      [passes, fixedCount, cellOrigins] = [0, 0, file.cells.map((_, index) => index)];
      break;
    }
  }
  const { suppressedMessages } = lint;
  const changed = current.text !== file.text;
  const result: FixFileResult = { output: current.text, file: current, changed, messages, suppressedMessages, passes, fixedCount, cellOrigins };
  if (notes.length > 0) result.reverted = notes;
  return result;
}

/**
 * One pass. When a fix would make a parseable cell unparseable, that cell is frozen (its fixes are left
 * unapplied, now and in later passes, together with every fix that also edits it) and the pass is redone.
 * Null when nothing is left to apply.
 */
function applySafePass(
  file: LoadedFile,
  built: ProgramsOfFile,
  candidates: LintMessage[],
  blockedGroups: ReadonlySet<string>,
  config: ResolvedConfig,
  frozen: Set<number>,
  notes: string[],
  maxCells: number,
): { file: LoadedFile; programs: Program[]; result: FixPassResult } | null {
  let noNewCells = false;
  for (;;) {
    const inFrozenCell = (m: LintMessage) => m.fix!.edits.some((edit) => frozen.has(edit.cellIndex));
    // A fix that adds a cell is held back (its whole group with it) when noNewCells, see below.
    const addsCell = (m: LintMessage) => noNewCells && (m.fix!.insertCells?.length ?? 0) > 0;
    const held = (m: LintMessage) => inFrozenCell(m) || addsCell(m);
    const allowed = candidates.filter((m) => !held(m));
    if (allowed.length === 0) return null;
    const blocked = new Set([...blockedGroups, ...groupsOf(candidates.filter(held))]);
    const result = applyFixesOnce(file, allowed, blocked);
    if (file.cells.length + result.insertCells.length > maxCells) {
      // The fixed notebook must stay loadable: past the documented cell limit it would be refused from then on.
      const note = `a fix that adds a cell was not applied: the notebook would have more than ${maxCells} cells, the limit past which it is not linted`;
      if (!notes.includes(note)) notes.push(note);
      noNewCells = true;
      continue;
    }
    if (result.sources.size === 0 && result.insertCells.length === 0) return null;
    const text = renderFixed(file, result.sources, result.insertCells);
    // Without a new cell, only the rewritten sources are scanned again (loadRewritten); a new cell: the whole text.
    const reloaded =
      result.insertCells.length === 0 ? loadRewritten(file, text, result.sources) : loadText(text, file.path, file.displayPath);
    if (!reloaded.ok) {
      // The writer produced something the loader rejects: never keep it.
      notes.push(`internal: a fix pass produced an unreadable file (${reloaded.message}); fixing stopped`);
      return null;
    }
    built.programs ??= buildPrograms(file, config.settings);
    const programs = buildPrograms(reloaded.file, config.settings);
    const broken = newlyBrokenUnits(built.programs, programs, result);
    if (broken.length === 0) return { file: reloaded.file, programs, result };
    for (const cellIndex of broken) {
      frozen.add(cellIndex);
      const where = cellIndex === -1 ? 'the script' : `cell ${cellIndex + 1}`;
      notes.push(`fixes for ${where} were not applied: they would make it unparseable`);
    }
  }
}

function withoutFix(message: LintMessage): LintMessage {
  const { fix: _held, ...rest } = message;
  return rest;
}

const hasRuleCrash = (messages: readonly LintMessage[]): boolean => messages.some((m) => m.fatal === true && m.ruleId !== null);

function groupsOf(messages: readonly LintMessage[]): Set<string> {
  const groups = new Set<string>();
  for (const m of messages) if (m.fixGroup !== undefined) groups.add(m.fixGroup);
  return groups;
}

/** Changed cells (old indices) that parsed before the pass and do not after it, from the programs before and after it. */
function newlyBrokenUnits(before: readonly Program[], after: readonly Program[], pass: FixPassResult): number[] {
  const changed = [...pass.sources.keys()];
  const newIndex = (index: number): number => (index === -1 ? -1 : shiftIndex(index, pass.insertCells));
  const unitsBefore = unitsByCell(before, new Set(changed));
  const unitsAfter = unitsByCell(after, new Set(changed.map(newIndex)));
  return changed.filter((index) => {
    const old = unitsBefore.get(index) ?? [];
    const now = unitsAfter.get(newIndex(index)) ?? [];
    for (const unit of old) parseUnit(unit);
    // The i-th unit of a cell is re-parsed from its tree before the edit (a wrong pairing only costs reuse).
    now.forEach((unit, i) => parseUnit(unit, old[i]));
    return !old.some((unit) => unit.hasErrors) && now.some((unit) => unit.hasErrors);
  });
}

/** The parse units of the wanted cells (or -1, the script), in program order. */
function unitsByCell(programs: readonly Program[], cells: Set<number>): Map<number, Unit[]> {
  const units = new Map<number, Unit[]>();
  for (const program of programs) {
    for (const unit of program.units) {
      if (!cells.has(unit.cellIndex)) continue;
      const list = units.get(unit.cellIndex);
      if (list) list.push(unit);
      else units.set(unit.cellIndex, [unit]);
    }
  }
  return units;
}

/** The index a cell has once `inserts` are in place (each goes before the cell it names). */
function shiftIndex(index: number, inserts: readonly CellInsert[]): number {
  return index + inserts.filter((insert) => insert.beforeCell <= index).length;
}

function shiftedIndices(indices: Set<number>, inserts: readonly CellInsert[]): Set<number> {
  return new Set([...indices].map((index) => (index === -1 ? -1 : shiftIndex(index, inserts))));
}

/** `origins` (one entry per cell) once `inserts` are in place: each new cell goes before the cell it names. */
function withInsertedCells(origins: (number | null)[], inserts: readonly CellInsert[]): (number | null)[] {
  if (inserts.length === 0) return origins;
  const out: (number | null)[] = [];
  origins.forEach((origin, index) => {
    for (const insert of inserts) if (insert.beforeCell === index) out.push(null);
    out.push(origin);
  });
  for (const insert of inserts) if (insert.beforeCell >= origins.length) out.push(null);
  return out;
}
