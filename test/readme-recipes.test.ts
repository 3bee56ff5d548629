// The README's recipes (between <!-- recipes:start --> and <!-- recipes:end -->) are run as written, each on a
// fresh copy of a small project, and what each promises is checked. A recipe without a check here fails the test,
// so the README cannot gain an untested command line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';
import { CliProject, notebookText, type CliRun } from './helpers/cli-project.js';
import { OPTIONS } from '../lib/cli/options.js';
import { HELP } from '../lib/cli/help.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = /<!-- recipes:start -->([\s\S]*?)<!-- recipes:end -->/.exec(readme)?.[1] ?? '';
const block = (lang: string): string[] => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

const commands = block('sh')
  .flatMap((text) => text.split('\n'))
  .filter((line) => line.trim() && !line.startsWith('#'));

function project(): CliProject {
  return new CliProject({
    'train.ipynb': notebookText(['%pip install mlflow azureml-mlflow', 'from azureml.core import Run\nrun = Run.get_context()', 'run.log("accuracy", 0.91)  # nblint-disable-line no-run-log-list']),
    'src/job.py': 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("loss", 0.2)\nrun.parent.log("best", 1)\n',
    'src/requirements.txt': 'mlflow\nazureml-mlflow\n',
  });
}

const checks: Record<string, (run: CliRun, p: CliProject) => void> = {
  'nblint-mlflow . --diff': (run, p) => {
    assert.is(run.code, 1, run.stderr);
    assert.match(run.stdout, /^--- src\/job\.py\n\+\+\+ src\/job\.py\n@@ /);
    assert.match(run.stdout, '--- train.ipynb:cell 2 (id c2)\n+++ train.ipynb:cell 2 (id c2)\n');
    assert.match(run.stderr, /^would fix \d+ problems in 2 files, 1 left\n$/);
    assert.not.match(p.read('train.ipynb'), 'mlflow.log_metric');
  },
  'nblint-mlflow . --fix': (run, p) => {
    assert.match(run.stderr, /^fixed \d+ problems in 2 files, 1 left\n$/);
    assert.match(p.read('train.ipynb'), 'mlflow.log_metric');
  },
  'nblint-mlflow . --statistics': (run) => {
    assert.match(run.stdout, /^count +fixable +files +rule\n +3 +2 +2 +no-run-log\n/);
  },
  'nblint-mlflow . -f html -o reports/migration.html': (run, p) => {
    assert.is(run.code, 1, run.stderr);
    const page = p.read('reports/migration.html');
    assert.match(page, /<section id="summary"[^>]* data-problems="\d+"/);
    assert.match(page, '<svg id="chart"');
  },
  'nblint-mlflow . --cache --cache-location .cache/nblint/': (run, p) => {
    assert.is(run.code, 1, run.stderr);
    assert.match(readdirSync(p.path('.cache/nblint')).join(), /^\.cache_[0-9a-f]+$/);
  },
  'cat train.ipynb | nblint-mlflow --stdin --stdin-filename train.ipynb -f json': (run, p) => {
    const [result] = JSON.parse(run.stdout);
    assert.is(result.filePath, p.path('train.ipynb'));
    assert.ok(result.messages.some((m: { ruleId: string; cell: number }) => m.ruleId === 'no-run-log' && m.cell === 3));
  },
  'nblint-mlflow . --report-unused-disable-directives': (run) => {
    assert.match(run.stdout, "cell 3:1:28  error  Unused nblint-disable-line directive (no problems were reported from 'no-run-log-list')");
  },
  'nblint-mlflow . --exit-zero -f sarif -o nblint.sarif': (run, p) => {
    assert.is(run.code, 0, run.stderr);
    assert.is(JSON.parse(p.read('nblint.sarif')).version, '2.1.0');
  },
};

test('every command-line option is documented in --help and in the README options table', () => {
  // Booleans that default to true are written as their negation (--no-ignore); `--stdio` is only for LSP clients.
  const written = Object.entries(OPTIONS)
    .filter(([name]) => name !== 'stdio')
    .map(([name, spec]) => ('default' in spec && spec.default === true ? `--no-${name}` : `--${name}`));
  assert.ok(written.length > 25);
  const table = readme.slice(readme.indexOf('### Command-line options'), readme.indexOf('### Recipes'));
  for (const option of written) {
    assert.ok(new RegExp(`(^|[\\s,(])${option}\\b`, 'm').test(HELP), `--help lacks ${option}`);
    assert.ok(new RegExp('`(-\\w, )?' + option + '\\b').test(table), `README options table lacks ${option}`);
  }
});

test('every recipe command has a check, and every check a recipe', () => {
  assert.equal([...commands].sort(), Object.keys(checks).sort());
});

for (const command of commands) {
  test(`recipe: ${command}`, () => {
    const p = project();
    const check = checks[command];
    assert.ok(check, `no check for the README recipe '${command}'`);
    check(p.shell(command), p);
  });
}

test('recipe: the pyproject.toml table and the # noqa line do what the README says', () => {
  const [toml] = block('toml');
  const [python] = block('python');
  assert.ok(toml && python, 'README recipes: toml and python blocks');
  const p = project();
  p.write('pyproject.toml', toml);
  p.write('archive/old.py', 'from azureml.core import Run\nRun.get_context().log("a", 1)\n');
  p.write('src/legacy.py', `from azureml.core import Run\nrun = Run.get_context()\n${python}`);
  const printed = JSON.parse(p.run(['--print-config', 'src/legacy.py']).stdout);
  assert.equal(printed.rules['no-run-log'], ['error', { unknownValueType: 'fix' }]);
  assert.equal(printed.rules['missing-azureml-mlflow-dependency'][0], 'off');
  const results = JSON.parse(p.run(['-f', 'json', '.']).stdout) as { filePath: string; messages: { ruleId: string }[]; suppressedMessages: { ruleId: string }[] }[];
  assert.not.ok(results.some((r) => r.filePath.includes('archive')), 'archive/ ignored');
  const legacy = results.find((r) => r.filePath.endsWith('legacy.py'))!;
  assert.equal(legacy.suppressedMessages.map((m) => m.ruleId), ['no-run-log']);
  assert.not.ok(existsSync(p.path('.nblintcache')));
});

test.run();
