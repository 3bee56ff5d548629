// Files next to a notebook or script that declare its Python packages: requirements*.txt, conda environment files,
// the nearest pyproject.toml. Light line scanners, no YAML/TOML parser: they only need package names, and must never
// throw on odd files. Sibling files are read once per directory (a folder may hold thousands of notebooks).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MAX_SIDE_FILE_BYTES } from '../limits.js';
import { readTextFileSync } from '../safe-read.js';
import { noteSideInputs, recordSideInputs, type SideInput } from '../cache/side-inputs.js';
import { normalizePackageName, requirementName, splitOption } from './package-names.js';

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
function readText(file: string): string | null {
  noteSideInputs(`file:${file}`);
  return readTextFileSync(file, MAX_SIDE_FILE_BYTES);
}

// ───────────── per-directory cache ─────────────
// Each memo keeps the side inputs (lib/cache/side-inputs.ts) its value was read from and notes them on every hit,
// so that --cache knows every file a lint depended on, read now or earlier in the run.

const CONDA_FILES = ['environment', 'conda', 'conda_dependencies', 'conda-dependencies', 'env'];

interface DirectoryDeclarations {
  /** Names from every requirements*.txt and the usual conda files in the directory. */
  shared: Set<string>;
  /**
   * The directory's names that can declare packages for a file next to them (`<notebook>.yml`/`.yaml`,
   * pyproject.toml); the other names are not kept (a folder's every name, for the run, grows with the tree).
   */
  entries: Set<string>;
}

interface Remembered<T> {
  value: T;
  inputs: SideInput[];
}

const directories = new Map<string, Remembered<DirectoryDeclarations>>();
const pyprojects = new Map<string, Remembered<Set<string> | null>>();
const fileNames = new Map<string, Remembered<Set<string>>>();

/** A memoised value, its side inputs noted whether it is computed now or was before. */
function remembered<T>(memo: Map<string, Remembered<T>>, key: string, compute: () => T): T {
  let found = memo.get(key);
  if (found) noteSideInputs(...found.inputs);
  else memo.set(key, (found = recordSideInputs(compute)));
  return found.value;
}

/** Forgets every file read (tests, or a long-lived process after files changed). */
export function clearDependencyCache(): void {
  directories.clear();
  pyprojects.clear();
  fileNames.clear();
}

function directory(dir: string): DirectoryDeclarations {
  return remembered(directories, dir, () => readDirectory(dir));
}

function readDirectory(dir: string): DirectoryDeclarations {
  noteSideInputs(`listing:${dir}`);
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
  return { shared, entries: new Set(entries.filter((entry) => /\.ya?ml$/.test(entry) || entry === 'pyproject.toml')) };
}

function condaFile(file: string): Set<string> {
  return remembered(fileNames, file, () => condaPackages(readText(file) ?? ''));
}

/** The nearest pyproject.toml's package names, from `dir` up to the file-system root; null when there is none. */
function nearestPyproject(dir: string): Set<string> | null {
  return remembered(pyprojects, dir, () => {
    // A folder already listed tells without a failed open (most folders have no pyproject.toml).
    const listed = directories.get(dir);
    if (listed) noteSideInputs(`listing:${dir}`);
    const text = listed && !listed.value.entries.has('pyproject.toml') ? null : readText(path.join(dir, 'pyproject.toml'));
    const parent = path.dirname(dir);
    return text !== null ? pyprojectPackages(text) : parent === dir ? null : nearestPyproject(parent);
  });
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
  return remembered(fileNames, abs, () => readRequirementsFile(abs));
}
