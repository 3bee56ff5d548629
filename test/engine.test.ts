// The engine (lib/engine), one fix pass (lib/fix/apply.ts) and the RuleTester, with tiny rules defined here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LintMessage, LoadedFile, ResolvedConfig, Rule, RuleContext, RuleFixer, TextEdit } from '../lib/types.js';
import { loadText } from '../lib/notebook/load.js';
import { lintFile } from '../lib/engine/linter.js';
import { callsNamed } from '../lib/engine/traverse.js';
import { applyFixesOnce } from '../lib/fix/apply.js';
import { notebookJson, RuleTester, type TestCell } from './helpers/rule-tester.js';
import { parser } from '@lezer/python';
import builtin from '../rules/index.js';

/** Reports every call of `foo(...)` and fixes it to `bar(...)`. */
const noFoo: Rule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'no foo', recommended: true },
    fixable: 'code',
    hasSuggestions: true,
    messages: { foo: "Call of '{{name}}' found.", useBaz: 'Use baz instead.' },
    schema: [],
  },
  create(context) {
    return {
      CallExpression(node) {
        const callee = node.firstChild!;
        if (context.getText(callee) !== 'foo') return;
        context.report({
          node,
          messageId: 'foo',
          data: { name: 'foo' },
          fix: (fixer) => fixer.replaceText(callee, 'bar'),
          suggest: [{ messageId: 'useBaz', fix: (fixer) => fixer.replaceText(callee, 'baz') }],
        });
      },
    };
  },
};

function script(text: string, name = 'test.py'): LoadedFile {
  const loaded = loadText(text, `/tmp/${name}`, name);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.file;
}

function notebook(cells: TestCell[]): LoadedFile {
  const loaded = loadText(notebookJson(cells), '/tmp/test.ipynb', 'test.ipynb');
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.file;
}

function config(rules: Record<string, Rule>, severity: 0 | 1 | 2 = 2): ResolvedConfig {
  return {
    rules: Object.fromEntries(Object.keys(rules).map((id) => [id, { severity, options: [] }])),
    settings: {},
    ruleDefinitions: rules,
  };
}

const lint = (file: LoadedFile, rules: Record<string, Rule> = { 'no-foo': noFoo }, severity: 0 | 1 | 2 = 2) =>
  lintFile(file, config(rules, severity));

test('reports with interpolated data, script positions and severity from config', () => {
  const { messages } = lint(script('x = 1\ny = foo(x) + foo()\n'), undefined, 1);
  assert.equal(
    messages.map((m) => [m.ruleId, m.severity, m.messageId, m.message, m.line, m.column, m.endLine, m.endColumn]),
    [
      ['no-foo', 1, 'foo', "Call of 'foo' found.", 2, 5, 2, 11],
      ['no-foo', 1, 'foo', "Call of 'foo' found.", 2, 14, 2, 19],
    ],
  );
  assert.equal(messages[0].fix, { edits: [{ cellIndex: -1, start: 10, end: 13, text: 'bar' }] });
  assert.equal(messages[0].suggestions?.[0].desc, 'Use baz instead.');
});

test('notebook problems carry cell positions and raw-file lines, sorted by position', () => {
  const file = notebook(['import os\n', '#md\n# Title', 'a = 1\nfoo()\n']);
  const { messages } = lint(file);
  assert.is(messages.length, 1);
  const m = messages[0];
  assert.equal([m.cell, m.cellId, m.cellLine, m.cellColumn], [3, 'cell-3', 2, 1]);
  assert.ok(file.text.split('\n')[m.line - 1].slice(m.column - 1).startsWith('foo()'));
  assert.equal(m.fix, { edits: [{ cellIndex: 2, start: 6, end: 9, text: 'bar' }] });
});

test('no enabled rule: nothing runs', () => {
  let created = false;
  const spy: Rule = { meta: noFoo.meta, create: () => ((created = true), {}) };
  assert.equal(lint(script('foo()\n'), { spy }, 0), { messages: [], suppressedMessages: [] });
  assert.is(created, false);
});

// ───────────── preconditions (RuleMeta.requiresText) ─────────────

