// pythonBlocksOf: plain cells take a line scan instead of the markdown parser; cells with containers, indented
// fences or an unclosed fence still go through the parser. Either way the blocks must be what markdown defines.
// The expected values were produced by the parser-only implementation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_MARKDOWN_NESTING, pythonBlocksOf } from '../lib/programs/markdown.js';

const texts = (md: string): string[] => pythonBlocksOf(md).map((b) => b.text);

test('plain cell: the block and its map back to the cell', () => {
  const md = '### Example\n\n```python\nrun.log("accuracy", 0.91)\n```\n\nThe call above logs one value.';
  assert.equal(pythonBlocksOf(md), [{ text: 'run.log("accuracy", 0.91)', segments: [{ unitStart: 0, originStart: 23, length: 25 }] }]);
});

test('tilde fence closed by a longer fence, blank line kept', () => {
  assert.equal(pythonBlocksOf('~~~py\nx = 1\n\ny = 2\n~~~~\ntext'), [
    {
      text: 'x = 1\n\ny = 2',
      segments: [
        { unitStart: 0, originStart: 6, length: 6 },
        { unitStart: 6, originStart: 12, length: 1 },
        { unitStart: 7, originStart: 13, length: 5 },
      ],
    },
  ]);
});

test('a shorter fence inside a longer one is content', () => {
  assert.equal(texts('````python\n```\nx = 1\n````'), ['```\nx = 1']);
});

test('only Python info strings count; the first word decides', () => {
  assert.equal(texts('```bash\npip install x\n```\n```python3 title="x"\nimport mlflow\n```'), ['import mlflow']);
});

test('fences in a list item, a block quote, indented, or unclosed (the parser path)', () => {
  const one = [{ text: 'run.log("a", 1)' }];
  const shape = (md: string) => pythonBlocksOf(md).map(({ text }) => ({ text }));
  assert.equal(shape('- step\n\n  ```python\n  run.log("a", 1)\n  ```'), one);
  assert.equal(pythonBlocksOf('- step\n\n  ```python\n  run.log("a", 1)\n  ```')[0].segments, [{ unitStart: 0, originStart: 22, length: 15 }]);
  assert.equal(shape('> ```python\n> run.log("a", 1)\n> ```'), one);
  assert.equal(pythonBlocksOf('> ```python\n> run.log("a", 1)\n> ```')[0].segments, [{ unitStart: 0, originStart: 14, length: 15 }]);
  assert.equal(shape('   ```python\n   run.log("a", 1)\n   ```'), one);
  assert.equal(shape('Intro\n```python\nrun.log("a", 1)\n'), one);
});

test('nesting up to the limit is searched; deeper nesting (3,400 quotes, 20,000 bullets) is left out at once, no stack overflow', () => {
  const fence = '```python\nrun.log("a", 1)\n```\n';
  const quoted = (depth: number) => `${'> '.repeat(depth)}${fence.split('\n').join(`\n${'> '.repeat(depth)}`)}`;
  assert.equal(texts(quoted(3)), ['run.log("a", 1)']);
  assert.equal(texts(quoted(MAX_MARKDOWN_NESTING)), ['run.log("a", 1)']);
  assert.equal(texts(quoted(MAX_MARKDOWN_NESTING + 1)), []);
  assert.equal(texts(quoted(3400)), []);
  assert.equal(texts('* '.repeat(20_000) + fence), []);
  const indentedList = Array.from({ length: 400 }, (_, i) => ' '.repeat(2 * i) + '- a').join('\n');
  assert.equal(texts(`${indentedList}\n\n${fence}`), []);
});

test.run();
