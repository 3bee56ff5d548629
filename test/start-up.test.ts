// Start-up: node:crypto and node:zlib are loaded only by the runs that use them (--cache digests, a fix's temporary
// file or inserted cell id, the SARIF gzip size check), not by every lint. Checked on the real bundle, in a fresh
// process, through Node's own list of the built-in modules it loaded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT } from './helpers/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-start-up-'));
const probe = path.join(dir, 'probe.cjs');
// At exit, prints the built-in modules of interest this process loaded.
writeFileSync(probe, `process.on('exit', () => process.stderr.write('LOADED ' + process.moduleLoadList.filter((m) => /^NativeModule (crypto|zlib|worker_threads)$/.test(m)).map((m) => m.slice(13)).join(',') + '\\n'));\n`);
const notebook = path.join(dir, 'first-result.ipynb');
cpSync(path.join(ROOT, 'bench', 'first-result.ipynb'), notebook);

test.after(() => rmSync(dir, { recursive: true, force: true }));

function loaded(...args: string[]): string[] {
  const res = spawnSync(process.execPath, ['--require', probe, BIN, '--no-config-lookup', ...args, notebook], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.is(res.status, 1, res.stderr); // the notebook has problems
  const line = /^LOADED (.*)$/m.exec(res.stderr);
  assert.ok(line, res.stderr);
  return line[1] ? line[1].split(',').sort() : [];
}

test('a default (stylish) lint loads neither node:crypto nor node:zlib', () => {
  assert.equal(loaded(), []);
});

test('--concurrency 4 on one named notebook starts no worker thread (node:worker_threads is not loaded)', () => {
  assert.not.ok(loaded('--concurrency', '4').includes('worker_threads'));
});

test('-f sarif under the upload limit does not load node:zlib (no gzip size check)', () => {
  assert.not.ok(loaded('-f', 'sarif').includes('zlib'));
});

test('--cache loads node:crypto (its digests need it): the probe sees a module that is loaded', () => {
  assert.ok(loaded('--cache', '--cache-location', path.join(dir, 'cache.json')).includes('crypto'));
});

test.run();
