import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-v1-dependency.js';
import plugin from '../../rules/index.js';
import { findInstallLines, isV1Package } from '../../lib/dependencies/index.js';
import { packageTokens } from '../../rules/helpers/dependencies/install-tokens.js';
import { ConfigResolver } from '../../lib/config/index.js';
import { fixFile } from '../../lib/fix/index.js';
import { loadText } from '../../lib/notebook/load.js';
import type { CellRecord } from '../../lib/types.js';

const v1 = (name: string) => ({ messageId: 'v1Package', data: { name } });

test('v1 packages: the SDK v1 distributions, not the MLflow plugin or SDK v2', () => {
  for (const name of ['azureml-core', 'azureml-sdk', 'azureml-defaults', 'azureml-widgets', 'azureml-dataset-runtime', 'azureml-telemetry', 'azureml-train-core', 'azureml-pipeline', 'azureml-pipeline-steps', 'azureml-contrib-notebook']) {
    assert.ok(isV1Package(name), name);
  }
  for (const name of ['azureml-mlflow', 'azure-ai-ml', 'mlflow', 'azure-identity', 'azureml-fsspec']) assert.not.ok(isV1Package(name), name);
});

test('packageTokens: offsets of each package word, continuation lines and quotes included', () => {
  const source = 'x = 1\n%pip install -U "azureml-sdk[notebooks]>=1.50" \\\n    azureml_Core==1.57 -r req.txt  # v1\n';
  const cell: CellRecord = { index: 0, cellType: 'code', source, tags: [], sourceValueRange: [0, 0], sourceForm: 'list', pieces: [], cellRange: [0, 0] };
  const [line] = findInstallLines([cell]);
  const tokens = packageTokens(cell, line);
  assert.equal(
    tokens.map((t) => [t.name, source.slice(t.start, t.end)]),
    [['azureml-sdk', '"azureml-sdk[notebooks]>=1.50"'], ['azureml-core', 'azureml_Core==1.57']],
  );
});

new RuleTester().run('no-v1-dependency', rule, {
  valid: [
    { cells: ['%pip install mlflow azureml-mlflow azure-ai-ml', 'import mlflow'] },
    { cells: ['!pip install -r requirements.txt'] },
    // A comment or another command after the install is not a package.
    { cells: ['!pip install mlflow  # replaces azureml-core'] },
    { cells: ['!pip install mlflow && echo azureml-core'] },
    // A %%bash cell is not part of the Python program: nothing to report at.
    { cells: ['%%bash\npip install azureml-core'] },
    // Scripts have no install lines.
    '# pip install azureml-core\nimport os',
  ],

  invalid: [
    {
      name: '%pip line (a masked magic) in the first cell; it would install nothing without it: left to you',
      cells: ['%pip install azureml-core==1.57.0 -q\nimport os'],
      errors: [{ ...v1('azureml-core'), cell: 1, cellLine: 1, cellColumn: 14, cellEndColumn: 34 }],
      output: null,
    },
    {
      name: 'several v1 packages on one !pip line, with extras, after other packages',
      cells: ['import os', '!pip install scikit-learn azureml-sdk[notebooks,automl] azureml-widgets azureml-mlflow'],
      errors: [
        { ...v1('azureml-sdk'), cell: 2, cellLine: 1, cellColumn: 27, cellEndColumn: 56 },
        { ...v1('azureml-widgets'), cell: 2, cellLine: 1, cellColumn: 57 },
      ],
      // No v1 code: both reports take both packages off (the same edits, applied once).
      output: ['import os', '!pip install scikit-learn azureml-mlflow'],
    },
    {
      name: 'continuation line, python -m pip, pipeline family (a continuation line is not rewritten)',
      cells: ['!{sys.executable} -m pip install --upgrade \\\n    azureml-pipeline-steps'],
      errors: [{ ...v1('azureml-pipeline-steps'), cell: 1, cellLine: 2, cellColumn: 5 }],
      output: null,
    },
    {
      name: 'an indented install line and a conda install (a conda line is not rewritten)',
      cells: ['if True:\n    %pip install azureml-defaults pandas\n', '%conda install -c conda-forge azureml-core mlflow'],
      errors: [
        { ...v1('azureml-defaults'), cell: 1, cellLine: 2, cellColumn: 18 },
        { ...v1('azureml-core'), cell: 2, cellLine: 1, cellColumn: 31 },
      ],
      output: ['if True:\n    %pip install pandas\n', '%conda install -c conda-forge azureml-core mlflow'],
    },
    // ── the fix: only once no v1 import is left anywhere in the notebook ──
    {
      name: 'options, version pins of other packages, quotes and the comment stay',
      cells: ['%pip install -U "azureml-sdk[notebooks]>=1.50" pandas==2.1.4 azureml_Core -q --index-url https://x/simple  # deps', 'import mlflow'],
      errors: [v1('azureml-sdk'), v1('azureml-core')],
      output: ['%pip install -U pandas==2.1.4 -q --index-url https://x/simple  # deps', 'import mlflow'],
    },
    {
      name: 'a chained command after the install is kept',
      cells: ['!pip install azureml-core mlflow azureml-mlflow && echo done'],
      errors: [v1('azureml-core')],
      output: ['!pip install mlflow azureml-mlflow && echo done'],
    },
    {
      name: 'a -r file still installs something',
      cells: ['!pip install azureml-defaults -r requirements.txt'],
      errors: [v1('azureml-defaults')],
      output: ['!pip install -r requirements.txt'],
    },
    {
      name: 'azureml.mlflow is the MLflow plugin, not v1 code; code in markdown is not code',
      cells: ['#md\n```python\nfrom azureml.core import Run\n```', '%pip install azureml-core mlflow', 'import azureml.mlflow\nimport mlflow'],
      errors: [v1('azureml-core')],
      output: ['#md\n```python\nfrom azureml.core import Run\n```', '%pip install mlflow', 'import azureml.mlflow\nimport mlflow'],
    },
    {
      name: 'v1 code in the program keeps the package',
      cells: ['%pip install azureml-core pandas', 'from azureml.core import Workspace\nws = Workspace.from_config()'],
      errors: [v1('azureml-core')],
      output: null,
    },
    {
      name: 'a module alias of v1 imported next to other modules keeps the package',
      cells: ['%pip install azureml-core pandas', 'import os, azureml.core as aml'],
      errors: [v1('azureml-core')],
      output: null,
    },
    {
      name: 'a v1 import in a %%writefile job script keeps the package (conservative)',
      cells: ['%pip install azureml-core pandas', '%%writefile job.py\nimport mlflow\nimport os, azureml.core'],
      errors: [v1('azureml-core')],
      output: null,
    },
    {
      name: 'a v1 import in an nblint-skip cell keeps the package',
      cells: ['%pip install azureml-core pandas', { source: 'from azureml import core', tags: ['nblint-skip'] }],
      errors: [v1('azureml-core')],
      output: null,
    },
  ],
});

