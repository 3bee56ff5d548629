// --stdin / --stdin-filename, as editors use them: the text comes from standard input, the path decides its kind,
// its configuration and whether it is ignored. Nothing is ever written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { CliProject, notebookText } from './helpers/cli-project.js';
import { BIN } from './helpers/paths.js';

const NOTEBOOK = notebookText(['from azureml.core import Run\nrun = Run.get_context()', 'run.log("acc", 0.9)  # ok ✓'], { indent: 2 });
const project = new CliProject({
  'requirements.txt': 'mlflow\nazureml-mlflow\n',
  'nbs/train.ipynb': NOTEBOOK,
  'quiet/.nblintrc.json': JSON.stringify({ rules: { 'no-run-log': 'off' } }),
  '.nblintignore': 'archive/\n',
});

test('a notebook on stdin is linted as the file it names: same problems, cell positions, the file path', () => {
  const piped = project.run(['--stdin', '--stdin-filename', 'nbs/train.ipynb', '-f', 'json'], NOTEBOOK);
  const onDisk = project.run(['nbs/train.ipynb', '-f', 'json']);
  assert.is(piped.code, 1, piped.stderr);
  const [result] = JSON.parse(piped.stdout);
  assert.is(result.filePath, project.path('nbs/train.ipynb'));
  assert.ok(result.messages.some((m: { ruleId: string; cell?: number; cellLine?: number }) => m.ruleId === 'no-run-log' && m.cell === 2 && m.cellLine === 1));
  assert.equal(JSON.parse(piped.stdout), JSON.parse(onDisk.stdout));
});

test('the configuration and ignore patterns of the named path apply', () => {
  const quiet = project.run(['--stdin', '--stdin-filename', 'quiet/train.ipynb', '-f', 'json'], NOTEBOOK);
  assert.not.ok(JSON.parse(quiet.stdout)[0].messages.some((m: { ruleId: string }) => m.ruleId === 'no-run-log'));
  const ignored = project.run(['--stdin', '--stdin-filename', 'archive/old.ipynb'], NOTEBOOK);
  assert.is(ignored.code, 0);
  assert.match(ignored.stdout, 'File ignored because of a matching ignore pattern');
});

test('without --stdin-filename the text is a script named <text>; invalid notebook JSON names the file', () => {
  const script = project.run(['--stdin', '-f', 'json'], 'from azureml.core import Run\nRun.get_context().log("a", 1)\n');
  const [result] = JSON.parse(script.stdout);
  assert.match(result.filePath, /<text>$/);
  assert.ok(result.messages.some((m: { ruleId: string }) => m.ruleId === 'no-run-log'));
  const broken = project.run(['--stdin', '--stdin-filename', 'nbs/broken.ipynb'], '{"cells": [');
  assert.is(broken.code, 1);
  assert.match(broken.stdout, /nbs\/broken\.ipynb\n\s+1:\d+\s+error\s+Parsing error:/);
});

test('--fix-dry-run gives the fixed text; --fix is refused; nothing is written', () => {
  const dry = project.run(['--stdin', '--stdin-filename', 'nbs/train.ipynb', '--fix-dry-run', '-f', 'json'], NOTEBOOK);
  const [result] = JSON.parse(dry.stdout);
  const sources = (JSON.parse(result.output).cells as { source: string[] }[]).map((cell) => cell.source.join(''));
  assert.ok(sources.includes('mlflow.log_metric("acc", 0.9)  # ok ✓'), sources.join('\n---\n'));
  assert.is(project.read('nbs/train.ipynb'), NOTEBOOK);
  const diff = project.run(['--stdin', '--stdin-filename', 'nbs/train.ipynb', '--diff'], NOTEBOOK);
  assert.is(diff.code, 1);
  assert.match(diff.stdout, '--- nbs/train.ipynb:cell 2 (id c2)\n+++ nbs/train.ipynb:cell 3 (id c2)\n@@ -1 +1 @@\n-run.log("acc", 0.9)  # ok ✓\n+mlflow.log_metric("acc", 0.9)  # ok ✓\n');
  const fix = project.run(['--stdin', '--stdin-filename', 'nbs/train.ipynb', '--fix'], NOTEBOOK);
  assert.is(fix.code, 2);
  assert.match(fix.stderr, '--fix-dry-run');
  assert.is(project.run(['--stdin', 'nbs/train.ipynb'], NOTEBOOK).code, 2);
  assert.is(project.run(['--stdin-filename', 'x.py']).code, 2);
});

test('an unknown rule named in a directive is reported even in a file no rule looks at', () => {
  const res = project.run(['--stdin', '--stdin-filename', 'util.py'], 'x = 1  # nblint-disable-line no-such-rule\n');
  assert.is(res.code, 1);
  assert.match(res.stdout, "1:8  error  Definition for rule 'no-such-rule' was not found");
});

test('standard input is checked as a file is: invalid UTF-8 or UTF-16 is refused (never linted as U+FFFD), a BOM kept', () => {
  const v1 = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("a\u00e9", 1)\n';
  const invalid = Buffer.from(v1, 'utf8');
  invalid[invalid.indexOf(0xc3)] = 0xff; // é's first byte: no longer UTF-8
  const bad = project.run(['--stdin', '--stdin-filename', 'train.py', '--fix-dry-run', '-f', 'json'], invalid);
  const [result] = JSON.parse(bad.stdout) as { messages: { message: string }[]; output?: string }[];
  assert.equal([bad.code, result.messages.map((m) => m.message), result.output], [1, ['Parsing error: the file is not valid UTF-8 text'], undefined]);
  const utf16 = project.run(['--stdin', '--stdin-filename', 'train.py'], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(v1, 'utf16le')]));
  assert.match(utf16.stdout, 'train.py\n  1:1  error  Parsing error: the file is UTF-16 text; only UTF-8 is supported');
  const bom = project.run(['--stdin', '--stdin-filename', 'train.py', '--fix-dry-run', '-f', 'json'], Buffer.from('\ufeff' + v1, 'utf8'));
  assert.ok((JSON.parse(bom.stdout) as { output: string }[])[0].output.startsWith('\ufeffimport mlflow\n'), bom.stdout);
});

test('endless standard input (a pipe from /dev/zero) is read only to the size limit and refused as too large', () => {
  // 700 MB: before the cap, reading it all ended in an internal error (a string too long for V8), exit 2.
  const res = spawnSync('sh', ['-c', `head -c 700000000 /dev/zero | "${process.execPath}" "${BIN}" --no-config-lookup --no-color --stdin`], { encoding: 'utf8', timeout: 60_000 });
  assert.is(res.status, 1, res.stderr);
  assert.match(res.stdout, '<text>\n  1:1  error  Parsing error: the file is too large (more than 128 MB); it is not linted');
});

test.run();
