// Paths kept for the whole run (the file list, the project index) are stored once per distinct text. Paths made by
// path.join / path.resolve are ropes (V8 cons strings: a node per piece the normalisation glued together), ~650
// bytes for an 80-character path against ~130 flat; and the same path reaches the index several times (a linted
// script, the controllers that submit it, their environment file). V8 keeps property names flat and once each
// in its string table: a path stored as a property name comes back as that one copy.

// A dictionary-mode holder, emptied after each use: it owns nothing.
const holder: Record<string, 0> = Object.create(null) as Record<string, 0>;

/** `text` as V8's one flat copy of it (the same characters). */
export function sharedString(text: string): string {
  holder[text] = 0;
  let shared = text;
  for (const key in holder) shared = key;
  delete holder[text];
  return shared;
}
