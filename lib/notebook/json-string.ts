// Maps offsets inside one decoded JSON string token back to the raw file. Computed lazily: only when a
// problem is reported or an edit written, never while loading.
import type { SourcePiece } from '../types.js';

const BACKSLASH = 92;
const LETTER_U = 117;

/** Where a piece's escapes are: decoded and raw offsets of each, found once per piece (problems map many offsets). */
interface Escapes {
  decoded: number[];
  raw: number[];
}

const escapesCache = new WeakMap<SourcePiece, Escapes>();

function escapesOf(rawText: string, piece: SourcePiece): Escapes {
  let found = escapesCache.get(piece);
  if (found) return found;
  found = { decoded: [], raw: [] };
  const contentStart = piece.rawStart + 1;
  const contentEnd = piece.rawEnd - 1;
  let decoded = 0;
  for (let raw = contentStart; raw < contentEnd; decoded++) {
    if (rawText.charCodeAt(raw) === BACKSLASH) {
      found.decoded.push(decoded);
      found.raw.push(raw);
      raw += rawText.charCodeAt(raw + 1) === LETTER_U ? 6 : 2;
    } else raw++;
  }
  escapesCache.set(piece, found);
  return found;
}

/**
 * Raw-file offset of decoded offset `decodedOffset` (UTF-16 units) within `piece`'s string.
 * Each escape (`\n`, `\"`, `\\`, `\/`, `\uXXXX`, ...) decodes to one UTF-16 unit, so a surrogate pair written as
 * two `\u` escapes is two units, as in the JS string. Offsets past the end clamp to just before the closing quote.
 * Logarithmic in the piece's escapes after a first linear scan of the piece.
 */
export function decodedOffsetToRaw(rawText: string, piece: SourcePiece, decodedOffset: number): number {
  const contentStart = piece.rawStart + 1;
  const contentEnd = piece.rawEnd - 1;
  const { decoded, raw } = escapesOf(rawText, piece);
  // The last escape that starts before the target offset.
  let low = 0;
  let high = decoded.length - 1;
  let k = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (decoded[mid] < decodedOffset) {
      k = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (k < 0) return Math.min(contentStart + decodedOffset, contentEnd);
  const escapeLength = rawText.charCodeAt(raw[k] + 1) === LETTER_U ? 6 : 2;
  return Math.min(raw[k] + escapeLength + (decodedOffset - decoded[k] - 1), contentEnd);
}
