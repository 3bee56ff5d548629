// Folders a search cannot read (no permission, or nested deeper than the system's path length allows) are
// skipped with a warning naming the folder and why; the other files are linted and the run goes on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './helpers/paths.js';

// chmod 000 does not stop root: as root, the run is made as the unprivileged user `nobody`, for whom it does.
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function tree(): string {
  const top = mkdtempSync(path.join(os.tmpdir(), 'nblint-unreadable-'));
  chmodSync(top, 0o755);
  for (const name of ['ok/a.py', 'locked/b.py']) {
    mkdirSync(path.join(top, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(top, name), 'print(1)\n');
  }
  chmodSync(path.join(top, 'locked'), 0o000);
  // 90 folders of 50 characters: past PATH_MAX (4,096), built relative to each step so mkdir itself can.
  const made = spawnSync('bash', ['-c', `mkdir deep && cd deep && for i in $(seq 90); do mkdir ${'d'.repeat(50)} && cd ${'d'.repeat(50)} || exit 1; done; echo 'print(1)' > bottom.py`], { cwd: top });
  assert.is(made.status, 0, String(made.stderr));
  return top;
}

const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [BIN, '--no-config-lookup', '-f', 'json', ...args], { cwd, encoding: 'utf8', ...asUser });
const linted = (stdout: string): string[] => (JSON.parse(stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath));

test('a folder walk: the folder without permission and the one nested too deep each get a warning; the rest is linted', () => {
  const top = tree();
  const res = run(top, ['.']);
  assert.is(res.status, 0, res.stderr);
  assert.equal(linted(res.stdout), ['a.py']);
  assert.match(res.stderr, 'locked: cannot read this folder, no permission to list it (EACCES); the files in it are not linted.');
  assert.match(res.stderr, /deep\/d{50}(\/d{50})+: cannot read this folder, its path is longer than the system allows \(ENAMETOOLONG: folders nested too deep\); the files in it are not linted\./);
  assert.is(res.stderr.match(/cannot read this folder/g)?.length, 2, res.stderr.slice(0, 500));
});

test('a glob says the same of the folders it could not read', () => {
  const top = tree();
  const res = run(top, ['**/*.py']);
  assert.is(res.status, 0, res.stderr);
  assert.equal(linted(res.stdout), ['a.py']);
  assert.match(res.stderr, 'locked: cannot read this folder, no permission to list it (EACCES)');
});

test.run();
