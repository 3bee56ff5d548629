// `nblint-mlflow/eslint`: the rules as an ESLint plugin with its own languages, for ESLint v9.7+ flat config:
//
//   import nblint from 'nblint-mlflow/eslint';
//   export default [...nblint.configs.recommended];
//
// No second rule set: `rules` adapts the built-in plugin's rule objects, and the engine, loader and fixer are
// the CLI's.
import builtinPlugin from '../../rules/index.js';
import { ALWAYS_SKIPPED_DIRS, DEFAULT_IGNORED_DIRS } from '../discover.js';
import type { RuleEntry } from '../types.js';
import { NblintLanguage } from './language.js';
import { eslintRuleOf, type EslintRule } from './rules.js';

const NAMESPACE = 'nblint-mlflow';

const rules: Record<string, EslintRule> = Object.fromEntries(Object.entries(builtinPlugin.rules).map(([id, rule]) => [id, eslintRuleOf(id, rule)]));

/** The CLI's recommended levels (.eslintrc-like-config.json), under the plugin's namespace. */
const recommendedRules: Record<string, RuleEntry> = Object.fromEntries(
  Object.entries(builtinPlugin.configs?.recommended?.rules ?? {}).map(([id, entry]) => [`${NAMESPACE}/${id}`, entry]),
);

const plugin = {
  meta: { name: NAMESPACE, version: builtinPlugin.meta.version, namespace: NAMESPACE },
  languages: { notebook: new NblintLanguage('Notebook'), python: new NblintLanguage('Script') },
  rules,
  configs: {} as Record<string, object[]>,
};

plugin.configs.recommended = [
  // What the CLI skips by default (checkpoints, Python environments and caches); ESLint already skips node_modules and .git.
  { name: `${NAMESPACE}/ignores`, ignores: [...ALWAYS_SKIPPED_DIRS, ...DEFAULT_IGNORED_DIRS].map((dir) => `**/${dir}/`) },
  { name: `${NAMESPACE}/notebooks`, files: ['**/*.ipynb'], plugins: { [NAMESPACE]: plugin }, language: `${NAMESPACE}/notebook`, rules: recommendedRules },
  { name: `${NAMESPACE}/python`, files: ['**/*.py'], plugins: { [NAMESPACE]: plugin }, language: `${NAMESPACE}/python`, rules: recommendedRules },
];

export default plugin;
