// Text that comes from a repository (a cell's code quoted in a message, a file name) reaches the terminal or the
// Actions log: an escape sequence in it could clear the screen, rewrite earlier lines or hide text, and a bidi
// override could reorder what is shown. Such characters are printed as visible escapes instead.

// C0 controls but tab and line feed, DEL, C1 controls, bidi embeddings, overrides and isolates.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

const escapeOne = (ch: string): string => {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `text` with every control character (but tab and line feed) and bidi control shown as `\xNN` / `\uNNNN`. */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}
