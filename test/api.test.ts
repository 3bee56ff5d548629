// The programmatic API (`new NbLint(options)`, ESLint's shape) against the command line on real-shaped notebooks:
// same problems, the same fixed text, nothing written before outputFixes, and clear errors for wrong options.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidOptionsError, NbLint, TEXT_PATH, type LintResult } from '../lib/index.js';
import { BIN, FIXTURES, ROOT } from './helpers/paths.js';

// Fixtures with their after-fixtures: 1-space JSON with \u escapes, CRLF, magics and %%writefile, a string source.
const PAIRS = ['escaped-unicode', 'crlf-windows', 'magics-and-writefile', 'quickstart-diabetes'];
const SCRIPT = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n';
const FIXED_SCRIPT = 'import mlflow\nmlflow.log_metric("acc", 0.9)\n';

function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-api-'));
  mkdirSync(path.join(dir, 'notebooks'));
  for (const name of PAIRS) copyFileSync(path.join(FIXTURES, `${name}.ipynb`), path.join(dir, 'notebooks', `${name}.ipynb`));
  writeFileSync(path.join(dir, 'train.py'), SCRIPT);
  return dir;
}
const read = (file: string): string => readFileSync(file, 'utf8');
const fixedFixture = (name: string): string => read(path.join(FIXTURES, `${name}.fixed.ipynb`));
const cliJson = (cwd: string, args: string[]): LintResult[] =>
  JSON.parse(spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd, encoding: 'utf8' }).stdout) as LintResult[];
