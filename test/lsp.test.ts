// The language server, driven over stdio by a real JSON-RPC client (vscode-jsonrpc): the problems it publishes
// per cell are the CLI's (-f json) at the same cell positions, its fix-all action gives the cells --fix gives,
// edits move the problems, and bad input never takes it down.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { applyAction, LspClient, type ClientCell } from './helpers/lsp-client.js';
import { BIN, FIXTURES, ROOT } from './helpers/paths.js';
import type { LintMessage } from '../lib/types.js';

const FIX_ALL = 'source.fixAll.nblint-mlflow';
const notebookUri = (file: string) => pathToFileURL(file).href;
const cellUri = (file: string) => (n: number) => `vscode-notebook-cell:${file}#C${n}`;

/** The notebook's cells as VS Code sends them (cell documents hold the joined source). */
function cellsOf(file: string): ClientCell[] {
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string | string[]; metadata?: Record<string, unknown> }[] };
  return notebook.cells.map((cell, i) => {
    const kind = cell.cell_type as ClientCell['kind'];
    const source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    return { kind, document: TextDocument.create(cellUri(file)(i), kind === 'code' ? 'python' : kind, 1, source), metadata: { metadata: cell.metadata ?? {} } };
  });
}

function cli(args: string[], cwd = ROOT): { filePath: string; messages: LintMessage[]; output?: string }[] {
  const res = spawnSync(process.execPath, [BIN, '-f', 'json', ...args], { cwd, encoding: 'utf8' });
  assert.ok(res.status === 0 || res.status === 1, res.stderr);
  return JSON.parse(res.stdout);
}

/** What a problem looks like to the editor: its cell, rule, severity, message and cell range (0-based). */
const shownCli = (m: LintMessage) => ({
  cell: m.cell! - 1,
  code: m.ruleId ?? undefined, // a Parsing error has no rule: its diagnostic has no code
  severity: m.severity === 2 ? 1 : 2,
  message: m.message,
  range: { start: { line: m.cellLine! - 1, character: m.cellColumn! - 1 }, end: { line: m.cellEndLine! - 1, character: m.cellEndColumn! - 1 } },
});
const shownLsp = (cell: number, d: Diagnostic) => ({ cell, code: d.code, severity: d.severity, message: d.message, range: d.range });
const order = (a: { cell: number; range: Diagnostic['range']; code?: unknown }, b: typeof a) =>
  a.cell - b.cell || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code));

const joined = (cells: ClientCell[]) => cells.map((c) => ({ kind: c.kind, source: c.document.getText() }));
const cellsOfText = (text: string) =>
  (JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] }).cells.map((c) => ({
    kind: c.cell_type,
    source: Array.isArray(c.source) ? c.source.join('') : c.source,
  }));

const notebooks = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.ipynb') && !name.endsWith('.fixed.ipynb'))
  .map((name) => path.join(FIXTURES, name));

let client: LspClient;
const opened = new Set<string>();

/** Opens a fixture notebook on the shared server once; its cells as the client holds them. */
async function open(file: string): Promise<ClientCell[]> {
  const cells = cellsOf(file);
  if (!opened.has(file)) await client.openNotebook(notebookUri(file), cells);
  opened.add(file);
  return cells;
}

test.before(async () => {
  client = await LspClient.start([ROOT], { debounceMs: 50, insertCells: true });
});
test.after(async () => {
  await client.stop();
});

test('fixtures: the problems published per cell are the CLI -f json problems at the same cell positions', async () => {
  assert.ok(notebooks.length >= 8);
  for (const file of notebooks) {
    const cells = await open(file);
    const shown = [];
    for (const [i, cell] of cells.entries()) {
      for (const d of await client.diagnostics(cell.document.uri)) shown.push(shownLsp(i, d));
    }
    const [expected] = cli([path.relative(ROOT, file)]);
    assert.ok(expected.messages.length > 0, file);
    assert.equal(shown.sort(order), expected.messages.map(shownCli).sort(order), path.basename(file));
  }
});

