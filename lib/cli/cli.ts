// The command line: options → lint → format → output, and the exit code (0 ok, 1 lint errors or too many
// warnings, 2 usage / configuration / internal error). Modules that linting needs are imported only once the
// options are known to be valid, so --help, --version and usage errors answer at once.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import { NoFilesError } from '../discover.js';
import { CliError } from './errors.js';
import { HELP } from './help.js';
import { parseOptions, UsageError, type CliOptions } from './options.js';
import { TOOL_NAME, TOOL_VERSION } from './package-info.js';
import { RuleOptionError } from './rule-option.js';
import { capYoungGeneration } from './young-generation.js';
import { MAX_FILE_BYTES } from '../limits.js';

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colours). */
  isTTY: boolean;
  /** Reads all of standard input (--stdin); process.stdin when absent. */
  readStdin?: () => Promise<string | Uint8Array>;
}

let lintStarted = false;

/** Whether this process started a lint (the bundle then keeps its code cache: lib/cli/code-cache.ts). */
export function ranLint(): boolean {
  return lintStarted;
}

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
  const [{ getFormat, OPTION_FORMATS }, { lintAndFormat }, { fileSink, stdoutSink }] = await Promise.all([
    import('../formatters/index.js'),
    import('../format-run.js'),
    import('./output-sink.js'),
  ]);
  getFormat(options.format); // an unknown -f name is an error even when an option prints something else
  if (options.statistics && options.format !== 'stylish' && options.format !== 'json') {
    throw new UsageError('The --statistics option prints a table, or JSON with -f json; it cannot be used with another format.');
  }
  // --diff and --statistics print instead of the report: formats of their own.
  const formatName = options.diff
    ? OPTION_FORMATS.diff
    : options.statistics
      ? options.format === 'json'
        ? OPTION_FORMATS.statisticsJson
        : OPTION_FORMATS.statistics
      : options.format;
  const format = getFormat(formatName);
  const lintOptions = {
    cwd: io.cwd,
    configFile: options.config,
    useConfigLookup: options.configLookup,
    ruleOverrides: options.rules,
    ignorePatterns: options.ignorePatterns,
    useIgnore: options.ignore,
    concurrency: options.concurrency,
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
    fix:
      options.fix || options.fixDryRun || options.diff
        ? { write: options.fix, fixTypes: options.fixTypes, diff: options.diff }
        : undefined,
    cache: options.cache ? { location: options.cacheLocation, toolVersion: TOOL_VERSION } : undefined,
  };
  if (options.printConfig !== undefined) {
    const { printConfig } = await import('../lint-files.js');
    io.stdout.write(`${await printConfig(options.printConfig, lintOptions)}\n`);
    return 0;
  }

  const start = { cwd: io.cwd, color: useColor(options, io), toolVersion: TOOL_VERSION, sarifCategory: options.sarifCategory };
  const { newFileSpool } = await import('./file-spool.js');
  let sink: Awaited<ReturnType<typeof fileSink>> | undefined;
  let writer: ReturnType<typeof format.open> | undefined;
  const written: string[] = [];
  try {
    const stdin = options.stdin ? { text: await readStdin(io), filePath: options.stdinFilename } : undefined;
    lintStarted = true;
    const summary = await lintAndFormat(options.patterns, { ...lintOptions, stdin }, { format: formatName, start, quiet: options.quiet }, {
      // After discovery: a path that matches nothing is reported before an output file is touched.
      begin: async (files) => {
        if (options.outputFile !== undefined) await refuseOutputOverInput(path.resolve(io.cwd, options.outputFile), options.outputFile, files);
        sink = options.outputFile === undefined ? stdoutSink(io.stdout) : await fileSink(path.resolve(io.cwd, options.outputFile), options.outputFile);
        writer = format.open(start, sink, { newSpool: newFileSpool, checkLimits: true });
      },
      written: (file) => void written.push(file),
      add: (prepared) => {
        writer!.add(prepared);
        capYoungGeneration();
        return sink!.drained();
      },
    });
    for (const warning of summary.warnings) io.stderr.write(`${TOOL_NAME}: warning: ${warning}\n`);
    // As ESLint: the exit code and --max-warnings count the unfiltered results, so --quiet only hides warnings.
    const { errorCount, warningCount } = summary;
    const tooManyWarnings = options.maxWarnings >= 0 && warningCount > options.maxWarnings;
    const notes = await writer!.end({
      rulesMeta: summary.rulesMeta,
      ruleSeverities: summary.ruleSeverities,
      ...(tooManyWarnings ? { maxWarningsExceeded: { maxWarnings: options.maxWarnings, foundWarnings: warningCount } } : {}),
    });
    await sink!.close();
    for (const note of notes) io.stderr.write(`${TOOL_NAME}: warning: ${note}\n`);
    const exit = (code: number): number => (options.exitZero ? 0 : code);
    if (options.diff) {
      // As `ruff check --diff`: the diff on stdout, the count on stderr, exit 1 when there is something to change.
      io.stderr.write(`${fixSummary('would fix', summary)}\n`);
      return exit(summary.changedFiles > 0 ? 1 : 0);
    }
    // On stderr, so that stdout stays the report (-f json, sarif) whatever the options.
    if (options.fix) io.stderr.write(`${fixSummary('fixed', summary)}\n`);
    if (tooManyWarnings && errorCount === 0) {
      io.stderr.write(`${TOOL_NAME} found too many warnings (maximum: ${options.maxWarnings}).\n`);
    }
    return exit(errorCount > 0 || tooManyWarnings ? 1 : 0);
  } catch (error) {
    await sink?.discard();
    // The report is lost, but what --fix already did must not be: say which files were rewritten.
    if (written.length > 0) {
      const shown = written.slice(0, 20).map((file) => path.relative(io.cwd, file) || file);
      const more = written.length > shown.length ? ` and ${written.length - shown.length} more` : '';
      io.stderr.write(`${TOOL_NAME}: --fix had already rewritten ${written.length} file(s) before the error: ${shown.join(', ')}${more}\n`);
    }
    throw error;
  }
}

/** `-o` naming one of the linted files would replace it with the report: refused before anything is written. */
async function refuseOutputOverInput(target: string, shownAs: string, files: readonly { path: string }[]): Promise<void> {
  const real = async (file: string): Promise<string> => realpath(file).catch(() => file);
  const output = await real(target);
  for (const file of files) {
    if (file.path === target || (await real(file.path)) === output) {
      throw new CliError(`The output file ${shownAs} is one of the files to lint; choose another path for the report.`);
    }
  }
}

/** `fixed 3 problems in 2 files, 1 left`: what the fixes resolved, in how many files, and what is still reported. */
function fixSummary(verb: string, run: { fixedCount: number; changedFiles: number; errorCount: number; warningCount: number }): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${verb} ${plural(run.fixedCount, 'problem')} in ${plural(run.changedFiles, 'file')}, ${run.errorCount + run.warningCount} left`;
}

/**
 * The bytes of standard input, decoded later as a file's are. Reading stops one chunk past the file size limit
 * (`cat /dev/zero | nblint-mlflow --stdin` must end): the input is then refused as too large.
 */
async function readStdin(io: CliIO): Promise<string | Uint8Array> {
  if (io.readStdin) return io.readStdin();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length > MAX_FILE_BYTES) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks);
}

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
