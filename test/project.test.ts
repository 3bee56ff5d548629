// Whole-project migration (issue 8), end to end through the real command line on copies of test/projects/:
//   - v1-env-in-code: a controller notebook declares the job's environment with CondaDependencies.create(...) and
//     submits src/train.py with a ScriptRunConfig;
//   - v1-env-file: the environment comes from environment.yml (Environment.from_conda_specification);
//   - v2-jobs: job YAML trees, one on a curated environment that ships MLflow, one whose conda file lacks
//     azureml-mlflow;
//   - interactive: a notebook that logs through start_logging() (the tracking URI is set from the workspace).
// After one --fix every file equals its reviewed after-file in test/projects-fixed/ (or keeps its bytes), the
// job environments declare azureml-mlflow, the job scripts run under the MLflow stand-in, and no notebook that uses
// no MLflow gained an install cell; a second --fix changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { BIN, ROOT } from './helpers/paths.js';
import { indexFile, Project, type ControllerFacts, type ProjectIndexData } from '../lib/project/project.js';

const PROJECTS = path.join(ROOT, 'test', 'projects');
const FIXED = path.join(ROOT, 'test', 'projects-fixed');
const PYTHON = process.env.NBLINT_PROOF_PYTHON ?? '/usr/bin/python3';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nblint-project-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
function nblint(cwd: string, args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function copyProjects(): string {
  const dir = mkdtempSync(path.join(tmp, 'tree-'));
  cpSync(PROJECTS, dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel))) {
      const child = path.join(rel, entry);
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else files.set(child.split(path.sep).join('/'), readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return files;
}

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; cell?: number; cellLine?: number; message: string; fatal?: boolean }[];
}

function dependencyProblems(dir: string): string[] {
  const out = nblint(dir, ['.', '-f', 'json']);
  const results = JSON.parse(out.stdout) as JsonResult[];
  return results
    .flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'missing-azureml-mlflow-dependency' || m.fatal)
        .map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')}:${m.cell ? `cell ${m.cell}:${m.cellLine}` : m.line}`),
    )
    .sort();
}

const fixedCopy = (() => {
  let done: { dir: string; first: ReturnType<typeof nblint> } | undefined;
  return () => {
    if (!done) {
      const dir = copyProjects();
      done = { dir, first: nblint(dir, ['.', '--fix']) };
    }
    return done;
  };
})();

test('before fixing: the dependency problem is reported where each job environment is declared, nowhere else', () => {
  assert.equal(dependencyProblems(copyProjects()), [
    'interactive/explore-ridge.ipynb:cell 2:1', // logs with MLflow once start_logging() is migrated: the notebook's own install
    'v1-env-file/environment.yml:5', // the conda file the sweep's jobs run in
    'v1-env-in-code/train-on-amlcompute.ipynb:cell 3:4', // the pip_packages list
    'v2-jobs/custom/conda.yaml:4', // the job YAML's conda file; the iris job's curated environment ships MLflow
  ]);
});

test('one --fix: every file equals its reviewed after-file (or keeps its bytes); a second --fix changes nothing', () => {
  const { dir, first } = fixedCopy();
  assert.is(first.code, 1, first.stderr); // v1 Experiment objects used for submit() remain, by design
  const before = snapshot(PROJECTS);
  const expected = snapshot(FIXED);
  const after = snapshot(dir);
  assert.equal([...after.keys()].sort(), [...before.keys()].sort(), 'no file may appear or disappear');
  for (const [rel, text] of after) assert.is(text, expected.get(rel) ?? before.get(rel), rel);
  for (const rel of expected.keys()) assert.ok(before.has(rel), `${rel} in projects-fixed has no original`);
  const second = nblint(dir, ['.', '--fix']);
  assert.equal(snapshot(dir), after, 'a second --fix changed something');
  assert.is(second.stdout, first.stdout);
  assert.equal(dependencyProblems(dir), []);
});

