// The command line (design.md "Command line", ESLint's option names and rules), parsed with node:util's
// parseArgs: yargs alone costs ~70 ms of start-up, half the 150 ms budget for a first result.
import { parseArgs } from 'node:util';
import type { RuleEntry } from '../types.js';
import { parseRuleOptions } from './rule-option.js';

export const FIX_TYPES = ['problem', 'suggestion', 'layout', 'directive'] as const;
export type FixType = (typeof FIX_TYPES)[number];

export interface CliOptions {
  patterns: string[];
  format: string;
  outputFile?: string;
  fix: boolean;
  fixDryRun: boolean;
  fixTypes?: FixType[];
  unsafeFixes: boolean;
  config?: string;
  configLookup: boolean;
  rules: Record<string, RuleEntry>;
  /** -1: no limit. */
  maxWarnings: number;
  quiet: boolean;
  ignorePatterns: string[];
  ignore: boolean;
  printConfig?: string;
  /** --concurrency (ESLint's name; --jobs is an alias): threads that lint (this one and n - 1 workers), 'auto', or 'off'. */
  concurrency: number | 'auto' | 'off';
  sarifCategory?: string;
  /** Print what --fix would change as a unified diff instead of the report; write nothing. */
  diff: boolean;
  /** Print counts per rule instead of the problems. */
  statistics: boolean;
  /** Exit 0 even when problems are found (errors in the options or configuration still exit 2). */
  exitZero: boolean;
  /** Reuse the results of files unchanged since the last --cache run. */
  cache: boolean;
  /** The cache file, or a folder to put it in (default .nblintcache in the current folder). */
  cacheLocation?: string;
  /** Report disable directives that suppress nothing (as errors, like ESLint's flag). */
  reportUnusedDisableDirectives: boolean;
  /** Lint the text given on standard input. */
  stdin: boolean;
  /** The path the standard input stands for (kind, configuration, ignore patterns, report). */
  stdinFilename?: string;
  /** --color / --no-color; undefined: decided from the terminal and NO_COLOR / FORCE_COLOR. */
  color?: boolean;
  help: boolean;
  version: boolean;
  /** --lsp: run the language server on stdio instead of linting. */
  lsp: boolean;
}

/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/** Every option the command line takes (a test checks each is documented in --help and the README). */
export const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  'output-file': { type: 'string', short: 'o' },
  fix: { type: 'boolean', default: false },
  'fix-dry-run': { type: 'boolean', default: false },
  'fix-type': { type: 'string', multiple: true },
  'unsafe-fixes': { type: 'boolean', default: false },
  config: { type: 'string', short: 'c' },
  'config-lookup': { type: 'boolean', default: true },
  rule: { type: 'string', multiple: true },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'ignore-pattern': { type: 'string', multiple: true },
  ignore: { type: 'boolean', default: true },
  'print-config': { type: 'string' },
  concurrency: { type: 'string' },
  jobs: { type: 'string' },
  'sarif-category': { type: 'string' },
  diff: { type: 'boolean', default: false },
  statistics: { type: 'boolean', default: false },
  'exit-zero': { type: 'boolean', default: false },
  cache: { type: 'boolean', default: false },
  'cache-location': { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean', default: false },
  stdin: { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  color: { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  lsp: { type: 'boolean', default: false },
  // What LSP clients (vscode-languageclient) pass to say the transport is stdio, the only one served.
  stdio: { type: 'boolean', default: false },
} as const;

export function parseOptions(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    // parseArgs' messages ("Unknown option '--x'") name the option; its "To specify a positional..." hints do not help here.
    throw new UsageError((error as Error).message.split('. To specify')[0].replace(/\.?$/, '.'));
  }
  const v = parsed.values;

  const fixTypes = v['fix-type']?.flatMap((value) => value.split(',').map((t) => t.trim()).filter(Boolean));
  for (const type of fixTypes ?? []) {
    if (!(FIX_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`Invalid --fix-type "${type}": expected one of ${FIX_TYPES.join(', ')}.`);
    }
  }
  if (v.fix && v['fix-dry-run']) throw new UsageError('The --fix option and the --fix-dry-run option cannot be used together.');
  if (v.stdio && !v.lsp) throw new UsageError('The --stdio option requires --lsp.');
  if (v.lsp && parsed.positionals.length > 0) throw new UsageError('The --lsp option takes no paths: the client sends the documents.');
  if (v.diff && (v.fix || v['fix-dry-run'])) throw new UsageError('The --diff option cannot be used with --fix or --fix-dry-run: it shows what --fix would change.');
  if (fixTypes && !v.fix && !v['fix-dry-run'] && !v.diff) {
    throw new UsageError('The --fix-type option requires either --fix, --fix-dry-run or --diff.');
  }
  if (v.stdin && v.fix) throw new UsageError('The --fix option is not available for piped-in code; use --fix-dry-run or --diff instead.');
  if (v.stdin && parsed.positionals.length > 0) throw new UsageError('The --stdin option lints standard input: no paths can be given with it.');
  if (v['stdin-filename'] !== undefined && !v.stdin) throw new UsageError('The --stdin-filename option requires --stdin.');
  if (v.statistics && v.diff) throw new UsageError('The --statistics option cannot be used with --diff.');
  if (v['print-config'] !== undefined && parsed.positionals.length > 0) {
    throw new UsageError('The --print-config option must be used with exactly one file name.');
  }

  return {
    patterns: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format: v.format,
    outputFile: v['output-file'],
    fix: v.fix,
    fixDryRun: v['fix-dry-run'],
    fixTypes: fixTypes as FixType[] | undefined,
    unsafeFixes: v['unsafe-fixes'],
    config: v.config,
    configLookup: v['config-lookup'],
    rules: parseRuleOptions(v.rule ?? []),
    // As ESLint, -1 (the default) means no limit.
    maxWarnings: v['max-warnings'] === undefined ? -1 : integerOption('--max-warnings', v['max-warnings'], -1),
    quiet: v.quiet,
    ignorePatterns: v['ignore-pattern'] ?? [],
    ignore: v.ignore,
    printConfig: v['print-config'],
    concurrency: concurrencyOption(v.concurrency, v.jobs),
    sarifCategory: v['sarif-category'],
    diff: v.diff,
    statistics: v.statistics,
    exitZero: v['exit-zero'],
    cache: v.cache,
    cacheLocation: v['cache-location'],
    reportUnusedDisableDirectives: v['report-unused-disable-directives'],
    stdin: v.stdin,
    stdinFilename: v['stdin-filename'],
    color: v.color,
    help: v.help,
    version: v.version,
    lsp: v.lsp,
  };
}

function integerOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`Invalid value for option '${name}': expected an integer ≥ ${min}, got '${value}'.`);
  }
  return n;
}

/** --concurrency <n|auto|off>; --jobs <n> (it used to set a read-ahead, which synchronous reads made pointless). */
function concurrencyOption(concurrency: string | undefined, jobs: string | undefined): CliOptions['concurrency'] {
  if (concurrency !== undefined && jobs !== undefined) throw new UsageError('The --concurrency option and its alias --jobs cannot be used together.');
  const name = concurrency !== undefined ? '--concurrency' : '--jobs';
  const value = (concurrency ?? jobs)?.trim();
  if (value === undefined || value === 'off') return 'off';
  if (value === 'auto') return 'auto';
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`Invalid value for option '${name}': expected a number ≥ 1, "auto" or "off", got '${value}'.`);
  }
  return Number(value);
}
