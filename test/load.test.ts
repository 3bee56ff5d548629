import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadFile, loadText } from '../lib/notebook/load.js';
import { firstJsonError } from '../lib/notebook/json-error.js';
import { countCells } from '../lib/notebook/json-scan.js';
import { MAX_CELLS } from '../lib/limits.js';
import type { LoadedFile, LoadResult } from '../lib/types.js';

type Cell = { cell_type: string; source: string | string[]; metadata?: object; id?: string; outputs?: unknown[]; execution_count?: null };

function notebookJson(cells: Cell[], indent: number, extra: object = {}): string {
  const full = cells.map((c) => (c.cell_type === 'code' ? { execution_count: null, metadata: {}, outputs: [], ...c } : { metadata: {}, ...c }));
  const nb = { cells: full, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5, ...extra };
  return JSON.stringify(nb, null, indent);
}

function loaded(result: LoadResult): LoadedFile {
  if (!result.ok) throw new Error(`expected a loaded file, got: ${result.message}`);
  return result.file;
}

function failure(result: LoadResult): string {
  if (result.ok) throw new Error('expected a failure');
  return result.message;
}

const load = (text: string, name = 'nb.ipynb'): LoadResult => loadText(text, `/abs/${name}`, name);

/** Every piece's raw range must hold the JSON string of exactly its decoded text. */
function assertPiecesMatch(file: LoadedFile): void {
  for (const cell of file.cells) {
    for (const piece of cell.pieces) {
      const decoded = JSON.parse(file.text.slice(piece.rawStart, piece.rawEnd)) as string;
      assert.is(decoded, cell.source.slice(piece.decodedStart, piece.decodedStart + piece.decodedLength));
    }
    const value = JSON.parse(file.text.slice(cell.sourceValueRange[0], cell.sourceValueRange[1])) as string | string[];
    assert.is(Array.isArray(value) ? value.join('') : value, cell.source);
    assert.is(file.text[cell.cellRange[0]], '{');
    assert.is(file.text[cell.cellRange[1] - 1], '}');
  }
}

const CELLS: Cell[] = [
  { cell_type: 'markdown', source: ['# Training é\n', 'Some `code`'] },
  { cell_type: 'code', id: 'abc-1', metadata: { tags: ['nblint-skip', 3] }, source: ['from azureml.core import Run\n', 'run = Run.get_context()\n', 'run.log("acc", 0.9)'] },
  { cell_type: 'code', source: 'x = "tab\\t 😀 \\"q\\""\nrun.log("é", x)\n' },
  { cell_type: 'raw', source: [] },
];

for (const indent of [1, 2]) {
  test(`${indent}-space notebook: cells, ids, tags, both source forms`, () => {
    const file = loaded(load(notebookJson(CELLS, indent)));
    assert.is(file.kind, 'notebook');
    assert.equal(file.nbformat, [4, 5]);
    assert.is(file.language, 'python');
    assert.equal(file.cells.map((c) => c.cellType), ['markdown', 'code', 'code', 'raw']);
    assert.equal(file.cells.map((c) => c.index), [0, 1, 2, 3]);
    assert.is(file.cells[1].id, 'abc-1');
    assert.is(file.cells[0].id, undefined);
    assert.equal(file.cells[1].tags, ['nblint-skip']);
    assert.is(file.cells[1].source, 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)');
    assert.is(file.cells[1].sourceForm, 'list');
    assert.is(file.cells[1].pieces.length, 3);
    assert.is(file.cells[2].sourceForm, 'string');
    assert.is(file.cells[2].source, 'x = "tab\\t 😀 \\"q\\""\nrun.log("é", x)\n');
    assert.equal(file.cells[3].pieces, []);
    assertPiecesMatch(file);
  });
}

test('no trailing newline, CRLF line endings, \\u-escaped non-ASCII', () => {
  const crlf = notebookJson(CELLS, 1).replace(/\n/g, '\r\n');
  assertPiecesMatch(loaded(load(crlf)));
  const ascii = notebookJson(CELLS, 2).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  assert.ok(ascii.includes('\\ud83d\\ude00'));
  const file = loaded(load(ascii));
  assert.is(file.cells[2].source, 'x = "tab\\t 😀 \\"q\\""\nrun.log("é", x)\n');
  assertPiecesMatch(file);
});

