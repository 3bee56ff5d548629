// no-v1-dependency: Azure ML SDK v1 packages (`azureml-core`, `azureml-sdk[...]`, `azureml-widgets`, ...) installed by
// the notebook's `%pip` / `!pip` / `%conda install` lines. Reported at the package's word on the line, masked magic
// lines included. No fix here: the install line is rewritten by missing-azureml-mlflow-dependency's fix once no v1 code
// remains, so the two never edit the same line in different ways.
//
// Only the notebook itself can carry a report: a v1 package in a sibling requirements.txt or conda file is another
// file, which this linter does not lint (check those by hand, or with the package tool of the project).
import type { Rule } from '../lib/types.js';
import { findInstallLines } from './helpers/dependencies.js';
import { cellOffsetToUnit, packageTokens } from './helpers/install-tokens.js';
import { ruleDocsUrl } from './helpers/rule-docs.js';

/** SDK v1 distributions (PEP 503 names). `azureml-mlflow` (MLflow's Azure ML plugin) and `azure-ai-ml` (SDK v2) are not. */
const V1_PACKAGES = new Set([
  'azureml-core',
  'azureml-sdk',
  'azureml-defaults',
  'azureml-widgets',
  'azureml-dataset-runtime',
  'azureml-telemetry',
  'azureml-train-core',
  'azureml-pipeline',
]);
const V1_PACKAGE_FAMILIES = /^azureml-(?:pipeline|contrib)-/;

export function isV1Package(name: string): boolean {
  return V1_PACKAGES.has(name) || V1_PACKAGE_FAMILIES.test(name);
}

const rule: Rule = {
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Report Azure ML SDK v1 packages (`azureml-core`, `azureml-sdk`, `azureml-defaults`, `azureml-widgets`, ' +
        '`azureml-dataset-runtime`, `azureml-telemetry`, `azureml-train-core`, `azureml-pipeline-*`, `azureml-contrib-*`) ' +
        'installed by the notebook\'s `%pip` / `!pip` / `%conda install` lines. MLflow logging needs `mlflow` and ' +
        '`azureml-mlflow` instead. Sibling requirements*.txt and conda files are not linted: check those by hand.',
      recommended: true,
      url: ruleDocsUrl('no-v1-dependency'),
      example: {
        before: '%pip install azureml-core==1.57.0 scikit-learn',
        after: '%pip install mlflow azureml-mlflow scikit-learn',
      },
    },
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
        for (const line of findInstallLines(file.cells)) {
          if (!line.packages.some(isV1Package)) continue;
          const unit = program.units.find((u) => u.cellIndex === line.cellIndex);
          if (!unit) continue; // a %%bash cell or another cell that is not Python
          for (const token of packageTokens(file.cells[line.cellIndex], line)) {
            if (!isV1Package(token.name)) continue;
            const start = cellOffsetToUnit(unit, token.start);
            const end = cellOffsetToUnit(unit, token.end, 'end');
            if (start === null || end === null) continue;
            context.report({ unit, range: [start, end], messageId: 'v1Package', data: { name: token.name } });
          }
        }
      },
    };
  },
};

export default rule;
