// What common library functions return, by qualified name: scikit-learn's metric scores, numpy's reductions,
// `statistics`, `time`, `math`, JSON text. Only where the answer does not depend on the arguments' runtime
// values, or on arguments checked here (`average=None`, `axis=`, `multioutput="raw_values"` give arrays).
import type { Arg } from './nodes.js';
import { listOf, type Shape } from './value-shape.js';

/** How the guesser types an argument. */
export type ArgType = (arg: Arg) => Shape;

/** sklearn.metrics functions that return one float but whose names do not end in _score, _error or _loss. */
const SKLEARN_SCALARS = new Set(['auc', 'matthews_corrcoef', 'hamming_loss', 'zero_one_loss']);
/** Keywords of sklearn.metrics that make a score an array (any value but these literals). */
const SKLEARN_ARRAY_KEYWORDS: Record<string, ReadonlySet<string>> = {
  average: new Set(['micro', 'macro', 'weighted', 'samples', 'binary']),
  multioutput: new Set(['uniform_average', 'variance_weighted']),
};

/** numpy reductions: a number when called on one array without `axis`. */
const NUMPY_REDUCTIONS = new Set([
  'mean', 'sum', 'std', 'var', 'min', 'max', 'amin', 'amax', 'median', 'average', 'prod', 'ptp', 'argmax', 'argmin',
  'count_nonzero', 'nanmean', 'nansum', 'nanstd', 'nanvar', 'nanmin', 'nanmax', 'nanmedian', 'nanprod',
]);
/** numpy keywords that keep a reduction scalar. */
const NUMPY_SCALAR_KEYWORDS = new Set(['dtype', 'ddof', 'weights']);
/** numpy element-wise functions: a number when given a number. */
const NUMPY_ELEMENTWISE = new Set([
  'sqrt', 'cbrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'abs', 'absolute', 'fabs', 'round', 'around',
  'floor', 'ceil', 'trunc', 'rint', 'square', 'sign', 'reciprocal', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan',
  'sinh', 'cosh', 'tanh', 'arcsinh', 'arccosh', 'arctanh', 'deg2rad', 'rad2deg', 'degrees', 'radians',
]);
const NUMPY_PERCENTILES = new Set(['percentile', 'quantile', 'nanpercentile', 'nanquantile']);

const NUMBER_FUNCTIONS = new Set([
  'time.time', 'time.perf_counter', 'time.monotonic', 'time.process_time',
  // numpy's scalar constructors and old builtin aliases (`np.float(x)`, common in real v1 scripts).
  'numpy.float', 'numpy.int', 'numpy.float64', 'numpy.float32', 'numpy.int64', 'numpy.int32',
  'statistics.mean', 'statistics.fmean', 'statistics.median', 'statistics.stdev', 'statistics.pstdev',
  'statistics.variance', 'statistics.pvariance', 'statistics.geometric_mean', 'statistics.harmonic_mean',
]);
/** Library functions that return a str (a JSON string logged to v1 is parsed back by the migrated code). */
const STRING_FUNCTIONS = new Set(['json.dumps', 'numpy.str', 'numpy.str_', 'platform.python_version', 'socket.gethostname']);
/** `math.isnan(x)` is a bool; every other `math.*` function gives a number. */
const MATH_BOOL = new Set(['isnan', 'isinf', 'isfinite', 'isclose']);

/** tqdm's progress bars: iterating one gives the elements of the iterable it wraps (`trange(n)` is `tqdm(range(n))`). */
const TQDM_MODULES = new Set(['tqdm', 'tqdm.auto', 'tqdm.notebook', 'tqdm.std', 'tqdm.autonotebook']);

/** The type a library call returns, or null when the function is not one known here. */
export function libraryReturnType(qname: string, args: Arg[], text: string, typeOf: ArgType): Shape | null {
  if (NUMBER_FUNCTIONS.has(qname)) return 'number';
  const tqdm = tqdmCall(qname, args, typeOf);
  if (tqdm) return tqdm;
  if (STRING_FUNCTIONS.has(qname)) return 'string';
  const dot = qname.lastIndexOf('.');
  const module = qname.slice(0, dot);
  const name = qname.slice(dot + 1);
  if (module === 'math') return MATH_BOOL.has(name) ? 'bool' : 'number';
  if (module === 'sklearn.metrics' || module.startsWith('sklearn.metrics.')) return sklearnMetric(name, args, text);
  if (module === 'numpy') return numpyCall(name, args, typeOf);
  return null;
}

function sklearnMetric(name: string, args: Arg[], text: string): Shape | null {
  if (!SKLEARN_SCALARS.has(name) && !/_(score|error|loss)$/.test(name)) return null;
  if (args.some((arg) => arg.star) || args.filter((arg) => arg.name === null).length > 3) return null;
  for (const arg of args) {
    const allowed = arg.name ? SKLEARN_ARRAY_KEYWORDS[arg.name] : undefined;
    if (allowed && !(arg.value.name === 'String' && allowed.has(literalText(arg, text)))) return null;
  }
  return 'number';
}

function numpyCall(name: string, args: Arg[], typeOf: ArgType): Shape | null {
  if (args.some((arg) => arg.star)) return null;
  const positional = args.filter((arg) => arg.name === null);
  const keywords = args.filter((arg) => arg.name !== null);
  if (NUMPY_REDUCTIONS.has(name)) {
    const scalar = positional.length === 1 && keywords.every((arg) => NUMPY_SCALAR_KEYWORDS.has(arg.name!) || isNoneAxis(arg));
    return scalar ? 'number' : null;
  }
  if (NUMPY_PERCENTILES.has(name)) {
    const q = positional[1] ?? keywords.find((arg) => arg.name === 'q');
    const scalar = positional.length <= 2 && q !== undefined && typeOf(q) === 'number' && keywords.every((arg) => arg.name === 'q' || isNoneAxis(arg));
    return scalar ? 'number' : null;
  }
  if (NUMPY_ELEMENTWISE.has(name) && positional.length >= 1 && keywords.length === 0) {
    return typeOf(positional[0]!) === 'number' ? 'number' : null;
  }
  return null;
}

function tqdmCall(qname: string, args: Arg[], typeOf: ArgType): Shape | null {
  const dot = qname.lastIndexOf('.');
  if (!TQDM_MODULES.has(qname.slice(0, dot)) || args.some((arg) => arg.star)) return null;
  const name = qname.slice(dot + 1);
  if (name === 'trange') return listOf('number');
  const iterable = args.find((arg) => arg.name === 'iterable') ?? args.find((arg) => arg.name === null);
  return name === 'tqdm' && iterable ? typeOf(iterable) : null;
}

const isNoneAxis = (arg: Arg): boolean => arg.name === 'axis' && arg.value.name === 'None';

/** The text inside a simple string literal's quotes. */
function literalText(arg: Arg, text: string): string {
  return /^[rRuU]?(['"])(.*)\1$/s.exec(text.slice(arg.value.from, arg.value.to))?.[2] ?? '';
}
