// An MLflow metric value is a number and MLflow refuses bools (v1 took them as 0/1): the source text of a
// value as a metric, for every rule that turns v1 values into MLflow metrics.
import type { SyntaxNode } from '@lezer/common';
import type { RuleContext } from '../../../lib/types.js';
import { textOf } from '../source/text.js';

/** A bool literal becomes 1/0, an expression the model types as bool `int(...)`, anything else stays as written. */
export function metricValueText(context: RuleContext, value: SyntaxNode): string {
  const text = textOf(context.unit, value);
  if (value.name === 'Boolean') return text === 'True' ? '1' : '0';
  return context.model.valueTypeOf(context.unit, value) === 'bool' ? `int(${text})` : text;
}
