// Lints what the command line names: discovery → load → configuration → engine, one result per file in path
// order, handed over as soon as the file is linted (nothing is kept per file unless the caller keeps it). The same
// per-file steps run on worker threads with --concurrency (lib/workers/).
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CellRecord, LintMessage, LintResult, LoadedFile, LoadResult, ProjectModel, ResolvedConfig, Rule, RuleEntry, RuleMeta, Severity } from './types.js';
import type { CacheEntry, CachedResult, LintCache } from './cache/lint-cache.js';
import { discoverFiles, ignoreMatcher, isSkippedFile, NoFilesError } from './discover.js';
import { loadBytes, loadFile, loadText } from './notebook/load.js';
import { describeCrash, lintFile, type FileLintOutput } from './engine/linter.js';
import { ConfigResolver } from './config/index.js';
import { Project, type ProjectOptions } from './project/project.js';
import { environmentResults } from './project/environment-results.js';
import builtinPlugin from '../rules/index.js';
import { isOutsideRelative } from './path-inside.js';

export interface LintFilesOptions {
  cwd: string;
  /** -c/--config. */
  configFile?: string;
  /** false with --no-config-lookup. */
  useConfigLookup?: boolean;
  /** --rule, applied over every configuration. */
  ruleOverrides?: Record<string, RuleEntry>;
  /** --ignore-pattern. */
  ignorePatterns?: string[];
  /** false with --no-ignore. */
  useIgnore?: boolean;
  /** Keep `source` and `file` on results with problems (formatters that need the raw text). */
  keepSource?: boolean;
  /** --report-unused-disable-directives. */
  reportUnusedDisableDirectives?: boolean;
  /** --cache: reuse results of files unchanged since the last run (`location`: --cache-location). */
  cache?: { location?: string; toolVersion: string };
  /**
   * --fix (write: true) or --fix-dry-run (write: false): results hold the problems left and the fixed `output`.
   * `roots`: real paths of the folders named on the command line; --fix writes nothing outside them (set by planFiles).
   * `diff` (--diff): each result also gets the unified diff of its fixes.
   */
  fix?: { write: boolean; fixTypes?: string[]; roots?: string[]; diff?: boolean };
}

export interface LintFilesResult {
  results: LintResult[];
  /** Meta of every rule known to the run, by id. */
  rulesMeta: Record<string, RuleMeta>;
  /** The highest severity each enabled rule ran at, over all files. */
  ruleSeverities: Record<string, Severity>;
  /** Notes for stderr (explicitly named files of a kind that is not linted, fixes left out, failed writes). */
  warnings: string[];
}

/** ESLint's message for a file named on the command line that an ignore pattern matches. */
export const IGNORED_FILE_MESSAGE = 'File ignored because of a matching ignore pattern. Use "--no-ignore" to override.';

/** The configuration resolver for a run's options (also used by tests that fix files in memory). */
export function createResolver(options: LintFilesOptions): Promise<ConfigResolver> {
  return ConfigResolver.create({
    cwd: options.cwd,
    configFile: options.configFile,
    useConfigLookup: options.useConfigLookup ?? true,
    ruleOverrides: options.ruleOverrides,
    ignorePatterns: options.ignorePatterns,
    useIgnore: options.useIgnore ?? true,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    builtinPlugin,
    // The preset is .eslintrc-like-config.json, which the built-in plugin ships as configs.recommended.
    recommended: builtinPlugin.configs?.recommended ?? {},
  });
}

export async function lintFiles(patterns: string[], options: LintFilesOptions): Promise<LintFilesResult> {
  const results: LintResult[] = [];
  const summary = await lintEach(patterns, options, (result) => void results.push(result));
  return { results, ...summary };
}

/** What a run learns besides the results. */
export interface LintRunSummary {
  /** Meta of every rule known to the run, by id. */
  rulesMeta: Record<string, RuleMeta>;
  /** The highest severity each enabled rule ran at, over all files. */
  ruleSeverities: Record<string, Severity>;
  /** Notes for stderr, in file order. */
  warnings: string[];
}

