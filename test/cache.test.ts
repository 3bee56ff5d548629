// --cache / --cache-location: a second run over unchanged files reads none it linted before (size and mtime
// first, then the content's hash); a change of rule options or of the tool's version invalidates the entries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { CliProject, notebookText } from './helpers/cli-project.js';

const CLEAN_NOTEBOOK = notebookText(['import pandas as pd\ndf = pd.DataFrame()', '# Résumé\nprint(df)'], { indent: 1 });
const V1_NOTEBOOK = notebookText(['from azureml.core import Run\nrun = Run.get_context()', 'run.log("acc", 0.9)']);

/**
 * Files with their mtime at a whole second, as a checkout leaves them: utimes() takes seconds as a float, so only
 * such a time can be put back exactly (a millisecond time comes back off by a rounding error).
 */
const CHECKOUT_TIME = 1_700_000_000;
const FILES = { 'requirements.txt': 'mlflow\nazureml-mlflow\n', 'clean.ipynb': CLEAN_NOTEBOOK, 'src/v1.ipynb': V1_NOTEBOOK, 'src/util.py': 'print(1)\n' };

function project(): CliProject {
  const p = new CliProject(FILES);
  for (const name of Object.keys(FILES)) utimesSync(p.path(name), CHECKOUT_TIME, CHECKOUT_TIME);
  return p;
}

/**
 * Replaces a file's bytes with garbage of the same length and puts its mtime back: a linter that reads the file
 * reports a parsing error, one that trusts the cache does not.
 */
function corruptKeepingStamp(p: CliProject, name: string): void {
  const { size, mtimeMs } = statSync(p.path(name));
  assert.is(mtimeMs, CHECKOUT_TIME * 1000);
  writeFileSync(p.path(name), '\0'.repeat(size));
  utimesSync(p.path(name), CHECKOUT_TIME, CHECKOUT_TIME);
}

test('a file linted clean before is not read again: same size and mtime → its cached result', () => {
  const p = project();
  const first = p.run(['--cache', '.']);
  assert.is(first.code, 1, first.stderr);
  assert.ok(existsSync(p.path('.nblintcache')));
  corruptKeepingStamp(p, 'clean.ipynb');
  corruptKeepingStamp(p, 'src/util.py');
  // Control: read, the garbage is a parsing error.
  assert.match(p.run(['.']).stdout, /clean\.ipynb\n\s+1:1\s+error\s+Parsing error/);
  const second = p.run(['--cache', '.']);
  assert.is(second.stdout, first.stdout, 'the cached results, and nothing read from the corrupted files');
  assert.is(second.code, 1);
});

test('files with problems come back identical from the cache, -f json (which needs the text) included', () => {
  const p = project();
  const first = p.run(['--cache', '-f', 'json', '.']);
  const second = p.run(['--cache', '-f', 'json', '.']);
  assert.equal(JSON.parse(second.stdout), JSON.parse(first.stdout));
  assert.ok(JSON.parse(second.stdout).some((r: { source?: string }) => r.source === V1_NOTEBOOK));
});

test('a touched file with the same content is not linted again; changed content is', () => {
  const p = project();
  p.run(['--cache', '.']);
  const before = JSON.parse(p.read('.nblintcache'));
  const entry = before.files[p.path('clean.ipynb')];
  const later = new Date(Date.now() + 60_000);
  utimesSync(p.path('clean.ipynb'), later, later);
  p.run(['--cache', '.']);
  const after = JSON.parse(p.read('.nblintcache')).files[p.path('clean.ipynb')];
  assert.is(after.hash, entry.hash);
  assert.is.not(after.mtimeMs, entry.mtimeMs, 'the new mtime is recorded, so the next run need not read the file');

  // New content of the same size, new mtime: linted again.
  p.write('src/util.py', 'print(2)\n');
  p.write('clean.ipynb', V1_NOTEBOOK);
  const res = p.run(['--cache', '.']);
  assert.match(res.stdout, /clean\.ipynb\n\s+cell 2:1:1\s+error/);
});

test('a changed rule option, or another version of the tool, invalidates the cache', () => {
  const p = project();
  p.run(['--cache', '.']);
  corruptKeepingStamp(p, 'clean.ipynb');
  const withOption = p.run(['--cache', '--rule', 'no-run-log: [error, {unknownValueType: fix}]', '.']);
  assert.match(withOption.stdout, /clean\.ipynb\n\s+1:1\s+error\s+Parsing error/);

  const q = project();
  q.run(['--cache', '.']);
  corruptKeepingStamp(q, 'clean.ipynb');
  const cache = JSON.parse(q.read('.nblintcache'));
  writeFileSync(q.path('.nblintcache'), JSON.stringify({ ...cache, version: '0.0.0-older' }));
  assert.match(q.run(['--cache', '.']).stdout, /clean\.ipynb\n\s+1:1\s+error\s+Parsing error/);
});

test('--cache-location: a file path, or a folder that gets a .cache_<hash> file; --fix still fixes cached files', () => {
  const p = project();
  p.run(['--cache', '--cache-location', 'tmp/nblint.cache', '.']);
  assert.ok(existsSync(p.path('tmp/nblint.cache')));
  assert.not.ok(existsSync(p.path('.nblintcache')));
  p.run(['--cache', '--cache-location', 'cachedir/', '.']);
  assert.match(readdirSync(p.path('cachedir')).join(','), /^\.cache_[0-9a-f]+$/);

  const fixed = p.run(['--cache', '--cache-location', 'tmp/nblint.cache', '--fix', '.']);
  assert.match(fixed.stderr, /^fixed [1-9]\d* problems? in 1 file, \d+ left\n$/);
  assert.match(readFileSync(p.path('src/v1.ipynb'), 'utf8'), 'mlflow.log_metric');
});

test('with --concurrency the workers\' entries are recorded: the second run reads nothing linted clean', () => {
  const p = project();
  const first = p.run(['--cache', '--concurrency', '2', '.']);
  corruptKeepingStamp(p, 'clean.ipynb');
  corruptKeepingStamp(p, 'src/util.py');
  const second = p.run(['--cache', '--concurrency', '2', '.']);
  assert.is(second.stdout, first.stdout);
  assert.not.match(second.stdout, 'Parsing error');
});

test.run();
