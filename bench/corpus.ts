// A deterministic benchmark corpus: notebooks and scripts generated from varied templates with a seeded
// PRNG, so every run (and every machine) lints the same bytes. Shapes follow real SDK v1 notebooks:
// a minority with azureml code, markdown between cells, outputs (some with base64 images) that dwarf the code.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: tiny, fast, good enough for picking templates. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const RUN_NAMES = ['run', 'best_run', 'remote_run', 'run_logger', 'child', 'root_run', 'r'];
const METRICS = ['accuracy', 'loss', 'val_loss', 'précision', 'f1', 'AUC', 'rmse', 'Accuracy (%)'];

const setupCells = (r: Rand, runVar: string): string[] => {
  const alias = pick(r, ['plain', 'alias', 'module']);
  const imports =
    alias === 'plain'
      ? 'from azureml.core import Workspace, Experiment, Run'
      : alias === 'alias'
        ? 'from azureml.core import Workspace, Experiment as Exp, Run as AzRun'
        : 'import azureml.core as aml';
  const exp = alias === 'plain' ? 'Experiment' : alias === 'alias' ? 'Exp' : 'aml.Experiment';
  const ws = alias === 'module' ? 'aml.Workspace' : 'Workspace';
  return [
    `${imports}\nimport numpy as np\nimport pandas as pd\nimport math\nimport logging\n`,
    `ws = ${ws}.from_config()\nexperiment = ${exp}(workspace=ws, name="exp-${int(r, 1, 999)}")\n${runVar} = experiment.start_logging()`,
  ];
};

const loggingCell = (r: Rand, runVar: string): string => {
  const lines: string[] = [];
  const n = int(r, 3, 25);
  for (let i = 0; i < n; i++) {
    const kind = int(r, 0, 9);
    const m = pick(r, METRICS);
    if (kind < 4) lines.push(`${runVar}.log("${m}", ${(r() * 10).toFixed(4)})`);
    else if (kind === 4) lines.push(`${runVar}.log("${m}_flag", ${pick(r, ['True', 'False'])})`);
    else if (kind === 5) lines.push(`${runVar}.log("note", "epoch ${i} done")`);
    else if (kind === 6) lines.push(`for epoch in range(${int(r, 2, 50)}):\n    loss = 1.0 / (epoch + 1)\n    ${runVar}.log("loss", loss, step=epoch)`);
    else if (kind === 7) lines.push(`x = np.log(${i + 1}) + math.log(${i + 2})\nlogging.getLogger(__name__).log(logging.INFO, "x=%s", x)`);
    else lines.push(`df${i} = pd.DataFrame({"a": range(${i + 3})})\nprint(df${i}.describe())`);
  }
  return lines.join('\n');
};

const plainCell = (r: Rand): string => {
  const lines: string[] = [];
  const n = int(r, 4, 40);
  for (let i = 0; i < n; i++) {
    lines.push(
      pick(r, [
        `values_${i} = [v * ${i} for v in range(${int(r, 5, 99)})]`,
        `def helper_${i}(x, y=${i}):\n    """Scale x."""\n    return x * y + ${i}`,
        `result = sum(values_${Math.max(0, i - 1)}) if ${i} else 0`,
        `print(f"step {${i}}: {result}")`,
        `class Model${i}:\n    def log(self, *args):\n        return args\n\n    def fit(self, data):\n        self.log("fit", len(data))`,
        `%matplotlib inline`,
        `!pip install --quiet scikit-learn==1.${i % 5}.0`,
      ]),
    );
  }
  return lines.join('\n');
};

const markdown = (r: Rand): string =>
  pick(r, [
    '# Training\n\nThis notebook trains a model and logs metrics to the workspace.',
    '## Results\n\n| metric | value |\n|---|---|\n| acc | 0.9 |',
    '### Example\n\n```python\nrun.log("accuracy", 0.91)\n```\n\nThe call above logs one value.',
    'Some *emphasis* and a [link](https://example.com) — with non-ASCII: café, 数据.',
  ]);

