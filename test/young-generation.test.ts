// lib/cli/young-generation.ts: the main thread's young generation stops growing at the cap (V8 flags are per
// process, so each case runs in a fresh one).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MODULE = fileURLToPath(new URL('../lib/cli/young-generation.js', import.meta.url));

/** The young generation's size (MB) after a run of allocations that keep some survivors, as a lint run does. */
function newSpaceAfterWork(capped: boolean): number {
  const script = `
    const v8 = require('node:v8');
    import(${JSON.stringify(MODULE)}).then(({ capYoungGeneration }) => {
      let keep = [];
      for (let i = 0; i < 4e6; i++) {
        keep.push({ i, list: [i] });
        if (keep.length > 50000) keep = [];
        if (${capped} && i % 1000 === 0) capYoungGeneration();
      }
      const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      process.stdout.write(String(space.space_size / 1048576));
    });`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  return Number(run.stdout.trim());
}

test('the young generation stops at 16 MB (two 8 MB semi-spaces) when capped; V8 alone grows it past that', () => {
  const free = newSpaceAfterWork(false);
  assert.ok(free > 16, `without the cap V8 grows the young generation further (${free} MB)`);
  const capped = newSpaceAfterWork(true);
  assert.ok(capped <= 16, `${capped} MB`);
});

test.run();
