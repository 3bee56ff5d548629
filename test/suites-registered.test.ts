// uvu runs a suite's tests when its `.run()` is called: a test declared after that call is never run and never
// fails. This checks every test file's source: no test of a suite is declared after the suite's `.run()`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'projects' || entry === 'projects-fixed' ? [] : testFiles(full);
    // This file's own examples (in strings) declare tests after run() on purpose.
    return entry.endsWith('.test.ts') && entry !== 'suites-registered.test.ts' ? [full] : [];
  });
}

/** Declarations after their suite's run() in one source: `name(`, `name.skip(`, `name.only(` or `(cond ? name : name.skip)(`. */
export function testsAfterRun(source: string): string[] {
  const late: string[] = [];
  const suites = new Set(['test']);
  for (const m of source.matchAll(/\bconst\s+(\w+)\s*=\s*suite\(/g)) suites.add(m[1]);
  for (const name of suites) {
    const run = source.lastIndexOf(`${name}.run()`);
    if (run < 0) continue;
    const after = source.slice(run + `${name}.run()`.length);
    const declaration = new RegExp(`(?:^|[\\s;(?:])${name}(?:\\.skip|\\.only)?\\s*\\)?\\(\\s*['"\`]`, 'm');
    const found = declaration.exec(after);
    if (found) late.push(`${name}: ${after.slice(found.index, found.index + 60).trim()}`);
  }
  return late;
}

test('the check finds a test declared after run(), for plain tests and named suites', () => {
  assert.equal(testsAfterRun("test('a', () => {});\ntest.run();\ntest('b', () => {});\n").length, 1);
  assert.equal(testsAfterRun("const s = suite('s');\ns('a', () => {});\ns.run();\n(ok ? s : s.skip)('b', () => {});\n").length, 1);
  assert.equal(testsAfterRun("test('a', () => {});\ntest('b', () => {});\ntest.run();\n"), []);
});

test('no test file declares a test after its suite has run', () => {
  const files = testFiles(path.join(ROOT, 'test'));
  assert.ok(files.length > 30, `found ${files.length} test files`);
  const late = files.flatMap((file) => testsAfterRun(readFileSync(file, 'utf8')).map((what) => `${path.relative(ROOT, file)}: ${what}`));
  assert.equal(late, []);
});

test.run();
