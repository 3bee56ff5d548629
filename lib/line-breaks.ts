// Line breaks as Python reads source: `\r\n`, `\n` and a lone `\r` (old Mac files) each end a line. Code that
// finds, inserts or removes lines uses these helpers, so a CR-only file gets `\r` lines, never a stray `\n`.

export type LineBreak = '\r\n' | '\r' | '\n';

/** The line break a text uses: `\r\n` when it has one, else its first `\r` or `\n`; `fallback` when it has none. */
export function lineBreakOf(text: string, fallback: LineBreak = '\n'): LineBreak {
  if (text.includes('\r\n')) return '\r\n';
  const cr = text.indexOf('\r');
  const lf = text.indexOf('\n');
  if (cr < 0) return lf < 0 ? fallback : '\n';
  return lf < 0 || cr < lf ? '\r' : '\n';
}

/** Whether `text` ends with a line break. */
export const endsWithLineBreak = (text: string): boolean => text.endsWith('\n') || text.endsWith('\r');

/** Offset where the line holding `pos` starts (just after the previous line break). */
export function lineStartAt(text: string, pos: number): number {
  // A scan back to the nearest break, whichever kind: lastIndexOf of a kind the text lacks would read it all.
  for (let i = pos - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return 0;
}

/** Offset of the line break that ends the line holding `pos`, or text.length on the last line. */
export function lineEndAt(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

/** Offset just past the line break that ends the line holding `pos` (text.length on the last line). */
export function nextLineStartAt(text: string, pos: number): number {
  const end = lineEndAt(text, pos);
  if (end === text.length) return end;
  return text.startsWith('\r\n', end) ? end + 2 : end + 1;
}

/** The lines of `text`, each with its line break (nbformat's split of a cell's source): "a\rb" → ["a\r", "b"]. */
export function splitLinesKeepingBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}
