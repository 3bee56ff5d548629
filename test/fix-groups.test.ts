// Fix groups (LintMessage.fixGroup): a group's fixes apply together in one pass or not at all. First the
// fixer's mechanics with toy messages and toy rules, then the migration group of a v1 run with every
// built-in rule enabled (the recommended configuration), where one rule's unfixable use of the run must
// keep another rule's start_logging() → mlflow.start_run() (and the other uses) unfixed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { loadAs } from './helpers/load-text.js';
import { applyFixesOnce } from '../lib/fix/apply.js';
import { fixFile } from '../lib/fix/fixer.js';
import { lintFile } from '../lib/engine/linter.js';
import plugin from '../rules/index.js';
import type { LintMessage, LoadedFile, ResolvedConfig, Rule } from '../lib/types.js';
import { notebookJson, type TestCell } from './helpers/rule-tester.js';


const script = (code: string) => loadAs(code, 'test.py');
const notebook = (cells: TestCell[]) => loadAs(notebookJson(cells), 'test.ipynb');
const cellSources = (text: string): string[] => (JSON.parse(text) as { cells: { source: string[] }[] }).cells.map((c) => c.source.join(''));

function message(fixGroup: string | undefined, edit?: [number, number, string]): LintMessage {
  const m: LintMessage = { ruleId: 'r', severity: 2, message: 'm', line: 1, column: 1 };
  if (fixGroup !== undefined) m.fixGroup = fixGroup;
  if (edit) m.fix = { edits: [{ cellIndex: -1, start: edit[0], end: edit[1], text: edit[2] }] };
  return m;
}

// ───────────── applyFixesOnce ─────────────

test('applyFixesOnce: a group member without a fix keeps the whole group unfixed; other fixes apply', () => {
  const file = script('abcdefghij');
  const a1 = message('a', [0, 1, 'A']);
  const a2 = message('a'); // report only
  const b1 = message('b', [2, 3, 'C']);
  const b2 = message('b', [4, 5, 'E']);
  const free = message(undefined, [8, 9, 'I']);
  const pass = applyFixesOnce(file, [a1, a2, b1, b2, free]);
  assert.is(pass.sources.get(-1), 'abCdEfghIj');
  assert.equal(pass.appliedMessages, [b1, b2, free]);
  assert.equal(pass.remainingMessages, [a1, a2]);
});

test('applyFixesOnce: groups blocked by the caller are left out', () => {
  const file = script('abcdefghij');
  const a = message('a', [0, 1, 'A']);
  const b = message('b', [2, 3, 'C']);
  assert.equal(applyFixesOnce(file, [a, b], new Set(['a'])).appliedMessages, [b]);
});

test('applyFixesOnce: a member that loses an overlap withdraws its group, freeing the ranges it held', () => {
  const file = script('abcdefghij');
  const g1 = message('g', [0, 2, 'X']); // taken first, then withdrawn with its group
  const other = message(undefined, [1, 3, 'Y']); // overlaps g1: applies once g is withdrawn
  const before = message(undefined, [5, 6, 'F']);
  const g2 = message('g', [5, 7, 'Z']); // overlaps `before`, which comes first
  const pass = applyFixesOnce(file, [g1, g2, other, before]);
  assert.is(pass.sources.get(-1), 'aYdeFghij');
  assert.equal(pass.appliedMessages, [other, before]);
  assert.equal(pass.remainingMessages, [g1, g2]);
});

test('applyFixesOnce: identical edits are still shared inside a group', () => {
  const file = script('abcdefghij');
  const shared: [number, number, string] = [0, 0, 'import mlflow\n'];
  const g1 = { ...message('g', shared), fix: { edits: [{ cellIndex: -1, start: 0, end: 0, text: shared[2] }, { cellIndex: -1, start: 2, end: 3, text: 'C' }] } };
  const g2 = { ...message('g', shared), fix: { edits: [{ cellIndex: -1, start: 0, end: 0, text: shared[2] }, { cellIndex: -1, start: 5, end: 6, text: 'F' }] } };
  const pass = applyFixesOnce(file, [g1, g2]);
  assert.is(pass.sources.get(-1), 'import mlflow\nabCdeFghij');
  assert.equal(pass.appliedMessages, [g1, g2]);
});

// ───────────── fixFile with toy rules ─────────────

