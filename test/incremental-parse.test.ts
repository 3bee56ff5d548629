// Incremental re-parsing of units a fix pass edited (lib/python/incremental-parse.ts): the tree lezer builds from
// the previous tree must be the tree a from-scratch parse builds, node for node, on the fixtures' real fix passes
// and on seeded random edits; and it must actually reuse the previous tree.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { Tree, type TreeBuffer } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Unit } from '../lib/types.js';
import { buildPrograms } from '../lib/programs/build.js';
import { diffLines } from 'diff';
import { changedLines, commonLines, MAX_CHANGED_LINES, reparse } from '../lib/python/incremental-parse.js';
import { parseForFix } from '../lib/python/parsers.js';
import { parserText, parseUnit, withParseCache } from '../lib/python/parse.js';
import { loadAs } from './helpers/load-text.js';
import { FIXTURES, fixture } from './helpers/paths.js';
import { seeded } from './helpers/seeded.js';

/** Every node a cursor shows (type, from, to): what the linter can see of a tree. */
function nodesOf(tree: Tree): string {
  const out: number[] = [];
  tree.iterate({ enter: (node) => void out.push(node.type.id, node.from, node.to) });
  return out.join(',');
}

function hasErrorNode(tree: Tree): boolean {
  let found = false;
  tree.iterate({ enter: (node) => void (found ||= node.type.isError) });
  return found;
}

/** The code units of a fixture, by cell index, in program order. */
function unitsOf(name: string): Map<number, Unit[]> {
  const units = new Map<number, Unit[]>();
  for (const program of buildPrograms(loadAs(readFileSync(fixture(name), 'utf8'), name), {})) {
    for (const unit of program.units) units.set(unit.cellIndex, [...(units.get(unit.cellIndex) ?? []), unit]);
  }
  return units;
}

/** The fixtures that have an after-fixture: [before, after] names. */
const fixturePairs: [string, string][] = readdirSync(FIXTURES)
  .filter((name) => /\.fixed\.(ipynb|py)$/.test(name))
  .map((fixed) => [fixed.replace('.fixed.', '.'), fixed]);

/** A unit's first parse under --fix. */
const firstParse = (text: string): Tree => parseForFix(parserText(text));

/** The units that parse, joined as one script. */
const joinedCode = (units: Map<number, Unit[]>): string =>
  [...units.values()]
    .flat()
    .filter((unit) => !hasErrorNode(parser.parse(parserText(unit.text))))
    .map((unit) => unit.text)
    .join('\n');

/**
 * All the fixtures' code as one script, before and after their fixes: a unit long enough (over 1,024 characters)
 * for lezer to reuse nodes, edited where the fixes edit.
 */
const allBefore = fixturePairs.map(([name]) => joinedCode(unitsOf(name))).join('\n');
const allAfter = fixturePairs.map(([, fixed]) => joinedCode(unitsOf(fixed))).join('\n');

/** Whether `after` holds a subtree or buffer object of `before` (the parse reused it rather than rebuilt it). */
function sharesNodes(before: Tree, after: Tree): boolean {
  const old = new Set<Tree | TreeBuffer>();
  const collect = (tree: Tree): void => {
    for (const child of tree.children) {
      old.add(child);
      if (child instanceof Tree) collect(child);
    }
  };
  collect(before);
  const search = (tree: Tree): boolean => tree.children.some((child) => old.has(child) || (child instanceof Tree && search(child)));
  return search(after);
}

/**
 * Re-parses `after` from the tree of `before` and checks it against a full parse: the same nodes when the full
 * parse has no error node; an error node too when it has one (the parse cache then parses it from scratch: how
 * the parser recovers from an error may differ with reused nodes).
 */
function assertSameAsFullParse(before: string, after: string, label: string): Tree {
  const previous = { input: parserText(before), tree: firstParse(before) };
  const input = parserText(after);
  const tree = reparse(previous, input);
  if (!tree) throw new Error(`${label}: the texts were too far apart for an incremental parse`);
  const full = parser.parse(input);
  assert.is(hasErrorNode(tree), hasErrorNode(full), `${label}: an error node in one parse only`);
  if (!hasErrorNode(full)) assert.is(nodesOf(tree), nodesOf(full), `${label}: incremental tree differs from a full parse`);
  return tree;
}

const passes = suite('incremental parse: the fixtures\' fix passes');

