import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RuleTester } from '../helpers/rule-tester.js';
import rule from '../../rules/mlflow-metric-name.js';
import { mlflowNameProblem, posixNormpath, sanitizeMlflowName } from '../../rules/helpers/metrics/mlflow-name.js';

const CONTEXT = 'from azureml.core import Run\nrun = Run.get_context()\n';
const invalid = (name: string, kind = 'metric', reason = /only contain letters/) => ({
  messageId: 'invalidName',
  message: new RegExp(`${kind} name ${JSON.stringify(name).replace(/[()^.*+?[\]\\|$]/g, '\\$&')}: .*${reason.source}`),
});

// MLflow's own test table (tests/utils/test_validation.py); `:` is accepted since MLflow 2.16 (PR #12943).
const GOOD = ['a', 'Ab-5_', 'a/b/c', 'a.b.c', '.a', 'b.', 'a..a/._./o_O/.e.', 'a b/c d', 'précision', 'ταχύτητα', '精度', 'x²', 'ⅻ', ':', 'val:loss', 'huggingface-textgeneration:eval-loss'];
const BAD = ['', '.', '/', '..', '//', 'a//b', 'a/./b', '/a', 'a/', '\\', './', '/./', '..a', 'a/../b', 'prec@1', 'Accuracy (%)', 'R^2', 'ok ✓', 'e\u0301', 'tab\there', 'x'.repeat(251)];
const OLD_SERVER = { allowColon: false };

test('names: MLflow accepts and rejects what its test suite says', () => {
  for (const name of GOOD) assert.is(mlflowNameProblem(name), null, name);
  for (const name of BAD) assert.ok(mlflowNameProblem(name) !== null, JSON.stringify(name));
  assert.is(mlflowNameProblem('x'.repeat(250)), null);
  assert.is(mlflowNameProblem('é'.repeat(250)), null, 'length counts code points');
});

test('names: before MLflow 2.16 (and on Windows) a colon is refused, and sanitised away', () => {
  for (const name of [':', 'val:loss']) assert.is(mlflowNameProblem(name, OLD_SERVER), 'characters', name);
  for (const name of BAD) assert.ok(mlflowNameProblem(name, OLD_SERVER) !== null, JSON.stringify(name));
  assert.is(mlflowNameProblem('val/loss', OLD_SERVER), null);
  assert.is(sanitizeMlflowName('val:loss@1', OLD_SERVER), 'val_loss_1');
  assert.is(sanitizeMlflowName('val:loss@1'), 'val:loss_1');
});

test('names: the sanitised name is what the rule promises, and MLflow accepts it', () => {
  assert.is(sanitizeMlflowName('prec@1'), 'prec_1');
  // Parentheses are not allowed either: every character of "(%)" goes.
  assert.is(sanitizeMlflowName('Accuracy (%)'), 'Accuracy ___');
  assert.is(sanitizeMlflowName('val:loss'), 'val:loss');
  assert.is(sanitizeMlflowName('R^2'), 'R_2');
  assert.is(sanitizeMlflowName('/train//loss/'), 'train/loss');
  assert.is(sanitizeMlflowName('a/../b'), 'a/__/b');
  for (const name of BAD) assert.is(mlflowNameProblem(sanitizeMlflowName(name)), null, `${JSON.stringify(name)} → ${sanitizeMlflowName(name)}`);
});

test('names: posixNormpath matches Python posixpath.normpath', () => {
  const cases: [string, string][] = [['', '.'], ['a/', 'a'], ['//a', '//a'], ['///a', '/a'], ['a/../..', '..'], ['/..', '/'], ['./a/./b', 'a/b']];
  for (const [input, want] of cases) assert.is(posixNormpath(input), want, input);
});

