// Names a fix may bind (a loop variable) without changing what any other name in the program means.
import type { Program, RuleContext } from '../../../lib/types.js';

const wordsCache = new WeakMap<Program, Set<string>>();

/**
 * The first of `candidates` (then `candidates[0]_2`, `_3`, ...) that no binding of the program uses and that
 * appears nowhere in its text as a word: a name read but bound elsewhere (a builtin, a magic's result) is taken too.
 * `also` holds names this fix already picked.
 */
export function freshName(context: RuleContext, candidates: readonly string[], also: ReadonlySet<string> = new Set()): string {
  const taken = (name: string) => also.has(name) || wordsOf(context).has(name);
  const free = candidates.find((name) => !taken(name));
  if (free) return free;
  for (let i = 2; ; i++) if (!taken(`${candidates[0]}_${i}`)) return `${candidates[0]}_${i}`;
}

function wordsOf(context: RuleContext): Set<string> {
  let words = wordsCache.get(context.program);
  if (!words) {
    words = new Set(context.model.bindings.map((binding) => binding.name));
    for (const unit of context.program.units) for (const word of unit.text.match(/[\p{L}_][\p{L}\p{N}_]*/gu) ?? []) words.add(word);
    wordsCache.set(context.program, words);
  }
  return words;
}
