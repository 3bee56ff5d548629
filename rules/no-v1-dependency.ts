// no-v1-dependency: Azure ML SDK v1 packages (`azureml-core`, `azureml-sdk[...]`, `azureml-widgets`, ...) installed by
// the notebook's `%pip` / `!pip` / `%conda install` lines. Reported at the package's word on the line, masked magic
// lines included.
//
// The fix takes the v1 packages off a `%pip` / `!pip install` line, keeping its other packages, options and comment,
// once no v1 code is left anywhere in the notebook. "Anywhere" is conservative on purpose: a v1 import in a
// `%%writefile` script or an nblint-skip cell keeps the packages too, although a job script runs in the job's own
// environment, not in the notebook kernel the line installs into. A line that would install nothing is not fixed
// here: missing-azureml-mlflow-dependency puts `mlflow azureml-mlflow` in place of its v1 packages when those are
// needed; otherwise the line is left to you (delete it). Conda lines and continuation lines are left to you too.
// Several reports on one line carry the same edits, which apply once.
//
// Only the notebook itself can carry a report: a v1 package in a sibling requirements.txt or conda file is another
// file, which this linter does not lint (check those by hand, or with the package tool of the project).
import type { Rule } from '../lib/types.js';
import { findInstallLines, isV1Package } from '../lib/dependencies/index.js';
import { installLineFix } from './helpers/dependencies/install-line-fix.js';
import { v1CodeRemains } from './helpers/dependencies/v1-code-remains.js';
import { packageTokens } from './helpers/dependencies/install-tokens.js';
import { originToUnit } from '../lib/positions.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';

const rule: Rule = {
  meta: {
    type: 'suggestion',
    requiresText: ['azureml', 'AzureML', 'Azureml', 'AZUREML'], // pip names ignore case: the spellings in use
    docs: {
      description:
        'Report Azure ML SDK v1 packages (`azureml-core`, `azureml-sdk`, `azureml-defaults`, `azureml-widgets`, ' +
        '`azureml-dataset-runtime`, `azureml-telemetry`, `azureml-train-core`, `azureml-pipeline-*`, `azureml-contrib-*`) ' +
        'installed by the notebook\'s `%pip` / `!pip` / `%conda install` lines. MLflow logging needs `mlflow` and ' +
        '`azureml-mlflow` instead. Fixed once no v1 import is left anywhere in the notebook (`%%writefile` cells and ' +
        'skipped cells included): the v1 packages are taken off a `%pip` / `!pip install` line that still installs ' +
        'something else. Sibling requirements*.txt and conda files are not linted: check those by hand.',
      recommended: true,
      url: ruleDocsUrl('no-v1-dependency'),
      example: {
        before: '%pip install azureml-core==1.57.0 mlflow azureml-mlflow scikit-learn\nimport mlflow',
        after: '%pip install mlflow azureml-mlflow scikit-learn\nimport mlflow',
      },
    },
    fixable: 'code',
    messages: {
      v1Package:
        '{{name}} is an Azure ML SDK v1 package; once no v1 code uses it, install mlflow and azureml-mlflow instead.',
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    const { file, program } = context;
    if (file.kind !== 'notebook' || program.kind !== 'notebook') return {};
    return {
      Program() {
        const canFix = !v1CodeRemains(context);
        for (const line of findInstallLines(file.cells)) {
          if (!line.packages.some(isV1Package)) continue;
          const unit = program.units.find((u) => u.cellIndex === line.cellIndex);
          if (!unit) continue; // a %%bash cell or another cell that is not Python
          for (const token of packageTokens(file.cells[line.cellIndex], line)) {
            if (!isV1Package(token.name)) continue;
            const start = originToUnit(unit, token.start);
            const end = originToUnit(unit, token.end, 'end');
            if (start === null || end === null) continue;
            context.report({
              unit,
              range: [start, end],
              messageId: 'v1Package',
              data: { name: token.name },
              // Every report on the line takes all its v1 packages off: the same edits, applied once.
              fix: canFix ? (fixer) => installLineFix(context, line, [], true, fixer) : undefined,
            });
          }
        }
      },
    };
  },
};

export default rule;
