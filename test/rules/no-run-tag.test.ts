import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-tag.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const INTERACTIVE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nrun = exp.start_logging()\n';
const REMOTE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote_run = exp.submit(config)\n';
const tag = (method: string, replacement: string, mlflow = 'mlflow') => ({ messageId: 'tag', data: { method, mlflow, replacement } });

new RuleTester().run('no-run-tag', rule, {
  valid: [
    // Not v1 runs.
    'import mlflow\nwith mlflow.start_run() as run:\n    run.tag("a", "b")',
    'class Recorder:\n    def tag(self, k, v=None): pass\nrun = Recorder()\nrun.tag("a", "b")',
    'import subprocess\nrun = subprocess.run(["ls"])\nrun.set_tags({"a": 1})',
    'run.add_properties({"a": 1})',
    // A Workspace or an Experiment is not a run.
    'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nexp.tag("a", "b")',
  ],

  invalid: [
    {
      name: 'tag with and without a value; set_tags; add_properties',
      code: `${CONTEXT}run.tag("model", "ridge")\nrun.tag("baseline")\nrun.set_tags({"a": 1, "b": x})\nrun.add_properties({"owner": "team"})\n`,
      errors: [
        { ...tag('tag', 'mlflow.set_tag("model", "ridge")'), line: 3, column: 1, endColumn: 26 },
        tag('tag', 'mlflow.set_tag("baseline", "")'),
        tag('set_tags', 'mlflow.set_tags({"a": 1, "b": x})'),
        { messageId: 'properties', data: { method: 'add_properties', mlflow: 'mlflow', replacement: 'mlflow.set_tags({"owner": "team"})' } },
      ],
      output:
        `import mlflow\n${CONTEXT}mlflow.set_tag("model", "ridge")\nmlflow.set_tag("baseline", "")\n` +
        'mlflow.set_tags({"a": 1, "b": x})\nmlflow.set_tags({"owner": "team"})\n',
    },
    {
      name: 'keywords and an explicit None value (v1 stores "", MLflow would store "None")',
      code: `${CONTEXT}run.tag(key=k, value=v)\nrun.tag("flag", None)\nrun.set_tags(tags=d)\nrun.add_properties(properties=props)`,
      errors: 4,
      output: `import mlflow\n${CONTEXT}mlflow.set_tag(k, v)\nmlflow.set_tag("flag", "")\nmlflow.set_tags(d)\nmlflow.set_tags(props)`,
    },
    {
      name: 'notebook: interactive run, tags in a later cell, alias of mlflow',
      cells: ['import mlflow as mf\nfrom azureml.core import Experiment', 'exp = Experiment(ws, "e")\nrun = exp.start_logging()', 'run.tag("stage", "dev")'],
      errors: [{ ...tag('tag', 'mf.set_tag("stage", "dev")', 'mf'), cell: 3, cellLine: 1, cellColumn: 1 }],
      output: ['import mlflow as mf\nfrom azureml.core import Experiment', 'exp = Experiment(ws, "e")\nrun = exp.start_logging()', 'mf.set_tag("stage", "dev")'],
    },
    {
      name: 'inside with start_logging() as run',
      code: 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nwith exp.start_logging() as run:\n    run.tag("k", 1)',
      errors: 1,
      output: 'import mlflow\nfrom azureml.core import Experiment\nexp = Experiment(ws, "e")\nwith exp.start_logging() as run:\n    mlflow.set_tag("k", 1)',
    },
    {
      name: 'a tag key MLflow rejects: reported, not fixed',
      code: `${CONTEXT}run.tag("prec@1", "x")`,
      errors: [{ messageId: 'cannotFix', data: { method: 'tag', mlflow: 'mlflow', replacement: 'mlflow.set_tag("prec@1", "x")', reason: 'MLflow rejects the tag key "prec@1"' } }],
      output: null,
    },
    {
      name: 'set_tags with something that is not a dict',
      code: `${INTERACTIVE}run.set_tags("a")\nrun.set_tags(["a", "b"])`,
      errors: [
        { messageId: 'cannotFix', data: { method: 'set_tags', mlflow: 'mlflow', replacement: 'mlflow.set_tags("a")', reason: 'MLflow\'s set_tags() takes a dict, not `"a"`' } },
        { messageId: 'cannotFix' },
      ],
      output: null,
    },
    {
      name: 'remote run: MlflowClient().set_tag suggestion; set_tags: none',
      code: `${REMOTE}remote_run.tag("k", "v")\nremote_run.set_tags(d)`,
      errors: [
        {
          messageId: 'otherRun',
          data: { method: 'tag', mlflow: 'mlflow', replacement: 'mlflow.set_tag("k", "v")', kind: 'remote' },
          suggestions: [{ output: `import mlflow\n${REMOTE}mlflow.MlflowClient().set_tag(remote_run.id, "k", "v")\nremote_run.set_tags(d)` }],
        },
        { messageId: 'otherRun', suggestions: null },
      ],
      output: null,
    },
    {
      name: 'a run fetched by id, in a notebook tracking to its workspace: still a suggestion, the message says why',
      cells: [
        'import mlflow\nfrom azureml.core import Experiment, Run, Workspace\nws = Workspace.from_config()\nmlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())',
        'fetched = Run(Experiment(ws, "e"), run_id)\nfetched.tag("reviewed", "yes")',
      ],
      errors: [
        {
          messageId: 'otherRun',
          data: { method: 'tag', mlflow: 'mlflow', replacement: 'mlflow.set_tag("reviewed", "yes")', kind: 'remote' },
          message: /only where MLflow tracks to the run's workspace .*mlflow\.set_tracking_uri\(ws\.get_mlflow_tracking_uri\(\)\).*raises anywhere else; and the run object stays v1/,
          cell: 2,
          cellLine: 2,
          suggestions: [
            {
              output: [
                'import mlflow\nfrom azureml.core import Experiment, Run, Workspace\nws = Workspace.from_config()\nmlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())',
                'fetched = Run(Experiment(ws, "e"), run_id)\nmlflow.MlflowClient().set_tag(fetched.id, "reviewed", "yes")',
              ],
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'parent run: suggestion',
      code: `${CONTEXT}run.parent.tag("best")`,
      errors: [{ messageId: 'otherRun', suggestions: [{ output: `import mlflow\n${CONTEXT}mlflow.MlflowClient().set_tag(run.parent.id, "best", "")` }] }],
      output: null,
    },
    {
      name: '**kwargs and missing arguments: reported, not fixed',
      code: `${CONTEXT}run.tag(**kw)\nrun.set_tags()`,
      errors: [
        { messageId: 'cannotFix', data: { method: 'tag', mlflow: 'mlflow', replacement: 'mlflow.set_tag(...)', reason: 'it passes **kwargs, whose contents are not known' } },
        { messageId: 'cannotFix', data: { method: 'set_tags', mlflow: 'mlflow', replacement: 'mlflow.set_tags(...)', reason: 'no tag is passed' } },
      ],
      output: null,
    },
  ],
});
