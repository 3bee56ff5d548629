// `nblint-mlflow --fix` end to end, through the real command line, on a copy of the whole fixture tree: every file
// ends byte for byte as its checked-in after-fixture (`<name>.fixed.ipynb` / `<name>.fixed.py`, reviewed by hand),
// files with nothing to fix and broken files keep every byte, and a second --fix changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, FIXTURES } from './helpers/paths.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nblint-fix-e2e-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
function nblint(cwd: string, args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A fresh copy of notebooks-fixtures/ (the after-fixtures included: they must need no fix themselves). */
function copyFixtures(): string {
  const dir = mkdtempSync(path.join(tmp, 'tree-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/** Every file of a tree, relative path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel))) {
      const child = path.join(rel, entry);
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else files.set(child.split(path.sep).join('/'), readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return files;
}

const fixedName = (rel: string): string => rel.replace(/(\.(?:ipynb|py))$/, '.fixed$1');
const isLintable = (rel: string): boolean => /\.(?:ipynb|py)$/.test(rel) && !rel.includes('.ipynb_checkpoints/');
const original = snapshot(FIXTURES);

/** What each file must hold after --fix: its after-fixture when there is one, else its own bytes. */
function expectedAfterFix(rel: string): Buffer {
  return isLintable(rel) ? (original.get(fixedName(rel)) ?? original.get(rel)!) : original.get(rel)!;
}

test('the after-fixtures exist for the fixtures that change, and are not fixtures that change themselves', () => {
  const fixed = [...original.keys()].filter((rel) => rel.includes('.fixed.') && isLintable(rel));
  assert.ok(fixed.length >= 10, `only ${fixed.length} after-fixtures`);
  for (const rel of fixed) assert.ok(original.has(rel.replace('.fixed.', '.')), `${rel} has no original fixture`);
});

test('--fix on the whole tree: every file byte for byte as expected; a second --fix changes nothing', () => {
  const dir = copyFixtures();
  const first = nblint(dir, ['.', '--fix']);
  // Errors remain by design (broken files, a parent-run log that needs a run id): exit 1.
  assert.is(first.code, 1, first.stderr);
  const after = snapshot(dir);
  assert.equal([...after.keys()].sort(), [...original.keys()].sort(), 'no file may appear or disappear');
  for (const [rel, bytes] of after) {
    assert.ok(bytes.equals(expectedAfterFix(rel)), `${rel} differs from ${original.has(fixedName(rel)) ? fixedName(rel) : 'its original'}`);
  }
  const second = nblint(dir, ['.', '--fix']);
  assert.is(second.code, 1, second.stderr);
  for (const [rel, bytes] of snapshot(dir)) assert.ok(bytes.equals(after.get(rel)!), `a second --fix changed ${rel}`);
  assert.is(second.stdout, first.stdout, 'the second run reports the same remaining problems');
});

test('exit code reflects what remains: 1 before fixing, 0 once every error was fixed', () => {
  const dir = copyFixtures();
  assert.is(nblint(dir, ['crlf-windows.ipynb']).code, 1);
  const fixed = nblint(dir, ['crlf-windows.ipynb', '--fix']);
  assert.is(fixed.code, 0, fixed.stdout + fixed.stderr);
  assert.is(fixed.stdout, '');
  assert.ok(readFileSync(path.join(dir, 'crlf-windows.ipynb')).equals(original.get('crlf-windows.fixed.ipynb')!));
});

test('--fix-dry-run -f json: `output` holds the after-fixture, only where something changes; nothing is written', () => {
  const dir = copyFixtures();
  const { stdout } = nblint(dir, ['.', '--fix-dry-run', '-f', 'json']);
  const results = JSON.parse(stdout) as { filePath: string; output?: string }[];
  let withOutput = 0;
  for (const result of results) {
    const rel = path.relative(dir, result.filePath).split(path.sep).join('/');
    const fixed = original.get(fixedName(rel));
    if (rel.includes('.fixed.') || fixed === undefined) {
      assert.not.ok('output' in result, `${rel} has nothing to fix but carries output`);
      continue;
    }
    assert.is(result.output, fixed.toString('utf8'), `${rel}: output`);
    withOutput++;
  }
  assert.ok(withOutput >= 10, `only ${withOutput} results carry output`);
  for (const [rel, bytes] of snapshot(dir)) assert.ok(bytes.equals(original.get(rel)!), `--fix-dry-run wrote ${rel}`);
});

test('--fix-type applies only the fixes of rules of those types', () => {
  const dir = mkdtempSync(path.join(tmp, 'types-'));
  const script = 'from azureml.core import Run, Workspace\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';
  writeFileSync(path.join(dir, 'job.py'), script);
  const fixWith = (type: string): string | undefined => {
    const { stdout } = nblint(dir, ['job.py', '--fix-dry-run', '--fix-type', type, '-f', 'json']);
    return (JSON.parse(stdout) as { output?: string }[])[0].output;
  };
  // no-unused-v1-import is a 'suggestion' rule; no-run-log a 'problem' rule.
  assert.is(fixWith('suggestion'), 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n');
  assert.is(fixWith('problem'), 'import mlflow\nfrom azureml.core import Run, Workspace\nrun = Run.get_context()\nmlflow.log_metric("acc", 0.9)\n');
  assert.is(fixWith('layout'), undefined);
  assert.is(readFileSync(path.join(dir, 'job.py'), 'utf8'), script);
});

test.run();
