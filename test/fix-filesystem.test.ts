// --fix and the file system (issue 12): a fix replaces a file only when the replacement is faithful (mode, owner,
// hard links, a link's target inside the folders named), never over a change made meanwhile, leaves no temporary
// file behind (a killed run's are removed by the next), and `-o` can never overwrite an input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/paths.js';

const V1 = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';
const isRoot = process.getuid?.() === 0;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-fixfs-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [BIN, '--no-config-lookup', ...args], { cwd, encoding: 'utf8' });
const read = (dir: string, name: string): string => readFileSync(path.join(dir, name), 'utf8');
const fixed = (text: string): boolean => text.includes('mlflow.log_metric');

test('-o naming one of the inputs is refused before anything is written, --fix included', () => {
  const dir = project({ 'a.py': V1, 'b.py': V1 });
  for (const args of [['.', '-o', 'b.py'], ['--fix', '.', '-o', './b.py'], ['--fix', 'a.py', 'b.py', '-o', path.join(dir, 'b.py')]]) {
    const res = run(dir, args);
    assert.is(res.status, 2, res.stderr);
    assert.match(res.stderr, 'is one of the files to lint');
    assert.is(read(dir, 'a.py'), V1);
    assert.is(read(dir, 'b.py'), V1);
  }
});

test('a read-only file and a file with two hard links are not replaced, with a warning; others are fixed', () => {
  const dir = project({ 'ro.py': V1, 'linked.py': V1, 'ok.py': V1 });
  chmodSync(path.join(dir, 'ro.py'), 0o444);
  linkSync(path.join(dir, 'linked.py'), path.join(dir, 'other-name.txt'));
  const res = run(dir, ['--fix', '.']);
  assert.match(res.stderr, 'ro.py: the file is read-only; not written');
  assert.match(res.stderr, 'linked.py: the file has 2 hard links, which replacing it would split; not written');
  assert.is(read(dir, 'ro.py'), V1);
  assert.is(read(dir, 'linked.py'), V1);
  assert.is(statSync(path.join(dir, 'linked.py')).nlink, 2);
  assert.ok(fixed(read(dir, 'ok.py')));
});

test('mode and owner are kept', () => {
  const dir = project({ 'a.py': V1 });
  const file = path.join(dir, 'a.py');
  chmodSync(file, 0o640);
  if (isRoot) chownSync(file, 1234, 2345);
  const res = run(dir, ['--fix', '.']);
  assert.ok(fixed(read(dir, 'a.py')), res.stderr);
  const info = statSync(file);
  assert.is(info.mode & 0o7777, 0o640);
  if (isRoot) assert.equal([info.uid, info.gid], [1234, 2345]);
});

// Needs a file of another owner: as root, the run is made as `nobody` on a root-owned file.
(isRoot ? test : test.skip)('a user who may write a folder does not take over another user\'s file in it: refused, owner and bytes kept', () => {
  const dir = project({ 'a.py': V1 });
  chmodSync(dir, 0o777);
  chmodSync(path.join(dir, 'a.py'), 0o666); // writable by anyone, so only the owner is in question
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix', '.'], { cwd: dir, encoding: 'utf8', uid: 65534, gid: 65534 });
  assert.match(res.stderr, 'a.py: the file belongs to another user and its owner could not be kept; not written');
  assert.is(read(dir, 'a.py'), V1);
  assert.equal([statSync(path.join(dir, 'a.py')).uid, readdirSync(dir).filter((name) => name.endsWith('.tmp'))], [0, []]);
});

(isRoot ? test : test.skip)("the user's own file in a group the user is not in: refused, naming the group, not the owner", () => {
  const dir = project({ 'a.py': V1 });
  chownSync(dir, 65534, 65534);
  chownSync(path.join(dir, 'a.py'), 65534, 0); // nobody's file, group root
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix', '.'], { cwd: dir, encoding: 'utf8', uid: 65534, gid: 65534 });
  assert.match(res.stderr, "a.py: the file's group (gid 0) is not one of this user's groups and could not be kept; not written");
  assert.is(read(dir, 'a.py'), V1);
  assert.equal([statSync(path.join(dir, 'a.py')).gid, readdirSync(dir).filter((name) => name.endsWith('.tmp'))], [0, []]);
});

test('a link to a file outside the folder named is not written; a glob does not follow a folder link out of the tree', () => {
  const outside = project({ 'target.py': V1, 'sub/deep.py': V1 });
  const dir = project({ 'in.py': V1 });
  symlinkSync(path.join(outside, 'target.py'), path.join(dir, 'link.py'));
  symlinkSync(path.join(outside, 'sub'), path.join(dir, 'folder-link'));
  const res = run(dir, ['--fix', '.']);
  assert.match(res.stderr, `link.py: it links to ${path.join(outside, 'target.py')}, outside the folders named on the command line; not written`);
  assert.is(read(outside, 'target.py'), V1);
  assert.ok(fixed(read(dir, 'in.py')));
  const globbed = run(dir, ['-f', 'json', '**/*.py']);
  const paths = (JSON.parse(globbed.stdout) as { filePath: string }[]).map((r) => path.relative(dir, r.filePath));
  assert.equal(paths, ['in.py', 'link.py']);
  assert.is(read(outside, 'sub/deep.py'), V1);
});

test('a long file name is fixed (short temporary names); a killed run\'s temporary files are removed by the next run, and no run leaves one', () => {
  const long = `${'n'.repeat(240)}.py`;
  const dir = project({ [long]: V1, 'sub/a.py': V1 });
  // A process that has exited: its pid names no running process.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(path.join(dir, `.nblint-${dead}-0a1b2c3d.tmp`), 'half a file');
  writeFileSync(path.join(dir, 'sub', `.nblint-${dead}-deadbeef.tmp`), '');
  writeFileSync(path.join(dir, `.nblint-${process.pid}-00000000.tmp`), 'a live run\'s');
  const res = run(dir, ['--fix', '.']);
  assert.ok(fixed(read(dir, long)), res.stderr);
  assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [`.nblint-${process.pid}-00000000.tmp`]);
  assert.equal(readdirSync(path.join(dir, 'sub')).filter((name) => name.endsWith('.tmp')), []);
});

test('`..x/` is a folder inside the project: relative paths in reports, ignore patterns applied', () => {
  const dir = project({ '..x/a.py': V1, '..x/skip/b.py': V1 });
  const res = run(dir, ['-f', 'json', '..x', '--ignore-pattern', '..x/skip/']);
  const results = JSON.parse(res.stdout) as { filePath: string }[];
  assert.equal(results.map((r) => r.filePath), [path.join(dir, '..x', 'a.py')]);
  const stylish = run(dir, ['--no-color', '..x']);
  assert.match(stylish.stdout, /^\.\.x\/a\.py$/m, stylish.stdout + stylish.stderr);
  assert.not.ok(existsSync(path.join(dir, '..x', 'report')));
});

test.run();
