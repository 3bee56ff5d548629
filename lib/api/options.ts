// The options of `new NbLint(options)`: ESLint's names where ESLint has the option, validated with ajv (as
// configuration files are), so a typo or a wrong type is an error naming the option instead of being ignored.
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { FIX_TYPES, type FixType } from '../cli/options.js';
import { appendInstancePath } from '../config/key-path.js';
import { getAjv } from '../config/rule-options.js';
import type { RuleEntry } from '../types.js';

export interface NbLintOptions {
  /** The folder patterns and relative paths are resolved from, and results are shown relative to (an absolute path; default: process.cwd()). */
  cwd?: string;
  /** A configuration file applied over the `.nblintrc.json` files found (the CLI's `-c, --config`). */
  overrideConfigFile?: string;
  /** false: do not look for `.nblintrc.json` files (`--no-config-lookup`). Default true. */
  useConfigLookup?: boolean;
  /** Rules set over every configuration (`--rule`): `{ rules: { 'no-run-log': ['error', { unknownValueType: 'suggest' }] } }`. */
  overrideConfig?: { rules?: Record<string, RuleEntry> };
  /** false: disable every ignore (`--no-ignore`). Default true. */
  ignore?: boolean;
  /** gitignore-style patterns relative to cwd (`--ignore-pattern`). */
  ignorePatterns?: string[];
  /**
   * As ESLint: true computes the fixes in memory. A result whose text changes gets the fixed text as `output`,
   * and its `messages` are the problems left in that text. Nothing is written until the results are passed to
   * `NbLint.outputFixes(results)`. Default false.
   */
  fix?: boolean;
  /** Fix only rules of these types (`--fix-type`); needs `fix: true`. */
  fixTypes?: FixType[];
  /** lintText() with a filePath that is ignored: true gives one warning result (ESLint's), false no result. Default true. */
  warnIgnored?: boolean;
}

/** `new NbLint(options)` with options it cannot honour: the message lists every problem. */
export class InvalidOptionsError extends Error {
  constructor(problems: string[]) {
    super(`Invalid Options:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'InvalidOptionsError';
  }
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cwd: { type: 'string', minLength: 1 },
    overrideConfigFile: { type: 'string', minLength: 1 },
    useConfigLookup: { type: 'boolean' },
    overrideConfig: {
      type: 'object',
      additionalProperties: false,
      properties: { rules: { type: 'object' } },
    },
    ignore: { type: 'boolean' },
    ignorePatterns: { type: 'array', items: { type: 'string' } },
    fix: { type: 'boolean' },
    fixTypes: { type: 'array', items: { enum: [...FIX_TYPES] } },
    warnIgnored: { type: 'boolean' },
  },
};

let validate: ReturnType<ReturnType<typeof getAjv>['compile']> | undefined;

export function validateOptions(options: unknown): NbLintOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError([`options must be an object (got ${describeValue(options)}).`]);
  }
  validate ??= getAjv().compile(SCHEMA);
  const problems = validate(options) ? [] : [...new Set((validate.errors ?? []).map(describe))];
  const given = options as NbLintOptions;
  if (typeof given.cwd === 'string' && given.cwd !== '' && !path.isAbsolute(given.cwd)) {
    problems.push(`'cwd' must be an absolute path (got "${given.cwd}").`);
  }
  if (given.fixTypes !== undefined && given.fix !== true) {
    problems.push(`'fixTypes' needs 'fix: true' (fixes are only computed with it).`);
  }
  if (problems.length > 0) throw new InvalidOptionsError(problems);
  return given;
}

function describe(error: ErrorObject): string {
  const where = appendInstancePath('', error.instancePath) || 'options';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const key = String(params.additionalProperty);
    return where === 'options'
      ? `Unknown option '${key}'. Known options: ${Object.keys(SCHEMA.properties).join(', ')}.`
      : `'${where}' has an unknown key '${key}' (only 'rules' is supported).`;
  }
  if (error.keyword === 'enum') return `'${where}' must be one of ${(params.allowedValues as string[]).join(', ')}.`;
  return `'${where}' ${error.message ?? 'is invalid'}.`;
}

const describeValue = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
