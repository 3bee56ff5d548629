// Line and column positions as ESLint and GitHub count them: `\r\n`, `\n` and a lone `\r` each end a line.

export const LINE_BREAK = /\r\n|\r|\n/;

/** The offset of a 1-based line and column in `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const rest = text.slice(offset);
    const found = LINE_BREAK.exec(rest);
    offset += found ? found.index + found[0].length : rest.length;
  }
  return offset + column - 1;
}
