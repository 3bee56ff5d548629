// The writer must leave every byte but the changed `source` values alone, in whatever JSON style the file
// uses. Files serialised by JSON.stringify in a given style are the oracle: re-encoding a changed cell must
// give exactly what the same serialiser writes for the changed notebook.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmod, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadText } from '../lib/notebook/load.js';
import { renderFixed, splitSourceLines } from '../lib/fix/writer.js';
import { applyEditsToSources, minimalReplacement, rawFixOf, rawReplacementsOf } from '../lib/fix/raw-fix.js';
import { detectJsonStyle } from '../lib/fix/json-style.js';
import { writeFileAtomic } from '../lib/fix/atomic-write.js';
import type { CellInsert, LoadedFile } from '../lib/types.js';
import { loadAs } from './helpers/load-text.js';

type Cell = { cell_type: string; execution_count?: null; id?: string; metadata: object; outputs?: unknown[]; source: string | string[] };
type Notebook = { cells: Cell[]; metadata: object; nbformat: number; nbformat_minor: number };

const code = (source: string | string[], id?: string): Cell => ({
  cell_type: 'code',
  execution_count: null,
  ...(id ? { id } : {}),
  metadata: {},
  outputs: [],
  source,
});

function notebook(minor = 4): Notebook {
  return {
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Café training\n', '\n', 'Logs the run to ml/runs.'] },
      code(['from azureml.core import Run\n', 'run = Run.get_context()\n', 'run.log("acc", 0.9)  # é → ok']),
      code([]),
      code('print("a string-form cell")\nrun.log("loss", 1)\n'),
    ],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: minor,
  };
}

