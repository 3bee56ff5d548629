// The programmatic API, shaped like ESLint's `ESLint` class: lint files or a text, compute fixes in memory,
// write them only through `NbLint.outputFixes`, and format results. Built on the same building blocks as the
// command line (lintFiles for paths; load → configuration → lintFile / fixFile for a text).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TOOL_VERSION } from '../cli/package-info.js';
import type { ConfigResolver } from '../config/index.js';
import { ignoreMatcher, isSkippedFile } from '../discover.js';
import { getFormatter } from '../formatters/index.js';
import {
  createResolver,
  displayPathOf,
  ignoredFileResult,
  lintFiles,
  lintLoadedFile,
  loadFailureResult,
  printConfig,
  RulesMetaCollector,
  type LintFilesOptions,
} from '../lint-files.js';
import { loadText } from '../notebook/load.js';
import type { LintResult, RuleMeta } from '../types.js';
import { InvalidOptionsError, validateOptions, type NbLintOptions } from './options.js';

export interface LintTextOptions {
  /** The file the text is (or will be): picks the configuration, the ignores and the kind (`.ipynb`: a notebook's JSON; anything else: a Python script). */
  filePath?: string;
  /** Overrides the constructor's warnIgnored for this call. */
  warnIgnored?: boolean;
}

/** What loadFormatter gives: ESLint's shape. */
export interface LoadedFormatter {
  format(results: LintResult[]): string;
}

/** The filePath of a result for lintText() without a filePath, as ESLint shows it. */
export const TEXT_PATH = '<text>';

export class NbLint {
  /** The package version. */
  static readonly version: string = TOOL_VERSION;

  /**
   * Writes each result's `output` (the fixed text, set with `fix: true`) to its file: atomically, the file's mode
   * kept. Results without output, or from lintText() without a filePath, are skipped. A file that cannot be
   * written is reported in one error after the others are written.
   */
  static async outputFixes(results: LintResult[]): Promise<void> {
    if (!Array.isArray(results)) throw new TypeError("'results' must be an array of lint results.");
    // The writer is loaded only when something is written.
    const { writeFileAtomic } = await import('../fix/atomic-write.js');
    const failures: string[] = [];
    for (const result of results) {
      if (typeof result.output !== 'string' || !path.isAbsolute(result.filePath)) continue;
      const current = await readFile(result.filePath, 'utf8').catch((error: Error) => error);
      const outcome =
        current instanceof Error
          ? { status: 'refused' as const, message: current.message }
          : await writeFileAtomic(result.filePath, current, result.output);
      if (outcome.status === 'refused') failures.push(`${result.filePath}: ${outcome.message}`);
    }
    if (failures.length > 0) throw new Error(`Some fixes could not be written:\n${failures.join('\n')}`);
  }

  readonly #options: NbLintOptions;
  readonly #cwd: string;
  readonly #rules = new RulesMetaCollector();
  #resolver: Promise<ConfigResolver> | undefined;

  /** Throws InvalidOptionsError, naming each wrong option, for an unknown option or a value of the wrong type. */
  constructor(options?: NbLintOptions) {
    this.#options = validateOptions(options);
    this.#cwd = path.resolve(this.#options.cwd ?? process.cwd());
  }