// The character class mirrors Python's Unicode `\w`: compare with CPython itself when it is installed.
const PYTHON = '/usr/bin/python3';
test('names: the character check agrees with Python re on a table of characters', () => {
  if (!existsSync(PYTHON)) return;
  const chars = ['a', 'Z', '_', '0', '٣', '²', '½', 'Ⅻ', 'é', 'ǅ', 'ʰ', '日', 'ß', '\u0301', '\u200d', '·', '@', '%', ':', '^', '\u00a0', '\t', '✓', '🚀', '𝔘', '-', '.', ' ', '/', '\n'];
  // MLflow ≥ 2.16's validate_param_and_metric_name (non-Windows).
  const script = 'import re,sys,json\nprint(json.dumps([bool(re.match(r"^[/\\w.\\- :]*$", c)) for c in json.loads(sys.stdin.read())]))';
  const python: boolean[] = JSON.parse(execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(chars) }).toString());
  // Alone, '\n' passes Python's `$` (it matches before a final newline); '/' alone fails only the path check.
  const ours = chars.map((c) => mlflowNameProblem(c) !== 'characters');
  assert.equal(ours, python);
});

test.run();

new RuleTester().run('mlflow-metric-name', rule, {
  valid: [
    'import mlflow\nmlflow.log_metric("accuracy", 0.9)\nmlflow.log_metric("val/loss", 1)\nmlflow.log_metric("précision", p)',
    'import mlflow\nmlflow.log_metric(f"prec@{k}", p)', // not a literal: unknown until run time
    'import mlflow\nmlflow.log_metric(name, p)',
    'import mlflow\nmlflow.log_artifact("plots/a@b.png")', // artifact paths are not keys
    'import mlflow\nmlflow.log_text("x", "a:b.txt")',
    // Not MLflow or not v1: other libraries' names are free.
    'import wandb\nwandb.log({"prec@1": 1})',
    'import logging\nlogging.getLogger().log(10, "val:loss")',
    'from tensorboardX import SummaryWriter\nw = SummaryWriter()\nw.add_scalar("R^2", 1)',
    'run.log("prec@1", 0.5)', // no v1 import: not a v1 run
    // A string value is an artifact (string-metric-as-artifact names the file).
    `${CONTEXT}run.log("model:name", "gbm")`,
    // Current MLflow (≥ 2.16) accepts `:` in every key.
    'import mlflow\nmlflow.log_metric("val:loss", l)\nmlflow.log_param("opt:name", "sgd")\nmlflow.set_tags({"team:name": "x"})',
    `${CONTEXT}run.log("val:loss", l)\nrun.log_row("epoch:1", loss=l)`,
  ],

  invalid: [
    {
      name: 'the four real v1 names, in mlflow calls',
      code: 'import mlflow\nmlflow.log_metric("prec@1", p)\nmlflow.log_metric("Accuracy (%)", a)\nmlflow.log_metric(key="val@loss", value=l)\nmlflow.log_metric(\'R^2\', r2)\n',
      errors: [
        { ...invalid('prec@1'), line: 2, column: 19, endColumn: 27, suggestions: [{ messageId: 'rename', output: 'import mlflow\nmlflow.log_metric("prec_1", p)\nmlflow.log_metric("Accuracy (%)", a)\nmlflow.log_metric(key="val@loss", value=l)\nmlflow.log_metric(\'R^2\', r2)\n' }] },
        { ...invalid('Accuracy (%)'), suggestions: [{ output: 'import mlflow\nmlflow.log_metric("prec@1", p)\nmlflow.log_metric("Accuracy ___", a)\nmlflow.log_metric(key="val@loss", value=l)\nmlflow.log_metric(\'R^2\', r2)\n' }] },
        { ...invalid('val@loss'), suggestions: [{ output: 'import mlflow\nmlflow.log_metric("prec@1", p)\nmlflow.log_metric("Accuracy (%)", a)\nmlflow.log_metric(key="val_loss", value=l)\nmlflow.log_metric(\'R^2\', r2)\n' }] },
        { ...invalid('R^2'), suggestions: [{ output: 'import mlflow\nmlflow.log_metric("prec@1", p)\nmlflow.log_metric("Accuracy (%)", a)\nmlflow.log_metric(key="val@loss", value=l)\nmlflow.log_metric(\'R_2\', r2)\n' }] },
      ],
    },
    {
      name: 'dict keys of log_metrics, params and tags; aliases and from-imports',
      code: 'import mlflow as mf\nfrom mlflow import log_param, set_tags as st\nmf.log_metrics({"ok": 1, "f1@k": 2})\nlog_param("lr/", 0.1)\nst({"team@name": "x"})\n',
      errors: [
        { ...invalid('f1@k'), suggestions: [{ output: 'import mlflow as mf\nfrom mlflow import log_param, set_tags as st\nmf.log_metrics({"ok": 1, "f1_k": 2})\nlog_param("lr/", 0.1)\nst({"team@name": "x"})\n' }] },
        { ...invalid('lr/', 'param', /normalized relative paths/), suggestions: [{ output: 'import mlflow as mf\nfrom mlflow import log_param, set_tags as st\nmf.log_metrics({"ok": 1, "f1@k": 2})\nlog_param("lr", 0.1)\nst({"team@name": "x"})\n' }] },
        { ...invalid('team@name', 'tag'), suggestions: [{ output: 'import mlflow as mf\nfrom mlflow import log_param, set_tags as st\nmf.log_metrics({"ok": 1, "f1@k": 2})\nlog_param("lr/", 0.1)\nst({"team_name": "x"})\n' }] },
      ],
    },
    {
      name: 'v1 calls: run.log, log_list, log_row, tag, set_tags',
      code: `${CONTEXT}run.log("prec@1", p)\nrun.log_list("R^2", vals)\nrun.log_row("val//loss", epoch=1, value=v)\nrun.tag("a//b", "x")\nrun.set_tags({"k=v": 1})\n`,
      errors: [invalid('prec@1'), invalid('R^2'), invalid('val//loss', 'metric', /normalized/), invalid('a//b', 'tag', /normalized/), invalid('k=v', 'tag')],
    },
    {
      name: 'notebook: a v1 run from an earlier cell; the suggestion keeps the literal\'s quotes',
      cells: [CONTEXT, "run.log('ok ✓', 1)"],
      errors: [{ ...invalid('ok ✓'), cell: 2, cellLine: 1, cellColumn: 9, suggestions: [{ output: [CONTEXT, "run.log('ok _', 1)"] }] }],
    },
    {
      name: 'allowColon: false (servers older than MLflow 2.16, Windows): a colon is reported and sanitised',
      code: `import mlflow\nmlflow.log_metric("val:loss", l)\n${CONTEXT}run.log("opt:lr@1", lr)\n`,
      options: [{ allowColon: false }],
      errors: [
        {
          ...invalid('val:loss', 'metric', /spaces and slashes/),
          suggestions: [{ output: `import mlflow\nmlflow.log_metric("val_loss", l)\n${CONTEXT}run.log("opt:lr@1", lr)\n` }],
        },
        {
          ...invalid('opt:lr@1'),
          suggestions: [{ output: `import mlflow\nmlflow.log_metric("val:loss", l)\n${CONTEXT}run.log("opt_lr_1", lr)\n` }],
        },
      ],
    },
    {
      name: 'by default the reason names colons among the allowed characters, and the suggestion keeps them',
      code: 'import mlflow\nmlflow.log_metric("val:loss@1", l)',
      errors: [{ ...invalid('val:loss@1', 'metric', /spaces, colons \(:\) and slashes/), suggestions: [{ output: 'import mlflow\nmlflow.log_metric("val:loss_1", l)' }] }],
    },
    {
      name: 'too long',
      code: `import mlflow\nmlflow.set_tag("${'t'.repeat(251)}", 1)`,
      errors: [{ messageId: 'invalidName', message: /at most 250 characters/ }],
    },
  ],
});
