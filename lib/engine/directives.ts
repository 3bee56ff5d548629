// Inline directives in Python comments, scoped to one unit (a cell or a script):
//   # nblint-disable-next-line rule-a, rule-b -- reason
//   # nblint-disable-line [rules] [-- reason]
//   # nblint-disable [rules] [-- reason]   …   # nblint-enable [rules]
// No rule list means every rule. The text after ` -- ` is the justification kept with suppressed problems.
import type { Unit } from '../types.js';

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
  kind: DirectiveKind;
  /** null = all rules. */
  rules: string[] | null;
  justification: string;
  /** Unit offset of the comment's `#`. */
  offset: number;
  /** 0-based line of the comment in the unit. */
  line: number;
}

const DIRECTIVE = /#[ \t]*nblint-(disable-next-line|disable-line|disable|enable)(?=[ \t\r\n,]|$)([^\n]*)/g;

/** Directives of a unit, in text order. Only real comments count (not text inside strings). */
export function parseDirectives(unit: Unit): Directive[] {
  const text = unit.text;
  if (!text.includes('nblint-')) return [];
  const directives: Directive[] = [];
  let lines: LineIndex | undefined;
  for (const match of text.matchAll(DIRECTIVE)) {
    const offset = match.index;
    if (unit.tree && unit.tree.resolveInner(offset, 1).name !== 'Comment') continue;
    const [ruleText, justification] = splitJustification(match[2].replace(/\r$/, ''));
    const rules = ruleText.split(',').map((r) => r.trim()).filter(Boolean);
    lines ??= new LineIndex(text);
    directives.push({
      kind: match[1] as DirectiveKind,
      rules: rules.length ? rules : null,
      justification,
      offset,
      line: lines.lineOf(offset),
    });
  }
  return directives;
}

function splitJustification(rest: string): [string, string] {
  const sep = /\s-{2,}(?:\s|$)/.exec(rest);
  if (!sep) return [rest, ''];
  return [rest.slice(0, sep.index), rest.slice(sep.index + sep[0].length).trim()];
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Answers "is this rule disabled at this offset of the unit?" for one unit's directives. */
export class UnitDirectives {
  private readonly directives: Directive[];
  private readonly lines: LineIndex | null;

  constructor(unit: Unit) {
    this.directives = parseDirectives(unit);
    this.lines = this.directives.length ? new LineIndex(unit.text) : null;
  }

  /** The directive that suppresses `ruleId` at `offset`, or null. */
  suppressing(ruleId: string, offset: number): Directive | null {
    if (!this.lines) return null;
    const line = this.lines.lineOf(offset);
    let block: Directive | null = null;
    for (const d of this.directives) {
      if (d.rules && !d.rules.includes(ruleId)) continue;
      if (d.kind === 'disable-line' && d.line === line) return d;
      if (d.kind === 'disable-next-line' && d.line + 1 === line) return d;
      // Block directives apply in text order; the last one before the problem decides.
      if (d.offset <= offset && d.kind === 'disable') block = d;
      if (d.offset <= offset && d.kind === 'enable') block = null;
    }
    return block;
  }
}
