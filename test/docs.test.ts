import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';
import plugin from '../rules/index.js';
import { renderRulesSection } from '../lib/docs/rule-docs.js';
import { readRulesSection, writeRulesSection, RULES_END, RULES_START } from '../lib/docs/readme-section.js';
import { firstSentence, tableCell } from '../lib/docs/markdown.js';
import type { Plugin, Rule, RuleMeta } from '../lib/types.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
const headingAnchors = (markdown: string): Set<string> =>
  new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'),
    ),
  );

const fakeRule = (meta: Partial<RuleMeta> & { docs: RuleMeta['docs'] }): Rule => ({
  meta: { type: 'problem', messages: {}, ...meta },
  create: () => ({}),
});

const fakePlugin = (rules: Record<string, Rule>): Plugin => ({ meta: { name: 'fake', version: '0.0.0' }, rules });

test('README: the rules section is what `npm run docs` renders from the registered rules', () => {
  const section = readRulesSection(readme);
  assert.ok(section !== undefined, `README.md lacks the ${RULES_START} ... ${RULES_END} markers`);
  const expected = renderRulesSection(plugin, plugin.configs?.recommended ?? {});
  if (section === expected) return;
  // A short message beats a diff of the whole section: the fix is always to regenerate it.
  const actualLines = section.split('\n');
  const expectedLines = expected.split('\n');
  const line = expectedLines.findIndex((text, i) => text !== actualLines[i]);
  assert.unreachable(
    `README.md rules section is out of date: run \`npm run docs\`. ` +
      `First difference at section line ${line + 1}: expected ${JSON.stringify(expectedLines[line])}, ` +
      `found ${JSON.stringify(actualLines[line])}.`,
  );
});

test('every rule has a before/after example and a docs url whose anchor is a README heading', () => {
  const anchors = headingAnchors(readme);
  for (const [id, rule] of Object.entries(plugin.rules)) {
    const { example, url } = rule.meta.docs;
    assert.ok(example && example.before.trim() && example.after.trim(), `${id}: meta.docs.example needs before and after`);
    assert.is.not(example.before, example.after, `${id}: the example's before and after are the same`);
    assert.ok(url?.endsWith(`#${id}`), `${id}: meta.docs.url should end with #${id} (got ${url})`);
    assert.ok(anchors.has(id), `${id}: README.md has no heading with the anchor #${id}: run \`npm run docs\``);
  }
});

test('README: the quick start block holds exactly the two commands', () => {
  const quickStart = readme.split('\n## ')[0];
  const block = quickStart.match(/```sh\n([\s\S]*?)```/);
  assert.ok(block, 'README.md has no ```sh block before its first section');
  assert.is(block[1], 'npm ci && npx nblint-mlflow notebooks-fixtures/\nnpm test\n');
});

test('README: no "coming next" list, and the output formats link the GitHub guide', () => {
  assert.not.match(readme, /coming next/i);
  const outputFormats = readme.slice(readme.indexOf('## Output formats'), readme.indexOf('## Exit codes'));
  assert.match(outputFormats, '](docs/github-code-scanning.md)');
});

test('renderRulesSection: table row, severity from the config, options from the schema and defaults', () => {
  const rules = {
    'with-options': fakeRule({
      docs: { description: 'Replace `a.b()` with `c()`. More text here', recommended: true, example: { before: 'a.b()', after: 'c()' } },
      fixable: 'code',
      hasSuggestions: true,
      messages: { no: 'Use c(). Not fixed automatically: {{reason}}.' },
      schema: [
        {
          type: 'object',
          properties: {
            mode: { enum: ['fix', 'suggest'] },
            names: { type: 'array', items: { type: 'string' } },
            limit: { type: 'integer', default: 3 },
          },
        },
      ],
      defaultOptions: [{ mode: 'fix', names: ['x'] }],
    }),
    'report-only': fakeRule({
      type: 'suggestion',
      docs: { description: 'Report `x | y`', recommended: false, details: 'Longer hand-written text.' },
    }),
  };
  const out = renderRulesSection(fakePlugin(rules), { rules: { 'with-options': ['warn', { mode: 'suggest' }] } });

  assert.match(out, 'turns on 1 of the 2 rules');
  assert.match(out, '| [`with-options`](#with-options) | Replace `a.b()` with `c()`. | warn | 🔧💡 | problem |');
  assert.match(out, '| [`report-only`](#report-only) | Report `x \\| y`. | off |  | suggestion |');
  assert.match(out, '\n### `with-options`\n');
  // The recommended entry's option wins over meta.defaultOptions; the schema's default fills the rest.
  assert.match(out, '| `mode` | `string` | `"suggest"` | `"fix"`, `"suggest"` |');
  assert.match(out, '| `names` | `string[]` | `["x"]` |  |');
  assert.match(out, '| `limit` | `integer` | `3` |  |');
  assert.match(out, 'what it cannot is only reported, and the message says why');
  assert.match(out, 'After `--fix`:\n\n```python\nc()\n```');
  // docs.details replaces the description in the section, not in the table.
  assert.match(out, '\n### `report-only`\n\nDefault: `off` · type: `suggestion`\n\nLonger hand-written text.\n\nReported only:');
  assert.not.match(out, 'Before:\n\n```python\nundefined');
});

test('firstSentence ignores dots inside code spans and ellipses', () => {
  assert.is(firstSentence('Use `with ... as run:` here. Then more.'), 'Use `with ... as run:` here.');
  assert.is(firstSentence('Keep (`submit`, ...) as is'), 'Keep (`submit`, ...) as is.');
  assert.is(tableCell('a |\n b'), 'a \\| b');
});

test('writeRulesSection replaces only the text between the markers, and needs them', () => {
  const text = `# T\n\nkept\n${RULES_START}\nold\n${RULES_END}\nkept too\n`;
  const updated = writeRulesSection(text, '\nnew\n');
  assert.is(updated, `# T\n\nkept\n${RULES_START}\nnew\n${RULES_END}\nkept too\n`);
  assert.is(readRulesSection(updated), '\nnew\n');
  assert.throws(() => writeRulesSection('# no markers\n', 'x'), /rules:start/);
  assert.is(readRulesSection(`${RULES_END}${RULES_START}`), undefined);
});

test('README: the code-scanning workflow shown inline is the one in docs/workflows, word for word', () => {
  const workflow = readFileSync(path.join(ROOT, 'docs', 'workflows', 'nblint-sarif.yml'), 'utf8');
  const body = workflow.slice(workflow.indexOf('name:'));
  assert.ok(readme.includes('```yaml\n' + body + '```'), 'copy docs/workflows/nblint-sarif.yml (from `name:`) into the README');
});

test.run();
