// The public API: what `import ... from 'nblint-mlflow'` offers (the CLI is built on the same functions).
export { lintFiles, printConfig, type LintFilesOptions, type LintFilesResult } from './lint-files.js';
export { discoverFiles, NoFilesError, type DiscoverOptions, type DiscoverResult } from './discover.js';
export { getFormatter, formatterNames, type Formatter, type FormatterContext } from './formatters/index.js';
export { ConfigError } from './config/errors.js';
export { main as runCli, type CliIO } from './cli/cli.js';
export type * from './types.js';
export { NbLint, TEXT_PATH, type LintTextOptions, type LoadedFormatter } from './api/nblint.js';
export { InvalidOptionsError, type NbLintOptions } from './api/options.js';
