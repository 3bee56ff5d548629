// Where a notebook or script declares its Python packages: `%pip` / `!pip` / `%conda install` lines in its code
// cells, and the files next to it (requirements*.txt, conda environment files, the nearest pyproject.toml).
// Light line scanners, no YAML/TOML parser: they only need package names, and must never throw on odd files.
// Sibling files are read once per directory (a folder may hold thousands of notebooks).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MAX_SIDE_FILE_BYTES } from '../../lib/limits.js';
import { readTextFileSync } from '../../lib/safe-read.js';
import type { CellRecord } from '../../lib/types.js';

/** PEP 503 normalisation: case-insensitive, runs of `-`, `_`, `.` are one `-`. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a requirement (`Foo_Bar[x]>=1; python_version<"3"` → `foo-bar`). */
export function requirementName(spec: string): string | null {
  let text = spec.trim().replace(/^["']|["']$/g, '');
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text);
  if (egg) return normalizePackageName(egg[1]);
  if (/^(?:[a-z+]+:\/\/|\.{0,2}\/|~)/i.test(text) || /\.(?:whl|tar\.gz|zip)$/i.test(text)) return null; // a path or URL
  text = text.replace(/^[\w.-]+::/, ''); // conda channel prefix: conda-forge::pkg
  const match = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/.exec(text);
  return match ? normalizePackageName(match[0]) : null;
}

/** SDK v1 distributions (PEP 503 names). `azureml-mlflow` (MLflow's Azure ML plugin) and `azure-ai-ml` (SDK v2) are not. */
const V1_PACKAGES = new Set([
  'azureml-core',
  'azureml-sdk',
  'azureml-defaults',
  'azureml-widgets',
  'azureml-dataset-runtime',
  'azureml-telemetry',
  'azureml-train-core',
  'azureml-pipeline',
]);
const V1_PACKAGE_FAMILIES = /^azureml-(?:pipeline|contrib)-/;

/** True for an Azure ML SDK v1 distribution (a normalised name, see normalizePackageName). */
export function isV1Package(name: string): boolean {
  return V1_PACKAGES.has(name) || V1_PACKAGE_FAMILIES.test(name);
}

// ───────────── install lines in notebook cells ─────────────

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

/** `--index-url=x` → ['--index-url', 'x']; `-rreq.txt` → ['-r', 'req.txt']; `-U` → ['-U', undefined]. */
function splitOption(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  if (word.startsWith('--')) return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
  if (word.length > 2 && (word[1] === 'r' || word[1] === 'c' || word[1] === 'e')) return [word.slice(0, 2), word.slice(2)];
  return [word, undefined];
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

// ───────────── files ─────────────

/** Package names of a requirements file, following `-r` includes (relative to the including file). */
export function readRequirementsFile(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  // A worklist, not recursion: a chain of `-r` includes is as long as the repository makes it.
  const pending = [file];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const text = readText(next);
    if (text === null) continue;
    for (const rawLine of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
      const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
      if (!line) continue;
      if (line.startsWith('-')) {
        const [flag, inline] = splitOption(line.split(/\s+/)[0]);
        const value = inline || line.split(/\s+/)[1];
        if ((flag === '-r' || flag === '--requirement') && value) {
          pending.push(path.resolve(path.dirname(next), value));
        } else if ((flag === '-e' || flag === '--editable') && value) {
          const name = requirementName(value);
          if (name) names.add(name);
        }
        continue;
      }
      const name = requirementName(line);
      if (name) names.add(name);
    }
  }
  return names;
}

/** Package names of a conda environment file: items under `dependencies:`, including its `pip:` list. */
export function condaPackages(text: string): Set<string> {
  const names = new Set<string>();
  let inDependencies = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '');
    if (!line.trim()) continue;
    if (/^\S/.test(line) && !line.startsWith('-')) {
      inDependencies = /^dependencies\s*:/.test(line);
      continue;
    }
    if (!inDependencies) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (!item || /^pip\s*:/.test(item[1]) || item[1].startsWith('-')) continue;
    const name = requirementName(item[1]);
    if (name) names.add(name);
  }
  return names;
}

/**
 * Package names of a pyproject.toml: PEP 621 `dependencies` and `optional-dependencies`, PEP 735
 * `[dependency-groups]`, and Poetry's dependency tables. A line scan: enough for names.
 */
