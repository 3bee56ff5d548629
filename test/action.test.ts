// The GitHub Action (action.yml at the root): validated against GitHub's action metadata schema, and its steps run
// as a runner runs them on a real git workspace: built from a copy of the action's checkout with `npm ci`, then SARIF
// for code scanning, annotations with --fix and the diff artifact, --config and --max-warnings, and a bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import plugin from '../rules/index.js';
import { runCompositeAction, type ActionRun } from './helpers/action-runner.js';
import { FIXTURES, ROOT } from './helpers/paths.js';
import { copyRepo } from './helpers/repo-copy.js';
import { userEnv } from './helpers/user-env.js';

// @actions/workflow-parser imports its JSON schema without an import attribute (it is built for bundlers): this
// hook adds `type: 'json'` so Node loads it.
const jsonHook = `export async function load(url, context, next) {
  if (url.endsWith('.json') && !context.importAttributes?.type) return next(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(jsonHook)}`);
const { parseAction, convertActionTemplate } = await import('@actions/workflow-parser/actions/index');
const { NoOperationTraceWriter } = await import('@actions/workflow-parser');

const ACTION_YML = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
test.after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SCRIPT = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';

/** A repository as actions/checkout leaves it: two real-shaped notebooks and a script, committed. */
function workspace(): string {
  const dir = tempDir('nblint-action-ws-');
  mkdirSync(path.join(dir, 'notebooks'));
  mkdirSync(path.join(dir, 'src'));
  copyFileSync(path.join(FIXTURES, 'escaped-unicode.ipynb'), path.join(dir, 'notebooks', 'train.ipynb'));
  copyFileSync(path.join(FIXTURES, 'crlf-windows.ipynb'), path.join(dir, 'notebooks', 'windows.ipynb'));
  writeFileSync(path.join(dir, 'src', 'train.py'), SCRIPT);
  writeFileSync(path.join(dir, 'NOTES.txt'), 'notes\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'notebooks');
  return dir;
}

// One checkout of the action for every run, built once by the action's own install step (in the first run).
const actionDir = copyRepo('nblint-action-', 'none');
temps.push(actionDir);
const isInstall = (step: { name?: string }) => /^Build nblint-mlflow/.test(step.name ?? '');
let installed = false;

function runAction(inputs: Record<string, string>, ws = workspace()): ActionRun & { ws: string; summary: string; temp: string } {
  const temp = tempDir('nblint-action-runner-');
  const summaryFile = path.join(temp, 'summary.md');
  const run = runCompositeAction(actionDir, {
    inputs,
    workspace: ws,
    runnerTemp: path.join(temp, 'tmp'),
    summaryFile,
    // Later runs reuse the first run's build, as a runner's tool cache would.
    skip: (step) => installed && isInstall(step),
    env: userEnv(),
  });
  installed = true;
  return Object.assign(run, { ws, temp, summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '' });
}

test('action.yml is valid action metadata (GitHub\'s schema) with the documented inputs and outputs', () => {
  const parsed = parseAction({ name: 'action.yml', content: ACTION_YML }, new NoOperationTraceWriter());
  assert.equal(parsed.context.errors.getErrors().map((e) => e.message), []);
  const template = convertActionTemplate(parsed.context, parsed.value!);
  assert.is(template.runs.using, 'composite');
  const inputs = (template.inputs ?? []).map((i) => i.id);
  for (const id of ['paths', 'fix', 'format', 'sarif-category', 'max-warnings', 'config']) assert.ok(inputs.includes(id), `input ${id}`);
  assert.equal((template.outputs ?? []).map((o) => o.id).sort(), ['diff-file', 'exit-code', 'sarif-file']);
  // The schema check is real: a run step without its shell is rejected.
  const broken = parseAction({ name: 'action.yml', content: ACTION_YML.replace(/\n      shell: bash\n      working-directory: \$\{\{ github.action_path \}\}/, '\n      working-directory: ${{ github.action_path }}') }, new NoOperationTraceWriter());
  assert.match(broken.context.errors.getErrors().map((e) => e.message).join('\n'), /Required property is missing: shell/);
});

test('the action builds from its own checkout (no registry lookup of nblint-mlflow) and uploads SARIF for code scanning', () => {
  const text = ACTION_YML;
  assert.not.match(text, /npx|npm (install|i|exec) [^-]|nblint-mlflow@/, 'the action never asks the registry for the package');
  const run = runAction({});
  const install = run.step(/^Build nblint-mlflow/);
  assert.is(install.code, 0, install.stderr);
  assert.ok(existsSync(path.join(actionDir, 'dist', 'bundle', 'nblint-mlflow.cjs')), 'built by npm ci (prepare)');

  const lint = run.step(/^Lint/);
  assert.is(lint.code, 0, lint.stderr);
  assert.is(lint.outputs['exit-code'], '1');
  const sarifFile = lint.outputs['sarif-file'];
  assert.ok(sarifFile.startsWith(path.join(run.temp, 'tmp')), 'SARIF goes to RUNNER_TEMP');
  const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
    version: string;
    runs: { automationDetails?: { id: string }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  assert.is(sarif.version, '2.1.0');
  assert.is(sarif.runs[0].automationDetails?.id, 'nblint-mlflow/');
  const uris = new Set(sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
  assert.equal([...uris].sort(), ['notebooks/train.ipynb', 'notebooks/windows.ipynb', 'src/train.py']);

  const upload = run.step(/^Upload to code scanning/);
  assert.is(upload.kind, 'uses');
  assert.is(upload.uses, 'github/codeql-action/upload-sarif@v3');
  assert.equal(upload.with, { sarif_file: sarifFile, category: 'nblint-mlflow' });
  assert.is(run.step(/^Upload the fixes/).kind, 'skipped');
  const failStep = run.step(/^Fail on findings/);
  assert.is(failStep.code, 1, 'the job fails on lint errors, after the upload');
  assert.equal(run.outputs, { 'exit-code': '1', 'sarif-file': sarifFile, 'diff-file': '' });
  assert.match(run.summary, /### nblint-mlflow\n\n\d+ errors and \d+ warnings in 3 files/);
  assert.is(execFileSync('git', ['status', '--porcelain'], { cwd: run.ws, encoding: 'utf8' }), '', 'nothing written without fix');
});

test('fix: true with annotations fixes the workspace and uploads exactly the fixes as a diff (not earlier local changes)', () => {
  const ws = workspace();
  writeFileSync(path.join(ws, 'NOTES.txt'), 'notes changed by an earlier step\n');
  const run = runAction({ fix: 'true', format: 'github', paths: '"notebooks/*.ipynb"\nsrc' }, ws);
  const lint = run.step(/^Lint/);
  assert.is(lint.code, 0, lint.stderr);
  assert.match(lint.stdout, /nblint-mlflow notebooks\/\*\.ipynb src --fix -f github/);
  // What the fixes leave: the script still lacks its azureml-mlflow requirement (fixed in notebooks only).
  assert.match(lint.stdout, /^::warning file=src\/train\.py,line=1,col=1,.*title=nblint-mlflow\(missing-azureml-mlflow-dependency\)::/m);
  assert.is(lint.outputs['exit-code'], '0');
  assert.is(readFileSync(path.join(ws, 'notebooks', 'train.ipynb'), 'utf8'), readFileSync(path.join(FIXTURES, 'escaped-unicode.fixed.ipynb'), 'utf8'));
  assert.is(readFileSync(path.join(ws, 'src', 'train.py'), 'utf8'), 'import mlflow\nmlflow.log_metric("acc", 0.9)\n');

  const diffFile = lint.outputs['diff-file'];
  const diff = readFileSync(diffFile, 'utf8');
  assert.match(diff, /^diff --git a\/notebooks\/train\.ipynb b\/notebooks\/train\.ipynb$/m);
  assert.match(diff, /^diff --git a\/src\/train\.py b\/src\/train\.py$/m);
  assert.not.match(diff, /NOTES\.txt/);
  // The diff reverses cleanly onto the fixed workspace: it is exactly what --fix changed.
  const reverse = spawnSync('git', ['apply', '--check', '-R', diffFile], { cwd: ws, encoding: 'utf8' });
  assert.is(reverse.status, 0, reverse.stderr);

  assert.is(run.step(/^Upload to code scanning/).kind, 'skipped');
  const artifact = run.step(/^Upload the fixes/);
  assert.equal(artifact.with, { name: 'nblint-mlflow-fixes', path: diffFile });
  assert.match(run.summary, /Fixed 3 files \(the diff is the `nblint-mlflow-fixes` artifact\):\n\n- `notebooks\/train\.ipynb`/);
});

test('config and max-warnings reach nblint-mlflow: warnings only pass, and fail over the limit', () => {
  const ws = workspace();
  const rules = Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, id === 'no-run-log' ? 'warn' : 'off']));
  writeFileSync(path.join(ws, 'lenient.json'), JSON.stringify({ rules }));
  const lenient = runAction({ config: 'lenient.json', paths: 'src' }, ws);
  assert.is(lenient.step(/^Lint/).outputs['exit-code'], '0');
  assert.is(lenient.step(/^Fail on findings/).kind, 'skipped');

  const limited = runAction({ config: 'lenient.json', paths: 'src', 'max-warnings': '0', format: 'github' }, ws);
  const lint = limited.step(/^Lint/);
  assert.is(lint.outputs['exit-code'], '1');
  assert.match(lint.stderr, /too many warnings \(maximum: 0\)/);
  assert.is(limited.step(/^Fail on findings/).code, 1);
});

test('a wrong input stops with an error annotation and exit code 2, and nothing is uploaded', () => {
  const run = runAction({ 'max-warnings': 'many' });
  const lint = run.step(/^Lint/);
  assert.match(lint.stdout, /^::error title=nblint-mlflow::max-warnings must be a whole number, not "many"\./m);
  assert.is(lint.outputs['exit-code'], '2');
  assert.is(run.step(/^Upload to code scanning/).kind, 'skipped');
  assert.is(run.step(/^Fail on findings/).code, 2);
});

test('the documented workflows use the action, pinned, and the README shows the SARIF one word for word', () => {
  for (const file of ['nblint-sarif.yml', 'nblint-annotations.yml']) {
    const workflow = parseYaml(readFileSync(path.join(ROOT, 'docs', 'workflows', file), 'utf8')) as {
      jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
    };
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const uses = steps.map((s) => s.uses ?? '').filter((u) => u.startsWith('nblint-mlflow/nblint-mlflow'));
    assert.equal(uses, ['nblint-mlflow/nblint-mlflow@v0.1.0'], `${file} uses the action at a release tag`);
    assert.not.ok(steps.some((s) => /npx|nblint-mlflow /.test(s.run ?? '')), `${file} runs no npx`);
  }
  const guide = readFileSync(path.join(ROOT, 'docs', 'github-code-scanning.md'), 'utf8');
  assert.match(guide, /uses: nblint-mlflow\/nblint-mlflow@v0\.1\.0/);
  assert.not.match(guide, /npx --yes/);
});

test.run();
