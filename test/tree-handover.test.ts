// The project index hands the trees it parsed to the lint of the same text (lib/python/tree-handover.ts): the
// lint takes each once, gets the tree a parse of its own would give, and the kept trees stay within their bound.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { parser } from '@lezer/python';
import { Project } from '../lib/project/project.js';
import { loadFile } from '../lib/notebook/load.js';
import { buildPrograms } from '../lib/programs/build.js';
import { parseProgram, parserText } from '../lib/python/parse.js';
import { TreeHandover } from '../lib/python/tree-handover.js';
import type { Tree } from '@lezer/common';

const ROOT = process.cwd();
const notebook = path.join(ROOT, 'test', 'projects', 'v1-env-file', 'submit-sweep.ipynb');
const script = path.join(ROOT, 'test', 'projects', 'v1-env-file', 'scripts', 'train.py');

test('the lint takes the trees the index parsed for a controller, once; without keepTrees none is kept', () => {
  const project = new Project([notebook, script], { cwd: ROOT, keepTrees: true });
  assert.ok(project.submittersOf(script).includes(notebook), 'the notebook submits the script: the index parsed its cells');
  const loaded = loadFile(notebook, 'submit-sweep.ipynb');
  assert.ok(loaded.ok);
  const [program] = buildPrograms(loaded.file, {});
  // What the lint's parse takes: the units the index parsed come from the handover, each once.
  const taken = new Map<string, Tree>();
  const handover = { take: (text: string) => tap(taken, text, project.parsedTrees!.take(text)) };
  parseProgram(program!, handover);
  assert.ok(taken.size > 0, 'some cell was parsed by the index');
  for (const unit of program!.units) {
    // The tree is the one a plain parse gives, and the unit's error flag is set as for a parse.
    assert.is(unit.tree!.toString(), parser.parse(parserText(unit.text)).toString());
    assert.is(unit.hasErrors, false);
    if (taken.has(unit.text)) assert.is(unit.tree, taken.get(unit.text));
    assert.is(project.parsedTrees!.take(unit.text), undefined, 'taken once');
  }
  const plain = new Project([notebook, script], { cwd: ROOT });
  plain.submittersOf(script);
  assert.is(plain.parsedTrees, undefined);
});

test('the handover keeps no more than its limit of unit text, and frees the room of a tree taken', () => {
  const handover = new TreeHandover(10);
  const tree = (text: string) => parser.parse(text);
  handover.keep('a = 1\n', tree('a = 1\n'));
  handover.keep('bb = 22\n', tree('bb = 22\n')); // 6 + 8 > 10: not kept
  assert.is(handover.take('bb = 22\n'), undefined);
  assert.ok(handover.take('a = 1\n'));
  handover.keep('bb = 22\n', tree('bb = 22\n')); // room again
  assert.ok(handover.take('bb = 22\n'));
});

function tap(taken: Map<string, Tree>, text: string, tree: Tree | undefined): Tree | undefined {
  if (tree) taken.set(text, tree);
  return tree;
}

test.run();
