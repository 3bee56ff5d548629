// The seeded, bounded fuzz run of the suite (test/tools/fuzz.ts): 5,000 mutants of the fixtures through --fix.
// Longer runs: npm run fuzz -- --count 100000 [--seed N].
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFuzz } from './tools/fuzz.js';

test('fuzz: 5,000 seeded mutants of the fixtures: exit 0 or 1, no stack trace, fixed files valid, fatal ones untouched', () => {
  const report = runFuzz({ seed: 12, count: 5000, batch: 1000 });
  assert.is(report.mutants, 5000);
  assert.ok(report.changed > 500, `--fix changed only ${report.changed} mutants: the fuzz would not exercise the writer`);
  assert.equal(report.failures, []);
});

test.run();
