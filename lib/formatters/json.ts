// `-f json`: ESLint's JSON result array, with the notebook fields of the position contract on each message
// (cell, cellId, cellLine, cellColumn, cellEndLine, cellEndColumn). Fixes are given as ESLint gives them, one
// replacement `{range, text}` in the raw file text. Internal fields (`displayPath`, `file`) are not serialised.
import { rawFixOf, type RawFix } from '../fix/raw-fix.js';
import type { LintFix, LintMessage, LintResult, LoadedFile } from '../types.js';
import type { Formatter } from './index.js';

type JsonMessage = Omit<LintMessage, 'fix' | 'suggestions'> & {
  fix?: RawFix;
  suggestions?: { desc: string; messageId?: string; fix?: RawFix }[];
};

function toJsonMessage(message: LintMessage, file: LoadedFile | undefined): JsonMessage {
  const { fix, suggestions, ...rest } = message;
  const raw = (lintFix: LintFix): { fix?: RawFix } => (file ? { fix: rawFixOf(file, lintFix) } : {});
  const out: JsonMessage = { ...rest, ...(fix ? raw(fix) : {}) };
  if (suggestions?.length) {
    out.suggestions = suggestions.map(({ desc, messageId, fix: suggestionFix }) => ({
      desc,
      ...(messageId ? { messageId } : {}),
      ...raw(suggestionFix),
    }));
  }
  return out;
}

function toJsonResult(result: LintResult): object {
  return {
    filePath: result.filePath,
    messages: result.messages.map((m) => toJsonMessage(m, result.file)),
    suppressedMessages: result.suppressedMessages.map((m) => toJsonMessage(m, result.file)),
    errorCount: result.errorCount,
    fatalErrorCount: result.fatalErrorCount,
    warningCount: result.warningCount,
    fixableErrorCount: result.fixableErrorCount,
    fixableWarningCount: result.fixableWarningCount,
    // As ESLint: the source is included for a file with problems that was not fixed, the output when it was.
    ...(result.output !== undefined
      ? { output: result.output }
      : result.errorCount + result.warningCount > 0 && result.source !== undefined
        ? { source: result.source }
        : {}),
    usedDeprecatedRules: [],
  };
}

export const json: Formatter = (results) => JSON.stringify(results.map(toJsonResult));
// The raw text is needed for `source` and to turn cell edits into raw-file fixes.
json.needsSource = true;
