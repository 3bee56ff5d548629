// A rule's options, read from its JSON Schema (meta.schema) and defaults, as rows for the README.
import type { RuleMeta } from '../types.js';

export interface OptionDoc {
  /** Property name, or `option N` for a positional option that is not an object. */
  name: string;
  type: string;
  /** JSON text of the default, when there is one. */
  defaultValue?: string;
  /** JSON texts of the allowed values, when the schema lists them. */
  values?: string[];
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The options of a rule. ESLint's convention: `schema` is an array with one schema per positional option, or one
 * schema for the whole options array. `defaults` are the effective default options (positional).
 */
export function describeOptions(meta: RuleMeta, defaults: readonly unknown[]): OptionDoc[] {
  const items = positionalSchemas(meta.schema);
  return items.flatMap((item, index) => {
    const fallback = defaults[index];
    if (item.type === 'object' || isSchema(item.properties)) {
      const properties = isSchema(item.properties) ? item.properties : {};
      return Object.entries(properties).map(([name, property]) =>
        optionDoc(name, isSchema(property) ? property : {}, isSchema(fallback) ? fallback[name] : undefined),
      );
    }
    return [optionDoc(`option ${index + 1}`, item, fallback)];
  });
}

function positionalSchemas(schema: RuleMeta['schema']): Schema[] {
  if (Array.isArray(schema)) return schema.filter(isSchema);
  if (!isSchema(schema)) return [];
  // One schema for the whole array: its `items` are the positional options.
  if (Array.isArray(schema.items)) return schema.items.filter(isSchema);
  if (Array.isArray(schema.prefixItems)) return schema.prefixItems.filter(isSchema);
  return isSchema(schema.items) ? [schema.items] : [];
}

function optionDoc(name: string, schema: Schema, fallback: unknown): OptionDoc {
  const defaultValue = fallback !== undefined ? fallback : schema.default;
  const allowed = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  return {
    name,
    type: typeOf(schema),
    ...(defaultValue !== undefined && { defaultValue: JSON.stringify(defaultValue) }),
    ...(allowed && { values: allowed.map((value) => JSON.stringify(value)) }),
  };
}

/** A short type name: `string`, `string[]`, `boolean | null`, or the types of an enum's values. */
function typeOf(schema: Schema): string {
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'array') return isSchema(schema.items) ? `${typeOf(schema.items)}[]` : 'array';
  if (typeof schema.type === 'string') return schema.type;
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  const types: string[] = [...new Set(values.map((value) => (value === null ? 'null' : typeof value)))];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const alternatives = schema[key];
    if (Array.isArray(alternatives)) types.push(...alternatives.filter(isSchema).map(typeOf));
  }
  return types.length > 0 ? [...new Set(types)].join(' | ') : 'any';
}
