// lib/line-breaks.ts: `\r\n`, `\n` and a lone `\r` each end a line, as Python reads source.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lineBreakOf, lineStartAt, nextLineStartAt, splitLinesKeepingBreaks } from '../lib/line-breaks.js';

test('the line break of a text: CRLF when it has one, else its first CR or LF, else the fallback', () => {
  assert.is(lineBreakOf('a\r\nb\nc'), '\r\n');
  assert.is(lineBreakOf('a\rb\rc'), '\r');
  assert.is(lineBreakOf('a\nb\rc'), '\n');
  assert.is(lineBreakOf('one line'), '\n');
  assert.is(lineBreakOf('one line', '\r'), '\r');
});

test('line starts and ends over CR-only, CRLF and LF text', () => {
  for (const eol of ['\r', '\r\n', '\n']) {
    const text = ['x = 1', '  y = 2', 'z'].join(eol);
    const y = text.indexOf('y');
    assert.is(text.slice(lineStartAt(text, y), y), '  ', JSON.stringify(eol));
    assert.is(text.slice(nextLineStartAt(text, y)), 'z', JSON.stringify(eol));
    assert.is(nextLineStartAt(text, text.indexOf('z')), text.length);
  }
});

test('a cell source splits as nbformat splits it, breaks kept, no empty last element', () => {
  assert.equal(splitLinesKeepingBreaks('a\rb\r'), ['a\r', 'b\r']);
  assert.equal(splitLinesKeepingBreaks('a\r\nb'), ['a\r\n', 'b']);
  assert.equal(splitLinesKeepingBreaks('a\n\nb\n'), ['a\n', '\n', 'b\n']);
  assert.equal(splitLinesKeepingBreaks(''), []);
});

test.run();
