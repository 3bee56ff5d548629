// --diff (what --fix would change, per cell, nothing written) and the one-line summary after --fix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPatch, parsePatch } from 'diff';
import { CliProject, jobProjectFiles, notebookText, type CliRun } from './helpers/cli-project.js';

const SCRIPT = 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("loss", 0.5)\nrun.log("note", "é")\n';
const REQUIREMENTS = 'mlflow\nazureml-mlflow\n';

test('--diff on a script: a normal unified diff, exit 1, the file untouched, the count on stderr', () => {
  const project = new CliProject({ 'requirements.txt': REQUIREMENTS, 't.py': SCRIPT });
  const { code, stdout, stderr } = project.run(['--diff', 't.py']);
  assert.is(code, 1, stderr);
  assert.is(
    stdout,
    [
      '--- t.py',
      '+++ t.py',
      '@@ -1,4 +1,3 @@',
      '-from azureml.core import Run',
      '-run = Run.get_context()',
      '-run.log("loss", 0.5)',
      '-run.log("note", "é")',
      '+import mlflow',
      '+mlflow.log_metric("loss", 0.5)',
      '+mlflow.log_text("é", "note.txt")',
      // The diff ends with a newline (patch needs it), and stdout adds one after the report.
      '',
      '',
    ].join('\n'),
  );
  // Two rewrites, then the run context and the import they leave unused: four fixes, as --fix applies them.
  assert.is(stderr, 'would fix 4 problems in 1 file, 0 left\n');
  assert.is(project.read('t.py'), SCRIPT);
});

test('--diff on a notebook: one diff per changed cell headed with its number and id; an inserted cell against /dev/null', () => {
  // No install line and no requirements file: the dependency fix inserts a %pip cell before the first v1 cell.
  const nb = notebookText(
    [
      { cellType: 'markdown', source: '# Entraînement' },
      'from azureml.core import Run\nrun = Run.get_context()',
      'x = 1',
      'run.log("précision", 0.9)',
    ],
    { indent: 1, sourceAs: 'list' },
  );
  const project = new CliProject({ 'nb.ipynb': nb });
  const { code, stdout, stderr } = project.run(['--diff', 'nb.ipynb']);
  assert.is(code, 1, stderr);
  assert.is(
    stdout,
    [
      '--- /dev/null',
      '+++ nb.ipynb:cell 2 (id ' + insertedId(project) + ') (inserted)',
      '@@ -0,0 +1 @@',
      '+%pip install mlflow azureml-mlflow',
      '--- nb.ipynb:cell 2 (id c2)',
      '+++ nb.ipynb:cell 3 (id c2)',
      '@@ -1,2 +1 @@',
      '-from azureml.core import Run',
      '-run = Run.get_context()',
      '+import mlflow',
      '--- nb.ipynb:cell 4 (id c4)',
      '+++ nb.ipynb:cell 5 (id c4)',
      '@@ -1 +1 @@',
      '-run.log("précision", 0.9)',
      '+mlflow.log_metric("précision", 0.9)',
      '',
      '',
    ].join('\n'),
  );
  assert.match(stderr, /^would fix \d+ problems in 1 file, 0 left\n$/);
  assert.is(project.read('nb.ipynb'), nb, 'nothing written');
});

/** The id the writer gives the inserted cell, read from what --fix-dry-run produces. */
function insertedId(project: CliProject): string {
  const [result] = JSON.parse(project.run(['--fix-dry-run', '-f', 'json', 'nb.ipynb']).stdout);
  return JSON.parse(result.output).cells[1].id;
}

