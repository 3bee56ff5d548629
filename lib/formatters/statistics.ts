// --statistics: problems counted per rule (count, fixable, files), as `ruff check --statistics` prints them:
// most frequent first. Each file is reduced to its counts where it is linted, so the run never holds results.
import type { LintMessage } from '../types.js';
import type { FormatDefinition } from './formatter.js';

export interface RuleStatistics {
  /** The rule id; problems without a rule are named by kind: `(parsing error)`, `(directive)`, `(ignored file)`. */
  rule: string;
  count: number;
  /** How many of them --fix would fix. */
  fixable: number;
  /** How many files have at least one. */
  files: number;
}

/** What a problem without a rule is: a file that cannot be read, a directive problem, an explicitly named ignored file. */
export function ruleLabel(message: LintMessage): string {
  if (message.ruleId !== null) return message.ruleId;
  if (message.fatal) return '(parsing error)';
  return message.line === 0 ? '(ignored file)' : '(directive)';
}

/** One file's counts per rule: what a file contributes to the statistics (plain data, made where the file is linted). */
export type FileRuleCounts = { rule: string; count: number; fixable: number }[];

export function ruleCountsOf(messages: readonly LintMessage[]): FileRuleCounts {
  const byRule = new Map<string, { rule: string; count: number; fixable: number }>();
  for (const message of messages) {
    const rule = ruleLabel(message);
    let row = byRule.get(rule);
    if (!row) byRule.set(rule, (row = { rule, count: 0, fixable: 0 }));
    row.count++;
    if (message.fix) row.fixable++;
  }
  return [...byRule.values()];
}

export class StatisticsCollector {
  private readonly byRule = new Map<string, RuleStatistics>();

  add(counts: FileRuleCounts): void {
    for (const { rule, count, fixable } of counts) {
      let row = this.byRule.get(rule);
      if (!row) this.byRule.set(rule, (row = { rule, count: 0, fixable: 0, files: 0 }));
      row.count += count;
      row.fixable += fixable;
      row.files++;
    }
  }

  /** Most frequent first; ties by rule name. */
  rows(): RuleStatistics[] {
    return [...this.byRule.values()].sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  }
}

/** The text table (empty when there is nothing to count), or JSON rows for `-f json`. */
export function formatStatistics(rows: RuleStatistics[], asJson: boolean): string {
  if (asJson) return JSON.stringify(rows);
  if (rows.length === 0) return '';
  const header = ['count', 'fixable', 'files'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String([row.count, row.fixable, row.files][i]).length)));
  const line = (cells: (string | number)[], rule: string) =>
    `${cells.map((cell, i) => String(cell).padStart(widths[i])).join('  ')}  ${rule}`;
  return [line(header, 'rule'), ...rows.map((row) => line([row.count, row.fixable, row.files], row.rule))].join('\n');
}

/** --statistics as a format, so that it streams like the others (and runs on worker threads). */
export function statisticsFormat(asJson: boolean): FormatDefinition<FileRuleCounts> {
  return {
    prepare: (result) => ruleCountsOf(result.messages),
    open(_ctx, sink) {
      const statistics = new StatisticsCollector();
      return {
        add: (counts) => statistics.add(counts),
        end() {
          const text = formatStatistics(statistics.rows(), asJson);
          sink.write(text);
          return [];
        },
      };
    },
  };
}
