// --cache / --cache-location: a second run over unchanged files reads none it linted before (size and mtime
// first, then the content's hash); a change of rule options, of the configuration, of the tool's version or of a
// file the result depended on (an environment file next to it, the controller that submits a job script)
// invalidates the entries: a cached run always prints what an uncached one prints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliProject, notebookText } from './helpers/cli-project.js';

const CLEAN_NOTEBOOK = notebookText(['import pandas as pd\ndf = pd.DataFrame()', '# Résumé\nprint(df)'], { indent: 1 });
const V1_NOTEBOOK = notebookText(['from azureml.core import Run\nrun = Run.get_context()', 'run.log("acc", 0.9)']);

/**
 * Files with their mtime at a whole second, as a checkout leaves them: utimes() takes seconds as a float, so only
 * such a time can be put back exactly (a millisecond time comes back off by a rounding error).
 */
const CHECKOUT_TIME = 1_700_000_000;
const FILES = { 'requirements.txt': 'mlflow\nazureml-mlflow\n', 'clean.ipynb': CLEAN_NOTEBOOK, 'src/v1.ipynb': V1_NOTEBOOK, 'src/util.py': 'print(1)\n' };

function project(): CliProject {
  const p = new CliProject(FILES);
  for (const name of Object.keys(FILES)) utimesSync(p.path(name), CHECKOUT_TIME, CHECKOUT_TIME);
  return p;
}

/**
 * Replaces a file's bytes with garbage of the same length and puts its mtime back: a linter that reads the file
 * reports a parsing error, one that trusts the cache does not.
 */
function corruptKeepingStamp(p: CliProject, name: string): void {
  const { size, mtimeMs } = statSync(p.path(name));
  assert.is(mtimeMs, CHECKOUT_TIME * 1000);
  writeFileSync(p.path(name), '\0'.repeat(size));
  utimesSync(p.path(name), CHECKOUT_TIME, CHECKOUT_TIME);
}

test('a file linted clean before is not read again: same size and mtime → its cached result', () => {
  const p = project();
  const first = p.run(['--cache', '.']);
  assert.is(first.code, 1, first.stderr);
  assert.ok(existsSync(p.path('.nblintcache')));
  corruptKeepingStamp(p, 'clean.ipynb');
  corruptKeepingStamp(p, 'src/util.py');
  // Control: read, the garbage is a parsing error.
  assert.match(p.run(['.']).stdout, /clean\.ipynb\n\s+1:1\s+error\s+Parsing error/);
  const second = p.run(['--cache', '.']);
  assert.is(second.stdout, first.stdout, 'the cached results, and nothing read from the corrupted files');
  assert.is(second.code, 1);
});

test('files with problems come back identical from the cache, -f json (which needs the text) included', () => {
  const p = project();
  const first = p.run(['--cache', '-f', 'json', '.']);
  const second = p.run(['--cache', '-f', 'json', '.']);
  assert.equal(JSON.parse(second.stdout), JSON.parse(first.stdout));
  assert.ok(JSON.parse(second.stdout).some((r: { source?: string }) => r.source === V1_NOTEBOOK));
});

test('a touched file with the same content is not linted again; changed content is', () => {
  const p = project();
  p.run(['--cache', '.']);
  const before = JSON.parse(p.read('.nblintcache'));
  const entry = before.files[p.path('clean.ipynb')];
  const later = new Date(Date.now() + 60_000);
  utimesSync(p.path('clean.ipynb'), later, later);
  p.run(['--cache', '.']);
  const after = JSON.parse(p.read('.nblintcache')).files[p.path('clean.ipynb')];
  assert.is(after.hash, entry.hash);
  assert.is.not(after.mtimeMs, entry.mtimeMs, 'the new mtime is recorded, so the next run need not read the file');

  // New content of the same size, new mtime: linted again.
  p.write('src/util.py', 'print(2)\n');
  p.write('clean.ipynb', V1_NOTEBOOK);
  const res = p.run(['--cache', '.']);
  assert.match(res.stdout, /clean\.ipynb\n\s+cell 2:1:1\s+error/);
});

test('a changed rule option, or another version of the tool, invalidates the cache', () => {
  const p = project();
  p.run(['--cache', '.']);
  corruptKeepingStamp(p, 'clean.ipynb');
  const withOption = p.run(['--cache', '--rule', 'no-run-log: [error, {unknownValueType: fix}]', '.']);
  assert.match(withOption.stdout, /clean\.ipynb\n\s+1:1\s+error\s+Parsing error/);

  const q = project();
  q.run(['--cache', '.']);
  corruptKeepingStamp(q, 'clean.ipynb');
  const cache = JSON.parse(q.read('.nblintcache'));
  writeFileSync(q.path('.nblintcache'), JSON.stringify({ ...cache, version: '0.0.0-older' }));
  assert.match(q.run(['--cache', '.']).stdout, /clean\.ipynb\n\s+1:1\s+error\s+Parsing error/);
});

