// overrides[].files globs are matched without backtracking (lib/glob/path-glob.ts): the same answers as picomatch
// (which ESLint-style configs were written for) on common and seeded random patterns, and no stall on a hostile one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { expandBraces, pathGlob } from '../lib/glob/path-glob.js';
import { BIN } from './helpers/paths.js';

// One deliberate difference: `[!b]` is a negated class, as in minimatch (ESLint), git and the shell; picomatch 4
// reads it as the class of `!` and `b`. The reference below uses picomatch's `[^b]`, which means the same.
const reference = (glob: string, rel: string): boolean =>
  picomatch(glob.replaceAll('[!', '[^'), { dot: true, basename: !glob.includes('/') })(rel);
const ours = (glob: string, rel: string): boolean | null => {
  const match = pathGlob(glob, { basename: !glob.includes('/') });
  return match ? match(rel) : null;
};

test('common override globs answer as picomatch', () => {
  const globs = ['*.ipynb', '**/*.ipynb', 'notebooks/**', 'notebooks/**/*.py', 'src/*.py', '**/train*.py', '*.{py,ipynb}', '**/test_?.py', 'a/[bc]/*.py', 'a/[!b]/*.py', './src/*.py', '**/.hidden/*.py', 'exp{1..3}/*.py'];
  const paths = ['x.ipynb', 'a/x.ipynb', 'notebooks/a/b.py', 'notebooks', 'src/train.py', 'src/a/train.py', 'deep/train_v2.py', 'a/test_1.py', 'a/b/x.py', 'a/c/x.py', 'a/d/x.py', 'z/.hidden/x.py', 'exp2/x.py', 'exp4/x.py', '.dot.py'];
  for (const glob of globs) {
    for (const rel of paths) assert.is(ours(glob, rel), reference(glob, rel), `${glob} on ${rel}`);
  }
});

test('3,000 seeded random globs and paths: the same answer as picomatch wherever the linear matcher takes the glob', () => {
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const pick = <T>(xs: readonly T[]): T => xs[random(xs.length)];
  const globAtoms = ['a', 'b', '.', '*', '?', '[ab]', '[!a]', '{a,b}', '{a,b*}', 'x'];
  const pathSegments = ['a', 'b', 'ab', 'ba', '.a', 'x', 'aab', 'xa.b'];
  let compared = 0;
  for (let k = 0; k < 3000; k++) {
    const segments = Array.from({ length: 1 + random(3) }, () =>
      random(5) === 0 ? '**' : Array.from({ length: 1 + random(4) }, () => pick(globAtoms)).join(''),
    );
    const glob = segments.join('/');
    const rel = Array.from({ length: 1 + random(4) }, () => pick(pathSegments)).join('/');
    const got = ours(glob, rel);
    if (got === null) continue;
    compared++;
    assert.is(got, reference(glob, rel), `${glob} on ${rel}`);
  }
  assert.ok(compared > 2500, `compared ${compared}`);
});

test('braces expand as minimatch does; past the bound the glob goes to picomatch', () => {
  assert.equal(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
  assert.equal(expandBraces('{a}'), ['{a}']);
  assert.equal(expandBraces('x{1..3}'), ['x1', 'x2', 'x3']);
  assert.is(expandBraces('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'), null);
  assert.is(pathGlob('@(a|b).py', { basename: true }), null, 'extglobs are left to picomatch');
});

test('a hostile overrides glob (*a*a*a*a*a*a*a*a*b) over long file names does not stall the run', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-glob-'));
  try {
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.nblintrc.json'), JSON.stringify({ overrides: [{ files: ['*a*a*a*a*a*a*a*a*a*a*b'], rules: { 'no-run-log': 'off' } }] }));
    for (let k = 0; k < 20; k++) writeFileSync(path.join(dir, `${'a'.repeat(200 + k)}.py`), 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n');
    const started = Date.now();
    const res = spawnSync(process.execPath, [BIN, '.', '-f', 'json'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.is(res.error, undefined, `the run ended (${Date.now() - started} ms)`);
    const results = JSON.parse(res.stdout) as { messages: { ruleId: string }[] }[];
    assert.is(results.length, 20);
    assert.ok(results.every((r) => r.messages.some((m) => m.ruleId === 'no-run-log')), 'the glob does not match these names (no b at the end), so no-run-log stays on');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
