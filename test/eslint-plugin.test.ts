// nblint-mlflow/eslint run by ESLint itself (flat config, the plugin's languages and recommended config) over the
// fixtures: the problems are the CLI's at the same raw-file positions, `eslint --fix` writes byte for byte what
// `nblint-mlflow --fix` writes, and ESLint's JSON formatter and the SARIF formatter package work on the results.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import nblint from '../lib/eslint/index.js';
import builtinPlugin from '../rules/index.js';
import { BIN, FIXTURES, ROOT } from './helpers/paths.js';
import type { LintMessage } from '../lib/types.js';

const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PLUGIN = path.join(ROOT, 'dist', 'lib', 'eslint', 'index.js');
const SARIF_FORMATTER = path.join(ROOT, 'node_modules', '@microsoft', 'eslint-formatter-sarif', 'sarif.js');

interface CliResult {
  filePath: string;
  messages: LintMessage[];
  output?: string;
}

function cli(args: string[], cwd = ROOT): CliResult[] {
  const res = spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.ok(res.status === 0 || res.status === 1, res.stderr);
  return JSON.parse(res.stdout);
}

type Shown = Pick<LintMessage, 'ruleId' | 'severity' | 'message' | 'line' | 'column' | 'endLine' | 'endColumn'>;
const shown = (m: Shown): Shown => ({
  ruleId: m.ruleId?.replace(/^nblint-mlflow\//, '') ?? null,
  severity: m.severity,
  message: m.message,
  line: m.line,
  column: m.column,
  endLine: m.endLine,
  endColumn: m.endColumn,
});
const order = (a: Shown, b: Shown) => a.line - b.line || a.column - b.column || String(a.ruleId).localeCompare(String(b.ruleId)) || a.message.localeCompare(b.message);

const eslint = (options: ESLint.Options = {}) =>
  new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: nblint.configs.recommended as never, ...options });

// A cell's or script's Python `Parsing error` has no place in ESLint (it has fatal errors for whole files only): the
// CLI's are left out of the comparison (README, "ESLint").
const pythonParsingError = (m: LintMessage) => m.fatal === true && m.endLine !== undefined;
const cliResults = cli(['notebooks-fixtures']).map((r) => ({ ...r, messages: r.messages.filter((m) => !pythonParsingError(m)) }));
const files = cliResults.map((r) => r.filePath);

test('the plugin is the package export nblint-mlflow/eslint, with both languages and the adapted built-in rules', async () => {
  const exported = (await import('nblint-mlflow/eslint')).default;
  assert.is(exported, nblint);
  assert.equal(Object.keys(exported.languages), ['notebook', 'python']);
  assert.equal(Object.keys(exported.rules), Object.keys(builtinPlugin.rules));
});

test('ESLint finds the problems the CLI finds, at the same raw-file positions (broken files included)', async () => {
  assert.ok(files.length >= 30 && files.some((f) => f.endsWith('.py')) && files.some((f) => f.includes('broken')));
  const results = await eslint().lintFiles(files);
  const byFile = new Map(results.map((r) => [r.filePath, r]));
  let problems = 0;
  for (const expected of cliResults) {
    const actual = byFile.get(expected.filePath);
    assert.ok(actual, `ESLint did not lint ${expected.filePath}`);
    assert.equal(actual!.messages.map((m) => shown(m as unknown as Shown)).sort(order), expected.messages.map(shown).sort(order), expected.filePath);
    problems += expected.messages.length;
  }
  assert.ok(problems > 100);
});

test('eslint fix output is byte-identical to nblint-mlflow --fix output', async () => {
  const fixed = cli(['--fix-dry-run', 'notebooks-fixtures']);
  const results = await eslint({ fix: true }).lintFiles(files);
  const byFile = new Map(results.map((r) => [r.filePath, r]));
  let changed = 0;
  for (const expected of fixed) {
    assert.is(byFile.get(expected.filePath)!.output, expected.output, expected.filePath);
    if (expected.output !== undefined) changed++;
  }
  assert.ok(changed >= 10);
});

