// Streamed output and --concurrency: the report is written file by file (SARIF's results through a spool file),
// and worker threads change nothing in it, byte for byte, in every format and with --fix-dry-run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getFormatter } from '../lib/formatters/index.js';
import { lintFiles } from '../lib/lint-files.js';
import { reduceFile, workerCount } from '../lib/format-run.js';
import { getFormat } from '../lib/formatters/index.js';
import type { LintResult } from '../lib/types.js';
import { parseOptions } from '../lib/cli/options.js';
import { BIN, ROOT } from './helpers/paths.js';

const { NO_COLOR: _n, FORCE_COLOR: _f, DEBUG: _d, ...baseEnv } = process.env;
const cli = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [BIN, ...args], { cwd, env: baseEnv, encoding: 'utf8', maxBuffer: 1 << 28 });

const VARIANTS: [string, string[]][] = [
  ['stylish', ['--no-color']],
  ['json', ['-f', 'json']],
  ['sarif', ['-f', 'sarif']],
  ['github', ['-f', 'github']],
  ['--fix-dry-run -f json', ['--fix-dry-run', '-f', 'json']],
  ['--quiet -f sarif', ['--quiet', '-f', 'sarif']],
];

test('--concurrency 2 and 3: the same bytes, stderr and exit code as one thread, in every format (fixtures: notebooks, scripts, broken files)', () => {
  for (const [name, args] of VARIANTS) {
    const single = cli([...args, 'notebooks-fixtures']);
    assert.ok(single.stdout.length > 1000, `${name}: a report is expected`);
    for (const n of ['2', '3']) {
      const multi = cli([...args, '--concurrency', n, 'notebooks-fixtures']);
      assert.is(multi.status, single.status, `${name} --concurrency ${n}: exit code`);
      assert.ok(multi.stdout === single.stdout, `${name} --concurrency ${n}: stdout differs`);
      assert.is(multi.stderr, single.stderr, `${name} --concurrency ${n}: stderr`);
    }
  }
});

test('--concurrency 4 starts its workers before the files are counted: with fewer files, none, or a configuration error, the same result as one thread and the process ends', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-stream-early-'));
  writeFileSync(path.join(dir, 'a.py'), 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("loss", 1.0)\n');
  writeFileSync(path.join(dir, 'b.py'), 'print(1)\n');
  writeFileSync(path.join(dir, 'bad.json'), '{ "rules": ');
  for (const args of [['a.py'], ['a.py', 'b.py'], ['missing-*.py'], ['-c', 'bad.json', 'a.py']]) {
    const single = cli(['-f', 'json', ...args], dir);
    const multi = cli(['-f', 'json', '--concurrency', '4', ...args], dir);
    assert.is(multi.status, single.status, `${args.join(' ')}: exit code`);
    assert.is(multi.stdout, single.stdout, `${args.join(' ')}: stdout`);
    assert.is(multi.stderr, single.stderr, `${args.join(' ')}: stderr`);
  }
  assert.is(cli(['-f', 'json', 'a.py'], dir).status, 1, 'a.py has a problem');
  assert.is(cli(['missing-*.py'], dir).status, 2);
});

test('the streamed CLI report is the array-form formatter\'s text (SARIF spooled to a file, JSON, stylish)', async () => {
  const { results, rulesMeta, ruleSeverities } = await lintFiles(['notebooks-fixtures'], { cwd: ROOT, keepSource: true });
  for (const [format, extra] of [['sarif', []], ['json', []], ['stylish', ['--no-color']]] as const) {
    const text = getFormatter(format)(results, { cwd: ROOT, rulesMeta, ruleSeverities, color: false, toolVersion: '0.1.0' });
    const streamed = cli(['-f', format, ...extra, 'notebooks-fixtures']).stdout;
    assert.ok(streamed === `${text}\n`, `${format}: streamed text differs`);
  }
});

test('no files with problems: the JSON report is [], SARIF has empty arrays, stylish prints nothing', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-stream-'));
  writeFileSync(path.join(dir, 'clean.py'), 'print(1)\n');
  assert.is(cli(['-f', 'json', '.'], dir).stdout, '[{"filePath":' + JSON.stringify(path.join(dir, 'clean.py')) + ',"messages":[],"suppressedMessages":[],"errorCount":0,"fatalErrorCount":0,"warningCount":0,"fixableErrorCount":0,"fixableWarningCount":0,"usedDeprecatedRules":[]}]\n');
  const sarif = JSON.parse(cli(['-f', 'sarif', '.'], dir).stdout);
  assert.equal([sarif.runs[0].artifacts, sarif.runs[0].results], [[], []]);
  assert.is(cli(['.'], dir).stdout, '');
});

