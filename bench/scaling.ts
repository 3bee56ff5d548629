// `npm run bench:scaling`: time and memory in each size dimension of one input (issue 12), measured at n and 2n.
// A ratio near 2 is linear; near 4 quadratic. Figures, not a pass/fail: the machine is shared. Each input is
// linted (-f json, every problem serialised) and fixed in memory (--fix-dry-run -f json), one process each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureProcess } from './measure.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'dist', 'bundle', 'nblint-mlflow.cjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nblint-scaling-'));
const V1 = 'from azureml.core import Run\nrun = Run.get_context()\n';

const notebook = (...cells: string[]): string =>
  JSON.stringify({
    cells: cells.map((source, i) => ({ cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
const times = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('');

interface Dimension {
  name: string;
  n: number;
  /** Writes the input of size `n` under `dir`; returns the CLI arguments after the options. */
  make(dir: string, n: number): string[];
}

const file = (dir: string, name: string, text: string): string[] => {
  fs.writeFileSync(path.join(dir, name), text);
  return [name];
};

const DIMENSIONS: Dimension[] = [
  { name: 'problems in one cell (run.log)', n: 10_000, make: (d, n) => file(d, 'a.ipynb', notebook(V1 + times(n, (i) => `run.log("m${i}", ${i})\n`))) },
  { name: 'problems in one script', n: 10_000, make: (d, n) => file(d, 'a.py', V1 + times(n, (i) => `run.log("m${i}", ${i})\n`)) },
  { name: 'cells (a run.log each)', n: 10_000, make: (d, n) => file(d, 'a.ipynb', notebook(V1, ...Array.from({ length: n }, (_, i) => `run.log("m${i}", ${i})\n`))) },
  { name: 'tokens on one line', n: 50_000, make: (d, n) => file(d, 'a.py', `${V1}run.log("a", ${times(n, () => '1 + ')}1)\n`) },
  { name: 'packages on a %pip line', n: 50_000, make: (d, n) => file(d, 'a.ipynb', notebook(`%pip install ${times(n, (i) => `pkg${i} `)}azureml-core\n`, `${V1}run.log("a", 1)\n`)) },
  { name: 'nesting (parentheses)', n: 2_500, make: (d, n) => file(d, 'a.py', `${V1}x = ${'('.repeat(n)}run${')'.repeat(n)}\nx.log("a", 1)\n`) },
  {
    name: 'folder depth, 8-** ignore patterns',
    n: 40,
    make: (d, n) => {
      const deep = path.join(d, ...Array.from({ length: n }, (_, i) => `d${i}`));
      fs.mkdirSync(deep, { recursive: true });
      fs.writeFileSync(path.join(deep, 'a.py'), `${V1}run.log("a", 1)\n`);
      return ['--ignore-pattern', `**/${Array(8).fill('d*').join('/**/')}/**/x.py`, '.'];
    },
  },
];

const MODES: [string, string[]][] = [
  ['lint', ['-f', 'json']],
  ['fix', ['--fix-dry-run', '-f', 'json']],
];

console.log(`nblint-mlflow scaling, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(2)} (CPU seconds, peak RSS)`);
console.log(['dimension', 'mode', 'n', 'CPU s', 'RSS MB', '2n', 'CPU s', 'RSS MB', 'ratio'].join('\t'));
for (const dimension of DIMENSIONS) {
  for (const [mode, options] of MODES) {
    const row = [dimension.name, mode];
    const cpu: number[] = [];
    for (const n of [dimension.n, 2 * dimension.n]) {
      const dir = fs.mkdtempSync(path.join(work, 'case-'));
      const usage = measureProcess(bin, ['--no-config-lookup', ...options, ...dimension.make(dir, n)], { cwd: dir });
      cpu.push(usage.cpuMs);
      row.push(String(n), (usage.cpuMs / 1000).toFixed(2), usage.maxRssMb.toFixed(0));
      fs.rmSync(dir, { recursive: true, force: true });
    }
    row.push((cpu[1] / cpu[0]).toFixed(2));
    console.log(row.join('\t'));
  }
}
fs.rmSync(work, { recursive: true, force: true });
