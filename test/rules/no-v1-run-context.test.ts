import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-v1-run-context.js';

const IMPORT = 'from azureml.core import Run\n';
const unused = (name = 'run', call = 'Run.get_context()') => ({ messageId: 'unusedContext', data: { name, call } });

new RuleTester().run('no-v1-run-context', rule, {
  valid: [
    // Still used by v1 calls: those calls are other rules' findings; the binding must stay until they are rewritten.
    `${IMPORT}run = Run.get_context()\nrun.log("acc", 0.9)`,
    // Used in a way no rule rewrites: never removed.
    `${IMPORT}run = Run.get_context()\ntrain(model, run)`,
    `${IMPORT}run = Run.get_context()\nprint(run.id)`,
    `${IMPORT}run = Run.get_context()\nws = run.experiment.workspace`,
    // Used from a function defined later, and from a later cell.
    `${IMPORT}run = Run.get_context()\ndef report(v):\n    run.log("v", v)`,
    { cells: [`${IMPORT}run = Run.get_context()`, 'run.log("acc", 0.9)'] },
    // Read in a masked magic line, which the model cannot see into: removing the binding would break it.
    { cells: [`${IMPORT}run = Run.get_context()`, 'import mlflow\n%lprun -f train train(run)\nmlflow.log_metric("a", 1)'] },
    // Read by the statement %time runs, which is code the model sees.
    { cells: [`${IMPORT}run = Run.get_context()`, 'import mlflow\n%time train(run)\nmlflow.log_metric("a", 1)'] },
    // Not Run.get_context(): other v1 runs, user functions returning one, look-alikes.
    'from azureml.core import Experiment\nexp = Experiment(ws, "e")\nrun = exp.start_logging()',
    `${IMPORT}def get_logger():\n    return Run.get_context()\nrun = get_logger()`,
    'import mlflow\nrun = mlflow.start_run()',
    'class Run:\n    @staticmethod\n    def get_context(): return 1\nrun = Run.get_context()',
    'run = Run.get_context()', // no azureml import: not known to be v1
    // Tuple and chained targets are left alone.
    `${IMPORT}run, other = Run.get_context(), 1`,
    `${IMPORT}a = b = Run.get_context()`,
  ],

  invalid: [
    {
      name: 'Run.get_submitted_run(), the pre-release name of get_context(): same removal, message names it',
      code: `import mlflow\n${IMPORT}run = Run.get_submitted_run()\nmlflow.log_metric("acc", 0.9)\n`,
      errors: [unused('run', 'Run.get_submitted_run()')],
      output: `import mlflow\n${IMPORT}mlflow.log_metric("acc", 0.9)\n`,
    },
    {
      name: 'unused binding: its line goes',
      code: `import mlflow\n${IMPORT}run = Run.get_context()\nmlflow.log_metric("acc", 0.9)\n`,
      errors: [{ ...unused(), line: 3, column: 7, endColumn: 24 }],
      output: `import mlflow\n${IMPORT}mlflow.log_metric("acc", 0.9)\n`,
    },
    {
      name: 'allow_offline=True, trailing comment, alias import',
      code: 'from azureml.core import Run as AzRun\nrun_logger = AzRun.get_context(allow_offline=True)  # job run\nx = 1\n',
      errors: [unused('run_logger')],
      output: 'from azureml.core import Run as AzRun\nx = 1\n',
    },
    {
      name: 'module import with attribute access, annotated assignment',
      code: 'import azureml.core as aml\nrun: aml.Run = aml.Run.get_context()\n',
      errors: [unused()],
      output: 'import azureml.core as aml\n',
    },
    {
      name: 'last line without newline: the newline before it goes',
      code: `${IMPORT}run = Run.get_context()`,
      errors: [unused()],
      output: 'from azureml.core import Run',
    },
    {
      name: 'CRLF script',
      code: 'from azureml.core import Run\r\nrun = Run.get_context()',
      errors: [unused()],
      output: 'from azureml.core import Run',
    },
    {
      name: 'only statement of a try body becomes pass',
      code: `${IMPORT}try:\n    run = Run.get_context()\nexcept Exception:\n    run = None\n`,
      errors: [unused()],
      output: `${IMPORT}try:\n    pass\nexcept Exception:\n    run = None\n`,
    },
    {
      name: 'bare Run.get_context() statement',
      code: `${IMPORT}Run.get_context()\nprint("x")\n`,
      errors: [{ messageId: 'bareContext' }],
      output: `${IMPORT}print("x")\n`,
    },
    {
      name: 'sharing a line: reported, not fixed',
      code: `${IMPORT}x = 1; run = Run.get_context()\n`,
      errors: [{ messageId: 'unusedContextNoFix', data: { name: 'run', call: 'Run.get_context()' } }],
      output: null,
    },
    {
      name: 'rebinding: the first binding is unused, the second is used',
      code: `${IMPORT}run = Run.get_context()\nrun = Run.get_context()\nrun.log("a", 1)\n`,
      errors: [{ ...unused(), line: 2 }],
      output: `${IMPORT}run = Run.get_context()\nrun.log("a", 1)\n`,
    },
    {
      name: 'notebook: the binding cell keeps its other code, the import cell stays',
      cells: [IMPORT, 'run = Run.get_context()\nprint("ready")', 'import mlflow\nmlflow.log_metric("a", 1)'],
      errors: [{ ...unused(), cell: 2, cellLine: 1, cellColumn: 7 }],
      output: [IMPORT, 'print("ready")', 'import mlflow\nmlflow.log_metric("a", 1)'],
    },
  ],
});