passes('each edited unit and each whole fixture re-parsed from its old tree equals a full parse', () => {
  assert.ok(fixturePairs.length >= 10, `only ${fixturePairs.length} fixture pairs found`);
  let edited = 0;
  for (const [name, fixed] of fixturePairs) {
    const before = unitsOf(name);
    const after = unitsOf(fixed);
    for (const [cell, units] of before) {
      units.forEach((unit, i) => {
        const now = after.get(cell)?.[i];
        if (!now || now.text === unit.text) return;
        edited++;
        assertSameAsFullParse(unit.text, now.text, `${name} cell ${cell + 1}`);
      });
    }
  }
  assert.ok(allBefore.length > 4000 && allBefore !== allAfter);
  assertSameAsFullParse(allBefore, allAfter, 'all fixtures as one script');
  assert.ok(edited >= 20, `only ${edited} edited units in the fixtures`);
});

passes('a long unit edited near its start reuses the nodes of its old tree after the edits', () => {
  const tail = `\n${allAfter}\n${allAfter}`;
  const [before, after] = [allBefore + tail, allAfter + tail];
  const old = firstParse(before);
  const reused = reparse({ input: parserText(before), tree: old }, parserText(after))!;
  assert.ok(sharesNodes(old, reused), 'nothing of the old tree was reused');
  assert.is(nodesOf(reused), nodesOf(parser.parse(parserText(after))));
});

passes('parseForFix gives a long unit small tree buffers and leaves lezer\'s parser as it was', () => {
  const largestBuffer = (tree: Tree): number => {
    let largest = 0;
    const visit = (node: Tree): void => {
      for (const child of node.children) {
        if (child instanceof Tree) visit(child);
        else largest = Math.max(largest, child.buffer.length / 4); // 4 numbers per node
      }
    };
    visit(tree);
    return largest;
  };
  const input = parserText(allBefore + allAfter);
  const before = largestBuffer(parser.parse(input));
  assert.ok(before > 256, `lezer's own buffers hold up to ${before} nodes`);
  assert.ok(largestBuffer(parseForFix(input)) <= 256);
  assert.is(largestBuffer(parser.parse(input)), before, 'the buffer length was not restored');
});

const seededEdits = suite('incremental parse: seeded random edits');

const PIECES = ['(', ')', ':', '"""', "'", '\\', '#', 'if x:\n', '\n', 'é😀', '\r\n', '    ', '\t', '255.', 'with (open(a) as f,\n      open(b) as g):\n'];
const STATEMENTS = ['run.log("m", 1)\n', 'import mlflow\n', 'x = 255.\n', 'if x:\n    y = [1,\n        2]\n', 'with (open(a) as f,\n      open(b) as g):\n    pass\n'];

