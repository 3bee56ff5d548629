// Issue 7 item 7: code that does not parse is reported as ESLint reports it (a fatal `Parsing error` with its
// position: here per cell, since each cell is parsed on its own), the other cells are still linted and fixed,
// and nothing in a unit that does not parse is ever fixed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadText } from '../lib/notebook/load.js';
import { lintFile } from '../lib/engine/linter.js';
import { fixFile } from '../lib/fix/fixer.js';
import plugin from '../rules/index.js';
import type { LintMessage, LoadedFile, ResolvedConfig } from '../lib/types.js';
import { notebookJson, type TestCell } from './helpers/rule-tester.js';

const config: ResolvedConfig = {
  rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, { severity: 2, options: [] }])),
  settings: {},
  ruleDefinitions: plugin.rules,
};
const PIP = '%pip install mlflow azureml-mlflow\n';
const V1 = 'from azureml.core import Run\nrun = Run.get_context()\n';

function notebook(cells: TestCell[]): LoadedFile {
  const loaded = loadText(notebookJson(cells), '/tmp/nb.ipynb', 'nb.ipynb');
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.file;
}

function script(text: string): LoadedFile {
  const loaded = loadText(text, '/tmp/train.py', 'train.py');
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.file;
}

const fatal = (messages: LintMessage[]) => messages.filter((m) => m.fatal);
const cellsOf = (output: string): string[] => (JSON.parse(output) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));

test('a cell that does not parse: one fatal Parsing error at its cell and line; the cells around it are linted and fixed', () => {
  const file = notebook([PIP + V1, 'x = 1\ndef broken(:\n    pass\n', 'run.log("after", 4)\n']);
  const { messages } = lintFile(file, config);
  const [error, ...more] = fatal(messages);
  assert.is(more.length, 0);
  assert.is(error.ruleId, null);
  assert.is(error.severity, 2);
  assert.match(error.message, /^Parsing error: /);
  assert.equal([error.cell, error.cellLine, error.cellColumn], [2, 2, 12]);
  assert.ok(error.line > 0 && error.column > 0);
  const after = messages.find((m) => m.ruleId === 'no-run-log');
  assert.ok(after?.fix, 'the cell after the broken one is still fixed');
  const fixed = cellsOf(fixFile(file, config).output);
  assert.is(fixed[1], 'x = 1\ndef broken(:\n    pass\n');
  assert.is(fixed[2], 'mlflow.log_metric("after", 4)\n');
});

test('nothing in a cell that does not parse is fixed, even far from the error; the problem says why', () => {
  const broken = 'run.log("a", 1)\n\n\nprint("unclosed"\n';
  const file = notebook([PIP + V1, broken]);
  const log = lintFile(file, config).messages.find((m) => m.ruleId === 'no-run-log')!;
  assert.is(log.fix, undefined);
  assert.match(log.message, /Not fixed automatically: this cell does not parse$/);
  assert.is(cellsOf(fixFile(file, config).output)[1], broken);
});

test('a script that does not parse: the Parsing error at its line and column, and the script is left as it is', () => {
  const text = `${V1}run.log("a", 1)\nif True\n    run.log("b", 2)\n`;
  const file = script(text);
  const messages = lintFile(file, config).messages;
  assert.equal(fatal(messages).map((m) => [m.line, m.column, m.cell]), [[4, 8, undefined]]);
  assert.ok(messages.some((m) => m.ruleId === 'no-run-log'), 'problems are still reported');
  assert.is(fixFile(file, config).output, text);
});

test('valid Python the parser gets wrong is no parsing error: parenthesized with-items (3.10), one line or several', () => {
  const code = `${V1}with (open("a") as f, open("b") as g):\n    pass\nwith (\n    open("a") as f,\n    open("b") as g,\n):\n    run.log("a", 1)\n`;
  const messages = lintFile(script(code), config).messages;
  assert.equal(fatal(messages), []);
  assert.ok(messages.find((m) => m.ruleId === 'no-run-log')?.fix);
});

test('no parsing error for a cell tagged nblint-skip or a markdown code block (documentation snippets)', () => {
  const file = notebook([PIP + V1, { source: 'def broken(:\n', tags: ['nblint-skip'] }, '#md\n```python\nrun.log("a", 1) +\n```\n']);
  assert.equal(fatal(lintFile(file, config).messages), []);
});

test.run();
