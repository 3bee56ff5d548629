import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RuleTester } from '../helpers/rule-tester.js';
import rule, { isV1Package } from '../../rules/no-v1-dependency.js';
import { findInstallLines } from '../../rules/helpers/dependencies.js';
import { packageTokens } from '../../rules/helpers/install-tokens.js';
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

test.run();

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
      name: '%pip line (a masked magic) in the first cell',
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
    },
    {
      name: 'continuation line, python -m pip, pipeline family',
      cells: ['!{sys.executable} -m pip install --upgrade \\\n    azureml-pipeline-steps'],
      errors: [{ ...v1('azureml-pipeline-steps'), cell: 1, cellLine: 2, cellColumn: 5 }],
    },
    {
      name: 'an indented install line and a conda install',
      cells: ['if True:\n    %pip install azureml-defaults\n', '%conda install -c conda-forge azureml-core'],
      errors: [
        { ...v1('azureml-defaults'), cell: 1, cellLine: 2, cellColumn: 18 },
        { ...v1('azureml-core'), cell: 2, cellLine: 1, cellColumn: 31 },
      ],
    },
  ],
});