/** Renames `a_<n>` to `b_<n>`, every such name in one group; the rule's type is given. */
function groupedRename(type: Rule['meta']['type'], prefix: string): Rule {
  return {
    meta: { type, fixable: 'code', docs: { description: 'rename', recommended: false }, messages: { m: 'rename' } },
    create: (context) => ({
      VariableName(node) {
        const name = context.getText(node);
        if (!name.startsWith(prefix)) return;
        context.report({ node, messageId: 'm', group: 'names', fix: (fixer) => fixer.replaceText(node, name.replace(prefix, 'b_')) });
      },
    }),
  };
}

function toyConfig(rules: Record<string, Rule>): ResolvedConfig {
  const entries = Object.keys(rules).map((id) => [id, { severity: 2 as const, options: [] }]);
  return { rules: Object.fromEntries(entries), settings: {}, ruleDefinitions: rules };
}

test('fixFile: a member suppressed by a directive or a nblint-skip cell blocks its group', () => {
  const config = toyConfig({ rename: groupedRename('problem', 'a_') });
  assert.is(fixFile(script('a_1 = 1\na_2 = 2\n'), config).output, 'b_1 = 1\nb_2 = 2\n');
  const directive = script('a_1 = 1\na_2 = 2  # nblint-disable-line rename\n');
  assert.not.ok(fixFile(directive, config).changed);
  const skipped = notebook(['a_1 = 1', { source: 'a_2 = 2', tags: ['nblint-skip'] }]);
  assert.not.ok(fixFile(skipped, config).changed);
});

test('fixFile: --fix-type blocks a group whose members of other types are filtered out', () => {
  const config = toyConfig({ problems: groupedRename('problem', 'a_'), layout: groupedRename('layout', 'c_') });
  const file = script('a_1 = 1\nc_2 = 2\n');
  assert.not.ok(fixFile(file, config, { fixTypes: ['problem'] }).changed);
  assert.is(fixFile(file, config).output, 'b_1 = 1\nb_2 = 2\n');
});

test('fixFile: a member in a cell the fixes would break blocks its group', () => {
  // Renaming `a_1` inside the f-string-free call is fine; `a_x` gets a fix that breaks its cell.
  const breaking: Rule = {
    meta: { type: 'problem', fixable: 'code', docs: { description: 'break', recommended: false }, messages: { m: 'm' } },
    create: (context) => ({
      VariableName(node) {
        if (context.getText(node) === 'a_x') context.report({ node, messageId: 'm', group: 'names', fix: (fixer) => fixer.replaceText(node, '(') });
      },
    }),
  };
  const config = toyConfig({ rename: groupedRename('problem', 'a_1'), breaking });
  const result = fixFile(notebook(['a_1 = 1', 'a_x = 2']), config);
  assert.not.ok(result.changed);
  assert.ok(result.reverted?.some((note) => note.includes('cell 2')));
});

// ───────────── blocked groups at lint time ─────────────

/** Reports `a_<n>` names in one group: fixed, except `a_0`, which is reported without a fix. */
const partlyFixable: Rule = {
  meta: { type: 'problem', fixable: 'code', docs: { description: 'rename', recommended: false }, messages: { m: 'rename' } },
  create: (context) => ({
    VariableName(node) {
      const name = context.getText(node);
      if (!name.startsWith('a_')) return;
      context.report({ node, messageId: 'm', group: 'names', fix: name === 'a_0' ? undefined : (fixer) => fixer.replaceText(node, 'b_') });
    },
  }),
};

test('lintFile: a group with a member the fixer will not fix carries no fix at all (what --fix does)', () => {
  const config = toyConfig({ rename: partlyFixable });
  const fixes = (code: string) => {
    const { messages, suppressedMessages } = lintFile(script(code), config);
    return [...messages, ...suppressedMessages].map((m) => m.fix !== undefined);
  };
  assert.equal(fixes('a_1 = 1\na_2 = 2\n'), [true, true]);
  assert.equal(fixes('a_1 = 1\na_2 = 2\na_0 = 0\n'), [false, false, false]); // a member without a fix
  assert.equal(fixes('a_1 = 1\na_2 = 2  # nblint-disable-line rename\n'), [false, false]); // a suppressed member
  const skipped = lintFile(notebook(['a_1 = 1', { source: 'a_2 = 2', tags: ['nblint-skip'] }]), config);
  assert.not.ok(skipped.messages[0].fix);
});

// ───────────── the run migration group, every built-in rule on ─────────────

const recommended: ResolvedConfig = {
  rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [id, { severity: 2, options: [] }])),
  settings: {},
  ruleDefinitions: plugin.rules,
};

