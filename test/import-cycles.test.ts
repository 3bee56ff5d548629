// No module of lib/ or rules/ needs itself to load: an import cycle makes the evaluation order decide whether a
// binding is ready (a `const` read before its module ran throws), and it is a sign two concerns share a module.
// Which imports count is said in helpers/import-graph.ts (type-only imports and dynamic import() do not).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importCycles, importGraph, runtimeImportsOf, sourceFiles } from './helpers/import-graph.js';
import { ROOT } from './helpers/paths.js';

test('imports that run are read; type-only ones, dynamic import() and packages are not', () => {
  const source = [
    "import { a } from './a.js';",
    "import b, { type B } from './b.js';",
    "import './side-effect.js';",
    "import * as c from '../c.js';",
    "export { d } from './d.js';",
    "export * from './e.js';",
    "import { x, type X } from './mixed.js';",
    "import type { T } from './type-only.js';",
    "import { type U, type V } from './types-only.js';",
    "export type { W } from './type-export.js';",
    "export { type Y } from './type-export-2.js';",
    "import ts from 'typescript';",
    "// import { z } from './comment.js';",
    "const s = \"import { q } from './string.js'\";",
    "const lazy = () => import('./lazy.js');",
  ].join('\n');
  assert.equal(runtimeImportsOf(source), ['./a.js', './b.js', './side-effect.js', '../c.js', './d.js', './e.js', './mixed.js']);
});

test('a cycle is found and named as a path back to where it starts; acyclic graphs give none', () => {
  const graph = new Map([
    ['lib/a.ts', ['lib/b.ts']],
    ['lib/b.ts', ['lib/c.ts', 'lib/d.ts']],
    ['lib/c.ts', ['lib/a.ts']],
    ['lib/d.ts', []],
    ['lib/self.ts', ['lib/self.ts']],
  ]);
  assert.equal(importCycles(graph), [['lib/a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/a.ts'], ['lib/self.ts', 'lib/self.ts']]);
  graph.set('lib/c.ts', ['lib/d.ts']);
  graph.set('lib/self.ts', []);
  assert.equal(importCycles(graph), []);
});

test('lib/ and rules/ have no import cycle', () => {
  const files = sourceFiles(ROOT, ['lib', 'rules']);
  assert.ok(files.length > 100, `only ${files.length} source files found under lib/ and rules/`);
  const graph = importGraph(ROOT, files);
  // Every relative import resolves to a source file that was read (a moved file would otherwise be missed).
  const known = new Set(files);
  const unresolved = [...graph].flatMap(([file, imports]) => imports.filter((to) => to.endsWith('.ts') && !known.has(to)).map((to) => `${file} -> ${to}`));
  assert.equal(unresolved, []);
  const cycles = importCycles(graph).map((cycle) => cycle.join(' -> '));
  assert.equal(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});

test.run();
