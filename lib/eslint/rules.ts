// The built-in rules as ESLint rules, through one adapter: each ESLint rule enables its nblint-mlflow rule on the
// file's SourceCode, and on leaving the root node reports that rule's problems from the engine's single run.
// Fixes: the engine's fixes are only safe together (a run's calls are migrated all or nothing, over several
// passes), which ESLint's one-fix-per-problem loop cannot know; so every fixable problem carries the same fix,
// the file as `nblint-mlflow --fix` writes it. ESLint applies it once and its output is the CLI's, byte for byte.
// A problem's own edit, when it belongs to no group, is offered as a suggestion.
import { minimalReplacement, rawFixOf } from '../fix/raw-fix.js';
import { withDefaultOptions } from '../config/rule-options.js';
import type { LintFix, LintMessage, Rule, RuleMeta, Settings } from '../types.js';
import { NblintSourceCode } from './source-code.js';

/** What the adapter reads from ESLint's rule context. */
interface EslintContext {
  sourceCode: unknown;
  options: unknown[];
  settings: Record<string, unknown>;
  report(descriptor: EslintDescriptor): void;
}

type EslintFix = { range: [number, number]; text: string };

interface EslintDescriptor {
  message: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  fix?: () => EslintFix;
  suggest?: { desc: string; fix: () => EslintFix }[];
}

export interface EslintRule {
  meta: RuleMeta & { hasSuggestions?: boolean };
  create(context: EslintContext): Partial<Record<string, () => void>>;
}

/** The key of the ESLint `settings` object that holds nblint-mlflow's settings (pythonCellMagics, ...). */
export const SETTINGS_KEY = 'nblint-mlflow';

export function eslintRuleOf(id: string, rule: Rule): EslintRule {
  return {
    // Fixes inside markdown code blocks become suggestions (the engine's choice), so a fixable rule may suggest.
    meta: { ...rule.meta, hasSuggestions: rule.meta.hasSuggestions === true || rule.meta.fixable !== undefined },
    create(context) {
      const source = context.sourceCode;
      // Configured for a file of another language (say JavaScript): nothing to do.
      if (!(source instanceof NblintSourceCode)) return {};
      const settings = (context.settings?.[SETTINGS_KEY] ?? {}) as Settings;
      source.enable(id, rule, withDefaultOptions(rule, context.options ?? []), settings);
      const report = (): void => {
        for (const message of source.messagesOf(id)) context.report(descriptorOf(source, message));
      };
      return { 'Notebook:exit': report, 'Script:exit': report };
    },
  };
}

function descriptorOf(source: NblintSourceCode, message: LintMessage): EslintDescriptor {
  const start = { line: message.line, column: message.column };
  const descriptor: EslintDescriptor = {
    message: message.message,
    loc: { start, end: { line: message.endLine ?? start.line, column: message.endColumn ?? start.column } },
  };
  const suggest = (message.suggestions ?? []).map((s) => ({ desc: s.desc, fix: rawFix(source, s.fix) }));
  if (message.fix) {
    const fixed = source.fixedText();
    if (fixed !== null) {
      const whole = minimalReplacement(source.text, fixed);
      descriptor.fix = () => whole;
    }
    if (message.fixGroup === undefined) suggest.unshift({ desc: 'Fix only this problem', fix: rawFix(source, message.fix) });
  }
  if (suggest.length > 0) descriptor.suggest = suggest;
  return descriptor;
}

const rawFix = (source: NblintSourceCode, fix: LintFix) => (): EslintFix => rawFixOf(source.file, fix);
