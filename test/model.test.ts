import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SyntaxNode } from '@lezer/common';
import type { Model, Program, Unit } from '../lib/types.js';
import { parseProgram } from '../lib/python/parse.js';
import { buildModel } from '../lib/python/model.js';

// ── helpers: hand-built notebook programs, nodes found by their text ──

function mkUnit(text: string, cellIndex: number): Unit {
  return { text, cellIndex, segments: [{ unitStart: 0, originStart: 0, length: text.length }], protectedRanges: [] };
}

function notebook(...cells: string[]): { program: Program; model: Model } {
  const program: Program = { kind: 'notebook', name: 't.ipynb', units: cells.map(mkUnit) };
  parseProgram(program);
  return { program, model: buildModel(program) };
}

/** The nth node (in program order) of type `type` whose text starts with `prefix`. */
function find(program: Program, type: string, prefix: string, nth = 0): { unit: Unit; node: SyntaxNode } {
  let seen = 0;
  for (const unit of program.units) {
    let found: SyntaxNode | null = null;
    unit.tree!.iterate({
      enter: (ref) => {
        if (found) return false;
        if (ref.name === type && unit.text.startsWith(prefix, ref.from) && seen++ === nth) found = ref.node;
        return undefined;
      },
    });
    if (found) return { unit, node: found };
  }
  throw new Error(`no ${type} starting with ${JSON.stringify(prefix)} (#${nth})`);
}

/** v1ValueOf of the nth expression of `type` starting with `prefix`, as 'run:interactive', 'experiment', or null. */
function v1(nb: ReturnType<typeof notebook>, prefix: string, type = 'CallExpression', nth = 0): string | null {
  const { unit, node } = find(nb.program, type, prefix, nth);
  const value = nb.model.v1ValueOf(unit, node);
  return value ? (value.runKind ? `${value.kind}:${value.runKind}` : value.kind) : null;
}

/** v1ValueOf of the receiver of the nth `<prefix>` call, e.g. the `run` in `run.log(...)`. */
function receiver(nb: ReturnType<typeof notebook>, prefix: string, nth = 0): string | null {
  const { unit, node } = find(nb.program, 'CallExpression', prefix, nth);
  const value = nb.model.v1ValueOf(unit, node.firstChild!.firstChild!);
  return value ? (value.runKind ? `${value.kind}:${value.runKind}` : value.kind) : null;
}

const CORE = 'from azureml.core import Workspace, Experiment, Run\n';

// ── imports and classes ──

const imports = suite('model: azureml imports and classes');

imports('from-import with alias, submodule imports', () => {
  const nb = notebook(
    'from azureml.core import Run, Experiment as Exp\nfrom azureml.core.workspace import Workspace\n',
    'from azureml.core.experiment import Experiment\nfrom azureml.core.run import Run as AzRun\n',
    'Exp\nAzRun\nWorkspace\nExperiment\nRun\n',
  );
  // The class named by a reference on its own line in the last cell.
  const last = nb.program.units[2]!;
  const cls = (name: string): string | null =>
    nb.model.v1ClassOf(last, last.tree!.resolveInner(last.text.indexOf(`${name}\n`), 1));
  assert.is(cls('Exp'), 'Experiment');
  assert.is(cls('AzRun'), 'Run');
  assert.is(cls('Workspace'), 'Workspace');
  assert.is(cls('Experiment'), 'Experiment');
  assert.is(cls('Run'), 'Run');
  assert.ok(nb.model.usesAzureml);
  assert.is(nb.model.azuremlImports.length, 4);
  assert.is(nb.model.azuremlImports[0]!.node.name, 'ImportStatement');
});

imports('module imports with attribute access', () => {
  const nb = notebook(
    'import azureml.core\nimport azureml.core as aml\nfrom azureml import core\n',
    'a = azureml.core.Run.get_context()\nb = aml.Experiment(ws, "x")\nc = core.Run.get_context()\nd = aml.Workspace.from_config()\n',
  );
  assert.is(v1(nb, 'azureml.core.Run.get_context'), 'run:context');
  assert.is(v1(nb, 'aml.Experiment'), 'experiment');
  assert.is(v1(nb, 'core.Run.get_context'), 'run:context');
  assert.is(v1(nb, 'aml.Workspace.from_config'), 'workspace');
  const { unit, node } = find(nb.program, 'MemberExpression', 'aml.Experiment');
  assert.is(nb.model.v1ClassOf(unit, node), 'Experiment');
  assert.is(nb.model.azuremlImports.length, 3);
});

