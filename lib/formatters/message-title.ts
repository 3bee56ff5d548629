// A message as a one-line title for annotations and alerts: its first sentence says what and where.
import type { LintMessage } from '../types.js';

/**
 * The message with its notebook position inside the first sentence, so the sentence alone still makes a title
 * that says where: "Replace run.log with mlflow.log_metric (cell 3, line 2). More text."
 */
export function messageWithCell(message: LintMessage): string {
  const text = message.message.trim();
  if (message.cell === undefined) return text;
  const where = message.cellLine === undefined ? `cell ${message.cell}` : `cell ${message.cell}, line ${message.cellLine}`;
  const end = firstSentenceEnd(text);
  return `${text.slice(0, end)} (${where})${text.slice(end)}`;
}

/**
 * Where the first sentence's closing punctuation is (a '.', '!' or '?' before whitespace or the end), else the
 * end. Not inside "double quotes" or `code`: messages quote user names (`log_metric("acc. top1", ...)`) and
 * descriptions quote code (`with ... as run:`). Should a quote never close, quotes are not taken into account.
 */
export function firstSentenceEnd(text: string): number {
  let open: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open !== null) {
      if (c === open) open = null;
    } else if (c === '"' || c === '`') {
      open = c;
    } else if ((c === '.' || c === '!' || c === '?') && (i + 1 === text.length || /\s/.test(text[i + 1]))) {
      return i;
    }
  }
  if (open === null) return text.length;
  const end = /[.!?](?=\s|$)/.exec(text);
  return end ? end.index : text.length;
}
