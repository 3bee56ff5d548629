import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/missing-azureml-mlflow-dependency.js';
import {
  clearDependencyCache,
  condaPackages,
  parseInstallArgs,
  pyprojectPackages,
  requirementName,
} from '../../lib/dependencies/index.js';
import { loadText } from '../../lib/notebook/load.js';
import { lintFile } from '../../lib/engine/linter.js';
import type { ResolvedConfig } from '../../lib/types.js';

// Real sibling files live in a temporary tree; an empty folder keeps the cell-only cases independent of the
// folder the tests run from.
const tmp = mkdtempSync(path.join(tmpdir(), 'nblint-deps-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmp, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const empty = tree({});
const nb = (dir: string, name = 'train.ipynb') => path.join(dir, name);
const missing = { messageId: 'missing' };
const notebookData = (packages = 'the azureml-mlflow package') => ({
  packages,
  places: '%pip install line, requirements*.txt, conda file or pyproject.toml',
  kind: 'notebook',
});

const withRequirements = tree({ 'requirements-dev.txt': '# dev\nAzureML_MLflow>=1.50\n' });
const withInclude = tree({ 'requirements.txt': '-r base.txt\nmlflow\n', 'base.txt': 'azureml-mlflow==1.57.0\n' });
const withNamedConda = tree({ 'train.yaml': 'name: t\ndependencies:\n  - python=3.10\n  - pip:\n    - azureml-mlflow\n' });
const withCondaElsewhere = tree({ 'environment.yml': 'name: azureml-mlflow\n# azureml-mlflow\nchannels:\n  - azureml-mlflow\ndependencies:\n  - mlflow\n' });
const withPyproject = tree({
  'pyproject.toml': '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.10"\nazureml-mlflow = "^1.55"\n',
  'notebooks/deep/.keep': '',
});
const withPipFile = tree({ 'envs/job.txt': 'mlflow\nazureml-mlflow\n' });

new RuleTester().run('missing-azureml-mlflow-dependency', rule, {
  valid: [
    { code: 'print("no tracking here")\n', filename: path.join(empty, 'plain.py') },
    { name: 'Workspace alone is not tracking', cells: ['from azureml.core import Workspace\nws = Workspace.from_config()'], filename: nb(empty) },
    { cells: ['%pip install -U "azureml-mlflow==1.57.0" -q', 'from azureml.core import Run\nrun = Run.get_context()'], filename: nb(empty) },
    { cells: ['!pip install -q AzureML_MLflow[extras]>=1.5', 'import mlflow'], filename: nb(empty) },
    { cells: ['%conda install -c conda-forge azureml-mlflow -y\nimport mlflow'], filename: nb(empty) },
    { cells: ['import sys\n!{sys.executable} -m pip install azureml-mlflow\nimport mlflow'], filename: nb(empty) },
    { cells: ['%pip install mlflow \\\n    azureml-mlflow\nimport mlflow'], filename: nb(empty) },
    { name: 'declared in a %%bash cell', cells: ['%%bash\npip install azureml-mlflow', 'import mlflow'], filename: nb(empty) },
    {
      name: 'a %%writefile job script runs in its own environment',
      cells: ['%%writefile train.py\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)'],
      filename: nb(empty),
    },
    { name: 'markdown code is not checked', cells: ['#md\n```python\nimport mlflow\n```'], filename: nb(empty) },
    { cells: ['%pip install contoso_tracking', 'import mlflow'], options: [{ packages: ['contoso-tracking'] }], filename: nb(empty) },
    { cells: ['import mlflow'], filename: nb(withRequirements) },
    { cells: ['import mlflow'], filename: nb(withInclude) },
    { code: 'import mlflow\n', filename: path.join(withRequirements, 'score.py') },
    { cells: ['from azureml.core import Run'], filename: nb(withNamedConda, 'train.ipynb') },
    { cells: ['import mlflow'], filename: path.join(withPyproject, 'notebooks', 'deep', 'train.ipynb') },
    { cells: ['!pip install -r envs/job.txt', 'import mlflow'], filename: nb(withPipFile) },
  ],
  invalid: [
    {
      cells: ['import mlflow\nmlflow.log_metric("a", 1)'],
      filename: nb(empty),
      errors: [{ ...missing, data: notebookData(), cell: 1, cellLine: 1, cellColumn: 1, cellEndLine: 1, cellEndColumn: 14 }],
      output: ['%pip install mlflow azureml-mlflow', 'import mlflow\nmlflow.log_metric("a", 1)'],
    },
    {
      name: 'the first code line skips comments and blank lines',
      cells: ['#md\n# Title', '# Setup\n\n    import mlflow  '],
      filename: nb(empty),
      errors: [{ ...missing, cell: 2, cellLine: 3, cellColumn: 5, cellEndColumn: 18 }],
      // The new cell goes before the first code cell, after the markdown title.
      output: ['#md\n# Title', '%pip install mlflow azureml-mlflow', '# Setup\n\n    import mlflow  '],
    },
    {
      name: 'reported at the install line, even in a later cell',
      cells: ['import mlflow', 'x = 1\n%pip install azureml-core  # v1 only'],
      filename: nb(empty),
      errors: [{ ...missing, cell: 2, cellLine: 2, cellColumn: 1, cellEndLine: 2, cellEndColumn: 37 }],
      // No v1 code is left, so the v1 package is replaced; the trailing comment stays.
      output: ['import mlflow', 'x = 1\n%pip install mlflow azureml-mlflow  # v1 only'],
    },
    {
      name: 'appended before a trailing comment, which keeps its spacing',
      cells: ['%pip install -q pandas  # setup', 'import mlflow'],
      filename: nb(empty),
      errors: [{ ...missing, cell: 1, cellLine: 1 }],
      output: ['%pip install -q pandas mlflow azureml-mlflow  # setup', 'import mlflow'],
    },
    {
      name: 'a run obtained through a module alias',
      cells: ['import azureml.core as aml\naml.Run.get_context().log("a", 1)'],
      filename: nb(empty),
      errors: [{ ...missing, cell: 1, cellLine: 1 }],
      output: ['%pip install mlflow azureml-mlflow', 'import azureml.core as aml\naml.Run.get_context().log("a", 1)'],
    },
    {
      name: 'the %%time line is not code',
      cells: ['%%time\nfrom azureml.core import Experiment\nrun = Experiment(ws, "x").start_logging()'],
      filename: nb(empty),
      errors: [{ ...missing, cell: 1, cellLine: 2, cellColumn: 1 }],
      output: ['%pip install mlflow azureml-mlflow', '%%time\nfrom azureml.core import Experiment\nrun = Experiment(ws, "x").start_logging()'],
    },
    {
      name: 'an install line in an nblint-skip cell is not where it is reported',
      cells: [{ source: '%pip install mlflow', tags: ['nblint-skip'] }, 'import mlflow'],
      filename: nb(empty),
      errors: [{ ...missing, cell: 2, cellLine: 1 }],
      // The skipped cell is not edited (mlflow is declared there, so only azureml-mlflow is added).
      output: ['%pip install azureml-mlflow', '%pip install mlflow', 'import mlflow'],
    },
    {
      name: '-r names a file that does not exist',
      cells: ['!pip install -r nowhere.txt\nimport mlflow'],
      filename: nb(empty),
      errors: [{ ...missing, cell: 1, cellLine: 1, cellColumn: 1, cellEndColumn: 28 }],
      output: ['!pip install -r nowhere.txt mlflow azureml-mlflow\nimport mlflow'],
    },
    {
      cells: ['%pip install azureml-mlflow', 'import mlflow'],
      options: [{ packages: ['azureml-mlflow', 'contoso-tracking'] }],
      filename: nb(empty),
      errors: [{ ...missing, data: notebookData('the contoso-tracking package'), cell: 1 }],
      output: ['%pip install azureml-mlflow mlflow contoso-tracking', 'import mlflow'],
    },
    {
      cells: ['import mlflow'],
      options: [{ packages: ['azureml-mlflow', 'contoso-tracking'] }],
      filename: nb(empty),
      errors: [{ ...missing, data: notebookData('the packages azureml-mlflow and contoso-tracking') }],
      output: ['%pip install mlflow azureml-mlflow contoso-tracking', 'import mlflow'],
    },
    {
      code: '#!/usr/bin/env python\n# Score the model.\nfrom azureml.core import Run\nrun = Run.get_context()\n',
      filename: path.join(empty, 'score.py'),
      errors: [
        {
          message: 'MLflow tracking to Azure ML needs the azureml-mlflow package, but no requirements*.txt, conda file or pyproject.toml next to this script declares it.',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 29,
        },
      ],
    },
    {
      name: '<name>.yaml only covers its own notebook',
      cells: ['import mlflow'],
      filename: nb(withNamedConda, 'other.ipynb'),
      errors: [missing],
      output: ['%pip install mlflow azureml-mlflow', 'import mlflow'],
    },
    {
      name: 'a conda file that names it outside dependencies (mlflow itself is declared there)',
      cells: ['import mlflow'],
      filename: nb(withCondaElsewhere),
      errors: [missing],
      output: ['%pip install azureml-mlflow', 'import mlflow'],
    },
    // ── the fix on an install line ──
    {
      name: 'v1 code remains: the v1 package stays, the packages go before a chained command',
      cells: ['!pip install azureml-sdk scikit-learn -q && echo done', 'from azureml.core import Run\nrun = Run.get_context()'],
      filename: nb(empty),
      errors: [missing],
      output: ['!pip install azureml-sdk scikit-learn -q mlflow azureml-mlflow && echo done', 'from azureml.core import Run\nrun = Run.get_context()'],
    },
    {
      name: 'no v1 code left (azureml.mlflow is the plugin, not v1): every v1 package goes, other packages stay',
      cells: ['%pip install azureml-core==1.57.0 pandas "azureml-pipeline-steps" -q', 'import azureml.mlflow\nimport mlflow'],
      filename: nb(empty),
      errors: [missing],
      output: ['%pip install mlflow azureml-mlflow pandas -q', 'import azureml.mlflow\nimport mlflow'],
    },
    {
      name: 'a continued install line: the packages go on its first line, before the backslash',
      cells: ['%pip install pandas \\\n    numpy\nimport mlflow'],
      filename: nb(empty),
      errors: [missing],
      output: ['%pip install pandas mlflow azureml-mlflow \\\n    numpy\nimport mlflow'],
    },
    {
      name: 'a conda line or a shell variable is not rewritten: a new %pip cell instead',
      cells: ['%conda install -y numpy\n!pip install $EXTRA', 'import mlflow'],
      filename: nb(empty),
      errors: [missing],
      output: ['%pip install mlflow azureml-mlflow', '%conda install -y numpy\n!pip install $EXTRA', 'import mlflow'],
    },
    {
      name: 'v1 packages are kept while v1 code remains, even in a %%writefile cell',
      cells: ['%pip install azureml-core', 'import mlflow', '%%writefile job.py\nfrom azureml.core import Run'],
      filename: nb(empty),
      errors: [missing],
      output: ['%pip install azureml-core mlflow azureml-mlflow', 'import mlflow', '%%writefile job.py\nfrom azureml.core import Run'],
    },
    {
      name: 'a script gets no fix (requirements files are out of scope)',
      code: 'import mlflow\n',
      filename: path.join(empty, 'job.py'),
      errors: [missing],
      output: null,
    },
  ],
});

// ───────────── the scanners ─────────────
const scan = suite('dependency scanners');

scan('requirementName normalises names (PEP 503) and skips paths and URLs', () => {
  assert.is(requirementName('AzureML_MLflow[extras]>=1.5; python_version>"3.8"'), 'azureml-mlflow');
  assert.is(requirementName('"azureml.mlflow==1"'), 'azureml-mlflow');
  assert.is(requirementName('conda-forge::azureml-mlflow=1.2'), 'azureml-mlflow');
  assert.is(requirementName('git+https://github.com/x/y.git#egg=azureml_mlflow'), 'azureml-mlflow');
  assert.is(requirementName('./wheels/azureml_mlflow-1.0-py3-none-any.whl'), null);
  assert.is(requirementName('https://example.com/x.tar.gz'), null);
});

scan('parseInstallArgs: options, their values, quotes and chained commands', () => {
  assert.equal(parseInstallArgs(' -U -q "azureml-mlflow[x]==1.57.0" mlflow'), { packages: ['azureml-mlflow', 'mlflow'], requirementFiles: [] });
  assert.equal(parseInstallArgs(' --index-url https://x/simple -r reqs.txt --requirement=more.txt pandas'), {
    packages: ['pandas'],
    requirementFiles: ['reqs.txt', 'more.txt'],
  });
  assert.equal(parseInstallArgs(' -c conda-forge -n env azureml-mlflow -y'), { packages: ['azureml-mlflow'], requirementFiles: [] });
  assert.equal(parseInstallArgs(' azureml-core && pip install azureml-mlflow'), { packages: ['azureml-core'], requirementFiles: [] });
  assert.equal(parseInstallArgs(' $PACKAGES {extra} ./local'), { packages: [], requirementFiles: [] });
});

scan('condaPackages reads dependencies and their pip list, nothing else', () => {
  const yml = 'name: azureml-mlflow\nchannels:\n  - not-a-dep\ndependencies:\n- python=3.9\n- conda-forge::numpy>=1\n- pip:\n  - "azureml-mlflow==1"  # comment\n  - -r req.txt\nvariables:\n  - nope\n';
  assert.equal([...condaPackages(yml)].sort(), ['azureml-mlflow', 'numpy', 'python']);
});

scan('pyprojectPackages reads PEP 621, PEP 735 and Poetry dependencies', () => {
  const toml = [
    '[project]',
    'name = "x"',
    'dependencies = ["a>=1", \'B_c\']',
    '[project.optional-dependencies]',
    'dev = [',
    '  "pytest",  # tests',
    '  "azureml-mlflow[x]>=1",',
    ']',
    '[dependency-groups]',
    'lint = ["ruff"]',
    '[tool.poetry.dependencies]',
    'python = "^3.9"',
    'Foo_Bar = "*"',
    '[tool.other]',
    'x = ["nope"]',
    'dependencies = ["nope-either"]',
  ].join('\n');
  assert.equal([...pyprojectPackages(toml)].sort(), ['a', 'azureml-mlflow', 'b-c', 'foo-bar', 'pytest', 'ruff']);
});

scan.run();

// ───────────── sibling files are read once per directory ─────────────
const cache = suite('sibling-file cache');
const config: ResolvedConfig = {
  rules: { 'missing-azureml-mlflow-dependency': { severity: 1, options: [] } },
  settings: {},
  ruleDefinitions: { 'missing-azureml-mlflow-dependency': rule },
};
const notebookText = JSON.stringify({
  cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import mlflow'] }],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 4,
});
function problems(file: string): number {
  const loaded = loadText(notebookText, file, path.basename(file));
  if (!loaded.ok) throw new Error(loaded.message);
  return lintFile(loaded.file, config).messages.length;
}

cache('a requirements file added after the directory was read is seen only after clearDependencyCache()', () => {
  const dir = tree({});
  assert.is(problems(nb(dir, 'a.ipynb')), 1);
  writeFileSync(path.join(dir, 'requirements.txt'), 'azureml-mlflow\n');
  assert.is(problems(nb(dir, 'b.ipynb')), 1, 'the directory was cached');
  clearDependencyCache();
  assert.is(problems(nb(dir, 'b.ipynb')), 0);
});

cache.run();
