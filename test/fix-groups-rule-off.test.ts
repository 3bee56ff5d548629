// A v1 run migrates whole (fix-groups.test.ts) only if every use of it is fixed in the same pass. A use whose rule
// is off (in the configuration, by --rule, in an ESLint config), or disabled on its line by a directive, is never
// fixed: the rest of its run must then stay v1 too, or `start_logging()` becomes MLflow's ActiveRun and the v1
// call left on it raises AttributeError. Each withheld member says which use blocks it, where, and that its rule
// is off or disabled.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAs } from './helpers/load-text.js';
import { fixFile } from '../lib/fix/fixer.js';
import { lintFile } from '../lib/engine/linter.js';
import plugin from '../rules/index.js';
import type { LintMessage, LoadedFile, ResolvedConfig } from '../lib/types.js';
import { notebookJson, type TestCell } from './helpers/rule-tester.js';
import { BIN, ROOT } from './helpers/paths.js';

const script = (code: string) => loadAs(code, 'test.py');
const notebook = (cells: TestCell[]) => loadAs(notebookJson(cells), 'test.ipynb');

/** Every built-in rule on, except `off`. */
function configWithout(...off: string[]): ResolvedConfig {
  const severity = (id: string) => (off.includes(id) ? 0 : 2);
  return {
    rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, { severity: severity(id), options: [] }])),
    settings: {},
    ruleDefinitions: plugin.rules,
  };
}

const HEAD = 'import mlflow\nfrom azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "e")\n';
/** A notebook's first cell: installs the MLflow packages, so that the dependency rule adds no cell. */
const NB_HEAD = `%pip install mlflow azureml-mlflow\n${HEAD}`;

// One use per rule that reports uses of a started run; each is fixed when every rule is on.
const USES: [rule: string, use: string][] = [
  ['no-run-log', 'run.log("a", 1)'],
  ['no-run-tag', 'run.tag("k", "v")'],
  ['no-run-log-list', 'run.log_list("l", [1, 2])'],
  ['no-run-log-table', 'run.log_row("r", a=1)'],
  ['no-run-upload', 'run.upload_file("a.txt", "a.txt")'],
  ['string-metric-as-artifact', 'run.log("stage", "training")'],
  ['no-run-lifecycle', 'run.complete()'],
];

