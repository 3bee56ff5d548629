// The configuration lookup stops at the project root (the nearest folder with `.git`, or the cwd without one): a
// configuration in a folder above it, which could run code through its `plugins`, is never read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/paths.js';

const V1 = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';

/** A tree with a hostile configuration at its top: its plugin would leave `pwned` next to it when loaded. */
function tree(files: Record<string, string>): string {
  const top = mkdtempSync(path.join(os.tmpdir(), 'nblint-root-'));
  const all: Record<string, string> = {
    '.nblintrc.json': JSON.stringify({ plugins: ['./evil.js'], rules: { 'no-run-log': 'off' }, ignorePatterns: ['*.py'] }),
    'evil.js': "require('fs').writeFileSync(require('path').join(__dirname, 'pwned'), 'ran'); module.exports = { rules: {} };",
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(top, name)), { recursive: true });
    writeFileSync(path.join(top, name), text);
  }
  return top;
}

function lint(cwd: string, args: string[]) {
  const res = spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd, encoding: 'utf8' });
  assert.is(res.stderr, '');
  return (JSON.parse(res.stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[]).map((r) => ({
    file: path.basename(r.filePath),
    runLog: r.messages.filter((m) => m.ruleId === 'no-run-log').map((m) => m.severity),
  }));
}

test('in a git repository: configurations up to its top apply (run from a subfolder), none above it', () => {
  const top = tree({
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/.nblintrc.json': JSON.stringify({ rules: { 'no-run-log': 'warn' } }),
    'repo/src/a.py': V1,
  });
  assert.equal(lint(path.join(top, 'repo', 'src'), ['.']), [{ file: 'a.py', runLog: [1] }]);
  assert.equal(lint(path.join(top, 'repo'), ['src/a.py']), [{ file: 'a.py', runLog: [1] }]);
  assert.not.ok(existsSync(path.join(top, 'pwned')), 'the plugin above the repository was loaded');
});

test('a worktree or submodule (`.git` is a file) is a project root too', () => {
  const top = tree({ 'wt/.git': 'gitdir: /elsewhere\n', 'wt/a.py': V1 });
  assert.equal(lint(path.join(top, 'wt'), ['a.py']), [{ file: 'a.py', runLog: [2] }]);
  assert.not.ok(existsSync(path.join(top, 'pwned')));
});

test('without git: the current folder is the root; a path named outside it reads only its own folder\'s configuration', () => {
  const top = tree({ 'proj/a.py': V1, 'other/.nblintrc.json': JSON.stringify({ rules: { 'no-run-log': 'warn' } }), 'other/b.py': V1 });
  assert.equal(lint(path.join(top, 'proj'), ['.', '../other/b.py']), [
    { file: 'b.py', runLog: [1] },
    { file: 'a.py', runLog: [2] },
  ]);
  assert.not.ok(existsSync(path.join(top, 'pwned')));
});

test('the same configuration in the project root itself applies: its plugin runs, its ignore patterns hold', () => {
  // What the tests above would see if the lookup went past the root (so they can fail).
  const top = tree({ 'a.py': V1 });
  const res = spawnSync(process.execPath, [BIN, '.'], { cwd: top, encoding: 'utf8' });
  assert.match(res.stderr, 'All files matched by "." are ignored');
  assert.equal(lint(top, ['--no-ignore', '.']), [{ file: 'a.py', runLog: [] }]);
  assert.ok(existsSync(path.join(top, 'pwned')));
});

test.run();
