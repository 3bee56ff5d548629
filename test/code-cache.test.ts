// The bundle's code cache (lib/cli/code-cache.ts): written after the first run that lints, used (not rewritten) by
// the next, and never a reason for a run to fail or to print something else: corrupt data, a folder other users
// can write into, a folder that cannot be made. Runs the real bundle in fresh processes, the cache folder given by
// NBLINT_MLFLOW_CODE_CACHE; an ES module plugin is imported through the cached engine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT } from './helpers/paths.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-code-cache-'));
const notebook = path.join(dir, 'first-result.ipynb');
cpSync(path.join(ROOT, 'bench', 'first-result.ipynb'), notebook);
test.after(() => rmSync(dir, { recursive: true, force: true }));

function cli(cache: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', NBLINT_MLFLOW_CODE_CACHE: cache } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

const cacheFiles = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.bin')) : []);
const expected = cli('0', '-f', 'json', notebook);

test('the cache off: the run lints (the reference for the other runs)', () => {
  assert.is(expected.status, 1, expected.stderr);
  assert.match(expected.stdout, '"no-run-log"');
  assert.is(expected.stderr, '');
});

test('written by the first run that lints (not by --version), then used as it is by the next run', () => {
  const folder = path.join(dir, 'cache-a');
  assert.is(cli(folder, '--version').status, 0);
  assert.equal(cacheFiles(folder), []);
  const first = cli(folder, '-f', 'json', notebook);
  assert.equal(first, expected);
  const [file] = cacheFiles(folder);
  assert.ok(file, 'a cache file');
  assert.match(file, `-node${process.version}-${process.arch}.bin`);
  const before = statSync(path.join(folder, file));
  assert.ok(before.size > 100_000, `the compiled code of a lint, not only of the start (${before.size} bytes)`);
  if (process.platform !== 'win32') assert.is(statSync(folder).mode & 0o077, 0, 'a folder only its user can open');
  assert.equal(cli(folder, '-f', 'json', notebook), expected);
  const after = statSync(path.join(folder, file));
  // V8 accepted it: a rejected cache would have been written again.
  assert.is(after.mtimeMs, before.mtimeMs);
  assert.is(after.ino, before.ino);
});

test('corrupt data is rejected and replaced; caches of other builds for this Node are removed', () => {
  const folder = path.join(dir, 'cache-b');
  cli(folder, notebook);
  const [file] = cacheFiles(folder);
  writeFileSync(path.join(folder, file), Buffer.alloc(5000, 7));
  const stale = `00000000000000000000-node${process.version}-${process.arch}.bin`;
  const otherNode = `00000000000000000000-nodev0.0.0-${process.arch}.bin`;
  writeFileSync(path.join(folder, stale), 'old build');
  writeFileSync(path.join(folder, otherNode), 'another Node');
  assert.equal(cli(folder, '-f', 'json', notebook), expected);
  assert.ok(statSync(path.join(folder, file)).size > 100_000, 'rewritten');
  assert.equal(cacheFiles(folder).sort(), [otherNode, file].sort());
});

test('a bundle edited in place (same length, new mtime) gets a cache of its own; the old one is removed', () => {
  const folder = path.join(dir, 'cache-d');
  cli(folder, notebook);
  const [old] = cacheFiles(folder);
  const engine = path.join(path.dirname(BIN), 'engine.cjs');
  const { atime, mtime } = statSync(engine);
  try {
    utimesSync(engine, atime, new Date(mtime.getTime() + 60_000));
    assert.equal(cli(folder, '-f', 'json', notebook), expected);
    const [now] = cacheFiles(folder);
    assert.ok(now && now !== old, `${old} -> ${now}`);
    assert.is(cacheFiles(folder).length, 1);
  } finally {
    utimesSync(engine, atime, mtime);
  }
});

test('the engine bundle is ASCII, so reading it as latin1 gives its text exactly', () => {
  const bytes = readFileSync(path.join(path.dirname(BIN), 'engine.cjs'));
  const at = bytes.findIndex((byte) => byte > 0x7f);
  assert.is(at, -1, `a non-ASCII byte at ${at}`);
  assert.ok(bytes.length > 100_000);
});

test('a folder others can write into is not used; a folder that cannot be made is no error', () => {
  const shared = path.join(dir, 'cache-shared');
  mkdirSync(shared);
  chmodSync(shared, 0o777);
  assert.equal(cli(shared, '-f', 'json', notebook), expected);
  assert.equal(cacheFiles(shared), []);
  const blocker = path.join(dir, 'a-file');
  writeFileSync(blocker, '');
  assert.equal(cli(path.join(blocker, 'cache'), '-f', 'json', notebook), expected);
});

test('an ES module plugin is imported by the cached engine', () => {
  const folder = path.join(dir, 'cache-c');
  const project = path.join(dir, 'esm-plugin');
  const plugin = path.join(project, 'node_modules', 'nblint-plugin-esm');
  mkdirSync(plugin, { recursive: true });
  writeFileSync(path.join(plugin, 'package.json'), JSON.stringify({ name: 'nblint-plugin-esm', type: 'module', main: 'index.js' }));
  writeFileSync(
    path.join(plugin, 'index.js'),
    "export default { rules: { says: { meta: { type: 'problem', docs: { description: 'd', recommended: false }, messages: { m: 'from an ES module' } }, create: (context) => ({ Program(node) { context.report({ node, messageId: 'm' }); } }) } } };\n",
  );
  writeFileSync(path.join(project, '.nblintrc.json'), JSON.stringify({ plugins: ['esm'], rules: { 'esm/says': 'error' } }));
  writeFileSync(path.join(project, 'a.py'), 'x = 1\n');
  for (let run = 0; run < 2; run++) {
    const res = spawnSync(process.execPath, [BIN, '-f', 'json', 'a.py'], { cwd: project, encoding: 'utf8', env: { ...process.env, NBLINT_MLFLOW_CODE_CACHE: folder } });
    assert.is(res.status, 1, res.stderr);
    assert.match(res.stdout, '"ruleId":"esm/says"');
    assert.match(res.stdout, 'from an ES module');
  }
  assert.is(cacheFiles(folder).length, 1);
});

test.run();