/** Counts create() calls; reports every call, so a rule that runs is seen in the messages too. */
function creationCounter(requiresText?: string[]): Rule & { created: number } {
  const rule = {
    created: 0,
    meta: { ...noFoo.meta, fixable: undefined, hasSuggestions: undefined, requiresText },
    create(context: RuleContext) {
      rule.created++;
      return { CallExpression: (node) => context.report({ node, messageId: 'foo', data: { name: context.getText(node) } }) };
    },
  } satisfies Rule & { created: number };
  return rule;
}

/** Counts @lezer/python parses (the parse stage calls the shared parser object). */
function countingParses<T>(run: () => T): { parses: number; result: T } {
  const original = parser.parse;
  let parses = 0;
  parser.parse = function (this: typeof parser, ...args: Parameters<typeof parser.parse>) {
    parses++;
    return original.apply(this, args);
  };
  try {
    return { result: run(), parses };
  } finally {
    parser.parse = original;
  }
}

test('requiresText: a rule runs only on files whose source contains one of its strings; one without it always runs', () => {
  const gated = creationCounter(['azureml', 'mlflow']);
  const always = creationCounter();
  const rules = { gated, always };
  assert.equal(lint(script('f()\n'), rules).messages.map((m) => m.ruleId), ['always']);
  assert.equal([gated.created, always.created], [0, 1]);
  assert.equal(lint(script('import mlflow\nf()\n'), rules).messages.map((m) => m.ruleId), ['gated', 'always']);
  assert.equal([gated.created, always.created], [1, 2]);
  // Case-sensitive; found in any cell of a notebook, markdown included (its ```python blocks are programs).
  lint(script('import MLflow\n'), rules);
  assert.is(gated.created, 1);
  lint(notebook(['x = 1\n', '#md\n```python\nimport mlflow\n```\n']), rules);
  assert.is(gated.created, 3); // once per program: the code cells, the markdown block
  // An empty list is no precondition.
  const empty = creationCounter([]);
  lint(script('f()\n'), { empty });
  assert.is(empty.created, 1);
});

test('requiresText: where no rule applies nothing is parsed; outputs and metadata of a notebook do not count', () => {
  const gated = creationCounter(['azureml']);
  const nb = JSON.parse(notebookJson(['import os\n', 'def broken(:\n'])) as { metadata: object; cells: { outputs?: object[] }[] };
  nb.metadata = { kernelspec: { display_name: 'Python 3.8 - AzureML', language: 'python', name: 'python38-azureml' } };
  nb.cells[0].outputs = [{ name: 'stdout', output_type: 'stream', text: ['azureml-core 1.57.0\n'] }];
  const loaded = loadText(JSON.stringify(nb, null, 1), '/tmp/plain.ipynb', 'plain.ipynb');
  if (!loaded.ok) throw new Error(loaded.message);
  assert.ok(loaded.file.text.includes('azureml'));
  const skipped = countingParses(() => lint(loaded.file, { gated }));
  assert.equal(skipped, { parses: 0, result: { messages: [], suppressedMessages: [] } });
  assert.is(gated.created, 0);
  // The same cells with v1 code: both cells parsed, the rule created once for the notebook program.
  const linted = countingParses(() => lint(notebook(['from azureml.core import Run\n', 'def broken(:\n']), { gated }));
  assert.is(linted.parses, 2);
  assert.is(gated.created, 1);
});

test('requiresText: built-in rules skip notebooks without Azure ML or MLflow code, and still see v1 installs in any usual case', () => {
  const all = config(builtin.rules);
  const plain = notebook(['%pip install scikit-learn\n', 'import numpy as np\nnp.log(2)\n']);
  assert.is(countingParses(() => lintFile(plain, all)).parses, 0);
  const install = notebook(['%pip install AzureML-SDK scikit-learn\n', 'import numpy as np\n']);
  const { result, parses } = countingParses(() => lintFile(install, all));
  assert.ok(parses > 0);
  assert.equal(result.messages.map((m) => m.ruleId), ['no-v1-dependency']);
});