/** A call of a v1 Run method on `run` (what raises AttributeError once `run` is MLflow's ActiveRun). */
const V1_RUN_CALL = /\brun\.(log\w*|tag|upload_\w+|complete|fail)\(/;

for (const [rule, use] of USES) {
  test(`${rule} off: \`${use}\` stays v1, so start_logging() and every other use of its run stay v1 and say why`, () => {
    const code = `${HEAD}run = exp.start_logging()\nrun.log("loss", 0.5)\n${use}\nrun.complete()\n`;
    const useLine = 7;
    const allOn = fixFile(script(code), configWithout());
    assert.ok(allOn.changed, 'with every rule on, the run migrates');
    assert.not.match(allOn.output, V1_RUN_CALL);
    assert.match(allOn.output, /mlflow\.start_run\(\)/);

    const off = configWithout(rule);
    const fixed = fixFile(script(code), off);
    assert.is(fixed.output, code, 'no member of the group is fixed');
    const { messages } = lintFile(script(code), off);
    const start = messages.find((m) => m.ruleId === 'no-v1-experiment' && m.line === 5);
    assert.ok(start, 'start_logging() is reported');
    assert.is(start!.fix, undefined);
    // The first use the rule would report blocks (for no-run-log, the run.log() before `use`).
    const first = rule === 'no-run-log' ? ['run.log("loss", 0.5)', useLine - 1] : [use, useLine];
    const blocker = `\`${first[0]}\` at line ${first[1]} (${rule}) is not fixed: rule ${rule} is off`;
    for (const m of messages.filter((m) => m.fixGroup !== undefined && m.fixGroup === start!.fixGroup)) {
      assert.is(m.fix, undefined, `${m.ruleId} at line ${m.line} keeps its fix`);
      assert.ok(m.message.includes(blocker), `${m.ruleId} at line ${m.line} does not name the blocking use: ${m.message}`);
    }
    // No problem of the rule that is off is reported.
    assert.not.ok(messages.some((m) => m.ruleId === rule));
  });
}

test('no-v1-experiment off: the uses of a run it would start are not migrated on their own', () => {
  const code = `${HEAD}run = exp.start_logging()\nrun.log("a", 1)\nrun.complete()\n`;
  const fixed = fixFile(script(code), configWithout('no-v1-experiment'));
  assert.is(fixed.output, code);
  const log = fixed.messages.find((m) => m.ruleId === 'no-run-log')!;
  assert.match(log.message, /`(exp\.start_logging\(\)|Experiment\(ws, "e"\))` at line \d \(no-v1-experiment\) is not fixed: rule no-v1-experiment is off/);
});

test('a rule off in a notebook: the blocking use is named by cell and line', () => {
  const cells = [NB_HEAD, 'run = exp.start_logging()\nrun.tag("k", "v")', 'print("epoch")\nrun.log("a", 1)', 'run.complete()'];
  const config = configWithout('no-run-log');
  const fixed = fixFile(notebook(cells), config);
  assert.not.ok(fixed.changed);
  const tag = fixed.messages.find((m) => m.ruleId === 'no-run-tag')!;
  assert.ok(tag.message.includes('`run.log("a", 1)` at cell 3:2 (no-run-log) is not fixed: rule no-run-log is off'), tag.message);
});

test('a rule off for the group does not hold back a run whose uses it does not report', () => {
  // The job's own run migrates use by use: its run.tag() is fixed although no-run-log is off.
  const code = 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)\nrun.tag("k", "v")\n';
  const fixed = fixFile(script(code), configWithout('no-run-log'));
  assert.is(fixed.output, 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)\nmlflow.set_tag("k", "v")\n');
});

test('a directive disabling the rule on one use: every other member names it and says it is disabled there', () => {
  const cells = [NB_HEAD, 'run = exp.start_logging()\nrun.tag("k", "v")', 'run.log("a", 1)  # nblint-disable-line no-run-log', 'run.complete()'];
  const fixed = fixFile(notebook(cells), configWithout());
  assert.not.ok(fixed.changed);
  const tag = fixed.messages.find((m) => m.ruleId === 'no-run-tag')!;
  assert.match(tag.message, /`run\.log\("a", 1\)` at cell 3:1 \(no-run-log\) is not fixed: rule no-run-log is disabled there by a `# nblint-disable-line` directive/);
  const noqa = fixFile(notebook([...cells.slice(0, 2), 'run.log("a", 1)  # noqa: no-run-log', cells[3]]), configWithout());
  assert.not.ok(noqa.changed);
  assert.match(noqa.messages.find((m) => m.ruleId === 'no-run-tag')!.message, /rule no-run-log is disabled there by a `# noqa` directive/);
  const skip = fixFile(notebook([...cells.slice(0, 2), { source: 'run.log("a", 1)', tags: ['nblint-skip'] }, cells[3]]), configWithout());
  assert.not.ok(skip.changed);
  assert.match(skip.messages.find((m) => m.ruleId === 'no-run-tag')!.message, /\(no-run-log\) is not fixed: its cell is tagged nblint-skip/);
});

test('every rule whose problems join a migration group declares it (meta.migratesRuns): the engine runs it when off', () => {
  const code = `${HEAD}run = exp.start_logging()\n${USES.map(([, use]) => use).join('\n')}\nrun.log_image("i", path="a.png")\nrun.log_table("t", {"a": [1]})\n` +
    'run.child_run("c")\nrun.add_properties({"k": "v"})\nrun.get_file_names()\nprint(run.id)\n';
  const grouped = new Set(lintFile(script(code), configWithout()).messages.filter((m: LintMessage) => m.fixGroup !== undefined).map((m) => m.ruleId!));
  assert.ok(grouped.size >= USES.length, [...grouped].join(', '));
  for (const id of grouped) assert.ok(plugin.rules[id].meta.migratesRuns === true, `${id} reports in migration groups but lacks meta.migratesRuns`);
});

