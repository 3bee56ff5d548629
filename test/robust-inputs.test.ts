// Inputs shaped to break a linter (issue 12): depth and size in every dimension. Each must give a normal result,
// no crash problem, and the code that a short version of the same input fixes must still be found there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countProblems, createResolver, lintFiles } from '../lib/lint-files.js';
import { fixFile } from '../lib/fix/fixer.js';
import { loadText } from '../lib/notebook/load.js';
import { MAX_CELLS, MAX_CODE_CHARS } from '../lib/limits.js';
import { BIN } from './helpers/paths.js';
import { getFormatter } from '../lib/formatters/index.js';
import type { LintResult, LoadedFile, ResolvedConfig } from '../lib/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-robust-'));
const V1 = 'from azureml.core import Run\nrun = Run.get_context()\n';
const notebook = (...cells: string[]): string =>
  JSON.stringify(
    {
      cells: cells.map((source, i) =>
        source.startsWith('#md ')
          ? { cell_type: 'markdown', id: `m${i}`, metadata: {}, source: source.slice(4) }
          : { cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) },
      ),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );

async function lint(name: string, text: string, format?: string): Promise<{ result: LintResult; output?: string }> {
  writeFileSync(path.join(dir, name), text);
  const { results, rulesMeta } = await lintFiles([name], { cwd: dir, useConfigLookup: false, keepSource: format !== undefined });
  const [result] = results;
  const crashes = result.messages.filter((m) => m.fatal && !/^Parsing error/.test(m.message));
  assert.equal(crashes.map((m) => m.message), [], `${name}: no crash problem`);
  const output = format ? getFormatter(format)(results, { cwd: dir, rulesMeta, color: false, toolVersion: '0' }) : undefined;
  return { result, output };
}

