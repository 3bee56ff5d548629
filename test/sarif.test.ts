// -f sarif: schema-valid SARIF 2.1.0 whose regions land on the reported code in the raw notebook, with
// GitHub's line hashes (stable when cells are inserted above) and fixes that write what --fix writes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import noRunLog from '../rules/no-run-log.js';
import { rawFixOf } from '../lib/fix/raw-fix.js';
import { lintFiles } from '../lib/lint-files.js';
import type { FormatterContext } from '../lib/formatters/index.js';
import { hashLines, lineHashes } from '../lib/formatters/line-hash.js';
import { json } from '../lib/formatters/json.js';
import { buildSarifLog, pascalCase, sarifFormatter, sarifLimitWarnings } from '../lib/formatters/sarif.js';
import { applyFixesOnce } from '../lib/fix/apply.js';
import { renderFixed } from '../lib/fix/writer.js';
import { loadText } from '../lib/notebook/load.js';
import { locateOrigin } from '../lib/positions.js';
import type { LintFix, LintMessage, LintResult, LoadedFile, RuleMeta } from '../lib/types.js';
import { FIXTURES, fixture } from './helpers/paths.js';
import { offsetOf } from './helpers/lines.js';

// The SARIF 2.1.0 schema as published on SchemaStore (draft-04), shipped by Microsoft's @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
// A CommonJS module: under NodeNext its default import is module.exports, whose `default` is the class.
const Ajv = AjvDraft04.default;
const validate = new Ajv({
  allErrors: true,
  strict: false,
  // The schema's `language` pattern is not a valid Unicode-mode regular expression.
  unicodeRegExp: false,
  formats: {
    uri: (s: string) => URL.canParse(s),
    'uri-reference': (s: string) => URL.canParse(s, 'file:///base/'),
    'date-time': (s: string) => !Number.isNaN(Date.parse(s)),
  },
}).compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `SARIF does not validate: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}

// ───────────── a real-shaped repository: .git, a notebook in a subfolder, cwd inside it ─────────────

const repo = mkdtempSync(path.join(tmpdir(), 'nblint-sarif-'));
mkdirSync(path.join(repo, '.git'));
mkdirSync(path.join(repo, 'notebooks', 'exp 1'), { recursive: true });
const cwd = path.join(repo, 'notebooks');

type Cell = { cell_type: 'code' | 'markdown'; source: string[]; id: string };

const code = (id: string, ...lines: string[]): Cell => ({ cell_type: 'code', id, source: lines });
const markdown = (id: string, ...lines: string[]): Cell => ({ cell_type: 'markdown', id, source: lines });

const BASE_CELLS: Cell[] = [
  markdown('intro', '# Train\n', 'Logs to Azure ML.'),
  code('setup', 'from azureml.core import Run\n', 'run = Run.get_context()'),
  // Non-ASCII and a quote before the call on the same line: raw columns differ from cell columns.
  code('train', 'for epoch in range(3):\n', '    note = "Genauigkeit für 😀"; run.log("accuracy", 0.9)\n', 'run.log("loss", 0.1)'),
];

/** Notebook JSON as Jupyter writes it: indent 1, non-ASCII as \u escapes (Python's ensure_ascii). */
function notebookText(cells: Cell[]): string {
  const nb = {
    cells: cells.map((c) => (c.cell_type === 'code' ? { ...c, execution_count: null, metadata: {}, outputs: [] } : { ...c, metadata: {} })),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function loadNotebook(cells: Cell[], rel = 'notebooks/exp 1/train.ipynb'): LoadedFile {
  const abs = path.join(repo, rel);
  const text = notebookText(cells);
  writeFileSync(abs, text);
  const loaded = loadText(text, abs, path.relative(cwd, abs));
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.file;
}

/** A no-run-log problem at every `run.log(` in the code cells, fixed to mlflow.log_metric, as the rule reports it. */
function runLogProblems(file: LoadedFile): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const cell of file.cells) {
    if (cell.cellType !== 'code') continue;
    for (const match of cell.source.matchAll(/run\.log\("(\w+)", [\d.]+\)/g)) {
      const start = match.index!;
      const end = start + match[0].length;
      messages.push({
        ruleId: 'no-run-log',
        severity: 2,
        message: `Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("${match[1]}", ...) instead.`,
        ...locateOrigin(file, cell.index, [start, end]),
        fix: { edits: [{ cellIndex: cell.index, start, end: start + 'run.log'.length, text: 'mlflow.log_metric' }] },
      });
    }
  }
  return messages;
}

function resultOf(file: LoadedFile, messages: LintMessage[]): LintResult {
  return {
    filePath: file.path,
    displayPath: file.displayPath,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount: messages.filter((m) => m.fix && m.severity === 2).length,
    fixableWarningCount: messages.filter((m) => m.fix && m.severity === 1).length,
    source: file.text,
    file,
  };
}

const RULES_META: Record<string, RuleMeta> = {
  'no-run-log': noRunLog.meta,
  'no-v1-experiment': { type: 'suggestion', docs: { description: 'Replace Experiment.', recommended: true }, messages: {} },
};
const CTX: FormatterContext = { cwd, rulesMeta: RULES_META, color: false, toolVersion: '0.1.0' };

function sarifFor(results: LintResult[], extra: Partial<FormatterContext & { sarifCategory: string }> = {}): Sarif.Log {
  const text = sarifFormatter(results, { ...CTX, ...extra });
  return JSON.parse(text) as Sarif.Log;
}

const file = loadNotebook(BASE_CELLS);
const messages = runLogProblems(file);
const log = sarifFor([resultOf(file, messages)]);
const run = log.runs[0];

// ───────────── tests ─────────────

test('the fixture has two run.log calls, in cell 3 (sanity of the hand-made problems)', () => {
  assert.is(messages.length, 2);
  assert.equal(messages.map((m) => [m.cell, m.cellLine]), [[3, 2], [3, 3]]);
  // The non-ASCII text before the first call makes raw and cell columns differ.
  assert.ok(messages[0].column > messages[0].cellColumn! + 4);
});

test('validates against the SARIF 2.1.0 schema', () => {
  assertValid(log);
  assert.is(log.version, '2.1.0');
});

test('tool.driver: name, version, rules for every enabled rule with help from the rule docs', () => {
  const driver = run.tool.driver;
  assert.is(driver.name, 'nblint-mlflow');
  assert.is(driver.semanticVersion, '0.1.0');
  assert.ok(driver.informationUri);
  assert.equal(driver.rules!.map((r) => r.id), ['no-run-log', 'no-v1-experiment']);
  const rule = driver.rules![0];
  assert.is(rule.name, 'NoRunLog');
  assert.is(rule.shortDescription!.text, 'Replace Azure ML SDK v1 `run.log(name, value)` with `mlflow.log_metric(name, value)`.');
  assert.is(rule.fullDescription!.text.startsWith(noRunLog.meta.docs.description), true);
  assert.ok(rule.help!.markdown!.includes('```python\n' + noRunLog.meta.docs.example!.before + '\n```'));
  assert.ok(rule.help!.markdown!.includes('```python\n' + noRunLog.meta.docs.example!.after + '\n```'));
  assert.ok(rule.help!.text.includes('    mlflow.log_metric("accuracy", accuracy_score(y_test, y_pred))'));
  assert.is(rule.helpUri, noRunLog.meta.docs.url);
  assert.is(rule.defaultConfiguration!.level, 'error');
  assert.equal(rule.properties, { tags: ['azureml-sdk-v1', 'mlflow', 'migration', 'problem'], precision: 'very-high', 'problem.severity': 'error' });
  const suggestion = driver.rules![1];
  assert.equal(suggestion.properties!.tags, ['azureml-sdk-v1', 'mlflow', 'migration', 'suggestion']);
  assert.is(suggestion.properties!.precision, 'high');
  assert.is(pascalCase('acme/log-wrapper'), 'AcmeLogWrapper');
});

test('each result: ruleIndex points at its rule, level, message names the cell and line in its first sentence', () => {
  assert.is(run.results!.length, 2);
  for (const result of run.results!) {
    assert.is(run.tool.driver.rules![result.ruleIndex!].id, result.ruleId);
    assert.is(result.level, 'error');
  }
  assert.is(run.results![0].message.text, 'Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("accuracy", ...) instead (cell 3, line 2).');
  assert.equal(run.results![1].properties, { cell: 3, cellId: 'train', cellLine: 3, cellColumn: 1, cellEndLine: 3, cellEndColumn: 21 });
});

test('every region lands on the reported code, JSON-escaped, in the raw file (UTF-16 columns)', () => {
  assert.is(run.columnKind, 'utf16CodeUnits');
  const rawLines = file.text.split('\n');
  for (const [i, result] of run.results!.entries()) {
    const region = result.locations![0].physicalLocation!.region!;
    const message = messages[i];
    const cell = file.cells[message.cell! - 1];
    const startInCell = offsetOf(cell.source, message.cellLine!, message.cellColumn!);
    const endInCell = offsetOf(cell.source, message.cellEndLine!, message.cellEndColumn!);
    const reported = cell.source.slice(startInCell, endInCell);
    assert.is(region.startLine, region.endLine);
    const rawSlice = rawLines[region.startLine! - 1].slice(region.startColumn! - 1, region.endColumn! - 1);
    assert.is(JSON.parse(`"${rawSlice}"`), reported);
    assert.ok(reported.startsWith('run.log('));
  }
});

test('artifact URIs are relative to the repository root, under %SRCROOT%', () => {
  const location = run.results![0].locations![0].physicalLocation!.artifactLocation!;
  assert.equal(location, { uri: 'notebooks/exp%201/train.ipynb', uriBaseId: '%SRCROOT%', index: 0 });
  assert.equal(run.artifacts, [{ location: { uri: 'notebooks/exp%201/train.ipynb', uriBaseId: '%SRCROOT%' }, mimeType: 'application/x-ipynb+json' }]);
  const base = run.originalUriBaseIds!['%SRCROOT%'].uri!;
  assert.ok(base.startsWith('file:///') && base.endsWith('/'));
  assert.is(new URL(location.uri!, base).pathname, encodeURI(file.path));
});

test('primaryLocationLineHash is GitHub\'s hash of the start line', () => {
  for (const result of run.results!) {
    const line = result.locations![0].physicalLocation!.region!.startLine!;
    assert.is(result.partialFingerprints!.primaryLocationLineHash, lineHashes(file.text, [line]).get(line));
    assert.match(result.partialFingerprints!.primaryLocationLineHash, /^[0-9a-f]+:1$/);
  }
});

test('a finding keeps its fingerprint when an unrelated cell is inserted above it', () => {
  const moved = loadNotebook([
    BASE_CELLS[0],
    code('new', 'import numpy as np\n', 'print(np.arange(3))'),
    ...BASE_CELLS.slice(1),
  ]);
  const movedRun = sarifFor([resultOf(moved, runLogProblems(moved))]).runs[0];
  assert.is(movedRun.results!.length, run.results!.length);
  for (const [i, result] of movedRun.results!.entries()) {
    const before = run.results![i];
    assert.ok(result.locations![0].physicalLocation!.region!.startLine! > before.locations![0].physicalLocation!.region!.startLine!);
    assert.is(result.partialFingerprints!.primaryLocationLineHash, before.partialFingerprints!.primaryLocationLineHash);
  }
});

test('the line hash matches the test vectors of github/codeql-action src/fingerprints.test.ts', () => {
  const hashes = (text: string): string[] => {
    const out: string[] = [];
    hashLines(text, (line, hash) => {
      assert.is(line, out.length + 1);
      out.push(hash);
    });
    return out;
  };
  assert.equal(hashes(''), ['c129715d7a2bc9a3:1']);
  assert.equal(hashes(' a\nb\n  \t\tc\n d'), ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
  const greetings = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];
  assert.equal(hashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n'), greetings);
  assert.equal(hashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r'), greetings);
  assert.equal(hashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n'), greetings);
  assert.equal(hashes(' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n'), greetings);
  assert.equal(hashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End'), ['8b7cf3e952e7aeb2:1', 'b1ae1287ec4718d9:1', 'bff680108adb0fcc:1', 'c6805c5e1288b612:1', 'b86d3392aea1be30:1', 'e6ceba753e1a442:1']);
  assert.equal(hashes('Lorem ipsum dolor sit amet.\n'.repeat(10)), [
    ...[1, 2, 3, 4, 5, 6].map((n) => `a7f2ff13bc495cf2:${n}`),
    'a7f2ff1481e87703:1', 'a9cf91f7bbf1862b:1', '55ec222b86bcae53:1', 'cc97dc7b1d7d8f7b:1', 'c129715d7a2bc9a3:1',
  ]);
});

test('fixes: applying the SARIF replacement to the raw file gives what rawFixOf (--fix) gives', () => {
  for (const [i, result] of run.results!.entries()) {
    const [fix] = result.fixes!;
    const [change] = fix.artifactChanges;
    assert.equal(change.artifactLocation, result.locations![0].physicalLocation!.artifactLocation);
    const [replacement] = change.replacements;
    const deleted = replacement.deletedRegion;
    const start = offsetOf(file.text, deleted.startLine!, deleted.startColumn!);
    const end = offsetOf(file.text, deleted.endLine!, deleted.endColumn!);
    const viaSarif = file.text.slice(0, start) + replacement.insertedContent!.text + file.text.slice(end);
    const expected = rawFixOf(file, messages[i].fix!);
    const viaFix = file.text.slice(0, expected.range[0]) + expected.text + file.text.slice(expected.range[1]);
    assert.is(viaSarif, viaFix);
    // And that is a valid notebook with the call rewritten.
    const reloaded = loadText(viaSarif, file.path, file.displayPath);
    assert.ok(reloaded.ok && reloaded.file.cells[2].source.includes('mlflow.log_metric('));
  }
});

test('a file that could not be linted is a tool-execution notification, not a result', () => {
  const broken: LintResult = {
    ...resultOf(file, []),
    filePath: path.join(repo, 'notebooks', 'broken.ipynb'),
    displayPath: 'broken.ipynb',
    messages: [{ ruleId: null, severity: 2, fatal: true, message: 'the file is not valid JSON', line: 3, column: 5 }],
    fatalErrorCount: 1,
    errorCount: 1,
    source: undefined,
    file: undefined,
  };
  const withBroken = sarifFor([resultOf(file, messages), broken]);
  assertValid(withBroken);
  const [invocation] = withBroken.runs[0].invocations!;
  assert.is(invocation.executionSuccessful, false);
  assert.is(invocation.toolExecutionNotifications!.length, 1);
  const notification = invocation.toolExecutionNotifications![0];
  assert.is(notification.level, 'error');
  assert.ok(notification.message.text?.includes('not valid JSON'));
  assert.equal(notification.locations![0].physicalLocation!.artifactLocation, { uri: 'notebooks/broken.ipynb', uriBaseId: '%SRCROOT%', index: 1 });
  assert.is(withBroken.runs[0].results!.length, 2);
  assert.is(run.invocations![0].executionSuccessful, true);
});

test('automationDetails.id only from --sarif-category, in GitHub\'s "category/" form', () => {
  assert.is(run.automationDetails, undefined);
  assert.is(sarifFor([], { sarifCategory: 'nblint-mlflow' }).runs[0].automationDetails!.id, 'nblint-mlflow/');
  assert.is(sarifFor([], { sarifCategory: 'notebooks/' }).runs[0].automationDetails!.id, 'notebooks/');
  assertValid(sarifFor([], { sarifCategory: 'x' }));
});

test('a script: plain message, text/x-python artifact, no notebook properties', () => {
  const abs = path.join(repo, 'train.py');
  const text = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.5)\n';
  writeFileSync(abs, text);
  const loaded = loadText(text, abs, '../train.py');
  assert.ok(loaded.ok);
  const script = (loaded as { file: LoadedFile }).file;
  const start = text.indexOf('run.log(');
  const message: LintMessage = { ruleId: 'no-run-log', severity: 1, message: 'Use mlflow.log_metric.', ...locateOrigin(script, -1, [start, start + 19]) };
  const scriptLog = buildSarifLog([resultOf(script, [message])], CTX);
  assertValid(scriptLog);
  const [result] = scriptLog.runs[0].results!;
  assert.is(result.message.text, 'Use mlflow.log_metric.');
  assert.is(result.level, 'warning');
  assert.is(result.properties, undefined);
  assert.equal(result.locations![0].physicalLocation!.region, { startLine: 3, startColumn: 1, endLine: 3, endColumn: 20 });
  assert.equal(scriptLog.runs[0].artifacts![0], { location: { uri: 'train.py', uriBaseId: '%SRCROOT%' }, mimeType: 'text/x-python' });
});

test('warns when GitHub would reject or truncate the upload', () => {
  assert.equal(sarifLimitWarnings(JSON.stringify(log)), []);
  const many = (n: number): string => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: Array.from({ length: n }, () => ({ message: { text: 'm' } })) }] });
  assert.match(sarifLimitWarnings(many(25_001)).join('\n'), /25,000/);
  assert.match(sarifLimitWarnings(many(5_001)).join('\n'), /5,000/);
  // 12 MB of incompressible text (random base64) stays over 10 MB gzipped.
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const big = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: randomBytes(11 * 1024 * 1024).toString('base64') } }] }] });
  assert.match(sarifLimitWarnings(big).join('\n'), /MB gzipped/);
});

// ───────────── the real pipeline over the fixtures ─────────────

/** The decoded content of the JSON string that starts at `raw[0]` (a position inside a string token). */
function decodeJsonStringFrom(raw: string): string {
  let i = 0;
  while (i < raw.length && raw[i] !== '"') i += raw[i] === '\\' ? 2 : 1;
  return JSON.parse(`"${raw.slice(0, i)}"`) as string;
}

/** A replacement's deleted region as [start, end) offsets of `text`. */
function rangeOf(text: string, replacement: Sarif.Replacement): [number, number] {
  const deleted = replacement.deletedRegion;
  return [offsetOf(text, deleted.startLine!, deleted.startColumn!), offsetOf(text, deleted.endLine!, deleted.endColumn!)];
}

/**
 * Applies replacements as a SARIF viewer applies a set of fixes: in file order, an identical replacement (the
 * `import mlflow` that several fixes add) once; any other overlap is a failure.
 */
function applyReplacements(text: string, replacements: Sarif.Replacement[]): string {
  const edits = replacements
    .map((r) => ({ range: rangeOf(text, r), text: r.insertedContent!.text! }))
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = '';
  let at = 0;
  let previous: (typeof edits)[number] | undefined;
  for (const edit of edits) {
    const same = previous && previous.range[0] === edit.range[0] && previous.range[1] === edit.range[1] && previous.text === edit.text;
    if (same) continue;
    assert.ok(previous === undefined || edit.range[0] >= at, `replacements overlap at offset ${edit.range[0]}: ${JSON.stringify(edit.text).slice(0, 80)}`);
    out += text.slice(at, edit.range[0]) + edit.text;
    at = edit.range[1];
    previous = edit;
  }
  return out + text.slice(at);
}

function applyRawFix(file: LoadedFile, fix: LintFix): string {
  const { range, text } = rawFixOf(file, fix);
  return file.text.slice(0, range[0]) + text + file.text.slice(range[1]);
}

test('fixtures: valid SARIF, every region on the reported code, fixes as --fix writes them', async () => {
  const { results, rulesMeta } = await lintFiles(['.'], { cwd: FIXTURES, keepSource: true });
  const fixturesLog = buildSarifLog(results, { cwd: FIXTURES, rulesMeta, color: false, toolVersion: '0.1.0' });
  const jsonResults = JSON.parse(json(results, { cwd: FIXTURES, rulesMeta, color: false, toolVersion: '0.1.0' })) as LintResult[];
  const jsonPositions = new Map(results.flatMap((result, i) => result.messages.map((m, k) => [m, jsonResults[i].messages[k]] as const)));
  assertValid(fixturesLog);
  const [fixturesRun] = fixturesLog.runs;
  const alerts = results.flatMap((result) => result.messages.filter((m) => m.ruleId !== null && !m.fatal).map((message) => ({ result, message })));
  assert.is(fixturesRun.results!.length, alerts.length);
  assert.ok(alerts.length > 20, `only ${alerts.length} findings in the fixtures`);
  let notebookRegions = 0;
  let fixes = 0;
  for (const [i, sarifResult] of fixturesRun.results!.entries()) {
    const { result, message } = alerts[i];
    const file = result.file!;
    assert.is(sarifResult.ruleId, message.ruleId);
    assert.is(fixturesRun.tool.driver.rules![sarifResult.ruleIndex!].id, message.ruleId);
    const region = sarifResult.locations![0].physicalLocation!.region!;
    assert.ok(sarifResult.partialFingerprints!.primaryLocationLineHash);
    // -f json reports the same place (GitHub's and ESLint's line counts differ only at U+2028 / U+2029).
    if (!/[\u2028\u2029]/.test(file.text)) {
      const json = jsonPositions.get(message)!;
      assert.equal([region.startLine, region.startColumn, region.endLine, region.endColumn], [json.line, json.column, json.endLine, json.endColumn], `${result.displayPath} ${message.ruleId}`);
    }
    if (file.kind === 'notebook' && message.cellEndLine !== undefined) {
      const cell = file.cells[message.cell! - 1];
      const reported = cell.source.slice(
        offsetOf(cell.source, message.cellLine!, message.cellColumn!),
        offsetOf(cell.source, message.cellEndLine, message.cellEndColumn!),
      );
      const firstLine = reported.split(/\r?\n/)[0];
      const rawLine = file.text.split('\n')[region.startLine! - 1];
      const atColumn = decodeJsonStringFrom(rawLine.slice(region.startColumn! - 1));
      assert.ok(atColumn.startsWith(firstLine), `${result.displayPath} ${message.ruleId}: "${atColumn}" does not start with "${firstLine}"`);
      if (firstLine.length > 0) notebookRegions++;
    }
    const fixList = [message.fix, ...(message.suggestions ?? []).map((s) => s.fix)].filter((f): f is LintFix => f !== undefined);
    assert.is(sarifResult.fixes?.length ?? 0, fixList.length);
    for (const [k, fix] of fixList.entries()) {
      const { replacements } = sarifResult.fixes![k].artifactChanges[0];
      assert.is(applyReplacements(file.text, replacements), applyRawFix(file, fix), `${result.displayPath}: fix ${k} of ${message.ruleId}`);
      fixes++;
    }
  }
  assert.ok(notebookRegions > 10, `only ${notebookRegions} notebook regions checked`);
  assert.ok(fixes > 5, `only ${fixes} fixes checked`);
  const fatal = results.filter((r) => r.fatalErrorCount > 0).length;
  assert.ok(fatal > 0);
  assert.is(fixturesRun.invocations![0].toolExecutionNotifications!.filter((n) => n.level === 'error').length, fatal);
  assert.is(fixturesRun.invocations![0].executionSuccessful, false);
});

test('fixtures: applying every SARIF fix of a file at once writes what one --fix pass writes', async () => {
  const { results, rulesMeta } = await lintFiles(['.'], { cwd: FIXTURES, keepSource: true });
  const sarifResults = buildSarifLog(results, { cwd: FIXTURES, rulesMeta, color: false, toolVersion: '0.1.0' }).runs[0].results!;
  let next = 0;
  let files = 0;
  let multiPlace = 0;
  for (const result of results) {
    const alerts = result.messages.filter((m) => m.ruleId !== null && !m.fatal);
    const mine = sarifResults.slice(next, (next += alerts.length));
    if (!result.file) continue;
    // The fixes one --fix pass takes (they do not overlap; shared identical edits count once).
    const pass = applyFixesOnce(result.file, alerts);
    if (pass.appliedMessages.length === 0) continue;
    const replacements = pass.appliedMessages.flatMap((m) => mine[alerts.indexOf(m)].fixes![0].artifactChanges[0].replacements);
    multiPlace += pass.appliedMessages.filter((m) => mine[alerts.indexOf(m)].fixes![0].artifactChanges[0].replacements.length > 1).length;
    const onePass = renderFixed(result.file, pass.sources, pass.insertCells);
    assert.is(applyReplacements(result.file.text, replacements), onePass, result.displayPath);
    files++;
  }
  assert.ok(files >= 15, `only ${files} fixed files checked`);
  // Fixes that rewrite a call and add `import mlflow` elsewhere: one replacement per place, not one wide span.
  assert.ok(multiPlace >= 10, `only ${multiPlace} fixes with more than one replacement`);
});

test('a fix that adds `import mlflow` above the call is two replacements, each only what changes', () => {
  // (Each is the smallest replacement: the new line's text goes in right after the opening quote it shares.)
  const [firstCall] = messages;
  const importFix: LintFix = {
    edits: [...firstCall.fix!.edits, { cellIndex: 1, start: 0, end: 0, text: 'import mlflow\n' }],
  };
  const sarifLog = buildSarifLog([resultOf(file, [{ ...firstCall, fix: importFix }])], CTX);
  assertValid(sarifLog);
  const { replacements } = sarifLog.runs[0].results![0].fixes![0].artifactChanges[0];
  assert.equal(replacements.map((r) => r.insertedContent!.text), ['import mlflow\\n",\n    "', 'mlflow.log_metric']);
  assert.is(applyReplacements(file.text, replacements), applyRawFix(file, importFix));
});

test('a rule turned off in every configuration is not in tool.driver.rules; an enabled one without findings is', () => {
  const rules = (severities: Record<string, 0 | 1 | 2>) =>
    buildSarifLog([resultOf(file, messages)], { ...CTX, ruleSeverities: severities }).runs[0].tool.driver.rules!;
  assert.equal(rules({ 'no-run-log': 2 }).map((r) => r.id), ['no-run-log']);
  const both = rules({ 'no-run-log': 2, 'no-v1-experiment': 1 });
  assert.equal(both.map((r) => [r.id, r.defaultConfiguration!.level]), [['no-run-log', 'error'], ['no-v1-experiment', 'warning']]);
  // Results still point at their rule.
  const sarifLog = buildSarifLog([resultOf(file, messages)], { ...CTX, ruleSeverities: { 'no-v1-experiment': 1, 'no-run-log': 2 } });
  for (const r of sarifLog.runs[0].results!) assert.is(sarifLog.runs[0].tool.driver.rules![r.ruleIndex!].id, r.ruleId);
});

test('descriptions: the first sentence ends outside `code`, and fullDescription joins sentences with a full stop', () => {
  const meta: RuleMeta = {
    type: 'problem',
    fixable: 'code',
    docs: { description: 'Replace `Experiment(ws, name)`; `with ... as run:` keeps its shape. More detail here', recommended: true },
    messages: {},
  };
  const [rule] = buildSarifLog([], { ...CTX, rulesMeta: { 'no-v1-experiment': meta } }).runs[0].tool.driver.rules!;
  assert.is(rule.shortDescription!.text, 'Replace `Experiment(ws, name)`; `with ... as run:` keeps its shape.');
  assert.is(rule.fullDescription!.text, `${meta.docs.description}. Fixable with \`nblint-mlflow --fix\`.`);
});

