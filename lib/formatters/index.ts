// The formatter registry: `-f <name>` → a format (formatter.ts). To add a format, add one entry to FORMATS. Only the
// default (stylish) is imported up front: the others pull in fix serialisation, hashing and zlib, which cost
// start-up time a plain run does not need, so they are required on first use (require() of an ES module is
// synchronous on the Node versions we support, ≥ 20.19).
import { createRequire } from 'node:module';
import { formatterOf, type FormatDefinition, type Formatter } from './formatter.js';
import { stylishFormat } from './stylish.js';

export type { EndContext, FormatDefinition, Formatter, FormatterContext, PrepareContext, StartContext, TextSink } from './formatter.js';

const require = createRequire(import.meta.url);

const FORMATS: Record<string, () => FormatDefinition> = {
  stylish: () => stylishFormat as FormatDefinition,
  json: () => (require('./json.js') as typeof import('./json.js')).jsonFormat as FormatDefinition,
  sarif: () => (require('./sarif.js') as typeof import('./sarif.js')).sarifFormat as FormatDefinition,
  github: () => (require('./github.js') as typeof import('./github.js')).githubFormat as FormatDefinition,
  html: () => (require('./html.js') as typeof import('./html.js')).htmlFormat as FormatDefinition,
};

/**
 * What an option prints instead of the report (--statistics, --diff): formats too, so they stream and run on
 * worker threads like the others, but chosen by the CLI, never by -f, and not listed.
 */
export const OPTION_FORMATS = {
  statistics: '--statistics',
  statisticsJson: '--statistics -f json',
  diff: '--diff',
} as const;

const OPTION_FORMAT_DEFINITIONS: Record<string, () => FormatDefinition> = {
  [OPTION_FORMATS.statistics]: () => (require('./statistics.js') as typeof import('./statistics.js')).statisticsFormat(false) as FormatDefinition,
  [OPTION_FORMATS.statisticsJson]: () => (require('./statistics.js') as typeof import('./statistics.js')).statisticsFormat(true) as FormatDefinition,
  [OPTION_FORMATS.diff]: () => (require('./diff.js') as typeof import('./diff.js')).diffFormat as FormatDefinition,
};

export const formatterNames = (): string[] => Object.keys(FORMATS);

/** Thrown for an unknown `-f` name; the CLI prints it and exits 2. */
export class UnknownFormatterError extends Error {
  constructor(name: string) {
    super(`There was a problem loading formatter "${name}": unknown format. Available formats: ${formatterNames().join(', ')}.`);
    this.name = 'UnknownFormatterError';
  }
}

/** The format itself, for streaming (the CLI; worker threads call its `prepare`). */
export function getFormat(name: string): FormatDefinition {
  if (Object.hasOwn(OPTION_FORMAT_DEFINITIONS, name)) return OPTION_FORMAT_DEFINITIONS[name]();
  if (!Object.hasOwn(FORMATS, name)) throw new UnknownFormatterError(name);
  return FORMATS[name]();
}

/** The array form: results in, text out. */
export function getFormatter(name: string): Formatter {
  return formatterOf(getFormat(name));
}
