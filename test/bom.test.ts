// A file that starts with a UTF-8 byte order mark (Windows editors write one): linted like any other, positions as
// ESLint gives them (the BOM is not a column), and --fix keeps the BOM first, with inserted imports after it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { lintFile } from '../lib/engine/linter.js';
import { fixFile } from '../lib/fix/fixer.js';
import plugin from '../rules/index.js';
import type { LintMessage, ResolvedConfig } from '../lib/types.js';
import { notebookJson } from './helpers/rule-tester.js';
import { loadAs } from './helpers/load-text.js';

const BOM = '\uFEFF';
const config: ResolvedConfig = {
  rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, { severity: 2, options: [] }])),
  settings: {},
  ruleDefinitions: plugin.rules,
};

const load = loadAs;

const at = (m: LintMessage) => `${m.ruleId} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`;
const SCRIPT = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.5)\n';

test('a script with a BOM reports what the same script without one reports, at the same lines and columns', () => {
  const plain = lintFile(load(SCRIPT, 'train.py'), config).messages.map(at);
  const withBom = lintFile(load(BOM + SCRIPT, 'train.py'), config).messages.map(at);
  assert.ok(plain.some((m) => m.startsWith('no-run-log 3:1-3:20')), plain.join('\n'));
  assert.equal(withBom, plain);
});

test('a problem on the first line of a BOM script starts at column 1 of the code, as ESLint counts it', () => {
  const messages = lintFile(load(`${BOM}from azureml.core import Run\nimport mlflow\n`, 'train.py'), config).messages;
  assert.equal(messages.filter((m) => m.ruleId === 'no-unused-v1-import').map(at), ['no-unused-v1-import 1:26-1:29']);
});

test('--fix keeps the BOM first and puts `import mlflow` after it; the result compiles', () => {
  const { output } = fixFile(load(BOM + SCRIPT, 'train.py'), config);
  assert.ok(output.startsWith(`${BOM}import mlflow\n`), JSON.stringify(output.slice(0, 40)));
  assert.ok(output.includes('mlflow.log_metric("acc", 0.5)'));
  assert.is(output.indexOf(BOM, 1), -1, 'one BOM, first');
  const compiled = spawnSync('/usr/bin/python3', ['-c', 'import sys; compile(sys.stdin.buffer.read(), "train.py", "exec")'], { input: Buffer.from(output, 'utf8') });
  assert.is(compiled.status, 0, compiled.stderr?.toString());
});

test('a shebang after the BOM stays the first line, the import goes below it', () => {
  const { output } = fixFile(load(`${BOM}#!/usr/bin/env python\n${SCRIPT}`, 'train.py'), config);
  assert.ok(output.startsWith(`${BOM}#!/usr/bin/env python\nimport mlflow\n`), JSON.stringify(output.slice(0, 60)));
});

test('a notebook with a BOM: same positions as without, and the fixed file keeps its BOM', () => {
  const json = notebookJson(['from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.5)\n']);
  const plain = lintFile(load(json, 'nb.ipynb'), config).messages.map(at);
  const withBom = lintFile(load(BOM + json, 'nb.ipynb'), config).messages.map(at);
  assert.equal(withBom, plain);
  const { output } = fixFile(load(BOM + json, 'nb.ipynb'), config);
  assert.ok(output.startsWith(BOM + '{'));
  assert.ok(output.includes('mlflow.log_metric'));
});

test.run();
