// The value-type model (issue 7, item 1): argparse values, containers, library returns, the program's own
// functions, and where an unknown value comes from. Each program marks the expressions it asks about with
// `probe(expr)`; the answers are checked in order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SyntaxNode } from '@lezer/common';
import type { Model, Program, Unit } from '../lib/types.js';
import { parseProgram } from '../lib/python/parse.js';
import { buildModel } from '../lib/python/model.js';

function build(...cells: string[]): { program: Program; model: Model } {
  const units: Unit[] = cells.map((text, i) => ({ text, cellIndex: i, segments: [{ unitStart: 0, originStart: 0, length: text.length }], protectedRanges: [] }));
  const program: Program = { kind: 'notebook', name: 't.ipynb', units };
  parseProgram(program);
  return { program, model: buildModel(program) };
}

/** The argument of every `probe(...)` call, in program order. */
function probes(program: Program): { unit: Unit; node: SyntaxNode }[] {
  const out: { unit: Unit; node: SyntaxNode }[] = [];
  for (const unit of program.units) {
    unit.tree!.iterate({
      enter: (ref) => {
        if (ref.name === 'CallExpression' && unit.text.startsWith('probe(', ref.from)) {
          out.push({ unit, node: ref.node.lastChild!.firstChild!.nextSibling! });
        }
      },
    });
  }
  return out;
}

/** Asserts the types of the probes, one per line of `expected` (`text → type`). */
function expectTypes(cells: string[], expected: string[]): void {
  const { program, model } = build('import mlflow\n' + cells[0], ...cells.slice(1));
  const found = probes(program);
  assert.is(found.length, expected.length, 'probe count');
  found.forEach(({ unit, node }, i) => {
    const text = unit.text.slice(node.from, node.to);
    assert.is(`${text} → ${model.valueTypeOf(unit, node)}`, expected[i]);
  });
}

const PARSER = [
  'import argparse',
  'parser = argparse.ArgumentParser()',
  'parser.add_argument("--optimizer", type=str, default="sgd", choices=["sgd", "adam"])',
  'parser.add_argument("--learning-rate", type=float, default=0.01)',
  'parser.add_argument("--epochs", type=int, default="10")',
  'parser.add_argument("--momentum", type=float)',
  'parser.add_argument("--data")',
  'parser.add_argument("--name", default="run")',
  'parser.add_argument("--seed", default=1)',
  'parser.add_argument("--verbose", action="store_true")',
  'parser.add_argument("--quiet", action="store_false")',
  'parser.add_argument("-v", "--verbosity", action="count", default=0)',
  'parser.add_argument("--level", action="count")',
  'parser.add_argument("--layers", type=int, nargs="+", default=[64])',
  'parser.add_argument("--mode", choices=["a", "b"], required=True)',
  'parser.add_argument("steps", type=int)',
  'parser.add_argument("--batch", dest="batch_size", type=int, default=32)',
  'group = parser.add_argument_group("model")',
  'group.add_argument("--dropout", type=float, default=0.5)',
  'def str2bool(v):',
  '    return v.lower() in ("yes", "true")',
  'parser.add_argument("--flag", type=str2bool, default="no")',
  'parser.add_argument("--act", type=lambda s: s, choices=["relu", "tanh"], default="relu")',
  'args = parser.parse_args()',
].join('\n');

test('argparse: type=, default=, action=, nargs=, choices=, required=, dest=, groups and converters', () => {
  expectTypes(
    [
      PARSER +
        '\nprobe(args.optimizer)\nprobe(args.learning_rate)\nprobe(args.epochs)\nprobe(args.momentum)\nprobe(args.data)\n' +
        'probe(args.name)\nprobe(args.seed)\nprobe(args.verbose)\nprobe(args.quiet)\nprobe(args.verbosity)\nprobe(args.level)\n' +
        'probe(args.layers)\nprobe(args.mode)\nprobe(args.steps)\nprobe(args.batch_size)\nprobe(args.dropout)\nprobe(args.flag)\n' +
        'probe(args.act)\nprobe(args.undeclared)\n',
    ],
    [
      'args.optimizer → string',
      'args.learning_rate → number',
      'args.epochs → number', // a string default goes through type=
      'args.momentum → unknown', // None when not given
      'args.data → unknown',
      'args.name → string',
      'args.seed → unknown', // 1 by default, a str from the command line
      'args.verbose → bool',
      'args.quiet → bool',
      'args.verbosity → number',
      'args.level → unknown', // count without default: None
      'args.layers → unknown', // a list
      'args.mode → string',
      'args.steps → number',
      'args.batch_size → number',
      'args.dropout → number',
      'args.flag → bool',
      'args.act → string',
      'args.undeclared → unknown',
    ],
  );
});

