// The multipass fixer with toy rules defined here: passes chain, fix types filter, cycles stop, a fix that
// would break a cell is left out (and said), and fixFiles writes atomically.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadText } from '../lib/notebook/load.js';
import { fixFile, fixFiles, MAX_PASSES } from '../lib/fix/index.js';
import type { LoadedFile, ResolvedConfig, Rule } from '../lib/types.js';

/** A rule that renames every variable `from` to `to`. */
function rename(from: string, to: string, type: Rule['meta']['type'] = 'problem'): Rule {
  return {
    meta: { type, fixable: 'code', docs: { description: `rename ${from}`, recommended: false }, messages: { rename: `rename ${from} to ${to}` } },
    create: (context) => ({
      VariableName(node) {
        if (context.getText(node) === from) context.report({ node, messageId: 'rename', fix: (fixer) => fixer.replaceText(node, to) });
      },
    }),
  };
}

function configOf(rules: Record<string, Rule>): ResolvedConfig {
  const entries = Object.keys(rules).map((id) => [id, { severity: 2 as const, options: [] }]);
  return { rules: Object.fromEntries(entries), settings: {}, ruleDefinitions: rules };
}

function notebookText(...sources: string[]): string {
  const cells = sources.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.match(/[^\n]*\n|[^\n]+$/g) ?? [] }));
  return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 4 }, null, 1);
}

function load(text: string, name = '/tmp/nb.ipynb'): LoadedFile {
  const result = loadText(text, name, path.basename(name));
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

const cellSources = (text: string): string[] => (JSON.parse(text) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));

test('fixes chain over passes and the final messages are current', () => {
  const config = configOf({ 'a-to-b': rename('a', 'b'), 'b-to-c': rename('b', 'c', 'layout') });
  const result = fixFile(load(notebookText('a = 1\n', 'print(a + 1)')), config);
  assert.equal(cellSources(result.output), ['c = 1\n', 'print(c + 1)']);
  assert.is(result.passes, 2);
  assert.ok(result.changed);
  assert.equal(result.messages, []);
  assert.is(result.reverted, undefined);
});

test('--fix-type keeps fixes of other rule types for later, and they stay reported', () => {
  const config = configOf({ 'a-to-b': rename('a', 'b'), 'b-to-c': rename('b', 'c', 'layout') });
  const result = fixFile(load(notebookText('a = 1\n', 'print(a + 1)')), config, { fixTypes: ['problem'] });
  assert.equal(cellSources(result.output), ['b = 1\n', 'print(b + 1)']);
  assert.equal(result.messages.map((m) => [m.ruleId, m.cell]), [['b-to-c', 1], ['b-to-c', 2]]);
  const none = fixFile(load(notebookText('a = 1\n')), config, { fixTypes: ['suggestion'] });
  assert.not.ok(none.changed);
  assert.is(none.passes, 0);
});

test('nothing to fix: the text is returned as it was', () => {
  const text = notebookText('x = 1\n');
  const result = fixFile(load(text), configOf({ 'a-to-b': rename('a', 'b') }));
  assert.is(result.output, text);
  assert.not.ok(result.changed);
});

test('a cycle stops the loop at once instead of running ten passes', () => {
  const config = configOf({ 'x-to-y': rename('x', 'y'), 'y-to-x': rename('y', 'x') });
  const result = fixFile(load(notebookText('x = 1\n')), config);
  assert.is(result.passes, 1);
  assert.equal(cellSources(result.output), ['y = 1\n']);
  assert.match(result.reverted?.join('\n') ?? '', /cycle/);
  assert.equal(result.messages.map((m) => m.ruleId), ['y-to-x']);
});

test('a chain of fixes longer than MAX_PASSES stops there', () => {
  // Each pass renames to a fresh name: no cycle, so only the pass limit stops it.
  const rules: Record<string, Rule> = {};
  for (let i = 0; i < 15; i++) rules[`v${i}`] = rename(`v${i}`, `v${i + 1}`);
  const result = fixFile(load(notebookText('v0 = 1\n')), configOf(rules));
  assert.is(result.passes, MAX_PASSES);
  assert.equal(cellSources(result.output), [`v${MAX_PASSES} = 1\n`]);
  assert.equal(result.messages.map((m) => m.ruleId), [`v${MAX_PASSES}`]);
});

test('a fix that would make a parseable cell unparseable is not applied, the other cells are fixed', () => {
  const config = configOf({ breaker: rename('broken_here', '(('), 'a-to-b': rename('a', 'b') });
  const result = fixFile(load(notebookText('broken_here = a\n', 'a = 2\n')), config);
  // Cell 1 is left whole (its `a` fix goes with it: one cell's fixes are all or nothing); cell 2 is fixed.
  assert.equal(cellSources(result.output), ['broken_here = a\n', 'b = 2\n']);
  assert.match(result.reverted?.join('\n') ?? '', /cell 1 .*unparseable/);
  assert.equal(result.messages.map((m) => [m.ruleId, m.cell]), [['breaker', 1], ['a-to-b', 1]]);
});