imports('ScriptRunConfig, Environment, Other; star import', () => {
  const nb = notebook(
    'from azureml.core import ScriptRunConfig, Environment, Datastore\nfrom azureml.core import *\n',
    'cfg = ScriptRunConfig(source_directory=".")\nenv = Environment("e")\nds = Datastore.get(ws, "d")\nexp = Experiment(ws, "x")\n',
  );
  const classOf = (prefix: string): string | null => {
    const call = find(nb.program, 'CallExpression', prefix).node;
    return nb.model.v1ClassOf(nb.program.units[1]!, call.firstChild!);
  };
  assert.is(classOf('ScriptRunConfig('), 'ScriptRunConfig');
  assert.is(classOf('Environment('), 'Environment');
  assert.is(v1(nb, 'Experiment(ws'), 'experiment');
  const ds = find(nb.program, 'MemberExpression', 'Datastore.get').node.firstChild!;
  assert.is(nb.model.v1ClassOf(nb.program.units[1]!, ds), 'Other');
  assert.is(v1(nb, 'Datastore.get'), null);
});

imports('mlflow: name, alias, from-import, no azureml', () => {
  let nb = notebook('import mlflow\nmlflow.log_metric("a", 1)\n');
  assert.is(nb.model.mlflowName, 'mlflow');
  assert.ok(nb.model.usesMlflow);
  assert.not.ok(nb.model.usesAzureml);
  assert.is(nb.model.azuremlImports.length, 0);
  nb = notebook('import os', 'import mlflow as mf\n');
  assert.is(nb.model.mlflowName, 'mf');
  nb = notebook('from mlflow import log_metric\nlog_metric("a", 1)\n');
  assert.is(nb.model.mlflowName, null);
  assert.ok(nb.model.usesMlflow);
  nb = notebook('import mlflow.sklearn\n');
  assert.is(nb.model.mlflowName, 'mlflow');
  nb = notebook('import numpy as np\nx = np.log(2)\n');
  assert.not.ok(nb.model.usesMlflow);
  assert.is(nb.model.mlflowName, null);
});

imports.run();

// ── what expressions evaluate to ──

const values = suite('model: v1 values');

values('workspace forms', () => {
  const nb = notebook(
    CORE,
    'ws1 = Workspace.from_config()\nws2 = Workspace.get(name="w", subscription_id="s")\nws3 = Workspace("s", "rg", "w")\n',
    'run = Run.get_context()\nws4 = run.experiment.workspace\nws4\n',
  );
  assert.is(v1(nb, 'Workspace.from_config'), 'workspace');
  assert.is(v1(nb, 'Workspace.get'), 'workspace');
  assert.is(v1(nb, 'Workspace("s"'), 'workspace');
  assert.is(v1(nb, 'run.experiment.workspace', 'MemberExpression'), 'workspace');
  assert.is(v1(nb, 'run.experiment', 'MemberExpression', 1), 'experiment');
  assert.is(v1(nb, 'ws4', 'VariableName', 1), 'workspace');
});

values('experiment, interactive run, with-as', () => {
  const nb = notebook(
    CORE + 'ws = Workspace.from_config()\n',
    'exp = Experiment(ws, "n")\nexp2 = Experiment(workspace=ws, name="n")\nrun = exp.start_logging()\n',
    'with exp2.start_logging(snapshot_directory=None) as r2:\n    r2.log("a", 1)\nrun.log("b", 2)\n',
  );
  assert.is(v1(nb, 'Experiment(ws'), 'experiment');
  assert.is(v1(nb, 'Experiment(workspace'), 'experiment');
  assert.is(v1(nb, 'exp', 'VariableName', 2), 'experiment'); // read in `exp.start_logging()`
  assert.is(receiver(nb, 'r2.log'), 'run:interactive');
  assert.is(receiver(nb, 'run.log'), 'run:interactive');
});