test('a UTF-8 BOM is kept in the text and offsets count it', () => {
  const text = '\uFEFF' + notebookJson(CELLS, 1);
  const file = loaded(load(text));
  assert.is(file.text, text);
  assertPiecesMatch(file);
});

test('a duplicated "source" key and an escaped key resolve as JSON.parse does', () => {
  const text = '{"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": [\n' +
    ' {"cell_type": "code", "source": ["old"], "metadata": {}, "sour\\u0063e": ["new\\n", "line"], "outputs": [{"text": "]}\\"{["}]}\n]}';
  const file = loaded(load(text));
  assert.is(file.cells[0].source, 'new\nline');
  assert.is(file.nbformat?.[1], 2);
  assertPiecesMatch(file);
});

test('a repeated "cells" key: the last one counts', () => {
  const file = loaded(load('{"nbformat": 4, "cells": [{"cell_type": "code", "source": "a"}], "cells": [{"cell_type": "code", "source": "b"}, {"cell_type": "raw", "source": ""}]}'));
  assert.equal(file.cells.map((c) => c.source), ['b', '']);
  assertPiecesMatch(file);
});

test('nbformat 4.0 without ids, any 4.x minor, missing minor, language from language_info', () => {
  const file = loaded(load(JSON.stringify({ cells: [{ cell_type: 'code', source: 'a', metadata: {}, outputs: [] }], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 0 })));
  assert.equal(file.nbformat, [4, 0]);
  assert.is(file.language, 'python');
  assert.equal(loaded(load(JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 9 }))).nbformat, [4, 9]);
  const noMinor = loaded(load(JSON.stringify({ cells: [], metadata: {}, nbformat: 4 })));
  assert.equal(noMinor.nbformat, [4, 0]);
  assert.is(noMinor.language, undefined);
});

test('a script is loaded as is; an empty script is fine', () => {
  const file = loaded(loadText('import os\r\nprint(1)\n', '/abs/a.py', 'a.py'));
  assert.is(file.kind, 'script');
  assert.equal(file.cells, []);
  assert.is(loaded(loadText('', '/abs/__init__.py', '__init__.py')).text, '');
});

const FATAL: [string, string, RegExp][] = [
  ['empty', '', /^the file is empty$/],
  ['whitespace only', '  \n\n', /^the file is empty \(only whitespace\)$/],
  ['missing comma', '{\n  "cells": []\n  "nbformat": 4\n}', /^invalid JSON at line 3, column 3: expected ',' or '}'$/],
  ['nested 100,000 deep (no stack overflow)', '{"cells": ' + '['.repeat(100_000) + '{', /^invalid JSON at line 1, column 100012: unexpected end of file \(is it truncated\?\)$/],
  ['deep and wrong', '{"cells": ' + '[{"a": '.repeat(50_000) + '01', /^invalid JSON at line 1, column 350011: invalid number$/],
  ['truncated in a string', '{\n "cells": [\n  {"cell_type": "code", "source": "x', /^invalid JSON at line 3, column 35: unterminated string$/],
  ['truncated after a value', '{\n "cells": [\n  {"cell_type": "code"},\n', /^invalid JSON at line 4, column 1: unexpected end of file \(is it truncated\?\)$/],
  ['trailing comma', '{"cells": [],}', /^invalid JSON at line 1, column 14: /],
  ['comment', '// hi\n{}', /^invalid JSON at line 1, column 1: comments are not allowed in JSON$/],
  ['array', '[1, 2]', /^not a Jupyter notebook: the JSON value is an array, not an object$/],
  ['string', '"hello"', /^not a Jupyter notebook: the JSON value is a string, not an object$/],
  ['no nbformat', '{"cells": []}', /^not a Jupyter notebook: it has no "nbformat" field$/],
  ['no cells', '{"nbformat": 4, "metadata": {}}', /^not a Jupyter notebook: it has no "cells" array$/],
  ['cells key repeated, last not an array', '{"nbformat": 4, "cells": [], "cells": {}}', /^not a Jupyter notebook: it has no "cells" array$/],
  ['nbformat 3', '{"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}], "metadata": {}}', /^nbformat 3 notebooks are not supported; convert with `jupyter nbconvert --to notebook --nbformat 4`$/],
  ['worksheets only', '{"worksheets": [], "metadata": {}}', /^nbformat 3 notebooks are not supported/],
  ['nbformat 5', '{"nbformat": 5, "nbformat_minor": 0, "cells": []}', /^nbformat 5 is not supported \(only nbformat 4 is\)$/],
  ['nbformat string', '{"nbformat": "4", "cells": []}', /^"nbformat" must be an integer, found "4"$/],
  ['cell not object', '{"nbformat": 4, "cells": [1]}', /^cell 1 is a number, not an object$/],
  ['no cell_type', '{"nbformat": 4, "cells": [{"source": ""}]}', /^cell 1 has no "cell_type"$/],
  ['no source', '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ""}, {"cell_type": "code"}]}', /^cell 2 has no "source"$/],
  ['numeric source', '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}', /^cell 1: "source" must be a string or an array of strings, found a number$/],
  ['mixed source', '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}', /^cell 1: "source" must be a string or an array of strings, found an array$/],
];