/** Offsets of the starts of unindented lines (where a statement can go or end). */
function statementStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\n(?=[^\s#])/g)) starts.push(match.index + 1);
  return starts;
}

/** One to three edits: whole statements added or removed (the text still parses), or characters (it mostly does not). */
function mutate(text: string, random: (n: number) => number): string {
  let out = text;
  for (let edits = 1 + random(3); edits > 0; edits--) {
    const starts = statementStarts(out);
    const i = random(starts.length);
    const op = random(5);
    if (op <= 1) out = out.slice(0, starts[i]) + STATEMENTS[random(STATEMENTS.length)] + out.slice(starts[i]);
    else if (op === 2 && i + 1 < starts.length) out = out.slice(0, starts[i]) + out.slice(starts[i + 1]);
    else if (op === 3) out = out.slice(0, starts[i]) + PIECES[random(PIECES.length)] + out.slice(starts[i]);
    else {
      const at = random(out.length + 1);
      out = out.slice(0, at) + out.slice(at + 1 + random(20));
    }
  }
  return out;
}

seededEdits('150 chains of edits on the fixtures\' code: each re-parse equals a full parse or has an error node as it does', () => {
  const random = seeded(2026);
  const texts = [allBefore, allAfter];
  const count = { clean: 0, errors: 0 };
  for (let chain = 0; chain < 150; chain++) {
    let text = texts[random(texts.length)]!;
    let previous = { input: parserText(text), tree: firstParse(text) };
    // Like fix passes: each step re-parses from the tree the step before kept (a full parse where it had errors).
    for (let step = 0; step < 3; step++) {
      const next = mutate(text, random);
      const label = `chain ${chain} step ${step}`;
      assertSameAsFullParse(text, next, label);
      const input = parserText(next);
      const chained = reparse(previous, input)!;
      const full = parser.parse(input);
      assert.is(hasErrorNode(chained), hasErrorNode(full), `${label}: an error node in one parse only (chained)`);
      if (hasErrorNode(full)) count.errors++;
      else {
        count.clean++;
        assert.is(nodesOf(chained), nodesOf(full), `${label}: chained re-parse differs from a full parse`);
      }
      previous = { input, tree: hasErrorNode(chained) ? parseForFix(input) : chained };
      text = next;
    }
  }
  assert.ok(count.clean > 100 && count.errors > 100, `${count.clean} clean and ${count.errors} broken edits: both kinds must be exercised`);
});

seededEdits('changedLines: outside its ranges both texts are the same, and the ranges are in order', () => {
  const random = seeded(7);
  const texts = [allBefore, allAfter, ...fixturePairs.map(([name]) => joinedCode(unitsOf(name)))];
  for (let i = 0; i < 300; i++) {
    const a = texts[random(texts.length)]!;
    const b = mutate(a, random);
    const ranges = changedLines(a, b)!;
    let [posA, posB] = [0, 0];
    for (const r of ranges) {
      assert.ok(r.fromA >= posA && r.fromB >= posB && r.toA >= r.fromA && r.toB >= r.fromB);
      assert.is(b.slice(posB, r.fromB), a.slice(posA, r.fromA));
      [posA, posB] = [r.toA, r.toB];
    }
    assert.is(b.slice(posB), a.slice(posA));
  }
});

seededEdits('changedLines diffs only the lines between the common first and last lines: it gives up exactly when a diff of the whole texts does', () => {
  const random = seeded(11);
  const crlf = (text: string) => text.replace(/\n/g, '\r\n');
  const texts = [allBefore, allAfter, crlf(allBefore), 'x = 1', '', '\n', '\r\n\r\n'];
  const ends = ['', '\n', '\r\n', 'import mlflow\n', 'x\n', '\r'];
  let gaveUp = 0;
  for (let i = 0; i < 300; i++) {
    const a = texts[random(texts.length)]!;
    // Edits anywhere, at the very start or end, and chains long enough for the diff to give up.
    let b = a;
    for (let n = random(4) === 0 ? 150 + random(100) : 1; n > 0; n--) b = mutate(b, random);
    if (random(3) === 0) b = ends[random(ends.length)] + b + ends[random(ends.length)];
    const ranges = changedLines(a, b);
    assert.is(ranges === null, diffLines(a, b, { maxEditLength: MAX_CHANGED_LINES }) === undefined, `edit ${i}`);
    if (ranges === null) gaveUp++;
    const [head, tail] = commonLines(a, b);
    assert.ok(head + tail <= Math.min(a.length, b.length));
    assert.is(a.slice(0, head), b.slice(0, head));
    assert.is(a.slice(a.length - tail), b.slice(b.length - tail));
    assert.ok(head === 0 || a[head - 1] === '\n' || (head === a.length && a === b), `edit ${i}: head ends a line`);
    assert.ok(tail === 0 || a[a.length - tail - 1] === '\n', `edit ${i}: tail starts a line`);
  }
  assert.ok(gaveUp > 10 && gaveUp < 290, `${gaveUp} of 300 diffs gave up: both outcomes must be exercised`);
  assert.equal(commonLines('a\nb\nc', 'a\nB\nc'), [2, 1]);
  assert.equal(commonLines('a\nb\nc\n', 'a\nB\nc\n'), [2, 2]);
  assert.equal(commonLines('\nx', 'y'), [0, 0]);
  assert.equal(commonLines('a\n', 'a\n'), [2, 0]);
});

const cache = suite('incremental parse: the parse cache');

cache('parseUnit(unit, before) under the cache gives the tree and hasErrors of a plain parse', () => {
  const random = seeded(99);
  const text = allBefore;
  const unitOf = (t: string): Unit => ({ text: t, cellIndex: -1, segments: [{ unitStart: 0, originStart: 0, length: t.length }], protectedRanges: [] });
  let errors = 0;
  for (let i = 0; i < 100; i++) {
    const next = mutate(text, random);
    const [before, after, plain] = [unitOf(text), unitOf(next), unitOf(next)];
    withParseCache(() => {
      parseUnit(before);
      parseUnit(after, before);
    });
    parseUnit(plain);
    assert.is(nodesOf(after.tree!), nodesOf(plain.tree!));
    assert.is(after.hasErrors, plain.hasErrors);
    if (plain.hasErrors) errors++;
  }
  assert.ok(errors > 10 && errors < 90, `${errors} of 100 edits broke the unit`);
});

passes.run();
seededEdits.run();
cache.run();
