import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-log.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const INTERACTIVE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nrun = exp.start_logging()\n';
const runLog = (name: string, mlflow = 'mlflow') => ({ messageId: 'runLog', data: { mlflow, name } });

new RuleTester().run('no-run-log', rule, {
  valid: [
    // The false-positive traps of migration-map.md: none of these is a v1 Run.
    'import logging\nlogger = logging.getLogger(__name__)\nlogger.log(logging.INFO, "x")',
    'import math\nmath.log(2.0)',
    'import numpy as np\nnp.log(x)',
    'import torch\ntorch.log(t)',
    [
      'import pytorch_lightning as pl',
      'class Model(pl.LightningModule):',
      '    def training_step(self, batch, i):',
      '        self.log("train_loss", loss)',
    ].join('\n'),
    'import subprocess\nrun = subprocess.run(["ls"])\nrun.log("a", 1)',
    'import mlflow\nwith mlflow.start_run() as run:\n    run.log("a", 1)',
    'from azureml.core import Datastore\nds = Datastore.get(ws, "d")\nds.upload_files(["a.csv"])',
    'class Recorder:\n    def log(self, k, v): pass\nrun = Recorder()\nrun.log("acc", 0.5)',
    // A variable called `run` with no v1 origin.
    'run.log("acc", 0.5)',
    // A string value belongs to string-metric-as-artifact.
    `${CONTEXT}run.log("model", "gbm")`,
    `${CONTEXT}run.log("model", f"gbm-{v}")`,
    // Other v1 methods are other rules' business.
    `${CONTEXT}run.log_list("l", [1, 2])`,
    // A %%bash cell is not Python, even when its text looks like a v1 call.
    { cells: [CONTEXT, '%%bash\nrun.log("acc", 1)'] },
    // Not v1 when only the name matches in another namespace.
    { cells: ['import logging\nrun = logging.getLogger("x")', 'run.log(10, "msg")'] },
  ],

  invalid: [
    {
      name: 'context run, script',
      code: `${CONTEXT}run.log("acc", 0.91)\n`,
      errors: [{ ...runLog('"acc"'), line: 3, column: 1, endLine: 3, endColumn: 21 }],
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("acc", 0.91)\n`,
    },
    {
      // Real Keras training scripts normalise pixels with `/ 255.`: that float must not read as a syntax error
      // (which would refuse every fix in the file).
      name: 'a float with a trailing dot elsewhere in the script',
      code: `${CONTEXT}train_set = x_train.reshape((len(x_train), -1)) / 255.\nrun.log("lr", 1.e-3)\n`,
      errors: [runLog('"lr"')],
      output: `import mlflow\n${CONTEXT}train_set = x_train.reshape((len(x_train), -1)) / 255.\nmlflow.log_metric("lr", 1.e-3)\n`,
    },
    {
      name: 'interactive run from start_logging',
      code: `${INTERACTIVE}run.log("loss", float(loss))`,
      errors: [runLog('"loss"')],
      output: `import mlflow\n${INTERACTIVE}mlflow.log_metric("loss", float(loss))`,
    },
    {
      name: 'with exp.start_logging() as run',
      code: 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nwith exp.start_logging() as run:\n    run.log("acc", acc.item())\n',
      errors: [runLog('"acc"')],
      output:
        'import mlflow\nfrom azureml.core import Experiment\nexp = Experiment(ws, "e")\nwith exp.start_logging() as run:\n    mlflow.log_metric("acc", acc.item())\n',
    },
    {
      name: 'step= kept, positional description dropped',
      code: `${CONTEXT}run.log("loss", loss.item(), "training loss", step=epoch)`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("loss", loss.item(), step=epoch)`,
    },
    {
      name: 'keyword description dropped, keyword name/value',
      code: `${CONTEXT}run.log(name="loss", value=loss.item(), description="d")`,
      errors: [runLog('"loss"')],
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("loss", loss.item())`,
    },
    {
      name: 'fourth positional argument is the step',
      code: `${CONTEXT}run.log("loss", 0.3, "", 7)`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("loss", 0.3, step=7)`,
    },
    {
      name: 'bool literals become 1 and 0',
      code: `${CONTEXT}run.log("converged", True)\nrun.log("diverged", False)`,
      errors: 2,
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("converged", 1)\nmlflow.log_metric("diverged", 0)`,
    },
    {
      name: 'bool expression wrapped in int()',
      code: `${CONTEXT}run.log("better", acc > best)\nrun.log("done", not running)`,
      errors: 2,
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("better", int(acc > best))\nmlflow.log_metric("done", int(not running))`,
    },
    {
      // MLflow's log_metric raises on a string, a bool or None, which v1 logged: the default never risks it.
      name: 'unknown value type: a suggestion by default, whose message names where the value comes from',
      code: `${CONTEXT}acc = model.score(X_test, y_test)\nrun.log("acc", acc)\nrun.log("f", compute())\n`,
      errors: [
        {
          messageId: 'unknownType',
          message:
            'Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("acc", ...) instead. Not fixed automatically: the type ' +
            'of `acc` is not known before the code runs: it comes from `model.score(X_test, y_test)` at line 3, and MLflow\'s ' +
            'log_metric raises on anything but a number (v1 also logged strings, bools and None). Apply the suggestion where ' +
            'it is always a number, or set unknownValueType: "fix".',
          suggestions: [
            {
              messageId: 'useLogMetric',
              data: { mlflow: 'mlflow', name: '"acc"' },
              output: `import mlflow\n${CONTEXT}acc = model.score(X_test, y_test)\nmlflow.log_metric("acc", acc)\nrun.log("f", compute())\n`,
            },
          ],
        },
        { messageId: 'unknownType', message: /Not fixed automatically: the type of `compute\(\)` is not known before the code runs, and/ },
      ],
      output: null,
    },
    {
      name: 'argparse: an option without default= is None when not given; the message says so and names the add_argument',
      cells: [
        'import argparse\nfrom azureml.core import Run\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float)\n' +
          'parser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args([])\nrun = Run.get_context()',
        'run.log("lr", args.lr)\nrun.log("epochs", args.epochs)',
      ],
      errors: [
        {
          messageId: 'unknownType',
          message: /the type of `args.lr` is not known before the code runs: it comes from `parser.add_argument\("--lr", type=float\)` at cell 1, line 4 \(--lr has no default=, so it is None when not given\)/,
        },
        runLog('"epochs"'),
      ],
      output: [
        'import mlflow\nimport argparse\nfrom azureml.core import Run\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float)\n' +
          'parser.add_argument("--epochs", type=int, default=10)\nargs = parser.parse_args([])\nrun = Run.get_context()',
        'run.log("lr", args.lr)\nmlflow.log_metric("epochs", args.epochs)',
      ],
    },
    {
      name: 'None, a list or a dict: never a metric, not fixed and no log_metric suggestion',
      code: `${CONTEXT}scores = [0.1, 0.2]\nrun.log("scores", scores)\nrun.log("cfg", {"a": 1})\nrun.log("none", None)\n`,
      errors: [
        { messageId: 'notANumber', message: /Not fixed automatically: `scores` is a list, from `\[0.1, 0.2\]` at line 3, and MLflow's log_metric takes only numbers\./, suggestions: [] },
        { messageId: 'notANumber', message: /`\{"a": 1\}` is a dict, and/, suggestions: [] },
        { messageId: 'notANumber', message: /`None` is None, and/, suggestions: [] },
      ],
      output: null,
    },
    {
      name: 'vars(args) loop at the top level of a script: mlflow.log_params(vars(args)), the whole loop replaced',
      code: `import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}for key, value in vars(args).items():\n    run.log(key, value)\nprint("done")\n`,
      errors: [{ messageId: 'hyperparameters', data: { mlflow: 'mlflow', name: 'key', params: 'vars(args)' } }],
      output: `import mlflow\nimport argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}mlflow.log_params(vars(args))\nprint("done")\n`,
    },
    {
      name: 'args.__dict__ loop, no final newline',
      code: `import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}for k, v in args.__dict__.items():\n    run.log(k, v)`,
      errors: [{ messageId: 'hyperparameters' }],
      output: `import mlflow\nimport argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}mlflow.log_params(args.__dict__)`,
    },
    {
      name: 'vars(args) loop inside a function, or in a notebook: a suggestion that says why',
      code: `import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}def log_args():\n    for key, value in vars(args).items():\n        run.log(key, value)\nlog_args()\n`,
      errors: [
        {
          messageId: 'hyperparametersCannotFix',
          message: /Not fixed automatically: it may run more than once in a run \(it is inside a loop or a function\), and MLflow raises when a param is logged again with another value/,
          suggestions: [{ output: `import mlflow\nimport argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}def log_args():\n    mlflow.log_params(vars(args))\nlog_args()\n` }],
        },
      ],
      output: null,
    },
    {
      name: 'vars(args) loop in a notebook cell: suggestion (a cell can run again in the same run)',
      cells: [`import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}`, 'for key, value in vars(args).items():\n    run.log(key, value)'],
      errors: [{ messageId: 'hyperparametersCannotFix', message: /a notebook cell can run again in the same run/ }],
      output: null,
    },
    {
      name: 'a loop that does more than log, or over another dict: the per-value rule applies',
      code: `import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--opt\", default=\"sgd\")\nparser.add_argument(\"--lr\", type=float, default=0.1)\nargs = parser.parse_args()\n${CONTEXT}for key, value in vars(args).items():\n    print(key)\n    run.log(key, value)\nfor key, value in other.items():\n    run.log(key, value)\n`,
      errors: [{ messageId: 'unknownType' }, { messageId: 'unknownType' }],
      output: null,
    },
    {
      name: 'unknownValueType: fix rewrites an unknown value anyway (the old behaviour)',
      code: `${CONTEXT}run.log("acc", compute())`,
      options: [{ unknownValueType: 'fix' }],
      errors: [runLog('"acc"')],
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("acc", compute())`,
    },
    {
      name: 'a name MLflow rejects is not fixed (the migrated call would raise)',
      code: `${CONTEXT}run.log("ok ✓", 1)\nrun.log("prec@1", 0.5)`,
      errors: [
        { messageId: 'cannotFix', data: { mlflow: 'mlflow', name: '"ok ✓"', reason: 'MLflow rejects the metric name "ok ✓" (see mlflow-metric-name)' } },
        { messageId: 'cannotFix', data: { mlflow: 'mlflow', name: '"prec@1"', reason: 'MLflow rejects the metric name "prec@1" (see mlflow-metric-name)' } },
      ],
      output: null,
    },
    {
      name: 'typed values are fixed: sklearn scores, numpy reductions, argparse values, dict fields, function returns',
      code:
        'import argparse\nimport numpy as np\nfrom sklearn.metrics import f1_score\n' +
        'parser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n' +
        `${CONTEXT}def evaluate():\n    return f1_score(y, p)\nresults = {"auc": 0.9}\n` +
        'run.log("lr", args.lr)\nrun.log("f1", evaluate())\nrun.log("mean", np.mean(losses))\nrun.log("auc", results["auc"])\n',
      errors: 4,
      output:
        'import mlflow\nimport argparse\nimport numpy as np\nfrom sklearn.metrics import f1_score\n' +
        'parser = argparse.ArgumentParser()\nparser.add_argument("--lr", type=float, default=0.1)\nargs = parser.parse_args()\n' +
        `${CONTEXT}def evaluate():\n    return f1_score(y, p)\nresults = {"auc": 0.9}\n` +
        'mlflow.log_metric("lr", args.lr)\nmlflow.log_metric("f1", evaluate())\nmlflow.log_metric("mean", np.mean(losses))\nmlflow.log_metric("auc", results["auc"])\n',
    },
    {
      name: 'a known number is fixed with unknownValueType: suggest',
      code: `${CONTEXT}run.log("acc", 0.5)`,
      options: [{ unknownValueType: 'suggest' }],
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("acc", 0.5)`,
    },
    {
      name: 'multi-line call: argument texts copied as written',
      code: `${CONTEXT}a, b = 0.5, 1.5\nrun.log(\n    "acc",\n    (a +\n     b) / 2,\n)`,
      errors: [{ line: 4, column: 1, endLine: 8, endColumn: 2 }],
      output: `import mlflow\n${CONTEXT}a, b = 0.5, 1.5\nmlflow.log_metric("acc", (a +\n     b) / 2)`,
    },
    {
      name: 'a comment inside the call: suggestion only',
      code: `${CONTEXT}run.log("acc",  # top-1\n        acc)`,
      errors: [{ suggestions: [{ output: `import mlflow\n${CONTEXT}mlflow.log_metric("acc", acc)` }] }],
      output: null,
    },
    {
      name: '*args / **kwargs: reported, not fixed',
      code: `${CONTEXT}run.log(*pair)\nrun.log("a", 1, **extra)`,
      errors: [
        { messageId: 'cannotFix', data: { mlflow: 'mlflow', name: '...', reason: 'it passes *args, whose contents are not known' } },
        { messageId: 'cannotFix', data: { mlflow: 'mlflow', name: '"a"', reason: 'it passes **kwargs, whose contents are not known' } },
      ],
      output: null,
    },
    {
      name: 'a generator argument: reported, not fixed',
      code: `${CONTEXT}run.log(x for x in xs)`,
      errors: [{ messageId: 'cannotFix', data: { mlflow: 'mlflow', name: '...', reason: 'it passes a generator expression' } }],
      output: null,
    },
    {
      // lezer has no node for an unparenthesized `:=` argument: rewriting from its parts lost the assignment.
      name: 'an assignment expression (:=) argument: reported, not fixed',
      code: `${CONTEXT}run.log("flag", flag := True)`,
      errors: [{ messageId: 'cannotFix', data: { mlflow: 'mlflow', name: '"flag"', reason: 'it passes an assignment expression (:=)' } }],
      output: null,
    },
    {
      name: 'a parenthesized assignment expression is one value: fixed, kept whole',
      code: `${CONTEXT}run.log("n", (n := 3))`,
      errors: [runLog('"n"')],
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("n", (n := 3))`,
    },
    {
      name: 'mlflow alias is used, no import added',
      code: `import mlflow as mf\n${CONTEXT}run.log("acc", 1.0)`,
      errors: [runLog('"acc"', 'mf')],
      output: `import mlflow as mf\n${CONTEXT}mf.log_metric("acc", 1.0)`,
    },
    {
      name: 'import forms: alias and module attribute',
      code: 'from azureml.core.run import Run as AzRun\nr = AzRun.get_context()\nr.log("a", 1)\nimport azureml.core as aml\nq = aml.Run.get_context()\nq.log("b", 2)',
      errors: 2,
      output:
        'import mlflow\nfrom azureml.core.run import Run as AzRun\nr = AzRun.get_context()\nmlflow.log_metric("a", 1)\nimport azureml.core as aml\nq = aml.Run.get_context()\nmlflow.log_metric("b", 2)',
    },
    {
      name: 'script import goes after the docstring and __future__ imports',
      code: `"""Train."""\nfrom __future__ import annotations\n${CONTEXT}run.log("a", 1)\nrun.log("b", 2)\n`,
      errors: 2,
      output: `"""Train."""\nfrom __future__ import annotations\nimport mlflow\n${CONTEXT}mlflow.log_metric("a", 1)\nmlflow.log_metric("b", 2)\n`,
    },
    {
      name: 'script import goes after a #! line and a coding line',
      code: `#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n${CONTEXT}run.log("a", 1)`,
      errors: 1,
      output: `#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport mlflow\n${CONTEXT}mlflow.log_metric("a", 1)`,
    },
    {
      name: 'script import goes below a licence comment, just before the first import',
      code: `#!/usr/bin/env python\n# Copyright (c) Contoso.\n# Licensed under the MIT License.\n\n${CONTEXT}run.log("a", 1)`,
      errors: 1,
      output: `#!/usr/bin/env python\n# Copyright (c) Contoso.\n# Licensed under the MIT License.\n\nimport mlflow\n${CONTEXT}mlflow.log_metric("a", 1)`,
    },
    {
      name: 'script import goes after the docstring and a licence comment below it, with the other imports',
      code: `"""Train."""\n\n# Copyright (c) Contoso.\n\nimport os\n${CONTEXT}run.log("a", 1)`,
      errors: 1,
      output: `"""Train."""\n\n# Copyright (c) Contoso.\n\nimport mlflow\nimport os\n${CONTEXT}mlflow.log_metric("a", 1)`,
    },
    {
      name: 'script whose first import follows other code: the import stays on top, above any use',
      code: 'try:\n    from azureml.core import Run\nexcept ImportError:\n    raise\nrun = Run.get_context()\nrun.log("a", 1)\nimport numpy as np\n',
      errors: 1,
      output:
        'import mlflow\ntry:\n    from azureml.core import Run\nexcept ImportError:\n    raise\nrun = Run.get_context()\nmlflow.log_metric("a", 1)\nimport numpy as np\n',
    },
    {
      name: 'CRLF script: the import line ends like the others',
      code: `${CONTEXT}run.log("a", 1)\r\n`.replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'),
      errors: 1,
      output: `import mlflow\r\n${CONTEXT.replace(/\n/g, '\r\n')}mlflow.log_metric("a", 1)\r\n`,
    },
    {
      name: 'a function returning the run',
      code: 'from azureml.core import Run\ndef get_logger():\n    return Run.get_context()\nlogger = get_logger()\nlogger.log("acc", 0.5)',
      errors: 1,
      output: 'import mlflow\nfrom azureml.core import Run\ndef get_logger():\n    return Run.get_context()\nlogger = get_logger()\nmlflow.log_metric("acc", 0.5)',
    },
    {
      name: 'Run.get_context() chained',
      code: 'from azureml.core import Run\nRun.get_context().log("acc", 0.5)',
      errors: 1,
      output: 'import mlflow\nfrom azureml.core import Run\nmlflow.log_metric("acc", 0.5)',
    },
    {
      name: 'remote run from submit: suggestion with run_id',
      code: 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote_run = exp.submit(config)\nremote_run.log("acc", 0.5)',
      errors: [
        {
          messageId: 'otherRun',
          data: { mlflow: 'mlflow', name: '"acc"', kind: 'remote' },
          suggestions: [
            {
              messageId: 'useLogMetricWithRunId',
              data: { mlflow: 'mlflow', name: '"acc"', run: 'remote_run' },
              output:
                'import mlflow\nfrom azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote_run = exp.submit(config)\nmlflow.log_metric("acc", 0.5, run_id=remote_run.id)',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'submitted v1 configuration on an experiment passed as a parameter: remote, suggestion with run_id',
      code:
        'from azureml.train.automl import AutoMLConfig\n' +
        'def run_forecast(experiment, settings):\n    config = AutoMLConfig(task="forecasting", **settings)\n    remote = experiment.submit(config)\n    remote.log("horizon", 14)\n',
      errors: [
        {
          messageId: 'otherRun',
          data: { mlflow: 'mlflow', name: '"horizon"', kind: 'remote' },
          suggestions: [
            {
              messageId: 'useLogMetricWithRunId',
              data: { mlflow: 'mlflow', name: '"horizon"', run: 'remote' },
              output:
                'import mlflow\nfrom azureml.train.automl import AutoMLConfig\n' +
                'def run_forecast(experiment, settings):\n    config = AutoMLConfig(task="forecasting", **settings)\n    remote = experiment.submit(config)\n    mlflow.log_metric("horizon", 14, run_id=remote.id)\n',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'Run.get_submitted_run(): the job run, fixed as get_context() is',
      code: 'from azureml.core import Run\nrun = Run.get_submitted_run()\nrun.log("acc", 0.5)',
      errors: 1,
      output: 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_submitted_run()\nmlflow.log_metric("acc", 0.5)',
    },
    {
      name: 'parent run: suggestion with run_id',
      code: `${CONTEXT}run.parent.log("best", 0.9, step=3)`,
      errors: [
        {
          messageId: 'otherRun',
          data: { mlflow: 'mlflow', name: '"best"', kind: 'parent' },
          suggestions: [{ output: `import mlflow\n${CONTEXT}mlflow.log_metric("best", 0.9, step=3, run_id=run.parent.id)` }],
        },
      ],
      output: null,
    },
    {
      name: 'child run inside its own with block: fixed',
      code: `${CONTEXT}with run.child_run("fold") as child:\n    child.log("acc", 0.5)\n`,
      errors: [runLog('"acc"')],
      output: `import mlflow\n${CONTEXT}with run.child_run("fold") as child:\n    mlflow.log_metric("acc", 0.5)\n`,
    },
    {
      name: 'child run outside a with block: suggestion',
      code: `${CONTEXT}child = run.child_run("fold")\nchild.log("acc", 0.5)`,
      errors: [{ messageId: 'childRun', suggestions: [{ output: `import mlflow\n${CONTEXT}child = run.child_run("fold")\nmlflow.log_metric("acc", 0.5, run_id=child.id)` }] }],
      output: null,
    },
    {
      name: 'notebook: run bound in one cell, logged in later cells; import added once with the first imports',
      cells: ['#md\n# Training', 'import os\nfrom azureml.core import Run', 'run = Run.get_context()', 'run.log("a", 1)', 'run.log("b", 2)\nrun.log("c", 3)'],
      errors: [
        { cell: 4, cellLine: 1, cellColumn: 1 },
        { cell: 5, cellLine: 1, cellColumn: 1 },
        { cell: 5, cellLine: 2, cellColumn: 1 },
      ],
      output: [
        '#md\n# Training',
        'import mlflow\nimport os\nfrom azureml.core import Run',
        'run = Run.get_context()',
        'mlflow.log_metric("a", 1)',
        'mlflow.log_metric("b", 2)\nmlflow.log_metric("c", 3)',
      ],
    },
    {
      name: 'notebook without imports in any cell but the v1 one... import before the first import',
      cells: ['x = 1', 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("x", x)'],
      errors: 1,
      output: ['x = 1', 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nmlflow.log_metric("x", x)'],
    },
    {
      name: 'notebook: %%time cell and line magics',
      cells: ['%pip install azureml-core\nfrom azureml.core import Run\nrun = Run.get_context()', '%%time\nrun.log("t", 1.5)', '%matplotlib inline\nrun.log("u", 2)'],
      errors: [
        { cell: 2, cellLine: 2, cellColumn: 1 },
        { cell: 3, cellLine: 2, cellColumn: 1 },
      ],
      output: [
        '%pip install azureml-core\nimport mlflow\nfrom azureml.core import Run\nrun = Run.get_context()',
        '%%time\nmlflow.log_metric("t", 1.5)',
        '%matplotlib inline\nmlflow.log_metric("u", 2)',
      ],
    },
    {
      name: 'notebook: statements run by %time, %timeit and %prun are code; only the magic and its options are kept',
      cells: [
        'from azureml.core import Run\nrun = Run.get_context()',
        "%time run.log('t', 1)",
        "for i in range(2):\n    %timeit -n 3 -r 2 run.log('u', i)",
        "%prun -s cumulative -q run.log('v', 3)",
      ],
      errors: [
        { cell: 2, cellLine: 1, cellColumn: 7 },
        { cell: 3, cellLine: 2, cellColumn: 23 },
        { cell: 4, cellLine: 1, cellColumn: 24 },
      ],
      output: [
        'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()',
        "%time mlflow.log_metric('t', 1)",
        "for i in range(2):\n    %timeit -n 3 -r 2 mlflow.log_metric('u', i)",
        "%prun -s cumulative -q mlflow.log_metric('v', 3)",
      ],
    },
    {
      name: 'notebook: a magic whose options are not known is masked whole, its statement unseen',
      cells: ['from azureml.core import Run\nrun = Run.get_context()', "%timeit -Z run.log('t', 1)\nrun.log('u', 2)"],
      errors: [{ cell: 2, cellLine: 2, cellColumn: 1 }],
      output: ['import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()', "%timeit -Z run.log('t', 1)\nmlflow.log_metric('u', 2)"],
    },
    {
      name: 'notebook: first code cell starts with a cell magic and has no imports',
      cells: ['%%capture\nrun = __import__("azureml.core").core.Run.get_context()', 'from azureml.core import Run\nr = Run.get_context()\nr.log("a", 1)'],
      errors: 1,
      output: ['%%capture\nrun = __import__("azureml.core").core.Run.get_context()', 'import mlflow\nfrom azureml.core import Run\nr = Run.get_context()\nmlflow.log_metric("a", 1)'],
    },
    {
      name: '%%writefile body is its own module with its own import',
      cells: ['%%writefile train.py\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.5)'],
      errors: [{ cell: 1, cellLine: 4, cellColumn: 1 }],
      output: ['%%writefile train.py\nimport mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nmlflow.log_metric("acc", 0.5)'],
    },
    {
      name: '%%writefile body: the import goes below its docstring and licence comment, before its first import',
      cells: ['%%writefile train.py\n"""Train."""\n# Licensed under the MIT License.\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("acc", 0.5)'],
      errors: 1,
      output: [
        '%%writefile train.py\n"""Train."""\n# Licensed under the MIT License.\nimport mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nmlflow.log_metric("acc", 0.5)',
      ],
    },
    {
      name: 'non-ASCII text before the call on the same line',
      code: `${CONTEXT}x = "é"; run.log("acc", 1)`,
      errors: [{ line: 3, column: 10 }],
      output: `import mlflow\n${CONTEXT}x = "é"; mlflow.log_metric("acc", 1)`,
    },
    {
      name: 'migration group: on a started run, one call only suggested keeps every call of the run unfixed',
      code: `${INTERACTIVE}run.log("a", 1)\nrun.log("b", 2  # why\n)\n`,
      errors: [
        { messageId: 'runLog', message: /Not fixed automatically: .* `run\.log\(\.\.\.\)` at line 5 \(no-run-log\) is not fixed: a comment inside the call would be lost/ },
        { messageId: 'cannotFix', message: /Not fixed automatically: a comment inside the call would be lost by the rewrite/ },
      ],
      output: null,
    },
    {
      name: 'migration group: the job run has none, its calls are fixed one by one',
      code: `${CONTEXT}run.log("a", 1)\nrun.log("b", 2  # why\n)\n`,
      errors: [runLog('"a"'), { messageId: 'cannotFix' }],
      output: `import mlflow\n${CONTEXT}mlflow.log_metric("a", 1)\nrun.log("b", 2  # why\n)\n`,
    },
  ],
});