const fixScript = (code: string) => fixFile(script(code), recommended);

const HEAD = 'import mlflow\nfrom azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "e")\n';

test('run group: every use fixable → experiment, start and uses fixed together, in a with block too', () => {
  const result = fixScript(
    HEAD + 'with exp.start_logging() as run:\n    run.log("a", 1)\n    run.tag("k", "v")\n    with run.child_run("c") as child:\n        child.log("b", 2)\n',
  );
  assert.is(
    result.output,
    'import mlflow\nfrom azureml.core import Workspace\nws = Workspace.from_config()\nexp = mlflow.set_experiment("e")\n' +
      'with mlflow.start_run() as run:\n    mlflow.log_metric("a", 1)\n    mlflow.set_tag("k", "v")\n' +
      '    with mlflow.start_run(run_name="c", nested=True) as child:\n        mlflow.log_metric("b", 2)\n',
  );
});

test('run group: kept v1 by exp.get_runs(), its members carry no fix at lint time either (nothing "fixable")', () => {
  const code = 'from azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "x")\n' +
    'run = exp.start_logging()\nrun.log("a", 1)\nrun.complete()\nexp.get_runs()\n';
  const { messages } = lintFile(script(code), recommended);
  const run = messages.filter((m) => ['no-v1-experiment', 'no-run-log', 'no-run-lifecycle'].includes(m.ruleId ?? ''));
  assert.is(run.length, 4);
  assert.equal(run.filter((m) => m.fix), []);
  assert.not.ok(fixScript(code).changed);
});

test('run group: every member whose fix is withheld names the blocking call (cell:line) and says why', () => {
  const cells = [
    '%pip install mlflow azureml-mlflow\nfrom azureml.core import Experiment, Workspace\nws = Workspace.from_config()\nexp = Experiment(ws, "x")\n',
    'run = exp.start_logging()\nrun.log("a", 1)\n',
    'run.upload_file("renamed.txt", "a.txt")\n',
  ];
  const { messages } = lintFile(notebook(cells), recommended);
  const blocker = messages.find((m) => m.ruleId === 'no-run-upload')!;
  const log = messages.find((m) => m.ruleId === 'no-run-log')!;
  assert.is(log.fix, undefined);
  assert.match(log.message, /Not fixed automatically: .*cell 3:1 \(no-run-upload\).*the artifact/);
  const start = messages.find((m) => m.ruleId === 'no-v1-experiment' && m.cell === 2)!;
  assert.match(start.message, /cell 3:1 \(no-run-upload\)/);
  // The blocker's own message keeps its own reason, said once.
  assert.is(blocker.message.split('Not fixed automatically').length, 2);
});

const UNFIXABLE_USES = [
  'run.upload_file("renamed.txt", "a.txt")', // the artifact would be renamed: a suggestion
  'run.fail(error_details="boom")', // end_run() takes no details: a suggestion
  'run.log("b", 2  # two\n)', // a comment inside the call: a suggestion
  'run.complete(*args)', // starred arguments: report only
];

for (const use of UNFIXABLE_USES) {
  test(`run group: \`${use.split('\n')[0]}\` is not fixed, so neither is start_logging() nor any other use`, () => {
    const code = HEAD + `run = exp.start_logging()\nrun.log("a", 1)\n${use}\n`;
    const result = fixScript(code);
    // Only the changes outside the group remain (the mlflow import is there already; the v1 imports stay used).
    assert.is(result.output, code);
    const left = result.messages.map((m) => m.ruleId);
    assert.ok(left.includes('no-v1-experiment') && left.includes('no-run-log'), left.join(', '));
  });
}

// Every way a use of a started run ends up unfixed (only suggested, or only reported). Each must say why in its own
// message, and every other member of its group must name it (cell:line, rule) and repeat that reason: issue 7 item 8.
const BLOCKING_USES = [
  'run.log("a", 1  # one\n)',
  'run.log("a", loaded)',
  'run.log("s", "text"  # c\n)',
  'run.log_list("l", [1, 2]  # c\n)',
  'run.log_list("l", loaded)',
  'run.log_row("r", a=1  # c\n)',
  'run.log_table("t", {"a": [1]}  # c\n)',
  'run.log_image("i", path="a.png"  # c\n)',
  'run.log_image("i", plot=unbound_plot)',
  'run.log_confusion_matrix("cm", {"a": 1}  # c\n)',
  'run.upload_file("a.txt", "a.txt"  # c\n)',
  'run.upload_folder("d", "./d"  # c\n)',
  'run.upload_files(["a.txt"], ["a.txt"])',
  'run.tag("k", "v"  # c\n)',
  'run.add_properties({"k": "v"}  # c\n)',
  'run.complete(  # c\n)',
  'run.fail(error_details="boom")',
  'run.complete(*args)',
  'run.log("x", 1, *more)',
  'with run.child_run("c") as child:\n    run.log("p", 1)',
  'run.get_file_names()',
  'keep(run)',
];

