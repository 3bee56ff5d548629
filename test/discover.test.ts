import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../lib/discover.js';

// A tree with everything discovery must find or skip.
const root = mkdtempSync(path.join(os.tmpdir(), 'nblint-discover-'));
const files = [
  'a.ipynb',
  'b.py',
  'notes.txt',
  'sub/c.ipynb',
  'sub/deep/d.PY',
  '.ipynb_checkpoints/a-checkpoint.ipynb',
  'sub/.ipynb_checkpoints/c-checkpoint.ipynb',
  'node_modules/pkg/x.py',
  '.git/hooks/y.py',
  'venv/lib/z.py',
  'build/gen.py',
  'data/skip.ipynb',
  '.github/tools/e.py',
];
for (const file of files) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), '');
}
writeFileSync(path.join(root, '.nblintignore'), '# generated code\nbuild/\n');

const abs = (...names: string[]): string[] => names.map((name) => path.join(root, name));
// Stands in for the configuration's ignorePatterns: `data/`.
const isIgnored = (p: string): boolean => path.relative(root, p).split(path.sep)[0] === 'data';
const discover = (patterns: string[], noIgnore = false) => discoverFiles(patterns, { cwd: root, isIgnored, noIgnore });

test('a directory: notebooks and scripts, recursively, sorted; skips checkpoints, node_modules, .git, venvs, ignored', async () => {
  const out = await discover(['.']);
  assert.equal(out.files, abs('.github/tools/e.py', 'a.ipynb', 'b.py', 'sub/c.ipynb', 'sub/deep/d.PY'));
  assert.equal(out.errors, []);
  assert.equal(out.ignoredFiles, []);
});

test('--no-ignore: ignore patterns, .nblintignore and default ignores off; tool folders still skipped', async () => {
  const out = await discover(['.'], true);
  assert.equal(
    out.files,
    abs('.github/tools/e.py', 'a.ipynb', 'b.py', 'build/gen.py', 'data/skip.ipynb', 'sub/c.ipynb', 'sub/deep/d.PY', 'venv/lib/z.py'),
  );
});

test('globs: matched against cwd, filtered to lintable files, same skips', async () => {
  assert.equal((await discover(['sub/*.ipynb'])).files, abs('sub/c.ipynb'));
  assert.equal((await discover(['**/*.py'])).files, abs('.github/tools/e.py', 'b.py'));
  assert.equal((await discover(['**/*.py'], true)).files, abs('.github/tools/e.py', 'b.py', 'build/gen.py', 'venv/lib/z.py'));
  assert.equal((await discover(['**/*.ipynb'])).files, abs('a.ipynb', 'sub/c.ipynb'));
});

test('files named explicitly: linted, deduplicated with directory results', async () => {
  const out = await discover(['sub/c.ipynb', '.', 'a.ipynb']);
  assert.equal(out.files, abs('.github/tools/e.py', 'a.ipynb', 'b.py', 'sub/c.ipynb', 'sub/deep/d.PY'));
});

test('an ignored file named explicitly is reported apart (ESLint warns about it)', async () => {
  const out = await discover(['data/skip.ipynb', 'build/gen.py', 'a.ipynb']);
  assert.equal(out.files, abs('a.ipynb'));
  assert.equal(out.ignoredFiles, abs('build/gen.py', 'data/skip.ipynb'));
  assert.equal(out.errors, []);
});

test('a file of another kind named explicitly: a warning, not linted', async () => {
  const out = await discover(['notes.txt', 'b.py']);
  assert.equal(out.files, abs('b.py'));
  assert.is(out.warnings.length, 1);
  assert.match(out.warnings[0], 'No files matching the pattern "notes.txt"');
});

test('patterns that match nothing: ESLint errors', async () => {
  const out = await discover(['missing.ipynb', 'nothing/**/*.ipynb', 'data', 'a.ipynb']);
  assert.equal(out.errors, [
    'No files matching the pattern "missing.ipynb" were found.',
    'No files matching the pattern "nothing/**/*.ipynb" were found.',
    'All files matched by "data" are ignored.',
  ]);
  assert.equal(out.files, abs('a.ipynb'));
});

test('a file reached through a link and directly is listed once, by its first path in sorted order', async () => {
  const tree = mkdtempSync(path.join(os.tmpdir(), 'nblint-discover-links-'));
  try {
    mkdirSync(path.join(tree, 'b/real'), { recursive: true });
    writeFileSync(path.join(tree, 'b/real/target.ipynb'), '');
    symlinkSync(path.join(tree, 'b/real/target.ipynb'), path.join(tree, 'b/link.ipynb'));
    symlinkSync(path.join(tree, 'b/real/missing.ipynb'), path.join(tree, 'b/dangling.ipynb'));
    const inTree = (...names: string[]) => names.map((name) => path.join(tree, name));
    const run = (patterns: string[]) => discoverFiles(patterns, { cwd: tree, isIgnored: () => false });
    // The dangling link has no real path: it stands for itself (the loader reports it).
    assert.equal((await run(['.'])).files, inTree('b/dangling.ipynb', 'b/link.ipynb'));
    assert.equal((await run(['b/real/target.ipynb', 'b/link.ipynb'])).files, inTree('b/link.ipynb'));
    assert.equal((await run(['b/real'])).files, inTree('b/real/target.ipynb'));
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
