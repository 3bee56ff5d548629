// Turns one `context.report(descriptor)` into a LintMessage: message text, position, fix and suggestions.
import type {
  LintMessage,
  LintSuggestion,
  LoadedFile,
  Program,
  ReportDescriptor,
  Rule,
  Unit,
} from '../types.js';
import { locate } from '../positions.js';
import { firstParseError, isTooDeep } from '../python/parse.js';
import { collectEdits, doesNotParse, type DropReason, toLintFix } from './fix-edits.js';
import { messageFor, RuleDefinitionError } from './message-text.js';
import { ruleFixer } from './rule-fixer.js';

export interface ReportedProblem {
  message: LintMessage;
  /** Where the problem starts, for directives and cell tags. */
  unit: Unit;
  offset: number;
}

export function buildProblem(
  ruleId: string,
  rule: Rule,
  severity: 1 | 2,
  file: LoadedFile,
  program: Program,
  currentUnit: Unit,
  descriptor: ReportDescriptor,
): ReportedProblem {
  const unit = descriptor.unit ?? currentUnit;
  const range: [number, number] | undefined = descriptor.node
    ? [descriptor.node.from, descriptor.node.to]
    : descriptor.range;
  if (!range) throw new RuleDefinitionError(`rule '${ruleId}' reported without a node or a range`);

  const message: LintMessage = {
    ruleId,
    severity,
    message: messageFor(ruleId, rule, descriptor.messageId, descriptor.data),
    messageId: descriptor.messageId,
    ...locate(file, unit, range),
  };
  if (program.kind === 'writefile' || program.kind === 'markdown') message.programKind = program.kind;
  if (descriptor.group !== undefined) message.fixGroup = descriptor.group;

  // A problem in a unit that does not parse is still reported, but nothing in that unit is fixed (issue 7).
  const fixable = !unit.hasErrors;
  if (descriptor.fix) {
    if (!rule.meta.fixable) throw new RuleDefinitionError(`rule '${ruleId}' reported a fix but its meta.fixable is not set`);
    const fix = fixable ? toLintFix(ruleId, file, unit, collectEdits(descriptor.fix(ruleFixer))) : doesNotParse(unit);
    // A dropped fix says why: otherwise the message reads like any problem --fix would handle.
    if (typeof fix === 'string') message.message = withDropReason(message.message, fix);
    else if (fix) message.fix = fix;
  }
  if (descriptor.suggest?.length) {
    if (!rule.meta.hasSuggestions) {
      throw new RuleDefinitionError(`rule '${ruleId}' reported suggestions but its meta.hasSuggestions is not set`);
    }
    const suggestions: LintSuggestion[] = [];
    for (const s of fixable ? descriptor.suggest : []) {
      const fix = toLintFix(ruleId, file, unit, collectEdits(s.fix(ruleFixer)));
      if (!fix || typeof fix === 'string') continue; // as ESLint: a suggestion without a fix is not offered
      const desc = s.messageId ? messageFor(ruleId, rule, s.messageId, s.data) : s.desc;
      if (desc === undefined) throw new RuleDefinitionError(`rule '${ruleId}' reported a suggestion without messageId or desc`);
      suggestions.push(s.messageId ? { desc, messageId: s.messageId, fix } : { desc, fix });
    }
    if (suggestions.length) message.suggestions = suggestions;
  }
  return { message, unit, offset: range[0] };
}

function withDropReason(text: string, reason: DropReason): string {
  return `${/[.!?]$/.test(text) ? text : `${text}.`} Not fixed automatically: ${reason}`;
}

/** ESLint's fatal `Parsing error` for a unit that does not parse, at its first error; null when it parses. */
export function parsingErrorOf(file: LoadedFile, unit: Unit): LintMessage | null {
  const error = firstParseError(unit);
  if (!error) return null;
  // A point, not a range (ESLint gives a parsing error a line and a column only); editors show it as such.
  return { ruleId: null, severity: 2, fatal: true, message: `Parsing error: ${isTooDeep(unit) ? 'the code is nested too deeply to parse' : whatIsUnexpected(unit, error.from)}`, ...locate(file, unit, [error.from, error.from]) };
}

/** The token at an error, as CPython and ESLint name it: `unexpected ":"`, or the end of the line or of the code. */
function whatIsUnexpected(unit: Unit, offset: number): string {
  const rest = unit.text.slice(offset);
  const token = /^[ \t]*(\w+|[^\s\w])/.exec(rest);
  if (token) return `unexpected "${token[1]}"`;
  return /\S/.test(rest) ? 'unexpected end of line' : `unexpected end of ${unit.cellIndex >= 0 ? 'the cell' : 'the file'}`;
}
