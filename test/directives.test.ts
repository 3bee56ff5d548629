// Inline directives (# nblint-disable...) and what they suppress, on scripts and notebooks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parser } from '@lezer/python';
import type { ResolvedConfig, Rule, Unit } from '../lib/types.js';
import { lintFile } from '../lib/engine/linter.js';
import { parseDirectives } from '../lib/engine/directives.js';
import { notebookJson, type TestCell } from './helpers/rule-tester.js';
import { loadAs } from './helpers/load-text.js';

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

const load = loadAs;

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

test('# noqa: <rule-id> works as disable-line; other tools\' codes and a bare # noqa are left alone', () => {
  const r = lintScript(
    [
      'foo()  # noqa: E501, no-foo', //   suppressed
      'foo()  # noqa: E501', //           reported: not our code
      'foo()  # noqa', //                 reported: a bare noqa is flake8's
      'foo(); bar()  #NOQA:no-bar', //    no-bar suppressed, no-foo reported
      's = "# noqa: no-foo"; foo()', //   in a string: reported
    ].join('\n'),
  );
  assert.equal(r.reported, ['2 no-foo', '3 no-foo', '4 no-foo', '5 no-foo']);
  assert.equal(r.suppressed, ['1 no-foo (directive: )', '4 no-bar (directive: )']);
});

/** Problems without a rule (directive problems) as 'line:column message'. */
function directiveProblems(code: string, reportUnused: boolean, name = 'test.py'): string[] {
  const { messages } = lintFile(load(code, name), { ...config, reportUnusedDisableDirectives: reportUnused });
  return messages.filter((m) => m.ruleId === null).map((m) => `${m.cellLine !== undefined ? `cell ${m.cell}:${m.cellLine}` : m.line}:${m.cellColumn ?? m.column} ${m.message}`);
}

test('an unknown rule name in an nblint- directive is an error (always); in a noqa it is another tool\'s code', () => {
  const code = 'foo()  # nblint-disable-line no-foo, no-fooo\nx = 1  # noqa: no-fooo\n';
  assert.equal(directiveProblems(code, false), ["1:8 Definition for rule 'no-fooo' was not found."]);
  const { messages } = lintFile(load(code, 'test.py'), config);
  assert.equal(messages.find((m) => m.ruleId === null)?.severity, 2);
});

test('--report-unused-disable-directives: each disable directive (or listed rule) that suppressed nothing', () => {
  const code = [
    'foo()  # nblint-disable-line no-foo, no-bar', //  no-bar unused
    'x = 1  # nblint-disable-line', //                 unused
    '# nblint-disable-next-line no-foo -- used',
    'foo()',
    'y = 2  # noqa: E501, no-bar', //                  no-bar unused; E501 is not ours
    'z = 3  # noqa: E501', //                          not ours at all: nothing to say
    '# nblint-disable no-bar',
    'bar()',
    '# nblint-enable no-bar',
  ].join('\n');
  assert.equal(directiveProblems(code, true), [
    "1:8 Unused nblint-disable-line directive (no problems were reported from 'no-bar').",
    '2:8 Unused nblint-disable-line directive (no problems were reported).',
    "5:8 Unused noqa directive (no problems were reported from 'no-bar').",
  ]);
  assert.equal(directiveProblems(code, false), []);
});

test('unused directives in a notebook are placed in their cell; an nblint-skip cell is not checked', () => {
  const cells: TestCell[] = ['x = 1\ny = 2  # nblint-disable-line no-foo', 'foo()  # nblint-disable-line no-foo', { source: 'x = 1  # nblint-disable-line no-foo', tags: ['nblint-skip'] }];
  assert.equal(directiveProblems(notebookJson(cells), true, 'test.ipynb'), ["cell 1:2:8 Unused nblint-disable-line directive (no problems were reported from 'no-foo')."]);
});

test.run();
