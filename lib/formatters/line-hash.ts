// partialFingerprints.primaryLocationLineHash, computed exactly as GitHub's upload-sarif action computes it, so
// code scanning keeps tracking an alert when lines above it move (an unrelated cell inserted above a call).
//
// A faithful port of `hash()` in github/codeql-action src/fingerprints.ts: a rolling hash (base 37, 64-bit
// wrap-around arithmetic, done there with `Long`) over the first 100 characters from the start of each line,
// spaces and tabs skipped, CR / LF / CRLF all read as '\n', a 65535 sentinel at the end of the text, then '\0'
// padding. A hash seen before gets the next `:count` suffix. Checked against that file's own test vectors
// (test/sarif.test.ts).
//
// 64-bit values are kept as two unsigned 32-bit halves in plain numbers (every product below is under 2^53, so
// exact) and no allocation per character: notebooks can be many megabytes.

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const EOF = 65535;
const BLOCK_SIZE = 100;
const MOD = 37;
const TWO_32 = 0x1_0000_0000;
const TWO_M32 = 1 / TWO_32;

/** MOD^BLOCK_SIZE mod 2^64 as [hi, lo]: the weight of the character leaving the window. */
const [FIRST_MOD_HI, FIRST_MOD_LO] = (() => {
  let hi = 0;
  let lo = 1;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const product = lo * MOD;
    const carry = Math.floor(product / TWO_32);
    lo = product - carry * TWO_32;
    hi = (hi * MOD + carry) % TWO_32;
  }
  return [hi, lo];
})();

/**
 * Calls `emit(lineNumber, hash)` for every line of `text` (1-based, in order), as codeql-action's `hash()` does.
 * `emit` may return true to stop early (the caller has every line it wants).
 */
export function hashLines(text: string, emit: (lineNumber: number, hash: string) => boolean | void): void {
  const window = new Uint16Array(BLOCK_SIZE);
  // lineNumbers[i]: the line that starts at window position i, or -1.
  const lineNumbers = new Int32Array(BLOCK_SIZE).fill(-1);
  // [hi, lo]: a typed array, so updates do not box numbers above 2^31 the closures share.
  const hash = new Float64Array(2);
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  let stopped = false;
  const hashCounts = new Map<string, number>();

  const outputHash = (): void => {
    const value = hash[0] === 0 ? hash[1].toString(16) : hash[0].toString(16) + hash[1].toString(16).padStart(8, '0');
    const count = (hashCounts.get(value) ?? 0) + 1;
    hashCounts.set(value, count);
    if (emit(lineNumbers[index], `${value}:${count}`) === true) stopped = true;
    lineNumbers[index] = -1;
  };

  // hash = MOD · hash + current − FIRST_MOD · begin (mod 2^64), begin being the character leaving the window.
  // `x >>> 0` is x mod 2^32 and `(x * TWO_M32) | 0` its carry, exact for the integers below 2^53 used here.
  const updateHash = (current: number): void => {
    const begin = window[index];
    window[index] = current;
    const x = hash[1] * MOD + current;
    let lo = x >>> 0;
    let hi = (hash[0] * MOD + ((x * TWO_M32) | 0)) >>> 0;
    if (begin !== 0) {
      const y = FIRST_MOD_LO * begin;
      const diff = lo - (y >>> 0);
      lo = diff >>> 0;
      hi = (hi - ((FIRST_MOD_HI * begin + ((y * TWO_M32) | 0)) >>> 0) - (diff < 0 ? 1 : 0)) >>> 0;
    }
    hash[0] = hi;
    hash[1] = lo;
    index = index === BLOCK_SIZE - 1 ? 0 : index + 1;
  };

  for (let i = 0, len = text.length; i <= len && !stopped; i++) {
    let current = i === len ? EOF : text.charCodeAt(i);
    // Skip tabs, spaces, and a line feed that directly follows a carriage return.
    if (current === SPACE || current === TAB || (prevCR && current === LF)) {
      prevCR = false;
      continue;
    }
    if (current === CR) {
      current = LF;
      prevCR = true;
    } else {
      prevCR = false;
    }
    if (lineNumbers[index] !== -1) outputHash();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    updateHash(current);
  }

  // Flush the lines still inside the window.
  for (let i = 0; i < BLOCK_SIZE && !stopped; i++) {
    if (lineNumbers[index] !== -1) outputHash();
    updateHash(0);
  }
}

/** The primaryLocationLineHash of each wanted line (1-based) of `text`. */
export function lineHashes(text: string, wanted: Iterable<number>): Map<number, string> {
  const want = new Set(wanted);
  const found = new Map<number, string>();
  if (want.size === 0) return found;
  hashLines(text, (line, hash) => {
    if (want.has(line)) found.set(line, hash);
    return found.size === want.size;
  });
  return found;
}