test('argparse: parse_known_args, a parser made in a function, set_defaults, vars(args) loops', () => {
  expectTypes(
    [
      [
        'import argparse',
        'def get_args():',
        '    p = argparse.ArgumentParser()',
        '    p.add_argument("--lr", type=float, default=0.1)',
        '    p.add_argument("--depth", type=int, default=3)',
        '    p.set_defaults(depth=5)',
        '    return p.parse_args()',
        'args = get_args()',
        'probe(args.lr)',
        'probe(args.depth)',
        'p2 = argparse.ArgumentParser()',
        'p2.add_argument("--opt", default="sgd")',
        'known, rest = p2.parse_known_args()',
        'probe(known.opt)',
        'for key, value in vars(args).items():',
        '    probe(key)',
        '    probe(value)',
        'for k, v in vars(known).items():',
        '    probe(v)',
        'for k, v in vars(p2.parse_args()).items():',
        '    probe(v)',
      ].join('\n'),
    ],
    ['args.lr → number', 'args.depth → number', 'known.opt → string', 'key → string', 'value → number', 'v → string', 'v → string'],
  );
});

test('argparse: a name that is not an ArgumentParser, or a parser changed elsewhere, is not typed', () => {
  expectTypes(
    [
      [
        'import argparse',
        'from mylib import make_parser',
        'parser = make_parser()',
        'parser.add_argument("--lr", type=float, default=0.1)',
        'args = parser.parse_args()',
        'probe(args.lr)',
        'argparse = object()',
        'q = argparse.ArgumentParser()',
        'q.add_argument("--lr", type=float, default=0.1)',
        'probe(q.parse_args().lr)',
      ].join('\n'),
    ],
    ['args.lr → unknown', 'q.parse_args().lr → unknown'],
  );
});

test('dict and list literals, comprehensions, subscripts, iteration and mutation', () => {
  expectTypes(
    [
      [
        'metrics = {"acc": 0.9, "loss": 0.1}',
        'probe(metrics["acc"])',
        'for name, value in metrics.items():',
        '    probe(value)',
        'mixed = {"acc": 0.9, "model": "gbm"}',
        'probe(mixed["acc"])',
        'probe(mixed["model"])',
        'for name, value in mixed.items():',
        '    probe(value)',
        'scores = [0.1, 0.2]',
        'probe(scores[-1])',
        'probe(scores[0:1])',
        'for s in scores:',
        '    probe(s)',
        'squares = [x * x for x in range(3)]',
        'for s in squares:',
        '    probe(s)',
        'names = {k: str(k) for k in range(3)}',
        'probe(names[0])',
        'grown = {}',
        'grown["acc"] = 0.5',
        'grown["note"] = "text"',
        'probe(grown["acc"])',
        'for k, v in grown.items():',
        '    probe(v)',
        'losses = []',
        'losses.append(0.5)',
        'probe(losses[0])',
        'later = []',
        'later.append("x")',
        'probe(later[0])',
        'def add_note(xs):',
        '    xs.append("note")',
        'passed = [1.0]',
        'add_note(passed)',
        'plotted = [1.0]',
        'plot(plotted)',
        'probe(passed[0])',
        'probe(plotted[0])',
        'pair = (1, "a")',
        'probe(pair[0])',
        'probe(pair[1])',
        'built = dict(lr=0.1, depth=3)',
        'probe(built["lr"])',
        'probe(len(scores))',
        'probe(metrics.get("acc"))',
        'probe(metrics.get("acc", 0.0))',
      ].join('\n'),
    ],
    [
      'metrics["acc"] → number',
      'value → number',
      'mixed["acc"] → number',
      'mixed["model"] → string',
      'value → unknown',
      'scores[-1] → number',
      'scores[0:1] → unknown',
      's → number',
      's → number',
      'names[0] → string',
      'grown["acc"] → number',
      'v → unknown',
      'losses[0] → number',
      'later[0] → string',
      'passed[0] → unknown', // the program's own function appends a str
      'plotted[0] → number', // a library function is taken to read what it is given
      'pair[0] → number',
      'pair[1] → string',
      'built["lr"] → number',
      'len(scores) → number',
      'metrics.get("acc") → unknown', // None when missing
      'metrics.get("acc", 0.0) → number',
    ],
  );
});