test('listeners: Program and Unit once each, node listeners and :exit in tree order, context.unit follows', () => {
  const events: string[] = [];
  const tracer: Rule = {
    meta: { ...noFoo.meta, fixable: undefined },
    create(context: RuleContext) {
      const at = () => `@${context.unit.cellIndex}`;
      return {
        Program: () => events.push('Program' + at()),
        'Program:exit': () => events.push('Program:exit' + at()),
        Unit: () => events.push('Unit' + at()),
        'Unit:exit': () => events.push('Unit:exit' + at()),
        CallExpression: (n) => events.push(`call ${context.getText(n)}` + at()),
        'CallExpression:exit': (n) => events.push(`exit ${context.getText(n)}` + at()),
      };
    },
  };
  lint(notebook(['f(g())\n', 'h()']), { tracer });
  assert.equal(events, [
    'Program@0',
    'Unit@0', 'call f(g())@0', 'call g()@0', 'exit g()@0', 'exit f(g())@0', 'Unit:exit@0',
    'Unit@1', 'call h()@1', 'exit h()@1', 'Unit:exit@1',
    'Program:exit@1',
  ]);
});

test('several rules share one walk and each gets its own listeners', () => {
  const counts: Record<string, number> = {};
  const counter = (id: string): Rule => ({
    meta: noFoo.meta,
    create: () => ({ VariableName: () => void (counts[id] = (counts[id] ?? 0) + 1) }),
  });
  lint(script('a = b + c\n'), { one: counter('one'), two: counter('two') });
  assert.equal(counts, { one: 3, two: 3 });
});

test('callsNamed listeners: called only for calls whose callee ends in one of the names or may be an alias of one, in rule order with the others', () => {
  const events: string[] = [];
  const named = (id: string, names: string[]): Rule => ({
    meta: noFoo.meta,
    create: (c) => ({ [callsNamed(names)]: (n) => events.push(`${id} ${c.getText(n)}`) }),
  });
  const all: Rule = { meta: noFoo.meta, create: (c) => ({ CallExpression: (n) => events.push(`all ${c.getText(n)}`) }) };
  const code = 'log(1)\nrun.log(2)\nrun . log (3)\nx.y.log_row(4)\nprint(log)\nlogs(5)\nrun.log\n(a.log)(6)\n';
  // Aliases anywhere in the program count, whatever the order or scope: a superset of what the model resolves. (The
  // model binds names only in programs that mention azureml or mlflow.)
  const aliases = 'import mlflow\nfrom m import log_row as lr\nlr(8)\ndef f():\n    w = v\nv = ((x.log))\nw(9)\n(w)(10)\nlr2 = lr\nlr2(11)\n';
  lint(notebook([code, 'run.log_row(7)', aliases]), { first: named('first', ['log', 'log_row']), all, last: named('last', ['log_row']) });
  assert.equal(events, [
    'first log(1)', 'all log(1)',
    'first run.log(2)', 'all run.log(2)',
    'first run . log (3)', 'all run . log (3)',
    'first x.y.log_row(4)', 'all x.y.log_row(4)', 'last x.y.log_row(4)',
    'all print(log)', 'all logs(5)', 'first (a.log)(6)', 'all (a.log)(6)',
    'first run.log_row(7)', 'all run.log_row(7)', 'last run.log_row(7)',
    'first lr(8)', 'all lr(8)', 'last lr(8)',
    'first w(9)', 'all w(9)',
    'first (w)(10)', 'all (w)(10)',
    'first lr2(11)', 'all lr2(11)', 'last lr2(11)',
  ]);
  // A crashed rule's filtered listeners stop too.
  let calls = 0;
  const boom: Rule = { meta: noFoo.meta, create: () => ({ [callsNamed(['f'])]: () => { calls++; throw new Error('kaboom'); } }) };
  assert.match(crashOf(lint(script('f()\nf()\n'), { boom }).messages, 'boom'), 'kaboom');
  assert.is(calls, 1);
});

