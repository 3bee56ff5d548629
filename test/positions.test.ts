import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadText } from '../lib/notebook/load.js';
import { decodedOffsetToRaw } from '../lib/notebook/json-string.js';
import { cellLineColumn, locate, locateOrigin, originToRaw, rawLineColumn, unitToOrigin } from '../lib/positions.js';
import type { LoadedFile, Unit } from '../lib/types.js';

function load(text: string, name = 'nb.ipynb'): LoadedFile {
  const result = loadText(text, `/abs/${name}`, name);
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

type Style = { indent: number; form: 'list' | 'string'; asciiOnly?: boolean; crlf?: boolean; bom?: boolean };

/** A notebook written as Jupyter (list form) or other tools (one string) write it. */
function notebookText(sources: string[], style: Style): string {
  const lines = (s: string): string[] => s.split(/(?<=\n)/);
  const cells = sources.map((s, i) =>
    i === 0
      ? { cell_type: 'markdown', metadata: {}, source: style.form === 'list' ? lines(s) : s }
      : { cell_type: 'code', execution_count: 1, id: `cell-${i}`, metadata: {}, outputs: [{ output_type: 'stream', name: 'stdout', text: ['ok\n'] }], source: style.form === 'list' ? lines(s) : s },
  );
  let text = JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, style.indent);
  if (style.asciiOnly) text = escapeNonAscii(text);
  if (style.crlf) text = text.replace(/\n/g, '\r\n');
  return (style.bom ? '\uFEFF' : '') + text;
}

const escapeNonAscii = (s: string): string => s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

const SOURCES = [
  '# Notes é\n',
  'from azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n',
  'msg = "é😀 \\"q\\" tab\\t"; run.log("loss", 0.1)\nprint(msg)  # 😀 end',
  '%pip install azureml-mlflow\n\tx = {"k": "\\\\path"}; run.log("k", x)',
];
const PROBES = ['run.log("acc"', 'run.log("loss"', 'print(msg)', 'end', 'run.log("k"', 'azureml-mlflow', 'Run.get_context()', 'x = {'];

const STYLES: Style[] = [
  { indent: 1, form: 'list' },
  { indent: 2, form: 'list' },
  { indent: 1, form: 'string' },
  { indent: 2, form: 'list', asciiOnly: true },
  { indent: 1, form: 'string', asciiOnly: true, crlf: true },
  { indent: 2, form: 'list', bom: true, crlf: true },
];

for (const style of STYLES) {
  test(`raw line/column lands on the JSON-escaped code: ${JSON.stringify(style)}`, () => {
    const file = load(notebookText(SOURCES, style));
    const rawLines = file.text.split(/\r\n|\n/);
    let checked = 0;
    file.cells.forEach((cell, cellIndex) => {
      for (const probe of PROBES) {
        const start = cell.source.indexOf(probe);
        if (start < 0) continue;
        const at = locateOrigin(file, cellIndex, [start, start + probe.length]);
        let escaped = JSON.stringify(probe).slice(1, -1);
        if (style.asciiOnly) escaped = escapeNonAscii(escaped);
        const rawLine = rawLines[at.line - 1];
        assert.is(rawLine.slice(at.column - 1, at.column - 1 + escaped.length), escaped, `${probe} in cell ${cellIndex + 1}`);
        assert.is(at.endLine, at.line);
        assert.is(at.endColumn - at.column, escaped.length);
        // The cell position counts lines and UTF-16 columns in the decoded source.
        const before = cell.source.slice(0, start).split('\n');
        assert.is(at.cell, cellIndex + 1);
        assert.is(at.cellId, cellIndex === 0 ? undefined : `cell-${cellIndex}`);
        assert.is(at.cellLine, before.length);
        assert.is(at.cellColumn, before[before.length - 1].length + 1);
        checked++;
      }
    });
    assert.is(checked, PROBES.length);
  });
}

test('UTF-16 columns: an emoji before the code counts two units', () => {
  const file = load(notebookText(SOURCES, { indent: 1, form: 'list' }));
  const cell = file.cells[2];
  const at = locateOrigin(file, 2, [cell.source.indexOf('run.log'), cell.source.indexOf('run.log') + 7]);
  // msg = "é😀 ...: é is one unit, 😀 two.
  assert.is(at.cellColumn, 'msg = "é😀 \\"q\\" tab\\t"; '.length + 1);
  assert.is(at.cellColumn, 26); // é is one unit, 😀 two
});

