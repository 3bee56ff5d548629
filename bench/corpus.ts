// A deterministic benchmark corpus shaped like real Azure ML SDK v1 repositories (measured on Azure's v1 samples):
// notebooks and scripts half and half, ~4.3 K characters of code per file, ~80% of files with Azure ML code.
// Notebooks mostly configure and submit jobs (`experiment.submit` ~16× as often as `start_logging`); the training
// scripts they submit hold most of the logging (~3/4 of `run.log` calls are in .py files). A few hundred magic lines
// per 1,000 files, markdown between cells, outputs (a few base64 images). A seeded PRNG: every run and machine lints
// the same bytes.
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

const METRICS = ['accuracy', 'loss', 'val_loss', 'précision', 'f1', 'AUC', 'rmse', 'mse', 'alpha', 'Accuracy (%)'];
/** Characters of code per file the generator aims at (real: ~4.3 K). */
const CODE_PER_FILE = 4100;

// ---- code no rule is about: the bulk of every file ----------------------------------------------------------

const fillerBlock = (r: Rand, i: number): string =>
  pick(r, [
    `values_${i} = [v * ${i} for v in range(${int(r, 5, 99)}) if v % ${int(r, 2, 7)}]`,
    `def helper_${i}(x, y=${i}):\n    """Scale x by y and shift it."""\n    if x is None:\n        return y\n    return x * y + ${i}\n`,
    `df_${i} = pd.DataFrame({"a": range(${i + 3}), "b": [str(v) for v in range(${i + 3})]})\ndf_${i}["c"] = df_${i}["a"] * 2\nprint(df_${i}.describe())`,
    `X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.${int(r, 1, 4)}, random_state=${i})`,
    `class Preprocessor${i}:\n    def __init__(self, columns):\n        self.columns = list(columns)\n\n    def transform(self, frame):\n        return frame[self.columns].fillna(0)\n`,
    `for epoch in range(${int(r, 2, 50)}):\n    total = 0.0\n    for batch in range(${int(r, 2, 9)}):\n        total += batch / (epoch + 1)\n    history.append(total)`,
    `config_${i} = {\n    "learning_rate": ${(r() / 10).toFixed(4)},\n    "batch_size": ${pick(r, [16, 32, 64, 128])},\n    "layers": [${int(r, 8, 256)}, ${int(r, 8, 256)}],\n}`,
    `with open(os.path.join(data_dir, "part-${i}.csv"), encoding="utf-8") as handle:\n    rows_${i} = [line.rstrip("\\n").split(",") for line in handle]`,
    `logger.info("step %d: %s", ${i}, summary)\nx = np.log(${i + 1}) + math.log(${i + 2})`,
    `try:\n    model_${i} = joblib.load("model-${i}.pkl")\nexcept FileNotFoundError:\n    model_${i} = None`,
  ]);

/** Top-level statements of plain code, up to `chars` characters. */
function fillerBlocks(r: Rand, chars: number, start = 0): string[] {
  const blocks: string[] = [];
  let length = 0;
  for (let i = start; length < chars; i++) {
    const block = fillerBlock(r, i);
    blocks.push(block);
    length += block.length + 1;
  }
  return blocks;
}

const filler = (r: Rand, chars: number, start = 0): string => fillerBlocks(r, chars, start).join('\n');

const PLAIN_IMPORTS = 'import os\nimport math\nimport logging\nimport joblib\nimport numpy as np\nimport pandas as pd\nfrom sklearn.model_selection import train_test_split\n\nlogger = logging.getLogger(__name__)\nhistory = []\ndata_dir = "data"\n';

// ---- notebooks ----------------------------------------------------------------------------------------------

const markdown = (r: Rand): string =>
  pick(r, [
    '# Train a model on Azure ML\n\nThis notebook configures a workspace, a compute target and submits a training script.',
    '## Results\n\n| metric | value |\n|---|---|\n| acc | 0.9 |',
    '### Example\n\n```python\nrun.log("accuracy", 0.91)\n```\n\nThe call above logs one value.',
    'Some *emphasis* and a [link](https://example.com) — with non-ASCII: café, 数据.',
    '## Create the compute target\n\nA cluster scales to zero when idle.',
  ]);