/** The one fatal problem a crashed rule leaves on the file. */
function crashOf(messages: LintMessage[], ruleId: string): string {
  const crash = messages.filter((m) => m.fatal && m.ruleId === ruleId);
  assert.is(crash.length, 1, `expected one crash problem for ${ruleId}`);
  return crash[0].message;
}

test('a rule that throws becomes one fatal problem naming it; its other problems are dropped, other rules keep theirs', () => {
  // Reports the first call, then throws on the second: the half-done work must not be shown.
  const boom: Rule = {
    meta: noFoo.meta,
    create: (c) => {
      let calls = 0;
      return { CallExpression: (node) => (++calls === 1 ? c.report({ node, messageId: 'foo' }) : (() => { throw new Error('kaboom'); })()) };
    },
  };
  const { messages } = lint(script('foo()\nf()\ng()\n', 'sub/train.py'), { boom, 'no-foo': noFoo });
  assert.match(crashOf(messages, 'boom'), "Rule 'boom' crashed on this file (Error: kaboom)");
  assert.equal(messages.filter((m) => !m.fatal).map((m) => m.ruleId), ['no-foo']);
  const inCreate: Rule = { meta: noFoo.meta, create: () => { throw new TypeError('bad options'); } };
  assert.match(crashOf(lint(script('f()\n'), { inCreate }).messages, 'inCreate'), 'TypeError: bad options');
});

test('a rule that overflows the stack on deep input is reported as input nested too deeply for it', () => {
  const deep: Rule = { meta: noFoo.meta, create: () => ({ CallExpression: () => { const f = (n: number): number => f(n + 1) + 1; f(0); } }) };
  assert.match(crashOf(lint(script('f()\n'), { deep }).messages, 'deep'), 'nested too deeply');
});

test('an unknown messageId is a crash problem naming the rule and the id', () => {
  const bad: Rule = { meta: noFoo.meta, create: (c) => ({ CallExpression: (node) => c.report({ node, messageId: 'nope' }) }) };
  assert.match(crashOf(lint(script('f()\n'), { bad }).messages, 'bad'), /unknown messageId 'nope'/);
});

test('a fix without meta.fixable is refused, as in ESLint', () => {
  const sneaky: Rule = {
    meta: { ...noFoo.meta, fixable: undefined },
    create: (c) => ({ CallExpression: (node) => c.report({ node, messageId: 'foo', fix: (f) => f.remove(node) }) }),
  };
  assert.match(crashOf(lint(script('f()\n'), { sneaky }).messages, 'sneaky'), /meta\.fixable/);
});

/** Reports each `foo()` with a fix replacing everything from the start of the unit to the call. */
const greedy: Rule = {
  meta: noFoo.meta,
  create: (c) => ({
    CallExpression(node) {
      if (c.getText(node) === 'foo()') c.report({ node, messageId: 'foo', fix: (f) => f.replaceTextRange([0, node.to], 'bar()') });
    },
  }),
};

test('a fix touching a masked magic is dropped, the problem kept and its message says why', () => {
  const { messages } = lint(notebook(['%matplotlib inline\nfoo()\n', 'x = 1\nfoo()\n']), { greedy });
  assert.is(messages.length, 2);
  assert.is(messages[0].fix, undefined);
  assert.is(messages[0].message, "Call of '{{name}}' found. Not fixed automatically: the fix would edit a magic line");
  assert.equal(messages[1].fix?.edits, [{ cellIndex: 1, start: 0, end: 11, text: 'bar()' }]);
  assert.is(messages[1].message, "Call of '{{name}}' found.");
});

