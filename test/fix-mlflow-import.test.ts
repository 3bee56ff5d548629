// `import mlflow` after --fix, with every built-in rule on: the rewritten calls must find mlflow bound when the
// notebook runs top to bottom. An import in a later cell or inside a function does not bind it in time, and a
// name `mlflow` of the program's own would shadow the import.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadText } from '../lib/notebook/load.js';
import { fixFile } from '../lib/fix/fixer.js';
import plugin from '../rules/index.js';
import type { ResolvedConfig } from '../lib/types.js';
import { notebookJson, type TestCell } from './helpers/rule-tester.js';

const config: ResolvedConfig = {
  rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, { severity: 2, options: [] }])),
  settings: {},
  ruleDefinitions: plugin.rules,
};

const PIP = '%pip install mlflow azureml-mlflow';
const V1 = "from azureml.core import Run\nrun = Run.get_context()\n";

function fixedScript(text: string): string {
  const loaded = loadText(text, '/tmp/dummy_train.py', 'dummy_train.py');
  if (!loaded.ok) throw new Error(loaded.message);
  return fixFile(loaded.file, config).output;
}

function fixedCells(cells: TestCell[]): string[] {
  const loaded = loadText(notebookJson(cells), '/tmp/test.ipynb', 'test.ipynb');
  if (!loaded.ok) throw new Error(loaded.message);
  const { output } = fixFile(loaded.file, config);
  return (JSON.parse(output) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));
}

test('mlflow imported only in a later cell: the fixed cell gets its own import', () => {
  const cells = fixedCells([PIP, V1 + "run.log('a', 1)\n", "import mlflow\nmlflow.log_metric('b', 2)\n"]);
  assert.equal(cells.slice(1), ["import mlflow\nmlflow.log_metric('a', 1)\n", "import mlflow\nmlflow.log_metric('b', 2)\n"]);
});

test('mlflow imported only inside a function: a module-level import is added', () => {
  const inFunction = "def report():\n    import mlflow\n    mlflow.log_metric('b', 2)\n";
  const cells = fixedCells([PIP, V1, inFunction, "run.log('a', 1)\n"]);
  assert.equal(cells.slice(1), ['import mlflow\n', inFunction, "mlflow.log_metric('a', 1)\n"]);
});

test('an earlier module-level import is used as is, even inside try', () => {
  const guarded = 'try:\n    import mlflow\nexcept ImportError:\n    mlflow = None\n';
  const cells = fixedCells([PIP, guarded + V1 + "run.log('a', 1)\n"]);
  assert.equal(cells[1], guarded + "mlflow.log_metric('a', 1)\n");
});

test("a variable named mlflow would shadow the import: no fix, the call stays", () => {
  const code = V1 + "mlflow = 3\nrun.log('a', 1)\n";
  assert.equal(fixedCells([PIP, code])[1], code);
});

// Issue 7 item 4: a script that runs with or without the Azure ML SDK keeps doing so: mlflow, which replaces it,
// is imported inside the same guard.
const GUARD_HANDLER = 'except ImportError:\n    print("Unable to import AzureML, running as local experiment")\n';

test('import guard: `import mlflow` goes inside the try, next to the azureml import, which then goes', () => {
  const code = `import os\n\ntry:\n    from azureml.core import Run\n${GUARD_HANDLER}\nrun = Run.get_context()\nrun.log("accuracy", 0.8)\n`;
  assert.is(fixedScript(code), `import os\n\ntry:\n    import mlflow\n${GUARD_HANDLER}\nmlflow.log_metric("accuracy", 0.8)\n`);
});

test('import guard with a fallback: the import joins the guarded imports', () => {
  const code =
    '"""Job script."""\nimport argparse\n\ntry:\n    import numpy as np\n    from azureml.core import Run\n' +
    'except (ImportError, ModuleNotFoundError):\n    Run = None\n\nrun = Run.get_context()\nrun.log("epochs", 3)\nrun.log("ok", 1)\n';
  // The fallback does not hide the v1 run: `run` is still Azure ML's, migrated, and the import, then unused, goes.
  assert.is(
    fixedScript(code),
    '"""Job script."""\nimport argparse\n\ntry:\n    import numpy as np\n    import mlflow\n' +
      'except (ImportError, ModuleNotFoundError):\n    Run = None\n\nmlflow.log_metric("epochs", 3)\nmlflow.log_metric("ok", 1)\n',
  );
});

test('a try that does not catch ImportError is no import guard: the import goes on top', () => {
  const code = 'try:\n    from azureml.core import Run\nexcept KeyError:\n    pass\nrun = Run.get_context()\nprint(run.id)\nrun.log("a", 1)\n';
  assert.ok(fixedScript(code).startsWith('import mlflow\ntry:\n    from azureml.core import Run\n'));
});

test('azureml imported unguarded as well: the import goes on top', () => {
  const code = 'from azureml.core import Run\ntry:\n    from azureml.core import Workspace\nexcept ImportError:\n    pass\nrun = Run.get_context()\nprint(run.id, Workspace)\nrun.log("a", 1)\n';
  assert.ok(fixedScript(code).startsWith('import mlflow\nfrom azureml.core import Run\n'));
});

test('notebook: the guard is in the cell that imports azureml', () => {
  const guarded = `try:\n    from azureml.core import Run\n${GUARD_HANDLER}`;
  const cells = fixedCells([PIP, 'import os', guarded, 'run = Run.get_context()\nprint(run.id)\nrun.log("a", 1)\n']);
  assert.equal(cells.slice(1), ['import os', `try:\n    import mlflow\n    from azureml.core import Run\n${GUARD_HANDLER}`, 'run = Run.get_context()\nprint(run.id)\nmlflow.log_metric("a", 1)\n']);
});

test.run();
