// Maps offsets inside one decoded JSON string token back to the raw file. Computed lazily: only when a
// problem is reported or an edit written, never while loading.
import type { SourcePiece } from '../types.js';

const BACKSLASH = 92;
const LETTER_U = 117;

/**
 * Raw-file offset of decoded offset `decodedOffset` (UTF-16 units) within `piece`'s string.
 * Each escape (`\n`, `\"`, `\\`, `\/`, `\uXXXX`, ...) decodes to one UTF-16 unit, so a surrogate pair written as
 * two `\u` escapes is two units, as in the JS string. Offsets past the end clamp to just before the closing quote.
 */
export function decodedOffsetToRaw(rawText: string, piece: SourcePiece, decodedOffset: number): number {
  const contentStart = piece.rawStart + 1;
  const contentEnd = piece.rawEnd - 1;
  const firstEscape = rawText.indexOf('\\', contentStart);
  // Fast path: no escape before the target, raw and decoded offsets differ by the opening quote.
  if (firstEscape < 0 || firstEscape >= contentEnd || firstEscape - contentStart >= decodedOffset) {
    return Math.min(contentStart + decodedOffset, contentEnd);
  }
  let raw = firstEscape;
  let decoded = firstEscape - contentStart;
  while (decoded < decodedOffset && raw < contentEnd) {
    if (rawText.charCodeAt(raw) === BACKSLASH) raw += rawText.charCodeAt(raw + 1) === LETTER_U ? 6 : 2;
    else raw++;
    decoded++;
  }
  return Math.min(raw, contentEnd);
}
