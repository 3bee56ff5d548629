// lib/shared-string.ts: a path kept for the run comes back as the same text, whatever its characters.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { sharedString } from '../lib/shared-string.js';

test('the shared copy has the same characters: ropes from path.join, non-ASCII, lone surrogates, names like numbers or __proto__', () => {
  const texts = [
    path.join('/work', 'repo', 'notebooks', '..', 'src', 'train.py'),
    path.resolve('/tmp', 'données', 'モデル', 'entraîner.ipynb'),
    `/tmp/odd-\ud800-name.py`,
    '123',
    '__proto__',
    'constructor',
    '',
  ];
  for (const text of texts) assert.is(sharedString(text), text);
  // Nothing is kept between calls: the holder is empty again.
  assert.is(sharedString('a'), 'a');
  assert.is(sharedString('b'), 'b');
});

test.run();