  /** Lints the files, folders and globs given (as the command line does); results are sorted by path. */
  async lintFiles(patterns: string | string[]): Promise<LintResult[]> {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'string' || p === '')) {
      throw new TypeError("'patterns' must be a non-empty string or an array of non-empty strings.");
    }
    const { fix, fixTypes } = this.#options;
    const run = await lintFiles(list, { ...this.#lintOptions(), keepSource: true, fix: fix ? { write: false, fixTypes } : undefined });
    this.#rules.merge(run.rulesMeta, run.ruleSeverities);
    return run.results;
  }

  /** Lints a notebook's JSON text or a Python script's text; with `fix: true` the result has the fixed `output`. */
  async lintText(code: string, options: LintTextOptions = {}): Promise<LintResult[]> {
    if (typeof code !== 'string') throw new TypeError("'code' must be a string.");
    validateTextOptions(options);
    const named = options.filePath !== undefined;
    const abs = named
      ? path.resolve(this.#cwd, options.filePath as string)
      : path.join(this.#cwd, /^\uFEFF?\s*\{/.test(code) ? `${TEXT_PATH}.ipynb` : `${TEXT_PATH}.py`);
    if (named && (await this.isPathIgnored(abs))) {
      return (options.warnIgnored ?? this.#options.warnIgnored ?? true) ? [ignoredFileResult(abs, this.#cwd)] : [];
    }
    const loaded = loadText(code, abs, named ? displayPathOf(abs, this.#cwd) : TEXT_PATH);
    let result: LintResult;
    if (loaded.ok) {
      const config = await (await this.#getResolver()).forFile(abs);
      this.#rules.add(config);
      const { fix, fixTypes } = this.#options;
      // Notes on fixes left out have no place in an ESLint result; the command line prints them.
      result = await lintLoadedFile(loaded.file, config, { keepSource: true, fix: fix ? { write: false, fixTypes } : undefined }, []);
    } else {
      result = loadFailureResult(loaded);
    }
    if (!named) result.filePath = TEXT_PATH;
    return [result];
  }

  /** A formatter by name (`stylish`, `json`, `sarif`, `github`); `format(results)` returns the report text. */
  async loadFormatter(name = 'stylish'): Promise<LoadedFormatter> {
    if (typeof name !== 'string') throw new TypeError("'name' must be a string.");
    const formatter = getFormatter(name);
    return {
      format: (results) =>
        formatter(results, {
          cwd: this.#cwd,
          rulesMeta: this.#rules.meta,
          ruleSeverities: this.#rules.severities,
          color: false,
          toolVersion: TOOL_VERSION,
        }),
    };
  }

  /** The meta of every rule that reported in these results (ESLint's getRulesMetaForResults). */
  getRulesMetaForResults(results: LintResult[]): Record<string, RuleMeta> {
    const out: Record<string, RuleMeta> = {};
    for (const result of results) {
      for (const message of [...result.messages, ...result.suppressedMessages]) {
        const meta = message.ruleId === null ? undefined : this.#rules.meta[message.ruleId];
        if (meta && message.ruleId !== null) out[message.ruleId] = meta;
      }
    }
    return out;
  }

  /** The configuration in force for a file, as `--print-config` prints it. */
  async calculateConfigForFile(filePath: string): Promise<unknown> {
    if (typeof filePath !== 'string' || filePath === '') throw new TypeError("'filePath' must be a non-empty string.");
    return JSON.parse(await printConfig(filePath, this.#lintOptions())) as unknown;
  }

  /** Whether a file named explicitly would be ignored (default folders, .nblintignore, ignorePatterns). */
  async isPathIgnored(filePath: string): Promise<boolean> {
    if (typeof filePath !== 'string' || filePath === '') throw new TypeError("'filePath' must be a non-empty string.");
    const resolver = await this.#getResolver();
    const ignored = await ignoreMatcher({ cwd: this.#cwd, isIgnored: (abs) => resolver.isIgnored(abs), noIgnore: this.#options.ignore === false });
    return isSkippedFile(path.resolve(this.#cwd, filePath), this.#cwd, ignored);
  }

  #lintOptions(): LintFilesOptions {
    const o = this.#options;
    return {
      cwd: this.#cwd,
      configFile: o.overrideConfigFile,
      useConfigLookup: o.useConfigLookup,
      ruleOverrides: o.overrideConfig?.rules,
      ignorePatterns: o.ignorePatterns,
      useIgnore: o.ignore,
    };
  }

  #getResolver(): Promise<ConfigResolver> {
    return (this.#resolver ??= createResolver(this.#lintOptions()));
  }
}

function validateTextOptions(options: unknown): asserts options is LintTextOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionsError(['lintText options must be an object.']);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === 'filePath') {
      if (typeof value !== 'string' || value === '') problems.push(`'filePath' must be a non-empty string.`);
    } else if (key === 'warnIgnored') {
      if (typeof value !== 'boolean') problems.push(`'warnIgnored' must be a boolean.`);
    } else {
      problems.push(`Unknown lintText option '${key}'. Known options: filePath, warnIgnored.`);
    }
  }
  if (problems.length > 0) throw new InvalidOptionsError(problems);
}