values('context run forms', () => {
  const nb = notebook(
    CORE,
    'run = Run.get_context()\nrun2 = Run.get_context(allow_offline=True)\nrun.log("a", 1)\nrun2.log("b", 2)\n',
  );
  assert.is(receiver(nb, 'run.log'), 'run:context');
  assert.is(receiver(nb, 'run2.log'), 'run:context');
});

values('remote runs: submit, Run(exp, id), get_best_child, get_output tuple, get_runs loop', () => {
  const nb = notebook(
    CORE + 'from azureml.train.automl.run import AutoMLRun\n',
    'remote_run = exp.submit(config)\nold = Run(exp, run_id)\nbest = remote_run.get_best_child()\n',
    'automl_run = AutoMLRun(exp, rid)\nbest_run, fitted_model = automl_run.get_output()\nfirst = automl_run.get_output()[0]\n',
    'for r in exp.get_runs():\n    r.log("x", 1)\nremote_run.log("a", 1)\nold.log("a", 1)\nbest.log("a", 1)\nbest_run.log("a", 1)\nfitted_model.log("a", 1)\nfirst.log("a", 1)\n',
  );
  const exp = 'exp = Experiment(ws, "e")\n';
  const nb2 = notebook(CORE + exp, 'for r in exp.get_runs():\n    r.log("x", 1)\n', 'pipeline_run = exp.submit(p)\n');
  assert.is(receiver(nb2, 'r.log'), 'run:remote');
  assert.is(v1(nb2, 'exp.submit'), 'run:remote');
  // `exp` is unbound in nb: submit on an unknown receiver is not a run.
  assert.is(receiver(nb, 'remote_run.log'), null);
  assert.is(receiver(nb, 'old.log'), 'run:remote');
  assert.is(v1(nb, 'AutoMLRun('), 'run:remote');
  assert.is(receiver(nb, 'best_run.log'), 'run:remote');
  assert.is(receiver(nb, 'fitted_model.log'), null);
  assert.is(receiver(nb, 'first.log'), 'run:remote');
});

values('Run.get_submitted_run() is the job\'s own run, as get_context() is (its pre-release name)', () => {
  const nb = notebook(CORE, 'run = Run.get_submitted_run()\nrun.log("a", 1)\nimport azureml.core\nazureml.core.Run.get_submitted_run().log("b", 2)\n');
  assert.is(receiver(nb, 'run.log'), 'run:context');
  assert.is(receiver(nb, 'azureml.core.Run.get_submitted_run().log'), 'run:context');
});

values('submit() of a v1 run configuration is a remote run, whatever the experiment is (a parameter)', () => {
  const nb = notebook(
    CORE + 'from azureml.core import ScriptRunConfig\nfrom azureml.train.automl import AutoMLConfig\n' +
      'from azureml.train.estimator import Estimator\nfrom azureml.pipeline.core import Pipeline\n',
    'def by_script(experiment, src_dir):\n    config = ScriptRunConfig(source_directory=src_dir, script="train.py")\n    run = experiment.submit(config)\n    run.log("a", 1)\n',
    'def by_automl(experiment, **settings):\n    automl_config = AutoMLConfig(task="forecasting", **settings)\n    run = experiment.submit(automl_config, show_output=False)\n    run.log("run_algorithm", "x")\n',
    'def by_keyword(experiment, est=Estimator(source_directory=".")):\n    experiment.submit(config=Pipeline(ws, steps=[])).log("c", 1)\n    experiment.submit(est).log("d", 1)\n',
    'def not_v1(experiment, config):\n    run = experiment.submit(config)\n    run.log("e", 1)\n    experiment.submit(MyConfig()).log("f", 1)\n',
  );
  assert.is(receiver(nb, 'run.log', 0), 'run:remote');
  assert.is(receiver(nb, 'run.log', 1), 'run:remote');
  assert.is(receiver(nb, 'experiment.submit(config=Pipeline'), 'run:remote');
  // A parameter's default is not what every call passes: unknown.
  assert.is(receiver(nb, 'experiment.submit(est)'), null);
  // An unknown configuration on an unknown receiver says nothing: `submit` is a common method name.
  assert.is(receiver(nb, 'run.log', 2), null);
  assert.is(receiver(nb, 'experiment.submit(MyConfig())'), null);
});

