// MLflow's rules for metric, param and tag keys (mlflow/utils/validation.py), mirrored exactly: since MLflow
// 2.16 (mlflow/mlflow PR #12943) `^[/\w.\- :]*$` with Python's Unicode `\w` (`:` is refused on Windows and by
// older servers: `^[/\w.\- ]*$`), at most 250 characters, and a normalized relative path.

/**
 * Python's `\w` on str is `[\p{L}\p{N}_]` (combining marks are NOT word characters); checked against
 * CPython 3.11's `re` on every assigned code point. Python's `$` also matches before one final `\n`.
 */
const VALID_CHARACTERS = /^[/\p{L}\p{N}_.\- :]*\n?$/u;
/** The same test for ASCII names (nearly all of them): compiling the Unicode classes costs ms at start-up. */
const VALID_ASCII = /^[/A-Za-z0-9_.\- :]*\n?$/;
const INVALID_CHARACTER = /[^/\p{L}\p{N}_.\- :]/gu;

/** Which MLflow to follow: `allowColon: false` for servers older than 2.16 and for Windows. */
export interface NameRules {
  allowColon: boolean;
}
export const CURRENT_MLFLOW: NameRules = { allowColon: true };

/** MAX_ENTITY_KEY_LENGTH, counted in code points as Python counts `len(key)`. */
export const MAX_KEY_LENGTH = 250;

export type NameProblem = 'characters' | 'length' | 'path';

/** Why MLflow rejects `name` as a key, or null when it accepts it. */
export function mlflowNameProblem(name: string, rules: NameRules = CURRENT_MLFLOW): NameProblem | null {
  if (!VALID_ASCII.test(name) && !VALID_CHARACTERS.test(name)) return 'characters';
  if (!rules.allowColon && name.includes(':')) return 'characters';
  if ([...name].length > MAX_KEY_LENGTH) return 'length';
  const norm = posixNormpath(name);
  if (norm !== name || norm === '.' || norm.startsWith('..') || norm.startsWith('/')) return 'path';
  return null;
}

/**
 * A name MLflow accepts, as close to `name` as possible: each invalid character becomes `_`
 * (`prec@1` → `prec_1`), empty and `.` path segments go, `..` becomes `__`, and it is cut to 250.
 */
export function sanitizeMlflowName(name: string, rules: NameRules = CURRENT_MLFLOW): string {
  const valid = name.replace(INVALID_CHARACTER, '_');
  const characters = rules.allowColon ? valid : valid.replaceAll(':', '_');
  const segments = characters
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => (segment === '..' ? '__' : segment));
  // MLflow also rejects any name that starts with `..` (`..a`).
  const joined = [...(segments.join('/') || '_').replace(/^\.\./, '_.')].slice(0, MAX_KEY_LENGTH).join('');
  return joined.endsWith('/') ? `${joined.slice(0, -1)}_` : joined;
}

/** Python's posixpath.normpath, for the "does not resolve to another name" check. */
export function posixNormpath(path: string): string {
  if (path === '') return '.';
  // POSIX keeps exactly two leading slashes; three or more collapse to one.
  const leading = path.startsWith('/') ? (path.startsWith('//') && !path.startsWith('///') ? 2 : 1) : 0;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (!leading && out.length === 0) || (out.length > 0 && out[out.length - 1] === '..')) out.push(part);
    else if (out.length > 0) out.pop();
  }
  const joined = '/'.repeat(leading) + out.join('/');
  return joined || '.';
}
