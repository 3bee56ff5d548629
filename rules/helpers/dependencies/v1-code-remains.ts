// Whether a notebook still has Azure ML SDK v1 code: until it has none, its v1 packages stay installed.
import { isAzuremlModule, readImport } from '../../../lib/python/imports.js';
import type { RuleContext } from '../../../lib/types.js';

// A line that imports an azureml module other than the MLflow plugin: `from azureml.core import Run`,
// `import os, azureml.core as aml`, `from azureml import core`; not `import azureml.mlflow` or `import mlflow.azureml`.
const V1_IMPORT_LINE = /^[ \t]*(?:from[ \t]+azureml(?!\.mlflow\b)(?:[.\s]|$)|import[ \t][^#\n]*(?<![\w.])azureml(?!\.mlflow\b)(?:[.\s,]|$))/m;

/**
 * True while the notebook still has v1 code: an azureml import other than the MLflow plugin (`azureml.mlflow`) in
 * the analysed program, or in any code cell at all (a `%%writefile` script, a skipped cell), read as text. The
 * text scan is conservative: an import in a string or a job script counts too.
 */
export function v1CodeRemains(context: RuleContext): boolean {
  const isV1Module = (module: string) => isAzuremlModule(module) && !/^azureml\.mlflow(?:\.|$)/.test(module);
  const { model, file } = context;
  if (model.azuremlImports.some(({ unit, node }) => readImport(node, unit.text).modules.some(isV1Module))) return true;
  return file.cells.some((cell) => cell.cellType === 'code' && V1_IMPORT_LINE.test(cell.source));
}
