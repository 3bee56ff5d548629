// Renders the README's rule documentation from the rules' own metadata (meta.docs, schema, messages) and the
// recommended configuration, so the README cannot drift from the code: `npm run docs` writes it, and
// test/docs.test.ts fails when the README differs from what this renders.
import type { ConfigData, Plugin, Rule, RuleEntry } from '../types.js';
import { SEVERITY_NAMES, toSeverity } from '../config/severity.js';
import { codeBlock, firstSentence, inlineCode, tableCell } from './markdown.js';
import { describeOptions } from './rule-options-doc.js';

/** Rule messages containing this say the problem is reported without a fix (see the rules' `cannotFix` texts). */
const NOT_FIXED_MARK = 'Not fixed automatically';

/** The Markdown that goes between the README's `<!-- rules:start -->` and `<!-- rules:end -->` markers. */
export function renderRulesSection(plugin: Plugin, recommendedConfig: ConfigData): string {
  const rules = Object.entries(plugin.rules);
  const entries = recommendedConfig.rules ?? {};
  const enabled = rules.filter(([id]) => severityName(entries[id]) !== 'off').length;
  const parts = [
    `The recommended configuration ([\`.eslintrc-like-config.json\`](.eslintrc-like-config.json)) turns on ` +
      `${enabled === rules.length ? `all ${rules.length}` : `${enabled} of the ${rules.length}`} rules. ` +
      '🔧 = fixed by `--fix`, 💡 = offers suggestions (in `-f json` and SARIF, never applied by `--fix`).',
    summaryTable(rules, entries),
    ...rules.map(([id, rule]) => ruleSection(id, rule, entries[id])),
  ];
  return `\n${parts.join('\n\n')}\n\n`;
}

function summaryTable(rules: [string, Rule][], entries: Record<string, RuleEntry>): string {
  const rows = rules.map(([id, rule]) => {
    const cells = [
      `[\`${id}\`](#${id})`,
      tableCell(firstSentence(rule.meta.docs.description)),
      severityName(entries[id]),
      badges(rule),
      rule.meta.type,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return ['| Rule | Description | Default | | Type |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function ruleSection(id: string, rule: Rule, entry: RuleEntry | undefined): string {
  const { meta } = rule;
  const text = meta.docs.details ?? meta.docs.description;
  const parts = [
    // The heading's anchor (backticks dropped) is the rule id, which docs.url points at.
    `### \`${id}\``,
    `Default: \`${severityName(entry)}\` · type: \`${meta.type}\``,
    sentence(text),
    fixBehaviour(rule),
    optionsPart(id, rule, entry),
  ];
  const example = meta.docs.example;
  if (example) {
    parts.push('Before:', codeBlock('python', example.before), `${afterLabel(rule)}:`, codeBlock('python', example.after));
  }
  return parts.join('\n\n');
}

/** What `--fix` does and what is only reported, from meta.fixable, meta.hasSuggestions and the messages. */
function fixBehaviour(rule: Rule): string {
  const { fixable, hasSuggestions, messages } = rule.meta;
  const reportsUnfixed = Object.values(messages).some((message) => message.includes(NOT_FIXED_MARK));
  const lines: string[] = [];
  if (fixable) {
    lines.push(
      reportsUnfixed
        ? '🔧 `--fix` rewrites what it can rewrite safely; what it cannot is only reported, and the message says why.'
        : '🔧 Fixed by `--fix`.',
    );
  }
  if (hasSuggestions) {
    lines.push(
      `💡 ${fixable ? 'Some' : 'Not fixed by `--fix`: its'} problems come with suggestions, to apply by choice ` +
        '(in `-f json` and SARIF; `--fix` never applies them).',
    );
  }
  if (lines.length === 0) lines.push('Reported only: no fix and no suggestion, the change is left to you.');
  return lines.join('\n\n');
}

function afterLabel(rule: Rule): string {
  if (rule.meta.fixable) return 'After `--fix`';
  if (rule.meta.hasSuggestions) return 'After applying the suggestions';
  return 'After the change by hand';
}

function optionsPart(id: string, rule: Rule, entry: RuleEntry | undefined): string {
  const options = describeOptions(rule.meta, effectiveDefaults(rule, entry));
  if (options.length === 0) return 'No options.';
  const rows = options.map((option) =>
    [
      inlineCode(option.name),
      tableCell(inlineCode(option.type)),
      option.defaultValue === undefined ? '' : tableCell(inlineCode(option.defaultValue)),
      tableCell((option.values ?? []).map(inlineCode).join(', ')),
    ].join(' | '),
  );
  return [
    `Options (\`"${id}": ["${severityName(entry) === 'off' ? 'error' : severityName(entry)}", {...}]\`):`,
    ['| Option | Type | Default | Values |', '| --- | --- | --- | --- |', ...rows.map((row) => `| ${row} |`)].join('\n'),
  ].join('\n\n');
}

/** The options a user gets without configuring any: the recommended entry's options over meta.defaultOptions. */
function effectiveDefaults(rule: Rule, entry: RuleEntry | undefined): unknown[] {
  const fromMeta = rule.meta.defaultOptions ?? [];
  const fromConfig = Array.isArray(entry) ? entry.slice(1) : [];
  const length = Math.max(fromMeta.length, fromConfig.length);
  return Array.from({ length }, (_, i) => {
    const base = fromMeta[i];
    const over = fromConfig[i];
    if (isPlainObject(base) && isPlainObject(over)) return { ...base, ...over };
    return over !== undefined ? over : base;
  });
}

function severityName(entry: RuleEntry | undefined): string {
  const severity = toSeverity(Array.isArray(entry) ? entry[0] : entry);
  return SEVERITY_NAMES[severity ?? 0];
}

function badges(rule: Rule): string {
  return `${rule.meta.fixable ? '🔧' : ''}${rule.meta.hasSuggestions ? '💡' : ''}`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
