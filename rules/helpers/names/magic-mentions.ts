// Masked magic lines (`%lprun -f train train(run)`, `x = %sql ...`) run Python the model cannot see into (the
// statement of `%time stmt` and kin is not masked: the model sees it). A rule that removes a name's binding or
// import because "nothing uses it" must also look there, as text.
import type { RuleContext } from '../../../lib/types.js';
import { unitRangeToOrigin } from '../../../lib/positions.js';

/** Whether `name` appears as a word (not as an attribute, `x.name`) in a masked magic line of the program. */
export function mentionedInMagics(context: RuleContext, name: string): boolean {
  const word = new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
  for (const unit of context.program.units) {
    const origin = unit.cellIndex >= 0 ? context.file.cells[unit.cellIndex]?.source : context.file.text;
    if (origin === undefined) continue;
    for (const [start, end] of unit.protectedRanges) {
      const range = unitRangeToOrigin(unit, start, end);
      if (range && word.test(origin.slice(range[0], range[1]))) return true;
    }
  }
  return false;
}
