// How a notebook's `%pip install` / `!pip install` line is rewritten (the fixes of missing-azureml-mlflow-dependency
// and no-v1-dependency): the wanted packages are appended to the line's package list (before a trailing comment, a
// `&&`/`;`/`|` chain or a `\` continuation), and Azure ML SDK v1 packages on it are taken out once no v1 code is
// left. The line is a masked magic: the edits go through fixer.editMagicLine, the one way into a magic.
import { SKIP_TAG } from '../../../lib/engine/fix-edits.js';
import type { RuleContext, RuleFixer, TextEdit } from '../../../lib/types.js';
import { originToUnit } from '../../../lib/positions.js';
import { isV1Package, requirementName, type InstallLine } from '../../../lib/dependencies/index.js';

/** `%pip install`, `!pip3 install`, `!{sys.executable} -m pip install`, `!python -m pip install`: pip only. */
const PIP_INSTALL = /^[%!]\s*(?:(?:\{sys\.executable\}|\$\{?\w+\}?|\S*python[\d.]*)\s+-m\s+)?pip3?\s+install(?=\s|$)/;

// pip options whose value is the next word (it is not a package).
const OPTIONS_WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--src', '--trusted-host', '--cache-dir',
  '--log', '--proxy', '--timeout', '--retries', '--platform', '--python-version', '--implementation', '--abi',
  '--only-binary', '--no-binary', '--upgrade-strategy', '--progress-bar', '--report',
]);

export interface LineEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits that add `add` (package names, in order) to the install command on the line [lineStart, lineEnd)
 * of `source`, and, with `dropV1`, remove the v1 packages it names (the first one gives its place to `add`).
 * Null when the line is not a pip install line this can rewrite safely (a conda line, a bare automagic
 * `pip install`, a shell variable in the list), or when it would be left installing nothing.
 */
export function installLineEdits(source: string, lineStart: number, lineEnd: number, add: string[], dropV1: boolean): LineEdit[] | null {
  const line = source.slice(lineStart, lineEnd);
  const command = PIP_INSTALL.exec(line);
  if (!command) return null;
  // The argument list ends at a comment, a chained command or a continuation backslash.
  const rest = line.slice(command[0].length);
  const stop = /\s(?:#|&&|\|\||[;|])|\s*\\$/.exec(rest);
  // Up to the last package, not the blanks before a comment (`pandas  # x` gets `pandas mlflow  # x`).
  const argsEnd = command[0].length + (stop ? rest.slice(0, stop.index) : rest).trimEnd().length;
  const words = [...line.slice(0, argsEnd).matchAll(/\S+/g)].slice(command[0].trim().split(/\s+/).length);

  const v1Words: { from: number; to: number }[] = [];
  let requirements = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i][0];
    if (/[$]|^\{.*\}$/.test(word)) return null; // a variable: the list is not fully known
    if (word.startsWith('-')) {
      const flag = word.split('=')[0];
      if (flag === '-r' || flag === '--requirement' || /^-r./.test(word)) requirements++;
      if (OPTIONS_WITH_VALUE.has(flag) && !word.includes('=')) i++;
      continue;
    }
    const name = requirementName(word);
    if (name !== null && dropV1 && isV1Package(name)) v1Words.push({ from: words[i].index!, to: words[i].index! + word.length });
    else requirements++;
  }

  // `pip install` with no package fails: which packages replace the v1 ones is the caller's decision, not a default.
  if (v1Words.length > 0 && requirements === 0 && add.length === 0) return null;
  const edits: LineEdit[] = [];
  v1Words.forEach(({ from, to }, i) => {
    if (i === 0 && add.length > 0) {
      edits.push({ start: lineStart + from, end: lineStart + to, text: add.join(' ') });
      return;
    }
    const spaceBefore = /\s*$/.exec(line.slice(0, from))![0].length;
    edits.push({ start: lineStart + from - spaceBefore, end: lineStart + to, text: '' });
  });
  if (v1Words.length === 0 && add.length > 0) {
    edits.push({ start: lineStart + argsEnd, end: lineStart + argsEnd, text: ' ' + add.join(' ') });
  }
  return edits;
}

/**
 * The fixer edits for `line` (an install line of the notebook): `add` appended, v1 packages dropped with `dropV1`.
 * Null when the line cannot be rewritten (not pip, in a skipped cell or a cell outside the program, nothing to do).
 */
export function installLineFix(context: RuleContext, line: InstallLine, add: string[], dropV1: boolean, fixer: RuleFixer): TextEdit[] | null {
  const { file, program } = context;
  const unit = program.units.find((u) => u.cellIndex === line.cellIndex);
  if (!unit || file.cells[line.cellIndex]?.tags.includes(SKIP_TAG)) return null;
  const lineEdits = installLineEdits(file.cells[line.cellIndex].source, line.start, line.end, add, dropV1);
  if (!lineEdits || lineEdits.length === 0) return null;
  const edits: TextEdit[] = [];
  for (const edit of lineEdits) {
    const start = originToUnit(unit, edit.start, edit.start === edit.end ? 'end' : 'start');
    const end = originToUnit(unit, edit.end, 'end');
    if (start === null || end === null) return null;
    edits.push(fixer.editMagicLine(unit, [start, end], edit.text));
  }
  return edits;
}
