// Lint → format, streamed: each file's result is reduced to what its format needs (on this thread, or on a worker
// thread with --concurrency), then handed to the format's writer in file order. Nothing of a file outlives its
// turn except what the format keeps (SARIF's spooled results), so memory is flat in the number of files.
import { availableParallelism } from 'node:os';
import type { FormatDefinition, StartContext } from './formatters/formatter.js';
import { getFormat } from './formatters/index.js';
import { indexFile } from './project/project.js';
import { LINTABLE_EXTENSIONS } from './discover.js';
import {
  createRunContext,
  lintPlanned,
  lintProjectFiles,
  projectOptions,
  lintText,
  planFiles,
  recordInCache,
  RulesMetaCollector,
  saveCache,
  withWriteRoots,
  type LintedFile,
  type LintFilesOptions,
  type LintRunSummary,
  type PlannedFile,
} from './lint-files.js';
import type { CacheEntry } from './cache/lint-cache.js';
import type { LintPool } from './workers/pool.js';
import type { LintResult, ResolvedConfig, Rule, RuleMeta } from './types.js';

/** How each file's result is reduced; plain data, so a worker thread can be given it. */
export interface FormatRequest {
  format: string;
  start: StartContext;
  /** --quiet: warnings are dropped before formatting (they still count). */
  quiet: boolean;
}

/** One file, reduced: what its format prepared, its counts (before --quiet) and its notes for stderr. */
export interface FormattedFile {
  prepared: unknown;
  errorCount: number;
  warningCount: number;
  warnings: string[];
  /** Whether the file was linted with a configuration (it was read and loaded). */
  configured: boolean;
  /** Whether --fix wrote the file. */
  written: boolean;
  /** With --fix / --fix-dry-run / --diff: the problems the fixes resolved, and whether the text changed. */
  fixedCount: number;
  changed: boolean;
  /** With --cache: what to remember about the file. */
  cacheEntry?: CacheEntry;
}

export interface FormatRunSummary extends LintRunSummary {
  errorCount: number;
  warningCount: number;
  /** Problems resolved by fixes, over the run (written ones with --fix). */
  fixedCount: number;
  /** Files whose text the fixes changed. */
  changedFiles: number;
}

export interface FormatRunHooks {
  /** After discovery, before the first file is read or written (the CLI checks and opens its output here). */
  begin(files: readonly PlannedFile[]): void | Promise<void>;
  /** A file --fix has written, as soon as it is written (so an error later can say what was changed). */
  written?(path: string): void;
  /** Each file's prepared value, in file order; a returned promise is waited for (backpressure). */
  add(prepared: unknown): void | Promise<void>;
}

export interface FormatRunOptions extends LintFilesOptions {
  /** --concurrency: threads that lint ('off' or 1: this thread alone; see workerCount). */
  concurrency?: number | 'auto' | 'off';
  /** --stdin: lint this text (as `filePath`, relative to cwd, when given) instead of files. */
  stdin?: { text: string | Uint8Array; filePath?: string };
}

/** `auto` uses worker threads only for this many files or more: starting a worker costs ~50 ms of CPU. */
export const AUTO_CONCURRENCY_MIN_FILES = 200;

/**
 * The number of worker threads for a run of `files` files (0: lint on this thread only). `n` is the number of
 * threads that lint, as in ESLint: the main thread lints too (between its writes), so `n` threads are n − 1
 * workers; `auto` is one thread per core.
 */
export function workerCount(concurrency: FormatRunOptions['concurrency'], files: number): number {
  if (concurrency === undefined || concurrency === 'off') return 0;
  const threads = concurrency === 'auto' ? (files >= AUTO_CONCURRENCY_MIN_FILES ? availableParallelism() : 1) : concurrency;
  return Math.max(0, Math.min(threads, files) - 1);
}

export async function lintAndFormat(
  patterns: string[],
  options: FormatRunOptions,
  request: FormatRequest,
  hooks: FormatRunHooks,
): Promise<FormatRunSummary> {
  const format = getFormat(request.format);
  const { stdin, concurrency, ...rest } = options;
  const lintOptions: LintFilesOptions = stdin
    ? { ...rest, keepSource: format.needsSource === true }
    : await withWriteRoots(patterns, { ...rest, keepSource: format.needsSource === true });
  // A fixed number of threads is known before discovery: the workers start now and load the linter while this thread
  // finds the files (~0.1 s sooner at work); those a run with fewer files does not need stop then. `auto` waits for the count.
  const early = stdin || typeof concurrency !== 'number' ? 0 : workerCount(concurrency, namedFileCount(patterns));
  const pool = early > 0 ? new (await import('./workers/pool.js')).LintPool(early, { options: lintOptions, request }) : null;
  try {
    return await formatFiles(patterns, options, lintOptions, format, request, hooks, pool);
  } finally {
    await pool?.close();
  }
}

/**
 * The number of files a command line that names only notebooks and scripts (a pre-commit hook, an editor) lints at
 * most, so that `--concurrency 2 one.py` starts no thread; anything else (a folder, a glob) may hold any number.
 */