const positions = (results: LintResult[]) =>
  results.map((r) => ({ file: path.basename(r.filePath), problems: r.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`) }));

const dirs: string[] = [];
const tmp = (): string => {
  const dir = project();
  dirs.push(dir);
  return dir;
};
test.after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

test('lintFiles finds what the command line finds, sorted by path, with ESLint counts', async () => {
  const dir = tmp();
  const results = await new NbLint({ cwd: dir }).lintFiles(['notebooks/', 'train.py']);
  assert.equal(positions(results), positions(cliJson(dir, ['notebooks/', 'train.py'])));
  assert.equal(results.map((r) => path.basename(r.filePath)), [...PAIRS.map((n) => `${n}.ipynb`)].sort().concat('train.py'));
  const train = results.find((r) => r.filePath.endsWith('train.py'))!;
  assert.is(train.errorCount, train.messages.filter((m) => m.severity === 2).length);
  assert.ok(train.fixableErrorCount > 0);
});

test('fix: true returns the fixed text as output and writes nothing; outputFixes writes exactly that, keeping the mode', async () => {
  const dir = tmp();
  const before = PAIRS.map((name) => read(path.join(dir, 'notebooks', `${name}.ipynb`)));
  chmodSync(path.join(dir, 'train.py'), 0o640);
  const results = await new NbLint({ cwd: dir, fix: true }).lintFiles('.');
  PAIRS.forEach((name, i) => {
    assert.is(read(path.join(dir, 'notebooks', `${name}.ipynb`)), before[i], `${name} untouched before outputFixes`);
    const result = results.find((r) => r.filePath.endsWith(`${name}.ipynb`))!;
    assert.is(result.output, fixedFixture(name), `${name}: output is the after-fixture`);
  });
  const train = results.find((r) => r.filePath.endsWith('train.py'))!;
  assert.is(train.output, FIXED_SCRIPT);
  // The problems left are those of the fixed text, as --fix-dry-run reports them.
  assert.equal(positions(results), positions(cliJson(dir, ['.', '--fix-dry-run'])));

  await NbLint.outputFixes(results);
  for (const name of PAIRS) assert.is(read(path.join(dir, 'notebooks', `${name}.ipynb`)), fixedFixture(name));
  assert.is(read(path.join(dir, 'train.py')), FIXED_SCRIPT);
  assert.is(statSync(path.join(dir, 'train.py')).mode & 0o777, 0o640);
});

test('fixTypes limits the fixes to those rule types', async () => {
  const dir = tmp();
  const [result] = await new NbLint({ cwd: dir, fix: true, fixTypes: ['suggestion'] }).lintFiles('train.py');
  // Only suggestion-type rules (the unused-import, run-context removals) may change the script: run.log stays.
  assert.ok(result.output === undefined || result.output.includes('run.log("acc", 0.9)'));
  assert.ok(result.messages.some((m) => m.ruleId === 'no-run-log'));
});

test('lintText of a notebook JSON text with a filePath equals lintFiles of that file, and keeps the path', async () => {
  const dir = tmp();
  const nblint = new NbLint({ cwd: dir });
  const file = path.join(dir, 'notebooks', 'escaped-unicode.ipynb');
  const [fromText] = await nblint.lintText(read(file), { filePath: 'notebooks/escaped-unicode.ipynb' });
  const [fromFile] = await nblint.lintFiles(file);
  assert.is(fromText.filePath, file);
  assert.equal(fromText.messages, fromFile.messages);
  assert.ok(fromText.messages.some((m) => m.cell !== undefined), 'notebook positions name the cell');
});

test('lintText of a script without a filePath is "<text>"; fixes come back but outputFixes never writes them', async () => {
  const dir = tmp();
  const [result] = await new NbLint({ cwd: dir, fix: true }).lintText(SCRIPT);
  assert.is(result.filePath, TEXT_PATH);
  assert.is(result.output, FIXED_SCRIPT);
  await NbLint.outputFixes([result]);
  assert.is(read(path.join(dir, 'train.py')), SCRIPT);
});

test('lintText: a notebook text without a filePath is read as a notebook; invalid JSON is one fatal problem', async () => {
  const dir = tmp();
  const nblint = new NbLint({ cwd: dir });
  const [notebook] = await nblint.lintText(read(path.join(FIXTURES, 'crlf-windows.ipynb')));
  assert.ok(notebook.messages.some((m) => m.ruleId === 'no-run-log' && m.cell !== undefined));
  const [broken] = await nblint.lintText('{"cells": [', { filePath: 'broken.ipynb' });
  assert.is(broken.fatalErrorCount, 1);
  assert.match(broken.messages[0].message, /^Parsing error: /);
});

test('lintText on an ignored path: one warning result, or none with warnIgnored: false', async () => {
  const dir = tmp();
  writeFileSync(path.join(dir, '.nblintignore'), 'archive/\n');
  const nblint = new NbLint({ cwd: dir });
  const [warned] = await nblint.lintText(SCRIPT, { filePath: 'archive/old.py' });
  assert.is(warned.warningCount, 1);
  assert.match(warned.messages[0].message, /File ignored because of a matching ignore pattern/);
  assert.equal(await nblint.lintText(SCRIPT, { filePath: 'archive/old.py', warnIgnored: false }), []);
  assert.ok(await nblint.isPathIgnored('.venv/lib/x.py'));
  assert.not.ok(await new NbLint({ cwd: dir, ignore: false }).isPathIgnored('archive/old.py'));
});

test('overrideConfig rules and overrideConfigFile apply as --rule and --config do', async () => {
  const dir = tmp();
  const off = new NbLint({ cwd: dir, overrideConfig: { rules: { 'no-run-log': 'off' } } });
  const [result] = await off.lintFiles('train.py');
  assert.not.ok(result.messages.some((m) => m.ruleId === 'no-run-log'));
  writeFileSync(path.join(dir, 'strict.json'), JSON.stringify({ rules: { 'no-v1-run-context': 'error' } }));
  const config = (await new NbLint({ cwd: dir, overrideConfigFile: 'strict.json' }).calculateConfigForFile('train.py')) as {
    rules: Record<string, unknown[]>;
  };
  assert.equal(config.rules['no-v1-run-context'][0], 'error');
});

test('loadFormatter: the formats of -f, with the rules of the run; an unknown name lists the formats', async () => {
  const dir = tmp();
  const nblint = new NbLint({ cwd: dir });
  const results = await nblint.lintFiles('train.py');
  const json = JSON.parse((await nblint.loadFormatter('json')).format(results)) as LintResult[];
  assert.is(json[0].messages.length, results[0].messages.length);
  const sarif = JSON.parse((await nblint.loadFormatter('sarif')).format(results)) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
  assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === 'no-run-log'));
  assert.match((await nblint.loadFormatter()).format(results), /train\.py/);
  assert.ok(Object.keys(nblint.getRulesMetaForResults(results)).includes('no-run-log'));
  try {
    await nblint.loadFormatter('html5');
    assert.unreachable('unknown formatter');
  } catch (error) {
    assert.match((error as Error).message, /formatter "html5".*Available formats: stylish, json, sarif, github/);
  }
});

test('options are validated: every wrong option is named, fix must be a boolean, fixTypes needs fix', () => {
  const invalid = (options: unknown): string => {
    try {
      new NbLint(options as never);
    } catch (error) {
      assert.instance(error, InvalidOptionsError);
      return (error as Error).message;
    }
    throw new Error('no error');
  };
  const message = invalid({ fix: 'write', fixDryRun: true, cwd: 'relative/dir' });
  assert.match(message, /^Invalid Options:\n/);
  assert.match(message, /- Unknown option 'fixDryRun'\. Known options: cwd, /);
  assert.match(message, /- 'fix' must be boolean\./);
  assert.match(message, /- 'cwd' must be an absolute path \(got "relative\/dir"\)\./);
  assert.match(invalid({ fixTypes: ['problem'] }), /'fixTypes' needs 'fix: true'/);
  assert.match(invalid({ fix: true, fixTypes: ['style'] }), /'fixTypes\[0\]' must be one of problem, suggestion, layout, directive\./);
  assert.match(invalid({ overrideConfig: { rules: {}, plugins: [] } }), /'overrideConfig' has an unknown key 'plugins'/);
  assert.match(invalid('fix'), /options must be an object \(got string\)/);
  assert.not.throws(() => new NbLint());
  assert.not.throws(() => new NbLint({ fix: false, ignore: true, ignorePatterns: ['a/'], warnIgnored: false }));
});

test('lintText and lintFiles reject wrong arguments with a message', async () => {
  const nblint = new NbLint({ cwd: tmp() });
  for (const call of [() => nblint.lintText(42 as never), () => nblint.lintText('x = 1', { file: 'a.py' } as never), () => nblint.lintFiles([''])]) {
    try {
      await call();
      assert.unreachable('should throw');
    } catch (error) {
      assert.match((error as Error).message, /'code' must be a string|Unknown lintText option 'file'|'patterns' must be/);
    }
  }
});

test('README: the API example runs as documented (fixes written by outputFixes, report printed)', () => {
  const readme = read(path.join(ROOT, 'README.md'));
  const section = readme.slice(readme.indexOf('\n## API\n'));
  const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(example, 'README.md has a ```js block in its API section');
  const dir = tmp();
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(ROOT, path.join(dir, 'node_modules', 'nblint-mlflow'), 'dir');
  writeFileSync(path.join(dir, 'example.mjs'), example);
  const run = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  for (const name of PAIRS) assert.is(read(path.join(dir, 'notebooks', `${name}.ipynb`)), fixedFixture(name), `${name} fixed on disk`);
  assert.match(run.stdout, /notebooks[\\/]quickstart-diabetes\.ipynb/);
  assert.ok(run.stdout.includes(FIXED_SCRIPT), 'the lintText fix is printed');
});

test.run();