/** JSON.stringify writes like Python's json.dumps(ensure_ascii=False) except for the compact separators. */
const serialise = (nb: Notebook, indent: string | number, options: { crlf?: boolean; ascii?: boolean; trailing?: boolean } = {}): string => {
  let text = JSON.stringify(nb, null, indent);
  if (options.ascii) text = text.replace(/[^\x00-\x7f]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
  if (options.trailing) text += '\n';
  if (options.crlf) text = text.replace(/\n/g, '\r\n');
  return text;
};

const load = (text: string, name = 'nb.ipynb'): LoadedFile => loadAs(text, name);

/** The notebook with its cell sources replaced, each in its own form (Jupyter's line split for lists). */
function withSources(nb: Notebook, sources: Map<number, string>): Notebook {
  const copy = structuredClone(nb);
  for (const [index, source] of sources) {
    const cell = copy.cells[index];
    cell.source = typeof cell.source === 'string' ? source : splitSourceLines(source);
  }
  return copy;
}

const CHANGES = new Map<number, string>([
  [1, 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nmlflow.log_metric("acc", 0.9)  # é → ok'],
  [2, 'mlflow.log_metric("new", 1)\n'],
  [3, 'print("a string-form cell")\nmlflow.log_metric("loss", 1)\n'],
]);

const STYLES: [string, string | number, Parameters<typeof serialise>[2]][] = [
  ['1-space (nbformat), no trailing newline', 1, {}],
  ['2-space with trailing newline', 2, { trailing: true }],
  ['tab-indented', '\t', {}],
  ['compact', 0, {}],
  ['CRLF line endings', 1, { crlf: true, trailing: true }],
  ['\\u00e9 escapes', 1, { ascii: true }],
  ['2-space CRLF with \\u escapes', 2, { crlf: true, ascii: true }],
];

for (const [name, indent, options] of STYLES) {
  test(`re-encodes changed cells like the file itself: ${name}`, () => {
    const nb = notebook();
    const file = load(serialise(nb, indent, options));
    assert.is(renderFixed(file, CHANGES, []), serialise(withSources(nb, CHANGES), indent, options));
  });
}

test('an unchanged or identical source leaves the file byte-identical', () => {
  const text = serialise(notebook(), 2, { crlf: true });
  const file = load(text);
  assert.is(renderFixed(file, new Map(), []), text);
  assert.is(renderFixed(file, new Map([[1, file.cells[1].source]]), []), text);
});

test("Python's compact separators (', ' and ': ') are kept", () => {
  const nb = notebook();
  const python = (n: Notebook) => JSON.stringify(n).replace(/","/g, '", "').replace(/":/g, '": ').replace(/\],"/g, '], "').replace(/\},\{/g, '}, {');
  const file = load(python(nb));
  assert.is(detectJsonStyle(file.text).itemSeparator, ', ');
  assert.is(renderFixed(file, CHANGES, []), python(withSources(nb, CHANGES)));
});

test('only the lines inside the changed source value differ', () => {
  const nb = notebook();
  const before = serialise(nb, 1).split('\n');
  const after = renderFixed(load(serialise(nb, 1)), new Map([[1, CHANGES.get(1)!]]), []).split('\n');
  const firstDiff = before.findIndex((line, i) => line !== after[i]);
  const lastDiffFromEnd = [...before].reverse().findIndex((line, i) => line !== after[after.length - 1 - i]);
  const changedBefore = before.slice(firstDiff, before.length - lastDiffFromEnd);
  const changedAfter = after.slice(firstDiff, after.length - lastDiffFromEnd);
  // Exactly the elements of cell 2's source array, before and after.
  assert.equal(changedBefore, ['    "from azureml.core import Run\\n",', '    "run = Run.get_context()\\n",', '    "run.log(\\"acc\\", 0.9)  # é → ok"']);
  assert.equal(changedAfter, ['    "import mlflow\\n",', '    "from azureml.core import Run\\n",', '    "run = Run.get_context()\\n",', '    "mlflow.log_metric(\\"acc\\", 0.9)  # é → ok"']);
});

test('untouched lines keep their own escaping; new ones follow the file (raw UTF-8 stays raw)', () => {
  // One line was written with an escape although the file writes é raw: it keeps its bytes.
  const text = serialise(notebook(), 1).replace('"run = Run.get_context()\\n"', '"run = Run.get_context()  # caf\\u00e9\\n"');
  const file = load(text);
  assert.ok(!detectJsonStyle(text).escapeNonAscii);
  const source = file.cells[1].source.replace('0.9)', '0.95)') + '\n# déjà';
  const out = renderFixed(file, new Map([[1, source]]), []);
  assert.ok(out.includes('"run = Run.get_context()  # caf\\u00e9\\n"'));
  assert.ok(out.includes('"# déjà"'));
  assert.is(((JSON.parse(out) as Notebook).cells[1].source as string[]).join(''), source);
});

test('upper-case \\u escapes and escaped slashes are mirrored', () => {
  const text = serialise(notebook(), 1, { ascii: true }).replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => '\\u' + hex.toUpperCase()).replace(/\//g, '\\/');
  const file = load(text);
  const out = renderFixed(file, new Map([[2, 'x = "é/ü"\n']]), []);
  assert.ok(out.includes('"x = \\"\\u00E9\\/\\u00FC\\"\\n"'), out);
});

test('a string-form cell stays one string; an emptied list cell becomes []', () => {
  const nb = notebook();
  const file = load(serialise(nb, 1));
  const out = renderFixed(file, new Map([[3, 'a\nb'], [1, '']]), []);
  const parsed = JSON.parse(out) as Notebook;
  assert.is(parsed.cells[3].source, 'a\nb');
  assert.equal(parsed.cells[1].source, []);
  assert.ok(out.includes('"source": []'));
});

test('a one-line list keeps its layout and gains separators like the file', () => {
  const nb = notebook();
  nb.cells[1].source = ['run.log("acc", 0.9)'];
  for (const indent of [1, 2, 0]) {
    const file = load(serialise(nb, indent));
    const changes = new Map([[1, 'import mlflow\nmlflow.log_metric("acc", 0.9)']]);
    assert.is(renderFixed(file, changes, []), serialise(withSources(nb, changes), indent));
  }
});

test('Jupyter line split: every element ends with \\n except the last', () => {
  assert.equal(splitSourceLines('a\nb\n'), ['a\n', 'b\n']);
  assert.equal(splitSourceLines('a\r\nb'), ['a\r\n', 'b']);
  assert.equal(splitSourceLines('\n\nx'), ['\n', '\n', 'x']);
  assert.equal(splitSourceLines(''), []);
});

test('a script gets the new text as is', () => {
  const result = loadText('import os\r\nx = 1\r\n', '/tmp/s.py', 's.py');
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(renderFixed(result.file, new Map([[-1, 'import os\r\nx = 2\r\n']]), []), 'import os\r\nx = 2\r\n');
});

// ───────────────────────────── inserted cells ─────────────────────────────

const PIP: CellInsert = { beforeCell: 1, cellType: 'code', source: '%pip install mlflow azureml-mlflow' };

for (const [name, indent, options] of STYLES) {
  test(`an inserted cell is written in the file's style: ${name}`, () => {
    const nb = notebook(4);
    const file = load(serialise(nb, indent, options));
    const expected = structuredClone(nb);
    expected.cells.splice(1, 0, code(['%pip install mlflow azureml-mlflow']));
    assert.is(renderFixed(file, CHANGES, [PIP]), serialise(withSources(expected, new Map([...CHANGES].map(([i, s]) => [i + 1, s]))), indent, options));
  });
}

test('nbformat 4.5: the inserted cell gets a deterministic, unique 8-hex-digit id', () => {
  const nb = notebook(5);
  nb.cells.forEach((cell, i) => (cell.id = `cell-${i}`));
  const file = load(serialise(nb, 1));
  const out = renderFixed(file, new Map(), [PIP, { ...PIP, beforeCell: 4, source: 'print(1)\n' }]);
  assert.is(renderFixed(file, new Map(), [PIP, { ...PIP, beforeCell: 4, source: 'print(1)\n' }]), out);
  const cells = (JSON.parse(out) as Notebook).cells;
  assert.is(cells.length, 6);
  assert.equal(cells[1].source, ['%pip install mlflow azureml-mlflow']);
  assert.equal(cells[5].source, ['print(1)\n']);
  assert.match(cells[1].id!, /^[0-9a-f]{8}$/);
  assert.match(cells[5].id!, /^[0-9a-f]{8}$/);
  assert.is.not(cells[1].id, cells[5].id);
  assert.equal(Object.keys(cells[1]), ['cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source']);
});

test('a cell can be inserted into a notebook with an empty cells array', () => {
  const nb = notebook(4);
  nb.cells = [];
  const file = load(serialise(nb, 1));
  const expected = structuredClone(nb);
  expected.cells = [code(['%pip install mlflow azureml-mlflow'])];
  assert.is(renderFixed(file, new Map(), [{ ...PIP, beforeCell: 0 }]), serialise(expected, 1));
});

// ───────────────────────────── raw fixes ─────────────────────────────

test('rawFixOf applied to the raw text equals renderFixed, and is minimal', () => {
  for (const [, indent, options] of STYLES) {
    const file = load(serialise(notebook(), indent, options));
    const fix = {
      edits: [
        { cellIndex: 1, start: 0, end: 0, text: 'import mlflow\n' },
        { cellIndex: 1, start: 0, end: 0, text: 'import mlflow\n' }, // identical edits apply once
        { cellIndex: 3, start: 28, end: 35, text: 'mlflow.log_metric' },
      ],
      insertCells: [PIP],
    };
    const { range, text } = rawFixOf(file, fix);
    const applied = file.text.slice(0, range[0]) + text + file.text.slice(range[1]);
    assert.is(applied, renderFixed(file, applyEditsToSources(file, fix.edits), [PIP]));
    const replaced = file.text.slice(range[0], range[1]);
    assert.ok(replaced === '' || text === '' || (replaced[0] !== text[0] && replaced.at(-1) !== text.at(-1)), 'not trimmed');
  }
});

test('rawFixOf of a single in-line edit touches only that span', () => {
  const file = load(serialise(notebook(), 1));
  const start = file.cells[3].source.indexOf('run.log');
  const { range, text } = rawFixOf(file, { edits: [{ cellIndex: 3, start, end: start + 7, text: 'mlflow.log_metric' }] });
  assert.is(file.text.slice(range[0], range[1]), 'run.log');
  assert.is(text, 'mlflow.log_metric');
});

test('minimalReplacement never splits a surrogate pair', () => {
  const { range, text } = minimalReplacement('a😀b', 'a😃b');
  assert.equal(range, [1, 3]);
  assert.is(text, '😃');
});

// ───────────────────────────── atomic writes ─────────────────────────────

test('atomic write: replaces the file, keeps its mode, leaves no temporary file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nblint-write-'));
  try {
    const file = path.join(dir, 'nb.ipynb');
    await writeFile(file, 'old');
    await chmod(file, 0o640);
    assert.equal(await writeFileAtomic(file, 'old', 'new é'), { status: 'written' });
    assert.is(await readFile(file, 'utf8'), 'new é');
    assert.is((await stat(file)).mode & 0o777, 0o640);
    const { readdir } = await import('node:fs/promises');
    assert.equal(await readdir(dir), ['nb.ipynb']);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('atomic write: nothing is written when nothing changed', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nblint-write-'));
  try {
    const file = path.join(dir, 'nb.ipynb');
    await writeFile(file, 'same');
    const before = await stat(file);
    await chmod(file, 0o444); // a write attempt would fail
    assert.equal(await writeFileAtomic(file, 'same', 'same'), { status: 'unchanged' });
    assert.is((await stat(file)).mtimeMs, before.mtimeMs);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('atomic write: refuses when the file changed on disk after it was read', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nblint-write-'));
  try {
    const file = path.join(dir, 'nb.ipynb');
    await writeFile(file, 'edited by someone else');
    const outcome = await writeFileAtomic(file, 'as read', 'fixed');
    assert.is(outcome.status, 'refused');
    assert.match(outcome.status === 'refused' ? outcome.message : '', /changed on disk/);
    assert.is(await readFile(file, 'utf8'), 'edited by someone else');
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('atomic write: a save by another program after the temporary file is written, before the rename, is kept', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nblint-write-'));
  try {
    const file = path.join(dir, 'nb.ipynb');
    // Another size; then the same size with the old modification time put back (only the bytes tell).
    for (const edit of ['an editor saved this meanwhile', 'AS READ']) {
      await writeFile(file, 'as read');
      const { atime, mtime } = await stat(file);
      const outcome = await writeFileAtomic(file, 'as read', 'fixed', {
        beforeLastCheck: async (target) => {
          assert.is(target, file);
          assert.is((await readdir(dir)).filter((name) => name.endsWith('.tmp')).length, 1, 'the temporary file is written');
          await writeFile(target, edit);
          if (edit.length === 'as read'.length) await utimes(target, atime, mtime);
        },
      });
      assert.equal(outcome, { status: 'refused', message: 'the file changed on disk while it was being fixed (run again to fix it); not written' });
      assert.is(await readFile(file, 'utf8'), edit);
      assert.equal(await readdir(dir), ['nb.ipynb'], 'no temporary file is left');
    }
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('atomic write: a symbolic link stays a link to the fixed file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nblint-write-'));
  try {
    const { symlink, lstat } = await import('node:fs/promises');
    const real = path.join(dir, 'real.ipynb');
    const link = path.join(dir, 'link.ipynb');
    await writeFile(real, 'old');
    await symlink(real, link);
    assert.equal(await writeFileAtomic(link, 'old', 'new'), { status: 'written' });
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.is(await readFile(real, 'utf8'), 'new');
  } finally {
    await rm(dir, { recursive: true });
  }
});


test('a fix touching a few lines gives exactly the whole-cell replacement (2,000 seeded edits over the fixtures)', async () => {
  const { readdirSync } = await import('node:fs');
  const { FIXTURES } = await import('./helpers/paths.js');
  const { encodeCellSource } = await import('../lib/fix/writer.js');
  let seed = 7;
  const random = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  const pieces = ['\n', 'x', 'é', '😀', '"', '\\', '\t', 'run.log("a", 1)\n', '', 'mlflow\n'];
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.ipynb'));
  let compared = 0;
  for (let k = 0; k < 2000; k++) {
    const name = files[random(files.length)];
    const file = loadText(await readFile(path.join(FIXTURES, name), 'utf8'), path.join(FIXTURES, name), name);
    if (!file.ok) continue;
    const cells = file.file.cells.filter((cell) => cell.source.length > 0);
    if (cells.length === 0) continue;
    const cell = cells[random(cells.length)];
    // One or two non-overlapping edits, never inside a surrogate pair.
    const cut = (): number => {
      let at = random(cell.source.length + 1);
      if (at > 0 && at < cell.source.length && /[\udc00-\udfff]/.test(cell.source[at])) at--;
      return at;
    };
    const [a, b, c, d] = [cut(), cut(), cut(), cut()].sort((x, y) => x - y);
    const edits = [
      { cellIndex: cell.index, start: a, end: b, text: pieces[random(pieces.length)] + pieces[random(pieces.length)] },
      ...(random(2) ? [{ cellIndex: cell.index, start: c, end: d, text: pieces[random(pieces.length)] }] : []),
    ].filter((edit, i, all) => i === 0 || edit.start >= all[0].end);
    const fix = rawFixOf(file.file, { edits });
    const source = applyEditsToSources(file.file, edits).get(cell.index)!;
    const [start, end] = cell.sourceValueRange;
    const whole = minimalReplacement(file.file.text.slice(start, end), encodeCellSource(file.file, cell, source));
    const expected = source === cell.source ? { range: [file.file.text.length, file.file.text.length], text: '' } : { range: [start + whole.range[0], start + whole.range[1]], text: whole.text };
    assert.equal(fix, expected, `${name} cell ${cell.index + 1}: ${JSON.stringify(edits)}`);
    // The separate replacements (SARIF) write the same file.
    let applied = file.file.text;
    for (const { range, text } of rawReplacementsOf(file.file, { edits }).reverse()) applied = applied.slice(0, range[0]) + text + applied.slice(range[1]);
    assert.is(applied, file.file.text.slice(0, expected.range[0]) + expected.text + file.file.text.slice(expected.range[1]));
    compared++;
  }
  assert.ok(compared > 1500);
});

test.run();