export function pyprojectPackages(text: string): Set<string> {
  const names = new Set<string>();
  let table = '';
  let inArray = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header && !inArray) {
      table = header[1];
      continue;
    }
    const poetryTable = /^tool\.poetry\.(?:dependencies|dev-dependencies|group\.[^.]+\.dependencies)$/.test(table);
    if (!inArray) {
      const assign = /^("?[\w.-]+"?)\s*=\s*(.*)$/.exec(line);
      if (!assign) continue;
      const key = assign[1].replace(/"/g, '');
      if (poetryTable) {
        if (key !== 'python') names.add(normalizePackageName(key));
        continue;
      }
      const isList =
        (table === 'project' && key === 'dependencies') ||
        table === 'project.optional-dependencies' ||
        table === 'dependency-groups';
      if (!isList || !assign[2].startsWith('[')) continue;
      inArray = !closesArray(assign[2].slice(1), names);
      continue;
    }
    inArray = !closesArray(line, names);
  }
  return names;
}

/** Adds the requirement strings of one line of a TOML array; true when the line closes the array. */
function closesArray(text: string, into: Set<string>): boolean {
  const outside = text.replace(/"([^"]*)"|'([^']*)'/g, (_, double?: string, single?: string) => {
    const name = requirementName(double ?? single ?? '');
    if (name) into.add(name);
    return '';
  });
  return outside.includes(']');
}

/** An unreadable, vanished, oversized or non-regular file (`-r /dev/zero`, a FIFO) declares nothing. */
const readText = (file: string): string | null => readTextFileSync(file, MAX_SIDE_FILE_BYTES);

// ───────────── per-directory cache ─────────────

const CONDA_FILES = ['environment', 'conda', 'conda_dependencies', 'conda-dependencies', 'env'];

interface DirectoryDeclarations {
  /** Names from every requirements*.txt and the usual conda files in the directory. */
  shared: Set<string>;
  /** Lower-cased file names in the directory, to find `<notebook>.yml`. */
  entries: Set<string>;
}

const directories = new Map<string, DirectoryDeclarations>();
const pyprojects = new Map<string, Set<string> | null>();
const fileNames = new Map<string, Set<string>>();

/** Forgets every file read (tests, or a long-lived process after files changed). */
export function clearDependencyCache(): void {
  directories.clear();
  pyprojects.clear();
  fileNames.clear();
}

function directory(dir: string): DirectoryDeclarations {
  let found = directories.get(dir);
  if (found) return found;
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    // an unreadable directory declares nothing
  }
  const shared = new Set<string>();
  for (const entry of entries) {
    const lower = entry.toLowerCase();
    const stem = lower.replace(/\.(?:ya?ml)$/, '');
    let names: Set<string> | null = null;
    if (/^requirements.*\.txt$/.test(lower)) names = readRequirementsFile(path.join(dir, entry));
    else if (stem !== lower && CONDA_FILES.includes(stem)) names = condaFile(path.join(dir, entry));
    for (const name of names ?? []) shared.add(name);
  }
  found = { shared, entries: new Set(entries) };
  directories.set(dir, found);
  return found;
}

function condaFile(file: string): Set<string> {
  let names = fileNames.get(file);
  if (!names) fileNames.set(file, (names = condaPackages(readText(file) ?? '')));
  return names;
}

/** The nearest pyproject.toml's package names, from `dir` up to the file-system root; null when there is none. */
function nearestPyproject(dir: string): Set<string> | null {
  if (pyprojects.has(dir)) return pyprojects.get(dir)!;
  // A folder already listed tells without a failed open (most folders have no pyproject.toml).
  const listed = directories.get(dir);
  const text = listed && !listed.entries.has('pyproject.toml') ? null : readText(path.join(dir, 'pyproject.toml'));
  const parent = path.dirname(dir);
  const result = text !== null ? pyprojectPackages(text) : parent === dir ? null : nearestPyproject(parent);
  pyprojects.set(dir, result);
  return result;
}

/**
 * True when a file next to `filePath` declares `packageName` (normalised): requirements*.txt, a conda file
 * (`<name>.yml`/`.yaml`, environment, conda, conda_dependencies) in the same directory, or the nearest
 * pyproject.toml at or above it.
 */
export function declaredNextTo(filePath: string, packageName: string): boolean {
  const dir = path.dirname(filePath);
  const here = directory(dir);
  if (here.shared.has(packageName)) return true;
  const stem = path.basename(filePath).replace(/\.[^.]+$/, '');
  for (const ext of ['.yml', '.yaml']) {
    if (here.entries.has(stem + ext) && condaFile(path.join(dir, stem + ext)).has(packageName)) return true;
  }
  return nearestPyproject(dir)?.has(packageName) ?? false;
}

/** Package names of a requirements file named by `-r` on an install line (relative to the notebook's directory). */
export function requirementsNamedBy(notebookPath: string, file: string): Set<string> {
  const abs = path.resolve(path.dirname(notebookPath), file);
  let names = fileNames.get(abs);
  if (!names) fileNames.set(abs, (names = readRequirementsFile(abs)));
  return names;
}
