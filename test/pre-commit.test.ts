// The pre-commit hooks (.pre-commit-hooks.yaml) with the real pre-commit (Debian's package): a project repository
// whose .pre-commit-config.yaml points at a git copy of this repository. pre-commit builds the package (npm pack) and
// installs it into its own Node environment, then runs the check hook, the fix hook and the git commit hook.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, ROOT } from './helpers/paths.js';
import { copyRepo } from './helpers/repo-copy.js';
import { userEnv } from './helpers/user-env.js';

const SCRIPT = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';
const GIT_ID = ['-c', 'user.name=test', '-c', 'user.email=test@example.com'];
const git = (cwd: string, ...args: string[]) => execFileSync('git', [...GIT_ID, ...args], { cwd, encoding: 'utf8' });

// The hook source: this repository as a git repository (pre-commit clones it at `rev`).
const source = copyRepo('nblint-precommit-src-', 'none');
git(source, 'init', '-q', '-b', 'main');
git(source, 'add', '-A');
git(source, 'commit', '-q', '-m', 'nblint-mlflow');
const rev = git(source, 'rev-parse', 'HEAD').trim();

// A project that uses the hooks, with a 1-space-indented notebook (\u escapes), a script, and files of other kinds.
const project = mkdtempSync(path.join(os.tmpdir(), 'nblint-precommit-project-'));
const home = mkdtempSync(path.join(os.tmpdir(), 'nblint-precommit-home-'));
mkdirSync(path.join(project, 'notebooks'));
copyFileSync(path.join(FIXTURES, 'escaped-unicode.ipynb'), path.join(project, 'notebooks', 'train.ipynb'));
writeFileSync(path.join(project, 'train.py'), SCRIPT);
writeFileSync(path.join(project, 'NOTES.md'), 'run.log("acc", 0.9)\n');
writeFileSync(
  path.join(project, '.pre-commit-config.yaml'),
  [
    'repos:',
    `  - repo: ${source}`,
    `    rev: ${rev}`,
    '    hooks:',
    '      - id: nblint-mlflow-fix',
    '        language_version: system',
    '      - id: nblint-mlflow',
    '        language_version: system',
    '',
  ].join('\n'),
);
git(project, 'init', '-q', '-b', 'main');
git(project, 'add', '-A');
git(project, 'commit', '-q', '-m', 'project');

// Plain text to match (colours would follow the terminal or FORCE_COLOR of whoever runs the suite).
const { FORCE_COLOR: _force, ...plainEnv } = userEnv();
const env = { ...plainEnv, NO_COLOR: '1', PRE_COMMIT_HOME: home, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };
const preCommit = (...args: string[]) => {
  const res = spawnSync('pre-commit', args, { cwd: project, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: res.status, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
};
const read = (file: string): string => readFileSync(path.join(project, file), 'utf8');

test.after(() => [source, project, home].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('the hooks manifest: a check and a fix hook, node, on jupyter and python files', () => {
  const hooks = parseYaml(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; types_or: string[] }[];
  assert.equal(hooks.map((h) => [h.id, h.entry, h.language, h.types_or]), [
    ['nblint-mlflow', 'nblint-mlflow', 'node', ['jupyter', 'python']],
    ['nblint-mlflow-fix', 'nblint-mlflow --fix', 'node', ['jupyter', 'python']],
  ]);
});

test('the check hook installs from the repository and fails on v1 logging, writing nothing', () => {
  const run = preCommit('run', 'nblint-mlflow', '--all-files');
  assert.is(run.code, 1, run.output);
  assert.match(run.output, /nblint-mlflow\.+Failed/);
  assert.match(run.output, /notebooks\/train\.ipynb\n\s+cell 2:1:1\s+warning/, run.output);
  assert.match(run.output, /cell 2:3:1\s+error\s+Run\.log\(\) is Azure ML SDK v1 logging; use mlflow\.log_metric\("résultat", \.\.\.\) instead/);
  assert.match(run.output, /train\.py\n\s+1:1\s+warning/);
  assert.not.match(run.output, /NOTES\.md/, 'only jupyter and python files are passed');
  assert.is(read('train.py'), SCRIPT);
});

test('the fix hook rewrites the files (pre-commit reports them modified); then both hooks pass', () => {
  const fixed = preCommit('run', 'nblint-mlflow-fix', '--all-files');
  assert.is(fixed.code, 1, fixed.output);
  assert.match(fixed.output, /files were modified by this hook/);
  assert.is(read('notebooks/train.ipynb'), readFileSync(path.join(FIXTURES, 'escaped-unicode.fixed.ipynb'), 'utf8'));
  assert.is(read('train.py'), 'import mlflow\nmlflow.log_metric("acc", 0.9)\n');
  const again = preCommit('run', '--all-files');
  assert.is(again.code, 0, again.output);
  assert.match(again.output, /nblint-mlflow --fix\.+Passed/);
  assert.match(again.output, /nblint-mlflow\.+Passed/);
  git(project, 'add', '-A');
  git(project, 'commit', '-q', '-m', 'migrated to MLflow');
});

test('installed as the git hook, a commit that adds v1 logging is stopped and the staged file fixed', () => {
  assert.is(preCommit('install').code, 0);
  writeFileSync(path.join(project, 'evaluate.py'), SCRIPT);
  git(project, 'add', 'evaluate.py');
  const commit = spawnSync('git', ['commit', '-m', 'evaluate'], { cwd: project, env, encoding: 'utf8' });
  assert.is(commit.status, 1, commit.stdout + commit.stderr);
  assert.is(git(project, 'log', '--format=%s', '-1').trim(), 'migrated to MLflow');
  assert.is(read('evaluate.py'), 'import mlflow\nmlflow.log_metric("acc", 0.9)\n');
});

test.run();