const imageOutput = (r: Rand): object => ({
  data: { 'image/png': 'iVBORw0KGgo'.padEnd(int(r, 2000, 60000), 'A') + '\n', 'text/plain': ['<Figure size 640x480 with 1 Axes>'] },
  metadata: {},
  output_type: 'display_data',
});

const streamOutput = (r: Rand): object => ({
  name: 'stdout',
  output_type: 'stream',
  text: Array.from({ length: int(r, 1, 30) }, (_, i) => `epoch ${i}: loss=${(1 / (i + 1)).toFixed(5)}\n`),
});

const asLines = (src: string): string[] => src.split(/(?<=\n)/);

function notebook(r: Rand, index: number): string {
  const withV1 = r() < 0.6;
  const runVar = pick(r, RUN_NAMES);
  const sources: { type: 'code' | 'markdown'; src: string }[] = [];
  sources.push({ type: 'markdown', src: markdown(r) });
  if (withV1) for (const c of setupCells(r, runVar)) sources.push({ type: 'code', src: c });
  const cells = int(r, 4, 30);
  for (let i = 0; i < cells; i++) {
    if (r() < 0.25) sources.push({ type: 'markdown', src: markdown(r) });
    else sources.push({ type: 'code', src: withV1 && r() < 0.5 ? loggingCell(r, runVar) : plainCell(r) });
  }
  if (withV1 && r() < 0.5) sources.push({ type: 'code', src: '%%writefile train.py\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.9)\n' });
  const minor = pick(r, [0, 2, 4, 5, 5, 5]);
  const nb = {
    cells: sources.map((c, i) => {
      const base: Record<string, unknown> = { cell_type: c.type };
      if (c.type === 'code') {
        base.execution_count = i;
        if (minor >= 5) base.id = `c${index.toString(16)}-${i}`;
        base.metadata = {};
        base.outputs = r() < 0.3 ? [streamOutput(r)] : r() < 0.15 ? [imageOutput(r)] : [];
      } else {
        if (minor >= 5) base.id = `m${index.toString(16)}-${i}`;
        base.metadata = {};
      }
      base.source = r() < 0.9 ? asLines(c.src) : c.src;
      return base;
    }),
    metadata: {
      kernelspec: { display_name: 'Python 3.8 - AzureML', language: 'python', name: 'python38-azureml' },
      language_info: { name: 'python', version: '3.8.5' },
    },
    nbformat: 4,
    nbformat_minor: minor,
  };
  const indent = r() < 0.7 ? 1 : 2;
  return JSON.stringify(nb, null, indent) + (r() < 0.6 ? '\n' : '');
}

function script(r: Rand): string {
  const parts = ['"""Training entry script."""', 'import argparse', 'from azureml.core.run import Run', '', 'def get_logger():', '    return Run.get_context()', ''];
  parts.push('run_logger = get_logger()');
  parts.push(loggingCell(r, 'run_logger'));
  parts.push(plainCell(r));
  return parts.join('\n') + '\n';
}

export interface CorpusStats {
  dir: string;
  notebooks: number;
  scripts: number;
  bytes: number;
}

/** Writes the corpus once (skips when the marker for these sizes exists) and returns its location. */
export function buildCorpus(dir: string, notebooks: number, scripts: number, seed = 20261127): CorpusStats {
  const marker = path.join(dir, `.corpus-${seed}-${notebooks}-${scripts}`);
  const r = prng(seed);
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    for (let i = 0; i < notebooks; i++) {
      const sub = path.join(dir, `team-${i % 20}`, `project-${i % 7}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `nb-${i}.ipynb`), notebook(r, i));
    }
    for (let i = 0; i < scripts; i++) {
      const sub = path.join(dir, `scripts-${i % 10}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `train_${i}.py`), script(r));
    }
    fs.writeFileSync(marker, '');
  }
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ipynb|py)$/.test(e.name)) bytes += fs.statSync(p).size;
    }
  };
  walk(dir);
  return { dir, notebooks, scripts, bytes };
}