const imageOutput = (r: Rand): object => ({
  data: { 'image/png': 'iVBORw0KGgo'.padEnd(int(r, 2000, 30000), 'A') + '\n', 'text/plain': ['<Figure size 640x480 with 1 Axes>'] },
  metadata: {},
  output_type: 'display_data',
});

const streamOutput = (r: Rand): object => ({
  name: 'stdout',
  output_type: 'stream',
  text: Array.from({ length: int(r, 1, 20) }, (_, i) => `epoch ${i}: loss=${(1 / (i + 1)).toFixed(5)}\n`),
});

/** The cells of a notebook that submits a job (the common case), or logs interactively with start_logging. */
function azuremlCells(r: Rand, index: number): string[] {
  const cells = [
    'import azureml.core\nfrom azureml.core import Workspace, Experiment, Environment, ScriptRunConfig\nfrom azureml.core.compute import ComputeTarget, AmlCompute\nprint("SDK version:", azureml.core.VERSION)',
    'ws = Workspace.from_config()\nprint(ws.name, ws.resource_group, ws.location, sep="\\n")',
    `cluster_name = "cpu-cluster-${index % 9}"\ntry:\n    compute_target = ComputeTarget(workspace=ws, name=cluster_name)\nexcept Exception:\n    config = AmlCompute.provisioning_configuration(vm_size="STANDARD_D2_V2", max_nodes=4)\n    compute_target = ComputeTarget.create(ws, cluster_name, config)\n    compute_target.wait_for_completion(show_output=True)`,
  ];
  const experiment = `experiment = Experiment(workspace=ws, name="exp-${int(r, 1, 999)}")`;
  if (r() < 0.06) {
    // Interactive logging in the notebook itself.
    const logs = Array.from({ length: int(r, 2, 6) }, (_, i) => `run.log("${pick(r, METRICS)}", ${(r() * 10).toFixed(3)} + ${i})`);
    cells.push(`${experiment}\nrun = experiment.start_logging()`, logs.join('\n'), 'run.complete()');
    return cells;
  }
  cells.push(
    `env = Environment.from_conda_specification(name="sklearn-env", file_path="environment.yml")\nsrc = ScriptRunConfig(source_directory="src", script="train_${index % 50}.py", compute_target=compute_target, environment=env)`,
    `${experiment}\nrun = experiment.submit(src)\nrun.wait_for_completion(show_output=True)`,
  );
  const reads = r();
  if (reads < 0.25) cells.push('from azureml.widgets import RunDetails\nRunDetails(run).show()');
  else if (reads < 0.45) cells.push('metrics = run.get_metrics()\nprint(metrics)');
  // A %%writefile cell: the training script written from the notebook (part of the notebooks' run.log share).
  if (r() < 0.08) cells.push('%%writefile src/score.py\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("rows", 10)\n');
  return cells;
}