test('a range ending at a line break ends on its own raw line (list form)', () => {
  const file = load(notebookText(SOURCES, { indent: 2, form: 'list' }));
  const cell = file.cells[1];
  const lineStart = cell.source.indexOf('run = ');
  const nextLine = cell.source.indexOf('run.log');
  const at = locateOrigin(file, 1, [lineStart, nextLine]);
  assert.is(at.endLine, at.line);
  assert.is(file.text.split('\n')[at.line - 1].slice(at.endColumn - 1), '",');
  // The start of that next line is on the next raw line, just after the quote.
  const next = locateOrigin(file, 1, [nextLine, nextLine]);
  assert.is(next.line, at.line + 1);
  assert.is(file.text.split('\n')[next.line - 1].slice(next.column - 2, next.column + 6), '"run.log');
  // In the cell, the end is the start of the next line, as ESLint reports it.
  assert.is(at.cellEndLine, 3);
  assert.is(at.cellEndColumn, 1);
});

test('an empty source maps inside its brackets', () => {
  const file = load('{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": []}]}');
  assert.is(file.text[originToRaw(file, 0, 0) - 1], '[');
});

test('decodedOffsetToRaw: every escape is one UTF-16 unit', () => {
  const raw = 'x: "a\\n\\t\\"\\\\\\/\\u00e9\\ud83d\\ude00b"';
  const start = raw.indexOf('"');
  const piece = { rawStart: start, rawEnd: raw.length, decodedStart: 0, decodedLength: 10 };
  const decoded = JSON.parse(raw.slice(start)) as string;
  assert.is(decoded.length, 10);
  const expected = ['a', '\\n', '\\t', '\\"', '\\\\', '\\/', '\\u00e9', '\\ud83d', '\\ude00', 'b'];
  let at = start + 1;
  expected.forEach((token, i) => {
    assert.is(decodedOffsetToRaw(raw, piece, i), at, `offset ${i}`);
    at += token.length;
  });
  assert.is(decodedOffsetToRaw(raw, piece, 10), raw.length - 1);
  assert.is(decodedOffsetToRaw(raw, piece, 99), raw.length - 1);
});

test('rawLineColumn splits lines as ESLint does', () => {
  const file = load('a\r\nbb\rccc\ndd\u2028e', 'x.py');
  const at = (s: string) => rawLineColumn(file, file.text.indexOf(s));
  assert.equal(at('a'), { line: 1, column: 1 });
  assert.equal(at('bb'), { line: 2, column: 1 });
  assert.equal(at('ccc'), { line: 3, column: 1 });
  assert.equal(at('dd'), { line: 4, column: 1 });
  assert.equal(at('e'), { line: 5, column: 1 });
  assert.equal(rawLineColumn(file, file.text.length), { line: 5, column: 2 });
});

test('cellLineColumn counts \\n, \\r\\n and \\r', () => {
  const cell = { source: 'a\r\nb\rc\nd' } as Parameters<typeof cellLineColumn>[0];
  assert.equal(cellLineColumn(cell, 7), { line: 4, column: 1 });
  assert.equal(cellLineColumn(cell, 3), { line: 2, column: 1 });
});

test('scripts: positions are the text itself, no cell fields', () => {
  const text = 'import os\r\nx = "é😀"; run.log("a", 1)\n';
  const file = load(text, 'train.py');
  const unit: Unit = { text, cellIndex: -1, segments: [{ unitStart: 0, originStart: 0, length: text.length }], protectedRanges: [] };
  const start = text.indexOf('run.log');
  const at = locate(file, unit, [start, start + 7]);
  assert.equal(at, { line: 2, column: 12, endLine: 2, endColumn: 19 });
});

test('unitToOrigin: a synthetic prefix maps to the first segment; boundaries honour the side', () => {
  const unit: Unit = {
    text: 'if 1:\n  a\n  b',
    cellIndex: 0,
    segments: [
      { unitStart: 6, originStart: 10, length: 4 },
      { unitStart: 10, originStart: 20, length: 3 },
    ],
    protectedRanges: [[0, 6]],
  };
  assert.is(unitToOrigin(unit, 0), 10);
  assert.is(unitToOrigin(unit, 7), 11);
  assert.is(unitToOrigin(unit, 10), 20);
  assert.is(unitToOrigin(unit, 10, 'end'), 14);
  assert.is(unitToOrigin(unit, 13), 23);
});

test.run();