for (const [name, text, message] of FATAL) {
  test(`fatal: ${name}`, () => {
    assert.match(failure(load(text)), message);
    // The project index's load (no raw positions) refuses the same files with the same words.
    assert.match(failure(loadText(text, '/abs/nb.ipynb', 'nb.ipynb', { rawPositions: false })), message);
  });
}

test('without raw positions (the project index): the same cells, sources and metadata, no pieces or raw ranges', () => {
  for (const text of [notebookJson(CELLS, 1), notebookJson(CELLS, 2).replace(/\n/g, '\r\n'), '\uFEFF' + notebookJson(CELLS, 2)]) {
    const full = loaded(load(text));
    const bare = loaded(loadText(text, '/abs/nb.ipynb', 'nb.ipynb', { rawPositions: false }));
    const strip = ({ pieces: _p, sourceValueRange: _s, cellRange: _c, ...rest }: LoadedFile['cells'][number]) => rest;
    assert.equal(bare.cells.map(strip), full.cells.map(strip));
    assert.equal([bare.language, bare.nbformat, bare.text], [full.language, full.nbformat, full.text]);
    assert.ok(full.cells[1].pieces.length > 0);
    for (const cell of bare.cells) assert.equal([cell.pieces, cell.sourceValueRange, cell.cellRange], [[], [0, 0], [0, 0]]);
  }
});

test('invalid JSON after a BOM reports columns in the text as read', () => {
  assert.match(failure(load('\uFEFF{"cells" []}')), /^invalid JSON at line 1, column 11: expected ':'$/);
});

const dir = mkdtempSync(path.join(tmpdir(), 'nblint-load-'));
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};

test('loadFile reads notebooks and scripts', async () => {
  const nb = loaded(await loadFile(write('ok.ipynb', notebookJson(CELLS, 1)), 'ok.ipynb'));
  assert.is(nb.displayPath, 'ok.ipynb');
  assert.is(nb.cells.length, 4);
  const bom = loaded(await loadFile(write('bom.ipynb', '\uFEFF' + notebookJson(CELLS, 2)), 'bom.ipynb'));
  assert.is(bom.text.charCodeAt(0), 0xfeff);
  assertPiecesMatch(bom);
  assert.is(loaded(await loadFile(write('s.py', 'x = "é"\n'), 's.py')).text, 'x = "é"\n');
});

test('loadFile: unreadable, empty, binary, UTF-16, invalid UTF-8', async () => {
  assert.match(failure(await loadFile(path.join(dir, 'missing.ipynb'), 'missing.ipynb')), /^cannot read the file \(ENOENT: no such file or directory\)$/);
  mkdirSync(path.join(dir, 'folder.ipynb'));
  assert.match(failure(await loadFile(path.join(dir, 'folder.ipynb'), 'folder.ipynb')), /^cannot read the file \(EISDIR: is a directory\)$/);
  assert.match(failure(await loadFile(write('empty.ipynb', ''), 'empty.ipynb')), /^the file is empty$/);
  assert.ok((await loadFile(write('empty.py', ''), 'empty.py')).ok);
  assert.match(failure(await loadFile(write('bin.ipynb', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])), 'bin.ipynb')), /^the file is binary, not text \(it contains NUL bytes\)$/);
  assert.match(failure(await loadFile(write('u16.py', Buffer.from('\uFEFFx = 1', 'utf16le')), 'u16.py')), /^the file is UTF-16 text; only UTF-8 is supported$/);
  assert.match(failure(await loadFile(write('latin1.py', Buffer.from([0x78, 0x3d, 0x27, 0xe9, 0x27, 0x0a])), 'latin1.py')), /^the file is not valid UTF-8 text$/);
  if (process.getuid?.() !== 0) {
    const locked = write('locked.ipynb', '{}');
    chmodSync(locked, 0o000);
    assert.match(failure(await loadFile(locked, 'locked.ipynb')), /^cannot read the file \(EACCES: permission denied\)$/);
  }
});