test('--cache-location: a file path, or a folder that gets a .cache_<hash> file; --fix still fixes cached files', () => {
  const p = project();
  p.run(['--cache', '--cache-location', 'tmp/nblint.cache', '.']);
  assert.ok(existsSync(p.path('tmp/nblint.cache')));
  assert.not.ok(existsSync(p.path('.nblintcache')));
  p.run(['--cache', '--cache-location', 'cachedir/', '.']);
  assert.match(readdirSync(p.path('cachedir')).join(','), /^\.cache_[0-9a-f]+$/);

  const fixed = p.run(['--cache', '--cache-location', 'tmp/nblint.cache', '--fix', '.']);
  assert.match(fixed.stderr, /^fixed [1-9]\d* problems? in 1 file, \d+ left\n$/);
  assert.match(readFileSync(p.path('src/v1.ipynb'), 'utf8'), 'mlflow.log_metric');
});

test('with --concurrency the workers\' entries are recorded: the second run reads nothing linted clean', () => {
  const p = project();
  const first = p.run(['--cache', '--concurrency', '2', '.']);
  corruptKeepingStamp(p, 'clean.ipynb');
  corruptKeepingStamp(p, 'src/util.py');
  const second = p.run(['--cache', '--concurrency', '2', '.']);
  assert.is(second.stdout, first.stdout);
  assert.not.match(second.stdout, 'Parsing error');
});

/** Runs --cache twice around `change`: the second run must print what a run without the cache prints, and differ from the first. */
function cachedEqualsUncached(p: CliProject, change: () => void, args: string[] = ['.']): void {
  const first = p.run(['--cache', ...args]);
  change();
  const cached = p.run(['--cache', ...args]);
  const uncached = p.run(args);
  assert.is(cached.stdout, uncached.stdout, 'the cached run prints what an uncached one prints');
  assert.is(cached.code, uncached.code);
  assert.is.not(cached.stdout, first.stdout, 'the change matters to the result (else this test proves nothing)');
}

const JOB_SCRIPT = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("rmse", 0.5)\n';
const CONDA = 'name: ridge-env\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n      - azureml-defaults\n';
const SUBMIT = [
  'from azureml.core import Workspace, Experiment, Environment, ScriptRunConfig\nws = Workspace.from_config()',
  "env = Environment.from_conda_specification(name='ridge-env', file_path='environment.yml')\n" +
    "config = ScriptRunConfig(source_directory='scripts', script='train.py', environment=env)\n" +
    "Experiment(ws, 'ridge').submit(config)",
];
const controllerProject = (): CliProject =>
  new CliProject({ 'environment.yml': CONDA, 'scripts/train.py': JOB_SCRIPT, 'submit.ipynb': notebookText(SUBMIT, { indent: 1 }) });

test('an environment file next to a file: adding azureml-mlflow to it drops the cached missing-dependency warning', () => {
  const p = new CliProject({
    'nb/environment.yml': 'name: e\ndependencies:\n  - pip\n  - pip:\n      - mlflow\n',
    'nb/solo.py': 'import mlflow\nmlflow.log_metric("a", 1)\n',
    'nb/explore.ipynb': notebookText(['import mlflow\nmlflow.log_metric("b", 2)']),
  });
  cachedEqualsUncached(p, () => p.write('nb/environment.yml', 'name: e\ndependencies:\n  - pip\n  - pip:\n      - mlflow\n      - azureml-mlflow\n'));
  // A requirements file that appears next to them counts as well (the folder's names are part of the key).
  const q = new CliProject({ 'nb/solo.py': 'import mlflow\nmlflow.log_metric("a", 1)\n' });
  cachedEqualsUncached(q, () => q.write('nb/requirements-train.txt', 'mlflow\nazureml-mlflow\n'));
});

test('the conda file of a job a controller submits: adding azureml-mlflow there, the cached run agrees with an uncached one', () => {
  const p = controllerProject();
  cachedEqualsUncached(p, () => p.write('environment.yml', CONDA + '      - azureml-mlflow\n'));
});

test('a job script follows its controller: when the notebook no longer submits it, the cached script result is not reused', () => {
  const p = controllerProject();
  // Submitted, the script's environment is the job's (reported on environment.yml); alone, it needs its own.
  cachedEqualsUncached(p, () => p.write('submit.ipynb', notebookText([SUBMIT[0], "print('submitted elsewhere')"], { indent: 1 })));
  // And back: the controller submits it again.
  cachedEqualsUncached(p, () => p.write('submit.ipynb', notebookText(SUBMIT, { indent: 1 })));
});

