import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import type { Program, Unit } from '../lib/types.js';
import { firstParseError, parseProgram, parseUnit, withParseCache } from '../lib/python/parse.js';
import { callParts, enclosingFunction, nodeText, statementOf, stringLiteralValue } from '../lib/python/nodes.js';

function parsed(text: string): Unit {
  const unit: Unit = {
    text,
    cellIndex: 0,
    segments: [{ unitStart: 0, originStart: 0, length: text.length }],
    protectedRanges: [],
  };
  parseUnit(unit);
  return unit;
}

/** The nth node of type `type` whose text starts with `prefix`. */
function find(unit: Unit, type: string, prefix: string, nth = 0): SyntaxNode {
  let seen = 0;
  let found: SyntaxNode | null = null;
  unit.tree!.iterate({
    enter: (ref) => {
      if (found) return false;
      if (ref.name === type && unit.text.startsWith(prefix, ref.from) && seen++ === nth) found = ref.node;
      return undefined;
    },
  });
  if (!found) throw new Error(`no ${type} starting with ${JSON.stringify(prefix)}`);
  return found;
}

// ── parse stage ──

const parse = suite('parse: trees and error regions');

parse('parseProgram parses every unit; hasErrors', () => {
  const program: Program = {
    kind: 'notebook',
    name: 't.ipynb',
    units: ['x = 1\n', 'run.log("a", \n'].map((text, cellIndex) => ({
      text,
      cellIndex,
      segments: [{ unitStart: 0, originStart: 0, length: text.length }],
      protectedRanges: [],
    })),
  };
  parseProgram(program);
  assert.is(program.units[0]!.tree!.topNode.name, 'Script');
  assert.is(program.units[0]!.hasErrors, false);
  assert.is(program.units[1]!.hasErrors, true);
});

parse('floats with a trailing dot (`x / 255.`, `1.e-3`) parse as numbers, the text unchanged', () => {
  // Real Keras scripts normalise pixels with `/ 255.`: an error node there blocked every fix in the file.
  const text = 'train_set = x_train.reshape((len(x_train), -1)) / 255.\nlr = 1.e-3\nv = [1., 2.]\nlabel = "step 1."\n';
  const unit = parsed(text);
  assert.is(unit.hasErrors, false);
  assert.is(unit.text, text);
  assert.is(nodeText(unit, find(unit, 'Number', '255.')), '255.');
  assert.is(nodeText(unit, find(unit, 'Number', '1.e-3')), '1.e-3');
  // Member access and version-like numbers are left alone.
  assert.ok(parsed('x = obj.attr1.m\ny = 1.5\nz = a.b2.c\n').tree!.toString().includes('PropertyName'));
});

parse('masked magics parse cleanly', () => {
  const unit = parsed('...         \nimport os\n...\n');
  assert.is(unit.hasErrors, false);
});

parse('firstParseError: where a unit stops parsing; parenthesized with-items (Python 3.10) parse', () => {
  assert.is(firstParseError(parsed('run.log("a", 1)\n')), null);
  const broken = parsed('run.log("a", 1)\nrun.log("b", 2\nx = 3\n');
  assert.ok(broken.hasErrors);
  assert.ok(firstParseError(broken)!.from >= 'run.log("a", 1)\nrun.log("b", 2'.length - 1);
  for (const ok of [
    'with (open(a) as f, open(b) as g):\n    pass\n',
    'with (\n    open(a) as f,  # first\n    open(b) as g,\n):\n    pass\n',
    'async def h():\n    async with (a() as x, b() as y):\n        pass\n',
    'with (lock):\n    pass\n',
  ]) {
    assert.is(firstParseError(parsed(ok)), null, ok);
  }
  // The rewrite is only for the parser: the unit keeps its text, and `f` is still bound by the with statement.
  const unit = parsed('with (open(a) as f):\n    f.read()\n');
  assert.is(unit.text, 'with (open(a) as f):\n    f.read()\n');
  assert.ok(unit.tree!.toString().startsWith('Script(WithStatement(with,CallExpression'), unit.tree!.toString());
  assert.ok(parsed('with (open(a) as f:\n    pass\n').hasErrors, 'an unclosed header is still an error');
});