/**
 * `options` with `fix.roots` set for --fix: the real paths of the folders the command line names (a folder itself, a
 * file's folder, a glob's folder before its first wildcard). A file reached through a link elsewhere is not written.
 */
export async function withWriteRoots(patterns: string[], options: LintFilesOptions): Promise<LintFilesOptions> {
  if (!options.fix?.write) return options;
  const roots = await Promise.all(
    (patterns.length > 0 ? patterns : ['.']).map(async (pattern) => {
      const literal = pattern.split(/[\\/]/).findIndex((part) => /[*?[\]{}]|[!@+]\(/.test(part));
      const base = path.resolve(options.cwd, literal < 0 ? pattern : pattern.split(/[\\/]/).slice(0, literal).join('/') || '.');
      const info = await stat(base).catch(() => null);
      const folder = info && !info.isDirectory() ? path.dirname(base) : base;
      return realpath(folder).catch(() => folder);
    }),
  );
  return { ...options, fix: { ...options.fix, roots } };
}

/** One entry of a run's work list, in the order results are reported (sorted by path). */
export type PlannedFile = { path: string; ignored: boolean };

/** Discovery → the sorted work list: files to lint and files named explicitly but ignored. */
export async function planFiles(
  patterns: string[],
  options: LintFilesOptions,
  run: RunContext,
): Promise<{ files: PlannedFile[]; warnings: string[] }> {
  const discovered = await discoverFiles(patterns, {
    cwd: options.cwd,
    isIgnored: (abs) => run.resolver.isIgnored(abs),
    noIgnore: options.useIgnore === false,
  });
  if (discovered.errors.length > 0) throw new NoFilesError(discovered.errors.join('\n'));
  const files: PlannedFile[] = [
    ...discovered.ignoredFiles.map((path) => ({ path, ignored: true })),
    ...discovered.files.map((path) => ({ path, ignored: false })),
  ];
  // Results are reported by path (a stable sort: a path both ignored and linted keeps that order).
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  await attachProject(run, discovered.files);
  return { files, warnings: discovered.warnings };
}

/**
 * What every file of a run shares, built once per run, and once per worker thread (lib/workers/): the
 * configuration resolver and the fixer. Anything a rule needs about the whole project belongs here, so that a
 * file's lint gets it in one place.
 */
export interface RunContext {
  options: LintFilesOptions;
  resolver: ConfigResolver;
  /** The fixer module, loaded only with --fix / --fix-dry-run. */
  fixer: typeof import('./fix/index.js') | null;
  /**
   * The project model over the run's files (jobs, their scripts and environments), set once they are known (on a
   * worker thread, from the index every thread shares: Project.useIndex).
   */
  project: Project | null;
  /**
   * --cache, as read at the start. A worker thread only reads it: the entries it makes travel with the file's
   * result (LintedFile.cacheEntry) to the main thread, which records them and saves the cache (saveCache).
   */
  cache: LintCache | null;
}

export async function createRunContext(options: LintFilesOptions): Promise<RunContext> {
  const { cache } = options;
  let run: RunContext | undefined;
  const [resolver, fixer, lintCache] = await Promise.all([
    createResolver(options),
    options.fix ? import('./fix/index.js') : null,
    cache ? import('./cache/lint-cache.js').then(({ LintCache }) => LintCache.open(cache.location, options.cwd, cache.toolVersion, () => run?.project ?? null)) : null,
  ]);
  run = { options, resolver, fixer, project: null, cache: lintCache };
  return run;
}

/**
 * Builds the run's project model over the files to lint (on the main thread; worker threads get its index). With
 * --cache, a file unchanged since the cache learnt its role (the jobs it submits, the scripts it writes) is not read for it.
 */
export async function attachProject(run: RunContext, files: readonly string[]): Promise<void> {
  // Its index is read on this thread on the first question (a --concurrency run gives it one built apart: useIndex).
  const project = new Project(files, { ...projectOptions(run), keepTrees: !run.options.fix });
  await project.prepare();
  run.project = project;
}

/** How the project model reads the run's files (the same on every thread). */
export function projectOptions(run: RunContext): ProjectOptions {
  const { cache } = run;
  return { cwd: run.options.cwd, ...(cache ? { knownFacts: (file: string) => cache.projectFacts(file) } : {}) };
}

/**
 * After the files: the environment files the project model found behind the linted jobs (conda, requirements,
 * job YAML), with the dependency rule's problems there and, with --fix, their fixes written. In path order.
 */
export async function lintProjectFiles(run: RunContext): Promise<LintedFile[]> {
  const { project, options, resolver } = run;
  if (!project) return [];
  const found = await environmentResults(project, { cwd: options.cwd, configFor: (file) => resolver.forFile(file), fix: options.fix, roots: options.fix?.roots });
  const out: LintedFile[] = [];
  for (const [index, result] of found.results.sort((a, b) => (a.filePath < b.filePath ? -1 : 1)).entries()) {
    if (!options.keepSource) {
      delete result.source;
      delete result.file;
    }
    out.push({ result: countProblems(result), config: await resolver.forFile(result.filePath), warnings: index === 0 ? found.warnings : [], written: options.fix?.write === true && result.output !== undefined });
  }
  return out;
}

/** On the main thread, once per file: what the file's lint learnt for the cache. */
export function recordInCache(run: RunContext, path: string, entry: CacheEntry | undefined): void {
  if (entry && run.cache) run.cache.put(path, entry);
}

/** After the last file: writes the cache; a failure is a note for stderr, not an error of the run. */
export async function saveCache(run: RunContext, warnings: string[]): Promise<void> {
  const { cache } = run;
  if (!cache) return;
  await cache.save().catch((error: Error) => warnings.push(`the cache ${cache.location} could not be written: ${error.message}`));
}

/** One file's result (in file order), with the configuration it was linted with. */
export type ResultListener = (result: LintResult, config: ResolvedConfig | null) => void | Promise<void>;

/** Lints in file order on this thread, handing each result over as soon as it is there. */
export async function lintEach(patterns: string[], given: LintFilesOptions, onResult: ResultListener): Promise<LintRunSummary> {
  const options = await withWriteRoots(patterns, given);
  const run = await createRunContext(options);
  const plan = await planFiles(patterns, options, run);
  const rulesMeta = new RulesMetaCollector();
  const warnings = [...plan.warnings];
  for (const planned of plan.files) {
    const linted = await lintPlanned(run, planned);
    if (linted.config) rulesMeta.add(linted.config);
    warnings.push(...linted.warnings);
    recordInCache(run, planned.path, linted.cacheEntry);
    await onResult(linted.result, linted.config);
  }
  for (const linted of await lintProjectFiles(run)) {
    if (linted.config) rulesMeta.add(linted.config);
    warnings.push(...linted.warnings);
    await onResult(linted.result, linted.config);
  }
  await saveCache(run, warnings);
  return { rulesMeta: rulesMeta.meta, ruleSeverities: rulesMeta.severities, warnings };
}

export interface LintedFile {
  result: LintResult;
  config: ResolvedConfig | null;
  /** Whether --fix wrote the file. */
  written: boolean;
  /** Notes for stderr about this file (fixes left out, a refused write). */
  warnings: string[];
  /** With --cache: what to remember about the file (recorded on the main thread). */
  cacheEntry?: CacheEntry;
}

/** Lints (or fixes) one planned file: read, configuration, engine — or its result from the cache. */
export async function lintPlanned(run: RunContext, planned: PlannedFile): Promise<LintedFile> {
  const { cwd } = run.options;
  if (planned.ignored) return { result: ignoredFileResult(planned.path, cwd), config: null, warnings: [], written: false };
  const displayPath = displayPathOf(planned.path, cwd);
  if (run.cache) return lintWithCache(run, run.cache, planned.path, displayPath);
  return lintLoaded(run, loadFile(planned.path, displayPath));
}

/**
 * Lints text that is not read from disk (--stdin, editors): `filePath` (relative to cwd) decides its kind
 * (`.ipynb`: a notebook), its configuration and whether it is ignored; the report names it. Never written.
 * Bytes (standard input) are checked as a file's are: size, UTF-8, UTF-16, NUL bytes.
 */
export async function lintText(run: RunContext, text: string | Uint8Array, filePath: string | undefined): Promise<LintedFile> {
  const { options } = run;
  const { cwd } = options;
  const abs = path.resolve(cwd, filePath ?? STDIN_NAME);
  if (filePath !== undefined) {
    const ignored = await ignoreMatcher({ cwd, isIgnored: (p) => run.resolver.isIgnored(p), noIgnore: options.useIgnore === false });
    if (isSkippedFile(abs, cwd, ignored)) return { result: ignoredFileResult(abs, cwd), config: null, warnings: [], written: false };
  }
  const readOnly: RunContext = options.fix?.write ? { ...run, options: { ...options, fix: { ...options.fix, write: false } } } : run;
  const displayPath = filePath === undefined ? STDIN_NAME : displayPathOf(abs, cwd);
  return lintLoaded(readOnly, typeof text === 'string' ? loadText(text, abs, displayPath) : loadBytes(text, abs, displayPath));
}

/** ESLint's name for linted text without a file name. */
const STDIN_NAME = '<text>';

/**
 * --cache: a file whose size and mtime are those recorded is not even read; one whose content hashes the same is
 * read but not linted. A result with fixable problems is no use to --fix, which must produce the fixed text.
 */
async function lintWithCache(run: RunContext, cache: LintCache, abs: string, displayPath: string): Promise<LintedFile> {
  const { options } = run;
  const { stampOf } = await import('./cache/lint-cache.js');
  const config = await run.resolver.forFile(abs);
  const key = cache.configKey(config);
  const stamp = stampOf(abs);
  const usable = (hit: CachedResult | undefined): hit is CachedResult =>
    hit !== undefined && (!options.fix || hit.fixableErrorCount + hit.fixableWarningCount === 0);
  const fromCache = (hit: CachedResult, file?: LoadedFile): LintResult => {
    const result: LintResult = { filePath: abs, displayPath, ...hit };
    if (file && options.keepSource && hit.messages.length > 0) {
      result.source = file.text;
      result.file = file;
    }
    if (options.fix) result.fixedCount = 0;
    return result;
  };
  const byStamp = stamp ? cache.byStamp(abs, stamp, key) : undefined;
  // A formatter that shows the text (-f json, sarif) needs the file read, but not linted.
  if (usable(byStamp) && !(options.keepSource && byStamp.messages.length > 0)) return { result: fromCache(byStamp), config, warnings: [], written: false };
  const loaded = loadFile(abs, displayPath);
  if (!loaded.ok || !stamp) return lintLoaded(run, loaded);
  const byContent = cache.byContent(abs, stamp, loaded.file.text, key);
  if (usable(byContent?.result)) return { result: fromCache(byContent.result, loaded.file), config, warnings: [], written: false, cacheEntry: byContent.entry };
  const { recordSideInputsAsync } = await import('./cache/side-inputs.js');
  const { value: linted, inputs } = await recordSideInputsAsync(() => lintLoaded(run, loaded));
  // A result for text that is not what the file holds now (fixed) is not worth remembering.
  if (linted.result.output !== undefined) return linted;
  const facts = run.project?.factsOf(abs) ?? null;
  return { ...linted, cacheEntry: cache.entryOf(stamp, loaded.file.text, key, linted.result, inputs, facts) };
}

/** Lints (and with --fix, fixes) one loaded file; a file that could not be loaded gets its one fatal problem. */
async function lintLoaded(run: RunContext, loaded: LoadResult): Promise<LintedFile> {
  const { options } = run;
  if (!loaded.ok) return { result: loadFailureResult(loaded), config: null, warnings: [], written: false };
  const config = await run.resolver.forFile(loaded.file.path);
  const warnings: string[] = [];
  const result = await lintLoadedFile(loaded.file, config, { ...options, fixer: run.fixer, project: run.project ?? undefined }, warnings);
  return { result, config, warnings, written: options.fix?.write === true && result.output !== undefined };
}

/**
 * One loaded file's result: linted, or first fixed (and written with fix.write) when options.fix is set. `fixer`
 * is the fix module when the caller has it loaded already. Notes for stderr go to `warnings`.
 */
export async function lintLoadedFile(
  loadedFile: LoadedFile,
  config: ResolvedConfig,
  options: Pick<LintFilesOptions, 'fix' | 'keepSource'> & { fixer?: typeof import('./fix/index.js') | null; project?: ProjectModel },
  warnings: string[],
): Promise<LintResult> {
  const fixer = options.fix ? (options.fixer ?? (await import('./fix/index.js'))) : null;
  const linted = await lintOrFix(loadedFile, config, fixer && options.fix ? { fixer, fix: options.fix, warnings } : null, options.project);
  // Problems left after fixing are positioned in the fixed text: that is the file they describe.
  const { messages, suppressedMessages, fixedFile: file } = linted;
  if (file.kind === 'notebook') nameWritefilePrograms(messages, file.cells);
  const result = countProblems({ ...emptyResult(file.path, file.displayPath, messages), suppressedMessages });
  if (linted.output !== undefined) result.output = linted.output;
  if (linted.fixedCount !== undefined) result.fixedCount = linted.fixedCount;
  if (linted.diff !== undefined) result.diff = linted.diff;
  if (options.keepSource && messages.length > 0) {
    result.source = file.text;
    result.file = file;
  }
  return result;
}

interface FixOutput extends FileLintOutput {
  /** The fixed text, when fixing changed it. */
  output?: string;
  /** The file the messages' positions refer to: the fixed one when there is output. */
  fixedFile: LoadedFile;
  fixedCount?: number;
  diff?: string;
}

/**
 * Lints (or fixes) one file. Whatever goes wrong inside (a bug, input nested deeper than the stack) becomes one
 * fatal problem on that file and the run goes on; the file is then never written.
 */
async function lintOrFix(
  file: LoadedFile,
  config: ResolvedConfig,
  fixing: { fixer: typeof import('./fix/index.js'); fix: NonNullable<LintFilesOptions['fix']>; warnings: string[] } | null,
  project: ProjectModel | undefined,
): Promise<FixOutput> {
  try {
    if (fixing) return await fixOne(fixing.fixer, file, config, fixing.fix, fixing.warnings, project);
    return { ...lintFile(file, config, project), fixedFile: file };
  } catch (error) {
    const message = `Internal error while linting this file (${describeCrash(error)}); it was not checked${fixing ? ' nor fixed' : ''}. Please report it with the file.`;
    return { messages: [{ ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1 }], suppressedMessages: [], fixedFile: file };
  }
}

/** Fixes one file (and writes it with --fix); a refused write reports the file as it still is on disk. */
async function fixOne(
  fixer: typeof import('./fix/index.js'),
  file: LoadedFile,
  config: ResolvedConfig,
  fix: NonNullable<LintFilesOptions['fix']>,
  warnings: string[],
  project: ProjectModel | undefined,
): Promise<FixOutput> {
  const [fixed] = await fixer.fixFiles([{ file, config }], { write: fix.write, fixTypes: fix.fixTypes, roots: fix.roots, project });
  for (const note of fixed.warnings ?? []) warnings.push(`${file.displayPath}: ${note}`);
  if (fixed.writeError !== undefined) {
    warnings.push(`${file.displayPath}: ${fixed.writeError}`);
    return { ...lintFile(file, config, project), fixedFile: file };
  }
  const { messages, suppressedMessages, fixedCount } = fixed;
  if (fixed.output === undefined || !fixed.fixedFile) return { messages, suppressedMessages, fixedFile: file, fixedCount };
  // The fixer's last pass loaded the fixed text already: the messages' positions are in that file.
  const fixedFile = fixed.fixedFile;
  const diff = fix.diff ? fixer.fixDiff(file, fixedFile, fixed.cellOrigins) : undefined;
  return { messages, suppressedMessages, output: fixed.output, fixedFile, fixedCount, ...(diff !== undefined ? { diff } : {}) };
}

/** The configuration in force for one file, as --print-config shows it. */
export async function printConfig(file: string, options: LintFilesOptions): Promise<string> {
  const resolver = await createResolver(options);
  const printed: unknown = await resolver.printConfig(path.resolve(options.cwd, file));
  return typeof printed === 'string' ? printed : JSON.stringify(printed, null, 2);
}

export function displayPathOf(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' || isOutsideRelative(rel) ? abs : rel;
}

function emptyResult(filePath: string, displayPath: string, messages: LintMessage[]): LintResult {
  return {
    filePath,
    displayPath,
    messages,
    suppressedMessages: [],
    errorCount: 0,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

/** ESLint's per-file statistics: a fatal problem is also an error; a problem with a fix is fixable. */
export function countProblems(result: LintResult): LintResult {
  for (const message of result.messages) {
    if (message.fatal) result.fatalErrorCount++;
    if (message.severity === 2) {
      result.errorCount++;
      if (message.fix) result.fixableErrorCount++;
    } else {
      result.warningCount++;
      if (message.fix) result.fixableWarningCount++;
    }
  }
  return result;
}

/** A file that cannot be read or is not a valid notebook: one fatal problem (at the JSON error when there is one), and the run goes on. */
function loadFailure(why: string, line = 1, column = 1): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message: `Parsing error: ${why}`, line, column };
}

/** The result of a file that could not be loaded: its one fatal problem. */
export function loadFailureResult(loaded: Extract<LoadResult, { ok: false }>): LintResult {
  return countProblems(emptyResult(loaded.path, loaded.displayPath, [loadFailure(loaded.message, loaded.line, loaded.column)]));
}

/** As ESLint: a warning without a position (0:0) for a file named explicitly but ignored. */
export function ignoredFileResult(abs: string, cwd: string): LintResult {
  const message: LintMessage = { ruleId: null, severity: 1, message: IGNORED_FILE_MESSAGE, line: 0, column: 0 };
  return countProblems(emptyResult(abs, displayPathOf(abs, cwd), [message]));
}

/** Names the file a %%writefile cell writes, for the stylish hint `(train.py)`. */
function nameWritefilePrograms(messages: LintMessage[], cells: CellRecord[]): void {
  for (const message of messages) {
    if (message.programKind !== 'writefile' || message.programName !== undefined || message.cell === undefined) continue;
    const target = /^%%writefile(?:\s+(?:-a|--append))?\s+("[^"]+"|'[^']+'|\S+)/.exec(cells[message.cell - 1]?.source ?? '');
    if (target) message.programName = target[1].replace(/^["']|["']$/g, '');
  }
}

/** Rule metas and severities over every configuration used (configurations are shared, so each is read once). */
export class RulesMetaCollector {
  readonly meta: Record<string, RuleMeta> = {};
  readonly severities: Record<string, Severity> = {};
  private readonly seenDefinitions = new Set<Record<string, Rule>>();
  private readonly seenConfigs = new Set<ResolvedConfig>();

  /** Adds what another run collected (its LintFilesResult's maps). */
  merge(meta: Record<string, RuleMeta>, severities: Record<string, Severity>): void {
    for (const [id, ruleMeta] of Object.entries(meta)) this.meta[id] ??= ruleMeta;
    for (const [id, severity] of Object.entries(severities)) {
      if (severity > (this.severities[id] ?? 0)) this.severities[id] = severity;
    }
  }

  add(config: ResolvedConfig): void {
    if (this.seenConfigs.has(config)) return;
    this.seenConfigs.add(config);
    for (const [id, { severity }] of Object.entries(config.rules)) {
      if (severity > (this.severities[id] ?? 0)) this.severities[id] = severity;
    }
    if (this.seenDefinitions.has(config.ruleDefinitions)) return;
    this.seenDefinitions.add(config.ruleDefinitions);
    for (const [id, rule] of Object.entries(config.ruleDefinitions)) this.meta[id] ??= rule.meta;
  }
}