test('a rule that crashes in a worker: one problem on that file naming the rule, as on one thread; the report is written', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-stream-crash-'));
  const write = (name: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  write('node_modules/nblint-plugin-crash/package.json', JSON.stringify({ name: 'nblint-plugin-crash', main: 'index.js' }));
  write(
    'node_modules/nblint-plugin-crash/index.js',
    "module.exports = { meta: { name: 'nblint-plugin-crash', version: '1.0.0' }, rules: { boom: { meta: { type: 'problem', docs: { description: 'd', recommended: false }, messages: {} }, create(context) { return { Program() { if (context.file.path.endsWith('b.py')) throw new Error('kaboom'); } }; } } } };",
  );
  write('.nblintrc.json', JSON.stringify({ plugins: ['crash'], rules: { 'crash/boom': 'error' } }));
  for (const name of ['a.py', 'b.py', 'c.py']) write(`src/${name}`, 'print(1)\n');
  const reports: string[] = [];
  for (const args of [[], ['--concurrency', '2']]) {
    const res = cli(['src', '-f', 'json', '-o', 'report.json', ...args], dir);
    assert.is(res.status, 1, res.stderr);
    const report = readFileSync(path.join(dir, 'report.json'), 'utf8');
    const results = JSON.parse(report) as { filePath: string; messages: { ruleId: string; fatal?: boolean; message: string }[] }[];
    assert.equal(results.map((r) => r.messages.map((m) => m.ruleId)), [[], ['crash/boom'], []]);
    assert.match(results[1].messages[0].message, "Rule 'crash/boom' crashed on this file (Error: kaboom)");
    assert.ok(results[1].messages[0].fatal);
    reports.push(report);
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  }
  assert.is(reports[0], reports[1]);
});

test('a file whose problems its format cannot render (Invalid string length) is one problem on that file; the others are reported', () => {
  const json = getFormat('json');
  // A format that fails on one file's text only, as JSON.stringify did on a huge notebook's `source`.
  const failing = { ...json, prepare: (result: LintResult, ctx: Parameters<typeof json.prepare>[1]) => {
    if (result.filePath.endsWith('huge.ipynb') && result.source !== undefined) throw new RangeError('Invalid string length');
    return json.prepare(result, ctx);
  } };
  const fileResult = (name: string): LintResult => ({
    filePath: `/p/${name}`, displayPath: name, messages: [{ ruleId: 'no-run-log', severity: 2, message: 'm', line: 1, column: 1 }],
    suppressedMessages: [], errorCount: 1, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, source: 'x',
  });
  const request = { format: 'json', quiet: false, start: { cwd: '/p', color: false, toolVersion: '0' } };
  const reduced = ['a.ipynb', 'huge.ipynb', 'b.ipynb'].map((name) => reduceFile(failing, request, { result: fileResult(name), config: null, written: false, warnings: [] }));
  const report = JSON.parse(`[${reduced.map((r) => r.prepared as string).join(',')}]`) as { filePath: string; messages: { message: string; fatal?: boolean }[] }[];
  assert.equal(report.map((r) => [r.filePath, r.messages.map((m) => m.message)]), [
    ['/p/a.ipynb', ['m']],
    ['/p/huge.ipynb', ["Internal error while formatting this file's problems (Invalid string length)."]],
    ['/p/b.ipynb', ['m']],
  ]);
  assert.ok(report[1].messages[0].fatal);
  assert.equal(reduced.map((r) => r.errorCount), [1, 1, 1]);
});

test('--concurrency values: a number, auto, off; --jobs is its alias; bad values are usage errors', () => {
  assert.is(parseOptions([]).concurrency, 'off');
  assert.is(parseOptions(['--concurrency', '4']).concurrency, 4);
  assert.is(parseOptions(['--concurrency', 'auto']).concurrency, 'auto');
  assert.is(parseOptions(['--concurrency', 'off']).concurrency, 'off');
  assert.is(parseOptions(['--jobs', '2']).concurrency, 2);
  for (const bad of [['--concurrency', '0'], ['--concurrency', 'many'], ['--concurrency', '-1'], ['--jobs', '2', '--concurrency', '2']]) {
    assert.throws(() => parseOptions(bad), /concurrency|jobs/, bad.join(' '));
  }
  const usage = cli(['--concurrency', 'lots', 'notebooks-fixtures']);
  assert.is(usage.status, 2);
  assert.match(usage.stderr, "Invalid value for option '--concurrency'");
  // n threads lint: the main thread and n - 1 workers; 'off', 1 and a single file: the main thread alone; auto: one
  // thread per core, only from 200 files.
  assert.is(workerCount('off', 5000), 0);
  assert.is(workerCount(1, 5000), 0);
  assert.is(workerCount(2, 5000), 1);
  assert.is(workerCount(4, 1), 0);
  assert.is(workerCount(4, 3), 2);
  assert.is(workerCount('auto', 10), 0);
  assert.is(workerCount('auto', 5000), os.availableParallelism() - 1);
});

test.run();