test('after --fix the declared job environments provide azureml-mlflow and mlflow', () => {
  const { dir } = fixedCopy();
  const condaPip = (rel: string): string[] => {
    const doc = parseDocument(readFileSync(path.join(dir, rel), 'utf8')).toJS() as { dependencies: (string | { pip: string[] })[] };
    return doc.dependencies.flatMap((d) => (typeof d === 'string' ? [] : d.pip));
  };
  for (const rel of ['v1-env-file/environment.yml', 'v2-jobs/custom/conda.yaml']) {
    const pip = condaPip(rel);
    assert.ok(pip.includes('azureml-mlflow') && pip.includes('mlflow'), `${rel}: ${pip.join(', ')}`);
  }
  const notebook = JSON.parse(readFileSync(path.join(dir, 'v1-env-in-code/train-on-amlcompute.ipynb'), 'utf8')) as { cells: { source: string[] }[] };
  const envCell = notebook.cells[2].source.join('');
  assert.match(envCell, /pip_packages=\['azureml-defaults',\n\s+'joblib',\n\s+'mlflow',\n\s+'azureml-mlflow'\]\)/);
});

test('no notebook that uses no MLflow gains an install cell or install line', () => {
  const { dir } = fixedCopy();
  for (const rel of ['v1-env-in-code/train-on-amlcompute.ipynb', 'v1-env-file/submit-sweep.ipynb']) {
    const cells = (JSON.parse(readFileSync(path.join(dir, rel), 'utf8')) as { cells: { source: string[] | string }[] }).cells;
    const before = (JSON.parse(readFileSync(path.join(PROJECTS, rel), 'utf8')) as { cells: unknown[] }).cells;
    assert.is(cells.length, before.length, rel);
    assert.not.ok(cells.some((c) => /pip install|import mlflow|mlflow\./.test([c.source].flat().join(''))), rel);
  }
});

