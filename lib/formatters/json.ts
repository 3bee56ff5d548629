// `-f json`: ESLint's JSON result array, with the notebook fields of the position contract on each message
// (cell, cellId, cellLine, cellColumn, cellEndLine, cellEndColumn). Internal fields are not serialised:
// `displayPath`, `file`, and fixes, which are cell-source edits rather than ESLint's raw-file {range, text}.
import type { LintMessage, LintResult } from '../types.js';
import type { Formatter } from './index.js';

type JsonMessage = Omit<LintMessage, 'fix' | 'suggestions'> & { suggestions?: { desc: string; messageId?: string }[] };

function toJsonMessage(message: LintMessage): JsonMessage {
  const { fix: _fix, suggestions, ...rest } = message;
  const out: JsonMessage = rest;
  if (suggestions?.length) {
    out.suggestions = suggestions.map(({ desc, messageId }) => (messageId ? { desc, messageId } : { desc }));
  }
  return out;
}

function toJsonResult(result: LintResult): object {
  return {
    filePath: result.filePath,
    messages: result.messages.map(toJsonMessage),
    suppressedMessages: result.suppressedMessages.map((m) => ({ ...toJsonMessage(m), suppressions: m.suppressions })),
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
json.needsSource = true;
