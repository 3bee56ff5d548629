// Lints what the command line names: discovery → load → configuration → engine, one result per file in path
// order. Files are read ahead of the linter (a small pool, so I/O overlaps the single-threaded linting), and a
// file's raw text is dropped once it is linted unless the formatter needs it.
import path from 'node:path';
import type { CellRecord, LintMessage, LintResult, LoadedFile, ResolvedConfig, Rule, RuleEntry, RuleMeta, Severity } from './types.js';
import { discoverFiles, NoFilesError } from './discover.js';
import { loadFile, loadText } from './notebook/load.js';
import { lintFile, type FileLintOutput } from './engine/linter.js';
import { ConfigResolver } from './config/index.js';
import builtinPlugin from '../rules/index.js';

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
  /** How many files are read ahead of the linter (--jobs). */
  jobs?: number;
  /** Keep `source` and `file` on results with problems (formatters that need the raw text). */
  keepSource?: boolean;
  /** --fix (write: true) or --fix-dry-run (write: false): results hold the problems left and the fixed `output`. */
  fix?: { write: boolean; fixTypes?: string[] };
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

const DEFAULT_JOBS = 4;

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
    builtinPlugin,
    // The preset is .eslintrc-like-config.json, which the built-in plugin ships as configs.recommended.
    recommended: builtinPlugin.configs?.recommended ?? {},
  });
}

export async function lintFiles(patterns: string[], options: LintFilesOptions): Promise<LintFilesResult> {
  const { cwd } = options;
  const resolver = await createResolver(options);
  const discovered = await discoverFiles(patterns, {
    cwd,
    isIgnored: (abs) => resolver.isIgnored(abs),
    noIgnore: options.useIgnore === false,
  });
  if (discovered.errors.length > 0) throw new NoFilesError(discovered.errors.join('\n'));

  const rulesMeta = new RulesMetaCollector();
  const warnings = [...discovered.warnings];
  // The fixer is loaded only when asked for.
  const fixer = options.fix ? await import('./fix/index.js') : null;
  const results: LintResult[] = discovered.ignoredFiles.map((abs) => ignoredFileResult(abs, cwd));
  const { files } = discovered;
  const jobs = Math.max(1, options.jobs ?? DEFAULT_JOBS);
  const loads = new Map<number, ReturnType<typeof loadFile>>();
  const startLoad = (i: number): void => {
    if (i < files.length) loads.set(i, loadFile(files[i], displayPathOf(files[i], cwd)));
  };
  for (let i = 0; i < jobs; i++) startLoad(i);

  for (let i = 0; i < files.length; i++) {
    const loaded = await loads.get(i)!;
    loads.delete(i);
    startLoad(i + jobs);
    if (!loaded.ok) {
      results.push(countProblems(emptyResult(loaded.path, loaded.displayPath, [loadFailure(loaded.message, loaded.line, loaded.column)])));
      continue;
    }
    const config = await resolver.forFile(loaded.file.path);
    rulesMeta.add(config);
    const linted: FixOutput =
      fixer && options.fix
        ? await fixOne(fixer, loaded.file, config, options.fix, warnings)
        : { ...lintFile(loaded.file, config), fixedFile: loaded.file };
    // Problems left after fixing are positioned in the fixed text: that is the file they describe.
    const { messages, suppressedMessages, fixedFile: file } = linted;
    if (file.kind === 'notebook') nameWritefilePrograms(messages, file.cells);
    const result = countProblems({ ...emptyResult(file.path, file.displayPath, messages), suppressedMessages });
    if (linted.output !== undefined) result.output = linted.output;
    if (options.keepSource && messages.length > 0) {
      result.source = file.text;
      result.file = file;
    }
    results.push(result);
  }

  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results, rulesMeta: rulesMeta.meta, ruleSeverities: rulesMeta.severities, warnings };
}

interface FixOutput extends FileLintOutput {
  /** The fixed text, when fixing changed it. */
  output?: string;
  /** The file the messages' positions refer to: the fixed one when there is output. */
  fixedFile: LoadedFile;
}

/** Fixes one file (and writes it with --fix); a refused write reports the file as it still is on disk. */
async function fixOne(
  fixer: typeof import('./fix/index.js'),
  file: LoadedFile,
  config: ResolvedConfig,
  fix: NonNullable<LintFilesOptions['fix']>,
  warnings: string[],
): Promise<FixOutput> {
  const [fixed] = await fixer.fixFiles([{ file, config }], { write: fix.write, fixTypes: fix.fixTypes });
  for (const note of fixed.warnings ?? []) warnings.push(`${file.displayPath}: ${note}`);
  if (fixed.writeError !== undefined) {
    warnings.push(`${file.displayPath}: ${fixed.writeError}`);
    return { ...lintFile(file, config), fixedFile: file };
  }
  const { messages, suppressedMessages } = fixed;
  if (fixed.output === undefined) return { messages, suppressedMessages, fixedFile: file };
  const reloaded = loadText(fixed.output, file.path, file.displayPath);
  // The fixer only keeps text the loader accepts, so this holds; the original is the safe fallback.
  const fixedFile = reloaded.ok ? reloaded.file : file;
  return { messages, suppressedMessages, output: fixed.output, fixedFile };
}

/** The configuration in force for one file, as --print-config shows it. */
export async function printConfig(file: string, options: LintFilesOptions): Promise<string> {
  const resolver = await createResolver(options);
  const printed: unknown = await resolver.printConfig(path.resolve(options.cwd, file));
  return typeof printed === 'string' ? printed : JSON.stringify(printed, null, 2);
}

export function displayPathOf(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
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

/** As ESLint: a warning without a position (0:0) for a file named explicitly but ignored. */
function ignoredFileResult(abs: string, cwd: string): LintResult {
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
class RulesMetaCollector {
  readonly meta: Record<string, RuleMeta> = {};
  readonly severities: Record<string, Severity> = {};
  private readonly seenDefinitions = new Set<Record<string, Rule>>();
  private readonly seenConfigs = new Set<ResolvedConfig>();

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
