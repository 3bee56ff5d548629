// Rule entries as users write them ("warn", 2, ["error", {...}]) and their normalised form.
import type { RuleEntry, Severity, SeverityString } from '../types.js';

const BY_NAME: Record<string, Severity> = { off: 0, warn: 1, error: 2 };
export const SEVERITY_NAMES: readonly SeverityString[] = ['off', 'warn', 'error'];

/** The severity of a level, or null when it is not one. */
export function toSeverity(level: unknown): Severity | null {
  if (level === 0 || level === 1 || level === 2) return level;
  if (typeof level === 'string' && Object.hasOwn(BY_NAME, level.toLowerCase())) return BY_NAME[level.toLowerCase()];
  return null;
}

export interface ParsedEntry {
  severity: Severity;
  /** undefined when the entry gives only a severity (earlier options are kept, as in ESLint). */
  options?: unknown[];
}

/** Parses a rule entry; returns an error text (without the key path) when it is malformed. */
export function parseRuleEntry(entry: RuleEntry | unknown): ParsedEntry | string {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (Array.isArray(entry) && entry.length === 0) return 'must be a severity or an array [severity, ...options]';
  const severity = toSeverity(level);
  if (severity === null) {
    return `severity should be one of 0 = off, 1 = warn, 2 = error, or "off", "warn", "error" (you passed ${JSON.stringify(level)})`;
  }
  return Array.isArray(entry) ? { severity, options: entry.slice(1) } : { severity };
}
