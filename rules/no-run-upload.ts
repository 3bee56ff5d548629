// no-run-upload: `run.upload_file(name, path)` → `mlflow.log_artifact(path, artifact_path=dirname(name))`,
// `run.upload_folder(name, path)` → `mlflow.log_artifacts(path, artifact_path=name)`, `run.upload_files(names, paths)`
// → a loop (suggestion).
//
// v1 stores an uploaded file under `name`; MLflow stores it under its local file name, in `artifact_path`. The
// two agree only when the name's last part is the file's own name, which is only known for string literals:
// any other upload_file() keeps its rename only as a suggestion that says what is lost.
import type { Rule, RuleContext, SuggestionDescriptor } from '../lib/types.js';
import { stringLiteralValue, statementOf } from '../lib/python/nodes.js';
import { stringConstantOf } from './helpers/names/string-constant.js';
import { mlflowPrefix, mlflowSuggestion, replaceWithMlflow, withMlflowImport } from './helpers/imports/mlflow-import.js';
import { posixNormpath } from './helpers/metrics/mlflow-name.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import type { RunMethodCall } from './helpers/run-calls/run-method-call.js';
import { logsToActiveRun } from './helpers/run-calls/active-run.js';
import { valueText, eolOf, ownLineIndent, textOf } from './helpers/source/text.js';
import { reportedUnfixable, reportOnOtherRun, runMethodListener } from './helpers/run-calls/run-method-rule.js';
import { brief } from './helpers/messages/brief.js';
import { commentReason } from './helpers/source/comments.js';

/** v1 signatures (datastore_name has no MLflow meaning: a call passing it is not rewritten). */
const SIGNATURES = {
  upload_file: { slots: ['name', 'path_or_stream', 'datastore_name'] },
  upload_folder: { slots: ['name', 'path', 'datastore_name'] },
  upload_files: { slots: ['names', 'paths', 'return_artifacts', 'timeout_seconds', 'datastore_name'] },
} as const;

const rule: Rule = {
  meta: {
    type: 'problem',
    migratesRuns: true,
    requiresText: ['azureml'], // v1 objects come only from azureml imports
    docs: {
      description:
        'Replace Azure ML SDK v1 `run.upload_file(name, path)` with `mlflow.log_artifact(path, artifact_path=...)` ' +
        'and `run.upload_folder(name, path)` with `mlflow.log_artifacts(path, artifact_path=name)`. MLflow keeps ' +
        'the local file name, so upload_file() is fixed only when both arguments are known strings (literals, or names ' +
        'bound once to one) with the same file name, the name\'s directory becoming `artifact_path`; otherwise, and for `run.upload_files(names, paths)`, ' +
        'a suggestion says what changes. `Datastore.upload_files` is not a run and is left alone.',
      recommended: true,
      url: ruleDocsUrl('no-run-upload'),
      example: {
        before: [
          'from azureml.core import Run',
          'run = Run.get_context()',
          'run.upload_file("outputs/model.pkl", "model.pkl")',
          'run.upload_folder("plots", "./plots")',
        ].join('\n'),
        after: [
          'import mlflow',
          'from azureml.core import Run',
          'run = Run.get_context()',
          'mlflow.log_artifact("model.pkl", artifact_path="outputs")',
          'mlflow.log_artifacts("./plots", artifact_path="plots")',
        ].join('\n'),
      },
    },
    fixable: 'code',
    hasSuggestions: true,
    messages: {
      upload: 'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead.',
      cannotFix: 'Run.{{method}}() is Azure ML SDK v1; use {{replacement}} instead. Not fixed automatically: {{reason}}.',
      renamed:
        'Run.upload_file() is Azure ML SDK v1; use {{replacement}} instead. Not fixed automatically: MLflow stores the ' +
        'file under its local name, so the artifact name {{name}} {{change}}.',
      uploadFiles:
        'Run.upload_files() is Azure ML SDK v1; use {{mlflow}}.log_artifact() for each file instead. Not fixed ' +
        'automatically: MLflow stores each file under its local name, not the name given in {{names}}.',
      otherRun:
        'Run.{{method}}() on a {{kind}} run is Azure ML SDK v1; use {{mlflow}}.MlflowClient().{{client}}(run_id, ...) ' +
        'instead. Not fixed automatically: mlflow.{{client}}() logs to MLflow\'s active run, which is not this run.',
      useLogArtifact: 'Replace with {{replacement}}.',
      useLoop: 'Replace with a loop of {{mlflow}}.log_artifact() calls.',
    },
    schema: [],
    defaultOptions: [],
  },

  create(context) {
    return runMethodListener(context, SIGNATURES, (grouped, call) => {
      if (call.method === 'upload_files') reportUploadFiles(grouped, call);
      else reportUpload(grouped, call);
    });
  },
};

