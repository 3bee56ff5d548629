// `-f stylish`: ESLint's default format, byte for byte (its text-table layout, trailing-period trimming,
// summary and fixable lines), except the position column: a notebook problem shows `cell 3:2:5`
// (cell number : line in the cell : column in the cell), a script problem `12:5` as ESLint does.
import { createRequire } from 'node:module';
import type picocolorsModule from 'picocolors';
import type { LintMessage, LintResult } from '../types.js';
import { escapeControlCharacters } from './control-chars.js';
import { formatterOf, type FormatDefinition } from './formatter.js';

// picocolors is CommonJS: required rather than imported, it skips the ES-module wrapper and its export scan, a
// few milliseconds of every run's start-up.
const require = createRequire(import.meta.url);
const loadPicocolors = (): typeof picocolorsModule => require('picocolors') as typeof picocolorsModule;

const pluralize = (word: string, count: number): string => (count === 1 ? word : `${word}s`);

/** The position column, split where ESLint's table splits it: left part right-aligned, column left-aligned. */
function position(message: LintMessage): [string, string] {
  if (message.cell !== undefined && message.cellLine !== undefined && message.cellColumn !== undefined) {
    return [`cell ${message.cell}:${message.cellLine}`, String(message.cellColumn)];
  }
  return [String(message.line || 0), String(message.column || 0)];
}

/** ESLint drops one trailing period; a %%writefile program's problems name the file they end up in. */
function messageText(message: LintMessage): string {
  const text = message.message.replace(/([^ ])\.$/u, '$1');
  const shown = message.programKind === 'writefile' && message.programName ? `${text} (${message.programName})` : text;
  return escapeControlCharacters(shown);
}

/** One file's block and the counts the summary needs. */
interface StylishFile {
  block: string;
  hasError: boolean;
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

function fileBlock(result: LintResult, color: boolean): StylishFile | null {
  if (result.messages.length === 0) return null;
  const c = loadPicocolors().createColors(color);
  let hasError = false;
  const rows = result.messages.map((message) => {
    const isError = message.fatal || message.severity === 2;
    if (isError) hasError = true;
    const ruleId = escapeControlCharacters(message.ruleId ?? '');
    return { position: position(message), type: isError ? 'error' : 'warning', text: messageText(message), ruleId };
  });
  const width = (pick: (row: (typeof rows)[number]) => string): number => Math.max(...rows.map((row) => pick(row).length));
  const leftWidth = width((row) => row.position[0]);
  const columnWidth = width((row) => row.position[1]);
  const typeWidth = width((row) => row.type);
  const textWidth = width((row) => row.text);

  const lines = rows.map((row) => {
    const [left, column] = row.position;
    const pos = ' '.repeat(leftWidth - left.length) + c.dim(`${left}:${column}`) + ' '.repeat(columnWidth - column.length);
    const type = (row.type === 'error' ? c.red : c.yellow)(row.type) + ' '.repeat(typeWidth - row.type.length);
    const text = row.text + ' '.repeat(textWidth - row.text.length);
    const ruleId = row.ruleId ? c.dim(row.ruleId) : '';
    // text-table trims each row's trailing whitespace (a fatal problem has no rule id).
    return `  ${pos}  ${type}  ${text}  ${ruleId}`.trimEnd();
  });
  const { errorCount, warningCount, fixableErrorCount, fixableWarningCount } = result;
  return { block: `${c.underline(escapeControlCharacters(result.displayPath))}\n${lines.join('\n')}\n\n`, hasError, errorCount, warningCount, fixableErrorCount, fixableWarningCount };
}

export const stylishFormat: FormatDefinition<StylishFile | null> = {
  prepare: (result, ctx) => fileBlock(result, ctx.color),
  open(ctx, sink) {
    const c = loadPicocolors().createColors(ctx.color);
    // ESLint wraps the whole text in a colour reset (nothing leaks into the shell prompt): '' without colours.
    const reset = c.reset('');
    let errorCount = 0;
    let warningCount = 0;
    let fixableErrorCount = 0;
    let fixableWarningCount = 0;
    let summaryColor = c.yellow;
    let started = false;
    return {
      add(file) {
        if (!file) return;
        if (!started) sink.write(`${reset.slice(0, reset.length / 2)}\n`);
        started = true;
        if (file.hasError) summaryColor = c.red;
        errorCount += file.errorCount;
        warningCount += file.warningCount;
        fixableErrorCount += file.fixableErrorCount;
        fixableWarningCount += file.fixableWarningCount;
        sink.write(file.block);
      },
      end() {
        // Nothing at all when there is no problem (a file with messages always counts one).
        if (!started) return [];
        const total = errorCount + warningCount;
        let summary = summaryColor(
          c.bold(
            `\u2716 ${total}${pluralize(' problem', total)} (${errorCount}${pluralize(' error', errorCount)}, ` +
              `${warningCount}${pluralize(' warning', warningCount)})\n`,
          ),
        );
        if (fixableErrorCount > 0 || fixableWarningCount > 0) {
          summary += summaryColor(
            c.bold(
              `  ${fixableErrorCount}${pluralize(' error', fixableErrorCount)} and ` +
                `${fixableWarningCount}${pluralize(' warning', fixableWarningCount)} potentially fixable with the \`--fix\` option.\n`,
            ),
          );
        }
        sink.write(summary + reset.slice(reset.length / 2));
        return [];
      },
    };
  },
};

export const stylish = formatterOf(stylishFormat);
