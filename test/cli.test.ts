import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT } from './helpers/paths.js';
import plugin from '../rules/index.js';
import { parseRuleOptions } from '../lib/cli/rule-option.js';
import type { LintResult } from '../lib/types.js';

// A small project: a notebook with errors and a warning, a script with one warning, a clean script, a broken notebook.
const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-cli-'));
const notebook = (...cells: string[]): string =>
  JSON.stringify(
    {
      cells: cells.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
const write = (name: string, text: string): void => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
};
write('train.ipynb', notebook('from azureml.core import Run\nrun = Run.get_context()', 'print(1)\nrun.log("acc", 0.9)'));
write('scripts/warn.py', 'import mlflow\n\nmlflow.log_metric("acc", 0.9)\n');
write('scripts/clean.py', 'print("hello")\n');
write('broken/bad.ipynb', '{"cells": [');

const { NO_COLOR: _n, FORCE_COLOR: _f, DEBUG: _d, ...baseEnv } = process.env;

function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: { ...baseEnv, ...env }, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const json = (args: string[]) => {
  const res = run(['-f', 'json', ...args]);
  assert.ok(res.stdout.startsWith('['), `no JSON on stdout; stderr: ${res.stderr}`);
  return { ...res, results: JSON.parse(res.stdout) as any[] };
};

test('lint errors: exit 1, stylish with cell positions, summary', () => {
  const { code, stdout, stderr } = run(['train.ipynb']);
  assert.is(code, 1, stderr);
  assert.match(stdout, /^\ntrain\.ipynb\n/);
  assert.match(stdout, /  cell 2:2:1 +error +Run\.log\(\) .* no-run-log\n/);
  assert.match(stdout, /\u2716 \d+ problems \(\d+ errors?, 1 warning\)\n/);
  assert.not.match(stdout, /\x1b\[/); // not a TTY
});

test('clean file: exit 0, nothing printed', () => {
  const { code, stdout, stderr } = run(['scripts/clean.py']);
  assert.is(code, 0, stderr);
  assert.is(stdout, '');
});

test('colours: FORCE_COLOR turns them on, NO_COLOR wins, --no-color wins over both', () => {
  assert.match(run(['train.ipynb'], { FORCE_COLOR: '1' }).stdout, /\x1b\[31merror/);
  assert.not.match(run(['train.ipynb'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, /\x1b\[/);
  assert.not.match(run(['train.ipynb', '--no-color'], { FORCE_COLOR: '1' }).stdout, /\x1b\[/);
  assert.match(run(['train.ipynb', '--color']).stdout, /\x1b\[/);
});

test('warnings only: exit 0; --max-warnings 0 → exit 1 with ESLint-style message', () => {
  assert.is(run(['scripts/warn.py']).code, 0);
  const over = run(['scripts/warn.py', '--max-warnings', '0']);
  assert.is(over.code, 1);
  assert.match(over.stderr, 'nblint-mlflow found too many warnings (maximum: 0).');
  assert.is(run(['scripts/warn.py', '--max-warnings', '1']).code, 0);
  assert.is(run(['scripts/warn.py', '--max-warnings', 'x']).code, 2);
});

test('--quiet: warnings not shown, but still counted by --max-warnings (as ESLint)', () => {
  const quiet = run(['scripts/warn.py', '--quiet']);
  assert.is(quiet.code, 0);
  assert.is(quiet.stdout, '');
  const over = run(['scripts/warn.py', '--quiet', '--max-warnings', '0']);
  assert.is(over.code, 1);
  assert.is(over.stdout, '');
  assert.match(over.stderr, 'nblint-mlflow found too many warnings (maximum: 0).');
  const { results } = json(['train.ipynb', '--quiet']);
  assert.ok(results[0].messages.length > 0);
  assert.ok(results[0].messages.every((m: { severity: number }) => m.severity === 2));
});

test('-f json: ESLint results with raw-file and cell positions, sorted by path', () => {
  const { code, results } = json(['.']);
  assert.is(code, 1);
  assert.equal(
    results.map((r) => path.relative(dir, r.filePath)),
    ['broken/bad.ipynb', 'scripts/clean.py', 'scripts/warn.py', 'train.ipynb'],
  );
  const nb = results[3];
  const log = nb.messages.find((m: { ruleId: string }) => m.ruleId === 'no-run-log');
  assert.equal(
    { cell: log.cell, cellId: log.cellId, cellLine: log.cellLine, cellColumn: log.cellColumn, severity: log.severity },
    { cell: 2, cellId: 'c1', cellLine: 2, cellColumn: 1, severity: 2 },
  );
  // line/column point into the raw JSON text, where the cell's source string holds the call.
  const rawLine = readFileSync(path.join(dir, 'train.ipynb'), 'utf8').split('\n')[log.line - 1];
  assert.is(rawLine.slice(log.column - 1, log.column - 1 + 'run.log'.length), 'run.log');
  assert.type(nb.source, 'string');
  assert.not.ok('file' in nb || 'displayPath' in nb);
  // The fix is ESLint's single raw-file replacement.
  const raw = readFileSync(path.join(dir, 'train.ipynb'), 'utf8');
  const fixed = raw.slice(0, log.fix.range[0]) + log.fix.text + raw.slice(log.fix.range[1]);
  assert.match(JSON.parse(fixed).cells[1].source, 'mlflow.log_metric("acc", 0.9)');
  assert.is(nb.errorCount, nb.messages.filter((m: { severity: number }) => m.severity === 2).length);
});

test('-f sarif and -f github: their shapes, on the same problems', () => {
  const sarif = run(['train.ipynb', '-f', 'sarif', '--sarif-category', 'notebooks']);
  assert.is(sarif.code, 1);
  const log = JSON.parse(sarif.stdout);
  assert.is(log.version, '2.1.0');
  assert.is(log.runs[0].automationDetails?.id?.startsWith('notebooks'), true);
  const jsonCount = json(['train.ipynb']).results[0].messages.length;
  assert.is(log.runs[0].results.length, jsonCount);
  const github = run(['train.ipynb', '-f', 'github']);
  assert.is(github.code, 1);
  const lines = github.stdout.trimEnd().split('\n');
  assert.is(lines.length, jsonCount);
  assert.ok(lines.every((line) => /^::(error|warning) file=train\.ipynb,line=\d+,/.test(line)), github.stdout);
});

test('a broken notebook is one fatal problem and the run goes on to the next file', () => {
  const { code, results } = json(['broken', 'train.ipynb']);
  assert.is(code, 1);
  assert.is(results.length, 2);
  const [bad] = results[0].messages;
  assert.equal(
    { ruleId: bad.ruleId, severity: bad.severity, fatal: bad.fatal, line: bad.line, column: bad.column },
    // ESLint puts a parsing error where the parser stopped: here the end of the truncated text.
    { ruleId: null, severity: 2, fatal: true, line: 1, column: 12 },
  );
  assert.match(bad.message, /^Parsing error: /);
  assert.is(results[0].fatalErrorCount, 1);
  assert.ok(results[1].messages.length > 0);
});

test('a dangling link to a notebook, named or found in a folder: one fatal problem, the run goes on, exit 1', () => {
  // Its own folder: the shared one's file listing is asserted above.
  const linkDir = mkdtempSync(path.join(os.tmpdir(), 'nblint-cli-link-'));
  writeFileSync(path.join(linkDir, 'ok.py'), 'print(1)\n');
  symlinkSync(path.join(linkDir, 'gone.ipynb'), path.join(linkDir, 'moved.ipynb'));
  try {
    for (const args of [['moved.ipynb', 'ok.py'], ['.']]) {
      const res = spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd: linkDir, env: baseEnv, encoding: 'utf8' });
      assert.is(res.status, 1, `${args.join(' ')}: ${res.stderr}`);
      const results = JSON.parse(res.stdout) as any[];
      assert.equal(results.map((r) => path.basename(r.filePath)), ['moved.ipynb', 'ok.py']);
      assert.is(results[0].fatalErrorCount, 1);
      assert.match(results[0].messages[0].message, 'cannot read the file (ENOENT');
    }
  } finally {
    rmSync(linkDir, { recursive: true, force: true });
  }
});

test('-o: the report goes to the file (folders created), nothing on stdout', () => {
  const { code, stdout } = run(['train.ipynb', '-f', 'json', '-o', 'reports/deep/out.json']);
  assert.is(code, 1);
  assert.is(stdout, '');
  const written = JSON.parse(readFileSync(path.join(dir, 'reports/deep/out.json'), 'utf8'));
  assert.is(written.length, 1);
  assert.is(run(['train.ipynb', '-o', 'reports']).code, 2); // a folder
});

test('-o to what is not a regular file is written to, never replaced: a FIFO gets the report, a link to /dev/full reports ENOSPC (exit 2)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'nblint-cli-out-'));
  spawnSync('mkfifo', [path.join(out, 'fifo')]);
  // A reader on the FIFO (in the background), then the lint writing into it.
  const piped = spawnSync('sh', ['-c', `timeout 30 cat "${out}/fifo" > "${out}/got" & "${process.execPath}" "${BIN}" --no-config-lookup train.ipynb -f json -o "${out}/fifo"; code=$?; wait; exit $code`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.is(piped.status, 1, piped.stderr);
  assert.ok(lstatSync(path.join(out, 'fifo')).isFIFO(), 'the FIFO is still a FIFO');
  assert.is((JSON.parse(readFileSync(path.join(out, 'got'), 'utf8')) as unknown[]).length, 1);
  // A link to /dev/full (a link in a temporary folder: a former version replaced the link, never the device).
  symlinkSync('/dev/full', path.join(out, 'full'));
  const full = run(['train.ipynb', '-o', path.join(out, 'full')]);
  assert.is(full.code, 2);
  assert.match(full.stderr, `There was a problem writing the output file ${path.join(out, 'full')}: ENOSPC`);
  assert.ok(lstatSync(path.join(out, 'full')).isSymbolicLink() && statSync(path.join(out, 'full')).isCharacterDevice());
  // A link to a regular file: the file gets the report, the link stays.
  writeFileSync(path.join(out, 'real.json'), 'old');
  symlinkSync('real.json', path.join(out, 'link.json'));
  assert.is(run(['train.ipynb', '-f', 'json', '-o', path.join(out, 'link.json')]).code, 1);
  assert.ok(lstatSync(path.join(out, 'link.json')).isSymbolicLink());
  assert.is((JSON.parse(readFileSync(path.join(out, 'real.json'), 'utf8')) as unknown[]).length, 1);
});

test('--rule: ESLint text and JSON forms; a bad value is a usage error', () => {
  const rules = (args: string[]) => json(['train.ipynb', ...args]).results[0].messages.map((m: { ruleId: string; severity: number }) => `${m.ruleId}:${m.severity}`);
  assert.not.ok(rules(['--rule', 'no-run-log: off']).some((r: string) => r.startsWith('no-run-log')));
  assert.ok(rules(['--rule', '{"no-run-log": ["warn", {"unknownValueType": "suggest"}]}']).includes('no-run-log:1'));
  assert.ok(rules(['--rule', 'no-run-log: [warn, {unknownValueType: suggest}]']).includes('no-run-log:1'));
  const bad = run(['train.ipynb', '--rule', 'no-run-log: [warn']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, "Invalid value for option '--rule'");
  const badLevel = run(['train.ipynb', '--rule', 'no-run-log: loud']);
  assert.is(badLevel.code, 2);
  assert.match(badLevel.stderr, 'no-run-log');
});

test('--print-config: the configuration for a file as JSON', () => {
  const { code, stdout } = run(['--print-config', 'train.ipynb', '--rule', 'no-run-log: warn']);
  assert.is(code, 0);
  const config = JSON.parse(stdout);
  assert.is(config.rules['no-run-log'][0], 'warn');
  assert.is(config.rules['no-v1-experiment'][0], 'error');
  assert.is(run(['--print-config', 'train.ipynb', 'other.py']).code, 2);
});

test('--ignore-pattern, explicitly named ignored files, --no-ignore', () => {
  const files = (args: string[]) => json(args).results.map((r) => path.relative(dir, r.filePath));
  assert.equal(files(['.', '--ignore-pattern', 'broken/', '--ignore-pattern', '*.py']), ['train.ipynb']);
  const named = json(['train.ipynb', '--ignore-pattern', 'train.ipynb']).results;
  assert.equal(named[0].messages.map((m: { message: string; severity: number }) => [m.severity, m.message.split('.')[0]]), [
    [1, 'File ignored because of a matching ignore pattern'],
  ]);
  assert.equal(files(['train.ipynb', '--ignore-pattern', 'train.ipynb', '--no-ignore']), ['train.ipynb']);
});

test('configuration errors name the file and exit 2', () => {
  write('conf/.nblintrc.json', '{ "rules": { "no-run-log": "loud" } }');
  write('conf/x.py', 'print(1)\n');
  const { code, stderr } = run(['conf/x.py']);
  assert.is(code, 2);
  assert.match(stderr, '.nblintrc.json');
  rmSync(path.join(dir, 'conf'), { recursive: true });
});

test('usage errors exit 2: unknown format, unknown option, no matching files, bad fix options', () => {
  const format = run(['-f', 'xml', '.']);
  assert.is(format.code, 2);
  assert.match(format.stderr, 'Available formats: stylish, json, sarif, github, html.');
  assert.is(run(['--bogus']).code, 2);
  const none = run(['nothing-here.ipynb']);
  assert.is(none.code, 2);
  assert.match(none.stderr, 'No files matching the pattern "nothing-here.ipynb" were found.');
  assert.is(run(['--fix-type', 'problem', '.']).code, 2);
  assert.is(run(['--fix', '--fix-type', 'cosmetic', '.']).code, 2);
  assert.is(run(['--fix', '--fix-dry-run', '.']).code, 2);
});

test('--fix-dry-run: fixed text as output, problems left, file untouched; --fix writes it', () => {
  write('fix/nb.ipynb', readFileSync(path.join(dir, 'train.ipynb'), 'utf8'));
  try {
    checkFixes();
  } finally {
    rmSync(path.join(dir, 'fix'), { recursive: true });
  }
});

function checkFixes(): void {
  const before = readFileSync(path.join(dir, 'fix/nb.ipynb'), 'utf8');
  const dry = json(['fix/nb.ipynb', '--fix-dry-run']);
  const [res] = dry.results;
  assert.type(res.output, 'string');
  const fixedCells = JSON.parse(res.output).cells.map((c: { source: string | string[] }) => [c.source].flat().join(''));
  assert.ok(fixedCells.some((s: string) => s.includes('mlflow.log_metric("acc", 0.9)')), fixedCells.join('\n---\n'));
  assert.not.ok(res.messages.some((m: { ruleId: string }) => m.ruleId === 'no-run-log'));
  assert.is(readFileSync(path.join(dir, 'fix/nb.ipynb'), 'utf8'), before);

  // Rules of another type are not fixed.
  assert.not.ok('output' in json(['fix/nb.ipynb', '--fix-dry-run', '--fix-type', 'layout']).results[0]);

  const written = run(['fix/nb.ipynb', '--fix']);
  assert.ok(written.code === 0 || written.code === 1, written.stderr);
  assert.is(readFileSync(path.join(dir, 'fix/nb.ipynb'), 'utf8'), res.output);
  assert.not.match(written.stdout, 'no-run-log');
}

/** Runs the CLI in a folder of its own holding `files` (relative path → text). */
function inOwnFolder(files: Record<string, string>, check: (folder: string, cli: (args: string[]) => ReturnType<typeof run>) => void): void {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nblint-cli-own-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
  const cli = (args: string[]) => {
    const res = spawnSync(process.execPath, [BIN, ...args], { cwd: folder, env: baseEnv, encoding: 'utf8' });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  try {
    check(folder, cli);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('a v1 run group that --fix leaves alone is not "potentially fixable"', () => {
  const blocked = 'from azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "x")\n' +
    'run = exp.start_logging()\nrun.log("a", 1)\nrun.complete()\nexp.get_runs()\n';
  inOwnFolder({ 'blocked.py': blocked }, (_folder, cli) => {
    const stylish = cli(['blocked.py']);
    assert.match(stylish.stdout, /no-run-log\n/);
    assert.not.match(stylish.stdout, 'potentially fixable');
    const [result] = JSON.parse(cli(['-f', 'json', '--fix-dry-run', 'blocked.py']).stdout);
    assert.not.ok('output' in result);
  });
});

test('--fix keeps the suppressed problems of the fixed text (JSON suppressedMessages)', () => {
  const script = 'from azureml.core import Run, Workspace\nrun = Run.get_context()\nrun.log("acc", 0.9)  # nblint-disable-line no-run-log\n';
  inOwnFolder({ 'changed.py': script, 'unchanged.py': 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)  # nblint-disable-line\n' }, (folder, cli) => {
    const results = JSON.parse(cli(['-f', 'json', '--fix', '.']).stdout) as any[];
    assert.equal(results.map((r) => path.basename(r.filePath)), ['changed.py', 'unchanged.py']);
    assert.ok('output' in results[0] && !('output' in results[1]));
    for (const result of results) assert.equal(result.suppressedMessages.map((m: { ruleId: string }) => m.ruleId), ['no-run-log']);
    assert.match(readFileSync(path.join(folder, 'changed.py'), 'utf8'), /^from azureml\.core import Run\n/);
  });
});

test('--fix through a link and its target in one folder: fixed once, under the first path', () => {
  const nb = notebook('from azureml.core import Run\nrun = Run.get_context()', 'run.log("acc", 0.9)');
  inOwnFolder({ 'b/real/target.ipynb': nb }, (folder, cli) => {
    symlinkSync(path.join(folder, 'b/real/target.ipynb'), path.join(folder, 'b/link.ipynb'));
    const res = cli(['-f', 'json', '--fix', '.']);
    assert.not.match(res.stderr, 'changed on disk');
    const results = JSON.parse(res.stdout) as any[];
    assert.equal(results.map((r) => path.relative(folder, r.filePath)), ['b/link.ipynb']);
    assert.not.ok(results[0].messages.some((m: { ruleId: string }) => m.ruleId === 'no-run-log'));
    assert.match(readFileSync(path.join(folder, 'b/real/target.ipynb'), 'utf8'), 'mlflow.log_metric');
  });
});

test('a crashing rule is one problem on that file: the run goes on, --fix leaves the file alone, stack only with DEBUG=nblint', () => {
  write('crash/node_modules/nblint-plugin-crash/package.json', JSON.stringify({ name: 'nblint-plugin-crash', main: 'index.js' }));
  write(
    'crash/node_modules/nblint-plugin-crash/index.js',
    "module.exports = { meta: { name: 'nblint-plugin-crash', version: '1.0.0' }, rules: { boom: { meta: { type: 'problem', docs: { description: 'd', recommended: false }, messages: {} }, create(c) { return { Program() { if (c.file.text.includes('boom')) throw new Error('kaboom'); } }; } } } };",
  );
  write('crash/.nblintrc.json', JSON.stringify({ plugins: ['crash'], rules: { 'crash/boom': 'error' } }));
  const v1 = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';
  write('crash/a.py', `${v1}# boom\n`);
  write('crash/b.py', v1);
  try {
    const plain = run(['-f', 'json', '--fix', 'crash/']);
    assert.is(plain.code, 1);
    const [a, b] = JSON.parse(plain.stdout) as LintResult[];
    const crash = a.messages.find((m) => m.fatal)!;
    assert.is(crash.ruleId, 'crash/boom');
    assert.match(crash.message, "Rule 'crash/boom' crashed on this file (Error: kaboom)");
    assert.is(readFileSync(path.join(dir, 'crash/a.py'), 'utf8'), `${v1}# boom\n`);
    assert.match(readFileSync(path.join(dir, 'crash/b.py'), 'utf8'), 'mlflow.log_metric');
    assert.is(b.messages.filter((m) => m.fatal).length, 0);
    assert.not.match(plain.stderr, /\n\s+at /);
    const debug = run(['crash/a.py'], { DEBUG: 'nblint' });
    assert.is(debug.code, 1);
    assert.match(debug.stderr, /kaboom\n\s+at /);
  } finally {
    rmSync(path.join(dir, 'crash'), { recursive: true });
  }
});

test('--help and --version', () => {
  const help = run(['--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, '--max-warnings');
  assert.match(help.stdout, 'Examples:');
  const version = run(['--version']);
  assert.is(version.code, 0);
  assert.match(version.stdout, /^v\d+\.\d+\.\d+\n$/);
});

test('no paths: the current folder', () => {
  const { results } = json([]);
  assert.is(results.length, 4);
  assert.ok(existsSync(BIN));
});

test('--rule values: levn-style text, optional braces, quoted strings, numbers, later values win', () => {
  assert.equal(parseRuleOptions(['no-run-log: error']), { 'no-run-log': 'error' });
  assert.equal(parseRuleOptions(['{no-run-log: 1, acme/x: [warn, {n: 2, s: "a: b", ok: true, no: null}]}']), {
    'no-run-log': 1,
    'acme/x': ['warn', { n: 2, s: 'a: b', ok: true, no: null }],
  });
  assert.equal(parseRuleOptions(["string-metric-as-artifact: [error, {artifactFileTemplate: 'metrics/{name}.txt'}]"]), {
    'string-metric-as-artifact': ['error', { artifactFileTemplate: 'metrics/{name}.txt' }],
  });
  assert.equal(parseRuleOptions(['no-run-log: error', '{"no-run-log": "off"}']), { 'no-run-log': 'off' });
  for (const bad of ['no-run-log', 'no-run-log: [warn', 'a: 1 b: 2', '']) {
    assert.throws(() => parseRuleOptions([bad]), /Invalid value for option '--rule'/, bad);
  }
});

test('README: a table row and a section for every built-in rule', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const id of Object.keys(plugin.rules)) {
    assert.ok(readme.includes(`| [\`${id}\`](#${id}) |`), `README rule table lacks ${id}`);
    assert.ok(readme.includes(`### \`${id}\``), `README lacks a section for ${id}`);
  }
  const quickStart = readme.split('\n## ')[0];
  assert.match(quickStart, 'npm ci && npx nblint-mlflow notebooks-fixtures/\nnpm test\n');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
