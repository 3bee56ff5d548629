// lib/glob/gitignore.ts: the same decisions as the `ignore` package (the reference: git's semantics) on the
// patterns people write, and bounded time on the patterns that stall a regular-expression matcher.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/paths.js';
import { gitignoreMatcher } from '../lib/glob/gitignore.js';
import { wildcardMatch } from '../lib/glob/wildcard.js';

const ignore = createRequire(import.meta.url)('ignore') as () => { add(p: string[]): { ignores(p: string): boolean } };

const PATTERNS = [
  'archive/', '*.generated.py', 'build', '/top.py', 'docs/*.ipynb', 'a/**/b', '**/cache/', 'a/**', 'a/**/', '**/x.py',
  '*.py\n!keep.py', 'sub/\n!sub/keep.py', '*.PY', 'Notebooks/', 'x?.py', 'data[0-9].py', 'data[!0-9].py', 'n[[:digit:]]b.py',
  '\\#hash.py', '\\!bang.py', 'trailing.py   ', 'space\\ .py', '# comment', '', 'a/b/', '/a/', 'deep/**/leaf/', '***/z.py',
  'a/*/c.py', 'lib/**/*.py\n!lib/keep/**', '*', '!*.py', 'un[closed.py', '.hidden/', 'a/**/b/**/c.py', '**',
];
const PATHS = [
  'archive/', 'archive/a.py', 'x/archive/b.py', 'm.generated.py', 'x/m.generated.py', 'build', 'build/', 'build/a.py', 'x/build/y.py',
  'top.py', 'x/top.py', 'docs/a.ipynb', 'docs/x/a.ipynb', 'a/b', 'a/x/b', 'a/x/y/b', 'a/b/', 'a/', 'a/x.py', 'a/x/', 'a/x/y.py',
  'cache/', 'q/cache/', 'q/cache/f.py', 'x.py', 'q/x.py', 'keep.py', 'other.py', 'sub/keep.py', 'sub/', 'sub/o.py', 'A.py',
  'notebooks/', 'notebooks/n.ipynb', 'xa.py', 'xab.py', 'data1.py', 'datax.py', 'n5b.py', '#hash.py', '!bang.py', 'trailing.py',
  'space .py', 'a/c/c.py', 'a/b/c/c.py', 'lib/x.py', 'lib/keep/y.py', 'lib/sub/z.py', 'un[closed.py', '.hidden/', '.hidden/h.py',
  'a/q/b/r/c.py', 'z.py', 'q/r/z.py', 'deep/leaf/', 'deep/m/n/leaf/', 'deep/leaf/f.py',
];

test('the same decisions as the ignore package on common patterns and paths', () => {
  let compared = 0;
  for (const pattern of PATTERNS) {
    const lines = pattern.split('\n');
    const ours = gitignoreMatcher(lines);
    const theirs = ignore().add(lines);
    for (const p of PATHS) {
      assert.is(ours.ignores(p), theirs.ignores(p), `pattern ${JSON.stringify(pattern)}, path ${p}`);
      compared++;
    }
  }
  assert.ok(compared > 2000);
});

test('the same decisions as the ignore package on 20,000 seeded random pattern/path pairs', () => {
  let seed = 7;
  const pick = <T>(items: readonly T[]): T => items[(seed = (seed * 1103515245 + 12345) % 2147483648) % items.length];
  const tokens = ['a', 'b', '*', '**', '?', '[ab]', '[!a]', '.py'];
  const names = ['a', 'b', 'ab', 'ba', 'a.py', 'b.py', 'aa'];
  const count = (n: number) => Array.from({ length: 1 + pick([...Array(n).keys()]) });
  for (let k = 0; k < 1000; k++) {
    const pattern = pick(['', '/']) + count(4).map(() => count(3).map(() => pick(tokens)).join('')).join('/') + pick(['', '', '/']);
    const lines = pick([[pattern], [pattern], [pattern, `!${pick(names)}`]]);
    const ours = gitignoreMatcher(lines);
    const theirs = ignore().add(lines);
    for (let p = 0; p < 20; p++) {
      const rel = count(4).map(() => pick(names)).join('/') + pick(['', '', '/']);
      assert.is(ours.ignores(rel), theirs.ignores(rel), `${JSON.stringify(lines)} on ${rel}`);
    }
  }
});

test('a folder that is ignored keeps what is inside ignored, whatever a later `!` says (as git)', () => {
  const m = gitignoreMatcher(['build/', '!build/keep.py']);
  assert.ok(m.ignores('build/keep.py'));
  const files = gitignoreMatcher(['build/*', '!build/keep.py']);
  assert.not.ok(files.ignores('build/keep.py'));
  assert.ok(files.ignores('build/other.py'));
});

test('many `**` and `*` over deep paths and long names: bounded work, no backtracking blow-up', () => {
  const deep = Array.from({ length: 200 }, () => 'a').join('/');
  const m = gitignoreMatcher(['a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/x', 'd1/**/**/**/**/**/**/**/**/q.py', '*a*a*a*a*a*a*a*a*b']);
  let steps = 0;
  // Counted, not timed: the matcher's own work for the deepest path stays within pattern × subject steps.
  const counting = (n: number, m: number) =>
    wildcardMatch(n, m, (i) => i % 2 === 1, () => {
      steps++;
      return true;
    });
  assert.ok(counting(17, 200) && steps <= 17 * 200);
  assert.not.ok(m.ignores(`${deep}/b.py`));
  assert.not.ok(m.ignores(`x/${'a'.repeat(250)}`));
  assert.ok(m.ignores(`${deep}/x`));
});

test('a run over a tree 60 folders deep with 8-`**` ignore patterns (config, --ignore-pattern, .nblintignore) ends', () => {
  const top = mkdtempSync(path.join(os.tmpdir(), 'nblint-deep-ignore-'));
  const folders = Array.from({ length: 60 }, (_, i) => `d${i + 1}`);
  mkdirSync(path.join(top, ...folders), { recursive: true });
  writeFileSync(path.join(top, ...folders, 'a.py'), 'print(1)\n');
  writeFileSync(path.join(top, ...folders.slice(0, 30), 'x.py'), 'print(1)\n');
  const interleaved = `**/${Array(8).fill('d*').join('/**/')}/**/x.py`; // exponential for a regular expression
  writeFileSync(path.join(top, '.nblintrc.json'), JSON.stringify({ ignorePatterns: ['d1/**/**/**/**/**/**/**/**/q.py', interleaved] }));
  writeFileSync(path.join(top, '.nblintignore'), `${interleaved.replace('x.py', 'y.py')}\n`);
  // A generous bound: the point is that it ends (it took minutes), not how fast.
  const res = spawnSync(process.execPath, [BIN, '-f', 'json', '--ignore-pattern', interleaved.replace('x.py', 'z.py'), '.'], { cwd: top, encoding: 'utf8', timeout: 20_000 });
  assert.is(res.signal, null, 'the run was stopped by the time bound');
  const linted = (JSON.parse(res.stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath));
  assert.equal(linted, ['a.py']);
});

test.run();