test('a job script whose logging changes: the controller\'s cached result follows it', () => {
  const p = new CliProject({
    'scripts/train.py': 'print("no tracking yet")\n',
    // The environment is declared in code: the controller itself is reported when its job's script logs with MLflow.
    'submit.ipynb': notebookText([
      'from azureml.core import Workspace, Experiment, Environment, ScriptRunConfig\n' +
        'from azureml.core.conda_dependencies import CondaDependencies\nws = Workspace.from_config()',
      "env = Environment('e')\nenv.python.conda_dependencies = CondaDependencies.create(pip_packages=['scikit-learn'])\n" +
        "config = ScriptRunConfig(source_directory='scripts', script='train.py', environment=env)\n" +
        "Experiment(ws, 'x').submit(config)",
    ]),
  });
  cachedEqualsUncached(p, () => p.write('scripts/train.py', JOB_SCRIPT), ['submit.ipynb']);
});

test('a changed configuration file ([tool.nblint-mlflow] in pyproject.toml) invalidates the cache', () => {
  const p = project();
  cachedEqualsUncached(p, () => p.write('pyproject.toml', '[tool.nblint-mlflow.rules]\nno-run-log = "warn"\n'));
});

/** A preload that logs every path the process opens (fs.openSync, readFileSync, fs/promises open/readFile) at exit. */
function openSpy(): { env: Record<string, string>; opened: () => string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-spy-'));
  const log = path.join(dir, 'opened.txt');
  const spy = path.join(dir, 'spy.cjs');
  writeFileSync(
    spy,
    `const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const opened = [];
const note = (p) => { if (typeof p === 'string') opened.push(p); else if (p instanceof URL) opened.push(p.pathname); };
for (const [owner, name] of [[fs, 'openSync'], [fs, 'readFileSync'], [fs.promises, 'open'], [fs.promises, 'readFile']]) {
  const original = owner[name];
  owner[name] = function (p, ...rest) { note(p); return original.call(this, p, ...rest); };
}
syncBuiltinESMExports();
const write = fs.writeFileSync;
process.on('exit', () => write(${JSON.stringify(log)}, opened.join('\\n')));
`,
  );
  return {
    env: { NODE_OPTIONS: `--require ${spy}` },
    opened: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []),
  };
}

test('the second run opens no file it linted clean before: neither to lint it nor for the project model (fs spy)', () => {
  const cleanNotebooks = Array.from({ length: 5 }, (_, i) => `nbs/clean-${i}.ipynb`);
  const p = new CliProject({
    ...Object.fromEntries(cleanNotebooks.map((name) => [name, CLEAN_NOTEBOOK])),
    'nbs/util.py': 'print(1)\n',
    'nbs/v1.ipynb': V1_NOTEBOOK,
    'requirements.txt': 'mlflow\nazureml-mlflow\n',
    // Clean notebooks the project model reads for their role: one writes a script, one submits it as a v2 job.
    'jobs/write.ipynb': notebookText(['%%writefile src/prep.py\nimport pandas as pd\nprint(pd.__version__)\n']),
    'jobs/src/prep.py': 'import pandas as pd\nprint(pd.__version__)\n',
    'jobs/submit.ipynb': notebookText([
      'from azure.ai.ml import MLClient, command\nfrom azure.identity import DefaultAzureCredential\nml_client = MLClient.from_config(DefaultAzureCredential())',
      "job = command(code='./src', command='python prep.py', environment='AzureML-sklearn-1.5@latest', compute='cpu')\nml_client.jobs.create_or_update(job)",
      "score = command(code='./src', command='python score.py', environment='AzureML-sklearn-1.5@latest', compute='cpu')\nml_client.jobs.create_or_update(score)",
    ]),
    // A job script: whether it logs with MLflow is asked on every run (the controller's result depends on it).
    'jobs/src/score.py': 'import json\nprint(json.dumps({"score": 1}))\n',
  });
  const clean = [...cleanNotebooks, 'nbs/util.py', 'jobs/write.ipynb', 'jobs/submit.ipynb', 'jobs/src/prep.py', 'jobs/src/score.py'].map((name) => p.path(name));
  const facts = JSON.parse((p.run(['--cache', '.']), p.read('.nblintcache'))).files[p.path('jobs/submit.ipynb')].projectFacts;
  assert.equal(
    facts.jobs.map((job: { script: string }) => job.script),
    [p.path('jobs/src/prep.py'), p.path('jobs/src/score.py')],
    'the controller\'s role is cached',
  );
  rmSync(p.path('.nblintcache'));
  const spy = openSpy();
  const first = p.run(['--cache', '.'], undefined, spy.env);
  // Control: the spy sees the files when they are linted.
  for (const file of clean) assert.ok(spy.opened().includes(file), `first run opens ${file}`);
  const second = p.run(['--cache', '.'], undefined, spy.env);
  assert.is(second.stdout, first.stdout);
  const opened = spy.opened();
  for (const file of clean) assert.not.ok(opened.includes(file), `second run opens ${file}`);
});

test.run();
