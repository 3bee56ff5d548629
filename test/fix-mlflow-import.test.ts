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

test.run();
