// Paths made by path.join / path.resolve are ropes (V8 cons strings: a node per piece the normalisation glued
// together), ~650 bytes for an 80-character path against ~130 flat. A path kept for the whole run (the file list,
// the project index) is copied flat once; a path used and dropped is not worth it.

/** `text` as one flat string (the same characters, lone surrogates included). */
export function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