parse('hasErrors (read from the tree buffers) is whether a walk of the tree meets an error node, on seeded edits of real scripts', () => {
  // The fixture scripts twice over: long enough for a tree of several buffers and subtrees; a broken character
  // then lands at the top level, inside a buffer, or in a nested subtree. Also with --fix's small buffers.
  const dir = path.join(process.cwd(), 'notebooks-fixtures', 'scripts');
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.py')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
  // Those that parse as they are (not the BOM or CR-only ones, which break in the middle of a longer text).
  const base = scripts.filter((s) => !parsed(s).hasErrors && !/^\uFEFF|\r/.test(s)).join('\n').repeat(2);
  assert.is(parsed(base).hasErrors, false);
  assert.ok(base.length > 8000, `${base.length} characters`);
  let seed = 9;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const walkFindsError = (unit: Unit): boolean => {
    let found = false;
    unit.tree!.iterate({ enter: (node) => void (found ||= node.type.isError) });
    return found;
  };
  let broken = 0;
  for (let i = 0; i < 300; i++) {
    const at = next(base.length);
    const text = i === 0 ? base : base.slice(0, at) + '([{:"'[next(5)] + base.slice(at + next(2));
    const unit = parsed(text);
    assert.is(unit.hasErrors, walkFindsError(unit), `edit at ${at}`);
    const fixUnit: Unit = { ...unit, tree: undefined, hasErrors: undefined };
    withParseCache(() => parseUnit(fixUnit));
    assert.is(fixUnit.hasErrors, walkFindsError(fixUnit), `edit at ${at}, --fix buffers`);
    if (unit.hasErrors) broken++;
  }
  assert.ok(broken > 100 && broken < 300, `${broken} of 300 edited scripts break`);
});

parse.run();

// ── callParts ──

const calls = suite('nodes: callParts');

const argSummary = (unit: Unit, call: SyntaxNode): string[] =>
  callParts(call, unit.text).args.map(
    (a) =>
      `${a.star ?? ''}${a.name ? `${a.name}=` : ''}${nodeText(unit, a.value)}|${unit.text.slice(...a.range)}${a.generator ? '|gen' : ''}`,
  );

calls('receiver, method, positional and keyword arguments', () => {
  const unit = parsed('run.parent.log("acc", acc * 2, step=epoch)\n');
  const call = find(unit, 'CallExpression', 'run');
  const parts = callParts(call, unit.text);
  assert.is(parts.method, 'log');
  assert.is(nodeText(unit, parts.receiver!), 'run.parent');
  assert.is(nodeText(unit, parts.callee), 'run.parent.log');
  assert.is(nodeText(unit, parts.argList!), '("acc", acc * 2, step=epoch)');
  assert.equal(argSummary(unit, call), ['"acc"|"acc"', 'acc * 2|acc * 2', 'step=epoch|step=epoch']);
  assert.is(nodeText(unit, parts.args[2]!.nameNode!), 'step');
});

calls('stars, trailing comma, comments, multi-line', () => {
  const unit = parsed('f(\n    a,  # first\n    *rest,\n    # lone comment\n    key = {"x": 1},\n    **kw,\n)\n');
  const call = find(unit, 'CallExpression', 'f');
  assert.equal(argSummary(unit, call), ['a|a', '*rest|*rest', 'key={"x": 1}|key = {"x": 1}', '**kw|**kw']);
  const parts = callParts(call, unit.text);
  assert.is(parts.receiver, null);
  assert.is(parts.method, null);
});

