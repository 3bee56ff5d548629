// Parses `--rule` values the way ESLint (levn) reads them:
//   --rule 'no-run-log: error'
//   --rule 'no-run-log: [warn, {unknownValueType: fix}]'
//   --rule '{"no-run-log": ["warn", {"onlySuggest": true}]}'
// Values are relaxed JSON: quotes are optional around words, `true`/`false`/`null` and numbers keep their type.
import type { RuleEntry } from '../types.js';

export class RuleOptionError extends Error {}

const DELIMITERS = new Set([',', ':', '[', ']', '{', '}']);

class RelaxedParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseTopLevel(): Record<string, unknown> {
    this.skipSpace();
    // The braces around the top-level object are optional, as in ESLint.
    const value = this.text[this.pos] === '{' ? this.parseValue() : this.parseObjectBody(undefined);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected "${this.text[this.pos]}"`);
    return value as Record<string, unknown>;
  }

  private parseValue(): unknown {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') {
      this.pos++;
      const obj = this.parseObjectBody('}');
      this.pos++;
      return obj;
    }
    if (ch === '[') {
      this.pos++;
      const items: unknown[] = [];
      this.skipSpace();
      while (this.text[this.pos] !== ']') {
        items.push(this.parseValue());
        if (!this.separator(']')) break;
      }
      this.expect(']');
      return items;
    }
    if (ch === '"' || ch === "'") return this.parseQuoted();
    const word = this.parseWord();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word)) return Number(word);
    return word;
  }

  /** `key: value, key: value` up to `close` (or the end of the text when close is undefined). */
  private parseObjectBody(close: string | undefined): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.skipSpace();
    while (this.pos < this.text.length && this.text[this.pos] !== close) {
      const ch = this.text[this.pos];
      const key = ch === '"' || ch === "'" ? this.parseQuoted() : this.parseWord();
      this.skipSpace();
      this.expect(':');
      obj[key] = this.parseValue();
      if (!this.separator(close)) break;
    }
    if (close !== undefined && this.text[this.pos] !== close) this.fail(`expected "${close}"`);
    return obj;
  }

  /** Consumes a `,` (true) or stops before `close` (false). */
  private separator(close: string | undefined): boolean {
    this.skipSpace();
    if (this.text[this.pos] === ',') {
      this.pos++;
      this.skipSpace();
      return true;
    }
    if (this.pos >= this.text.length || this.text[this.pos] === close) return false;
    this.fail(`unexpected "${this.text[this.pos]}"`);
  }

  private parseQuoted(): string {
    const quote = this.text[this.pos];
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail('unterminated string');
    const raw = this.text.slice(this.pos, end + 1);
    this.pos = end + 1;
    return quote === '"' ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private parseWord(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !DELIMITERS.has(this.text[this.pos])) this.pos++;
    const word = this.text.slice(start, this.pos).trim();
    if (!word) this.fail(this.pos < this.text.length ? `unexpected "${this.text[this.pos]}"` : 'unexpected end');
    return word;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private fail(why: string): never {
    throw new RuleOptionError(`Invalid value for option '--rule': ${why} at position ${this.pos + 1} of '${this.text}'.`);
  }
}

/** Merges every `--rule` value, later ones winning; the severities are validated by the configuration. */
export function parseRuleOptions(values: readonly string[]): Record<string, RuleEntry> {
  const rules: Record<string, RuleEntry> = {};
  for (const value of values) {
    let parsed: Record<string, unknown>;
    try {
      parsed = value.trim().startsWith('{') ? strictOrRelaxed(value) : new RelaxedParser(value).parseTopLevel();
    } catch (error) {
      if (error instanceof RuleOptionError) throw error;
      throw new RuleOptionError(`Invalid value for option '--rule': '${value}' (${(error as Error).message}).`);
    }
    if (Object.keys(parsed).length === 0) throw new RuleOptionError(`Invalid value for option '--rule': '${value}' names no rule.`);
    Object.assign(rules, parsed);
  }
  return rules;
}

function strictOrRelaxed(value: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // not strict JSON: fall through to the relaxed form
  }
  return new RelaxedParser(value).parseTopLevel();
}