function loaded(text: string): LoadedFile {
  const result = loadText(text, path.join(dir, 'nb.ipynb'), 'nb.ipynb');
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

const configFor = async (cwd: string): Promise<ResolvedConfig> => (await createResolver({ cwd, useConfigLookup: false })).forFile(path.join(cwd, 'nb.ipynb'));

const ruleIds = (result: LintResult): (string | null)[] => result.messages.map((m) => m.ruleId);
const aliasChain = (n: number): string => 'r0 = run\n' + Array.from({ length: n }, (_, i) => `r${i + 1} = r${i}\n`).join('') + `r${n}.log("a", 1)\n`;

test('an alias chain of 5 is followed; one of 3,000 is not followed (unknown run), without a crash', async () => {
  assert.ok(ruleIds((await lint('short.py', V1 + aliasChain(5))).result).includes('no-run-log'));
  for (const name of ['long.py', 'long.ipynb']) {
    const text = name.endsWith('.py') ? V1 + aliasChain(3000) : notebook(V1, aliasChain(3000));
    assert.not.ok(ruleIds((await lint(name, text)).result).includes('no-run-log'));
  }
});

test('an Experiment alias chain of 3,000 does not crash no-v1-experiment', async () => {
  const chain = 'e0 = Experiment(ws, "x")\n' + Array.from({ length: 3000 }, (_, i) => `e${i + 1} = e${i}\n`).join('') + 'r = e3000.start_logging()\nr.log("a", 1)\n';
  await lint('exp.py', 'from azureml.core import Experiment\n' + chain);
});

test('invalid JSON nested 100,000 deep is one parsing error at the end of the file', async () => {
  const { result } = await lint('deep.ipynb', '{"cells": ' + '['.repeat(100_000));
  assert.equal(result.messages.map((m) => [m.line, m.column]), [[1, 100_011]]);
  assert.match(result.messages[0].message, 'unexpected end of file');
});

test('2,000 nested `with` blocks and 1,000 nested `if`s in a notebook are linted', async () => {
  const withs = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}with open("f${i}") as f${i}:\n`).join('') + `${' '.repeat(2000)}run.log("a", 1)\n`;
  assert.ok(ruleIds((await lint('with.ipynb', notebook(V1, withs))).result).includes('no-run-log'));
  const ifs = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('') + `${' '.repeat(1000)}run.log("a", 1)\n`;
  await lint('ifs.ipynb', notebook(V1, ifs));
});

test('deeply nested expressions (5,000 parentheses, 3,000 calls, a 30,000-term sum) do not crash a rule', async () => {
  await lint('parens.py', V1 + 'x = ' + '('.repeat(5000) + 'run' + ')'.repeat(5000) + '\nx.log("a", 1)\n');
  await lint('calls.py', V1 + 'run.log("a", ' + 'f('.repeat(3000) + '1' + ')'.repeat(3000) + ')\n');
  await lint('sum.ipynb', notebook(V1, 'run.log("a", ' + Array(30_000).fill('1').join(' + ') + ')\n'));
});

test("a cell nested too deeply for the parser's stack is a Parsing error there; the other cells are still linted", () => {
  // Lezer builds trees recursively; a small stack (as deep inside a caller) makes 100,000 brackets overflow it.
  const text = notebook('x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '\n', V1 + 'run.log("a", 1)\n');
  writeFileSync(path.join(dir, 'too-deep.ipynb'), text);
  // At the start of the cell's code: the line and column of `x = (((` in the file, just past its opening quote.
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('"x = ((')) + 1;
  const column = lines[line - 1]!.indexOf('"x = ((') + 2;
  const res = spawnSync(process.execPath, ['--stack-size=600', BIN, '--no-config-lookup', '-f', 'json', 'too-deep.ipynb'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.is(res.status, 1, res.stderr);
  const [result] = JSON.parse(res.stdout) as LintResult[];
  const parsing = result.messages.filter((m) => m.ruleId === null);
  assert.equal(parsing.map((m) => [m.line, m.column, m.message]), [[line, column, 'Parsing error: the code is nested too deeply to parse']]);
  assert.ok(result.messages.some((m) => m.ruleId === 'no-run-log'), 'the second cell is linted');
});

test('a markdown cell under 3,400 block quotes or 20,000 list bullets is linted', async () => {
  const fence = '```python\nrun.log("a", 1)\n```\n';
  await lint('quotes.ipynb', notebook(`#md ${'> '.repeat(3400)}${fence}`, V1));
  await lint('bullets.ipynb', notebook(`#md ${'* '.repeat(20_000)}${fence}`, V1));
});

test('3,000 run.log calls in one cell: every problem, with its fix, in json and sarif', async () => {
  const calls = Array.from({ length: 3000 }, (_, i) => `run.log("m${i}", ${i})\n`).join('');
  for (const format of ['json', 'sarif']) {
    const { result, output } = await lint('many.ipynb', notebook(V1 + calls), format);
    assert.is(result.messages.filter((m) => m.ruleId === 'no-run-log').length, 3000);
    const parsed = JSON.parse(output!);
    // ESLint's single-range fix is left out (fixOmitted) when it would carry more than 16 KiB of text.
    if (format === 'json') assert.is(parsed[0].messages.filter((m: { ruleId: string; fix?: unknown; fixOmitted?: string }) => m.ruleId === 'no-run-log' && (m.fix ?? m.fixOmitted)).length, 3000);
    else assert.is(parsed.runs[0].results.filter((r: { ruleId: string; fixes?: unknown[] }) => r.ruleId === 'no-run-log' && r.fixes?.length).length, 3000);
  }
});

test('a %pip line with 100,000 packages is read, and --fix rewrites it keeping every package', () => {
  const pip = `%pip install ${Array.from({ length: 100_000 }, (_, i) => `pkg${i}`).join(' ')} azureml-core\n`;
  writeFileSync(path.join(dir, 'pip.ipynb'), notebook(pip, V1 + 'run.log("a", 1)\n'));
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix', '-f', 'json', 'pip.ipynb'], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
  assert.is(res.status, 0, res.stderr);
  const [fixedPip] = (JSON.parse(readFileSync(path.join(dir, 'pip.ipynb'), 'utf8')) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));
  assert.ok(fixedPip.startsWith('%pip install pkg0 pkg1 ') && fixedPip.includes(' pkg99999 '), fixedPip.slice(-200));
  assert.not.ok(fixedPip.includes('azureml-core'));
});

test(`a notebook of ${MAX_CELLS + 1} cells (one past the limit) is one problem, and --fix leaves it as it is`, () => {
  const cells = [V1 + 'run.log("a", 1)\n', ...Array<string>(MAX_CELLS).fill('x = 1\n')];
  const text = notebook(...cells);
  writeFileSync(path.join(dir, 'cells.ipynb'), text);
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix', '-f', 'json', 'cells.ipynb'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.is(res.status, 1, res.stderr);
  const [result] = JSON.parse(res.stdout) as LintResult[];
  assert.equal(result.messages.map((m) => m.message), [`Parsing error: the notebook has too many cells (${MAX_CELLS + 1}; the limit is ${MAX_CELLS}); it is not linted`]);
  assert.ok(readFileSync(path.join(dir, 'cells.ipynb'), 'utf8') === text);
});

test(`code past ${MAX_CODE_CHARS} characters (a script, or cells together) is one problem, not parsed, and --fix leaves it; at the limit it is linted`, () => {
  const code = V1 + 'run.log("a", 1)\n';
  const padded = (length: number): string => code + '#' + 'x'.repeat(length - code.length - 2) + '\n'; // one long comment: cheap to parse
  const cellsOver = notebook(code, '#' + 'x'.repeat(MAX_CODE_CHARS / 2) + '\n', '#' + 'x'.repeat(MAX_CODE_CHARS / 2) + '\n');
  writeFileSync(path.join(dir, 'at.py'), padded(MAX_CODE_CHARS));
  writeFileSync(path.join(dir, 'over.py'), padded(MAX_CODE_CHARS + 1));
  writeFileSync(path.join(dir, 'over.ipynb'), cellsOver);
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix-dry-run', '-f', 'json', 'at.py', 'over.py', 'over.ipynb'], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  assert.is(res.status, 1, res.stderr);
  const results = JSON.parse(res.stdout) as LintResult[];
  const byName = Object.fromEntries(results.map((r) => [path.basename(r.filePath), r]));
  assert.ok(byName['at.py'].messages.some((m) => m.ruleId === 'no-run-log'), 'at the limit the file is linted');
  // Its fixes (import mlflow) would take it past the limit: none is kept, and none is counted as fixable.
  assert.match(res.stderr, 'at.py: the fixed text would have too much code to parse; no fix was kept');
  assert.equal([(byName['at.py'] as LintResult & { output?: string }).output, byName['at.py'].fixableErrorCount + byName['at.py'].fixableWarningCount], [undefined, 0]);
  const refused = (length: number) => `Parsing error: the file has too much code to parse (${length.toLocaleString('en-US')} characters; the limit is ${MAX_CODE_CHARS.toLocaleString('en-US')}); it is not linted`;
  assert.equal(byName['over.py'].messages.map((m) => m.message), [refused(MAX_CODE_CHARS + 1)]);
  assert.equal(byName['over.ipynb'].messages.map((m) => m.message), [refused(code.length + MAX_CODE_CHARS + 4)]);
  assert.is((byName['over.py'] as LintResult & { output?: string }).output, undefined, '--fix would not change it');
  const fixed = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix', 'over.py', 'over.ipynb'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.is(fixed.status, 1, fixed.stderr);
  assert.ok(readFileSync(path.join(dir, 'over.py'), 'utf8') === padded(MAX_CODE_CHARS + 1));
  assert.ok(readFileSync(path.join(dir, 'over.ipynb'), 'utf8') === cellsOver);
});

test('a fix that would add a cell past the cell limit is held back with a note; the other fixes apply', async () => {
  const file = loaded(notebook(V1 + 'run.log("a", 1)\n', 'x = 1\n'));
  const config = await configFor(dir);
  const atLimit = fixFile(file, config, { maxCells: 2 });
  const sources = (JSON.parse(atLimit.output) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));
  assert.equal(sources, ['import mlflow\nmlflow.log_metric("a", 1)\n', 'x = 1\n']);
  assert.equal(atLimit.reverted, ['a fix that adds a cell was not applied: the notebook would have more than 2 cells, the limit past which it is not linted']);
  assert.is(JSON.parse(fixFile(file, config, { maxCells: 3 }).output).cells.length, 3); // the %pip cell, below the limit
});

test('a fix held back at the cell limit is not counted as fixable after --fix (another --fix would hold it back too)', async () => {
  const file = loaded(notebook(V1 + 'run.log("a", 1)\n', 'x = 1\n'));
  const config = await configFor(dir);
  const summary = (messages: LintResult['messages']) => {
    const result = countProblems({ filePath: file.path, displayPath: 'nb.ipynb', messages, suppressedMessages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 });
    return { problems: result.errorCount + result.warningCount, fixable: result.fixableErrorCount + result.fixableWarningCount };
  };
  const atLimit = fixFile(file, config, { maxCells: 2 });
  const held = atLimit.messages.filter((m) => m.fix === undefined && m.ruleId !== null);
  assert.ok(held.length > 0, 'the problem whose fix adds the %pip cell is still reported');
  assert.equal(summary(atLimit.messages), { problems: atLimit.messages.length, fixable: 0 });
  // Below the limit the same problem is fixed, so nothing fixable is left either; before fixing it was fixable.
  assert.equal(summary(fixFile(file, config, { maxCells: 3 }).messages).fixable, 0);
  const before = fixFile(file, config, { maxCells: 2, fixTypes: [] }).messages;
  assert.ok(summary(before).fixable >= held.length, 'with no fix type chosen nothing is held back: the fixes stay fixable');
});

test.run();