function namedFileCount(patterns: string[]): number {
  const named = patterns.length > 0 && patterns.every((pattern) => LINTABLE_EXTENSIONS.some((ext) => pattern.endsWith(ext)) && !/[*?[\]{}]/.test(pattern));
  return named ? patterns.length : Infinity;
}

async function formatFiles(
  patterns: string[],
  { stdin, concurrency }: FormatRunOptions,
  lintOptions: LintFilesOptions,
  format: FormatDefinition,
  request: FormatRequest,
  hooks: FormatRunHooks,
  early: LintPool | null,
): Promise<FormatRunSummary> {
  const run = await createRunContext(lintOptions);
  const plan = stdin ? { files: [], warnings: [] } : await planFiles(patterns, lintOptions, run);
  const rulesMeta = new RulesMetaCollector();
  const summary: FormatRunSummary = {
    rulesMeta: rulesMeta.meta,
    ruleSeverities: rulesMeta.severities,
    warnings: plan.warnings,
    errorCount: 0,
    warningCount: 0,
    fixedCount: 0,
    changedFiles: 0,
  };
  await hooks.begin(plan.files);

  const take = async (path: string, file: FormattedFile): Promise<void> => {
    // The configuration resolver caches by folder: resolving here again (the worker did too) is cheap.
    if (file.configured) rulesMeta.add(await run.resolver.forFile(path));
    summary.errorCount += file.errorCount;
    summary.warningCount += file.warningCount;
    summary.fixedCount += file.fixedCount;
    if (file.changed) summary.changedFiles++;
    summary.warnings.push(...file.warnings);
    if (file.written) hooks.written?.(path);
    recordInCache(run, path, file.cacheEntry);
    await hooks.add(file.prepared);
  };

  const lintHere = async (planned: PlannedFile): Promise<FormattedFile> => reduceFile(format, request, await lintPlanned(run, planned));
  const workers = workerCount(concurrency, plan.files.length);
  const { project } = run;
  if (stdin) {
    const linted = await lintText(run, stdin.text, stdin.filePath);
    await take(linted.result.filePath, reduceFile(format, request, linted));
  } else if (workers > 0 && project) {
    await early?.keep(workers);
    const pool = early ?? new (await import('./workers/pool.js')).LintPool(workers, { options: lintOptions, request });
    try {
      const indexHere = (files: string[]) => files.map((file) => indexFile(file, projectOptions(run)));
      await pool.run(project.files, project.jobsInYaml, plan.files, { index: indexHere, indexed: (index) => project.useIndex(index), lint: lintHere }, take);
    } finally {
      await pool.close();
    }
  } else {
    await early?.close();
    for (const planned of plan.files) await take(planned.path, await lintHere(planned));
  }
  // The environment files behind the jobs come last, once every file was linted (and fixed).
  for (const linted of await lintProjectFiles(run)) await take(linted.result.filePath, reduceFile(format, request, linted));
  await saveCache(run, summary.warnings);
  return summary;
}

/** The per-file half of a run: --quiet, then the format's `prepare` (the result and its text can go after this). */
export function reduceFile(format: FormatDefinition, request: FormatRequest, linted: LintedFile): FormattedFile {
  const { result, config } = linted;
  const shown = request.quiet ? errorsOnly(result) : result;
  const context = { ...request.start, rulesMeta: metasOf(config) };
  let prepared: unknown;
  try {
    prepared = format.prepare(shown, context);
  } catch (error) {
    // A file's problems that the format cannot render must not cost the report of every other file (nor, after
    // --fix has written files, the report of what it did): the file is reported with one problem saying so.
    const message = `Internal error while formatting this file's problems (${error instanceof Error ? error.message : String(error)}).`;
    const stripped: LintResult = { ...shown, messages: [{ ruleId: null, severity: 2, fatal: true, message, line: 1, column: 1 }], suppressedMessages: [] };
    delete stripped.source;
    delete stripped.file;
    delete stripped.output;
    prepared = format.prepare(stripped, context);
  }
  return {
    prepared,
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    warnings: linted.warnings,
    configured: config !== null,
    written: linted.written,
    fixedCount: result.fixedCount ?? 0,
    changed: result.output !== undefined,
    ...(linted.cacheEntry ? { cacheEntry: linted.cacheEntry } : {}),
  };
}

const metasByDefinitions = new WeakMap<Record<string, Rule>, Record<string, RuleMeta>>();

/** The metas of the rules a configuration defines (shared by every file with the same definitions). */
function metasOf(config: ResolvedConfig | null): Record<string, RuleMeta> {
  if (!config) return {};
  let metas = metasByDefinitions.get(config.ruleDefinitions);
  if (!metas) {
    metas = Object.fromEntries(Object.entries(config.ruleDefinitions).map(([id, rule]) => [id, rule.meta]));
    metasByDefinitions.set(config.ruleDefinitions, metas);
  }
  return metas;
}

/** --quiet, as ESLint: warnings are dropped before formatting (they still count for --max-warnings). */
export function errorsOnly(result: LintResult): LintResult {
  return {
    ...result,
    messages: result.messages.filter((m) => m.severity === 2),
    warningCount: 0,
    fixableWarningCount: 0,
  };
}
