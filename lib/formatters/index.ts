// The formatter registry: `-f <name>` → a function from lint results to the text to print or write.
// To add a format, add one entry to FORMATTERS. Only the default (stylish) is imported up front: the others pull in
// fix serialisation, hashing and zlib, which cost start-up time a plain run does not need, so they are required on
// first use (require() of an ES module is synchronous on the Node versions we support, ≥ 20.19).
import { createRequire } from 'node:module';
import type { LintResult, RuleMeta, Severity } from '../types.js';
import { stylish } from './stylish.js';

const require = createRequire(import.meta.url);

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

const FORMATTERS: Record<string, () => Formatter> = {
  stylish: () => stylish,
  json: () => (require('./json.js') as typeof import('./json.js')).json,
  sarif: () => {
    const { sarifFormatter, sarifLimitWarnings } = require('./sarif.js') as typeof import('./sarif.js');
    return Object.assign(sarifFormatter, { outputWarnings: sarifLimitWarnings });
  },
  github: () => (require('./github.js') as typeof import('./github.js')).githubFormatter,
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
  return FORMATTERS[name]();
}
