// Source text shortened for a message: one line, still well-formed code.
import { lineEndAt } from '../../../lib/line-breaks.js';

/**
 * Source text for a message: one line, comments dropped, and when longer than `max` characters cut after an
 * opening bracket or an argument, with `...` and the brackets closed: `mlflow.log_artifact("out.json", ...)`.
 * A cut never falls inside a string literal; text with no cut that fits is cut as short as it can be, or (no
 * brackets at all: a long name or string) kept whole.
 */
export function brief(text: string, max = 40): string {
  const { line, cuts } = scanOneLine(text);
  if (line.length <= max) return line;
  const shortened = cuts.map(({ at, separator, closers }) => `${line.slice(0, at)}${separator}...${closers}`);
  const fitting = shortened.filter((candidate) => candidate.length <= max);
  const byLength = (a: string, b: string): number => a.length - b.length;
  return fitting.sort(byLength).at(-1) ?? shortened.sort(byLength)[0] ?? line;
}

const CLOSER_OF: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const isOpening = (ch: string): boolean => Object.hasOwn(CLOSER_OF, ch);

/** A place `brief` may cut: keep line[0, at), then `separator`, `...` and `closers`. */
interface Cut {
  at: number;
  separator: string;
  closers: string;
}

/** The text on one line (line breaks and the space around them become one space, or none inside brackets). */
function scanOneLine(text: string): { line: string; cuts: Cut[] } {
  let line = '';
  const cuts: Cut[] = [];
  const open: string[] = [];
  const closers = (): string => open.map((bracket) => CLOSER_OF[bracket]).reverse().join('');
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let end = i + quote.length;
      while (end < text.length && !text.startsWith(quote, end)) end += text[end] === '\\' ? 2 : 1;
      end = Math.min(text.length, end + quote.length);
      line += text.slice(i, end).replace(/\s*[\r\n]\s*/g, ' ');
      i = end;
    } else if (/\s/.test(ch) || ch === '#') {
      // Whitespace and comments, up to the next code.
      let end = i;
      let lineBreak = false;
      while (end < text.length && (/\s/.test(text[end]) || text[end] === '#')) {
        if (text[end] === '#') end = lineEndAt(text, end);
        else if ('\r\n'.includes(text[end++])) lineBreak = true;
      }
      const next = text[end];
      const between = line !== '' && next !== undefined;
      if (between && !lineBreak) line += text.slice(i, end);
      else if (between && !isOpening(line[line.length - 1]) && !')]},'.includes(next)) line += ' ';
      i = end;
    } else {
      line += ch;
      i++;
      if (isOpening(ch)) {
        open.push(ch);
        cuts.push({ at: line.length, separator: '', closers: closers() });
      } else if (ch === ',' && open.length > 0) {
        cuts.push({ at: line.length, separator: ' ', closers: closers() });
      } else if (open.length > 0 && CLOSER_OF[open[open.length - 1]] === ch) {
        open.pop();
      }
    }
  }
  return { line, cuts };
}
