import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-lifecycle.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const INTERACTIVE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nrun = exp.start_logging()\n';
const REMOTE = 'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nremote_run = exp.submit(config)\n';
const endRun = (method: string, replacement: string) => ({ messageId: 'endRun', data: { method, mlflow: 'mlflow', replacement } });

new RuleTester().run('no-run-lifecycle', rule, {
  valid: [
    // Not v1 runs: an MLflow ActiveRun, a subprocess result, a user class, a name with no v1 origin.
    'import mlflow\nrun = mlflow.start_run()\nrun.complete()',
    'import subprocess\nrun = subprocess.run(["ls"])\nrun.cancel()',
    'class Job:\n    def complete(self): pass\nrun = Job()\nrun.complete()',
    'run.complete()\nrun.child_run("x")',
    'import concurrent.futures as cf\nfuture = pool.submit(f)\nfuture.cancel()',
    // Other v1 methods are other rules' business.
    `${CONTEXT}run.get_status()`,
  ],

  invalid: [
    {
      name: 'complete / fail / cancel on the job\'s run',
      code: `${CONTEXT}run.complete()\nrun.fail()\nrun.cancel()\n`,
      errors: [
        { ...endRun('complete', 'mlflow.end_run()'), line: 3, column: 1, endColumn: 15 },
        endRun('fail', 'mlflow.end_run(status="FAILED")'),
        endRun('cancel', 'mlflow.end_run(status="KILLED")'),
      ],
      output: `import mlflow\n${CONTEXT}mlflow.end_run()\nmlflow.end_run(status="FAILED")\nmlflow.end_run(status="KILLED")\n`,
    },
    {
      name: 'interactive run, notebook, completed in a later cell (the quickstart shape)',
      cells: ['from azureml.core import Workspace, Experiment', 'ws = Workspace.from_config()\nexperiment = Experiment(workspace=ws, name="e")\nrun = experiment.start_logging()', 'run.complete()'],
      errors: [{ cell: 3, cellLine: 1, cellColumn: 1 }],
      output: [
        'import mlflow\nfrom azureml.core import Workspace, Experiment',
        'ws = Workspace.from_config()\nexperiment = Experiment(workspace=ws, name="e")\nrun = experiment.start_logging()',
        'mlflow.end_run()',
      ],
    },
    {
      name: 'mlflow alias kept; alias import of Run',
      code: 'import mlflow as mf\nfrom azureml.core.run import Run as AzRun\nr = AzRun.get_context()\nr.complete()',
      errors: [{ messageId: 'endRun', data: { method: 'complete', mlflow: 'mf', replacement: 'mf.end_run()' } }],
      output: 'import mlflow as mf\nfrom azureml.core.run import Run as AzRun\nr = AzRun.get_context()\nmf.end_run()',
    },
    {
      name: 'fail() with error details: suggestion, since end_run() cannot keep them',
      code: `${CONTEXT}run.fail(error_details=str(e))`,
      errors: [
        {
          messageId: 'endRunDetails',
          data: { method: 'fail', mlflow: 'mlflow', replacement: 'mlflow.end_run(status="FAILED")', args: 'str(e)' },
          suggestions: [{ messageId: 'useEndRun', output: `import mlflow\n${CONTEXT}mlflow.end_run(status="FAILED")` }],
        },
      ],
      output: null,
    },
    {
      name: 'remote run: set_terminated suggestion with its id',
      code: `${REMOTE}remote_run.complete()`,
      errors: [
        {
          messageId: 'endOtherRun',
          data: { method: 'complete', mlflow: 'mlflow', replacement: 'mlflow.end_run()', kind: 'remote' },
          suggestions: [{ output: `import mlflow\n${REMOTE}mlflow.MlflowClient().set_terminated(remote_run.id)` }],
        },
      ],
      output: null,
    },
    {
      name: 'cancelling a submitted job: the message says MLflow only marks it',
      code: `${REMOTE}remote_run.cancel()`,
      errors: [
        {
          messageId: 'cancelRemoteRun',
          suggestions: [{ output: `import mlflow\n${REMOTE}mlflow.MlflowClient().set_terminated(remote_run.id, "KILLED")` }],
        },
      ],
      output: null,
    },
    {
      name: 'the parent run: suggestion',
      code: `${CONTEXT}run.parent.fail()`,
      errors: [{ messageId: 'endOtherRun', suggestions: [{ output: `import mlflow\n${CONTEXT}mlflow.MlflowClient().set_terminated(run.parent.id, "FAILED")` }] }],
      output: null,
    },
    {
      name: '*args: reported, not fixed',
      code: `${CONTEXT}run.fail(*details)`,
      errors: [{ messageId: 'endRunCannotFix', data: { method: 'fail', mlflow: 'mlflow', replacement: 'mlflow.end_run(status="FAILED")', reason: 'it passes *args, whose contents are not known' } }],
      output: null,
    },
    {
      name: 'with child_run() as child: becomes a nested start_run; complete() inside the block ends the child',
      code: `${INTERACTIVE}with run.child_run("fold-1") as child:\n    child.log("acc", 0.9)\n    child.complete()\nrun.complete()`,
      errors: [
        { messageId: 'childRun', data: { mlflow: 'mlflow', replacement: 'mlflow.start_run(run_name="fold-1", nested=True)' }, line: 4, column: 6 },
        endRun('complete', 'mlflow.end_run()'),
        endRun('complete', 'mlflow.end_run()'),
      ],
      output: `import mlflow\n${INTERACTIVE}with mlflow.start_run(run_name="fold-1", nested=True) as child:\n    child.log("acc", 0.9)\n    mlflow.end_run()\nmlflow.end_run()`,
    },
    {
      name: 'child_run() with name= and no as-target',
      code: `${INTERACTIVE}with run.child_run(name=f"fold-{i}"):\n    pass`,
      errors: [{ messageId: 'childRun' }],
      output: `import mlflow\n${INTERACTIVE}with mlflow.start_run(run_name=f"fold-{i}", nested=True):\n    pass`,
    },
    {
      name: 'the parent is used inside the child block: its logging would go to the child',
      code: `${INTERACTIVE}with run.child_run("c") as child:\n    run.log("x", 1)`,
      errors: [
        {
          messageId: 'childRunCannotFix',
          data: {
            mlflow: 'mlflow',
            replacement: 'mlflow.start_run(run_name="c", nested=True)',
            reason: '`run` is used while the child is MLflow\'s active run (line 5), so its logging would go to the child',
          },
          suggestions: [{ output: `import mlflow\n${INTERACTIVE}with mlflow.start_run(run_name="c", nested=True) as child:\n    run.log("x", 1)` }],
        },
      ],
      output: null,
    },
    {
      name: 'the child is used for something MLflow\'s run has not: the reason names the use and where it is',
      code: `${INTERACTIVE}with run.child_run("c") as child:\n    print(child.get_file_names())`,
      errors: [{ messageId: 'childRunCannotFix', data: { mlflow: 'mlflow', replacement: 'mlflow.start_run(run_name="c", nested=True)', reason: 'the child run is also used as `child.get_file_names()` (line 5): MLflow\'s run object has no `get_file_names()`' } }],
      output: null,
    },
    {
      name: 'the child\'s id, in its block and after it: child.info.run_id on MLflow\'s run; the child shown after its block',
      cells: [INTERACTIVE + 'with run.child_run("c") as child:\n    child.log("a", 1)\n    print(child.id)', 'ids = [child.id]\nprint(child)'],
      errors: [
        { messageId: 'childRun' },
        { messageId: 'runId', cell: 1, cellLine: 6, data: { use: 'child.id', mlflow: 'mlflow', replacement: 'child.info.run_id' } },
        { messageId: 'runId', cell: 2, cellLine: 1 },
      ],
      output: [
        'import mlflow\n' + INTERACTIVE + 'with mlflow.start_run(run_name="c", nested=True) as child:\n    child.log("a", 1)\n    print(child.info.run_id)',
        'ids = [child.info.run_id]\nprint(child)',
      ],
    },
    {
      name: 'a logging call on the child after its block: refused (MLflow\'s active run is not the child there)',
      cells: [INTERACTIVE + 'with run.child_run("c") as child:\n    child.log("a", 1)', 'child.log("b", 2)'],
      errors: [{ messageId: 'childRunCannotFix', data: { mlflow: 'mlflow', replacement: 'mlflow.start_run(run_name="c", nested=True)', reason: 'the child run is also used as `child.log()` (cell 2, line 1) outside the code where it is MLflow\'s active run' } }],
      output: null,
    },
    {
      name: 'child = run.child_run() ended by child.complete() in the same block: the child is MLflow\'s active run in between, so all three are fixed',
      code: `${INTERACTIVE}for fold in range(2):\n    child = run.child_run(f"fold-{fold}")\n    child.log("a", 1)\n    child.complete()\nrun.log("b", 2)`,
      errors: [{ messageId: 'childRun' }, { messageId: 'endRun', line: 7 }],
      output: `import mlflow\n${INTERACTIVE}for fold in range(2):\n    child = mlflow.start_run(run_name=f"fold-{fold}", nested=True)\n    child.log("a", 1)\n    mlflow.end_run()\nrun.log("b", 2)`,
    },
    {
      name: 'child = run.child_run() never ended in its block, or with a break/raise that could skip the end: only a suggestion (the child would stay the active run)',
      code: `${INTERACTIVE}child = run.child_run("c")\nchild.log("a", 1)\nif done:\n    child.complete()\nfor i in xs:\n    other = run.child_run("o")\n    if i:\n        break\n    other.complete()`,
      errors: [
        {
          messageId: 'childRunCannotFix',
          data: {
            mlflow: 'mlflow',
            replacement: 'mlflow.start_run(run_name="c", nested=True)',
            reason:
              'outside a `with ... as child:` block, and not ended by `child.complete()` later in the same block (with no return, ' +
              'break, continue or raise before it), the child stays MLflow\'s active run, so logging to the parent would go to the child',
          },
          suggestions: [{ output: `import mlflow\n${INTERACTIVE}child = mlflow.start_run(run_name="c", nested=True)\nchild.log("a", 1)\nif done:\n    child.complete()\nfor i in xs:\n    other = run.child_run("o")\n    if i:\n        break\n    other.complete()` }],
        },
        // Outside the span the child is not MLflow's active run: ending it needs its id.
        { messageId: 'endOtherRun', data: { method: 'complete', mlflow: 'mlflow', replacement: 'mlflow.end_run()', kind: 'child' } },
        { messageId: 'childRunCannotFix', line: 9 },
        { messageId: 'endOtherRun', line: 12 },
      ],
      output: null,
    },
    {
      name: 'the parent logs between child = run.child_run() and child.complete(): refused, naming where',
      code: `${INTERACTIVE}child = run.child_run("c")\nrun.log("p", 1)\nchild.complete()`,
      errors: [
        { messageId: 'childRunCannotFix', data: { mlflow: 'mlflow', replacement: 'mlflow.start_run(run_name="c", nested=True)', reason: '`run` is used while the child is MLflow\'s active run (line 5), so its logging would go to the child' } },
        { messageId: 'endRun' },
      ],
      output: null,
    },
    {
      name: 'child of the job\'s run: suggestion (the job\'s run need not be MLflow\'s active run)',
      code: `${CONTEXT}with run.child_run("c") as child:\n    child.log("a", 1)`,
      errors: [{ messageId: 'childRunCannotFix', suggestions: [{ output: `import mlflow\n${CONTEXT}with mlflow.start_run(run_name="c", nested=True) as child:\n    child.log("a", 1)` }] }],
      output: null,
    },
    {
      name: 'child_run(run_id=...): no MLflow equivalent, no suggestion',
      code: `${INTERACTIVE}with run.child_run("c", run_id="abc") as child:\n    pass`,
      errors: [{ messageId: 'childRunCannotFix', suggestions: null }],
      output: null,
    },
    {
      name: 'a comment inside the call: suggestion only, saying why',
      code: `${CONTEXT}run.complete(  # done\n)`,
      errors: [{ messageId: 'endRunCannotFix', data: { method: 'complete', mlflow: 'mlflow', replacement: 'mlflow.end_run()', reason: 'a comment inside the call would be lost by the rewrite (apply the suggestion, then put the comment back)' }, suggestions: [{ output: `import mlflow\n${CONTEXT}mlflow.end_run()` }] }],
      output: null,
    },
    {
      name: 'migration group: a child whose end keeps its details is not started by MLflow either (it would crash)',
      code: `${INTERACTIVE}with run.child_run("c") as child:\n    child.fail(error_details="boom")\n`,
      errors: [{ messageId: 'childRun' }, { messageId: 'endRunDetails' }],
      output: null,
    },
    {
      name: 'migration group: a child whose uses are all fixed is fixed with them',
      code: `${INTERACTIVE}with run.child_run("c") as child:\n    child.complete()\n`,
      errors: [{ messageId: 'childRun' }, endRun('complete', 'mlflow.end_run()')],
      output: `import mlflow\n${INTERACTIVE}with mlflow.start_run(run_name="c", nested=True) as child:\n    mlflow.end_run()\n`,
    },
  ],
});