test('the eslint binary: --fix writes the files nblint-mlflow --fix writes; -f json and the SARIF formatter work', () => {
  const copy = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-eslint-'));
    cpSync(FIXTURES, path.join(dir, 'fixtures'), { recursive: true });
    writeFileSync(path.join(dir, 'eslint.config.mjs'), `import nblint from ${JSON.stringify(pathToFileURL(PLUGIN).href)};\nexport default [...nblint.configs.recommended];\n`);
    return dir;
  };
  const viaEslint = copy();
  const viaCli = copy();
  const eslintRun = (args: string[]) => spawnSync(process.execPath, [ESLINT_BIN, ...args], { cwd: viaEslint, encoding: 'utf8', maxBuffer: 1 << 26 });

  const json = eslintRun(['-f', 'json', 'fixtures']);
  assert.is(json.status, 1, json.stderr);
  const report = JSON.parse(json.stdout) as ESLint.LintResult[];
  assert.is(report.reduce((n, r) => n + r.messages.length, 0), cliResults.reduce((n, r) => n + r.messages.length, 0));

  const sarif = eslintRun(['-f', SARIF_FORMATTER, 'fixtures']);
  const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
  assert.is(log.version, '2.1.0');
  assert.ok(log.runs[0].results.some((r) => r.ruleId === 'nblint-mlflow/no-run-log'), sarif.stderr);

  eslintRun(['--fix', 'fixtures']);
  spawnSync(process.execPath, [BIN, '--fix', 'fixtures'], { cwd: viaCli, encoding: 'utf8' });
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const all = walk(path.join(viaCli, 'fixtures')).map((f) => path.relative(viaCli, f));
  let differs = 0;
  for (const rel of all) {
    const mine = readFileSync(path.join(viaEslint, rel));
    assert.ok(mine.equals(readFileSync(path.join(viaCli, rel))), rel);
    if (!mine.equals(readFileSync(path.join(FIXTURES, path.relative('fixtures', rel))))) differs++;
  }
  assert.ok(differs >= 10, `only ${differs} files were fixed`);
});

test('rule options reach the engine and a rule turned off in ESLint is left out, as with --rule', async () => {
  const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
  const [base] = await eslint().lintFiles([file]);
  assert.ok(base.messages.some((m) => m.ruleId === 'nblint-mlflow/no-run-log' && m.fix));
  const [suggestOnly] = await eslint({
    overrideConfig: [...(nblint.configs.recommended as never[]), { files: ['**/*.ipynb'], rules: { 'nblint-mlflow/no-run-log': ['error', { unknownValueType: 'suggest' }], 'nblint-mlflow/no-run-tag': 'off' } }] as never,
  }).lintFiles([file]);
  assert.not.ok(suggestOnly.messages.some((m) => m.ruleId === 'nblint-mlflow/no-run-tag'));
  const cliSuggest = cli(['--rule', 'no-run-log: [error, {unknownValueType: suggest}]', '--rule', 'no-run-tag: off', path.relative(ROOT, file)])[0];
  assert.equal(suggestOnly.messages.map((m) => shown(m as unknown as Shown)).sort(order), cliSuggest.messages.map(shown).sort(order));
});

test('a rule turned off in ESLint holds back its run\'s migration, as --rule off does in the CLI', async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nblint-eslint-off-'));
  const file = path.join(folder, 'train.py');
  const code = 'import mlflow\nfrom azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "e")\n' +
    'run = exp.start_logging()\nrun.log("a", 1)\nrun.tag("k", "v")\nrun.complete()\n';
  writeFileSync(file, code);
  const lint = (options: ESLint.Options) => eslint({ cwd: folder, fix: true, ...options }).lintText(code, { filePath: file });
  const [on] = await lint({});
  assert.match(on.output ?? '', /mlflow\.start_run\(\)/);
  const [result] = await lint({ overrideConfig: [...(nblint.configs.recommended as never[]), { rules: { 'nblint-mlflow/no-run-log': 'off' } }] as never });
  assert.is(result.output, undefined, 'nothing is fixed: run.log() would be left on an MLflow run');
  const [viaCli] = cli(['--rule', 'no-run-log: off', file]);
  assert.equal(result.messages.map((m) => shown(m as unknown as Shown)).sort(order), viaCli.messages.map(shown).sort(order));
  assert.ok(result.messages.some((m) => m.message.includes('(no-run-log) is not fixed: rule no-run-log is off')));
});

test('settings["nblint-mlflow"] are the engine settings: fixMarkdownCodeBlocks fixes as -c with that setting does', async () => {
  const file = path.join(FIXTURES, 'markdown-python-block.ipynb');
  const config = path.join(mkdtempSync(path.join(os.tmpdir(), 'nblint-eslint-settings-')), 'config.json');
  writeFileSync(config, JSON.stringify({ settings: { fixMarkdownCodeBlocks: true } }));
  const [withSetting] = cli(['--fix-dry-run', '-c', config, path.relative(ROOT, file)]);
  const [without] = cli(['--fix-dry-run', path.relative(ROOT, file)]);
  assert.is.not(withSetting.output, without.output);
  const [viaEslint] = await eslint({
    fix: true,
    overrideConfig: [...(nblint.configs.recommended as never[]), { settings: { 'nblint-mlflow': { fixMarkdownCodeBlocks: true } } }] as never,
  }).lintFiles([file]);
  assert.is(viaEslint.output, withSetting.output);
});

test.run();
