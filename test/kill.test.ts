// SIGKILL during --fix (issue 12): killed at 50 seeded moments over a tree of notebooks and scripts, every file is
// byte for byte either its original or its fully fixed text, and the next run leaves no temporary file behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, FIXTURES } from './helpers/paths.js';

const KILLS = 50;

/** Every file below `dir`, by relative path (temporary files included, so that none can hide). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), readFileSync(full, 'latin1'));
    }
  };
  walk(dir);
  return files;
}

function restore(dir: string, files: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, bytes] of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes, 'latin1');
  }
}

const fixArgs = [BIN, '--no-config-lookup', '--fix', '-f', 'json', '.'];

test(`SIGKILL at ${KILLS} moments of --fix: each file is its original or its fixed bytes; the next run leaves no temporary file`, async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nblint-kill-'));
  const tree = path.join(root, 'tree');
  // Two copies of the fixtures that --fix changes: enough files that kills land between writes.
  for (let copy = 0; copy < 2; copy++) {
    for (const name of readdirSync(FIXTURES)) {
      if (/\.(ipynb)$/.test(name) && !name.includes('.fixed.')) cpSync(path.join(FIXTURES, name), path.join(tree, `c${copy}`, name));
    }
    cpSync(path.join(FIXTURES, 'scripts'), path.join(tree, `c${copy}`, 'scripts'), { recursive: true });
  }
  const original = snapshot(tree);
  const started = Date.now();
  spawnSync(process.execPath, fixArgs, { cwd: tree });
  const fullRun = Date.now() - started;
  const fixed = snapshot(tree);
  const changed = [...original.keys()].filter((name) => fixed.get(name) !== original.get(name));
  assert.ok(changed.length >= 10, `only ${changed.length} files are fixed`);

  let seed = 5;
  const random = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  let partial = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    restore(tree, original);
    const child = spawn(process.execPath, fixArgs, { cwd: tree, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, random(Math.max(1, fullRun))));
    child.kill('SIGKILL');
    await exited;
    const now = snapshot(tree);
    let fixedNow = 0;
    for (const [name, bytes] of now) {
      if (/\.nblint-\d+-[0-9a-f]+\.tmp$/.test(name)) continue; // a killed run's: the next run removes it
      assert.ok(bytes === original.get(name) || bytes === fixed.get(name), `kill ${kill}: ${name} is neither its original nor its fixed bytes`);
      if (bytes !== original.get(name)) fixedNow++;
    }
    for (const name of original.keys()) assert.ok(now.has(name), `kill ${kill}: ${name} is gone`);
    if (fixedNow > 0 && fixedNow < changed.length) partial++;
  }
  // The kills must have landed during the writes, not only before or after them.
  assert.ok(partial >= 5, `only ${partial} kills landed between writes`);

  // The next run completes the fix and removes any temporary file a kill left.
  spawnSync(process.execPath, fixArgs, { cwd: tree });
  const after = snapshot(tree);
  assert.equal([...after.keys()].filter((name) => name.endsWith('.tmp')), []);
  for (const name of changed) assert.is(after.get(name), fixed.get(name), name);
  rmSync(root, { recursive: true, force: true });
});

test.run();
