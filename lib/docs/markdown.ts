// Small Markdown helpers for the generated rule documentation.

/** Text safe inside a table cell: one line, and `|` escaped (GFM needs it escaped even inside code spans). */
export function tableCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** Inline code that survives backticks in the text (a longer fence around it, as CommonMark allows). */
export function inlineCode(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run in the code. */
export function codeBlock(language: string, code: string): string {
  const longestRun = Math.max(0, ...(code.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${code.replace(/\n+$/, '')}\n${fence}`;
}

/**
 * The first sentence of a description, for the summary table: up to the first `.` that ends a sentence
 * (followed by a space or the end), ignoring dots inside code spans (`with ... as run:`).
 */
export function firstSentence(text: string): string {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '`') inCode = !inCode;
    else if (!inCode && ch === '.' && (i + 1 === text.length || /\s/.test(text[i + 1])) && text[i - 1] !== '.') {
      return text.slice(0, i + 1);
    }
  }
  return text.endsWith('.') ? text : `${text}.`;
}
