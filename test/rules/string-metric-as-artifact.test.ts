import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateRuleOptions } from '../../lib/config/index.js';
import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/string-metric-as-artifact.js';
import { sanitizeFileName } from '../../rules/helpers/artifacts/artifact-file.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const logText = (file: string, mlflow = 'mlflow') => ({ messageId: 'logText', data: { mlflow, file } });

new RuleTester().run('string-metric-as-artifact', rule, {
  valid: [
    // Numbers, bools and unknown values are no-run-log's.
    `${CONTEXT}run.log("acc", 0.5)`,
    `${CONTEXT}run.log("ok", True)`,
    `${CONTEXT}run.log("acc", compute())`,
    // Not v1 runs.
    'import logging\nlogging.getLogger().log(20, "text")',
    'class Recorder:\n    def log(self, k, v): pass\nrun = Recorder()\nrun.log("model", "gbm")',
    'import mlflow\nwith mlflow.start_run() as run:\n    run.log("model", "gbm")',
    { cells: [CONTEXT, '%%bash\nrun.log("model", "gbm")'] },
  ],

  invalid: [
    {
      name: 'string literal value: text first, name kept as the file name',
      code: `${CONTEXT}run.log("model", "gradient boosting")\n`,
      errors: [{ ...logText('"model.txt"'), line: 3, column: 1, endColumn: 38 }],
      output: `import mlflow\n${CONTEXT}mlflow.log_text("gradient boosting", "model.txt")\n`,
    },
    {
      name: 'string-typed expressions: f-string, str(), .format(), concatenation, a name bound to a string',
      code: `${CONTEXT}run.log("a", f"v{x}")\nrun.log("b", str(x))\nrun.log("c", "{}".format(x))\nrun.log("d", "p" + s)\nkind = "gbm"\nrun.log("e", kind)`,
      errors: 5,
      output: `import mlflow\n${CONTEXT}mlflow.log_text(f"v{x}", "a.txt")\nmlflow.log_text(str(x), "b.txt")\nmlflow.log_text("{}".format(x), "c.txt")\nmlflow.log_text("p" + s, "d.txt")\nkind = "gbm"\nmlflow.log_text(kind, "e.txt")`,
    },
    {
      // Azure's train_iris.py: `run.log('Kernel type', np.str(args.kernel))`; log_metric would reject the string.
      name: 'numpy\'s str alias is a string',
      code: `import numpy as np\n${CONTEXT}run.log('Kernel type', np.str(args.kernel))\nrun.log('Penalty', np.float(args.penalty))`,
      errors: 1,
      output: `import mlflow\nimport numpy as np\n${CONTEXT}mlflow.log_text(np.str(args.kernel), "Kernel_type.txt")\nrun.log('Penalty', np.float(args.penalty))`,
    },
    {
      name: 'names MLflow or file systems reject are sanitised',
      code: `${CONTEXT}run.log("Accuracy (%)", "high")\nrun.log("../../etc/passwd", "x")\nrun.log("精度", "x")\nrun.log("..", "x")`,
      errors: 4,
      output: `import mlflow\n${CONTEXT}mlflow.log_text("high", "Accuracy____.txt")\nmlflow.log_text("x", "___etc_passwd.txt")\nmlflow.log_text("x", "__.txt")\nmlflow.log_text("x", "metric.txt")`,
    },
    {
      name: 'expression name: an f-string built at run time',
      code: `${CONTEXT}run.log(key, "v")\nrun.log(names[i], "v")\nrun.log(f"fold{i}", "v")`,
      errors: [logText('f"{key}.txt"'), logText('f"{names[i]}.txt"'), logText(`f'{f"fold{i}"}.txt'`)],
      output: `import mlflow\n${CONTEXT}mlflow.log_text("v", f"{key}.txt")\nmlflow.log_text("v", f"{names[i]}.txt")\nmlflow.log_text("v", f'{f"fold{i}"}.txt')`,
    },
    {
      name: 'an expression an f-string cannot hold is concatenated',
      code: `${CONTEXT}run.log(lambda: 1, "v")`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_text("v", str(lambda: 1) + ".txt")`,
    },
    {
      name: 'artifactFileTemplate option',
      code: `${CONTEXT}run.log("model", "gbm")\nrun.log(k, "v")`,
      options: [{ artifactFileTemplate: 'notes/{name}.md' }],
      errors: [logText('"notes/model.md"'), logText('f"notes/{k}.md"')],
      output: `import mlflow\n${CONTEXT}mlflow.log_text("gbm", "notes/model.md")\nmlflow.log_text("v", f"notes/{k}.md")`,
    },
    {
      name: 'description dropped, keyword arguments',
      code: `${CONTEXT}run.log(value="gbm", name="model", description="which model")`,
      errors: 1,
      output: `import mlflow\n${CONTEXT}mlflow.log_text("gbm", "model.txt")`,
    },
    {
      name: 'step= would overwrite the same file: suggestion only',
      code: `${CONTEXT}run.log("status", s, step=i)`.replace('s, step', '"ok", step'),
      errors: [
        {
          messageId: 'overwrite',
          data: { mlflow: 'mlflow', file: '"status.txt"', reason: 'it logs a series with step=' },
          suggestions: [{ messageId: 'useLogText', output: `import mlflow\n${CONTEXT}mlflow.log_text("ok", "status.txt")` }],
        },
      ],
      output: null,
    },
    {
      name: 'fixed name inside a loop: suggestion only; a varying name is fixed',
      code: `${CONTEXT}for i in range(3):\n    run.log("status", "ok")\n    run.log(f"status{i}", "ok")\n`,
      errors: [
        { messageId: 'overwrite', data: { mlflow: 'mlflow', file: '"status.txt"', reason: 'it logs under a fixed name inside a loop' } },
        { messageId: 'logText' },
      ],
      output: `import mlflow\n${CONTEXT}for i in range(3):\n    run.log("status", "ok")\n    mlflow.log_text("ok", f'{f"status{i}"}.txt')\n`,
    },
    {
      // v1 kept both values under "stage"; one stage.txt would keep only the last (issue 7, item 3).
      name: 'the same name logged as text in two cells: both suggested, the later one to a file of its own',
      cells: [`${CONTEXT}run.log("stage", "training")`, 'x = 1', 'run.log("stage", "evaluated")\nrun.log("model", "gbm")'],
      errors: [
        {
          messageId: 'overwrite',
          data: { mlflow: 'mlflow', file: '"stage.txt"', reason: '"stage.txt" is also written by `run.log("stage", "evaluated")` at cell 3, line 1' },
          suggestions: [{ output: [`import mlflow\n${CONTEXT}mlflow.log_text("training", "stage.txt")`, 'x = 1', 'run.log("stage", "evaluated")\nrun.log("model", "gbm")'] }],
        },
        {
          messageId: 'overwrite',
          data: { mlflow: 'mlflow', file: '"stage.txt"', reason: '"stage.txt" is also written by `run.log("stage", "training")` at cell 1, line 3' },
          suggestions: [{ output: [`import mlflow\n${CONTEXT}run.log("stage", "training")`, 'x = 1', 'mlflow.log_text("evaluated", "stage_2.txt")\nrun.log("model", "gbm")'] }],
        },
        logText('"model.txt"'),
      ],
      output: [`import mlflow\n${CONTEXT}run.log("stage", "training")`, 'x = 1', 'run.log("stage", "evaluated")\nmlflow.log_text("gbm", "model.txt")'],
    },
    {
      name: 'names that become the same file, and a file an MLflow call already writes: suggested, never fixed',
      code: `import mlflow\n${CONTEXT}run.log("model type", "gbm")\nrun.log("model_type", "ridge")\nmlflow.log_text("x", "note.txt")\nrun.log("note", "y")\n`,
      errors: [
        { messageId: 'overwrite', data: { mlflow: 'mlflow', file: '"model_type.txt"', reason: '"model_type.txt" is also written by `run.log("model_type", "ridge")` at line 5' } },
        { messageId: 'overwrite', data: { mlflow: 'mlflow', file: '"model_type.txt"', reason: '"model_type.txt" is also written by `run.log("model type", "gbm")` at line 4' } },
        {
          messageId: 'overwrite',
          data: { mlflow: 'mlflow', file: '"note.txt"', reason: '"note.txt" is also written by `mlflow.log_text("x", "note.txt")` at line 6' },
          suggestions: [{ output: `import mlflow\n${CONTEXT}run.log("model type", "gbm")\nrun.log("model_type", "ridge")\nmlflow.log_text("x", "note.txt")\nmlflow.log_text("y", "note_2.txt")\n` }],
        },
      ],
      output: null,
    },
    {
      name: 'remote run: suggestion with run_id',
      code: 'from azureml.core import Run\nr = Run(exp, "abc")\nr.log("note", "text")',
      errors: [
        {
          messageId: 'otherRun',
          data: { mlflow: 'mlflow', file: '"note.txt"', kind: 'remote' },
          suggestions: [
            {
              messageId: 'useLogTextWithRunId',
              output: 'import mlflow\nfrom azureml.core import Run\nr = Run(exp, "abc")\nmlflow.log_text("text", "note.txt", run_id=r.id)',
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'mlflow alias, notebook, cross-cell binding',
      cells: ['import mlflow as mf\nfrom azureml.core import Run', 'run = Run.get_context()', 'run.log("model", "gbm")'],
      errors: [{ ...logText('"model.txt"', 'mf'), cell: 3, cellLine: 1, cellColumn: 1 }],
      output: ['import mlflow as mf\nfrom azureml.core import Run', 'run = Run.get_context()', 'mf.log_text("gbm", "model.txt")'],
    },
    {
      name: 'unknown keyword: reported, not fixed',
      code: `${CONTEXT}run.log("model", "gbm", colour="red")`,
      errors: [{ messageId: 'cannotFix', data: { mlflow: 'mlflow', file: '"model.txt"', reason: 'Run.log() has no argument "colour"' } }],
      output: null,
    },
  ],
});

test('sanitizeFileName: only [A-Za-z0-9._-], never empty, no leading/trailing dot, no ".."', () => {
  assert.is(sanitizeFileName('val:loss'), 'val_loss');
  assert.is(sanitizeFileName('prec@1'), 'prec_1');
  assert.is(sanitizeFileName('.hidden'), 'hidden');
  assert.is(sanitizeFileName('a..b'), 'a_b');
  assert.is(sanitizeFileName('end.'), 'end');
  assert.is(sanitizeFileName(''), 'metric');
  assert.is(sanitizeFileName('...'), 'metric');
  assert.is(sanitizeFileName('R^2 score'), 'R_2_score');
});

test('artifactFileTemplate: the options schema accepts safe relative templates with one {name}', () => {
  const check = (template: string) =>
    validateRuleOptions(rule, [{ artifactFileTemplate: template }], { source: 'test', path: 'rules.string-metric-as-artifact' });
  for (const ok of ['{name}.txt', 'text/{name}.txt', '{name}', 'metric-{name}_v1.log']) check(ok);
  for (const bad of ['name.txt', '{name}{name}', '/abs/{name}.txt', '../{name}.txt', 'a//{name}', '{name}/', '.{name}', '{name} ".txt', '{nam}.txt']) {
    assert.throws(() => check(bad), undefined, bad);
  }
});

test.run();
