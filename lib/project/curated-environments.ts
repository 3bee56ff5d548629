// Azure ML curated environments by name: which ship MLflow with its Azure ML plugin (`mlflow` or `mlflow-skinny`
// and `azureml-mlflow`). From the published curated-environment Dockerfiles (azureml-assets, environment/*):
// the framework environments (sklearn, pytorch, tensorflow, lightgbm, xgboost, ACPT) of Ubuntu 20.04 and later install
// `azureml-mlflow` and `mlflow`; the SDK v1 era
// environments (Ubuntu 18.04 and older, the unversioned `AzureML-Minimal`, `AzureML-Tutorial`, ...) do not.
// The README's "Curated environments" table is this list; an unknown name gets a message, never a fix.

export interface CuratedEntry {
  /** A pattern over the name (`AzureML-` prefix, version and `@latest` / `:N` removed before matching). */
  pattern: RegExp;
  family: string;
  shipsMlflow: boolean;
}

export const CURATED_ENVIRONMENTS: readonly CuratedEntry[] = [
  { pattern: /^(?:sklearn|pytorch|tensorflow|lightgbm|xgboost)-[\d.]+-ubuntu2[02]\.04-py3\d+-(?:cpu|cuda[\d.]+-gpu|gpu)$/i, family: 'AzureML-{sklearn,pytorch,tensorflow,lightgbm,xgboost}-*-ubuntu20.04/22.04-*', shipsMlflow: true },
  { pattern: /^acpt-/i, family: 'AzureML-ACPT-* (Azure Container for PyTorch)', shipsMlflow: true },
  { pattern: /^(?:sklearn|pytorch|tensorflow|lightgbm)-[\d.]+-ubuntu18\.04-/i, family: 'AzureML-{sklearn,pytorch,tensorflow,lightgbm}-*-ubuntu18.04-*', shipsMlflow: false },
  { pattern: /^(?!.*ubuntu2[02])(?:minimal|tutorial|basic|sklearn|pytorch|tensorflow|pyspark|chainer|scikit-learn|automl|designer|hyperdrive|triton|vowpalwabbit|lightgbm)(?:$|[-_.\d])/i, family: 'SDK v1 era: AzureML-Minimal, AzureML-Tutorial, AzureML-SKLearn-0.x, AzureML-PyTorch-1.x, AzureML-TensorFlow-2.x, AzureML-AutoML, ...', shipsMlflow: false },
];

/** The bare curated name: `azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest` → `AzureML-sklearn-1.0-ubuntu20.04-py38-cpu`. */
export function curatedName(reference: string): string {
  let name = reference.trim();
  const registry = /^azureml:\/\/registries\/[^/]+\/environments\/([^/]+)/.exec(name);
  if (registry) return registry[1];
  name = name.replace(/^azureml:/, '');
  return name.replace(/@[\w.-]+$/, '').replace(/:[\w.-]+$/, '');
}

/** True / false for a curated environment in the table; null for a name the table does not know (a custom one, or newer). */
export function curatedShipsMlflow(reference: string): boolean | null {
  const name = curatedName(reference);
  if (!/^azureml-/i.test(name)) return null;
  const bare = name.replace(/^azureml-/i, '');
  return CURATED_ENVIRONMENTS.find((entry) => entry.pattern.test(bare))?.shipsMlflow ?? null;
}
