import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-v1-run-query.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const REMOTE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote_run = exp.submit(config)\n';

new RuleTester().run('no-v1-run-query', rule, {
  valid: [
    // Same method names on objects that are not v1 runs.
    'import mlflow\nwith mlflow.start_run() as run:\n    m = run.get_metrics()',
    'import subprocess\nrun = subprocess.run(["ls"])\nrun.get_status()',
    'class Tracker:\n    def get_metrics(self): return {}\nrun = Tracker()\nrun.get_metrics()',
    'import mlflow\nclient = mlflow.MlflowClient()\nclient.download_file("a", "b")',
    'run.get_metrics()',
    // A user's own RunDetails is not the azureml widget.
    'from mywidgets import RunDetails\nRunDetails(run).show()',
    // Methods that migrate by other rules.
    `${CONTEXT}run.log("a", 1)`,
  ],

  invalid: [
    {
      name: 'get_metrics on a remote run',
      code: `${REMOTE}metrics = remote_run.get_metrics()\n`,
      errors: [
        {
          messageId: 'getMetrics',
          data: { mlflow: 'mlflow', run: 'remote_run' },
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'useReplacement',
              output: `import mlflow\n${REMOTE}metrics = mlflow.get_run(remote_run.id).data.metrics\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'get_metrics(name=...) has no same-shaped replacement: report only',
      code: `${CONTEXT}run.get_metrics(name="loss")`,
      errors: [{ messageId: 'getMetrics', suggestions: [] }],
    },
    {
      name: 'get_status and get_details, mlflow imported under an alias',
      code: `import mlflow as mf\n${CONTEXT}s = run.get_status()\nd = run.get_details()\n`,
      errors: [
        {
          messageId: 'getStatus',
          message: /Completed → FINISHED, Failed → FAILED, Canceled → KILLED/,
          suggestions: [{ output: `import mlflow as mf\n${CONTEXT}s = mf.get_run(run.id).info.status\nd = run.get_details()\n` }],
        },
        {
          messageId: 'getDetails',
          suggestions: [{ output: `import mlflow as mf\n${CONTEXT}s = run.get_status()\nd = mf.get_run(run.id).info\n` }],
        },
      ],
    },
    {
      name: 'get_file_names',
      code: `${CONTEXT}names = run.get_file_names()`,
      errors: [
        {
          messageId: 'getFileNames',
          message: /one folder level as FileInfo objects/,
          suggestions: [{ output: `import mlflow\n${CONTEXT}names = mlflow.MlflowClient().list_artifacts(run.id)` }],
        },
      ],
    },
    {
      name: 'download_file with positional and keyword arguments',
      code: `${CONTEXT}run.download_file("outputs/model.pkl", "model")\nrun.download_file(name="a.txt")\n`,
      errors: [
        {
          messageId: 'downloadFile',
          message: /dst_path is a folder/,
          suggestions: [
            {
              output: `import mlflow\n${CONTEXT}mlflow.artifacts.download_artifacts(run_id=run.id, artifact_path="outputs/model.pkl", dst_path="model")\nrun.download_file(name="a.txt")\n`,
            },
          ],
        },
        {
          messageId: 'downloadFile',
          suggestions: [
            {
              output: `import mlflow\n${CONTEXT}run.download_file("outputs/model.pkl", "model")\nmlflow.artifacts.download_artifacts(run_id=run.id, artifact_path="a.txt")\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'download_file with **kwargs: report only',
      code: `${CONTEXT}run.download_file(**opts)`,
      errors: [{ messageId: 'downloadFile', suggestions: [] }],
    },
    {
      name: 'experiment.get_runs, across cells',
      cells: ['from azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "e")', 'for r in exp.get_runs():\n    print(r.id)'],
      errors: [
        {
          messageId: 'getRuns',
          data: { mlflow: 'mlflow', experiment: 'exp' },
          cell: 2,
          cellLine: 1,
          cellColumn: 10,
          suggestions: [
            {
              output: [
                'import mlflow\nfrom azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "e")',
                'for r in mlflow.search_runs(experiment_names=[exp.name], output_format="list"):\n    print(r.id)',
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'RunDetails widget: no equivalent, report only (the show() chain and a bare display)',
      cells: ['from azureml.widgets import RunDetails\nRunDetails(remote_run).show()', 'import azureml.widgets as w\nw.RunDetails(run)'],
      errors: [
        { messageId: 'runDetails', cell: 1, cellLine: 2, cellColumn: 1, suggestions: [] },
        { messageId: 'runDetails', cell: 2, cellLine: 2, cellColumn: 1, suggestions: [] },
      ],
    },
    {
      name: 'parent run',
      code: `${CONTEXT}m = run.parent.get_metrics()`,
      errors: [{ messageId: 'getMetrics', suggestions: [{ output: `import mlflow\n${CONTEXT}m = mlflow.get_run(run.parent.id).data.metrics` }] }],
    },
  ],
});