for (const use of BLOCKING_USES) {
  test(`run group: \`${use.split('\n')[0]}\` blocks the group, says why, and every other member names it and where`, () => {
    const cells = [
      '%pip install mlflow azureml-mlflow\nfrom azureml.core import Experiment, Workspace\nimport pickle\nws = Workspace.from_config()\nexp = Experiment(ws, "x")\nloaded = pickle.load(open("v.pkl", "rb"))\ncanvas = loaded',
      'run = exp.start_logging()\nrun.log("a", 1)\n',
      `${use}\n`,
      'run.complete()',
    ];
    const { messages } = lintFile(notebook(cells), recommended);
    const start = messages.find((m) => m.ruleId === 'no-v1-experiment' && m.cell === 2);
    assert.ok(start, 'start_logging() reported');
    assert.is(start!.fix, undefined, 'the group is blocked');
    const unfixed = messages.filter((m) => (m.fixGroup !== undefined && m.fixGroup === start!.fixGroup) || m.cell !== 1);
    for (const m of unfixed) {
      if (m.ruleId === 'no-v1-run-query') continue; // not a group member: a read with a suggestion
      assert.is(m.fix, undefined, `${m.ruleId} at cell ${m.cell}:${m.cellLine} is fixed while its group is blocked`);
      assert.match(m.message, /Not fixed automatically: \S/, `${m.ruleId} at cell ${m.cell}:${m.cellLine} gives no reason: ${m.message}`);
      assert.not.match(m.message, /is not fixed: it is only suggested\.?$|is not fixed: it has no automatic fix/, `a reason that says nothing: ${m.message}`);
    }
    // Members outside the blocking cell name the blocking call and where it is.
    const log = messages.find((m) => m.ruleId === 'no-run-log' && m.cell === 2)!;
    assert.match(log.message, /Not fixed automatically: .*(`[^`]+` at cell 3:\d|\(cell 3, line \d\))/);
  });
}

test('run group: a use in a with block that cannot be fixed keeps the block v1', () => {
  const code = HEAD + 'with exp.start_logging() as run:\n    run.log("a", 1)\n    run.upload_file("renamed.txt", "a.txt")\n';
  assert.is(fixScript(code).output, code);
});

test('run group: an experiment also used for submit keeps run.log on its interactive run unfixed', () => {
  const code = HEAD + 'run = exp.start_logging()\nrun.log("a", 1)\nrun.complete()\nexp.submit(config)\n';
  const result = fixScript(code);
  assert.is(result.output, code);
  assert.ok(result.messages.some((m) => m.ruleId === 'no-run-log'));
});

test('run group: a child run migrates with its parent; a v1 child of the job run keeps its uses', () => {
  const child = HEAD + 'run = exp.start_logging()\nchild = run.child_run()\nchild.log("b", 2)\n';
  assert.is(fixScript(child).output, child); // child_run() outside a with block cannot be fixed: nothing is
  const job = 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)\n' +
    'with run.child_run("c") as child:\n    child.log("b", 2)\n';
  // The job's own run needs no start: its uses migrate one by one; the child of a job run cannot, nor its uses.
  assert.is(fixScript(job).output, 'import mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nmlflow.log_metric("a", 1)\n' +
    'with run.child_run("c") as child:\n    child.log("b", 2)\n');
});

test('run group: cells of a notebook share the group; a suppressed use in another cell blocks it', () => {
  const cells = [HEAD, 'run = exp.start_logging()', 'run.log("a", 1)', 'run.complete()'];
  const fixed = fixFile(notebook(cells), recommended);
  assert.equal(cellSources(fixed.output).slice(-3), ['run = mlflow.start_run()', 'mlflow.log_metric("a", 1)', 'mlflow.end_run()']);
  const skipped = fixFile(notebook([...cells.slice(0, 3), { source: 'run.complete()', tags: ['nblint-skip'] }]), recommended);
  assert.equal(cellSources(skipped.output).slice(-3), ['run = exp.start_logging()', 'run.log("a", 1)', 'run.complete()']);
});

test.run();