test('a script is fixed the same way', () => {
  const config = configOf({ 'a-to-b': rename('a', 'b'), 'b-to-c': rename('b', 'c') });
  const file = load('a = 1\r\nprint(a)\r\n', '/tmp/train.py');
  const result = fixFile(file, config);
  assert.is(result.output, 'c = 1\r\nprint(c)\r\n');
});

test('fixFiles writes the fixed file, or reports that it changed on disk', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nblint-fix-'));
  try {
    const config = configOf({ 'a-to-b': rename('a', 'b') });
    const first = path.join(dir, 'one.py');
    const second = path.join(dir, 'two.py');
    await writeFile(first, 'a = 1\n');
    await writeFile(second, 'a = 2\n');
    const files = [first, second].map((p) => ({ file: load(p === first ? 'a = 1\n' : 'a = 2\n', p), config }));
    await writeFile(second, 'a = 3  # edited meanwhile\n');
    const results = await fixFiles(files, { write: true });
    assert.is(await readFile(first, 'utf8'), 'b = 1\n');
    assert.is(results[0].output, 'b = 1\n');
    assert.is(results[0].writeError, undefined);
    assert.match(results[1].writeError ?? '', /changed on disk/);
    assert.is(await readFile(second, 'utf8'), 'a = 3  # edited meanwhile\n');

    await writeFile(first, 'a = 1\n');
    const dry = await fixFiles([{ file: load('a = 1\n', first), config }], { write: false });
    assert.is(dry[0].output, 'b = 1\n');
    assert.is(await readFile(first, 'utf8'), 'a = 1\n');
  } finally {
    await rm(dir, { recursive: true });
  }
});

// ── magic-line edits and cell insertion (the dependency rule's two ways of fixing) ──

/** A rule that edits the first masked magic line of each unit: `ownWay` through editMagicLine, else replaceTextRange. */
function magicEditor(ownWay: boolean, text: (line: string) => string): Rule {
  return {
    meta: { type: 'problem', fixable: 'code', docs: { description: 'edit magics', recommended: false }, messages: { m: 'magic' } },
    create: (context) => ({
      Unit() {
        const unit = context.unit;
        const [start, end] = unit.protectedRanges[0] ?? [];
        if (start === undefined) return;
        const range: [number, number] = [start, end];
        context.report({
          range,
          messageId: 'm',
          fix: (fixer) => (ownWay ? fixer.editMagicLine(unit, range, text(unit.text.slice(start, end))) : fixer.replaceTextRange(range, 'x')),
        });
      },
    }),
  };
}

test('a masked magic line changes only through fixer.editMagicLine, and only within its line', () => {
  const nb = () => load(notebookText('%pip install pandas\nimport os\n'));
  const plain = fixFile(nb(), configOf({ m: magicEditor(false, () => '') }));
  assert.not.ok(plain.changed, 'an ordinary edit into a magic is refused');
  const magic = fixFile(nb(), configOf({ m: magicEditor(true, () => '%pip install pandas mlflow') }));
  assert.equal(cellSources(magic.output), ['%pip install pandas mlflow\nimport os\n']);
  const newline = fixFile(nb(), configOf({ m: magicEditor(true, (line) => `${line}\nimport sys`) }));
  assert.not.ok(newline.changed, 'a magic edit may not add a line');
});

/** A rule that inserts a `%pip` cell before the first cell while the notebook has none. */
const cellInserter: Rule = {
  meta: { type: 'problem', fixable: 'code', docs: { description: 'insert', recommended: false }, messages: { m: 'insert' } },
  create: (context) => ({
    Program() {
      if (context.file.cells.some((cell) => cell.source.startsWith('%pip'))) return;
      context.report({ range: [0, 0], messageId: 'm', fix: (fixer) => fixer.insertCellBefore(0, '%pip install mlflow') });
    },
  }),
};

test('fixer.insertCellBefore: the report carries insertCells; the cell is inserted once; a script gets no fix', () => {
  const result = fixFile(load(notebookText('import os\n', 'print(os)')), configOf({ m: cellInserter }));
  assert.equal(cellSources(result.output), ['%pip install mlflow', 'import os\n', 'print(os)']);
  assert.is(result.passes, 1);
  assert.equal(result.messages, []);
  const script = fixFile(load('import os\n', '/tmp/job.py'), configOf({ m: cellInserter }));
  assert.not.ok(script.changed);
  assert.is(script.messages.length, 1);
  assert.is(script.messages[0].fix, undefined);
});

test.run();