values('child and parent runs', () => {
  const nb = notebook(
    CORE + 'exp = Experiment(ws, "e")\nrun = exp.start_logging()\n',
    'child = run.child_run("c1")\nwith run.child_run(name="c2") as c2:\n    c2.log("a", 1)\n',
    'for c in run.create_children(3):\n    c.log("b", 1)\nchildren = run.create_children(2)\nchildren[0].log("c", 1)\n',
    'for i, k in enumerate(run.get_children()):\n    k.log("d", i)\nrun.parent.log("e", 1)\nchild.log("f", 1)\n',
  );
  assert.is(receiver(nb, 'c2.log'), 'run:child');
  assert.is(receiver(nb, 'c.log'), 'run:child');
  assert.is(receiver(nb, 'children[0].log'), 'run:child');
  assert.is(receiver(nb, 'k.log'), 'run:child');
  assert.is(receiver(nb, 'run.parent.log'), 'run:parent');
  assert.is(receiver(nb, 'child.log'), 'run:child');
});

values('tuple targets, chained assignment, parentheses', () => {
  const nb = notebook(
    CORE + 'exp = Experiment(ws, "e")\n',
    'a, run = 1, exp.start_logging()\nx = y = Run.get_context()\n(p, (q, r)) = 0, (1, exp.start_logging())\n',
    'run.log("a", 1)\nx.log("b", 1)\ny.log("c", 1)\na.log("d", 1)\nr.log("e", 1)\nq.log("f", 1)\n',
  );
  assert.is(receiver(nb, 'run.log'), 'run:interactive');
  assert.is(receiver(nb, 'x.log'), 'run:context');
  assert.is(receiver(nb, 'y.log'), 'run:context');
  assert.is(receiver(nb, 'a.log'), null);
  assert.is(receiver(nb, 'r.log'), 'run:interactive');
  assert.is(receiver(nb, 'q.log'), null);
});

values('functions returning runs, parameters passed runs', () => {
  const nb = notebook(
    CORE,
    'def get_logger():\n    return Run.get_context()\n\ndef indirect():\n    logger = get_logger()\n    return logger\n',
    'run_logger = get_logger()\nother = indirect()\nrun_logger.log("a", 1)\nother.log("b", 1)\n',
    'def train(model, run):\n    run.log("loss", 0.1)\n\ntrain(m, run_logger)\ntrain(m2, run=run_logger)\n',
  );
  assert.is(receiver(nb, 'run_logger.log'), 'run:context');
  assert.is(receiver(nb, 'other.log'), 'run:context');
  assert.is(receiver(nb, 'run.log'), 'run:context');
  const mixed = notebook(CORE, 'def f(run):\n    run.log("a", 1)\n\nf(Run.get_context())\nf(logger)\n');
  assert.is(receiver(mixed, 'run.log'), null); // one call passes something else
});

values('rebinding is flow-ordered, across cells', () => {
  const nb = notebook(
    CORE + 'import mlflow\nexp = Experiment(ws, "e")\nrun = exp.start_logging()\n',
    'run.log("before", 1)\n',
    'run = mlflow.start_run()\n',
    'run.log("after", 1)\n',
  );
  assert.is(receiver(nb, 'run.log("before"'), 'run:interactive');
  assert.is(receiver(nb, 'run.log("after"'), null);
  const first = nb.model.bindings.find((b) => b.name === 'run')!;
  assert.is(first.value?.runKind, 'interactive');
  assert.equal(
    first.references.map((r) => r.unit.cellIndex),
    [1],
  );
});

values('functions read module names as of their first call', () => {
  const nb = notebook(
    CORE + 'import mlflow\n',
    'def train():\n    run.log("a", 1)\n',
    'run = Run.get_context()\n',
    'train()\n',
    'run = mlflow.start_run()\n',
  );
  assert.is(receiver(nb, 'run.log'), 'run:context');
  // A function that is never called sees the last binding.
  const never = notebook(CORE, 'run = Run.get_context()\ndef f():\n    run.log("a", 1)\n', 'run = 3\n');
  assert.is(receiver(never, 'run.log'), null);
  // Called from a function that is itself called later.
  const nested = notebook(
    CORE,
    'def inner():\n    run.log("a", 1)\ndef outer():\n    inner()\n',
    'run = Run.get_context()\nouter()\nrun = None\n',
  );
  assert.is(receiver(nested, 'run.log'), 'run:context');
});

