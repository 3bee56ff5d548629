// A repository must not be able to stall or exhaust the linter through what it reads: links to /dev/zero,
// FIFOs, devices and huge files are refused quickly, for linted files, configurations and dependency files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRegularFile, readRegularFileSync } from '../lib/safe-read.js';
import { loadFile } from '../lib/notebook/load.js';
import { MAX_FILE_BYTES } from '../lib/limits.js';
import { readRequirementsFile } from '../lib/dependencies/index.js';
import { lintFiles } from '../lib/lint-files.js';
import { ConfigError } from '../lib/config/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-safe-read-'));
const at = (name: string): string => path.join(dir, name);
writeFileSync(at('plain.txt'), 'hello');
symlinkSync('/dev/zero', at('zero.ipynb'));
symlinkSync('/dev/zero', at('zero.txt'));
const fifo = at('pipe.ipynb');
const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
// A sparse file: past the limit on disk without costing the disk anything.
const huge = at('huge.ipynb');
const fd = openSync(huge, 'w');
ftruncateSync(fd, MAX_FILE_BYTES + 4096);
closeSync(fd);

test('a regular file is read whole; a small cap refuses it as too large', async () => {
  const read = await readRegularFile(at('plain.txt'), 100);
  assert.ok(read.ok && read.bytes.toString() === 'hello');
  const sync = readRegularFileSync(at('plain.txt'), 100);
  assert.ok(sync.ok && sync.bytes.toString() === 'hello');
  const capped = await readRegularFile(at('plain.txt'), 4);
  assert.ok(!capped.ok && capped.code === 'TOO_LARGE');
  assert.ok(!readRegularFileSync(at('plain.txt'), 4).ok);
});

test('a link to /dev/zero and a FIFO are refused at once, not read', async () => {
  for (const read of [await readRegularFile(at('zero.txt'), 1 << 30), readRegularFileSync(at('zero.txt'), 1 << 30)]) {
    assert.ok(!read.ok);
    assert.is(read.ok ? '' : read.message, 'not a regular file: a device');
  }
  if (hasFifo) {
    const read = await readRegularFile(fifo, 1 << 20);
    assert.is(read.ok ? '' : read.message, 'not a regular file: a named pipe (FIFO)');
  }
});

test('a linted file that is a device, a FIFO or too large gets one clear problem', async () => {
  const zero = await loadFile(at('zero.ipynb'), 'zero.ipynb');
  assert.is(zero.ok ? '' : zero.message, 'cannot read the file (not a regular file: a device)');
  if (hasFifo) {
    const pipe = await loadFile(fifo, 'pipe.ipynb');
    assert.is(pipe.ok ? '' : pipe.message, 'cannot read the file (not a regular file: a named pipe (FIFO))');
  }
  const big = await loadFile(huge, 'huge.ipynb');
  assert.is(big.ok ? '' : big.message, 'the file is too large (128 MB; the limit is 128 MB); it is not linted');
});

test('a whole run over such files, named explicitly, goes on and reports each (a folder walk takes only regular files)', async () => {
  const named = ['zero.ipynb', 'huge.ipynb', ...(hasFifo ? ['pipe.ipynb'] : [])];
  const { results } = await lintFiles(named, { cwd: dir, useConfigLookup: false });
  const messages = Object.fromEntries(results.map((r) => [r.displayPath, r.messages.map((m) => m.message)]));
  assert.equal(messages['zero.ipynb'], ['Parsing error: cannot read the file (not a regular file: a device)']);
  assert.match(messages['huge.ipynb'][0], /too large/);
  if (hasFifo) assert.match(messages['pipe.ipynb'][0], /FIFO/);
  const walked = await lintFiles([dir], { cwd: dir, useConfigLookup: false });
  assert.equal(walked.results.map((r) => r.displayPath), ['huge.ipynb']);
});

test('requirements: `-r /dev/zero`, `-r` to a FIFO and a long -r chain are read safely', () => {
  const req = path.join(dir, 'reqs');
  mkdirSync(req);
  const lines = ['-r /dev/zero', hasFifo ? `-r ${fifo}` : '', '-r chain-0.txt', 'azureml-mlflow'];
  writeFileSync(path.join(req, 'requirements.txt'), lines.join('\n'));
  const depth = 3000;
  for (let i = 0; i < depth; i++) writeFileSync(path.join(req, `chain-${i}.txt`), `pkg-${i}\n-r chain-${i + 1}.txt\n`);
  const names = readRequirementsFile(path.join(req, 'requirements.txt'));
  assert.ok(names.has('azureml-mlflow'));
  assert.ok(names.has(`pkg-${depth - 1}`));
});

test('a configuration that links to /dev/zero is a configuration error, not a hang', async () => {
  const project = path.join(dir, 'cfg');
  mkdirSync(project);
  symlinkSync('/dev/zero', path.join(project, '.nblintrc.json'));
  writeFileSync(path.join(project, 'a.py'), 'print(1)\n');
  try {
    await lintFiles(['a.py'], { cwd: project });
    assert.unreachable('expected a configuration error');
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.match((error as Error).message, /cannot read the configuration file \(not a regular file: a device\)/);
  }
});

test.run();