test('diagnostics carry the rule id, the source and a docs link', async () => {
  const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
  await open(file);
  const [d] = await client.diagnostics(cellUri(file)(5));
  assert.is(d.source, 'nblint-mlflow');
  assert.is(d.code, 'no-run-log');
  assert.match(d.codeDescription!.href, /#no-run-log$/);
});

test('fixtures: applying the fix-all action gives the cells --fix gives (inserted cells included)', async () => {
  let inserted = 0;
  for (const file of notebooks) {
    const cells = await open(file);
    const [action] = await client.codeActions(cells[0].document.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL]);
    const [fixed] = cli(['--fix-dry-run', path.relative(ROOT, file)]);
    if (fixed.output === undefined) {
      assert.is(action, undefined, path.basename(file));
      continue;
    }
    assert.is(action.kind, FIX_ALL);
    const after = applyAction(cells, action, cellUri(file));
    inserted += after.length - cells.length;
    assert.equal(joined(after), cellsOfText(fixed.output), path.basename(file));
  }
  assert.ok(inserted > 0, 'some fixture gets a new %pip cell');
});

test('quick fixes and suggestions of one problem are code actions on its cell', async () => {
  const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
  const uri = cellUri(file)(5);
  await open(file);
  const diagnostics = await client.diagnostics(uri);
  const stringMetric = diagnostics.find((d) => d.code === 'string-metric-as-artifact')!;
  const actions = await client.codeActions(uri, stringMetric.range, [stringMetric]);
  const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix!.diagnostics, [stringMetric]);
  const after = applyAction(cellsOf(file), fix!, cellUri(file));
  assert.match(after[5].document.getText(), /mlflow\.log_text\("ridge regression", "model\.txt"\)/);
  assert.ok(actions.some((a) => a.kind === FIX_ALL));
});