values('local bindings shadow module runs; globals write the module', () => {
  const nb = notebook(
    CORE + 'run = Run.get_context()\n',
    'def f():\n    run = make()\n    run.log("local", 1)\n\ndef g():\n    global run2\n    run2 = Run.get_context()\n',
    'g()\nrun2.log("global", 1)\nrun.log("module", 1)\n',
  );
  assert.is(receiver(nb, 'run.log("local"'), null);
  assert.is(receiver(nb, 'run2.log'), 'run:context');
  assert.is(receiver(nb, 'run.log("module"'), 'run:context');
});

values('comprehension and lambda variables are local', () => {
  const nb = notebook(
    CORE + 'run = Run.get_context()\n',
    'xs = [run.log("k", 1) for run in loggers]\nf = lambda run: run.log("l", 1)\nrun.log("m", 1)\n',
  );
  assert.is(receiver(nb, 'run.log("k"'), null);
  assert.is(receiver(nb, 'run.log("l"'), null);
  assert.is(receiver(nb, 'run.log("m"'), 'run:context');
});

values.run();

// ── false-positive traps: never a v1 run ──

const traps = suite('model: false-positive traps');

traps('loggers, math, numpy, torch, tensorflow', () => {
  const nb = notebook(
    CORE + 'import logging, math\nimport numpy as np\nimport torch\nimport tensorflow as tf\n',
    'logger = logging.getLogger(__name__)\nlogger.log(logging.INFO, "x")\nmath.log(2)\nnp.log(3)\ntorch.log(t)\ntf.math.log(t)\n',
  );
  assert.is(receiver(nb, 'logger.log'), null);
  assert.is(receiver(nb, 'math.log'), null);
  assert.is(receiver(nb, 'np.log'), null);
  assert.is(receiver(nb, 'torch.log'), null);
  assert.is(receiver(nb, 'tf.math.log'), null);
});

traps('self.log, user classes named Run or bound to `run`', () => {
  const nb = notebook(
    'from azureml.core import Experiment\n',
    'class Model(LightningModule):\n    def training_step(self, batch):\n        self.log("loss", 1)\n',
    'class Run:\n    def log(self, k, v): pass\n\nrun = Run()\nrun.log("a", 1)\n',
    'class Tracker:\n    pass\nrun = Tracker()\nrun.log("b", 1)\n',
  );
  assert.is(receiver(nb, 'self.log'), null);
  assert.is(receiver(nb, 'run.log("a"'), null);
  assert.is(receiver(nb, 'run.log("b"'), null);
  // `Run()` reads the user's class, not azureml's.
  const call = find(nb.program, 'VariableName', 'Run', 1);
  const classDef = find(nb.program, 'VariableName', 'Run', 0);
  assert.is(nb.model.bindingOf(call.unit, call.node)?.node.from, classDef.node.from);
  assert.is(nb.model.v1ClassOf(call.unit, call.node), null);
});

traps('subprocess.run, mlflow runs, Datastore.upload_files, unimported Run', () => {
  const nb = notebook(
    CORE + 'import subprocess, mlflow\nfrom azureml.core import Datastore\n',
    'run = subprocess.run(["ls"])\nrun.log("a", 1)\n',
    'run = mlflow.start_run()\nrun.log("b", 1)\nwith mlflow.start_run() as mrun:\n    mrun.log("c", 1)\n',
    'ds = Datastore.get(ws, "store")\nds.upload_files(files)\nds2 = ws.get_default_datastore()\nds2.upload_files(f)\n',
  );
  assert.is(receiver(nb, 'run.log("a"'), null);
  assert.is(receiver(nb, 'run.log("b"'), null);
  assert.is(receiver(nb, 'mrun.log'), null);
  assert.is(receiver(nb, 'ds.upload_files'), null);
  assert.is(receiver(nb, 'ds2.upload_files'), null);
  const plain = notebook('from mylib import Run\nrun = Run.get_context()\nrun.log("a", 1)\n');
  assert.is(receiver(plain, 'run.log'), null);
  const none = notebook('import azureml.core\nrun.log("a", 1)\n');
  assert.is(receiver(none, 'run.log'), null);
});

