import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/no-run-log-json-artifact.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const logDict = (method: string, file: string) => ({ messageId: 'logDict', data: { method, mlflow: 'mlflow', file } });

new RuleTester().run('no-run-log-json-artifact', rule, {
  valid: [
    'import mlflow\nwith mlflow.start_run() as run:\n    run.log_confusion_matrix("cm", cm)',
    'class R:\n    def log_predictions(self, k, v): pass\nrun = R()\nrun.log_predictions("p", p)',
    'run.log_residuals("r", r)',
    `${CONTEXT}run.log_table("t", t)`,
  ],

  invalid: [
    {
      name: 'all four methods → log_dict(value, "name.json"), description dropped',
      code:
        `${CONTEXT}run.log_confusion_matrix("confusion", cm, "d")\nrun.log_accuracy_table("accuracy", table)\n` +
        'run.log_predictions(name="predictions", value=preds)\nrun.log_residuals("residuals", res, description="d")\n',
      errors: [
        { ...logDict('log_confusion_matrix', '"confusion.json"'), line: 3, column: 1 },
        logDict('log_accuracy_table', '"accuracy.json"'),
        logDict('log_predictions', '"predictions.json"'),
        logDict('log_residuals', '"residuals.json"'),
      ],
      output:
        `import mlflow\n${CONTEXT}mlflow.log_dict(cm, "confusion.json")\nmlflow.log_dict(table, "accuracy.json")\n` +
        'mlflow.log_dict(preds, "predictions.json")\nmlflow.log_dict(res, "residuals.json")\n',
    },
    {
      name: 'a JSON string is parsed, adding import json next to import mlflow',
      code: `${CONTEXT}cm_json = '{"schema_type": "confusion_matrix"}'\nrun.log_confusion_matrix("cm", cm_json)`,
      errors: 1,
      output: `import json\nimport mlflow\n${CONTEXT}cm_json = '{"schema_type": "confusion_matrix"}'\nmlflow.log_dict(json.loads(cm_json), "cm.json")`,
    },
    {
      name: 'json.dumps(...) is a string; the program\'s own import json is used',
      cells: ['import json\nimport mlflow\n' + CONTEXT, 'run.log_predictions("p", json.dumps(p))'],
      errors: [{ messageId: 'logDict', cell: 2, cellLine: 1, cellColumn: 1 }],
      output: ['import json\nimport mlflow\n' + CONTEXT, 'mlflow.log_dict(json.loads(json.dumps(p)), "p.json")'],
    },
    {
      name: 'import json only in a later cell: added where the imports are',
      cells: ['import mlflow\n' + CONTEXT, 'run.log_residuals("r", "{}")', 'import json'],
      errors: 1,
      output: ['import json\nimport mlflow\n' + CONTEXT, 'mlflow.log_dict(json.loads("{}"), "r.json")', 'import json'],
    },
    {
      name: 'the name json is bound to something else: suggestion only',
      code: `import mlflow\n${CONTEXT}json = load()\nrun.log_predictions("p", "[]")`,
      errors: [
        {
          messageId: 'cannotFix',
          suggestions: [{ messageId: 'useLogDict', output: `import mlflow\n${CONTEXT}json = load()\nmlflow.log_dict(json.loads("[]"), "p.json")` }],
        },
      ],
      output: null,
    },
    {
      name: 'a fixed name inside a loop: suggestion',
      code: `${CONTEXT}for fold in folds:\n    run.log_confusion_matrix("cm", fold.cm)\nfor fold in folds:\n    run.log_confusion_matrix(f"cm_{fold.i}", fold.cm)`,
      errors: [{ messageId: 'cannotFix' }, { messageId: 'logDict' }],
      output: `import mlflow\n${CONTEXT}for fold in folds:\n    run.log_confusion_matrix("cm", fold.cm)\nfor fold in folds:\n    mlflow.log_dict(fold.cm, f'{f"cm_{fold.i}"}.json')`,
    },
    {
      name: 'a parent run: suggestion with run_id',
      code: `${CONTEXT}run.parent.log_accuracy_table("acc", t)`,
      errors: [
        {
          messageId: 'otherRun',
          data: { method: 'log_accuracy_table', kind: 'parent', mlflow: 'mlflow', file: '"acc.json"' },
          suggestions: [{ messageId: 'useLogDictWithRunId', output: `import mlflow\n${CONTEXT}mlflow.log_dict(t, "acc.json", run_id=run.parent.id)` }],
        },
      ],
      output: null,
    },
    {
      name: 'no value: no fix',
      code: `${CONTEXT}run.log_residuals("r")`,
      errors: [{ messageId: 'cannotFix' }],
      output: null,
    },
  ],
});
