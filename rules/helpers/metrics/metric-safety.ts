// Why rewriting a v1 value or name into an MLflow metric could raise where v1 did not: MLflow's log_metric takes
// only numbers (not bools: those become 0/1) and names that match its rules, while v1 logged anything. In words
// for a message, naming where a doubtful value comes from.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext } from '../../../lib/types.js';
import { stringLiteralValue } from '../../../lib/python/nodes.js';
import { mlflowNameProblem } from './mlflow-name.js';
import { textOf } from '../source/text.js';
import { brief } from '../messages/brief.js';
import { whereText } from '../messages/where.js';

export interface ValueDoubt {
  /** Why, as a clause: "the type of `acc` is not known before the code runs (it comes from ...)". */
  reason: string;
  /** True when the value is known not to be a number (None, a list, a dict): a log_metric suggestion would be wrong. */
  notANumber: boolean;
}

const SHAPES = { none: 'None', list: 'a list', dict: 'a dict' } as const;

/** Null when the value is a number or a bool (or a string, which other rules handle). */
export function metricValueDoubt(context: RuleContext, value: SyntaxNode): ValueDoubt | null {
  const unit = context.unit;
  if (context.model.valueTypeOf(unit, value) !== 'unknown') return null;
  const source = context.model.valueSourceOf?.(unit, value);
  const shown = `\`${brief(textOf(unit, value))}\``;
  if (!source) return { reason: `the type of ${shown} is not known before the code runs`, notANumber: false };
  const elsewhere = source.unit !== unit || source.node.from !== value.from || source.node.to !== value.to;
  const origin = elsewhere ? `\`${brief(textOf(source.unit, source.node))}\` at ${whereText(context, source.unit, source.node)}` : '';
  const note = source.note ? ` (${source.note})` : '';
  if (source.known !== 'unknown') {
    return { reason: `${shown} is ${SHAPES[source.known]}${origin ? `, from ${origin}` : ''}${note}`, notANumber: true };
  }
  return { reason: `the type of ${shown} is not known before the code runs${origin ? `: it comes from ${origin}` : ''}${note}`, notANumber: false };
}

/** Why MLflow would refuse a literal metric name (`"ok ✓"`), or null. */
export function metricNameDoubt(context: RuleContext, name: SyntaxNode | undefined, suffix = ''): string | null {
  const literal = name ? stringLiteralValue(context.unit, name) : null;
  if (literal === null || mlflowNameProblem(literal + suffix) === null) return null;
  return `MLflow rejects the metric name ${brief(JSON.stringify(literal + suffix))} (see mlflow-metric-name)`;
}
