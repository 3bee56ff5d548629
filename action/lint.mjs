// The lint step of action.yml: turns the action's inputs (INPUT_* variables set by the step) into one
// nblint-mlflow run in the workspace, and reports through the runner's files: step outputs (GITHUB_OUTPUT) and
// the job summary (GITHUB_STEP_SUMMARY). It exits 0 whatever nblint-mlflow found, so the upload steps run; the
// exit code goes to the `exit-code` output. Runs the CLI built in this checkout of the action (dist/bundle).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bundle/nblint-mlflow.cjs', import.meta.url));
const env = process.env;
const input = (name) => (env[`INPUT_${name}`] ?? '').trim();

/** A workflow command error (shown as an annotation) and the usage exit code. */
function fail(message) {
  console.log(`::error title=nblint-mlflow::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
  finish({ 'exit-code': '2' }, `**nblint-mlflow** did not run: ${message}`);
}

function finish(outputs, summary) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
  process.exit(0);
}

const workspace = env.GITHUB_WORKSPACE || process.cwd();
const outDir = path.join(env.RUNNER_TEMP || workspace, 'nblint-mlflow');
const format = input('FORMAT') || 'sarif';
const fixInput = input('FIX') || 'false';
const maxWarnings = input('MAX_WARNINGS');
const config = input('CONFIG');
const category = input('SARIF_CATEGORY');
// Separated by spaces or new lines; a quoted path or glob keeps its spaces ("my notebooks/*.ipynb").
const paths = [...input('PATHS').matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]).filter(Boolean);

if (format !== 'sarif' && format !== 'github') fail(`format must be "sarif" or "github", not "${format}".`);
if (fixInput !== 'true' && fixInput !== 'false') fail(`fix must be "true" or "false", not "${fixInput}".`);
if (maxWarnings !== '' && !/^\d+$/.test(maxWarnings)) fail(`max-warnings must be a whole number, not "${maxWarnings}".`);
const fix = fixInput === 'true';

const args = paths.length > 0 ? [...paths] : ['.'];
if (config) args.push('--config', config);
if (maxWarnings !== '') args.push('--max-warnings', maxWarnings);
if (fix) args.push('--fix');
const sarifFile = path.join(outDir, 'nblint-mlflow.sarif');
if (format === 'sarif') {
  args.push('-f', 'sarif', '-o', sarifFile);
  if (category) args.push('--sarif-category', category);
} else {
  args.push('-f', 'github');
}
mkdirSync(outDir, { recursive: true });

const git = (...gitArgs) => spawnSync('git', gitArgs, { cwd: workspace, encoding: 'utf8', maxBuffer: 1 << 30 });
// What the workspace held before --fix, as a commit (`git stash create` touches nothing; it prints nothing when
// there is no local change, and then HEAD is that state): the diff is then what the fixes changed, no more.
const before = fix ? (git('stash', 'create').stdout.trim() || git('rev-parse', '--verify', '--quiet', 'HEAD').stdout.trim()) : '';

console.log(`nblint-mlflow ${args.join(' ')}`);
const run = spawnSync(process.execPath, [BIN, ...args], { cwd: workspace, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 30 });
process.stdout.write(run.stdout ?? '');
const exitCode = run.status ?? 2;
const outputs = { 'exit-code': String(exitCode) };
const summary = ['### nblint-mlflow', ''];

if (format === 'sarif') {
  let sarif = null;
  try {
    sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
  } catch {
    // No SARIF written (a usage or configuration error, exit code 2): nothing to upload.
  }
  if (sarif) {
    outputs['sarif-file'] = sarifFile;
    const results = sarif.runs.flatMap((r) => r.results ?? []);
    const files = new Set(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    const count = (level) => results.filter((r) => r.level === level).length;
    summary.push(`${count('error')} errors and ${count('warning')} warnings in ${files.size} files (SARIF for code scanning, category \`${category}\`).`);
  }
} else {
  const lines = (run.stdout ?? '').split('\n');
  const count = (kind) => lines.filter((line) => line.startsWith(`::${kind} `)).length;
  summary.push(`${count('error')} errors and ${count('warning')} warnings, shown as annotations.`);
}

if (fix) {
  if (!before) {
    console.log('::warning title=nblint-mlflow::The workspace is not a git repository with a commit: no diff of the fixes.');
  } else {
    const diff = git('diff', '--no-color', '--no-ext-diff', '--binary', before);
    if (diff.status === 0 && diff.stdout !== '') {
      const diffFile = path.join(outDir, 'nblint-mlflow-fixes.diff');
      writeFileSync(diffFile, diff.stdout);
      outputs['diff-file'] = diffFile;
      const changed = git('diff', '--name-only', before).stdout.split('\n').filter(Boolean);
      summary.push('', `Fixed ${changed.length} files (the diff is the \`${input('DIFF_ARTIFACT') || 'nblint-mlflow-fixes'}\` artifact):`, '');
      for (const file of changed) summary.push(`- \`${file}\``);
    } else {
      summary.push('', 'No fix changed a file.');
    }
  }
}
if (exitCode === 2) summary.push('', 'nblint-mlflow stopped with a usage or configuration error: see the step log.');
finish(outputs, summary.join('\n'));
