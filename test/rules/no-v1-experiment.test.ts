import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-v1-experiment.js';

const IMPORT = 'from azureml.core import Experiment\n';
const experiment = (name: string, mlflow = 'mlflow') => ({ messageId: 'experiment', data: { mlflow, name } });
const startLogging = (mlflow = 'mlflow') => ({ messageId: 'startLogging', data: { mlflow } });
/** Experiment("e") not fixed, for `reason`. */
const experimentNoFix = (reason: string) => ({ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason } });

new RuleTester().run('no-v1-experiment', rule, {
  valid: [
    'import mlflow\nmlflow.set_experiment("e")\nwith mlflow.start_run() as run:\n    pass',
    // Not azureml's Experiment.
    'from mylib import Experiment\nexp = Experiment(ws, "e")\nrun = exp.start_logging()',
    'class Experiment:\n    pass\nexp = Experiment()',
    'exp = Experiment(ws, "e")',
    'import logging\nlogging.getLogger().start_logging()',
    { cells: [IMPORT, '%%bash\nexp = Experiment(ws, "e")'] },
  ],

  invalid: [
    {
      name: 'the typical pair: keywords, binding kept',
      code: `${IMPORT}exp = Experiment(workspace=ws, name="my-exp")\nrun = exp.start_logging()\nrun.complete()\n`,
      errors: [
        { ...experiment('"my-exp"'), line: 2, column: 7, endLine: 2, endColumn: 46 },
        { ...startLogging(), line: 3, column: 7, endColumn: 26 },
      ],
      output: `import mlflow\n${IMPORT}exp = mlflow.set_experiment("my-exp")\nrun = mlflow.start_run()\nrun.complete()\n`,
    },
    {
      name: 'positional name; with ... as run keeps its shape; start_logging arguments dropped',
      code: `${IMPORT}exp = Experiment(ws, "e")\nwith exp.start_logging(snapshot_directory=".", outputs=None) as run:\n    pass\n`,
      errors: [experiment('"e"'), startLogging()],
      output: `import mlflow\n${IMPORT}exp = mlflow.set_experiment("e")\nwith mlflow.start_run() as run:\n    pass\n`,
    },
    {
      name: 'display_name becomes run_name',
      code: `${IMPORT}exp = Experiment(ws, name)\nrun = exp.start_logging(display_name="baseline")`,
      errors: [experiment('name'), startLogging()],
      output: `import mlflow\n${IMPORT}exp = mlflow.set_experiment(name)\nrun = mlflow.start_run(run_name="baseline")`,
    },
    {
      name: 'import forms: alias, module alias, full path',
      code: [
        'from azureml.core import Experiment as Exp',
        'import azureml.core as aml',
        'import azureml.core',
        'a = Exp(ws, "a")',
        'b = aml.Experiment(ws, "b")',
        'c = azureml.core.Experiment(ws, "c")',
      ].join('\n'),
      errors: [experiment('"a"'), experiment('"b"'), experiment('"c"')],
      output: [
        'import mlflow',
        'from azureml.core import Experiment as Exp',
        'import azureml.core as aml',
        'import azureml.core',
        'a = mlflow.set_experiment("a")',
        'b = mlflow.set_experiment("b")',
        'c = mlflow.set_experiment("c")',
      ].join('\n'),
    },
    {
      name: 'Experiment(...) as an expression statement',
      code: `${IMPORT}Experiment(ws, "e")`,
      errors: [experiment('"e"')],
      output: `import mlflow\n${IMPORT}mlflow.set_experiment("e")`,
    },
    {
      name: 'chained Experiment(...).start_logging(): two statements, indentation kept',
      code: `${IMPORT}def main():\n    run = Experiment(ws, "e").start_logging()\n    Experiment(ws, "f").start_logging()\n    with Experiment(ws, "g").start_logging() as r:\n        pass\n`,
      errors: [
        { messageId: 'experimentStartLogging', data: { mlflow: 'mlflow', name: '"e"' }, line: 3, column: 11, endColumn: 30 },
        { messageId: 'experimentStartLogging', line: 4 },
        { messageId: 'experimentStartLogging', line: 5 },
      ],
      output: `import mlflow\n${IMPORT}def main():\n    mlflow.set_experiment("e")\n    run = mlflow.start_run()\n    mlflow.set_experiment("f")\n    mlflow.start_run()\n    mlflow.set_experiment("g")\n    with mlflow.start_run() as r:\n        pass\n`,
    },
    {
      name: 'chained call sharing its line: reported, not fixed',
      code: `${IMPORT}if ok: run = Experiment(ws, "e").start_logging()`,
      errors: [{ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason: 'it is part of a larger expression or shares its line with other code' } }],
      output: null,
    },
    {
      name: 'experiment used for submit: both reported, neither fixed',
      code: `${IMPORT}exp = Experiment(ws, "e")\nrun = exp.start_logging()\nremote = exp.submit(config)`,
      errors: [
        {
          messageId: 'experimentNoFix',
          data: { mlflow: 'mlflow', name: '"e"', reason: '`exp` is also used as `exp.submit()` (line 4), which has no direct MLflow equivalent' },
          line: 2,
        },
        {
          messageId: 'startLoggingNoFix',
          data: { mlflow: 'mlflow', reason: '`exp` is also used as `exp.submit()` (line 4), which has no direct MLflow equivalent' },
          line: 3,
        },
      ],
      output: null,
    },
    {
      name: 'experiment used for get_runs in a later cell, passed on, or read as an attribute',
      cells: [`${IMPORT}exp = Experiment(ws, "e")`, 'for r in exp.get_runs():\n    print(r)'],
      errors: [{ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason: '`exp` is also used as `exp.get_runs()` (cell 2, line 1), which has no direct MLflow equivalent' } }],
      output: null,
    },
    {
      name: 'exp.name is read: MLflow\'s Experiment has it too, so the rewrite goes ahead',
      code: `${IMPORT}exp = Experiment(ws, "e")\nrun = exp.start_logging()\nprint("Starting", exp.name)`,
      errors: [experiment('"e"'), startLogging()],
      output: `import mlflow\n${IMPORT}exp = mlflow.set_experiment("e")\nrun = mlflow.start_run()\nprint("Starting", exp.name)`,
    },
    {
      name: 'exp.tag() is not a name read',
      code: `${IMPORT}exp = Experiment(ws, "e")\nexp.tag("k", "v")`,
      errors: [{ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason: '`exp` is also used as `exp.tag()` (line 3), which has no direct MLflow equivalent' } }],
      output: null,
    },
    {
      name: 'the started run is used in a way MLflow\'s run object does not support: neither is fixed, and the reason names the use and where it is',
      cells: [`${IMPORT}exp = Experiment(ws, "e")\nrun = exp.start_logging()\nrun.log("a", 1)`, 'files = run.get_file_names()'],
      errors: [
        {
          messageId: 'experimentNoFix',
          data: { mlflow: 'mlflow', name: '"e"', reason: "the run `run` is also used as `run.get_file_names()` (cell 2, line 1): MLflow's run object has no `get_file_names()`" },
        },
        { messageId: 'startLoggingNoFix' },
      ],
      output: null,
    },
    {
      name: 'the started run\'s v1 attributes MLflow\'s run has: run.id, run.experiment.name, get_portal_url() (from the workspace), get_metrics() shown; the run and the experiment shown as cells',
      cells: [
        'from azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexperiment = Experiment(workspace=ws, name="e")',
        'experiment',
        'run = experiment.start_logging()\nrun_id = run.id\nrun',
        'print("Follow", run.get_portal_url())\nprint(run.experiment.name)',
        'run.complete()\nrun.get_metrics()',
      ],
      errors: [
        { messageId: 'experiment', cell: 1 },
        { messageId: 'startLogging', cell: 3, cellLine: 1 },
        { messageId: 'runId', cell: 3, cellLine: 2, data: { use: 'run.id', mlflow: 'mlflow', replacement: 'run.info.run_id' } },
        { messageId: 'runPortalUrl', cell: 4, cellLine: 1 },
        { messageId: 'runExperimentName', cell: 4, cellLine: 2 },
        { messageId: 'runMetricsShown', cell: 5, cellLine: 2 },
      ],
      output: [
        'import mlflow\nfrom azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nmlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())\nexperiment = mlflow.set_experiment("e")',
        'experiment',
        'run = mlflow.start_run()\nrun_id = run.info.run_id\nrun',
        'print("Follow", f"https://ml.azure.com/runs/{run.info.run_id}?wsid=/subscriptions/{ws.subscription_id}/resourcegroups/{ws.resource_group}/workspaces/{ws.name}")\n' +
          'print(mlflow.get_experiment(run.info.experiment_id).name)',
        'run.complete()\nmlflow.get_run(run.info.run_id).data.metrics',
      ],
    },
    {
      name: 'reads MLflow answers in other shapes (get_file_names(), get_metrics() read, download_file()) go through the v1 Run of the same id, in a notebook tracking to the workspace',
      cells: [
        'from azureml.core import Experiment, Run, Workspace\nws = Workspace.from_config()\nexp = Experiment(workspace=ws, name="e")\nrun = exp.start_logging()\nrun.complete()',
        'for f in run.get_file_names():\n    run.download_file(f, f)\nacc = run.get_metrics()["acc"]',
      ],
      errors: [
        { messageId: 'experiment' },
        { messageId: 'startLogging' },
        { messageId: 'runReadV1', cell: 2, cellLine: 1, data: { method: 'get_file_names', replacement: 'Run(Experiment(ws, "e"), run.info.run_id)' } },
        { messageId: 'runReadV1', cell: 2, cellLine: 2 },
        { messageId: 'runReadV1', cell: 2, cellLine: 3 },
      ],
      output: [
        'import mlflow\nfrom azureml.core import Experiment, Run, Workspace\nws = Workspace.from_config()\nmlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())\n' +
          'exp = mlflow.set_experiment("e")\nrun = mlflow.start_run()\nrun.complete()',
        'for f in Run(Experiment(ws, "e"), run.info.run_id).get_file_names():\n    Run(Experiment(ws, "e"), run.info.run_id).download_file(f, f)\n' +
          'acc = Run(Experiment(ws, "e"), run.info.run_id).get_metrics()["acc"]',
      ],
    },
    {
      name: 'the same read in a script (MLflow need not track to the workspace there) or without the v1 Run class imported: refused, naming it',
      code: `${IMPORT}exp = Experiment(ws, "e")\nrun = exp.start_logging()\nnames = run.get_file_names()\n`,
      errors: [
        experimentNoFix("the run `run` is also used as `run.get_file_names()` (line 4): MLflow's run object has no `get_file_names()`"),
        { messageId: 'startLoggingNoFix' },
      ],
      output: null,
    },
    {
      name: 'get_metrics() whose result is read: refused, the reason naming the use and where',
      code: `${IMPORT}exp = Experiment(get_ws(), "e")\nrun = exp.start_logging()\nacc = run.get_metrics()["acc"]\n`,
      errors: [
        experimentNoFix(
          "the run `run` is also used as `run.get_metrics()` (line 4): v1's get_metrics() lists every value of a series and " +
            "includes text and tables, while MLflow's run keeps the last value of each numeric metric, so code that reads the " +
            'result would see other values (only showing or printing it is rewritten)',
        ),
        { messageId: 'startLoggingNoFix' },
      ],
      output: null,
    },
    {
      name: 'get_portal_url() when no workspace is known by name: refused with its own message, which says MLflow has no portal URL',
      code: `${IMPORT}exp = Experiment(get_ws(), "e")\nwith exp.start_logging() as run:\n    url = run.get_portal_url()\n`,
      errors: [
        { messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason: 'the run `run` is also used as `run.get_portal_url()` (line 4): MLflow has no portal URL, and no workspace is known by name here to build the Azure ML studio link from' } },
        { messageId: 'startLoggingNoFix' },
        { messageId: 'runPortalUrlNoFix', line: 4 },
      ],
      output: null,
    },
    {
      name: 'Run(experiment, run_id) fetches a v1 run by id: it gets a v1 experiment of the same name, so the experiment and its run migrate',
      cells: [
        'from azureml.core import Experiment, Run, Workspace\nws = Workspace.from_config()\nexperiment = Experiment(ws, "e")\nrun = experiment.start_logging()\nrun_id = run.id\nrun.complete()',
        'fetched_run = Run(experiment, run_id)\nfetched_run',
      ],
      errors: [
        { messageId: 'experiment' },
        { messageId: 'startLogging' },
        { messageId: 'runId' },
        { messageId: 'runFetch', cell: 2, cellLine: 1, cellColumn: 19, data: { experiment: 'experiment', replacement: 'Experiment(ws, experiment.name)' } },
      ],
      output: [
        'import mlflow\nfrom azureml.core import Experiment, Run, Workspace\nws = Workspace.from_config()\nmlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())\n' +
          'experiment = mlflow.set_experiment("e")\nrun = mlflow.start_run()\nrun_id = run.info.run_id\nrun.complete()',
        'fetched_run = Run(Experiment(ws, experiment.name), run_id)\nfetched_run',
      ],
    },
    {
      name: 'Run(exp, run_id) when the workspace is not known by name: the experiment stays v1, and the reason says so in words (not "`exp` is also used as `exp`")',
      code: `${IMPORT}from azureml.core import Run\nexp = Experiment(get_ws(), "e")\nfetched = Run(exp, rid)\n`,
      errors: [
        experimentNoFix(
          '`exp` is also passed to `Run(exp, rid)` (line 4), which fetches a v1 run by its id; ' +
            'after the migration `exp` is an MLflow experiment, so that call would fail (MLflow reads a run by id with mlflow.get_run(run_id))',
        ),
      ],
      output: null,
    },
    {
      name: 'the started run handed to RunDetails (azureml-widgets), chained form',
      cells: [`${IMPORT}run = Experiment(ws, "e").start_logging()`, 'RunDetails(run).show()'],
      errors: [
        {
          messageId: 'experimentNoFix',
          data: { mlflow: 'mlflow', name: '"e"', reason: "the run `run` is also used as `RunDetails(run).show()` (cell 2, line 1): the run object is passed on or stored there, and what gets it may expect a v1 Run, which MLflow's run object is not" },
        },
      ],
      output: null,
    },
    {
      name: 'with exp.start_logging(): without a name',
      code: `${IMPORT}exp = Experiment(ws, "e")\nwith exp.start_logging():\n    train()\n`,
      errors: [experiment('"e"'), startLogging()],
      output: `import mlflow\n${IMPORT}exp = mlflow.set_experiment("e")\nwith mlflow.start_run():\n    train()\n`,
    },
    {
      name: 'experiment passed to a function',
      code: `${IMPORT}exp = Experiment(ws, "e")\nshow(exp)`,
      errors: [{ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason: '`exp` is also passed to `show(exp)` (line 3), which may expect the v1 experiment' } }],
      output: null,
    },
    {
      name: 'notebook: bound in one cell, started in another, import once with the first imports',
      cells: ['#md\n# Setup', 'import os\nfrom azureml.core import Workspace, Experiment', 'ws = Workspace.from_config()\nexp = Experiment(ws, "nb")', '%%time\nrun = exp.start_logging()'],
      errors: [
        { messageId: 'experiment', cell: 3, cellLine: 2, cellColumn: 7 },
        { messageId: 'startLogging', cell: 4, cellLine: 2, cellColumn: 7 },
      ],
      output: [
        '#md\n# Setup',
        'import mlflow\nimport os\nfrom azureml.core import Workspace, Experiment',
        // An interactive notebook run must reach the workspace: the tracking URI comes first (issue 8).
        'ws = Workspace.from_config()\nmlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())\nexp = mlflow.set_experiment("nb")',
        '%%time\nrun = mlflow.start_run()',
      ],
    },
    {
      name: 'notebook: a tracking URI already set is left alone',
      cells: ['import mlflow\nfrom azureml.core import Workspace, Experiment\nws = Workspace.from_config()\nmlflow.set_tracking_uri("http://localhost:5000")', 'exp = Experiment(ws, "nb")\nrun = exp.start_logging()'],
      errors: [{ messageId: 'experiment', cell: 2 }, { messageId: 'startLogging', cell: 2 }],
      output: [
        'import mlflow\nfrom azureml.core import Workspace, Experiment\nws = Workspace.from_config()\nmlflow.set_tracking_uri("http://localhost:5000")',
        'exp = mlflow.set_experiment("nb")\nrun = mlflow.start_run()',
      ],
    },
    {
      name: 'notebook: the chained form gets the tracking URI first, then set_experiment, with the indentation kept',
      cells: ['from azureml.core import Workspace, Experiment\nws = Workspace.from_config()\nif True:\n    run = Experiment(workspace=ws, name="c").start_logging()'],
      errors: [{ messageId: 'experimentStartLogging', cell: 1 }],
      output: [
        'import mlflow\nfrom azureml.core import Workspace, Experiment\nws = Workspace.from_config()\nif True:\n' +
          '    mlflow.set_tracking_uri(ws.get_mlflow_tracking_uri())\n    mlflow.set_experiment("c")\n    run = mlflow.start_run()',
      ],
    },
    {
      name: 'notebook: no workspace in scope by name: not fixed, and the message says so and gives the v2 form',
      cells: ['from azureml.core import Workspace, Experiment\nexp = Experiment(Workspace.from_config(), "nb")\nrun = exp.start_logging()'],
      errors: [
        {
          messageId: 'experimentNoFix',
          message: /no Workspace object is in scope .* local \.\/mlruns .*MLClient\(credential, subscription_id, resource_group\)\.workspaces\.get\(name\)\.mlflow_tracking_uri/,
        },
        { messageId: 'startLoggingNoFix' },
      ],
      output: null,
    },
    {
      name: 'mlflow alias',
      code: `import mlflow as mf\n${IMPORT}exp = Experiment(ws, "e")\nrun = exp.start_logging()`,
      errors: [experiment('"e"', 'mf'), startLogging('mf')],
      output: `import mlflow as mf\n${IMPORT}exp = mf.set_experiment("e")\nrun = mf.start_run()`,
    },
    {
      name: 'no name argument',
      code: `${IMPORT}exp = Experiment(ws)`,
      errors: [{ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '...', reason: 'the experiment name is not passed as `name=` or second argument' } }],
      output: null,
    },
    {
      name: '**kwargs hide the name',
      code: `${IMPORT}exp = Experiment(**cfg)\nrun = exp.start_logging()`,
      errors: [
        { messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '...', reason: 'it is passed *args or **kwargs, whose contents are not known' } },
        { messageId: 'startLoggingNoFix', data: { mlflow: 'mlflow', reason: 'it is passed *args or **kwargs, whose contents are not known' } },
      ],
      output: null,
    },
    {
      name: 'stored in an attribute: uses cannot be followed',
      code: `${IMPORT}self.exp = Experiment(ws, "e")`,
      errors: [{ messageId: 'experimentNoFix', data: { mlflow: 'mlflow', name: '"e"', reason: 'the experiment object is kept where its other uses cannot be followed' } }],
      output: null,
    },
    {
      name: 'an experiment not created by Experiment(ws, name): start_logging reported without a fix',
      code: 'from azureml.core import Workspace\nws = Workspace.from_config()\nexp = ws.experiments["e"]\nrun = exp.start_logging()',
      errors: [
        {
          messageId: 'startLoggingNoFix',
          data: { mlflow: 'mlflow', reason: 'the experiment is not created here by Experiment(workspace, name), so its name is not known' },
        },
      ],
      output: null,
    },
    {
      name: 'migration group: start_logging() in code that does not parse cannot be fixed, so neither is Experiment()',
      cells: [`${IMPORT}exp = Experiment(ws, "e")`, 'run = exp.start_logging(\nrun.complete()'],
      errors: [{ messageId: 'experiment', cell: 1 }, { messageId: 'startLogging', cell: 2 }],
      output: null,
    },
  ],
});
