import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-log-list.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const logList = (name: string, mlflow = 'mlflow') => ({ messageId: 'logList', data: { mlflow, name } });
const cannotFix = (name: string, reason: string) => ({ messageId: 'cannotFix', data: { mlflow: 'mlflow', name, reason } });

new RuleTester().run('no-run-log-list', rule, {
  valid: [
    // Not v1 runs: the false-positive traps of migration-map.md.
    'import mlflow\nwith mlflow.start_run() as run:\n    run.log_list("l", [1, 2])',
    'import subprocess\nrun = subprocess.run(["ls"])\nrun.log_list("l", [1])',
    'class Recorder:\n    def log_list(self, k, v): pass\nrun = Recorder()\nrun.log_list("l", [1])',
    'from azureml.core import Datastore\nds = Datastore.get(ws, "d")\nds.log_list("l", [1])',
    'run.log_list("l", [1, 2])',
    // Other methods belong to other rules.
    `${CONTEXT}run.log("acc", 1)`,
    { cells: [CONTEXT, '%%bash\nrun.log_list("l", [1])'] },
  ],

  invalid: [
    {
      name: 'a list: one metric per value, the index as the step',
      code: `${CONTEXT}run.log_list("losses", [0.9, 0.5, 0.3])\n`,
      errors: [{ ...logList('"losses"'), line: 3, column: 1, endLine: 3, endColumn: 40 }],
      output: `import mlflow\n${CONTEXT}for step, value in enumerate([0.9, 0.5, 0.3]):\n    mlflow.log_metric("losses", value, step=step)\n`,
    },
    {
      name: 'description dropped; indentation kept inside a block',
      code: `${CONTEXT}def report(losses):\n    if losses:\n        run.log_list("losses", losses, "per epoch")\nreport([0.5, 0.25])\n`,
      errors: [logList('"losses"')],
      output:
        `import mlflow\n${CONTEXT}def report(losses):\n    if losses:\n` +
        '        for step, value in enumerate(losses):\n            mlflow.log_metric("losses", value, step=step)\nreport([0.5, 0.25])\n',
    },
    {
      name: 'a generator is enumerated as is; keyword arguments (the keyword `value` makes the loop take `v`)',
      code: `${CONTEXT}run.log_list(name="sq", value=(x * x for x in range(3)), description="d")`,
      errors: [logList('"sq"')],
      output: `import mlflow\n${CONTEXT}for step, v in enumerate((x * x for x in range(3))):\n    mlflow.log_metric("sq", v, step=step)`,
    },
    {
      name: 'loop variables avoid names the program uses (bound or only read)',
      code: `${CONTEXT}step = 10\nvalue = compute(v)\naccs = [0.5]\nrun.log_list("acc", accs)\nprint(i)`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}step = 10\nvalue = compute(v)\naccs = [0.5]\nfor step_2, value_2 in enumerate(accs):\n    mlflow.log_metric("acc", value_2, step=step_2)\nprint(i)`,
    },
    {
      name: 'tab-indented block keeps tabs',
      code: `${CONTEXT}ls = [1.0]\nif ok:\n\trun.log_list("l", ls)\n`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}ls = [1.0]\nif ok:\n\tfor step, value in enumerate(ls):\n\t\tmlflow.log_metric("l", value, step=step)\n`,
    },
    {
      name: 'cross-cell notebook, alias of the mlflow import',
      cells: ['import mlflow as mf\nfrom azureml.core import Experiment', 'run = Experiment(ws, "e").start_logging()\nscores = [0.7, 0.8]', 'run.log_list("f1", scores)'],
      errors: [{ ...logList('"f1"', 'mf'), cell: 3, cellLine: 1, cellColumn: 1 }],
      output: [
        'import mlflow as mf\nfrom azureml.core import Experiment',
        'run = Experiment(ws, "e").start_logging()\nscores = [0.7, 0.8]',
        'for step, value in enumerate(scores):\n    mf.log_metric("f1", value, step=step)',
      ],
    },
    {
      name: 'a list of strings: MLflow metrics are numbers',
      code: `${CONTEXT}run.log_list("labels", ["cat", "dog"])`,
      errors: [cannotFix('"labels"', 'it logs strings, and an MLflow metric must be a number')],
      output: null,
    },
    {
      name: 'a string itself would be logged character by character',
      code: `${CONTEXT}run.log_list("word", "abc")`,
      errors: [cannotFix('"word"', 'it logs strings, and an MLflow metric must be a number')],
      output: null,
    },
    {
      name: 'the result is used: a loop is not an expression',
      code: `${CONTEXT}r = run.log_list("l", [1])`,
      errors: [cannotFix('"l"', 'its result is used, and a loop is a statement')],
      output: null,
    },
    {
      name: 'one-line compound statement and `;`: no line of its own',
      code: `${CONTEXT}if ok: run.log_list("l", [1])\nrun.log_list("m", [2]); done()`,
      errors: [
        cannotFix('"l"', 'it shares its line with other code, and a loop needs a line of its own'),
        cannotFix('"m"', 'it shares its line with other code, and a loop needs a line of its own'),
      ],
      output: null,
    },
    {
      name: '**kwargs: contents unknown',
      code: `${CONTEXT}run.log_list(**kw)`,
      errors: [cannotFix('...', 'it passes **kwargs, whose contents are not known')],
      output: null,
    },
    {
      name: 'a remote run: suggestion with run_id',
      code: 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote = exp.submit(cfg)\nremote.log_list("l", xs)',
      errors: [
        {
          messageId: 'otherRun',
          suggestions: [
            {
              messageId: 'useLoopWithRunId',
              output:
                'import mlflow\nfrom azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote = exp.submit(cfg)\n' +
                'for step, value in enumerate(xs):\n    mlflow.log_metric("l", value, step=step, run_id=remote.id)',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'run.parent: suggestion with run_id',
      code: `${CONTEXT}run.parent.log_list("l", xs)`,
      errors: [{ messageId: 'otherRun', data: { kind: 'parent', mlflow: 'mlflow', name: '"l"' } }],
      output: null,
    },
    {
      // log_metric raises on a bool or a str, where v1 logged them: elements of unknown type are only suggested.
      name: 'elements of unknown type or bools: suggestion only, saying why',
      code: `${CONTEXT}run.log_list("l", compute())\nrun.log_list("b", [True, False])\n`,
      errors: [
        {
          messageId: 'cannotFix',
          message: /Not fixed automatically: the type of the elements of `compute\(\)` is not known before the code runs, and MLflow's log_metric raises on anything but a number\./,
          suggestions: [{ output: `import mlflow\n${CONTEXT}for step, value in enumerate(compute()):\n    mlflow.log_metric("l", value, step=step)\nrun.log_list("b", [True, False])\n` }],
        },
        { messageId: 'cannotFix', message: /`\[True, False\]` holds bools, and MLflow's log_metric refuses them/ },
      ],
      output: null,
    },
    {
      name: 'a comment inside the call: suggestion only, saying why',
      code: `${CONTEXT}xs = [1, 2]\nrun.log_list("l",  # losses\n             xs)`,
      errors: [{ messageId: 'cannotFix', message: /Not fixed automatically: a comment inside the call would be lost by the rewrite/, suggestions: [{ messageId: 'useLoop', output: `import mlflow\n${CONTEXT}xs = [1, 2]\nfor step, value in enumerate(xs):\n    mlflow.log_metric("l", value, step=step)` }] }],
      output: null,
    },
  ],
});
