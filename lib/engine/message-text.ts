// Resolves a report's messageId and data into the text users read (ESLint's `{{ name }}` placeholders).
import type { Rule } from '../types.js';

/** A bug in a rule (not in the linted file): the CLI reports it as an internal error. */
export class RuleDefinitionError extends Error {}

export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  // As ESLint: an unknown placeholder is left as written, so the mistake is visible in the output.
  return template.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : whole,
  );
}

export function messageFor(
  ruleId: string,
  rule: Rule,
  messageId: string,
  data: Record<string, string | number> | undefined,
): string {
  const template = Object.hasOwn(rule.meta.messages, messageId) ? rule.meta.messages[messageId] : undefined;
  if (template === undefined) {
    const known = Object.keys(rule.meta.messages).join(', ') || 'none';
    throw new RuleDefinitionError(`rule '${ruleId}' reported unknown messageId '${messageId}' (its messages: ${known})`);
  }
  return interpolate(template, data);
}
