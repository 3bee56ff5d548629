import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getFormatter, formatterNames, type FormatterContext } from '../lib/formatters/index.js';
import { FIX_OMITTED, MAX_JSON_FIX_LENGTH } from '../lib/formatters/json.js';
import { loadText } from '../lib/notebook/load.js';
import type { LintMessage, LintResult, LoadedFile } from '../lib/types.js';

const ctx: FormatterContext = { cwd: '/work', rulesMeta: {}, color: false, toolVersion: '0.0.0' };

function result(displayPath: string, messages: LintMessage[], extra: Partial<LintResult> = {}): LintResult {
  const errors = messages.filter((m) => m.severity === 2);
  const warnings = messages.filter((m) => m.severity === 1);
  return {
    filePath: `/work/${displayPath}`,
    displayPath,
    messages,
    suppressedMessages: [],
    errorCount: errors.length,
    warningCount: warnings.length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: warnings.filter((m) => m.fix).length,
    ...extra,
  };
}

const fix = { edits: [{ cellIndex: 2, start: 0, end: 3, text: 'mlflow' }] };

const notebook = result('nb/train.ipynb', [
  { ruleId: 'no-run-log', severity: 2, message: 'Use mlflow.log_metric() for metric "acc".', line: 40, column: 9, cell: 3, cellLine: 2, cellColumn: 5, cellId: 'a1', fix },
  { ruleId: 'missing-azureml-mlflow-dependency', severity: 1, message: 'azureml-mlflow is not declared.', line: 120, column: 14, cell: 12, cellLine: 1, cellColumn: 10 },
  { ruleId: 'no-run-log', severity: 2, message: 'Run.log is v1', line: 77, column: 3, cell: 4, cellLine: 11, cellColumn: 1, programKind: 'writefile', programName: 'train.py' },
]);
const clean = result('clean.ipynb', []);
const script = result('scripts/job.py', [
  { ruleId: 'no-v1-experiment', severity: 1, message: 'Experiment is v1 ...', line: 12, column: 5 },
  { ruleId: null, severity: 2, fatal: true, message: 'Parsing error: not text.', line: 1, column: 1 },
]);

test('stylish: ESLint layout, cell positions for notebooks, line:column for scripts, summary lines', () => {
  const out = getFormatter('stylish')([notebook, clean, script], ctx);
  const expected = [
    '',
    'nb/train.ipynb',
    '   cell 3:2:5   error    Use mlflow.log_metric() for metric "acc"  no-run-log',
    '  cell 12:1:10  warning  azureml-mlflow is not declared            missing-azureml-mlflow-dependency',
    '  cell 4:11:1   error    Run.log is v1 (train.py)                  no-run-log',
    '',
    'scripts/job.py',
    '  12:5  warning  Experiment is v1 ..      no-v1-experiment', // ESLint trims one trailing period
    '   1:1  error    Parsing error: not text',
    '',
    '\u2716 5 problems (3 errors, 2 warnings)',
    '  1 error and 0 warnings potentially fixable with the `--fix` option.',
    '',
  ].join('\n');
  assert.is(out, expected);
});

test('stylish and github: escape sequences and bidi controls from a cell or a file name are shown escaped, never sent raw', () => {
  const hostile = result('evil\x1b[2J.ipynb', [
    { ruleId: 'no-run-log', severity: 2, message: 'Use mlflow.log_metric() for "\x1b]0;pwned\x07\u202eacc".', line: 3, column: 1, cell: 1, cellLine: 1, cellColumn: 1 },
  ]);
  const stylish = getFormatter('stylish')([hostile], ctx);
  assert.match(stylish, 'evil\\x1b[2J.ipynb');
  assert.match(stylish, 'for "\\x1b]0;pwned\\x07\\u202eacc"');
  const github = getFormatter('github')([hostile], ctx);
  for (const out of [stylish, github]) assert.not.ok(/[\x00-\x08\x0b-\x1f\x7f\u202e]/.test(out), JSON.stringify(out));
  assert.match(github, 'evil\\x1b[2J.ipynb,line=3');
});

test('stylish: no problems prints nothing; singular words for one problem', () => {
  assert.is(getFormatter('stylish')([clean], ctx), '');
  const one = result('a.py', [{ ruleId: 'r', severity: 1, message: 'm', line: 1, column: 2 }]);
  assert.ok(getFormatter('stylish')([one], ctx).endsWith('\u2716 1 problem (0 errors, 1 warning)\n'));
});

