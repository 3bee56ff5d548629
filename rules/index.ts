// The built-in plugin: every nblint-mlflow rule and the recommended configuration, shaped like an
// ESLint plugin so the engine loads it exactly as it loads a user's plugin.
import { readFileSync } from 'node:fs';
import type { ConfigData, Plugin } from '../lib/types.js';
import missingAzuremlMlflowDependency from './missing-azureml-mlflow-dependency.js';
import noRunLog from './no-run-log.js';
import noV1Experiment from './no-v1-experiment.js';
import stringMetricAsArtifact from './string-metric-as-artifact.js';

// Compiled to dist/rules/index.js; package.json and the preset sit at the package root.
const packageRoot = new URL('../../', import.meta.url);
const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, packageRoot), 'utf8'));

const { version } = readJson('package.json') as { version: string };
const recommended = readJson('.eslintrc-like-config.json') as ConfigData;

const plugin: Plugin = {
  meta: { name: 'nblint-mlflow', version },
  rules: {
    'no-v1-experiment': noV1Experiment,
    'no-run-log': noRunLog,
    'string-metric-as-artifact': stringMetricAsArtifact,
    'missing-azureml-mlflow-dependency': missingAzuremlMlflowDependency,
  },
  configs: { recommended },
};

export default plugin;