test('--diff applied to each cell (or the script) gives what --fix writes: 2-space, string sources, CRLF-free, no final newline', () => {
  const nb = notebookText(
    ['import os\nfrom azureml.core import Run, Workspace\nws = Workspace.from_config()\nrun = Run.get_context()', 'for i in range(3):\n    run.log("loss", i / 3)\nrun.log_list("xs", [1, 2])', '%%time\nrun.log("ok", True)'],
    { indent: 2, sourceAs: 'string', trailingNewline: false },
  );
  const project = new CliProject({ 'requirements.txt': REQUIREMENTS, 'nb.ipynb': nb, 'train.py': SCRIPT });
  const { code, stdout } = project.run(['--diff', '.']);
  assert.is(code, 1);
  const before = { nb: cellSources(nb), script: SCRIPT };
  const fix = project.run(['--fix', '.']);
  assert.is(fix.code, 0, fix.stderr);
  const after = { nb: cellSources(project.read('nb.ipynb')), script: project.read('train.py') };

  const patches = parsePatch(stdout);
  assert.ok(patches.length >= 3, stdout);
  const patchedCells = [...before.nb];
  for (const patch of patches) {
    const name = patch.newFileName ?? '';
    if (name === 'train.py') {
      assert.is(applyPatch(before.script, patch), after.script);
      continue;
    }
    const oldNumber = Number(/^nb\.ipynb:cell (\d+)/.exec(patch.oldFileName ?? '')?.[1]);
    const newNumber = Number(/^nb\.ipynb:cell (\d+)/.exec(name)?.[1]);
    assert.ok(oldNumber > 0 && newNumber > 0, `unexpected headers ${patch.oldFileName} / ${name}`);
    // Cells are diffed with one final newline each (Jupyter's last line has none).
    const patched = applyPatch(`${before.nb[oldNumber - 1]}\n`, patch);
    assert.type(patched, 'string', `patch for ${name} does not apply`);
    assert.is((patched as string).replace(/\n$/, ''), after.nb[newNumber - 1]);
    patchedCells[oldNumber - 1] = after.nb[newNumber - 1];
  }
  assert.equal(patchedCells, after.nb, 'every changed cell has its diff');
});

const cellSources = (text: string): string[] =>
  (JSON.parse(text).cells as { source: string | string[] }[]).map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));

test('--diff with nothing to change: exit 0, no output', () => {
  const project = new CliProject({ 'clean.py': 'import mlflow\nmlflow.log_metric("a", 1)\n', 'requirements.txt': REQUIREMENTS });
  const { code, stdout, stderr } = project.run(['--diff', '.']);
  assert.is(code, 0, stderr);
  assert.is(stdout, '');
  assert.is(stderr, 'would fix 0 problems in 0 files, 0 left\n');
});

test('--diff refuses --fix and --fix-dry-run; --fix-type works with it', () => {
  const project = new CliProject({ 't.py': SCRIPT, 'requirements.txt': REQUIREMENTS });
  assert.is(project.run(['--diff', '--fix', '.']).code, 2);
  assert.is(project.run(['--diff', '--fix-dry-run', '.']).code, 2);
  const suggestionsOnly = project.run(['--diff', '--fix-type', 'layout', '.']);
  assert.is(suggestionsOnly.code, 0);
  assert.is(suggestionsOnly.stdout, '');
});

test('--fix: one summary line on stderr (fixed, files, left); -f json on stdout stays valid JSON', () => {
  const project = new CliProject({
    'requirements.txt': REQUIREMENTS,
    'a.py': SCRIPT,
    // Logging to a remote run cannot be fixed: one problem is left.
    'b.py': 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("a", 1)\nparent = run.parent\nparent.log("b", 2)\n',
    'clean.py': 'print(1)\n',
  });
  const diff = project.run(['--diff', '.']);
  const would = /^would fix (\d+) problems in (\d+) files?, (\d+) left\n$/.exec(diff.stderr);
  assert.ok(would, diff.stderr);
  const { code, stdout, stderr } = project.run(['--fix', '-f', 'json', '.']);
  const results = JSON.parse(stdout) as { messages: unknown[] }[];
  const left = results.reduce((n, r) => n + r.messages.length, 0);
  assert.ok(left > 0);
  assert.is(code, 1);
  assert.is(stderr, `fixed ${would![1]} problems in ${would![2]} files, ${left} left\n`);
  assert.is(Number(would![3]), left);
  assert.is.not(project.read('a.py'), SCRIPT);
});