traps.run();

// ── bindings and references ──

const bindings = suite('model: bindings and references');

bindings('experiment references tell start_logging from other uses', () => {
  const nb = notebook(
    CORE + 'exp = Experiment(ws, "e")\n',
    'run = exp.start_logging()\n',
    'remote = exp.submit(cfg)\nprint(exp.name)\n',
  );
  const exp = nb.model.bindings.find((b) => b.name === 'exp')!;
  assert.is(exp.value?.kind, 'experiment');
  const uses = exp.references.map((r) => {
    const member = r.node.parent!;
    return r.unit.text.slice(member.lastChild!.from, member.lastChild!.to);
  });
  assert.equal(uses, ['start_logging', 'submit', 'name']);
});

bindingsOfNodes();
function bindingsOfNodes(): void {
  bindings('bindingOf: definitions, references, keyword names, attributes', () => {
    const nb = notebook(CORE + 'run = Run.get_context()\n', 'run.log("a", 1, step=run)\nrun += 1\n');
    const unit1 = nb.program.units[1]!;
    const def = find(nb.program, 'VariableName', 'run', 0);
    const binding = nb.model.bindingOf(def.unit, def.node)!;
    assert.is(binding.name, 'run');
    assert.is(binding.node.from, def.node.from);
    const read = find(nb.program, 'VariableName', 'run', 1);
    assert.is(nb.model.bindingOf(read.unit, read.node), binding);
    const step = find(nb.program, 'VariableName', 'step');
    assert.is(nb.model.bindingOf(step.unit, step.node), null);
    // `run += 1` reads the old binding and makes a new one.
    const update = find(nb.program, 'VariableName', 'run', 3);
    assert.is.not(nb.model.bindingOf(unit1, update.node), binding);
    assert.equal(
      binding.references.map((r) => [r.unit.cellIndex, r.node.from]),
      [
        [1, 0],
        [1, 21],
        [1, 26],
      ],
    );
  });
}

bindings('a context run binding with only non-v1 uses left', () => {
  const nb = notebook(CORE, 'run = Run.get_context()\nprint("hello")\n');
  const run = nb.model.bindings.find((b) => b.name === 'run')!;
  assert.is(run.value?.runKind, 'context');
  assert.is(run.references.length, 0);
});

bindings('fast path: no azureml, no mlflow', () => {
  const nb = notebook('import numpy as np\nx = 1\nrun = np.log(x)\nprint(float(x))\n');
  assert.is(nb.model.bindings.length, 0);
  assert.not.ok(nb.model.usesAzureml);
  assert.not.ok(nb.model.usesMlflow);
  const call = find(nb.program, 'CallExpression', 'float');
  assert.is(nb.model.valueTypeOf(nb.program.units[0]!, call.node), 'number');
  assert.is(nb.model.v1ValueOf(nb.program.units[0]!, call.node), null);
});

bindings.run();

// ── value types ──

const types = suite('model: valueTypeOf');