// Several passes, several rules: the v1 code goes first, then the v1 package leaves the install line.
const dir = mkdtempSync(path.join(tmpdir(), 'nblint-v1-dep-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

async function fixWithRecommended(cells: string[]): Promise<string[]> {
  const notebook = {
    cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 4,
  };
  const filePath = path.join(dir, 'train.ipynb');
  const loaded = loadText(JSON.stringify(notebook, null, 1), filePath, 'train.ipynb');
  if (!loaded.ok) throw new Error(loaded.message);
  const resolver = await ConfigResolver.create({
    cwd: dir,
    useConfigLookup: false,
    useIgnore: false,
    builtinPlugin: plugin,
    recommended: plugin.configs!.recommended,
  });
  const result = fixFile(loaded.file, await resolver.forFile(filePath));
  const fixed = JSON.parse(result.output) as { cells: { source: string | string[] }[] };
  return fixed.cells.map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
}

test('--fix with the recommended rules: v1 code and `%pip install azureml-sdk` end as MLflow code and `mlflow azureml-mlflow`', async () => {
  const cells = await fixWithRecommended([
    '%pip install azureml-sdk',
    'from azureml.core import Run\nrun = Run.get_context()',
    'run.log("accuracy", 0.91)',
  ]);
  assert.equal(cells, ['%pip install mlflow azureml-mlflow', 'import mlflow', 'mlflow.log_metric("accuracy", 0.91)']);
});

test('--fix: both dependency rules edit one line without v1 code; the line ends with the MLflow packages only', async () => {
  const cells = await fixWithRecommended(['%pip install azureml-core pandas', 'import mlflow\nmlflow.log_metric("a", 1)']);
  assert.equal(cells, ['%pip install pandas mlflow azureml-mlflow', 'import mlflow\nmlflow.log_metric("a", 1)']);
});

test('--fix keeps the v1 package while v1 code the fixer leaves is there (a Workspace)', async () => {
  const cells = await fixWithRecommended([
    '!pip install azureml-core scikit-learn',
    'from azureml.core import Run, Workspace\nws = Workspace.from_config()\nrun = Run.get_context()\nrun.log("loss", 0.2)',
  ]);
  assert.equal(cells, [
    '!pip install azureml-core scikit-learn mlflow azureml-mlflow',
    'import mlflow\nfrom azureml.core import Workspace\nws = Workspace.from_config()\nmlflow.log_metric("loss", 0.2)',
  ]);
});

test.run();