test('the JSON error scanner agrees with JSON.parse on 3,000 seeded mutants (valid exactly when JSON.parse accepts)', () => {
  const base = notebookJson(CELLS, 1);
  const alphabet = '{}[]",:\\ \n0123456789-+.eEtrufalsn/u\t\u0001x';
  let seed = 12;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  for (let k = 0; k < 3000; k++) {
    let text = base;
    for (let edits = 1 + random(3); edits > 0; edits--) {
      const at = random(text.length);
      const op = random(3);
      const ch = alphabet[random(alphabet.length)];
      text = op === 0 ? text.slice(0, at) + text.slice(at + 1) : op === 1 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + ch + text.slice(at + 1);
    }
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    assert.is(firstJsonError(text) === null, parses, `mutant ${k}: ${JSON.stringify(text.slice(0, 80))}`);
    // The cell count runs before JSON.parse: on any text it ends and does not throw; on valid JSON it is exact.
    const count = countCells(text);
    if (parses) assert.is(count, parsedCellCount(text), `mutant ${k}: ${JSON.stringify(text.slice(0, 80))}`);
    else assert.type(count, 'number');
  }
});

function parsedCellCount(text: string): number {
  const doc = JSON.parse(text) as unknown;
  const cells = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as { cells?: unknown }).cells : undefined;
  return Array.isArray(cells) ? cells.length : -1;
}

test('the cell count before JSON.parse: exact on tricky valid shapes, -1 without a cells array', () => {
  const shapes = [
    notebookJson(CELLS, 2),
    notebookJson(CELLS, 0),
    '\uFEFF' + notebookJson([], 1), // a BOM (the loader turns it into a space; the scan skips it either way)
    '{"metadata": {"a": [[[["]"]]]], "cells": "x]"}, "cells": [{"source": ["[\\"", "\\\\"]}, 1, [2, [3]], "}", null]}',
    '{"cells": [{}, {}], "cells": [{}]}',
    '{"c\\u0065lls": [{}, {}, {}]}',
    '{"cells": []}',
  ];
  for (const text of shapes) assert.is(countCells(text), parsedCellCount(text.replace(/^\uFEFF/, '')), text.slice(0, 60));
  assert.is(countCells('{"cells": [1], "cells": {"x": 1}}'), -1);
  assert.is(countCells('[{"cells": [1]}]'), -1);
  assert.is(countCells('{"nbformat": 4}'), -1);
  assert.is(countCells('{"\\x": [1], "cells": [1, 2]'), -1, 'an invalid escaped key');
});

test(`a notebook past the cell limit is refused before JSON.parse: a cut-off file of ${MAX_CELLS + 1} cells gets the cell-count message`, () => {
  const full = notebookJson(Array.from({ length: MAX_CELLS + 1 }, () => ({ cell_type: 'code', source: '' })), 0);
  const cut = full.slice(0, full.length - 100); // a truncated download: not valid JSON any more
  assert.is(failure(load(cut)), `the notebook has too many cells (${MAX_CELLS + 1}; the limit is ${MAX_CELLS}); it is not linted`);
  assert.is(failure(load(full)), `the notebook has too many cells (${MAX_CELLS + 1}; the limit is ${MAX_CELLS}); it is not linted`);
  const atLimit = notebookJson(Array.from({ length: MAX_CELLS }, () => ({ cell_type: 'code', source: '' })), 0);
  assert.is(loaded(load(atLimit)).cells.length, MAX_CELLS);
});

test.run();