test('a fix reaching into a synthetic prefix is dropped; edits after it map to the cell', () => {
  const file = notebook(['  foo()\n']); // indented: the unit gets a synthetic block header
  assert.equal(lint(file).messages[0].fix?.edits, [{ cellIndex: 0, start: 2, end: 5, text: 'bar' }]);
  const greedyMessages = lint(file, { greedy }).messages;
  assert.is(greedyMessages.length, 1);
  assert.is(greedyMessages[0].fix, undefined);
  assert.match(greedyMessages[0].message, / Not fixed automatically: the fix would edit text outside the cell's own code$/);
});

test('a unit that does not parse: a fatal parsing error, and no fix anywhere in it, not even in its clean statements', () => {
  const { messages } = lint(script('x = foo() +\nfoo()\n'));
  assert.equal(
    messages.map((m) => [m.ruleId, m.fatal ?? false, m.line, m.column]),
    [
      ['no-foo', false, 1, 5],
      [null, true, 1, 12],
      ['no-foo', false, 2, 1],
    ],
  );
  for (const m of messages.filter((m) => m.ruleId)) {
    assert.is(m.fix, undefined);
    assert.is(m.suggestions, undefined);
    assert.is(m.message, "Call of 'foo' found. Not fixed automatically: this code does not parse");
  }
  const inCell = lint(notebook(['foo() +\n'])).messages;
  assert.match(inCell.find((m) => m.ruleId)!.message, / Not fixed automatically: this cell does not parse$/);
});

test('a dropped fix names a skipped cell it would edit, or a cell insert a script cannot take; a fix without edits adds nothing', () => {
  const rule = (fix: (f: RuleFixer, c: RuleContext) => TextEdit | TextEdit[] | null): Rule => ({
    meta: noFoo.meta,
    create: (c) => ({ CallExpression: (node) => c.report({ node, messageId: 'foo', fix: (f) => fix(f, c) }) }),
  });
  const importing = rule((f, c) => ({ ...f.insertTextBeforeRange([0, 0], 'import bar\n'), unit: c.program.units[0] }));
  const skipped = notebook([{ source: 'import os\n', tags: ['nblint-skip'] }, 'foo()\n']);
  const [intoSkipped] = lint(skipped, { importing }).messages;
  assert.is(intoSkipped.fix, undefined);
  assert.is(intoSkipped.message, "Call of '{{name}}' found. Not fixed automatically: cell 1 is tagged nblint-skip");
  const addCell = rule((f) => f.insertCellBefore(0, 'import bar'));
  assert.ok(lint(notebook(['foo()\n']), { addCell }).messages[0].fix?.insertCells);
  const [inScript] = lint(script('foo()\n'), { addCell }).messages;
  assert.is(inScript.fix, undefined);
  assert.match(inScript.message, / Not fixed automatically: the fix adds a notebook cell, and a script has none$/);
  const declined = rule(() => null);
  assert.is(lint(script('foo()\n'), { declined }).messages[0].message, "Call of '{{name}}' found.");
});

test('an edit may target another unit of the program (TextEdit.unit); such edits map to that cell', () => {
  const importing: Rule = {
    meta: noFoo.meta,
    create: (c) => ({
      CallExpression(node) {
        if (c.getText(node) !== 'foo()') return;
        const first = c.program.units[0];
        c.report({
          node,
          messageId: 'foo',
          fix: (f): TextEdit[] => [{ ...f.insertTextBeforeRange([0, 0], 'import bar\n'), unit: first }, f.replaceText(node.firstChild!, 'bar')],
        });
      },
    }),
  };
  const file = notebook(['import os\n', 'foo()\nfoo()\n']);
  const { messages } = lint(file, { importing });
  assert.equal(messages[0].fix?.edits, [
    { cellIndex: 0, start: 0, end: 0, text: 'import bar\n' },
    { cellIndex: 1, start: 0, end: 3, text: 'bar' },
  ]);
  const pass = applyFixesOnce(file, messages);
  // The shared import is inserted once; both rewrites apply in the same pass.
  assert.equal([...pass.sources], [[0, 'import bar\nimport os\n'], [1, 'bar()\nbar()\n']]);
  assert.is(pass.appliedMessages.length, 2);
});

test('cell tag nblint-skip: problems go to suppressedMessages, and no fix edits the skipped cell', () => {
  const file = notebook([{ source: 'foo()\n', tags: ['nblint-skip'] }, 'foo()\n']);
  const { messages, suppressedMessages } = lint(file);
  assert.equal(messages.map((m) => m.cell), [2]);
  assert.equal(suppressedMessages.map((m) => [m.cell, m.suppressions]), [[1, [{ kind: 'cellTag', justification: '' }]]]);
});

// ───────────── one fix pass ─────────────

const fixMessage = (edits: [number, number, number, string][], line = 1): LintMessage => ({
  ruleId: 'r',
  severity: 2,
  message: 'm',
  line,
  column: 1,
  fix: { edits: edits.map(([cellIndex, start, end, text]) => ({ cellIndex, start, end, text })) },
});

test('applyFixesOnce: sorted by first edit, overlapping and touching fixes wait for the next pass', () => {
  const file = script('abcdefghij');
  const late = fixMessage([[-1, 6, 8, 'X']]);
  const early = fixMessage([[-1, 0, 2, 'Y']]);
  const overlapping = fixMessage([[-1, 1, 3, 'Z']]);
  const touching = fixMessage([[-1, 8, 9, 'T']]);
  const plain: LintMessage = { ruleId: 'r', severity: 1, message: 'no fix', line: 1, column: 1 };
  const pass = applyFixesOnce(file, [late, overlapping, plain, early, touching]);
  assert.equal([...pass.sources], [[-1, 'YcdefXij']]);
  assert.equal(pass.appliedMessages, [late, early]);
  assert.equal(pass.remainingMessages, [overlapping, plain, touching]);
});

test("applyFixesOnce: a message's edits are all or nothing", () => {
  const file = script('abcdefghij');
  const first = fixMessage([[-1, 4, 5, 'E']]);
  const both = fixMessage([[-1, 0, 1, 'A'], [-1, 4, 6, 'Q']]); // its second edit overlaps `first`
  const pass = applyFixesOnce(file, [both, first]);
  assert.equal(pass.appliedMessages, [both]);
  assert.equal(pass.sources.get(-1), 'AbcdQghij');
});

test('applyFixesOnce: identical edits apply once, cell inserts are deduplicated, unchanged texts are left out', () => {
  const file = notebook(['import os\n', 'foo()\n', 'foo()\n']);
  const withInsert = (cell: number): LintMessage => ({
    ...fixMessage([[0, 0, 0, 'import mlflow\n'], [cell, 0, 3, 'bar']]),
    fix: {
      edits: [{ cellIndex: 0, start: 0, end: 0, text: 'import mlflow\n' }, { cellIndex: cell, start: 0, end: 3, text: 'bar' }],
      insertCells: [{ beforeCell: 0, cellType: 'code', source: '%pip install mlflow' }],
    },
  });
  const noop = fixMessage([[1, 3, 5, '()']]);
  const pass = applyFixesOnce(file, [withInsert(1), withInsert(2)]);
  assert.equal([...pass.sources], [[0, 'import mlflow\nimport os\n'], [1, 'bar()\n'], [2, 'bar()\n']]);
  assert.equal(pass.insertCells, [{ beforeCell: 0, cellType: 'code', source: '%pip install mlflow' }]);
  assert.equal([...applyFixesOnce(file, [noop]).sources], []);
});

// ───────────── RuleTester ─────────────

new RuleTester().run('no-foo', noFoo, {
  valid: ['bar()\n', { cells: ['x = 1', '%%bash\nfoo()'] }, { cells: ['#md\nfoo()'] }],
  invalid: [
    {
      code: 'x = foo(1)\n',
      errors: [
        {
          messageId: 'foo',
          data: { name: 'foo' },
          line: 1,
          column: 5,
          endColumn: 11,
          suggestions: [{ messageId: 'useBaz', output: 'x = baz(1)\n' }],
        },
      ],
      output: 'x = bar(1)\n',
    },
    {
      cells: ['#md\nSome *text*', 'import os', 'foo()\nfoo()'],
      errors: [
        { cell: 3, cellLine: 1, cellColumn: 1, line: 28, column: 6 },
        { message: "Call of 'foo' found.", cell: 3, cellLine: 2, suggestions: [{ desc: 'Use baz instead.', output: ['#md\nSome *text*', 'import os', 'foo()\nbaz()'] }] },
      ],
      output: ['#md\nSome *text*', 'import os', 'bar()\nbar()'],
    },
    { code: 'x = (foo(\n', errors: 1, output: null },
  ],
});

test.run();