test('--fix-type: the rules that migrate runs share one type, so a run is fixed whole or not at all', () => {
  const types = new Set(Object.values(plugin.rules).filter((rule) => rule.meta.migratesRuns).map((rule) => rule.meta.type));
  assert.equal([...types], ['problem']);
  const code = `${HEAD}run = exp.start_logging()\nrun.log("a", 1)\nrun.complete()\n`;
  assert.is(fixFile(script(code), configWithout(), { fixTypes: ['suggestion', 'layout'] }).output, code);
  assert.match(fixFile(script(code), configWithout(), { fixTypes: ['problem'] }).output, /mlflow\.start_run\(\)\nmlflow\.log_metric\("a", 1\)\nmlflow\.end_run\(\)/);
});

// Through the CLI: `--rule 'no-run-log: off'` as in a configuration file.
test('--rule off and a configuration file with the rule off: --fix leaves the run v1, and the messages say why', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nblint-rule-off-'));
  const code = `${HEAD}run = exp.start_logging()\nrun.log("a", 1)\nrun.tag("k", "v")\nrun.complete()\n`;
  try {
    writeFileSync(path.join(folder, 'train.py'), code);
    writeFileSync(path.join(folder, 'off.json'), JSON.stringify({ extends: 'nblint-mlflow:recommended', rules: { 'no-run-log': 'off' } }));
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, '-f', 'json', '--fix-dry-run', ...args], { cwd: folder, encoding: 'utf8' });
    const on = JSON.parse(cli(['train.py']).stdout)[0];
    assert.ok('output' in on, 'every rule on: the run migrates');
    for (const args of [['--rule', 'no-run-log: off', 'train.py'], ['--no-config-lookup', '-c', 'off.json', 'train.py']]) {
      const res = cli(args);
      const [result] = JSON.parse(res.stdout);
      assert.not.ok('output' in result, `${args.join(' ')}: nothing is fixed (${res.stderr})`);
      const tag = result.messages.find((m: LintMessage) => m.ruleId === 'no-run-tag');
      assert.match(tag.message, /`run\.log\("a", 1\)` at line 6 \(no-run-log\) is not fixed: rule no-run-log is off/);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

// Execution proof: with a rule off, the fixed script still runs against the strict stand-ins (an ActiveRun has no
// v1 methods), as the original does.
const PYTHON = process.env.NBLINT_PROOF_PYTHON ?? '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import sys'], { stdio: 'ignore' }).status === 0;
test('execution proof: each rule off in turn, the fixed script runs as the original does', () => {
  if (!hasPython) return;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'nblint-rule-off-proof-'));
  try {
    const body = `${HEAD}run = exp.start_logging()\nrun.log("loss", 0.5)\nrun.tag("k", "v")\nrun.log_list("l", [1, 2])\nrun.complete()\n`;
    writeFileSync(path.join(folder, 'original.py'), body);
    const runScript = (name: string) => {
      const out = spawnSync(PYTHON, [path.join(ROOT, 'test', 'proof', 'run_script.py'), path.join(folder, name), path.join(folder, `${name}.jsonl`), folder], { encoding: 'utf8' });
      return JSON.parse(out.stdout) as { ok: boolean; error?: string };
    };
    assert.equal(runScript('original.py'), { ok: true });
    for (const rule of ['no-run-log', 'no-run-tag', 'no-run-log-list', 'no-run-lifecycle', 'no-v1-experiment']) {
      const fixed = fixFile(script(body), configWithout(rule));
      assert.not.match(fixed.output.includes('mlflow.start_run(') ? fixed.output : '', V1_RUN_CALL, `${rule} off: a v1 call is left on an MLflow run`);
      writeFileSync(path.join(folder, 'fixed.py'), fixed.output);
      assert.equal(runScript('fixed.py'), { ok: true }, `${rule} off`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test.run();