function reportUpload(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const mlflow = mlflowPrefix(context);
  const folder = call.method === 'upload_folder';
  const client = folder ? 'log_artifacts' : 'log_artifact';
  const name = call.args.name;
  const path = call.args.path ?? call.args.path_or_stream;
  const problem = () =>
    (call.args.datastore_name ? 'MLflow has no `datastore_name`: artifacts go to the run\'s artifact store' : null) ??
    (!name || !path ? 'it does not pass both a name and a path' : null);
  const unfixableData = { method: call.method, mlflow, replacement: `${mlflow}.${client}(...)` };
  // (`!name || !path` only narrows the types: reportedUnfixable() has reported those calls.)
  if (reportedUnfixable(context, call, unfixableData, problem) || !name || !path) return;
  const target = folder ? folderTarget(context, call) : fileTarget(context, call);
  const pathText = valueText(context, path);
  const args = (where: string | null): string => (where === null ? pathText : `${pathText}, artifact_path=${where}`);
  const replacement = `${mlflow}.${client}(${args(target.artifactPath)})`;
  const data = { method: call.method, mlflow, client, replacement: brief(replacement, 60) };

  if (!logsToActiveRun(context, call)) {
    const where = target.artifactPath === null ? '' : `, ${target.artifactPath}`;
    reportOnOtherRun(context, call, data, (run) => {
      const text = `${mlflow}.MlflowClient().${client}(${run}.id, ${pathText}${where})`;
      return [mlflowSuggestion(context, node, text, 'useLogArtifact', { replacement: brief(text, 60) })];
    });
    return;
  }
  const suggest = [mlflowSuggestion(context, node, replacement, 'useLogArtifact', data)];
  if (target.change !== null) {
    context.report({ node, messageId: 'renamed', data: { ...data, name: brief(valueText(context, name)), change: target.change }, suggest });
    return;
  }
  const comment = commentReason(node);
  if (comment) {
    context.report({ node, messageId: 'cannotFix', data: { ...data, reason: comment }, suggest });
    return;
  }
  context.report({ node, messageId: 'upload', data, fix: replaceWithMlflow(context, node, replacement) });
}

/** Where MLflow's log_artifact() puts the file (`artifact_path` source, null to omit), and what changes, if anything. */
interface Target {
  artifactPath: string | null;
  /** Null when MLflow stores the file under the same name as v1; else how it differs, for the message. */
  change: string | null;
}

/**
 * upload_file(name, path): faithful only when the name's last part is the file's name, so both must be known
 * strings (literals, or names bound once to one); one name passed as both (`upload_file(p, p)`) is the file's
 * name by definition, and only its folder must be known.
 */
function fileTarget(context: RuleContext, call: RunMethodCall): Target {
  const unit = context.unit;
  const nameNode = call.args.name!.value;
  const pathNode = call.args.path_or_stream!.value;
  const name = stringConstantOf(context, unit, nameNode);
  const path = stringConstantOf(context, unit, pathNode);
  const sameName = nameNode.name === 'VariableName' && textOf(unit, nameNode) === textOf(unit, pathNode);
  if (name === null && sameName) return { artifactPath: null, change: 'is the local path itself, whose folder (the artifact\'s) is not known here' };
  if (name === null) return { artifactPath: null, change: 'is not known here and may differ from the local file name' };
  const slash = name.lastIndexOf('/');
  const directory = slash < 0 ? null : name.slice(0, slash);
  const artifactPath = directory === null ? null : pythonString(directory);
  if (posixNormpath(name) !== name) return { artifactPath, change: 'is not a plain relative path' };
  if (path === null) return { artifactPath, change: 'may differ from the local file name, which is not known here' };
  if (path.includes('\\')) return { artifactPath, change: 'may differ from the local file name (a Windows path)' };
  if (basename(path) !== basename(name)) return { artifactPath, change: `becomes ${JSON.stringify(`${directory === null ? '' : `${directory}/`}${basename(path)}`)}` };
  return { artifactPath, change: null };
}

/** upload_folder(name, path): the folder's files keep their relative paths under `name` in both SDKs. */
function folderTarget(context: RuleContext, call: RunMethodCall): Target {
  const nameNode = call.args.name!.value;
  const literal = stringLiteralValue(context.unit, nameNode);
  const artifactPath = textOf(context.unit, nameNode);
  if (literal !== null && posixNormpath(literal) !== literal) return { artifactPath, change: 'is not a plain relative path' };
  return { artifactPath, change: null };
}

/**
 * upload_files(names, paths): a suggestion with a loop over both lists, where the call is a statement of its own
 * (its return value, the uploaded artifacts, has no MLflow counterpart).
 */
function reportUploadFiles(context: RuleContext, call: RunMethodCall): void {
  const node = call.call;
  const unit = context.unit;
  const mlflow = mlflowPrefix(context);
  const { names, paths } = call.args;
  const data = { mlflow, names: names ? brief(valueText(context, names)) : 'names' };
  const statement = statementOf(node);
  const indent = statement?.name === 'ExpressionStatement' && statement.firstChild?.from === node.from && statement.firstChild.to === node.to
    ? ownLineIndent(unit, statement)
    : null;
  const suggest: SuggestionDescriptor[] = [];
  const usable = names && paths && !call.blocker && !call.args.datastore_name && logsToActiveRun(context, call);
  if (usable && indent !== null && statement) {
    const eol = eolOf(unit);
    const loop =
      `for _name, _path in zip(${valueText(context, names)}, ${valueText(context, paths)}):${eol}` +
      `${indent}    ${mlflow}.log_artifact(_path, artifact_path=_name.rpartition("/")[0] or None)`;
    suggest.push({ messageId: 'useLoop', data: { mlflow }, fix: (fixer) => withMlflowImport(context, [fixer.replaceText(statement, loop)]) });
  }
  context.report({ node, messageId: 'uploadFiles', data, suggest });
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A Python string literal for `text` (JSON's escapes are valid Python). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

export default rule;
