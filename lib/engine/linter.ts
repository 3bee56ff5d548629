// Lints one loaded file: builds its programs, parses them, runs every enabled rule that can report in it over
// every unit in a single tree walk, and sorts the problems into reported and suppressed ones.
import type { SyntaxNode } from '@lezer/common';
import type { LintMessage, LintResult, LoadedFile, Model, Program, ProjectModel, ReportDescriptor, ResolvedConfig, Rule, RuleContext, RuleListener, Unit } from '../types.js';
import path from 'node:path';
import { buildPrograms } from '../programs/build.js';
import { Project } from '../project/project.js';
import { parseProgram, tooMuchCode } from '../python/parse.js';
import { buildModel } from '../python/model.js';
import { UnitDirectives } from './directives.js';
import { SKIP_TAG } from './fix-edits.js';
import { buildProblem, parsingErrorOf, type ReportedProblem } from './report.js';
import { ListenerMap, type CrashLog } from './traverse.js';
import { locate } from '../positions.js';
import { withDefaultOptions } from '../config/rule-options.js';
import { isStackOverflow } from '../stack-overflow.js';

type SuppressedMessage = LintResult['suppressedMessages'][number];

export interface FileLintOutput {
  messages: LintMessage[];
  suppressedMessages: SuppressedMessage[];
  /** Set when the file was not linted at all (too much code to parse): why, as its one problem says. */
  notLinted?: string;
}

interface EnabledRule {
  id: string;
  rule: Rule;
  severity: 1 | 2;
  options: unknown[];
  /** A rule that is off, run only for the runs its uses keep v1 (offRulesOfRuns); its problems are never shown. */
  off?: true;
}

/**
 * A rule that throws on a file (a bug, or input it did not foresee) must not end the run: its listeners stop for
 * that file, its problems there are dropped (they may be half a fix group), and the file gets one fatal problem
 * naming the rule, so --fix leaves the file alone. The other rules' problems are kept.
 */
class RuleCrashes implements CrashLog {
  private readonly crashed = new Map<string, unknown>();

  has(ruleId: string): boolean {
    return this.crashed.has(ruleId);
  }

  record(ruleId: string, error: unknown): void {
    if (this.crashed.has(ruleId)) return;
    this.crashed.set(ruleId, error);
    if (/(^|,)\s*nblint\b/.test(process.env.DEBUG ?? '')) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  }

  /** The crashed rules' problems replaced by one fatal problem each. */
  apply(output: FileLintOutput): FileLintOutput {
    if (this.crashed.size === 0) return output;
    const kept = (m: LintMessage) => m.ruleId === null || !this.crashed.has(m.ruleId);
    const crashes: LintMessage[] = [...this.crashed].map(([ruleId, error]) => ({
      ruleId,
      severity: 2,
      fatal: true,
      message:
        `Rule '${ruleId}' crashed on this file (${describeCrash(error)}); its problems here are not reported and ` +
        '--fix leaves the file unchanged. This is a bug in the rule: please report it with the file.',
      line: 1,
      column: 1,
    }));
    return { messages: [...crashes, ...output.messages.filter(kept)], suppressedMessages: output.suppressedMessages.filter(kept) };
  }
}

