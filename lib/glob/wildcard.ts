// Wildcard matching without backtracking blow-up: a pattern of atoms (each matches exactly one unit of the subject)
// and stars (any run of units, none included). The classic greedy algorithm retries only from the last star, so a
// match costs at most pattern length × subject length steps, whatever the pattern (`a/**/a/**/a/**/x` over a
// path 60 folders deep, `*a*a*a*a*b` over a long name), where a regular expression backtracks exponentially.

/**
 * Whether `pattern` matches all `length` units of a subject. `isStar(i)` says whether pattern item i is a star;
 * `matches(i, j)` whether (non-star) pattern item i matches subject unit j.
 */
export function wildcardMatch(
  patternLength: number,
  length: number,
  isStar: (i: number) => boolean,
  matches: (i: number, j: number) => boolean,
): boolean {
  let i = 0;
  let j = 0;
  let starAt = -1; // the last star seen
  let resumeAt = 0; // the subject unit that star currently swallows up to
  while (j < length) {
    if (i < patternLength && isStar(i)) {
      starAt = i++;
      resumeAt = j;
    } else if (i < patternLength && matches(i, j)) {
      i++;
      j++;
    } else if (starAt >= 0) {
      // Let the last star take one more unit and retry what follows it; earlier stars never need to change.
      i = starAt + 1;
      j = ++resumeAt;
    } else {
      return false;
    }
  }
  while (i < patternLength && isStar(i)) i++;
  return i === patternLength;
}
