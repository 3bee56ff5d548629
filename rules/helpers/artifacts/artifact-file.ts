// The artifact file a string "metric" is written to: `{name}.txt` by default, derived safely from the name.
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../../../lib/types.js';
import { stringLiteralValue } from '../../../lib/python/nodes.js';
import { textOf } from '../source/text.js';

export const DEFAULT_TEMPLATE = '{name}.txt';

/**
 * Templates the schema accepts: one `{name}`, characters safe in any file system and in a Python
 * string literal, a relative path (no leading `/` or `.`, no `..`, `//` or trailing `/`).
 */
export const TEMPLATE_PATTERN = '^(?![/.])(?!.*\\.\\.)(?!.*//)(?!.*/$)[A-Za-z0-9._/-]*\\{name\\}[A-Za-z0-9._/-]*$';

/** A metric name as a file name part: only `[A-Za-z0-9._-]`, never empty, no leading/trailing dot, no `..`. */
export function sanitizeFileName(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+|\.+$/g, '')
    .replace(/\.{2,}/g, '_');
  return safe || 'metric';
}

/**
 * The template filled with a (sanitised) name; a name that already ends with the template's extension keeps it
 * once: `log_image("acc_over_epochs.png", plot=...)` is written to "acc_over_epochs.png", not "...png.png".
 */
export function fileFromTemplate(template: string, safeName: string): string {
  const at = template.indexOf('{name}');
  const suffix = template.slice(at + '{name}'.length);
  const extension = /^\.[A-Za-z0-9]+$/.test(suffix) ? suffix.toLowerCase() : null;
  const named = extension !== null && safeName.toLowerCase().endsWith(extension) && safeName.length > extension.length;
  return named ? template.slice(0, at) + safeName : template.replace('{name}', safeName);
}

/** Node types whose source can sit in an f-string replacement field as written. */
const FSTRING_SAFE = new Set([
  'VariableName',
  'MemberExpression',
  'CallExpression',
  'SubscriptExpression',
  'ParenthesizedExpression',
  'FormatString',
  'ContinuedString',
  'BinaryExpression',
  'ConditionalExpression',
]);

/**
 * Python source for the artifact file of a metric named by `nameNode`: a string literal when the name
 * is one (sanitised), else an f-string built from the name expression at run time.
 */
export function artifactFileSource(unit: Unit, nameNode: SyntaxNode, template: string): string {
  const literal = stringLiteralValue(unit, nameNode);
  if (literal !== null) return `"${fileFromTemplate(template, sanitizeFileName(literal))}"`;

  const expr = textOf(unit, nameNode);
  const [prefix, suffix] = template.split('{name}');
  const quote = expr.includes('"') ? (expr.includes("'") ? null : "'") : '"';
  const plain = !/[\\\n\r#]/.test(expr) && FSTRING_SAFE.has(nameNode.name);
  if (quote && plain) {
    // A leading or trailing brace would read as an escaped `{{` / `}}`.
    const field = /^\{|\}$/.test(expr) ? ` ${expr} ` : expr;
    return `f${quote}${prefix}{${field}}${suffix}${quote}`;
  }
  // Anything an f-string cannot hold (before Python 3.12) is concatenated instead.
  return [prefix && `"${prefix}"`, `str(${expr})`, suffix && `"${suffix}"`].filter(Boolean).join(' + ');
}
