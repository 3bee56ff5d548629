// The formatter registry: `-f <name>` → a function from lint results to the text to print or write.
// To add a format, import it and add one entry to FORMATTERS.
import type { LintResult, RuleMeta, Severity } from '../types.js';
import { githubFormatter } from './github.js';
import { json } from './json.js';
import { sarifFormatter, sarifLimitWarnings } from './sarif.js';
import { stylish } from './stylish.js';

export interface FormatterContext {
  /** The working directory the run was started from. */
  cwd: string;
  /** Meta of every rule known to the run, by rule id (descriptions, docs URLs for SARIF). */
  rulesMeta: Record<string, RuleMeta>;
  /** Whether the output may use ANSI colours (a TTY, NO_COLOR / FORCE_COLOR, --color / --no-color). */
  color: boolean;
  /** Set when --max-warnings was exceeded (ESLint passes the same to its formatters). */
  maxWarningsExceeded?: { maxWarnings: number; foundWarnings: number };
  /** nblint-mlflow's version (SARIF's tool.driver.version). */
  toolVersion: string;
  /** --sarif-category. */
  sarifCategory?: string;
  /** The highest severity each enabled rule runs at over all linted files. */
  ruleSeverities?: Record<string, Severity>;
}

export type Formatter = ((results: LintResult[], ctx: FormatterContext) => string) & {
  /**
   * Set when the formatter reads `result.source` / `result.file` (ESLint's JSON `source`, SARIF fixes and
   * line hashes). Without it the raw text of each file is dropped as soon as the file is linted.
   */
  needsSource?: boolean;
  /** Problems with the produced text itself (e.g. over GitHub's SARIF upload limits), printed on stderr. */
  outputWarnings?: (output: string) => string[];
};

const FORMATTERS: Record<string, Formatter> = {
  stylish,
  json,
  sarif: Object.assign(sarifFormatter, { outputWarnings: sarifLimitWarnings }),
  github: githubFormatter,
};

export const formatterNames = (): string[] => Object.keys(FORMATTERS);

/** Thrown for an unknown `-f` name; the CLI prints it and exits 2. */
export class UnknownFormatterError extends Error {
  constructor(name: string) {
    super(`There was a problem loading formatter "${name}": unknown format. Available formats: ${formatterNames().join(', ')}.`);
    this.name = 'UnknownFormatterError';
  }
}

export function getFormatter(name: string): Formatter {
  if (!Object.hasOwn(FORMATTERS, name)) throw new UnknownFormatterError(name);
  return FORMATTERS[name];
}
