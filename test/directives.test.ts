// Inline directives (# nblint-disable...) and what they suppress, on scripts and notebooks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parser } from '@lezer/python';
import type { LoadedFile, ResolvedConfig, Rule, Unit } from '../lib/types.js';
import { loadText } from '../lib/notebook/load.js';
import { lintFile } from '../lib/engine/linter.js';
import { parseDirectives } from '../lib/engine/directives.js';
import { notebookJson, type TestCell } from './helpers/rule-tester.js';

/** Reports every call to the function named `callee`. */
const callRule = (callee: string): Rule => ({
  meta: { type: 'problem', docs: { description: callee, recommended: true }, messages: { call: `${callee}() called` }, schema: [] },
  create: (context) => ({
    CallExpression(node) {
      if (context.getText(node.firstChild!) === callee) context.report({ node, messageId: 'call' });
    },
  }),
});

const rules = { 'no-foo': callRule('foo'), 'no-bar': callRule('bar') };
const config: ResolvedConfig = {
  rules: { 'no-foo': { severity: 2, options: [] }, 'no-bar': { severity: 1, options: [] } },
  settings: {},
  ruleDefinitions: rules,
};

function load(text: string, name: string): LoadedFile {
  const loaded = loadText(text, `/tmp/${name}`, name);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.file;
}

/** Reported and suppressed problems as 'line rule' / 'line rule (kind: justification)'. */
function lintScript(code: string) {
  const { messages, suppressedMessages } = lintFile(load(code, 'test.py'), config);
  return {
    reported: messages.map((m) => `${m.line} ${m.ruleId}`),
    suppressed: suppressedMessages.map((m) => `${m.line} ${m.ruleId} (${m.suppressions.map((s) => `${s.kind}: ${s.justification}`).join(', ')})`),
  };
}

function unitOf(text: string): Unit {
  return { text, cellIndex: -1, segments: [{ unitStart: 0, originStart: 0, length: text.length }], protectedRanges: [], tree: parser.parse(text) };
}

test('parseDirectives: kinds, rule lists, justifications, lines', () => {
  const text = [
    'x = 1  # nblint-disable-line no-foo, no-bar -- legacy code',
    '# nblint-disable-next-line',
    '#nblint-disable no-foo',
    '# nblint-enable',
    '# nblint-disabled-forever',
    "s = '# nblint-disable'",
  ].join('\n');
  const found = parseDirectives(unitOf(text)).map(({ kind, rules, justification, line }) => ({ kind, rules, justification, line }));
  assert.equal(found, [
    { kind: 'disable-line', rules: ['no-foo', 'no-bar'], justification: 'legacy code', line: 0 },
    { kind: 'disable-next-line', rules: null, justification: '', line: 1 },
    { kind: 'disable', rules: ['no-foo'], justification: '', line: 2 },
    { kind: 'enable', rules: null, justification: '', line: 3 },
  ]);
});

test('disable-next-line: only the next line, only the named rules, justification kept', () => {
  const r = lintScript('# nblint-disable-next-line no-foo -- replaced in PR 12\nfoo(); bar()\nfoo()\n');
  assert.equal(r.reported, ['2 no-bar', '3 no-foo']);
  assert.equal(r.suppressed, ['2 no-foo (directive: replaced in PR 12)']);
});

test('disable-line without rules silences every rule on its line', () => {
  const r = lintScript('foo(bar())  # nblint-disable-line\nfoo()\n');
  assert.equal(r.reported, ['2 no-foo']);
  assert.equal(r.suppressed, ['1 no-foo (directive: )', '1 no-bar (directive: )']);
});

test('disable / enable blocks, all rules or some, in text order', () => {
  const code = [
    'foo()', //                      1 reported
    '# nblint-disable -- generated', // from here on everything is off
    'foo(); bar()', //               3 both suppressed
    '# nblint-enable no-bar',
    'foo(); bar()', //               5 no-foo suppressed, no-bar reported
    '# nblint-enable',
    'foo()', //                      7 reported
  ].join('\n');
  const r = lintScript(code);
  assert.equal(r.reported, ['1 no-foo', '5 no-bar', '7 no-foo']);
  assert.equal(r.suppressed, ['3 no-foo (directive: generated)', '3 no-bar (directive: generated)', '5 no-foo (directive: generated)']);
});

test('text that only looks like a directive (in a string) does nothing', () => {
  const r = lintScript('s = "# nblint-disable"\nfoo()\n');
  assert.equal(r.reported, ['2 no-foo']);
});

test('directives are scoped to their cell: a disable in cell 1 does not leak into cell 2', () => {
  const cells: TestCell[] = ['# nblint-disable\nfoo()\n', 'foo()\n', 'bar()  # nblint-disable-line no-bar -- demo cell'];
  const { messages, suppressedMessages } = lintFile(load(notebookJson(cells), 'test.ipynb'), config);
  assert.equal(messages.map((m) => `${m.cell}:${m.cellLine} ${m.ruleId}`), ['2:1 no-foo']);
  assert.equal(
    suppressedMessages.map((m) => `${m.cell}:${m.cellLine} ${m.ruleId} ${m.suppressions[0].justification}`),
    ['1:2 no-foo ', '3:1 no-bar demo cell'],
  );
});

test.run();
