// Where each package of an install command is written: the word's offsets in the cell source, for rules that
// report at one package (`%pip install azureml-core==1.57.0 mlflow` → the `azureml-core==1.57.0` word).
// Built on dependencies.ts's parser: a word counts only when that parser reads it as a package.
import { lineEndAt, nextLineStartAt } from '../../../lib/line-breaks.js';
import type { CellRecord } from '../../../lib/types.js';
import { requirementName, type InstallLine } from '../../../lib/dependencies/index.js';

export interface PackageToken {
  /** Normalised distribution name (`azureml-sdk` for `"azureml-sdk[notebooks]>=1.50"`). */
  name: string;
  /** Offsets of the word in the cell's decoded source, quotes and version specifier included. */
  start: number;
  end: number;
}

// The command's words: runs of non-blanks, quoted parts kept together; a backslash-newline is a blank.
const WORD = /(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"'\\]|\\(?!\r?\n))+/g;

/** The package words of one install command (its continuation lines included), in order. */
export function packageTokens(cell: CellRecord, line: InstallLine): PackageToken[] {
  const text = commandText(cell.source, line.start);
  const wanted = new Set(line.packages);
  const tokens: PackageToken[] = [];
  let afterInstall = false;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = m[0];
    if (/^(?:&&|\|\||[;|])$/.test(word) || word.startsWith('#')) break; // the command ends here
    if (!afterInstall) {
      afterInstall = word === 'install';
      continue;
    }
    if (word.startsWith('-')) continue;
    const name = requirementName(word.replace(/["']/g, ''));
    if (name && wanted.has(name)) tokens.push({ name, start: line.start + m.index, end: line.start + m.index + word.length });
  }
  WORD.lastIndex = 0;
  return tokens;
}

/** The command's text from `start`: its first line and every line a trailing backslash continues onto. */
function commandText(source: string, start: number): string {
  let end = start;
  for (;;) {
    const lineEnd = lineEndAt(source, end);
    if (lineEnd === source.length || !/\\$/.test(source.slice(end, lineEnd))) return source.slice(start, lineEnd);
    end = nextLineStartAt(source, lineEnd);
  }
}
