import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import plugin from '../../rules/index.js';
import { validateRuleOptions, withDefaultOptions } from '../../lib/config/index.js';
import { loadText } from '../../lib/notebook/load.js';
import { lintFile } from '../../lib/engine/linter.js';
import type { ResolvedConfig } from '../../lib/types.js';
import { ROOT } from '../helpers/paths.js';

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

test('the plugin is named and versioned like the package', () => {
  assert.is(plugin.meta.name, 'nblint-mlflow');
  assert.is(plugin.meta.version, packageJson.version);
});

test('the recommended config names every rule, and only rules that exist', () => {
  const configured = Object.keys(plugin.configs?.recommended.rules ?? {}).sort();
  assert.equal(configured, Object.keys(plugin.rules).sort());
});

test("the recommended config's options are valid for each rule's schema", () => {
  for (const [id, entry] of Object.entries(plugin.configs!.recommended.rules!)) {
    const options = Array.isArray(entry) ? entry.slice(1) : [];
    validateRuleOptions(plugin.rules[id], options, { source: '.eslintrc-like-config.json', path: `rules.${id}` });
  }
});

test('every rule documents itself: description, README url, before/after example, messages', () => {
  for (const [id, rule] of Object.entries(plugin.rules)) {
    const { docs, messages } = rule.meta;
    assert.ok(docs.description.length > 20, id);
    assert.ok(docs.url?.includes(id), `${id}: url`);
    assert.ok(docs.example && docs.example.before !== docs.example.after, `${id}: example`);
    assert.ok(Object.keys(messages).length > 0, `${id}: messages`);
  }
});

test('a v1 run.log call is reported by exactly one of no-run-log and string-metric-as-artifact', () => {
  const calls = [
    'run.log("a", 1)',
    'run.log("b", "text")',
    'run.log("c", f"{x}")',
    'run.log("d", compute())',
    'run.log("e", True)',
    'run.log(*args)',
    'run.log("f", "t", colour=1)',
    'run.parent.log("g", "t")',
    'run.parent.log("h", 2)',
  ];
  const code = ['from azureml.core import Run', 'run = Run.get_context()', ...calls].join('\n');
  const loaded = loadText(code, path.resolve('split.py'), 'split.py');
  if (!loaded.ok) throw new Error(loaded.message);
  const ids = ['no-run-log', 'string-metric-as-artifact'];
  const config: ResolvedConfig = {
    rules: Object.fromEntries(ids.map((id) => [id, { severity: 2, options: withDefaultOptions(plugin.rules[id], []) }])),
    settings: {},
    ruleDefinitions: Object.fromEntries(ids.map((id) => [id, plugin.rules[id]])),
  };
  const lines = lintFile(loaded.file, config).messages.map((m) => `${m.line} ${m.ruleId}`);
  assert.equal(lines, [
    '3 no-run-log',
    '4 string-metric-as-artifact',
    '5 string-metric-as-artifact',
    '6 no-run-log',
    '7 no-run-log',
    '8 no-run-log',
    '9 string-metric-as-artifact',
    '10 string-metric-as-artifact',
    '11 no-run-log',
  ]);
});

test.run();