test('an edit moves the problems of its cell; rapid edits publish only the last version', async () => {
  const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
  const uri = notebookUri(file);
  const cells = await open(file);
  const before = await client.diagnostics(cells[5].document.uri);
  const untouched = await client.diagnostics(cells[3].document.uri);
  let version = 1;
  const mark = client.published.length;
  for (let i = 0; i < 5; i++) await client.editCell(uri, ++version, cells, 5, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# note\n' });
  const last = cells[5].document.version;
  const moved = await client.diagnostics(cells[5].document.uri, (p) => p.version === last, mark);
  assert.equal(moved.map((d) => d.range.start.line), before.map((d) => d.range.start.line + 5));
  assert.equal(await client.diagnostics(cells[3].document.uri, () => true, mark), untouched);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const later = client.published.slice(mark).filter((p) => p.uri === cells[5].document.uri);
  assert.ok(later.every((p) => p.version === last), `stale versions published: ${later.map((p) => p.version)}`);
});

test('cross-cell: renaming the run in one cell changes the problems of another', async () => {
  const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
  const uri = `${notebookUri(file)}?cross`;
  const cells = cellsOf(file).map((c, i) => ({ ...c, document: TextDocument.create(`${c.document.uri}-cross${i}`, c.document.languageId, 1, c.document.getText()) }));
  await client.openNotebook(uri, cells);
  assert.ok((await client.diagnostics(cells[5].document.uri)).some((d) => d.code === 'no-run-log'));
  const line = 2; // `run = experiment.start_logging()` in cell 4
  assert.match(cells[3].document.getText().split('\n')[line], /^run = /);
  const mark = client.published.length;
  await client.editCell(uri, 2, cells, 3, { range: { start: { line, character: 0 }, end: { line, character: 3 } }, newText: 'v1run' });
  const after = await client.diagnostics(cells[5].document.uri, () => true, mark);
  assert.not.ok(after.some((d) => d.code === 'no-run-log'), JSON.stringify(after));
});

test('bad input: a malformed notebook gets one diagnostic, garbage and a crashing rule do not stop the server', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-lsp-'));
  mkdirSync(path.join(dir, 'node_modules', 'nblint-plugin-crash'), { recursive: true });
  writeFileSync(
    path.join(dir, 'node_modules', 'nblint-plugin-crash', 'index.js'),
    `module.exports = { rules: { boom: { meta: { type: 'problem', docs: { description: 'crashes', recommended: false }, messages: {} },
      create: () => ({ CallExpression(node) { throw new Error('boom at ' + node.from); } }) } } };`,
  );
  writeFileSync(path.join(dir, '.nblintrc.json'), JSON.stringify({ plugins: ['crash'], rules: { 'crash/boom': 'error' } }));
  const own = await LspClient.start([dir], { debounceMs: 20 });
  try {
    // A notebook opened as text, not JSON: one problem at the JSON error.
    const broken = pathToFileURL(path.join(dir, 'broken.ipynb')).href;
    await own.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: broken, languageId: 'json', version: 1, text: '{"cells": [\n  {"cell_type": "code",' } });
    const [problem, ...rest] = await own.diagnostics(broken);
    assert.is(rest.length, 0);
    assert.match(String(problem.message), /^Parsing error: /);
    assert.is(problem.severity, 1);
    // Garbage: params of the wrong shape, an unknown method, a request with nonsense.
    await own.connection.sendNotification('notebookDocument/didOpen', { notebookDocument: 42 });
    await own.connection.sendNotification('notebookDocument/didChange', { notebookDocument: { uri: 'nowhere' }, change: { cells: 'x' } });
    await own.connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await own.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: 17 } }).catch(() => null);
    // A rule that throws: this notebook gets one problem naming it; the server goes on.
    const crashing = path.join(dir, 'crash.ipynb');
    const crashCells: ClientCell[] = [{ kind: 'code', document: TextDocument.create(cellUri(crashing)(0), 'python', 1, 'print(1)\n') }];
    await own.openNotebook(notebookUri(crashing), crashCells);
    const crashed = await own.diagnostics(crashCells[0].document.uri);
    assert.is(crashed.length, 1);
    assert.match(String(crashed[0].message), /Rule 'crash\/boom' crashed on this file \(Error: boom at \d+\)/);
    // And then a valid notebook, linted as usual.
    const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
    const cells = cellsOf(file);
    writeFileSync(path.join(dir, '.nblintrc.json'), '{}');
    await own.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.nblintrc.json')).href, type: 2 }] });
    await own.openNotebook(notebookUri(file), cells);
    assert.ok((await own.diagnostics(cells[5].document.uri)).some((d) => d.code === 'no-run-log'));
    assert.is(own.child.exitCode, null);
  } finally {
    await own.stop();
  }
});

test('a notebook opened as JSON text: raw-file positions as the CLI line/column, fix-all gives the --fix file', async () => {
  const file = path.join(FIXTURES, 'crlf-windows.ipynb');
  const uri = `${pathToFileURL(file).href}?as-text`; // the notebook itself is open as a notebook already
  const text = readFileSync(file, 'utf8');
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
  const shown = (await client.diagnostics(uri)).map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1]);
  const [expected] = cli([path.relative(ROOT, file)]);
  assert.equal(shown, expected.messages.map((m) => [m.ruleId, m.line, m.column]));
  const [action] = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL]);
  const [fixed] = cli(['--fix-dry-run', path.relative(ROOT, file)]);
  const edit = action.edit!.documentChanges![0] as { edits: { range: Diagnostic['range']; newText: string }[] };
  assert.is(TextDocument.applyEdits(TextDocument.create(uri, 'json', 1, text), edit.edits), fixed.output);
});

test('a cell removed from a notebook has its problems cleared', async () => {
  const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
  const uri = `${notebookUri(file)}?remove`;
  const cells = cellsOf(file).map((c, i) => ({ ...c, document: TextDocument.create(`${c.document.uri}-remove${i}`, c.document.languageId, 1, c.document.getText()) }));
  await client.openNotebook(uri, cells);
  assert.ok((await client.diagnostics(cells[5].document.uri)).length > 0);
  const mark = client.published.length;
  await client.connection.sendNotification('notebookDocument/didChange', {
    notebookDocument: { uri, version: 2 },
    change: { cells: { structure: { array: { start: 5, deleteCount: 1 }, didClose: [{ uri: cells[5].document.uri }] } } },
  });
  assert.equal(await client.diagnostics(cells[5].document.uri, () => true, mark), []);
});