const CONCURRENCY_FILES = {
  'requirements.txt': REQUIREMENTS,
  'a.py': SCRIPT,
  'b/c.py': SCRIPT.replace('loss', 'acc'),
  'b/nb.ipynb': notebookText(['from azureml.core import Run\nrun = Run.get_context()', 'run.log("x", 1)']),
  'b/clean.ipynb': notebookText(['print("é")'], { indent: 2, sourceAs: 'string' }),
  // The project model: a controller submitting a job script that runs in a conda file lacking azureml-mlflow.
  ...jobProjectFiles('scripts'),
};

test('--diff shows the environment file a job runs in, as --fix writes it, and the counts include its fix', () => {
  const project = new CliProject(CONCURRENCY_FILES);
  const before = project.read('jobs/environment.yml');
  const diff = project.run(['--diff', 'jobs']);
  assert.is(diff.code, 1);
  assert.ok(
    diff.stdout.includes(
      ['--- jobs/environment.yml', '+++ jobs/environment.yml', '@@ -3,3 +3,5 @@', '   - pip', '   - pip:', '       - azureml-defaults', '+      - mlflow', '+      - azureml-mlflow', ''].join('\n'),
    ),
    diff.stdout,
  );
  assert.is(project.read('jobs/environment.yml'), before, '--diff writes nothing');
  const would = /^would fix (\d+) problems in (\d+) files, (\d+) left\n$/.exec(diff.stderr);
  assert.ok(would, diff.stderr);
  const fixed = project.run(['--fix', 'jobs']);
  assert.is(fixed.stderr, `fixed ${would![1]} problems in ${would![2]} files, ${would![3]} left\n`);
  // The patch --diff printed for the environment file is what --fix wrote there.
  const [patch] = parsePatch(diff.stdout.slice(diff.stdout.indexOf('--- jobs/environment.yml')).split(/\n(?=--- )/)[0]);
  assert.is(applyPatch(before, patch), project.read('jobs/environment.yml'));
});

test('--diff, --statistics, -f html, the fix summary and --cache give the same bytes with --concurrency 2 as with off', () => {
  const same = (one: CliRun, two: CliRun, what: string): void => {
    assert.ok(one.stdout.length > 0, what);
    assert.is(two.stdout, one.stdout, `${what}: stdout`);
    assert.is(two.stderr, one.stderr, `${what}: stderr`);
    assert.is(two.code, one.code, `${what}: exit code`);
  };
  const project = new CliProject(CONCURRENCY_FILES);
  for (const args of [['--diff'], ['--statistics'], ['--statistics', '-f', 'json'], ['-f', 'html'], ['--fix-dry-run', '-f', 'json']]) {
    same(project.run([...args, '--concurrency', 'off', '.']), project.run([...args, '--concurrency', '2', '.']), args.join(' '));
  }

  // --fix (with its summary line) and --cache write: each mode on its own copy, the files written compared too.
  const off = new CliProject(CONCURRENCY_FILES);
  const two = new CliProject(CONCURRENCY_FILES);
  for (const args of [['--cache'], ['--cache'], ['--cache', '--fix'], ['--cache'], ['--statistics', '--cache']]) {
    same(off.run([...args, '--concurrency', 'off', '.']), two.run([...args, '--concurrency', '2', '.']), args.join(' '));
  }
  for (const name of Object.keys(CONCURRENCY_FILES)) assert.is(two.read(name), off.read(name), name);
  assert.match(off.run(['--fix', '.']).stderr, /^fixed 0 problems in 0 files, [1-9]\d* left\n$/);
});

test.run();
