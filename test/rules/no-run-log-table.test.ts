import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-log-table.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const logRow = (name: string, mlflow = 'mlflow') => ({ messageId: 'logRow', data: { mlflow, name } });
const logTable = (file: string) => ({ messageId: 'logTable', data: { mlflow: 'mlflow', file } });

new RuleTester().run('no-run-log-table', rule, {
  valid: [
    'import mlflow\nwith mlflow.start_run() as run:\n    run.log_row("r", a=1)',
    'class Table:\n    def log_table(self, k, v): pass\nrun = Table()\nrun.log_table("t", {})',
    'import subprocess\nrun = subprocess.run(["ls"])\nrun.log_row("r", a=1)',
    'run.log_row("r", a=1)',
    `${CONTEXT}run.log_list("l", [1])`,
  ],

  invalid: [
    {
      name: 'log_row: one "name.col" metric per column, positional description dropped',
      code: `${CONTEXT}run.log_row("epoch", "per-epoch metrics", loss=loss.item(), acc=0.5)\n`,
      errors: [{ ...logRow('epoch'), line: 3, column: 1 }],
      output: `import mlflow\n${CONTEXT}mlflow.log_metrics({"epoch.loss": loss.item(), "epoch.acc": 0.5})\n`,
    },
    {
      name: 'log_row: keyword description dropped, values copied as written',
      code: `${CONTEXT}aucs = [0.9, 0.8, 0.7]\nfor i in range(3):\n    run.log_row(name="fold", description="d", auc=aucs[i], n=len(xs))`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}aucs = [0.9, 0.8, 0.7]\nfor i in range(3):\n    mlflow.log_metrics({"fold.auc": aucs[i], "fold.n": len(xs)})`,
    },
    {
      name: 'log_row: a name that is not a literal builds the keys at run time; quotes in a literal name are escaped',
      code: `${CONTEXT}run.log_row(table_name, a=1)\nrun.log_row('say "hi"', b=2)`,
      errors: [
        logRow('table_name'),
        // MLflow rejects `say "hi".b`: the migrated call would raise.
        { messageId: 'logRowCannotFix', data: { mlflow: 'mlflow', name: 'say "hi"', reason: 'MLflow rejects the metric name "say \\"hi\\".b" (see mlflow-metric-name)' } },
      ],
      output: `import mlflow\n${CONTEXT}mlflow.log_metrics({f"{table_name}.a": 1})\nrun.log_row('say "hi"', b=2)`,
    },
    {
      name: 'log_row: a column of unknown type is a suggestion naming where it comes from; None is not fixed',
      code: `${CONTEXT}acc = model.score(X, y)\nrun.log_row("eval", acc=acc, n=3)\nrun.log_row("eval", best=None)`,
      errors: [
        {
          messageId: 'logRowCannotFix',
          message: /Not fixed automatically: column "acc": the type of `acc` is not known before the code runs: it comes from `model.score\(X, y\)` at line 3, and MLflow's log_metrics raises on anything but a number\./,
          suggestions: [{ output: `import mlflow\n${CONTEXT}acc = model.score(X, y)\nmlflow.log_metrics({"eval.acc": acc, "eval.n": 3})\nrun.log_row("eval", best=None)` }],
        },
        { messageId: 'logRowCannotFix', message: /column "best": `None` is None, and an MLflow metric must be a number/, suggestions: [] },
      ],
      output: null,
    },
    {
      // MLflow's log_metrics refuses bools (v1 took them): 0/1 as for run.log.
      name: 'log_row: bool columns become 0/1, bool expressions int(...)',
      code: `${CONTEXT}run.log_row("checks", converged=True, diverged=False, n_iter=12, ok=loss < 0.1)`,
      errors: [logRow('checks')],
      output: `import mlflow\n${CONTEXT}mlflow.log_metrics({"checks.converged": 1, "checks.diverged": 0, "checks.n_iter": 12, "checks.ok": int(loss < 0.1)})`,
    },
    {
      name: 'log_row in a later notebook cell',
      cells: [CONTEXT, 'import mlflow', 'run.log_row("r", x=1)'],
      errors: [{ ...logRow('r'), cell: 3, cellLine: 1, cellColumn: 1 }],
      output: [CONTEXT, 'import mlflow', 'mlflow.log_metrics({"r.x": 1})'],
    },
    {
      name: 'log_row with **d: suggestion only',
      code: `${CONTEXT}run.log_row("r", **row)`,
      errors: [
        {
          messageId: 'logRowCannotFix',
          suggestions: [
            {
              messageId: 'useLogMetrics',
              output: `import mlflow\n${CONTEXT}mlflow.log_metrics({f"r.{key}": value for key, value in row.items()})`,
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'log_row with columns and **d',
      code: `${CONTEXT}run.log_row(name, a=1, **row)`,
      errors: [
        {
          messageId: 'logRowCannotFix',
          suggestions: [
            {
              messageId: 'useLogMetrics',
              output:
                `import mlflow\n${CONTEXT}mlflow.log_metrics({f"{name}.a": 1, ` +
                '**{str(name) + "." + key: value for key, value in row.items()}})',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'log_row: a string column, no columns, more positionals',
      code: `${CONTEXT}run.log_row("r", note="text")\nrun.log_row("r")\nrun.log_row("r", "d", 3)`,
      errors: [
        { messageId: 'logRowCannotFix', data: { mlflow: 'mlflow', name: 'r', reason: 'column "note" is a string, and an MLflow metric must be a number' } },
        { messageId: 'logRowCannotFix', data: { mlflow: 'mlflow', name: 'r', reason: 'it passes no columns' } },
        { messageId: 'logRowCannotFix', data: { mlflow: 'mlflow', name: 'r', reason: 'it passes more arguments than Run.log_row() takes' } },
      ],
      output: null,
    },
    {
      name: 'log_table: log_dict to "name.json"',
      code: `${CONTEXT}run.log_table("scores", {"fold": [1, 2], "auc": [0.9, 0.8]}, "cv")`,
      errors: [logTable('"scores.json"')],
      output: `import mlflow\n${CONTEXT}mlflow.log_dict({"fold": [1, 2], "auc": [0.9, 0.8]}, "scores.json")`,
    },
    {
      name: 'log_table: the file name is derived like string-metric-as-artifact does',
      code: `${CONTEXT}run.log_table("ROC / AUC", t)\nrun.log_table(prefix + "t", t)`,
      errors: [logTable('"ROC___AUC.json"'), logTable(`f'{prefix + "t"}.json'`)],
      output: `import mlflow\n${CONTEXT}mlflow.log_dict(t, "ROC___AUC.json")\nmlflow.log_dict(t, f'{prefix + "t"}.json')`,
    },
    {
      name: 'log_table under a fixed name inside a loop: suggestion (each call overwrites the file)',
      code: `${CONTEXT}for t in tables:\n    run.log_table("t", t)`,
      errors: [{ messageId: 'logTableCannotFix', suggestions: [{ messageId: 'useLogDict', output: `import mlflow\n${CONTEXT}for t in tables:\n    mlflow.log_dict(t, "t.json")` }] }],
      output: null,
    },
    {
      name: 'parent and remote runs: suggestions with run_id',
      code: `${CONTEXT}run.parent.log_row("r", a=1)\nrun.parent.log_table("t", t)`,
      errors: [
        {
          messageId: 'otherRun',
          data: { method: 'log_row', kind: 'parent', replacement: 'mlflow.log_metrics({...})' },
          suggestions: [{ messageId: 'useWithRunId', output: `import mlflow\n${CONTEXT}mlflow.log_metrics({"r.a": 1}, run_id=run.parent.id)\nrun.parent.log_table("t", t)` }],
        },
        {
          messageId: 'otherRun',
          suggestions: [{ messageId: 'useWithRunId', output: `import mlflow\n${CONTEXT}run.parent.log_row("r", a=1)\nmlflow.log_dict(t, "t.json", run_id=run.parent.id)` }],
        },
      ],
      output: null,
    },
  ],
});
