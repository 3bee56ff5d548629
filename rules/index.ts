// The built-in plugin: every nblint-mlflow rule and the recommended configuration, shaped like an
// ESLint plugin so the engine loads it exactly as it loads a user's plugin.
import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from '../lib/package-root.js';
import type { ConfigData, Plugin } from '../lib/types.js';
import missingAzuremlMlflowDependency from './missing-azureml-mlflow-dependency.js';
import noRunLifecycle from './no-run-lifecycle.js';
import noRunLog from './no-run-log.js';
import noRunLogImage from './no-run-log-image.js';
import noRunLogJsonArtifact from './no-run-log-json-artifact.js';
import noRunLogList from './no-run-log-list.js';
import noRunLogTable from './no-run-log-table.js';
import noRunTag from './no-run-tag.js';
import noRunUpload from './no-run-upload.js';
import mlflowMetricName from './mlflow-metric-name.js';
import noUnusedV1Import from './no-unused-v1-import.js';
import noV1Dependency from './no-v1-dependency.js';
import noV1Experiment from './no-v1-experiment.js';
import noV1RunContext from './no-v1-run-context.js';
import noV1RunQuery from './no-v1-run-query.js';
import stringMetricAsArtifact from './string-metric-as-artifact.js';

const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, PACKAGE_ROOT), 'utf8'));

const { version } = readJson('package.json') as { version: string };
const recommended = readJson('.eslintrc-like-config.json') as ConfigData;

const plugin: Plugin = {
  meta: { name: 'nblint-mlflow', version },
  rules: {
    'no-v1-experiment': noV1Experiment,
    'no-run-log': noRunLog,
    'string-metric-as-artifact': stringMetricAsArtifact,
    'no-run-log-list': noRunLogList,
    'no-run-log-table': noRunLogTable,
    'no-run-log-image': noRunLogImage,
    'no-run-log-json-artifact': noRunLogJsonArtifact,
    'no-run-upload': noRunUpload,
    'no-run-tag': noRunTag,
    'no-run-lifecycle': noRunLifecycle,
    'no-v1-run-context': noV1RunContext,
    'no-v1-run-query': noV1RunQuery,
    'mlflow-metric-name': mlflowMetricName,
    'missing-azureml-mlflow-dependency': missingAzuremlMlflowDependency,
    'no-v1-dependency': noV1Dependency,
    'no-unused-v1-import': noUnusedV1Import,
  },
  configs: { recommended },
};

export default plugin;