test('a real notebook: fingerprints survive an unrelated cell inserted at the top', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nblint-fp-'));
  const nb = JSON.parse(readFileSync(fixture('quickstart-diabetes.ipynb'), 'utf8')) as { cells: object[] };
  const write = (name: string, cells: object[]): void => writeFileSync(path.join(dir, name), `${JSON.stringify({ ...nb, cells }, null, 1)}\n`);
  write('a.ipynb', nb.cells);
  write('b.ipynb', [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import numpy as np\n', 'print(np.arange(3))'] }, ...nb.cells]);
  const { results, rulesMeta } = await lintFiles(['a.ipynb', 'b.ipynb'], { cwd: dir, keepSource: true });
  const [a, b] = buildSarifLog(results, { cwd: dir, rulesMeta, color: false, toolVersion: '0.1.0' }).runs[0].results!.reduce(
    (byFile, r) => {
      byFile[r.locations![0].physicalLocation!.artifactLocation!.index!].push(r);
      return byFile;
    },
    [[], []] as Sarif.Result[][],
  );
  assert.ok(a.length >= 3);
  assert.is(b.length, a.length);
  for (const [i, before] of a.entries()) {
    const after = b[i];
    assert.is(after.ruleId, before.ruleId);
    assert.ok(after.locations![0].physicalLocation!.region!.startLine! > before.locations![0].physicalLocation!.region!.startLine!);
    assert.is(after.partialFingerprints!.primaryLocationLineHash, before.partialFingerprints!.primaryLocationLineHash);
  }
});

test.run();
