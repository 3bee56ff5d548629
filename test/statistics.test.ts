// --statistics (per rule: count, fixable, files) and --exit-zero.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CliProject, jobProjectFiles, notebookText } from './helpers/cli-project.js';

const project = new CliProject({
  'requirements.txt': 'mlflow\nazureml-mlflow\n',
  'a.py': 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)\nrun.log("b", 2)\n',
  'nbs/b.ipynb': notebookText(['from azureml.core import Run\nrun = Run.get_context()', 'run.log("ü", 1)\nrun.parent.log("p", 2)']),
  'nbs/broken.ipynb': '{"cells": [',
  'clean.py': 'print(1)\n',
  // The project model: a controller, its job script, and the conda file the job runs in (reported there).
  ...jobProjectFiles(),
});

test('--statistics: one row per rule, most frequent first, equal to the counts of -f json', () => {
  const { code, stdout, stderr } = project.run(['--statistics', '.']);
  assert.is(code, 1, stderr);
  const rows = stdout.trimEnd().split('\n');
  assert.equal(rows[0].trim().split(/\s+/), ['count', 'fixable', 'files', 'rule']);
  const table = rows.slice(1).map((row) => {
    const [count, fixable, files, ...rule] = row.trim().split(/\s+/);
    return { rule: rule.join(' '), count: Number(count), fixable: Number(fixable), files: Number(files) };
  });
  assert.equal(table[0], { rule: 'no-run-log', count: 5, fixable: 4, files: 3 });
  // nbs/b.ipynb (no requirements file next to it) and jobs/environment.yml.
  assert.ok(table.some((row) => row.rule === 'missing-azureml-mlflow-dependency' && row.files === 2), 'the environment file\'s problem is counted');
  assert.ok(table.some((row) => row.rule === '(parsing error)' && row.count === 1 && row.files === 1));

  const results = JSON.parse(project.run(['-f', 'json', '.']).stdout) as { messages: { ruleId: string | null; fatal?: boolean; fix?: unknown }[] }[];
  const expected = new Map<string, { count: number; fixable: number; files: Set<number> }>();
  results.forEach((result, file) => {
    for (const m of result.messages) {
      const rule = m.ruleId ?? (m.fatal ? '(parsing error)' : '(directive)');
      const row = expected.get(rule) ?? { count: 0, fixable: 0, files: new Set<number>() };
      row.count++;
      if (m.fix) row.fixable++;
      row.files.add(file);
      expected.set(rule, row);
    }
  });
  assert.is(table.length, expected.size);
  for (const row of table) {
    const want = expected.get(row.rule)!;
    assert.equal(row, { rule: row.rule, count: want.count, fixable: want.fixable, files: want.files.size }, row.rule);
  }
  for (let i = 1; i < table.length; i++) assert.ok(table[i - 1].count >= table[i].count, 'sorted by count');

  const asJson = project.run(['--statistics', '-f', 'json', '.']);
  assert.equal(JSON.parse(asJson.stdout), table);
});

test('--statistics: nothing found prints nothing; another format is refused', () => {
  const clean = project.run(['--statistics', 'clean.py']);
  assert.is(clean.code, 0);
  assert.is(clean.stdout, '');
  assert.is(project.run(['--statistics', '-f', 'sarif', '.']).code, 2);
});

test('--exit-zero: exit 0 with errors, the report unchanged; usage errors still exit 2', () => {
  const normal = project.run(['.']);
  const zero = project.run(['--exit-zero', '.']);
  assert.is(normal.code, 1);
  assert.is(zero.code, 0);
  assert.is(zero.stdout, normal.stdout);
  assert.is(project.run(['--exit-zero', '--max-warnings', '0', '.']).code, 0);
  assert.is(project.run(['--exit-zero', '--no-such-option']).code, 2);
});

test.run();
