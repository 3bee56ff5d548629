// mlflow-metric-name: metric, param and tag names MLflow rejects (`prec@1`, `Accuracy (%)`, `R^2`; `val:loss` before 2.16).
// SDK v1 accepted any name; MLflow raises on these, so a migrated `run.log("prec@1", p)` would fail at run
// time. Checked: string-literal names of v1 calls that become MLflow keys (`run.log`, `log_list`, `log_row`,
// `tag`, `set_tags`, `add_properties`) and of MLflow's own calls (`log_metric`, `log_metrics({...})`,
// `log_param(s)`, `set_tag(s)`), however mlflow is imported. The sanitised name is a suggestion, not a fix:
// dashboards, queries and comparisons with earlier runs are keyed by the name.
import type { SyntaxNode } from '@lezer/common';
import type { Rule, RuleContext } from '../lib/types.js';
import { callsNamed } from '../lib/engine/traverse.js';
import { callParts, stringLiteralValue, type Arg } from '../lib/python/nodes.js';
import { mlflowNameProblem, sanitizeMlflowName, MAX_KEY_LENGTH, type NameProblem, type NameRules } from './helpers/metrics/mlflow-name.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';
import { logsString, RUN_LOG_METHODS, runLogCallOf } from './helpers/run-calls/run-log-call.js';
import { runMethodCallOf, type RunMethodSignature } from './helpers/run-calls/run-method-call.js';
import { textOf } from './helpers/source/text.js';
import { brief } from './helpers/messages/brief.js';

type KeyKind = 'metric' | 'param' | 'tag';

/** MLflow functions whose first argument (`key`) is a name. */
const MLFLOW_KEY_FUNCTIONS: Record<string, KeyKind> = { log_metric: 'metric', log_param: 'param', set_tag: 'tag' };
/** MLflow functions whose first argument is a dict keyed by names. */
const MLFLOW_DICT_FUNCTIONS: Record<string, KeyKind> = { log_metrics: 'metric', log_params: 'param', set_tags: 'tag' };

/** v1 Run methods whose name argument becomes an MLflow key (migration-map.md); `log` is read by run-log-call. */
const V1_NAME_METHODS: Record<string, RunMethodSignature & { kind: KeyKind }> = {
  log_list: { slots: ['name', 'value', 'description'], kind: 'metric' },
  log_row: { slots: ['name', 'description'], keywords: true, kind: 'metric' },
  tag: { slots: ['key', 'value'], kind: 'tag' },
};
const V1_DICT_METHODS: Record<string, RunMethodSignature & { kind: KeyKind }> = {
  set_tags: { slots: ['tags'], kind: 'tag' },
  add_properties: { slots: ['properties'], kind: 'tag' },
};

/** The calls namedKeys reads names from: MLflow's functions, v1 Run.log and the v1 methods above. */
const KEYED_CALLS = callsNamed([
  ...[MLFLOW_KEY_FUNCTIONS, MLFLOW_DICT_FUNCTIONS, V1_NAME_METHODS, V1_DICT_METHODS].flatMap((table) => Object.keys(table)),
  ...RUN_LOG_METHODS,
]);

interface Options {
  /** MLflow accepts `:` in names since 2.16; false for older servers and Windows. */
  allowColon?: boolean;
}

const REASONS: Record<NameProblem, (rules: NameRules) => string> = {
  characters: (rules) =>
    'names may only contain letters, digits, underscores (_), dashes (-), periods (.), spaces' +
    `${rules.allowColon ? ', colons (:)' : ''} and slashes (/)`,
  length: () => `names are at most ${MAX_KEY_LENGTH} characters long`,
  path: () => 'names are used as file paths and must be normalized relative paths (no leading or trailing "/", no "//", "." or ".." parts)',
};