test('configuration as the CLI finds it: .nblintrc.json of the folder applies, a .nblintignore-d notebook gets no problems', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-lsp-config-'));
  const quickstart = readFileSync(path.join(FIXTURES, 'quickstart-diabetes.ipynb'), 'utf8');
  mkdirSync(path.join(dir, 'sub'));
  mkdirSync(path.join(dir, 'skipped'));
  writeFileSync(path.join(dir, 'sub', 'nb.ipynb'), quickstart);
  writeFileSync(path.join(dir, 'skipped', 'nb.ipynb'), quickstart);
  writeFileSync(path.join(dir, 'sub', '.nblintrc.json'), JSON.stringify({ rules: { 'no-run-log': 'off', 'no-v1-experiment': 'warn' } }));
  writeFileSync(path.join(dir, '.nblintignore'), 'skipped/\n');
  const own = await LspClient.start([dir], { debounceMs: 20 });
  try {
    const file = path.join(dir, 'sub', 'nb.ipynb');
    const cells = cellsOf(file);
    await own.openNotebook(notebookUri(file), cells);
    const shown = [];
    for (const [i, cell] of cells.entries()) for (const d of await own.diagnostics(cell.document.uri)) shown.push(shownLsp(i, d));
    const [expected] = cli(['sub/nb.ipynb'], dir);
    assert.ok(expected.messages.some((m) => m.ruleId === 'no-v1-experiment' && m.severity === 1));
    assert.not.ok(expected.messages.some((m) => m.ruleId === 'no-run-log'));
    assert.equal(shown.sort(order), expected.messages.map(shownCli).sort(order));
    const skipped = path.join(dir, 'skipped', 'nb.ipynb');
    const skippedCells = cellsOf(skipped);
    await own.openNotebook(notebookUri(skipped), skippedCells);
    for (const cell of skippedCells) assert.equal(await own.diagnostics(cell.document.uri), []);
  } finally {
    await own.stop();
  }
});

test('a .py document is linted as a script, like the CLI', async () => {
  const dir = path.join(FIXTURES, 'scripts');
  const name = readdirSync(dir).find((n) => n.endsWith('.py') && !n.includes('.fixed'))!;
  const file = path.join(dir, name);
  const uri = pathToFileURL(file).href;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(file, 'utf8') } });
  const shown = (await client.diagnostics(uri)).map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1]);
  const [expected] = cli([path.relative(ROOT, file)]);
  assert.equal(shown, expected.messages.map((m) => [m.ruleId, m.line, m.column]));
});

test('without the insert-cells command a new cell becomes lines at the top of the next cell', async () => {
  const own = await LspClient.start([ROOT], { debounceMs: 20 });
  try {
    const file = path.join(FIXTURES, 'quickstart-diabetes.ipynb');
    const cells = cellsOf(file).filter((_, i) => i !== 1); // no install line at all
    await own.openNotebook(notebookUri(file), cells);
    const first = cells.findIndex((c) => c.kind === 'code');
    const diagnostics = await own.diagnostics(cells[first].document.uri);
    const missing = diagnostics.find((d) => d.code === 'missing-azureml-mlflow-dependency');
    assert.ok(missing, JSON.stringify(diagnostics));
    const actions = await own.codeActions(cells[first].document.uri, missing!.range, [missing!], ['quickfix']);
    const action = actions.find((a) => a.isPreferred)!;
    assert.match(action.title, /cannot insert cells/);
    assert.is(action.command, undefined);
    const after = applyAction(cells, action, cellUri(file));
    assert.is(after.length, cells.length);
    assert.match(after[first].document.getText(), /^%pip install .*azureml-mlflow\n/);
  } finally {
    await own.stop();
  }
});

test.run();