/** What went wrong, in a problem's words: a stack overflow is input nested deeper than the code can follow. */
export function describeCrash(error: unknown): string {
  if (isStackOverflow(error)) return 'the input is nested too deeply';
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The programs of one file (buildPrograms), kept by the fixer from the lint of a pass to the next pass. */
export interface ProgramsOfFile {
  programs?: Program[];
}

/**
 * `project`: the run's project model; a file linted on its own gets one over itself, built only if asked.
 * `built`: programs already built for this file (used as they are), or an empty holder that gets the programs built
 * here (none when no rule applies).
 */
export function lintFile(file: LoadedFile, config: ResolvedConfig, project?: ProjectModel, built?: ProgramsOfFile): FileLintOutput {
  // Most notebooks of a platform team have no Azure ML code: when no rule can report, nothing is parsed.
  const enabled = applicableRules(file, enabledRules(config));
  if (enabled.length === 0 && !mayHaveDirectives(file, config)) return { messages: [], suppressedMessages: [] };
  const rules = [...enabled, ...applicableRules(file, offRulesOfRuns(config, enabled))];
  const crashes = new RuleCrashes();
  const programs = built?.programs ?? buildPrograms(file, config.settings);
  if (built) built.programs = programs;
  const refusal = tooMuchCode(programs);
  if (refusal) {
    return { messages: [{ ruleId: null, severity: 2, fatal: true, message: `Parsing error: ${refusal}`, line: 1, column: 1 }], suppressedMessages: [], notLinted: refusal };
  }
  const projectModel = project ?? new Project([file.path], { cwd: path.dirname(file.path), settings: config.settings });
  return crashes.apply(lintPrograms(file, programs, rules, config, crashes, projectModel));
}

function enabledRules(config: ResolvedConfig): EnabledRule[] {
  const out: EnabledRule[] = [];
  for (const [id, { severity, options }] of Object.entries(config.rules)) {
    if (severity === 0) continue;
    const rule = config.ruleDefinitions[id];
    if (!rule) throw new Error(`Definition for rule '${id}' was not found`);
    out.push({ id, rule, severity, options });
  }
  return out;
}

/**
 * A use of a v1 run that a rule which is off would have reported is a use no fix migrates: the rest of its run
 * must stay v1 too (a v1 call left on MLflow's ActiveRun raises AttributeError). So when an enabled rule
 * migrates runs, the rules that also report uses of runs (RuleMeta.migratesRuns) but are off still run; their
 * problems only hold back the fixes of their groups (ProblemSink.addOff).
 */
function offRulesOfRuns(config: ResolvedConfig, enabled: readonly EnabledRule[]): EnabledRule[] {
  if (!enabled.some(({ rule }) => rule.meta.migratesRuns)) return [];
  const out: EnabledRule[] = [];
  for (const [id, rule] of Object.entries(config.ruleDefinitions)) {
    if (!rule.meta.migratesRuns || (config.rules[id]?.severity ?? 0) !== 0) continue;
    out.push({ id, rule, severity: 1, options: withDefaultOptions(rule, config.rules[id]?.options ?? []), off: true });
  }
  return out;
}

/**
 * The enabled rules whose precondition (RuleMeta.requiresText) holds in this file; a rule without one always
 * applies. Each distinct string is looked for once per file.
 */
function applicableRules(file: LoadedFile, rules: EnabledRule[]): EnabledRule[] {
  const found = new Map<string, boolean>();
  const contains = (text: string): boolean => {
    let hit = found.get(text);
    if (hit === undefined) found.set(text, (hit = sourceContains(file, text)));
    return hit;
  };
  return rules.filter(({ rule }) => {
    const required = rule.meta.requiresText;
    return !required || required.length === 0 || required.some(contains);
  });
}

/**
 * Whether a script's text, or one of a notebook's cell sources, contains `text`. A notebook's outputs and
 * metadata are left out: the kernel of every Azure ML compute-instance notebook is named `python38-azureml`.
 */
function sourceContains(file: LoadedFile, text: string): boolean {
  return file.kind === 'script' ? file.text.includes(text) : file.cells.some((cell) => cell.source.includes(text));
}

/** Whether directives may need a report even where no rule runs (an unknown rule name, an unused directive). */
function mayHaveDirectives(file: LoadedFile, config: ResolvedConfig): boolean {
  if (sourceContains(file, 'nblint-')) return true;
  if (!config.reportUnusedDisableDirectives) return false;
  const noqa = /noqa/i;
  return file.kind === 'script' ? noqa.test(file.text) : file.cells.some((cell) => noqa.test(cell.source));
}

function lintPrograms(
  file: LoadedFile,
  programs: Program[],
  rules: EnabledRule[],
  config: ResolvedConfig,
  crashes: RuleCrashes,
  project: ProjectModel,
): FileLintOutput {
  const sink = new ProblemSink(file);
  for (const program of programs) {
    if (program.units.length === 0) continue;
    parseProgram(program, project.parsedTrees);
    reportParsingErrors(file, program, sink);
    runRules(file, program, rules.filter(({ id }) => !crashes.has(id)), config, sink, crashes, project);
  }
  const isKnownRule = (id: string) => Object.hasOwn(config.ruleDefinitions, id);
  for (const program of programs) {
    for (const unit of program.units) sink.addDirectiveProblems(unit, isKnownRule, config.reportUnusedDisableDirectives === true);
  }
  return sink.result();
}

/**
 * A unit that does not parse gets ESLint's fatal `Parsing error` (per cell: the other cells are still linted). A
 * markdown cell's code block is documentation, often a fragment on purpose, and a cell tagged nblint-skip is left out.
 */
function reportParsingErrors(file: LoadedFile, program: Program, sink: ProblemSink): void {
  if (program.kind === 'markdown') return;
  for (const unit of program.units) {
    if (unit.cellIndex >= 0 && file.cells[unit.cellIndex]?.tags.includes(SKIP_TAG)) continue;
    const error = parsingErrorOf(file, unit);
    if (error) sink.addFatal(error);
  }
}

function runRules(
  file: LoadedFile,
  program: Program,
  rules: EnabledRule[],
  config: ResolvedConfig,
  sink: ProblemSink,
  crashes: RuleCrashes,
  project: ProjectModel,
): void {
  const walk = new ProgramWalk(program);
  // A model that cannot be built leaves the aliases unknown: then every call listener runs, and meets the error itself.
  const aliasesOf = (name: string): readonly string[] | null => {
    try {
      return walk.model.aliasesOf?.(name) ?? null;
    } catch {
      return null;
    }
  };
  const listeners = new ListenerMap(crashes, aliasesOf);

  for (const [order, { id, rule, severity, options, off }] of rules.entries()) {
    const report = (descriptor: ReportDescriptor): void => {
      const problem = buildProblem(id, rule, severity, file, program, walk.unit, descriptor);
      if (off) sink.addOff(problem);
      else sink.add(documentationFixAsSuggestion(problem, program, config));
    };
    const context = new Context(walk, id, options, config.settings, file, project, report);
    let listener: RuleListener;
    try {
      listener = rule.create(context);
    } catch (error) {
      crashes.record(id, error);
      continue;
    }
    for (const [key, fn] of Object.entries(listener)) if (fn) listeners.add(key, id, order, fn);
  }

  const top = (u: Unit) => u.tree!.topNode;
  listeners.call('Program', top(program.units[0]));
  for (const unit of program.units) {
    walk.unit = unit;
    if (!unit.tree) continue;
    listeners.call('Unit', top(unit));
    listeners.walk(unit.tree, unit.text);
    listeners.call('Unit:exit', top(unit));
  }
  walk.unit = program.units[program.units.length - 1];
  listeners.call('Program:exit', top(walk.unit));
}

/** What the rules of one program share while it is walked: the unit being walked, and the model, built on first use. */
class ProgramWalk {
  unit: Unit;
  private built: Model | undefined;

  constructor(readonly program: Program) {
    this.unit = program.units[0];
  }

  // Built on first use: a file where no rule asks the model never pays for it.
  get model(): Model {
    return (this.built ??= buildModel(this.program));
  }
}

/**
 * A rule's context. A class, not an object literal with getters: V8 gives an object literal with its own accessor
 * functions a hidden class of its own, kept in the old generation, and through it each file's trees and model
 * survived minor GCs until a full one (most of the lint's GC time, measured).
 */
class Context implements RuleContext {
  constructor(
    private readonly walk: ProgramWalk,
    readonly id: string,
    readonly options: readonly unknown[],
    readonly settings: Readonly<ResolvedConfig['settings']>,
    readonly file: LoadedFile,
    readonly project: ProjectModel,
    readonly report: (descriptor: ReportDescriptor) => void,
  ) {}

  get program(): Program {
    return this.walk.program;
  }

  get unit(): Unit {
    return this.walk.unit;
  }

  get model(): Model {
    return this.walk.model;
  }

  readonly getText = (node: SyntaxNode): string => this.walk.unit.text.slice(node.from, node.to);
}

/** Collects problems and moves those silenced by a directive or an `nblint-skip` cell tag aside. */
class ProblemSink {
  private readonly messages: LintMessage[] = [];
  private readonly suppressed: SuppressedMessage[] = [];
  private readonly directives = new Map<Unit, UnitDirectives>();
  /** Group members no fix will reach, not shown: each with why (a rule that is off, a directive, a skipped cell). */
  private readonly unfixable = new Map<LintMessage, string>();

  constructor(private readonly file: LoadedFile) {}

  add({ message, unit, offset }: ReportedProblem): void {
    const suppressions: SuppressedMessage['suppressions'] = [];
    const cell = unit.cellIndex >= 0 ? this.file.cells[unit.cellIndex] : undefined;
    if (cell?.tags.includes(SKIP_TAG)) suppressions.push({ kind: 'cellTag', justification: '' });
    const directive = this.directivesOf(unit).suppressing(message.ruleId ?? '', offset);
    if (directive) suppressions.push({ kind: 'directive', justification: directive.justification });
    if (suppressions.length === 0) return void this.messages.push(message);
    const suppressedMessage = { ...message, suppressions };
    this.suppressed.push(suppressedMessage);
    const written = directive && (directive.syntax === 'noqa' ? 'noqa' : `nblint-${directive.kind}`);
    const why = written ? `rule ${message.ruleId} is disabled there by a \`# ${written}\` directive` : `its cell is tagged ${SKIP_TAG}`;
    this.unfixable.set(suppressedMessage, why);
  }

  /** A problem of a rule that is off (offRulesOfRuns): only a member of a group keeps that group unfixed. */
  addOff({ message }: ReportedProblem): void {
    if (message.fixGroup !== undefined) this.unfixable.set(message, `rule ${message.ruleId} is off`);
  }

  /** A fatal problem: never suppressed by a directive, as in ESLint. */
  addFatal(message: LintMessage): void {
    this.messages.push(message);
  }

  /** Once every rule has run: directives naming unknown rules and, when asked, those that suppressed nothing. */
  addDirectiveProblems(unit: Unit, isKnownRule: (id: string) => boolean, reportUnused: boolean): void {
    if (!unit.tree || this.file.cells[unit.cellIndex]?.tags.includes(SKIP_TAG)) return;
    for (const { offset, end, message } of this.directivesOf(unit).problems(isKnownRule, reportUnused)) {
      this.messages.push({ ruleId: null, severity: 2, message, ...locate(this.file, unit, [offset, end]) });
    }
  }

  private directivesOf(unit: Unit): UnitDirectives {
    let directives = this.directives.get(unit);
    if (!directives) this.directives.set(unit, (directives = new UnitDirectives(unit)));
    return directives;
  }

  result(): FileLintOutput {
    withdrawBlockedGroupFixes(this.messages, this.unfixable, (m) => sourceOf(this.file, m));
    return { messages: this.messages.sort(byPosition), suppressedMessages: this.suppressed.sort(byPosition) };
  }
}

/**
 * A fix group (LintMessage.fixGroup) is all or nothing: a member without a fix, a suppressed member (the fixer
 * never applies those) or one of a rule that is off keeps the whole group unfixed (`unfixable`: those last two,
 * with why). Its members' fixes are dropped here, so that what the formatters count as fixable is what --fix
 * does, and each of them names the member that blocks it and why.
 */
function withdrawBlockedGroupFixes(
  messages: LintMessage[],
  unfixable: ReadonlyMap<LintMessage, string>,
  source: (m: LintMessage) => string | null,
): void {
  const blockers = new Map<string, LintMessage>();
  for (const m of [...messages.filter((m) => !hasFix(m)), ...unfixable.keys()].sort(byPosition)) {
    if (m.fixGroup !== undefined && !blockers.has(m.fixGroup)) blockers.set(m.fixGroup, m);
  }
  if (blockers.size === 0) return;
  for (const m of [...messages, ...unfixable.keys()]) {
    const blocker = m.fixGroup === undefined ? undefined : blockers.get(m.fixGroup);
    if (!blocker || !m.fix) continue;
    delete m.fix;
    m.message = `${/[.!?]$/.test(m.message) ? m.message : `${m.message}.`} Not fixed automatically: ${blockedBy(blocker, unfixable.get(blocker), source(blocker))}.`;
  }
}

/** "the run's other uses migrate with it, and `<call>` at <where> (<rule>) is not fixed: <its reason>". */
function blockedBy(blocker: LintMessage, unfixableBecause: string | undefined, code: string | null): string {
  const where = blocker.cell !== undefined ? `cell ${blocker.cell}:${blocker.cellLine}` : `line ${blocker.line}`;
  const reason =
    unfixableBecause ??
    /Not fixed automatically: (.*?)\.?$/s.exec(blocker.message)?.[1] ??
    (blocker.suggestions ? 'it is only suggested' : 'it has no automatic fix');
  const what = code ? `\`${code}\` at ${where}` : `the one at ${where}`;
  return `this migrates together with every use of the same run, and ${what} (${blocker.ruleId}) is not fixed: ${reason}`;
}

/** The reported code, for naming it in another message: its first line, shortened (null when it cannot be read). */
function sourceOf(file: LoadedFile, m: LintMessage): string | null {
  const text = m.cell !== undefined ? file.cells[m.cell - 1]?.source : file.text;
  const line = m.cell !== undefined ? m.cellLine : m.line;
  const column = m.cell !== undefined ? m.cellColumn : m.column;
  if (text === undefined || line === undefined || column === undefined) return null;
  const lineText = text.split(/\r\n|\r|\n/)[line - 1];
  if (lineText === undefined) return null;
  const endLine = m.cell !== undefined ? m.cellEndLine : m.endLine;
  const endColumn = m.cell !== undefined ? m.cellEndColumn : m.endColumn;
  const whole = endLine === line && endColumn !== undefined ? lineText.slice(column - 1, endColumn - 1).trim() : null;
  if (whole && whole.length <= 60 && !/[`#]/.test(whole)) return whole;
  // Longer, or over several lines: the callee, `run.upload_file(...)`.
  const callee = /^[\w.]+\(/.exec(lineText.slice(column - 1))?.[0];
  return callee ? `${callee}...)` : null;
}

const hasFix = (m: LintMessage): boolean => Boolean(m.fix && (m.fix.edits.length > 0 || m.fix.insertCells?.length));

const byPosition = (a: LintMessage, b: LintMessage) => a.line - b.line || a.column - b.column;

/**
 * A fix inside a markdown cell's ```python block rewrites documentation, not code: unless the settings opt in, it
 * is offered as a suggestion, so --fix changes only code cells.
 */
function documentationFixAsSuggestion(problem: ReportedProblem, program: Program, config: ResolvedConfig): ReportedProblem {
  const { message } = problem;
  if (program.kind !== 'markdown' || !message.fix || config.settings.fixMarkdownCodeBlocks === true) return problem;
  const suggestion = { desc: 'Apply the MLflow rewrite to this documentation example.', fix: message.fix };
  message.suggestions = [suggestion, ...(message.suggestions ?? [])];
  delete message.fix;
  return problem;
}