const rule: Rule = {
  meta: {
    type: 'problem',
    requiresText: ['azureml', 'mlflow'], // metric names are checked in mlflow and v1 logging calls
    docs: {
      description:
        'Report metric, param and tag names that MLflow rejects (it allows letters, digits, `_`, `-`, `.`, space, `:` and ' +
        '`/`, at most 250 characters, as a normalized relative path), in SDK v1 logging calls and in MLflow calls. ' +
        'Suggests the name with each invalid character replaced by `_`; not an automatic fix, since dashboards and ' +
        'comparisons with earlier runs are keyed by the name. `:` follows current MLflow (accepted since 2.16); set ' +
        '`allowColon: false` for an older tracking server, or for jobs that log from Windows, where MLflow still refuses it.',
      recommended: true,
      url: ruleDocsUrl('mlflow-metric-name'),
      example: {
        before: ['mlflow.log_metric("prec@1", p)', 'mlflow.log_metric("R^2", r2)'].join('\n'),
        after: ['mlflow.log_metric("prec_1", p)', 'mlflow.log_metric("R_2", r2)'].join('\n'),
      },
    },
    hasSuggestions: true,
    messages: {
      invalidName: 'MLflow rejects the {{kind}} name {{name}}: {{reason}}.',
      rename: 'Rename to {{suggestion}} (dashboards and queries that use the old name must change too).',
    },
    schema: [
      {
        type: 'object',
        properties: { allowColon: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowColon: true }],
  },

  create(context) {
    if (!context.program.units.some((unit) => /azureml|mlflow/.test(unit.text))) return {};
    const rules: NameRules = { allowColon: ((context.options[0] ?? {}) as Options).allowColon ?? true };
    return {
      [KEYED_CALLS](node: SyntaxNode) {
        for (const { nameNode, kind, suffix } of namedKeys(context, node)) check(context, rules, nameNode, kind, suffix);
      },
    };
  },
};

interface NamedKey {
  /** The string literal holding the name. */
  nameNode: SyntaxNode;
  kind: KeyKind;
  /** What MLflow appends to the name (log_row's `.column`). */
  suffix: string;
}

/** The string-literal names a call passes that become MLflow keys; empty for every other call. */
function namedKeys(context: RuleContext, call: SyntaxNode): NamedKey[] {
  const parts = callParts(call, context.unit.text);
  // Only a program that imports mlflow or reads an unbound `mlflow` can call it: skip resolving every callee.
  const qname = context.model.usesMlflow
    ? (context.model.qualifiedNameOf?.(context.unit, parts.callee) ?? unboundMlflowName(context, parts.callee))
    : null;
  if (qname?.startsWith('mlflow.')) {
    const fn = qname.slice('mlflow.'.length);
    const first = parts.args.find((arg) => !arg.star && !arg.generator);
    if (Object.hasOwn(MLFLOW_KEY_FUNCTIONS, fn)) {
      const key = parts.args.find((arg) => arg.name === 'key') ?? (first?.name === null ? first : undefined);
      return key ? [{ nameNode: key.value, kind: MLFLOW_KEY_FUNCTIONS[fn], suffix: '' }] : [];
    }
    if (Object.hasOwn(MLFLOW_DICT_FUNCTIONS, fn) && first?.name === null) return dictKeys(first, MLFLOW_DICT_FUNCTIONS[fn]);
    return [];
  }
  if (!context.model.usesAzureml || parts.method === null) return [];

  if (parts.method === 'log') {
    const log = runLogCallOf(context, call);
    // A string value becomes an artifact file (string-metric-as-artifact sanitises that name itself).
    return log?.args.name && !logsString(log) ? [{ nameNode: log.args.name.value, kind: 'metric', suffix: '' }] : [];
  }
  const named = runMethodCallOf(context, call, V1_NAME_METHODS);
  if (named) {
    const signature = V1_NAME_METHODS[named.method];
    const name = named.args[signature.slots[0]];
    // log_row logs `name.column` for each column: one is enough, columns are Python identifiers.
    const column = named.keywords[0]?.name;
    const suffix = named.method === 'log_row' && column ? `.${column}` : '';
    return name ? [{ nameNode: name.value, kind: signature.kind, suffix }] : [];
  }
  const dict = runMethodCallOf(context, call, V1_DICT_METHODS);
  const arg = dict ? dict.args[V1_DICT_METHODS[dict.method].slots[0]] : undefined;
  return dict && arg ? dictKeys(arg, V1_DICT_METHODS[dict.method].kind) : [];
}

/** `mlflow.log_metric` where nothing binds `mlflow` (an import in a skipped cell or a masked magic). */
function unboundMlflowName(context: RuleContext, callee: SyntaxNode): string | null {
  const object = callee.name === 'MemberExpression' ? callee.firstChild : null;
  if (object?.name !== 'VariableName' || textOf(context.unit, object) !== 'mlflow') return null;
  if (context.model.bindingOf(context.unit, object)) return null;
  return textOf(context.unit, callee).replace(/\s+/g, '');
}

/** The keys of a dict display `{"a": 1, ...}` passed as `arg` (not `dict(...)` or a variable: unknown keys). */
function dictKeys(arg: Arg, kind: KeyKind): NamedKey[] {
  if (arg.value.name !== 'DictionaryExpression') return [];
  const keys: NamedKey[] = [];
  for (let child = arg.value.firstChild; child; child = child.nextSibling) {
    // Children run `{`, key, `:`, value, `,`, ...: a key is what precedes a `:`.
    if (child.nextSibling?.name === ':') keys.push({ nameNode: child, kind, suffix: '' });
  }
  return keys;
}

function check(context: RuleContext, rules: NameRules, nameNode: SyntaxNode, kind: KeyKind, suffix: string): void {
  const name = stringLiteralValue(context.unit, nameNode);
  if (name === null) return; // only literal names are known before the code runs
  const problem = mlflowNameProblem(name + suffix, rules);
  if (!problem) return;
  const suggestion = sanitizeMlflowName(name, rules);
  const quote = quoteOf(textOf(context.unit, nameNode));
  const literal = `${quote}${suggestion}${quote}`;
  context.report({
    node: nameNode,
    messageId: 'invalidName',
    data: { kind, name: brief(JSON.stringify(name), 60), reason: REASONS[problem](rules) },
    suggest: [
      {
        messageId: 'rename',
        data: { suggestion: brief(literal, 60) },
        fix: (fixer) => fixer.replaceText(nameNode, literal),
      },
    ],
  });
}

/** The literal's quote character (after any `r`/`u` prefix); a sanitised name needs no escaping inside it. */
function quoteOf(literal: string): string {
  const match = /^[A-Za-z]*(['"])/.exec(literal.replace(/^\(\s*/, ''));
  return match ? match[1] : '"';
}

export default rule;
