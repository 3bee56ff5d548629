// The command line: options → lint → format → output, and the exit code (0 ok, 1 lint errors or too many
// warnings, 2 usage / configuration / internal error). Modules that linting needs are imported only once the
// options are known to be valid, so --help, --version and usage errors answer at once.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import { NoFilesError } from '../discover.js';
import type { LintResult } from '../types.js';
import { HELP } from './help.js';
import { parseOptions, UsageError, type CliOptions } from './options.js';
import { TOOL_NAME, TOOL_VERSION } from './package-info.js';
import { RuleOptionError } from './rule-option.js';

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colours). */
  isTTY: boolean;
}

/** An error the user can act on (bad option value, configuration, unwritable output): message only, exit 2. */
class CliError extends Error {}

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const options = parseOptions(argv);
  if (options.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (options.version) {
    io.stdout.write(`v${TOOL_VERSION}\n`);
    return 0;
  }
  if (options.lsp) {
    // The server and its LSP library load only here: they add nothing to a lint run's start-up.
    const { startLanguageServer } = await import('../lsp/server.js');
    return startLanguageServer(process.stdin, process.stdout, {
      configFile: options.config === undefined ? undefined : path.resolve(io.cwd, options.config),
      useConfigLookup: options.configLookup,
      ruleOverrides: options.rules,
      ignorePatterns: options.ignorePatterns,
      useIgnore: options.ignore,
    });
  }
  // Loaded only now (and together: module loading is I/O, so the two overlap).
  const [{ getFormatter }, { lintFiles, printConfig }] = await Promise.all([
    import('../formatters/index.js'),
    import('../lint-files.js'),
  ]);
  const formatter = getFormatter(options.format);
  const lintOptions = {
    cwd: io.cwd,
    configFile: options.config,
    useConfigLookup: options.configLookup,
    ruleOverrides: options.rules,
    ignorePatterns: options.ignorePatterns,
    useIgnore: options.ignore,
    jobs: options.jobs,
    keepSource: formatter.needsSource === true,
    fix: options.fix || options.fixDryRun ? { write: options.fix, fixTypes: options.fixTypes } : undefined,
  };
  if (options.printConfig !== undefined) {
    io.stdout.write(`${await printConfig(options.printConfig, lintOptions)}\n`);
    return 0;
  }

  const { results, rulesMeta, ruleSeverities, warnings } = await lintFiles(options.patterns, lintOptions);
  for (const warning of warnings) io.stderr.write(`${TOOL_NAME}: warning: ${warning}\n`);

  const shown = options.quiet ? errorsOnly(results) : results;
  // As ESLint: the exit code and --max-warnings count the unfiltered results, so --quiet only hides warnings.
  const errorCount = sum(results, (r) => r.errorCount);
  const warningCount = sum(results, (r) => r.warningCount);
  const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;

  const output = formatter(shown, {
    cwd: io.cwd,
    rulesMeta,
    color: useColor(options, io),
    toolVersion: TOOL_VERSION,
    sarifCategory: options.sarifCategory,
    ruleSeverities,
    ...(tooManyWarnings ? { maxWarningsExceeded: { maxWarnings: options.maxWarnings, foundWarnings: warningCount } } : {}),
  });
  await writeOutput(output, options, io);
  for (const warning of formatter.outputWarnings?.(output) ?? []) io.stderr.write(`${TOOL_NAME}: warning: ${warning}\n`);

  if (tooManyWarnings && errorCount === 0) {
    io.stderr.write(`${TOOL_NAME} found too many warnings (maximum: ${options.maxWarnings}).\n`);
  }
  return errorCount > 0 || tooManyWarnings ? 1 : 0;
}

/** --quiet, as ESLint: warnings are dropped before formatting (they still count for --max-warnings). */
function errorsOnly(results: LintResult[]): LintResult[] {
  return results.map((result) => ({
    ...result,
    messages: result.messages.filter((m) => m.severity === 2),
    warningCount: 0,
    fixableWarningCount: 0,
  }));
}

const sum = (results: LintResult[], count: (r: LintResult) => number): number =>
  results.reduce((total, r) => total + count(r), 0);

/**
 * --color/--no-color win; then NO_COLOR (any non-empty value) turns colours off and FORCE_COLOR on
 * (except "0" / "false"); otherwise colours only on a terminal, and never in an --output-file.
 */
export function useColor(options: Pick<CliOptions, 'color' | 'outputFile'>, io: Pick<CliIO, 'env' | 'isTTY'>): boolean {
  if (options.color !== undefined) return options.color;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return options.outputFile === undefined && io.isTTY && io.env.TERM !== 'dumb';
}

async function writeOutput(output: string, options: CliOptions, io: CliIO): Promise<void> {
  if (options.outputFile === undefined) {
    if (output) io.stdout.write(`${output}\n`);
    return;
  }
  const target = path.resolve(io.cwd, options.outputFile);
  if ((await stat(target).catch(() => null))?.isDirectory()) {
    throw new CliError(`Cannot write to output file path, it is a directory: ${options.outputFile}`);
  }
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, output);
  } catch (error) {
    throw new CliError(`There was a problem writing the output file ${options.outputFile}: ${(error as Error).message}`);
  }
}

/** Known error kinds get their message; anything else is a bug, reported ESLint's way (stack with DEBUG=nblint). */
function reportError(error: unknown, io: CliIO): number {
  if (error instanceof UsageError || error instanceof RuleOptionError) {
    io.stderr.write(`${TOOL_NAME}: ${error.message}\nRun "${TOOL_NAME} --help" for the options.\n`);
    return 2;
  }
  if (
    error instanceof CliError ||
    (error instanceof Error && error.name === 'UnknownFormatterError') ||
    error instanceof ConfigError ||
    error instanceof NoFilesError
  ) {
    io.stderr.write(`${TOOL_NAME}: ${(error as Error).message}\n`);
    return 2;
  }
  const debug = /(^|,)\s*nblint\b/.test(io.env.DEBUG ?? '');
  const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
  io.stderr.write(
    `Oops! Something went wrong! :(\n\n${TOOL_NAME}: ${TOOL_VERSION}\n\n${detail}\n` +
      (debug ? '' : `\n(Run with DEBUG=nblint for the stack trace.)\n`),
  );
  return 2;
}
