// How the dependency rule rewrites a notebook's `%pip install` / `!pip install` line: the wanted packages are
// appended to the line's package list (before a trailing comment, a `&&`/`;`/`|` chain or a `\` continuation),
// and Azure ML SDK v1 packages on it are taken out once no v1 code is left. Offsets are in the cell's source.
import { requirementName } from './dependencies.js';

/** migration-map.md "Packages": the SDK v1 distributions (azureml-mlflow is NOT one of them). */
const V1_PACKAGES = new Set([
  'azureml-core',
  'azureml-sdk',
  'azureml-defaults',
  'azureml-widgets',
  'azureml-dataset-runtime',
  'azureml-telemetry',
  'azureml-train-core',
]);

export function isV1Package(name: string): boolean {
  return V1_PACKAGES.has(name) || /^azureml-(?:pipeline|contrib)(?:-|$)/.test(name);
}

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
 * of `source`, and, with `dropV1`, remove the v1 packages it names. Null when the line is not a pip install
 * line this can rewrite safely (a conda line, a bare automagic `pip install`, a shell variable in the list).
 */
export function installLineEdits(source: string, lineStart: number, lineEnd: number, add: string[], dropV1: boolean): LineEdit[] | null {
  const line = source.slice(lineStart, lineEnd);
  const command = PIP_INSTALL.exec(line);
  if (!command) return null;
  // The argument list ends at a comment, a chained command or a continuation backslash.
  const rest = line.slice(command[0].length);
  const stop = /\s(?:#|&&|\|\||[;|])|\s*\\$/.exec(rest);
  const argsEnd = command[0].length + (stop ? stop.index : rest.trimEnd().length);
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

  const edits: LineEdit[] = [];
  let toAdd = add;
  // The line must still install something once its v1 packages are gone (`pip install` alone fails).
  if (v1Words.length > 0 && requirements === 0 && toAdd.length === 0) toAdd = ['mlflow', 'azureml-mlflow'];
  v1Words.forEach(({ from, to }, i) => {
    if (i === 0 && toAdd.length > 0) {
      edits.push({ start: lineStart + from, end: lineStart + to, text: toAdd.join(' ') });
      return;
    }
    const spaceBefore = /\s*$/.exec(line.slice(0, from))![0].length;
    edits.push({ start: lineStart + from - spaceBefore, end: lineStart + to, text: '' });
  });
  if (v1Words.length === 0 && toAdd.length > 0) {
    edits.push({ start: lineStart + argsEnd, end: lineStart + argsEnd, text: ' ' + toAdd.join(' ') });
  }
  return edits;
}