const TYPE_CASES: [string, string][] = [
  ['1', 'number'],
  ['0.5', 'number'],
  ['1e-3', 'number'],
  ['2j', 'number'],
  ['-1', 'number'],
  ['(3 * 2) / 4', 'number'],
  ['True + 1', 'number'],
  ['float(x)', 'number'],
  ['int("3")', 'number'],
  ['len(xs)', 'number'],
  ['round(acc, 2)', 'number'],
  ['abs(-n)', 'number'],
  ['sum([n, 2])', 'number'],
  ['max(n, 2)', 'number'],
  ['np.mean(xs)', 'number'],
  ['loss.item()', 'number'],
  ['math.sqrt(2)', 'number'],
  ['n', 'number'],
  ['total', 'number'],
  ['epoch', 'number'],
  ['i', 'number'],
  ['True', 'bool'],
  ['False', 'bool'],
  ['a < b', 'bool'],
  ['a == b', 'bool'],
  ['x in xs', 'bool'],
  ['x not in xs', 'bool'],
  ['x is None', 'bool'],
  ['x is not None', 'bool'],
  ['not x', 'bool'],
  ['(a > 1) and (b > 2)', 'bool'],
  ['bool(x)', 'bool'],
  ['isinstance(x, int)', 'bool'],
  ['math.isnan(x)', 'bool'],
  ['flag', 'bool'],
  ['"text"', 'string'],
  ["'a' 'b'", 'string'],
  ['f"acc={acc}"', 'string'],
  ['str(x)', 'string'],
  ['"{}".format(x)', 'string'],
  ['repr(x)', 'string'],
  ['"%d" % x', 'string'],
  ['"a" + x', 'string'],
  ['x + "a"', 'string'],
  ['name.upper()', 'string'],
  ['", ".join(xs)', 'string'],
  ['" x ".strip()', 'string'],
  ['label', 'string'],
  ['x', 'unknown'],
  // Unknown operands: `abs` of an array is an array, `max` of strings a string, `sum` of tensors a tensor.
  ['abs(d)', 'unknown'],
  ['sum(xs)', 'unknown'],
  ['max(a, b)', 'unknown'],
  ['np.mean(xs, axis=0)', 'unknown'],
  ['None', 'unknown'],
  ['a + b', 'unknown'],
  ['f(x)', 'unknown'],
  ['shadowed(x)', 'unknown'],
  ['xs[0]', 'unknown'],
  ['1 if c else "a"', 'unknown'],
];

types('table', () => {
  const prelude =
    'import math\nimport numpy as np\nimport mlflow\nn = 3\ntotal = 0\ntotal += n\nflag = n > 2\nlabel = "a" + str(n)\n' +
    'name = "x"\nshadowed = str\nfor epoch in range(3):\n    pass\nfor i, v in enumerate(xs):\n    pass\nfloat = 1\n';
  const lines = TYPE_CASES.map(([expr]) => expr);
  // `float = 1` at the end of the prelude shadows the builtin: test float() before it.
  const program: Program = {
    kind: 'script',
    name: 't.py',
    units: [mkUnit(prelude.replace('float = 1\n', '') + lines.join('\n') + '\n', -1)],
  };
  parseProgram(program);
  const model = buildModel(program);
  const unit = program.units[0]!;
  let offset = unit.text.length - lines.join('\n').length - 1;
  for (const [expr, expected] of TYPE_CASES) {
    const statement = unit.tree!.resolveInner(offset, 1);
    let node: SyntaxNode = statement;
    while (node.parent && node.parent.name !== 'ExpressionStatement') node = node.parent;
    assert.is(model.valueTypeOf(unit, node), expected, expr);
    offset += expr.length + 1;
  }
});

types('a rebound builtin is not the builtin', () => {
  const nb = notebook('import mlflow\nfloat = lambda x: x\ny = float(3)\n');
  const call = find(nb.program, 'CallExpression', 'float(3)');
  assert.is(nb.model.valueTypeOf(nb.program.units[0]!, call.node), 'unknown');
});

types('names bound in earlier cells', () => {
  const nb = notebook('import mlflow\nacc = 0.93\nmsg = f"done {acc}"\n', 'mlflow.log_metric("acc", acc)\nprint(msg)\n');
  const acc = find(nb.program, 'VariableName', 'acc', 2);
  const msg = find(nb.program, 'VariableName', 'msg', 1);
  assert.is(nb.model.valueTypeOf(acc.unit, acc.node), 'number');
  assert.is(nb.model.valueTypeOf(msg.unit, msg.node), 'string');
});

types.run();

const qualified = suite('model: qualifiedNameOf');

qualified('imported names and attributes resolve to their dotted names, whatever the alias', () => {
  const nb = notebook(
    'import mlflow as mf\nfrom mlflow import log_metric as lm\nfrom azureml.widgets import RunDetails',
    'mf.log_metric("a", 1)\nlm("b", 2)\nRunDetails(run).show()\nlocal_fn("c")',
  );
  // nth: `RunDetails(run).show()` is itself a call starting with `RunDetails(run)`; the inner call is the second.
  const name = (prefix: string, nth = 0) => {
    const { unit, node } = find(nb.program, 'CallExpression', prefix, nth);
    return nb.model.qualifiedNameOf!(unit, node.firstChild!);
  };
  assert.is(name('mf.log_metric'), 'mlflow.log_metric');
  assert.is(name('lm('), 'mlflow.log_metric');
  assert.is(name('RunDetails(run)', 1), 'azureml.widgets.RunDetails');
  assert.is(name('local_fn'), null);
});