test('the interactive notebook points MLflow at the workspace before its first MLflow call, and declares the plugin', () => {
  const { dir } = fixedCopy();
  const cells = (JSON.parse(readFileSync(path.join(dir, 'interactive/explore-ridge.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] }).cells;
  const code = cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join('')).join('\n');
  const firstCall = code.search(/mlflow\.(?!set_tracking_uri)\w+\(/);
  const tracking = code.indexOf('mlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())');
  assert.ok(tracking >= 0 && tracking < firstCall, code);
  assert.ok(code.indexOf('ws = Workspace.from_config()') < tracking, 'the workspace is bound before it is used');
  assert.match(code, /^%pip install mlflow azureml-mlflow$/m);
});

const hasPython = spawnSync(PYTHON, ['-c', 'pass'], { stdio: 'ignore' }).status === 0;
(hasPython ? test : test.skip)('the migrated job scripts run under the MLflow stand-in and log the same metrics', () => {
  const { dir } = fixedCopy();
  for (const [rel, metrics] of [
    ['v1-env-in-code/src/train.py', ['alpha', 'mse']],
    ['v1-env-file/scripts/train.py', ['alpha', 'rmse']],
  ] as const) {
    const record = path.join(tmp, `${path.basename(path.dirname(rel))}.jsonl`);
    writeFileSync(record, '');
    const script = path.join(dir, rel);
    const run = spawnSync(PYTHON, [path.join(ROOT, 'test', 'proof', 'run_script.py'), script, record, path.dirname(script)], { encoding: 'utf8' });
    assert.equal(JSON.parse(run.stdout.trim().split('\n').pop()!), { ok: true }, `${rel}: ${run.stdout}${run.stderr}`);
    const logged = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { sdk: string; call: string; args: unknown[] });
    const names = logged.filter((entry) => entry.sdk === 'mlflow' && entry.call === 'log_metric').map((entry) => entry.args[0]);
    assert.equal(names, [...metrics], rel);
  }
});

(hasPython ? test : test.skip)('the migrated interactive notebook code runs under the stand-ins and logs every metric', () => {
  const { dir } = fixedCopy();
  const cells = (JSON.parse(readFileSync(path.join(dir, 'interactive/explore-ridge.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] }).cells;
  // The cells as one script (the %pip cell is the kernel's business).
  const script = path.join(tmp, 'explore_ridge.py');
  writeFileSync(script, cells.filter((c) => c.cell_type === 'code' && !c.source.join('').startsWith('%')).map((c) => c.source.join('')).join('\n'));
  const record = path.join(tmp, 'explore.jsonl');
  const run = spawnSync(PYTHON, [path.join(ROOT, 'test', 'proof', 'run_script.py'), script, record, path.join(dir, 'interactive')], { encoding: 'utf8' });
  assert.equal(JSON.parse(run.stdout.trim().split('\n').pop()!), { ok: true }, run.stdout + run.stderr);
  const logged = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { sdk: string; call: string; args: unknown[] });
  const mlflowCalls = logged.filter((e) => e.sdk === 'mlflow').map((e) => `${e.call}${e.call === 'log_metric' ? ` ${String(e.args[0])}` : ''}`);
  assert.equal(mlflowCalls, ['set_experiment', 'start_run', 'log_metric alpha', 'log_metric alpha', 'log_metric alpha', 'log_metric best_mse', 'end_run']);
});

test('--concurrency 2 and 3 (the project index built in chunks on every thread): the same report and the same fixed files as one thread', () => {
  const report = (dir: string, args: string[]) => nblint(dir, ['.', '-f', 'json', ...args]).stdout.split(dir).join('<dir>');
  const { dir: fixedOnce, first } = fixedCopy();
  const single = copyProjects();
  const expectedReport = report(single, []);
  assert.ok(expectedReport.includes('missing-azureml-mlflow-dependency'));
  for (const n of ['2', '3']) {
    assert.is(report(single, ['--concurrency', n]), expectedReport, `--concurrency ${n}: report`);
    const dir = copyProjects();
    const fixed = nblint(dir, ['.', '--fix', '--concurrency', n]);
    assert.is(fixed.stdout.split(dir).join('<dir>'), first.stdout.split(fixedOnce).join('<dir>'), `--concurrency ${n} --fix: report`);
    assert.equal(snapshot(dir), snapshot(fixedOnce), `--concurrency ${n} --fix: files`);
  }
});

test('the project index is plain data: a model given a structured clone of it answers as the one that read the files', async () => {
  const files = [...snapshot(PROJECTS).keys()].filter((rel) => /\.(py|ipynb)$/.test(rel)).map((rel) => path.join(PROJECTS, rel)).sort();
  const built = new Project(files, { cwd: PROJECTS });
  await built.prepare();
  const index: ProjectIndexData = {
    files: files.flatMap((file) => {
      const facts = indexFile(file, { cwd: PROJECTS });
      return facts ? [[file, facts] as [string, ControllerFacts]] : [];
    }),
    yamlJobs: built.jobsInYaml,
  };
  assert.ok(index.files.some(([, facts]) => facts.jobs.length > 0) && index.yamlJobs.length > 0, 'the projects submit jobs from code and from YAML');
  const given = new Project([], { cwd: PROJECTS });
  given.useIndex(structuredClone(index));
  const submitted = index.files.flatMap(([, facts]) => facts.jobs.map((job) => job.script)).filter((script) => script !== null);
  const scripts = [...new Set([...submitted, ...index.yamlJobs.map((job) => job.script), ...files])];
  for (const script of scripts) {
    assert.equal(given.submittersOf(script), built.submittersOf(script), `submittersOf ${script}`);
    assert.is(given.scriptTracks(script), built.scriptTracks(script), `scriptTracks ${script}`);
  }
  assert.ok(scripts.some((s) => built.submittersOf(s).length > 0 && built.scriptTracks(s)), 'some submitted script logs with MLflow');
  assert.equal(given.environmentNeeds(), built.environmentNeeds());
  assert.ok(built.environmentNeeds().length > 0, 'some job has an environment to report on');
});

test('bad input: an unparseable conda file or job YAML is a parsing error on that file, never rewritten; the run goes on', () => {
  const dir = copyProjects();
  const conda = path.join(dir, 'v1-env-file', 'environment.yml');
  const badConda = 'name: ridge-env\ndependencies:\n  - python=3.8\n  - pip:\n      - azureml-defaults\n    - [unclosed\n';
  writeFileSync(conda, badConda);
  const job = path.join(dir, 'v2-jobs', 'custom', 'job.yml');
  const badJob = 'code: src\ncommand: python train.py\nenvironment: {conda_file: conda.yaml\n';
  writeFileSync(job, badJob);
  const out = nblint(dir, ['.', '--fix', '-f', 'json']);
  assert.is(out.code, 1, out.stderr);
  const results = JSON.parse(out.stdout) as JsonResult[];
  const fatal = (rel: string) => results.find((r) => r.filePath === path.join(dir, rel))?.messages.filter((m) => m.fatal) ?? [];
  assert.is(fatal('v1-env-file/environment.yml').length, 1);
  assert.match(fatal('v1-env-file/environment.yml')[0].message, /^Parsing error: /);
  assert.is(fatal('v2-jobs/custom/job.yml').length, 1);
  assert.is(readFileSync(conda, 'utf8'), badConda);
  assert.is(readFileSync(job, 'utf8'), badJob);
  // The other files were still linted and fixed.
  assert.ok(existsSync(path.join(dir, 'v1-env-in-code/src/train.py')));
  assert.match(readFileSync(path.join(dir, 'v1-env-in-code/src/train.py'), 'utf8'), /mlflow\.log_metric\('alpha', alpha\)/);
});


test('a job configured inside the submitting call (submit(ScriptRunConfig(...)), Pipeline(steps=[PythonScriptStep(...)])) is followed to its environment', () => {
  const condaFile = ['dependencies:', '  - python=3.10', '  - pip:', '    - azureml-core', ''].join('\n');
  const trainScript = ['from azureml.core import Run', 'run = Run.get_context()', 'run.log("acc", 0.9)', ''].join('\n');
  const controllers: Record<string, string> = {
    'submit(ScriptRunConfig(...))': [
      'from azureml.core import Workspace, Experiment, ScriptRunConfig, Environment',
      'ws = Workspace.from_config()',
      'env = Environment.from_conda_specification("env", "env.yml")',
      'Experiment(ws, "x").submit(ScriptRunConfig(source_directory="src", script="train.py", environment=env))',
    ].join('\n'),
    'Pipeline(steps=[PythonScriptStep(...)])': [
      'from azureml.core import Workspace, Experiment, Environment',
      'from azureml.core.runconfig import RunConfiguration',
      'from azureml.pipeline.core import Pipeline',
      'from azureml.pipeline.steps import PythonScriptStep',
      'ws = Workspace.from_config()',
      'rc = RunConfiguration()',
      'rc.environment = Environment.from_conda_specification("env", "env.yml")',
      'pipeline = Pipeline(ws, steps=[PythonScriptStep(script_name="train.py", source_directory="src", runconfig=rc)])',
      'Experiment(ws, "x").submit(pipeline)',
    ].join('\n'),
  };
  for (const [form, controller] of Object.entries(controllers)) {
    const dir = mkdtempSync(path.join(tmp, 'inline-'));
    writeFileSync(path.join(dir, 'env.yml'), condaFile);
    writeFileSync(path.join(dir, 'submit.py'), `${controller}\n`);
    const src = path.join(dir, 'src');
    mkdirSync(src);
    writeFileSync(path.join(src, 'train.py'), trainScript);
    assert.equal(dependencyProblems(dir), ['env.yml:1'], `${form}: the dependency problem is on the job's conda file`);
  }
});

test.run();