function notebook(r: Rand, index: number, withV1: boolean): string {
  const code: string[] = withV1 ? azuremlCells(r, index) : [];
  code.unshift(PLAIN_IMPORTS);
  // One magic line in every other notebook or so (real: a few hundred per 1,000 files).
  if (r() < 0.45) code.splice(1, 0, pick(r, ['%matplotlib inline', '!pip install --quiet scikit-learn', '%pip install azureml-core', '%load_ext autoreload\n%autoreload 2']));
  const have = code.reduce((n, c) => n + c.length, 0);
  const rest = Math.max(400, CODE_PER_FILE + int(r, -1500, 1500) - have);
  const parts = int(r, 2, 8);
  for (let i = 0; i < parts; i++) code.splice(int(r, 1, code.length), 0, filler(r, rest / parts, i * 20));

  const sources: { type: 'code' | 'markdown'; src: string }[] = [{ type: 'markdown', src: markdown(r) }];
  for (const src of code) {
    sources.push({ type: 'code', src });
    if (r() < 0.3) sources.push({ type: 'markdown', src: markdown(r) });
  }
  const minor = pick(r, [0, 2, 4, 5, 5, 5]);
  const nb = {
    cells: sources.map((c, i) => {
      const base: Record<string, unknown> = { cell_type: c.type };
      if (c.type === 'code') {
        base.execution_count = i;
        if (minor >= 5) base.id = `c${index.toString(16)}-${i}`;
        base.metadata = {};
        base.outputs = r() < 0.3 ? [streamOutput(r)] : r() < 0.04 ? [imageOutput(r)] : [];
      } else {
        if (minor >= 5) base.id = `m${index.toString(16)}-${i}`;
        base.metadata = {};
      }
      base.source = r() < 0.9 ? c.src.split(/(?<=\n)/) : c.src;
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

// ---- scripts ------------------------------------------------------------------------------------------------

function script(r: Rand, withV1: boolean): string {
  const parts = ['"""Training entry script."""', 'import argparse', PLAIN_IMPORTS];
  if (withV1) {
    parts.push('from azureml.core.run import Run', '', 'run = Run.get_context()');
  }
  parts.push('parser = argparse.ArgumentParser()', 'parser.add_argument("--alpha", type=float, default=0.5)', 'args = parser.parse_args()');
  const have = parts.reduce((n, p) => n + p.length + 1, 0);
  const blocks = fillerBlocks(r, Math.max(400, CODE_PER_FILE + int(r, -1500, 1500) - have));
  if (withV1) {
    // Scripts log a few metrics each (~3/4 of all run.log calls are in scripts).
    const logs = int(r, 0, 2);
    for (let i = 0; i < logs; i++) {
      const at = blocks.length - Math.floor((r() * blocks.length) / 2);
      const kind = r();
      const call =
        kind < 0.85
          ? `run.log("${pick(r, METRICS)}", float(np.mean(history or [0])))`
          : kind < 0.93
            ? `run.log_list("losses", history)`
            : `run.upload_file(name="outputs/model.pkl", path_or_stream="model.pkl")`;
      // Between top-level statements, so the script stays valid Python.
      blocks.splice(at, 0, call);
    }
  }
  parts.push(blocks.join('\n'));
  return parts.join('\n') + '\n';
}

// ---- the corpus ---------------------------------------------------------------------------------------------

export interface CorpusStats {
  dir: string;
  notebooks: number;
  scripts: number;
  bytes: number;
}

/** Writes `files` files (half notebooks, half scripts) once, skipping when the marker for this size exists. */
export function buildCorpus(dir: string, files: number, seed = 20261129): CorpusStats {
  const notebooks = Math.ceil(files / 2);
  const scripts = files - notebooks;
  const marker = path.join(dir, `.corpus-v2-${seed}-${files}`);
  const r = prng(seed);
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    // Repositories of ~40 files: notebooks in topic folders, scripts in src/, an environment file in some.
    for (let i = 0; i < files; i++) {
      const repo = path.join(dir, `repo-${Math.floor(i / 40)}`);
      const isNotebook = i % 2 === 0;
      const withV1 = r() < 0.8;
      const sub = isNotebook ? path.join(repo, 'notebooks', `topic-${i % 5}`) : path.join(repo, 'src');
      fs.mkdirSync(sub, { recursive: true });
      if (i % 40 === 0 && r() < 0.5) {
        fs.writeFileSync(path.join(repo, 'environment.yml'), 'name: sklearn-env\ndependencies:\n  - python=3.8\n  - pip:\n    - azureml-defaults\n    - scikit-learn\n');
      }
      if (isNotebook) fs.writeFileSync(path.join(sub, `nb-${i}.ipynb`), notebook(r, i, withV1));
      else fs.writeFileSync(path.join(sub, `train_${i}.py`), script(r, withV1));
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