calls('generator argument, empty call, subscript callee, walrus', () => {
  const unit = parsed('run.log_list("l", (x for x in y))\nrun.log_list("m", v * 2 for v in vals)\ng()\nfns[0](1)\nh(n := 3)\n');
  assert.equal(argSummary(unit, find(unit, 'CallExpression', 'run.log_list("l"')), [
    '"l"|"l"',
    '(x for x in y)|(x for x in y)',
  ]);
  assert.equal(argSummary(unit, find(unit, 'CallExpression', 'run.log_list("m"')), [
    '"m"|"m"',
    'v * 2|v * 2 for v in vals|gen',
  ]);
  assert.equal(callParts(find(unit, 'CallExpression', 'g()'), unit.text).args, []);
  const sub = callParts(find(unit, 'CallExpression', 'fns'), unit.text);
  assert.is(sub.method, null);
  assert.is(sub.receiver, null);
  // `n := 3` is a positional argument, not a keyword.
  assert.is(callParts(find(unit, 'CallExpression', 'h('), unit.text).args[0]!.name, null);
});

calls.run();

// ── string literals ──

const strings = suite('nodes: stringLiteralValue');

const STRING_CASES: [string, string | null][] = [
  ['"acc"', 'acc'],
  ["'acc'", 'acc'],
  ['"""multi\nline"""', 'multi\nline'],
  ["'''x'''", 'x'],
  ['r"a\\nb"', 'a\\nb'],
  ['b"bytes"', 'bytes'],
  ['u"uni"', 'uni'],
  ['Rb"\\d"', '\\d'],
  ['"tab\\there"', 'tab\there'],
  ['"q\\"q\\\'"', 'q"q\''],
  ['"\\x41\\u00e9\\101"', 'A\u00e9A'],
  ['"keep\\d"', 'keep\\d'],
  ['"a" \'b\' "c"', 'abc'],
  ['("a"\n "b")', 'ab'],
  ['f"acc"', null],
  ['"a" f"{b}"', null],
  ['"\\N{BULLET}"', null],
  ['name', null],
  ['1', null],
];

strings('table', () => {
  for (const [literal, expected] of STRING_CASES) {
    const unit = parsed(`x = ${literal}\n`);
    const assign = find(unit, 'AssignStatement', 'x');
    assert.is(stringLiteralValue(unit, assign.lastChild!), expected, literal);
  }
});

strings.run();

// ── statements and functions ──

const structure = suite('nodes: statementOf, enclosingFunction');

structure('statementOf finds the innermost statement', () => {
  const unit = parsed('a = 1; run.log("x", 1)\nfor i in y:\n    run.log("z", i)\n');
  assert.is(statementOf(find(unit, 'CallExpression', 'run.log("x"'))!.name, 'ExpressionStatement');
  assert.is(nodeText(unit, statementOf(find(unit, 'CallExpression', 'run.log("z"'))!), 'run.log("z", i)');
  assert.is(statementOf(find(unit, 'VariableName', 'y'))!.name, 'ForStatement');
  assert.is(statementOf(unit.tree!.topNode), null);
});

structure('enclosingFunction', () => {
  const unit = parsed('def outer():\n    def inner():\n        a()\n    b()\nclass C:\n    c()\n    def m(self):\n        d()\ne()\n');
  const nameOf = (fn: SyntaxNode | null): string | null => (fn ? nodeText(unit, fn.getChild('VariableName')!) : null);
  assert.is(nameOf(enclosingFunction(find(unit, 'CallExpression', 'a()'))), 'inner');
  assert.is(nameOf(enclosingFunction(find(unit, 'CallExpression', 'b()'))), 'outer');
  assert.is(nameOf(enclosingFunction(find(unit, 'CallExpression', 'c()'))), null);
  assert.is(nameOf(enclosingFunction(find(unit, 'CallExpression', 'd()'))), 'm');
  assert.is(nameOf(enclosingFunction(find(unit, 'CallExpression', 'e()'))), null);
});

structure.run();
