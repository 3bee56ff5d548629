// Inline directives in Python comments, scoped to one unit (a cell or a script):
//   # nblint-disable-next-line rule-a, rule-b -- reason
//   # nblint-disable-line [rules] [-- reason]
//   # nblint-disable [rules] [-- reason]   …   # nblint-enable [rules]
//   x = f()  # noqa: rule-a, rule-b          (Python's convention, the same as disable-line)
// No rule list means every rule. The text after ` -- ` is the justification kept with suppressed problems.
// A `# noqa` names codes of many tools (E501, F401...): only ours count, and a bare `# noqa` is left to them.
import { endsWithLineBreak, nextLineStartAt } from '../line-breaks.js';
import type { Unit } from '../types.js';

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
  kind: DirectiveKind;
  /** How it was written: `nblint-...` or Python's `noqa`. */
  syntax: 'nblint' | 'noqa';
  /** null = all rules. */
  rules: string[] | null;
  justification: string;
  /** Unit offset of the comment's `#`, and the end of the directive's text. */
  offset: number;
  end: number;
  /** 0-based line of the comment in the unit. */
  line: number;
}

const DIRECTIVE = /#[ \t]*nblint-(disable-next-line|disable-line|disable|enable)(?=[ \t\r\n,]|$)([^\r\n]*)/g;
// flake8's form: `# noqa: A, B` (codes separated by commas or spaces); `#noqa:A` too.
const NOQA = /#[ \t]*noqa[ \t]*:[ \t]*([^\n#]*)/gi;

/** Directives of a unit, in text order. Only real comments count (not text inside strings). */
export function parseDirectives(unit: Unit): Directive[] {
  const text = unit.text;
  const hasNblint = text.includes('nblint-');
  const hasNoqa = /noqa/i.test(text);
  if (!hasNblint && !hasNoqa) return [];
  const directives: Directive[] = [];
  let lines: LineIndex | undefined;
  const isComment = (offset: number) => !unit.tree || unit.tree.resolveInner(offset, 1).name === 'Comment';
  const add = (directive: Omit<Directive, 'line'>) => {
    lines ??= new LineIndex(text);
    directives.push({ ...directive, line: lines.lineOf(directive.offset) });
  };
  for (const match of hasNblint ? text.matchAll(DIRECTIVE) : []) {
    const offset = match.index;
    if (!isComment(offset)) continue;
    const rest = match[2].replace(/\r$/, '');
    const [ruleText, justification] = splitJustification(rest);
    const rules = ruleText.split(',').map((r) => r.trim()).filter(Boolean);
    const end = offset + match[0].length - (match[2].length - rest.length);
    add({ kind: match[1] as DirectiveKind, syntax: 'nblint', rules: rules.length ? rules : null, justification, offset, end });
  }
  for (const match of hasNoqa ? text.matchAll(NOQA) : []) {
    const offset = match.index;
    if (!isComment(offset)) continue;
    const codes = match[1].split(/[\s,]+/).filter(Boolean);
    if (codes.length === 0) continue;
    const end = offset + match[0].replace(/\s+$/, '').length;
    add({ kind: 'disable-line', syntax: 'noqa', rules: codes, justification: '', offset, end });
  }
  return directives.sort((a, b) => a.offset - b.offset);
}

function splitJustification(rest: string): [string, string] {
  const sep = /\s-{2,}(?:\s|$)/.exec(rest);
  if (!sep) return [rest, ''];
  return [rest.slice(0, sep.index), rest.slice(sep.index + sep[0].length).trim()];
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    // \r\n, \n and a lone \r (CR-only files) end lines, as Python reads them.
    for (let i = nextLineStartAt(text, 0); i < text.length; i = nextLineStartAt(text, i)) this.starts.push(i);
    if (endsWithLineBreak(text)) this.starts.push(text.length);
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

/** A directive that names a rule the run does not know, or suppresses nothing (--report-unused-disable-directives). */
export interface DirectiveProblem {
  offset: number;
  end: number;
  message: string;
}

/**
 * Answers "is this rule disabled at this offset of the unit?" for one unit's directives, and remembers which
 * directive (and which of its rules) suppressed something.
 */
export class UnitDirectives {
  private readonly directives: Directive[];
  private readonly lines: LineIndex | null;
  /** Per directive, the rules it suppressed ('*' for a directive without a rule list). */
  private readonly used = new Map<Directive, Set<string>>();

  constructor(unit: Unit) {
    this.directives = parseDirectives(unit);
    this.lines = this.directives.length ? new LineIndex(unit.text) : null;
  }

  /** The directive that suppresses `ruleId` at `offset`, or null. */
  suppressing(ruleId: string, offset: number): Directive | null {
    if (!this.lines) return null;
    const line = this.lines.lineOf(offset);
    let block: Directive | null = null;
    let found: Directive | null = null;
    for (const d of this.directives) {
      if (d.rules && !d.rules.includes(ruleId)) continue;
      if (d.kind === 'disable-line' && d.line === line) {
        found = d;
        break;
      }
      if (d.kind === 'disable-next-line' && d.line + 1 === line) {
        found = d;
        break;
      }
      // Block directives apply in text order; the last one before the problem decides.
      if (d.offset <= offset && d.kind === 'disable') block = d;
      if (d.offset <= offset && d.kind === 'enable') block = null;
    }
    found ??= block;
    if (found) {
      let rules = this.used.get(found);
      if (!rules) this.used.set(found, (rules = new Set()));
      rules.add(found.rules ? ruleId : '*');
    }
    return found;
  }

  /**
   * Rule names no rule definition has (an `nblint-` directive only: a `noqa` also lists other tools' codes), and,
   * when asked, the disable directives or the rules of them that suppressed nothing, in ESLint's words.
   */
  problems(isKnownRule: (id: string) => boolean, reportUnused: boolean): DirectiveProblem[] {
    const out: DirectiveProblem[] = [];
    for (const d of this.directives) {
      if (d.kind === 'enable') continue;
      const at = { offset: d.offset, end: d.end };
      const ours = d.syntax === 'nblint' ? d.rules : d.rules?.filter(isKnownRule);
      if (d.syntax === 'nblint') {
        for (const id of d.rules ?? []) if (!isKnownRule(id)) out.push({ ...at, message: `Definition for rule '${id}' was not found.` });
      }
      if (!reportUnused || (ours && ours.length === 0)) continue;
      const used = this.used.get(d);
      const name = d.syntax === 'nblint' ? `nblint-${d.kind}` : 'noqa';
      if (!ours) {
        if (!used) out.push({ ...at, message: `Unused ${name} directive (no problems were reported).` });
        continue;
      }
      for (const id of ours) {
        if (isKnownRule(id) && !used?.has(id)) {
          out.push({ ...at, message: `Unused ${name} directive (no problems were reported from '${id}').` });
        }
      }
    }
    return out;
  }
}
