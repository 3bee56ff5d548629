import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parser } from '@lezer/python';
import { loadText } from '../lib/notebook/load.js';
import { buildPrograms, writefileTarget } from '../lib/programs/build.js';
import { cellMagicOf, maskFor, maskMagics } from '../lib/programs/mask.js';
import { locate, unitToOrigin } from '../lib/positions.js';
import type { LoadedFile, Program, Settings, Unit } from '../lib/types.js';

function hasSyntaxError(text: string): boolean {
  let error = false;
  parser.parse(text).iterate({ enter: (node) => { if (node.type.isError) error = true; } });
  return error;
}

type CellSpec = string | { type?: string; source: string; tags?: string[] };

function notebook(cells: CellSpec[], language = 'python'): LoadedFile {
  const json = {
    cells: cells.map((spec, i) => {
      const { type = 'code', source, tags = [] } = typeof spec === 'string' ? { source: spec } : spec;
      const lines = source.split(/(?<=\n)/);
      return type === 'code'
        ? { cell_type: 'code', execution_count: null, id: `c${i}`, metadata: { tags }, outputs: [], source: lines }
        : { cell_type: type, id: `c${i}`, metadata: {}, source: lines };
    }),
    metadata: { kernelspec: { display_name: language, language, name: language }, language_info: { name: language } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const result = loadText(JSON.stringify(json, null, 1) + '\n', '/abs/nb.ipynb', 'nb.ipynb');
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

const programsOf = (cells: CellSpec[], settings: Settings = {}): Program[] => buildPrograms(notebook(cells), settings);
const cellsOf = (program: Program): number[] => program.units.map((u) => u.cellIndex);

const MAGIC_CELLS: [string, string][] = [
  ['line magics', '%matplotlib inline\n%load_ext autoreload\nimport os\n'],
  ['pip and shell', '%pip install azureml-mlflow\n!pip install -q mlflow\n!ls\nx = 1'],
  ['one- and two-character magics', 'x = 1\n!\n%a\n'],
  ['indented inside a block', 'for i in range(3):\n    !echo $i\n    %time f(i)\n'],
  ['assigned shell output', 'files = !ls *.csv\nout, err = %sx ls\nprint(files)\n'],
  ['help lines', 'np.load?\nRun.get_context??\n?Experiment\nx = 1\n'],
  ['continuation lines', '!pip install \\\n    mlflow \\\n  azureml-mlflow\nimport mlflow\n'],
  ['continued magic inside a block', 'if True:\n    !pip install \\\n  x\n    y = 2\n'],
  ['cell magic line', '%%time\nrun.log("a", 1)\n'],
  ['CRLF', '%pip install x\r\nimport os\r\n'],
];

for (const [name, source] of MAGIC_CELLS) {
  test(`masking keeps length and parses: ${name}`, () => {
    assert.ok(hasSyntaxError(source), 'the unmasked cell should not parse');
    const { text, masked } = maskMagics(source);
    assert.is(text.length, source.length);
    assert.not.ok(hasSyntaxError(text), text);
    assert.ok(masked.length > 0);
    // Outside the masked ranges not one character changed.
    let at = 0;
    for (const [start, end] of masked) {
      assert.is(text.slice(at, start), source.slice(at, start));
      at = end;
    }
    assert.is(text.slice(at), source.slice(at));
  });
}

test('masking: assigned magics keep their target; line structure is kept', () => {
  const { text } = maskMagics('files = !ls\n%pip install x\n');
  assert.is(text, 'files = ...\n...           \n');
  assert.is(maskMagics('!pip \\\n  y\nz').text, '...   \n   \nz');
});

const PYTHON_CELLS: [string, string][] = [
  ['% and ! in triple-quoted strings', 's = """\n%not a magic\n!nor this\n"""\nt = \'\'\'\n% x\n\'\'\'\n'],
  ['% continuing an expression in brackets', 'y = (a\n     % b)\nz = [1,\n!= 2]\n'],
  ['after a backslash continuation', 'y = a \\\n  % b\n'],
  ['a comment with a quote', "# it's fine\n%time_not = 1\n"],
  ['question marks in strings and comments', 'x = "why?"  # really?\n'],
];

for (const [name, source] of PYTHON_CELLS) {
  test(`masking leaves Python alone: ${name}`, () => {
    const { text, masked } = maskMagics(source);
    if (name.startsWith('a comment')) {
      // The quote in the comment must not open a string: the next line is still a magic.
      assert.equal(masked, [[12, 25]]);
      return;
    }
    assert.is(text, source);
    assert.equal(masked, []);
  });
}

// Magics that run a Python statement: only `%name [options] ` is masked (with `0;` and blanks), the statement stays.
const STATEMENT_MAGICS: [string, string][] = [
  ["%time run.log('t', 1)", "0;    run.log('t', 1)"],
  ['%timeit -n 3 f(run)', '0;           f(run)'],
  ['%timeit -n3 -r 2 -qo f(run); g()', '0;                   f(run); g()'],
  ['%prun -s cumulative -q train(run)', '0;                     train(run)'],
  ['%memit -r 2 -c f(run)', '0;             f(run)'],
  ['%debug run.log("t", 1)', '0;     run.log("t", 1)'],
  ['%timeit -- f(run)', '0;         f(run)'],
  ['if ok:\n    %time run.log("t", 1)  # timed\n    x = 1\n', 'if ok:\n    0;    run.log("t", 1)  # timed\n    x = 1\n'],
];

for (const [source, expected] of STATEMENT_MAGICS) {
  test(`statement magic: the prefix is masked, the statement kept: ${JSON.stringify(source)}`, () => {
    const { text, masked } = maskMagics(source);
    assert.is(text, expected);
    assert.is(text.length, source.length);
    assert.not.ok(hasSyntaxError(text), text);
    // One masked range: the prefix, ending where the statement starts.
    assert.is(masked.length, 1);
    const [start, end] = masked[0];
    assert.is(source[start], '%');
    assert.match(source.slice(end), /^[\w(]/);
  });
}

// In doubt, the whole line is masked, as any other magic.
const WHOLE_LINE_MAGICS = [
  '%timeit -Z f(run)', // an option %timeit does not have
  "%timeit -s 'import x' f()", // a quoted option value
  '%debug -b train.py:3 f()', // IPython splits the statement on spaces
  '%time -x', // a statement IPython would read as an option
  '%time for i in r: f(i)', // a compound statement cannot follow `0;`
  '%time match x:',
  '%time f(a,', // an open bracket
  '%time f() \\', // a continued line
  'x = %time f()', // an assigned magic: its value is not the statement's
  '%time   ', // no statement
  '%lprun -f train train(run)', // not a statement magic
];

for (const source of WHOLE_LINE_MAGICS) {
  test(`statement magic in doubt: the whole line is masked: ${JSON.stringify(source)}`, () => {
    const { text, masked } = maskMagics(source);
    assert.equal(masked, [[source.indexOf('%'), source.length]]);
    assert.match(text.slice(masked[0][0]), /^\.\.\. *$/);
  });
}

test('statement magic: in a notebook unit only the prefix is protected, the statement is parsed', () => {
  const [program] = programsOf(['from azureml.core import Run', "x = 1\n%time run.log('t', 1)\n"]);
  const unit = program.units[1];
  const statement = unit.text.indexOf('run.log');
  assert.equal(unit.protectedRanges, [[6, 12]]);
  assert.not.ok(unit.protectedRanges.some(([start, end]) => start < statement + 'run.log'.length && statement < end));
  assert.not.ok(hasSyntaxError(unit.text));
});

test('cellMagicOf: first non-blank line only', () => {
  assert.equal(cellMagicOf('\n  \n%%writefile -a train.py\nx'), { name: 'writefile', args: '-a train.py', range: [4, 27] });
  assert.is(cellMagicOf('x = 1\n%%time\n'), null);
  assert.is(cellMagicOf('%time x\n'), null);
  assert.is(writefileTarget('-a "my dir/train.py"'), 'my dir/train.py');
  assert.is(writefileTarget('--append'), null);
});

test('notebook program: code cells in order, one unit each; markdown and raw cells are not units', () => {
  const programs = programsOf([{ type: 'markdown', source: '# Title' }, 'import os\n', { type: 'raw', source: 'raw' }, 'x = (\n', 'y = 1\n']);
  assert.is(programs.length, 1);
  assert.is(programs[0].kind, 'notebook');
  assert.is(programs[0].name, 'nb.ipynb');
  assert.equal(cellsOf(programs[0]), [1, 3, 4]);
  // Each unit parses on its own: cell 3's error does not reach cell 4.
  assert.not.ok(hasSyntaxError(programs[0].units[2].text));
});

test('cell magics: %%time kept with its line masked, %%bash and unknown magics left out', () => {
  const [program, ...others] = programsOf(['%%time\nrun.log("a", 1)\n', '%%bash\nrun.log("a", 1)\n', '%%sql\nSELECT 1', '%%mystery\nx', '%%capture out\n!pip install x\n']);
  assert.equal(others, []);
  assert.equal(cellsOf(program), [0, 4]);
  const unit = program.units[0];
  assert.is(unit.text, '...   \nrun.log("a", 1)\n');
  assert.equal(unit.protectedRanges, [[0, 6]]);
  assert.not.ok(hasSyntaxError(program.units[1].text));
});

test('settings: extra Python and non-Python cell magics, user lists win', () => {
  const cells = ['%%mystery\nx = 1\n', '%%time\ny = 2\n'];
  assert.equal(cellsOf(programsOf(cells, { pythonCellMagics: ['mystery'] })[0]), [0, 1]);
  assert.equal(cellsOf(programsOf(cells, { nonPythonCellMagics: ['time'] })[0]), []);
  assert.equal(cellsOf(programsOf(cells, { pythonCellMagics: ['mystery'], nonPythonCellMagics: ['mystery'] })[0]), [1]);
});

test('%%writefile train.py is a program of its own; notes.txt is left out', () => {
  const source = '%%writefile train.py\nfrom azureml.core import Run\nrun = Run.get_context()\n';
  const programs = programsOf(['import os\n', source, '%%writefile notes.txt\nrun.log("x", 1)\n', '%%writefile -a "src/score.py"\n  x = 1\n']);
  assert.equal(programs.map((p) => [p.kind, p.name]), [['notebook', 'nb.ipynb'], ['writefile', 'train.py'], ['writefile', 'src/score.py']]);
  assert.equal(cellsOf(programs[0]), [0]);
  const unit = programs[1].units[0];
  assert.is(unit.cellIndex, 1);
  assert.is(unit.text, '...                 \nfrom azureml.core import Run\nrun = Run.get_context()\n');
  assert.equal(unit.protectedRanges, [[0, 20]]);
  // The written body is not dedented: it is exactly what lands in the file.
  assert.is(programs[2].units[0].text, maskFor(29) + '\n  x = 1\n');
});

test('%%writefile -a appends to the module an earlier cell wrote; without an earlier one it stands alone', () => {
  const programs = programsOf([
    '%%writefile train.py\nfrom azureml.core import Run\nrun = Run.get_context()\n',
    '%%writefile -a train.py\nrun.log("acc", 1)\n',
    '%%writefile --append other.py\nx = 1\n',
    '%%writefile train.py\nprint(1)\n',
    '%%writefile train.py -a\nprint(2)\n',
  ]);
  assert.equal(
    programs.filter((p) => p.kind === 'writefile').map((p) => [p.name, cellsOf(p)]),
    // The second plain %%writefile train.py overwrites the file: a new module, which the last cell appends to.
    [['train.py', [0, 1]], ['other.py', [2]], ['train.py', [3, 4]]],
  );
});

test('an indented cell gets a synthetic block header; positions still map to the cell', () => {
  const file = notebook(['    x = 1\n    run.log("acc", x)\n', '# comment\n  %pip install y\n  z = 2\n']);
  const [program] = buildPrograms(file, {});
  const [first, second] = program.units;
  assert.is(first.text, 'if 1:\n    x = 1\n    run.log("acc", x)\n');
  assert.not.ok(hasSyntaxError(first.text));
  assert.not.ok(hasSyntaxError(second.text));
  assert.equal(second.protectedRanges, [[0, 6], [18, 32]]);
  const start = first.text.indexOf('run.log');
  assert.is(unitToOrigin(first, start), file.cells[0].source.indexOf('run.log'));
  assert.is(unitToOrigin(first, 0), 0);
  const at = locate(file, first, [start, start + 7]);
  assert.equal([at.cell, at.cellLine, at.cellColumn], [1, 2, 5]);
  assert.ok(file.text.split('\n')[at.line - 1].slice(at.column - 1).startsWith('run.log(\\"acc\\"'));
});

test('nblint-skip cells are units (their bindings count)', () => {
  const [program] = programsOf([{ source: 'run = Run.get_context()\n', tags: ['nblint-skip'] }, 'run.log("a", 1)\n']);
  assert.equal(cellsOf(program), [0, 1]);
});

test('markdown: each fenced Python block is a program with per-line positions', () => {
  const md = [
    'Intro with `inline` code.\n',
    '\n',
    '```python\n',
    'run.log("a", 1)\n',
    '```\n',
    '\n',
    '1. Step one:\n',
    '   ```py\n',
    '   for i in range(2):\n',
    '       run.log("b", i)\n',
    '   ```\n',
    '\n',
    '> ```ipython\r\n',
    '> !pip install x\r\n',
    '> run.log("c", 2)\r\n',
    '> ```\n',
    '\n',
    '```bash\n',
    'run.log("not python", 1)\n',
    '```\n',
    '~~~Python3 extra\n',
    'run.log("d", 3)\n',
    '~~~',
  ].join('');
  const file = notebook([{ type: 'markdown', source: md }, 'x = 1\n', { type: 'markdown', source: 'no fences here' }]);
  const programs = buildPrograms(file, {});
  const markdown = programs.filter((p) => p.kind === 'markdown');
  assert.is(markdown.length, 4);
  const rawLines = file.text.split('\n');
  for (const [program, name] of markdown.map((p, i) => [p, ['"a"', '"b"', '"c"', '"d"'][i]] as const)) {
    const unit: Unit = program.units[0];
    assert.is(unit.cellIndex, 0);
    assert.not.ok(hasSyntaxError(unit.text), unit.text);
    const start = unit.text.indexOf(`run.log(${name}`);
    const at = locate(file, unit, [start, start + 7]);
    // The cell position is where the code sits in the markdown source.
    const cellLines = md.split('\n');
    assert.is(cellLines[at.cellLine! - 1].slice(at.cellColumn! - 1, at.cellColumn! + 6), 'run.log');
    assert.ok(rawLines[at.line - 1].slice(at.column - 1).startsWith(`run.log(${JSON.stringify(name).slice(1, -1)}`));
  }
  // A whole-line range in the list item maps back to that line with its line break, not the next indentation.
  const listUnit = markdown[1].units[0];
  const lineStart = listUnit.text.indexOf('for');
  const nextLine = listUnit.text.indexOf('    run.log');
  const origin = [unitToOrigin(listUnit, lineStart, 'start'), unitToOrigin(listUnit, nextLine, 'end')];
  assert.is(md.slice(origin[0], origin[1]), 'for i in range(2):\n');
});

test('scripts: one program, one unit, identity map, no masking', () => {
  const text = 'import os\nrun.log("a", 1)\n';
  const result = loadText(text, '/abs/train.py', 'train.py');
  if (!result.ok) throw new Error(result.message);
  const programs = buildPrograms(result.file, {});
  assert.equal(programs, [{ kind: 'script', name: 'train.py', units: [{ text, cellIndex: -1, segments: [{ unitStart: 0, originStart: 0, length: text.length }], protectedRanges: [] }] }]);
});

test('a notebook in another kernel language has no programs', () => {
  assert.equal(buildPrograms(notebook(['x <- 1\n'], 'R'), {}), []);
  assert.is(buildPrograms(notebook(['x = 1\n'], 'Python 3'), {}).length, 1);
});

test.run();
