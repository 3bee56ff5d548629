// `%pip` / `!pip` / `%conda install` lines in a notebook's code cells: which packages and requirement files each
// one installs. A light scanner that never throws on odd lines.
import type { CellRecord } from '../types.js';
import { requirementName, splitOption } from './package-names.js';

/** One `pip install` / `conda install` command found in a code cell. */
export interface InstallLine {
  cellIndex: number;
  /** Offsets in the cell's decoded source of the command's first line (from its first non-blank character). */
  start: number;
  end: number;
  packages: string[];
  /** `-r <file>` arguments, as written. */
  requirementFiles: string[];
}

// `%pip`, `!pip3`, `%conda`, `!mamba`, `!{sys.executable} -m pip`, `!python -m pip`, `!uv pip`, and a bare
// `pip install` (IPython automagic, or a line of a %%bash cell).
const INSTALL = /^(?:[%!]\s*)?(?:(?:\{sys\.executable\}|\$\{?\w+\}?|\S*python[\d.]*)\s+-m\s+)?(?:pip3?|conda|mamba|micromamba|uv\s+pip)\s+install(?=\s|$)(.*)$/;

// Options whose value is the next argument (pip and conda); `-r` is handled separately.
const OPTIONS_WITH_VALUE = new Set([
  '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--src', '--trusted-host', '--cache-dir', '--log', '--proxy',
  '--timeout', '--retries', '--platform', '--python-version', '--implementation', '--abi', '--only-binary',
  '--no-binary', '--upgrade-strategy', '--progress-bar', '--report', '-n', '--name', '-p', '--channel',
  '--override-channels-file', '--file',
]);

// Two rules ask for the same notebook's install lines: found once per loaded file.
const installLinesOf = new WeakMap<readonly CellRecord[], readonly InstallLine[]>();

/** Every install command in the notebook's code cells, in cell order (a shared result: do not mutate). */
export function findInstallLines(cells: readonly CellRecord[]): readonly InstallLine[] {
  let found = installLinesOf.get(cells);
  if (!found) installLinesOf.set(cells, (found = scanInstallLines(cells)));
  return found;
}

function scanInstallLines(cells: readonly CellRecord[]): InstallLine[] {
  const found: InstallLine[] = [];
  for (const cell of cells) {
    if (cell.cellType !== 'code' || !/install/.test(cell.source)) continue;
    const lines = cell.source.split('\n');
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      const lineStart = offset;
      const first = lines[i].replace(/\r$/, '');
      let logical = first;
      offset += lines[i].length + 1;
      // Join backslash continuations into one command.
      while (logical.endsWith('\\') && i + 1 < lines.length) {
        logical = `${logical.slice(0, -1)} ${lines[++i].replace(/\r$/, '')}`;
        offset += lines[i].length + 1;
      }
      const indent = /^\s*/.exec(logical)![0].length;
      const match = INSTALL.exec(logical.slice(indent));
      if (!match) continue;
      const end = lineStart + first.trimEnd().length;
      found.push({ cellIndex: cell.index, start: lineStart + indent, end, ...parseInstallArgs(match[1]) });
    }
  }
  return found;
}

/** The packages and requirement files named by the arguments of one install command. */
export function parseInstallArgs(argText: string): { packages: string[]; requirementFiles: string[] } {
  const packages: string[] = [];
  const requirementFiles: string[] = [];
  const words = shellWords(argText.split(/\s(?:&&|\|\||[;|])\s|\s#/)[0]);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.startsWith('-')) {
      const [flag, inline] = splitOption(word);
      if (flag === '-r' || flag === '--requirement') {
        const file = inline ?? words[++i];
        if (file) requirementFiles.push(file);
      } else if (OPTIONS_WITH_VALUE.has(flag) && inline === undefined) i++;
      continue;
    }
    if (word === '@') {
      i++; // `name @ url`: the name came before
      continue;
    }
    if (/[$]/.test(word) || /^\{.*\}$/.test(word)) continue; // shell or IPython variables: unknown
    const name = requirementName(word);
    if (name) packages.push(name);
  }
  return { packages, requirementFiles };
}

/** Splits a command line into words, honouring single and double quotes. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let current = '';
  let last = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const piece = m[1] ?? m[2] ?? m[3];
    // Adjacent pieces (azureml-mlflow"[x]") form one word.
    if (last === m.index && words.length > 0) current = words.pop()! + piece;
    else current = piece;
    words.push(current);
    last = re.lastIndex;
  }
  return words;
}
