// Configuration from pyproject.toml's [tool.nblint-mlflow] table, where Python projects keep their tools' settings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CliProject } from './helpers/cli-project.js';

const V1 = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';

const PYPROJECT = `[project]
name = "training"
dependencies = ["mlflow", "azureml-mlflow"]

[tool.ruff]
line-length = 100

[tool.nblint-mlflow]
ignorePatterns = ["archive/"]

[tool.nblint-mlflow.rules]
no-run-log = ["warn", { unknownValueType = "fix" }]
"missing-azureml-mlflow-dependency" = "off"

[[tool.nblint-mlflow.overrides]]
files = ["legacy/**/*.py"]
rules = { no-run-log = "off" }
`;

const printed = (p: CliProject, file: string) => {
  const res = p.run(['--print-config', file]);
  assert.is(res.code, 0, res.stderr);
  const { rules } = JSON.parse(res.stdout) as { rules: Record<string, unknown[]> };
  return { rules, severity: (rule: string) => rules[rule][0] };
};

test('[tool.nblint-mlflow]: rules with options, overrides and ignore patterns, as in .nblintrc.json', () => {
  const p = new CliProject({ 'pyproject.toml': PYPROJECT, 'src/train.py': V1, 'legacy/old.py': V1, 'archive/x.py': V1 });
  assert.equal(printed(p, 'src/train.py').rules['no-run-log'], ['warn', { unknownValueType: 'fix' }]);
  assert.is(printed(p, 'src/train.py').severity('missing-azureml-mlflow-dependency'), 'off');
  assert.is(printed(p, 'legacy/old.py').severity('no-run-log'), 'off');
  const res = p.run(['-f', 'json', '.']);
  const results = JSON.parse(res.stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
  assert.not.ok(results.some((r) => r.filePath.includes('archive')));
  const train = results.find((r) => r.filePath.endsWith('train.py'))!;
  assert.equal(train.messages.find((m) => m.ruleId === 'no-run-log')?.severity, 1);
});

test('a pyproject.toml without the table is skipped; a .nblintrc.json beside it wins; root = true stops the walk', () => {
  const p = new CliProject({
    '.nblintrc.json': JSON.stringify({ rules: { 'no-run-log': 'warn' } }),
    'a/pyproject.toml': '[tool.black]\nline-length = 88\n',
    'a/t.py': V1,
    'b/pyproject.toml': '[tool.nblint-mlflow.rules]\nno-run-log = "off"\n',
    'b/.nblintrc.json': JSON.stringify({ rules: { 'no-v1-run-context': 'off' } }),
    'b/t.py': V1,
    'c/pyproject.toml': '[tool.nblint-mlflow]\nroot = true\n[tool.nblint-mlflow.rules]\nno-v1-run-context = "off"\n',
    'c/t.py': V1,
  });
  assert.is(printed(p, 'a/t.py').severity('no-run-log'), 'warn', 'the parent .nblintrc.json applies through a/');
  assert.is(printed(p, 'b/t.py').severity('no-run-log'), 'warn', "b/pyproject.toml is not read: b/.nblintrc.json is b's configuration");
  assert.is(printed(p, 'b/t.py').severity('no-v1-run-context'), 'off');
  assert.is(printed(p, 'c/t.py').severity('no-run-log'), 'error', 'root = true: the parent file is not used');
  assert.is(printed(p, 'c/t.py').severity('no-v1-run-context'), 'off');
});

test('mistakes name pyproject.toml and the key; --config accepts a pyproject.toml', () => {
  const bad = new CliProject({ 'pyproject.toml': '[tool.nblint-mlflow.rules]\nno-run-log = "loud"\n', 't.py': V1 });
  const res = bad.run(['t.py']);
  assert.is(res.code, 2);
  assert.match(res.stderr, /pyproject\.toml \[tool\.nblint-mlflow\]: rules\.no-run-log: /);
  const invalid = new CliProject({ 'pyproject.toml': '[tool.nblint-mlflow\nrules = 1\n', 't.py': V1 });
  const res2 = invalid.run(['t.py']);
  assert.is(res2.code, 2);
  assert.match(res2.stderr, /pyproject\.toml: invalid TOML/);

  const viaConfig = new CliProject({ 'conf/pyproject.toml': '[tool.nblint-mlflow.rules]\nno-run-log = "off"\n', 't.py': V1 });
  assert.is(printed(viaConfig, 't.py').severity('no-run-log'), 'error');
  const res3 = viaConfig.run(['-c', 'conf/pyproject.toml', '--print-config', 't.py']);
  assert.is(JSON.parse(res3.stdout).rules['no-run-log'][0], 'off');
  assert.is(viaConfig.run(['-c', 'conf/missing/pyproject.toml', 't.py']).code, 2);
});

test.run();