qualified.run();

const importsOf = suite('model: importOf and json.dumps');

importsOf('an import binding names what it binds; other bindings give null', () => {
  const nb = notebook('import json\nimport matplotlib.pyplot as plt\nfrom os import path\nimport mlflow\nresult = 1');
  const of = (name: string) => nb.model.importOf!(nb.model.bindings.find((b) => b.name === name)!);
  assert.is(of('json'), 'json');
  assert.is(of('plt'), 'matplotlib.pyplot');
  assert.is(of('path'), 'os.path');
  assert.is(of('result'), null);
});

importsOf('json.dumps(...) is a string, also through an alias; a local dumps is not', () => {
  const nb = notebook('import json as j\nimport mlflow\ndef dumps(x): return x\na = j.dumps({})\nb = dumps({})');
  const a = find(nb.program, 'CallExpression', 'j.dumps');
  const b = find(nb.program, 'CallExpression', 'dumps({})');
  assert.is(nb.model.valueTypeOf(a.unit, a.node), 'string');
  assert.is(nb.model.valueTypeOf(b.unit, b.node), 'unknown');
});

importsOf.run();

const origins = suite('model: v1OriginOf');

/** The text of the call v1OriginOf gives for the receiver of the nth `<prefix>` call, or null. */
function originOfReceiver(nb: ReturnType<typeof notebook>, prefix: string, nth = 0): string | null {
  const { unit, node } = find(nb.program, 'CallExpression', prefix, nth);
  const origin = nb.model.v1OriginOf!(unit, node.firstChild!.firstChild!);
  return origin ? origin.unit.text.slice(origin.node.from, origin.node.to) : null;
}

origins('the call that made an experiment, an interactive or a child run, through names, with-as, aliases and params', () => {
  const nb = notebook(
    CORE + 'ws = Workspace.from_config()\nexp = Experiment(ws, "e")\nwith exp.start_logging(display_name="d") as run:\n    run.log("a", 1)\n',
    'alias = run\nalias.log("b", 2)\nchild = run.child_run("c")\nchild.log("c", 3)\ndef train(r):\n    r.log("d", 4)\ntrain(run)\n',
  );
  assert.is(originOfReceiver(nb, 'exp.start_logging'), 'Experiment(ws, "e")');
  assert.is(originOfReceiver(nb, 'run.log'), 'exp.start_logging(display_name="d")');
  assert.is(originOfReceiver(nb, 'alias.log'), 'exp.start_logging(display_name="d")');
  assert.is(originOfReceiver(nb, 'r.log'), 'exp.start_logging(display_name="d")');
  assert.is(originOfReceiver(nb, 'child.log'), 'run.child_run("c")');
  // The origin is extra: v1ValueOf still gives the plain public value.
  assert.equal(nb.model.v1ValueOf(find(nb.program, 'VariableName', 'run', 1).unit, find(nb.program, 'VariableName', 'run', 1).node), {
    kind: 'run',
    runKind: 'interactive',
  });
});

origins('no origin for the job run, remote runs, runs from collections, and non-v1 objects', () => {
  const nb = notebook(
    CORE + 'ctx = Run.get_context()\nctx.log("a", 1)\nremote = Run(exp, "id")\nremote.log("b", 2)\n' +
      'for kid in ctx.get_children():\n    kid.log("c", 3)\nimport logging\nlogger = logging.getLogger()\nlogger.log(1, "x")\n',
  );
  assert.is(originOfReceiver(nb, 'ctx.log'), null);
  assert.is(originOfReceiver(nb, 'remote.log'), null);
  assert.is(originOfReceiver(nb, 'kid.log'), null);
  assert.is(originOfReceiver(nb, 'logger.log'), null);
});

origins.run();
