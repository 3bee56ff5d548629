import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-upload.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const REMOTE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote_run = exp.submit(config)\n';
const upload = (method: string, replacement: string) => ({ messageId: 'upload', data: { method, mlflow: 'mlflow', client: method === 'upload_folder' ? 'log_artifacts' : 'log_artifact', replacement } });

new RuleTester().run('no-run-upload', rule, {
  valid: [
    // Datastore.upload_files / upload share v1 Run's method names: not a run.
    'from azureml.core import Datastore\nds = Datastore.get(ws, "d")\nds.upload_files(["a.csv"], target_path="data")',
    'from azureml.core import Workspace\nws = Workspace.from_config()\nws.get_default_datastore().upload("./data", target_path="d")\nws.get_default_datastore().upload_files(["a.csv"])',
    'import mlflow\nwith mlflow.start_run() as run:\n    run.upload_file("a.txt", "a.txt")',
    'class Store:\n    def upload_file(self, n, p): pass\nrun = Store()\nrun.upload_file("a.txt", "a.txt")',
    'run.upload_folder("plots", "plots")',
  ],

  invalid: [
    {
      name: 'upload_file(name=p, path_or_stream=p), one name for both: the artifact is stored at p, as v1 did (its folder from the string p holds)',
      code: `${CONTEXT}notes = 'outputs/notes.txt'\nrun.upload_file(name=notes, path_or_stream=notes)\nplain = "log.txt"\nrun.upload_file(plain, plain)\n`,
      errors: [
        upload('upload_file', 'mlflow.log_artifact(notes, artifact_path="outputs")'),
        upload('upload_file', 'mlflow.log_artifact(plain)'),
      ],
      output: `import mlflow\n${CONTEXT}notes = 'outputs/notes.txt'\nmlflow.log_artifact(notes, artifact_path="outputs")\nplain = "log.txt"\nmlflow.log_artifact(plain)\n`,
    },
    {
      name: 'upload_file(p, p) where p is not one known string (assigned twice, or a parameter): suggestion naming why',
      code: `${CONTEXT}p = "a/x.txt"\nif big:\n    p = "b/x.txt"\nrun.upload_file(p, p)\n`,
      errors: [{ messageId: 'renamed', data: { method: 'upload_file', mlflow: 'mlflow', client: 'log_artifact', replacement: 'mlflow.log_artifact(p)', name: 'p', change: 'is the local path itself, whose folder (the artifact\'s) is not known here' } }],
      output: null,
    },
    {
      name: 'upload_file with the same file name: the name\'s directory becomes artifact_path',
      code: `${CONTEXT}run.upload_file("outputs/model.pkl", "model.pkl")\nrun.upload_file("report.html", "./out/report.html")\n`,
      errors: [
        { ...upload('upload_file', 'mlflow.log_artifact("model.pkl", artifact_path="outputs")'), line: 3, column: 1 },
        upload('upload_file', 'mlflow.log_artifact("./out/report.html")'),
      ],
      output: `import mlflow\n${CONTEXT}mlflow.log_artifact("model.pkl", artifact_path="outputs")\nmlflow.log_artifact("./out/report.html")\n`,
    },
    {
      name: 'keywords, single quotes kept',
      code: `${CONTEXT}run.upload_file(name='a/b/c.txt', path_or_stream='c.txt')`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_artifact('c.txt', artifact_path="a/b")`,
    },
    {
      name: 'a renamed file: suggestion that says the new name',
      code: `${CONTEXT}run.upload_file("outputs/model.pkl", "tmp/m.pkl")`,
      errors: [
        {
          messageId: 'renamed',
          data: {
            method: 'upload_file',
            mlflow: 'mlflow',
            client: 'log_artifact',
            replacement: 'mlflow.log_artifact("tmp/m.pkl", artifact_path="outputs")',
            name: '"outputs/model.pkl"',
            change: 'becomes "outputs/m.pkl"',
          },
          suggestions: [{ output: `import mlflow\n${CONTEXT}mlflow.log_artifact("tmp/m.pkl", artifact_path="outputs")` }],
        },
      ],
      output: null,
    },
    {
      name: 'names that are not literals: suggestion only',
      code: `${CONTEXT}run.upload_file(name, path)\nrun.upload_file("outputs/model.pkl", model_path)`,
      errors: [
        { messageId: 'renamed', data: { method: 'upload_file', mlflow: 'mlflow', client: 'log_artifact', replacement: 'mlflow.log_artifact(path)', name: 'name', change: 'is not known here and may differ from the local file name' } },
        { messageId: 'renamed', suggestions: [{ output: `import mlflow\n${CONTEXT}run.upload_file(name, path)\nmlflow.log_artifact(model_path, artifact_path="outputs")` }] },
      ],
      output: null,
    },
    {
      name: 'a name that is not a plain relative path',
      code: `${CONTEXT}run.upload_file("./model.pkl", "model.pkl")`,
      errors: [{ messageId: 'renamed' }],
      output: null,
    },
    {
      name: 'upload_folder → log_artifacts with artifact_path',
      code: `${CONTEXT}run.upload_folder("plots", "./plots")\nrun.upload_folder(name=folder, path=local_dir)`,
      errors: [upload('upload_folder', 'mlflow.log_artifacts("./plots", artifact_path="plots")'), upload('upload_folder', 'mlflow.log_artifacts(local_dir, artifact_path=folder)')],
      output: `import mlflow\n${CONTEXT}mlflow.log_artifacts("./plots", artifact_path="plots")\nmlflow.log_artifacts(local_dir, artifact_path=folder)`,
    },
    {
      name: 'notebook: interactive run in a with block, upload in the block',
      cells: ['from azureml.core import Experiment\nexp = Experiment(ws, "e")', 'with exp.start_logging() as run:\n    run.upload_folder("outputs", "outputs")'],
      errors: [{ cell: 2, cellLine: 2, cellColumn: 5 }],
      output: ['import mlflow\nfrom azureml.core import Experiment\nexp = Experiment(ws, "e")', 'with exp.start_logging() as run:\n    mlflow.log_artifacts("outputs", artifact_path="outputs")'],
    },
    {
      name: 'datastore_name: reported, not fixed',
      code: `${CONTEXT}run.upload_file("a.txt", "a.txt", datastore_name="blob")`,
      errors: [{ messageId: 'cannotFix', suggestions: null }],
      output: null,
    },
    {
      name: 'upload_files: a loop as suggestion, keeping each name\'s directory',
      code: `${CONTEXT}if ok:\n    run.upload_files(names=names, paths=paths)`,
      errors: [
        {
          messageId: 'uploadFiles',
          data: { mlflow: 'mlflow', names: 'names' },
          suggestions: [
            {
              output:
                `import mlflow\n${CONTEXT}if ok:\n    for _name, _path in zip(names, paths):\n` +
                '        mlflow.log_artifact(_path, artifact_path=_name.rpartition("/")[0] or None)',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'upload_files whose result is used: no suggestion',
      code: `${CONTEXT}artifacts = run.upload_files(names, paths)`,
      errors: [{ messageId: 'uploadFiles', suggestions: null }],
      output: null,
    },
    {
      name: 'remote run: MlflowClient suggestions with the run id',
      code: `${REMOTE}remote_run.upload_file("m.pkl", "m.pkl")\nremote_run.upload_folder("d", "d")`,
      errors: [
        { messageId: 'otherRun', suggestions: [{ output: `import mlflow\n${REMOTE}mlflow.MlflowClient().log_artifact(remote_run.id, "m.pkl")\nremote_run.upload_folder("d", "d")` }] },
        { messageId: 'otherRun', suggestions: [{ output: `import mlflow\n${REMOTE}remote_run.upload_file("m.pkl", "m.pkl")\nmlflow.MlflowClient().log_artifacts(remote_run.id, "d", "d")` }] },
      ],
      output: null,
    },
  ],
});
