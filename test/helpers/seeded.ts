// A seeded random source for tests that generate inputs: the same sequence on every run.

/** xorshift32: `random(n)` is an integer in [0, n). */
export function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}
