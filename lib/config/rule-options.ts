// Rule options: validated against rule.meta.schema with ajv (ESLint's semantics), and completed with
// rule.meta.defaultOptions. ajv is loaded and a schema compiled only when options are actually given.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Rule } from '../types.js';
import { ConfigError } from './errors.js';
import { appendInstancePath } from './key-path.js';
import { isObject } from './shape.js';

type AjvInstance = { compile(schema: object): ValidateFunction };
let ajv: AjvInstance | undefined;
const validators = new WeakMap<Rule, ValidateFunction>();

export function getAjv(): AjvInstance {
  if (!ajv) {
    const Ajv = createRequire(import.meta.url)('ajv') as new (opts: object) => AjvInstance;
    ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  }
  return ajv;
}

/** ESLint: an array of item schemas means positional options; one schema describes the whole options array. */
export function optionsSchema(rule: Rule): object {
  const schema = rule.meta.schema;
  if (schema === undefined || (Array.isArray(schema) && schema.length === 0)) return { type: 'array', maxItems: 0 };
  if (Array.isArray(schema)) return { type: 'array', items: schema, minItems: 0, maxItems: schema.length };
  return schema;
}

/**
 * Throws a ConfigError when `options` do not match the rule's schema. `where` names the file and the entry,
 * e.g. `.nblintrc.json: rules.no-run-log`; options are numbered as in the entry (the severity is [0]).
 */
export function validateRuleOptions(rule: Rule, options: unknown[], where: { source: string; path: string }): void {
  // No options against positional item schemas always passes: do not load ajv for it.
  if (options.length === 0 && (rule.meta.schema === undefined || Array.isArray(rule.meta.schema))) return;
  let validate = validators.get(rule);
  if (!validate) {
    try {
      validate = getAjv().compile(optionsSchema(rule));
    } catch (error) {
      throw new ConfigError(`${where.source}: ${where.path}: the rule's options schema is invalid: ${(error as Error).message}`);
    }
    validators.set(rule, validate);
  }
  if (validate(options)) return;
  const lines = (validate.errors ?? []).map((e) => `${where.source}: ${describeError(e, where.path)}`);
  throw new ConfigError([...new Set(lines)].join('\n'));
}

function describeError(error: ErrorObject, base: string): string {
  const path = appendInstancePath(base, error.instancePath, 1);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${path}: unknown property '${String(params.additionalProperty)}'`;
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return `${path}: ${error.message}: ${allowed}`;
  }
  if (error.keyword === 'maxItems' && error.instancePath === '') {
    return `${path}: too many options (${String(params.limit)} allowed)`;
  }
  return `${path}: ${error.message ?? error.keyword}`;
}

/** ESLint's deepMergeArrays: user options win; missing items and missing object keys come from the defaults. */
export function withDefaultOptions(rule: Rule, options: readonly unknown[]): unknown[] {
  const defaults = rule.meta.defaultOptions ?? [];
  const length = Math.max(defaults.length, options.length);
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) out.push(i < options.length ? deepMerge(defaults[i], options[i]) : structuredClone(defaults[i]));
  return out;
}

function deepMerge(base: unknown, value: unknown): unknown {
  if (value === undefined) return structuredClone(base);
  if (!isObject(base) || !isObject(value)) return value;
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, v] of Object.entries(value)) out[key] = deepMerge(base[key], v);
  return out;
}
