// How --fix parses a unit it may edit again: with tree buffers small enough for lezer to reuse nodes of the
// unit's old tree when a fix pass re-parses it (incremental-parse.ts).
import type { Tree, TreeFragment } from '@lezer/common';
import { parser } from '@lezer/python';

/**
 * Lezer reuses whole subtrees of an old tree, never part of a TreeBuffer, and nothing in a text of up to 4 buffer
 * lengths: with its default 1,024-entry buffers a 4 K script re-parsed after a fix was parsed almost whole again.
 * 256-entry buffers cut those re-parses about 3x; the nodes a cursor shows are the same.
 */
const REUSING_BUFFER_LENGTH = 256;

/**
 * `parser.parse(input, fragments)` with 256-entry buffers when `input` is long enough for reuse to pay (a short
 * cell is cheap to parse whole). Lezer's way to set the length, `parser.configure({ bufferLength })`, makes a
 * copy that V8 runs ~8% slower, and a run that uses both objects slows every parse (bench corpus: notebooks
 * +10% CPU); so the parser's own field is set for the length of the call, which is synchronous.
 */
export function parseForFix(input: string, fragments?: readonly TreeFragment[]): Tree {
  if (input.length <= 4 * REUSING_BUFFER_LENGTH) return parser.parse(input, fragments);
  const settings = parser as unknown as { bufferLength: number };
  const saved = settings.bufferLength;
  settings.bufferLength = REUSING_BUFFER_LENGTH;
  try {
    return parser.parse(input, fragments);
  } finally {
    settings.bufferLength = saved;
  }
}
