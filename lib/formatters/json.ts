// `-f json`: ESLint's JSON result array, with the notebook fields of the position contract on each message
// (cell, cellId, cellLine, cellColumn, cellEndLine, cellEndColumn). Fixes are given as ESLint gives them, one
// replacement `{range, text}` in the raw file text, or `fixOmitted` when that one range would be too long.
// Internal fields (`displayPath`, `file`) are not serialised. Streamed: one file at a time (no limit on file count).
import { boundedRawFixOf, type RawFix } from '../fix/raw-fix.js';
import type { LintFix, LintMessage, LintResult, LoadedFile } from '../types.js';
import { formatterOf, type FormatDefinition } from './formatter.js';

/**
 * The longest `fix.text` written. ESLint's fix is one range, so a fix that rewrites a call and adds `import mlflow`
 * cells away replaces everything between, notebook outputs included: megabytes, repeated for every such message.
 */
export const MAX_JSON_FIX_LENGTH = 16 * 1024;

/** `fixOmitted` on a message (or suggestion) whose one-range fix would be longer than MAX_JSON_FIX_LENGTH. */
export const FIX_OMITTED = `spans more than ${MAX_JSON_FIX_LENGTH / 1024} KiB of the file; use --fix-dry-run for the fixed text, or -f sarif for one replacement per change`;

interface JsonFix {
  fix?: RawFix;
  fixOmitted?: string;
}

type JsonMessage = Omit<LintMessage, 'fix' | 'suggestions'> &
  JsonFix & {
    suggestions?: ({ desc: string; messageId?: string } & JsonFix)[];
  };

function toJsonMessage(message: LintMessage, file: LoadedFile | undefined): JsonMessage {
  const { fix, suggestions, ...rest } = message;
  const raw = (lintFix: LintFix): JsonFix => {
    if (!file) return {};
    const bounded = boundedRawFixOf(file, lintFix, MAX_JSON_FIX_LENGTH);
    return bounded ? { fix: bounded } : { fixOmitted: FIX_OMITTED };
  };
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

/** ESLint's array, written as it goes: `[`, each file's object as soon as it is linted, `]`. */
export const jsonFormat: FormatDefinition<string> = {
  // The raw text is needed for `source` and to turn cell edits into raw-file fixes.
  needsSource: true,
  prepare: (result) => JSON.stringify(toJsonResult(result)),
  open(_ctx, sink) {
    let first = true;
    return {
      add(prepared) {
        sink.write(first ? `[${prepared}` : `,${prepared}`);
        first = false;
      },
      end() {
        sink.write(first ? '[]' : ']');
        return [];
      },
    };
  },
};

export const json = formatterOf(jsonFormat);