test('library returns: sklearn.metrics scores, numpy reductions, statistics, str.format and f-strings', () => {
  expectTypes(
    [
      [
        'import numpy as np',
        'import statistics',
        'from sklearn.metrics import accuracy_score, f1_score, confusion_matrix, classification_report',
        'from sklearn import metrics',
        'probe(accuracy_score(y, p))',
        'probe(f1_score(y, p, average="macro"))',
        'probe(f1_score(y, p, average=None))',
        'probe(metrics.mean_squared_error(y, p))',
        'probe(metrics.r2_score(y, p, multioutput="raw_values"))',
        'probe(metrics.roc_auc_score(y, p))',
        'probe(confusion_matrix(y, p))',
        'probe(classification_report(y, p))',
        'probe(np.mean(losses))',
        'probe(np.max(losses, axis=1))',
        'probe(np.sqrt(metrics.mean_squared_error(y, p)))',
        'probe(np.percentile(latencies, 95))',
        'probe(statistics.mean(xs))',
        'probe("{:.2f}".format(x))',
        'probe(f"{x:.2f}")',
        'probe(model.score(X, y))',
      ].join('\n'),
    ],
    [
      'accuracy_score(y, p) → number',
      'f1_score(y, p, average="macro") → number',
      'f1_score(y, p, average=None) → unknown',
      'metrics.mean_squared_error(y, p) → number',
      'metrics.r2_score(y, p, multioutput="raw_values") → unknown',
      'metrics.roc_auc_score(y, p) → number',
      'confusion_matrix(y, p) → unknown',
      'classification_report(y, p) → unknown',
      'np.mean(losses) → number',
      'np.max(losses, axis=1) → unknown',
      'np.sqrt(metrics.mean_squared_error(y, p)) → number',
      'np.percentile(latencies, 95) → number',
      'statistics.mean(xs) → number',
      '"{:.2f}".format(x) → string',
      'f"{x:.2f}" → string',
      'model.score(X, y) → unknown',
    ],
  );
});

test('numpy element-wise functions of a number are numbers (np.sin(t), np.tanh(x)); of an array they stay unknown', () => {
  expectTypes(
    [
      [
        'import numpy as np',
        't = 3 / 4.0 * 2',
        'probe(np.sin(t))',
        'probe(np.cos(t))',
        'probe(np.tanh(-t))',
        'probe(np.arctan(1))',
        'probe(np.sin(angles))',
      ].join('\n'),
    ],
    ['np.sin(t) → number', 'np.cos(t) → number', 'np.tanh(-t) → number', 'np.arctan(1) → number', 'np.sin(angles) → unknown'],
  );
});

test('a tqdm progress bar iterates over what it wraps: `for i in tqdm(range(-10, 10))` gives numbers (Azure\'s logging sample)', () => {
  expectTypes(
    [
      [
        'import numpy as np',
        'from tqdm import tqdm',
        'from tqdm.auto import trange',
        'import tqdm as tq',
        'for i in tqdm(range(-10, 10)):',
        '    probe(i)',
        '    probe(1 / (1 + np.exp(-i)))',
        'for j in trange(3):',
        '    probe(j)',
        'for k in tq.tqdm(names, desc="x"):',
        '    probe(k)',
      ].join('\n'),
    ],
    ['i → number', '1 / (1 + np.exp(-i)) → number', 'j → number', 'k → unknown'],
  );
});

test("the program's own functions: returns, fall-through, generators, parameters from every call", () => {
  expectTypes(
    [
      [
        'from sklearn.metrics import accuracy_score',
        'def evaluate(y, p):',
        '    acc = accuracy_score(y, p)',
        '    return acc',
        'def describe():',
        '    return "gbm"',
        'def maybe(c):',
        '    if c:',
        '        return 1.0',
        'def gen():',
        '    yield 1',
        'def either(c):',
        '    if c:',
        '        return 1',
        '    return "x"',
        'probe(evaluate(y, p))',
        'probe(describe())',
        'probe(maybe(True))',
        'probe(gen())',
        'probe(either(c))',
      ].join('\n'),
      [
        'def report(name, value, scale=1.0):',
        '    probe(value)',
        '    probe(scale)',
        'report("a", 0.5)',
        'report("b", 2, scale=3)',
        'def anything(value):',
        '    probe(value)',
        'anything(0.5)',
        'anything("x")',
        'def callback(value):',
        '    probe(value)',
        'callback(1)',
        'register(callback)',
      ].join('\n'),
    ],
    [
      'evaluate(y, p) → number',
      'describe() → string',
      'maybe(True) → unknown',
      'gen() → unknown',
      'either(c) → unknown',
      'value → number',
      'scale → number',
      'value → unknown',
      'value → unknown',
    ],
  );
});

test('valueSourceOf: where an unknown value comes from, what a non-number is, nothing for a known type', () => {
  const { program, model } = build(
    [
      'import mlflow',
      'import argparse',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--momentum", type=float)',
      'args = parser.parse_args()',
      'acc = model.score(X, y)',
      'probe(acc)',
      'probe(args.momentum)',
      'probe({"a": 1})',
      'probe([1, 2])',
      'probe(None)',
      'probe(0.5)',
      'probe(acc * 100)',
    ].join('\n'),
  );
  const sources = probes(program).map(({ unit, node }) => {
    const source = model.valueSourceOf!(unit, node);
    return source ? `${source.known} ${source.unit.text.slice(source.node.from, source.node.to)}${source.note ? ` (${source.note})` : ''}` : null;
  });
  assert.equal(sources, [
    'unknown model.score(X, y)',
    'unknown parser.add_argument("--momentum", type=float) (--momentum has no default=, so it is None when not given)',
    'dict {"a": 1}',
    'list [1, 2]',
    'none None',
    null,
    'unknown model.score(X, y)',
  ]);
});

test.run();
