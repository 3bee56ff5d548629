// loadRewritten (lib/notebook/load.ts): the fixer's passes load their output from the file before the pass and the
// sources they rewrote, without parsing the JSON again. It must give exactly what loadText gives for the same text,
// field by field, on real-shaped notebooks (1- and 2-space indents, tabs, no trailing newline, CRLF, sources as a
// string or a list, non-ASCII, escapes) over chains of rewrites, and on the fixtures' real fix passes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { loadRewritten, loadText } from '../lib/notebook/load.js';
import { renderFixed } from '../lib/fix/writer.js';
import { fixFile } from '../lib/fix/fixer.js';
import plugin from '../rules/index.js';
import type { LoadedFile, ResolvedConfig } from '../lib/types.js';
import { FIXTURES, fixture } from './helpers/paths.js';
import { seeded } from './helpers/seeded.js';

const load = (text: string, name = 'nb.ipynb'): LoadedFile => {
  const result = loadText(text, `/tmp/${name}`, name);
  if (!result.ok) throw new Error(result.message);
  return result.file;
};

const notebooks = readdirSync(FIXTURES).filter((name) => name.endsWith('.ipynb'));

/** A fixture notebook written another way: indent, line breaks, final newline, source form. */
function variant(text: string, random: (n: number) => number): string {
  const doc = JSON.parse(text) as { cells: { source: string | string[] }[] };
  if (random(2) === 0) for (const cell of doc.cells) cell.source = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
  let out = JSON.stringify(doc, null, [1, 2, '\t', 0][random(4)]);
  if (random(3) === 0) out = out.replace(/\n/g, '\r\n'); // JSON strings escape their line breaks: only layout changes
  return random(2) === 0 ? out : `${out}\n`;
}

const PIECES = ['mlflow.log_metric("m", 1)\n', 'é😀 "quoted" \\ back\n', '\t\r\n', '', 'x', '\n', '\r\n', 'import mlflow\n', '\u2028'];

/** The source with one to three pieces inserted or ranges removed (or all of it replaced). */
function rewrite(source: string, random: (n: number) => number): string {
  let out = source;
  for (let edits = 1 + random(3); edits > 0; edits--) {
    const at = random(out.length + 1);
    const op = random(6);
    if (op === 0) out = PIECES[random(PIECES.length)]!;
    else if (op <= 3) out = out.slice(0, at) + PIECES[random(PIECES.length)] + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + 1 + random(30));
  }
  return out;
}

test('a chain of rewrites loads as loadText loads the rendered text, field by field', () => {
  assert.ok(notebooks.length >= 10, `only ${notebooks.length} fixture notebooks`);
  const random = seeded(2026);
  let checked = 0;
  for (const name of notebooks) {
    for (let round = 0; round < 4; round++) {
      let file = load(variant(readFileSync(fixture(name), 'utf8'), random));
      if (file.cells.length === 0) continue;
      // Like fix passes: each step rewrites some cells of the file the step before loaded (loadRewritten's own).
      for (let step = 0; step < 3; step++) {
        const sources = new Map<number, string>();
        for (let n = 1 + random(3); n > 0; n--) {
          const index = random(file.cells.length);
          sources.set(index, rewrite(sources.get(index) ?? file.cells[index]!.source, random));
        }
        const text = renderFixed(file, sources);
        const rewritten = loadRewritten(file, text, sources);
        assert.ok(rewritten.ok);
        assert.equal(rewritten, { ok: true, file: load(text) }, `${name} round ${round} step ${step}`);
        file = rewritten.file;
        checked++;
      }
    }
  }
  assert.ok(checked > 100, `only ${checked} rewrites checked`);
});

test('a script, and the refusals loadText makes of a text (NUL bytes), are the same', () => {
  const script = load('import os\n', 'job.py');
  assert.equal(loadRewritten(script, 'import mlflow\n', new Map([[-1, 'import mlflow\n']])), loadText('import mlflow\n', '/tmp/job.py', 'job.py'));
  const nb = load(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', id: 'a', metadata: {}, source: ['x = 1\n'], outputs: [], execution_count: null }] }, null, 1));
  const sources = new Map([[0, 'x = "\0"\n']]);
  const text = renderFixed(nb, sources).replace('\\u0000', '\0');
  assert.equal(loadRewritten(nb, text, sources), loadText(text, '/tmp/nb.ipynb', 'nb.ipynb'));
  assert.not.ok(loadRewritten(nb, text, sources).ok);
});

const recommended: ResolvedConfig = {
  rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, { severity: 2, options: [] }])),
  settings: {},
  ruleDefinitions: plugin.rules,
};

test('the fixtures fixed: the file the last pass loaded is what loadText gives for the output', () => {
  let fixed = 0;
  for (const name of notebooks.filter((n) => !n.includes('.fixed.'))) {
    const result = fixFile(load(readFileSync(fixture(name), 'utf8'), name), recommended);
    if (!result.changed) continue;
    fixed++;
    assert.equal(result.file, load(result.output, name), name);
  }
  assert.ok(fixed >= 10, `only ${fixed} fixtures changed by --fix`);
});

test.run();