test('stylish: colours only when asked', () => {
  const plain = getFormatter('stylish')([script], ctx);
  const coloured = getFormatter('stylish')([script], { ...ctx, color: true });
  assert.not.match(plain, /\x1b\[/);
  assert.match(coloured, /\x1b\[31merror\x1b\[39m/);
  assert.is(coloured.replace(/\x1b\[\d+m/g, ''), plain);
});

test('json: ESLint result shape with cell fields; no file or displayPath', () => {
  const withSource = result('nb/train.ipynb', notebook.messages.map(({ fix: _fix, ...m }) => m), { source: '{"cells": []}' });
  const parsed = JSON.parse(getFormatter('json')([withSource, clean], ctx));
  assert.is(parsed.length, 2);
  const [first, second] = parsed;
  assert.equal(Object.keys(first), [
    'filePath', 'messages', 'suppressedMessages', 'errorCount', 'fatalErrorCount', 'warningCount',
    'fixableErrorCount', 'fixableWarningCount', 'source', 'usedDeprecatedRules',
  ]);
  assert.is(first.filePath, '/work/nb/train.ipynb');
  assert.is(first.source, '{"cells": []}');
  assert.equal(first.messages[0], {
    ruleId: 'no-run-log', severity: 2, message: 'Use mlflow.log_metric() for metric "acc".',
    line: 40, column: 9, cell: 3, cellLine: 2, cellColumn: 5, cellId: 'a1',
  });
  assert.is(first.errorCount, 2);
  // No problems: ESLint leaves `source` out.
  assert.not.ok('source' in second);
});

function loaded(name: string, text: string): LoadedFile {
  const res = loadText(text, `/work/${name}`, name);
  if (!res.ok) throw new Error(res.message);
  return res.file;
}
const applyRaw = (text: string, fix: { range: [number, number]; text: string }): string =>
  text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);

test('json: fixes and suggestions become ESLint raw-file {range, text} replacements', () => {
  const scriptText = 'run.log("a", 1)\n';
  const edit = { cellIndex: -1, start: 0, end: 7, text: 'mlflow.log_metric' };
  const message: LintMessage = {
    ruleId: 'no-run-log', severity: 2, message: 'm', line: 1, column: 1, fix: { edits: [edit] },
    suggestions: [{ desc: 'Replace', messageId: 'use', fix: { edits: [edit] } }],
  };
  const file = loaded('s.py', scriptText);
  const [parsed] = JSON.parse(getFormatter('json')([result('s.py', [message], { source: scriptText, file })], ctx));
  assert.equal(parsed.messages[0].fix, { range: [0, 7], text: 'mlflow.log_metric' });
  assert.equal(parsed.messages[0].suggestions, [{ desc: 'Replace', messageId: 'use', fix: { range: [0, 7], text: 'mlflow.log_metric' } }]);

  // In a notebook the replacement lands inside the cell's JSON source string.
  const nbText = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['x = 1\n', 'run.log("a", 1)'] }], metadata: {}, nbformat: 4, nbformat_minor: 4 }, null, 1);
  const nb = loaded('n.ipynb', nbText);
  const nbMessage: LintMessage = { ...message, suggestions: undefined, fix: { edits: [{ cellIndex: 0, start: 6, end: 13, text: 'mlflow.log_metric' }] } };
  const [nbParsed] = JSON.parse(getFormatter('json')([result('n.ipynb', [nbMessage], { source: nbText, file: nb })], ctx));
  const fixed = JSON.parse(applyRaw(nbText, nbParsed.messages[0].fix));
  assert.equal(fixed.cells[0].source, ['x = 1\n', 'mlflow.log_metric("a", 1)']);
});

test('json: a one-range fix longer than MAX_JSON_FIX_LENGTH (outputs between its places) is omitted, with fixOmitted saying why', () => {
  const code = (source: string[], outputs: object[] = []) => ({ cell_type: 'code', metadata: {}, outputs, execution_count: null, source });
  const bigOutput = { output_type: 'stream', name: 'stdout', text: ['x'.repeat(MAX_JSON_FIX_LENGTH)] };
  const nbText = JSON.stringify(
    { cells: [code(['import os\n']), code(['print(1)'], [bigOutput]), code(['run.log("a", 1)'])], metadata: {}, nbformat: 4, nbformat_minor: 4 },
    null,
    1,
  );
  const nb = loaded('n.ipynb', nbText);
  const call = { cellIndex: 2, start: 0, end: 7, text: 'mlflow.log_metric' };
  const withImport = { edits: [{ cellIndex: 0, start: 0, end: 0, text: 'import mlflow\n' }, call] };
  const base = { ruleId: 'no-run-log', severity: 2, message: 'm', line: 1, column: 1 } as const;
  const messages: LintMessage[] = [
    { ...base, fix: withImport, suggestions: [{ desc: 'Replace', fix: { edits: [call] } }] },
    { ...base, suggestions: [{ desc: 'Replace and import', fix: withImport }] },
  ];
  const [parsed] = JSON.parse(getFormatter('json')([result('n.ipynb', messages, { source: nbText, file: nb })], ctx));
  const [first, second] = parsed.messages;
  assert.not.ok('fix' in first);
  assert.is(first.fixOmitted, FIX_OMITTED);
  // The call alone is a small fix and is still given, ESLint's way.
  assert.equal(first.suggestions[0].fix, { range: [nbText.indexOf('run.log'), nbText.indexOf('run.log') + 7], text: 'mlflow.log_metric' });
  assert.not.ok('fixOmitted' in first.suggestions[0]);
  assert.equal(second.suggestions, [{ desc: 'Replace and import', fixOmitted: FIX_OMITTED }]);
  assert.ok(JSON.stringify(parsed.messages).length < 2000);

  // The same fix without the big output between its places is given whole.
  const smallText = nbText.replace('x'.repeat(MAX_JSON_FIX_LENGTH), 'x');
  const [small] = JSON.parse(getFormatter('json')([result('n.ipynb', messages.slice(0, 1), { source: smallText, file: loaded('n.ipynb', smallText) })], ctx));
  const fixed = JSON.parse(applyRaw(smallText, small.messages[0].fix));
  assert.equal([fixed.cells[0].source, fixed.cells[2].source], [['import mlflow\n', 'import os\n'], ['mlflow.log_metric("a", 1)']]);
});

test('json: output instead of source when the file was fixed', () => {
  const fixed = result('a.py', script.messages, { source: 'old', output: 'new' });
  const [parsed] = JSON.parse(getFormatter('json')([fixed], ctx));
  assert.is(parsed.output, 'new');
  assert.not.ok('source' in parsed);
});

test('registry: known names, unknown name lists the formats', () => {
  assert.equal(formatterNames(), ['stylish', 'json', 'sarif', 'github', 'html']);
  assert.throws(() => getFormatter('xml'), (e: Error) => e.message.includes('"xml"') && e.message.includes('stylish, json, sarif, github, html'));
});

test.run();
