// Ignore patterns in gitignore syntax (`ignorePatterns`, `--ignore-pattern`, `.nblintignore`), matched folder by
// folder with the non-backtracking wildcard matcher: a repository's patterns cannot stall a run, however many `**`
// or `*` they have (a regular-expression matcher, as the `ignore` package uses, takes minutes on
// `a/**/a/**/a/**/a/**/a/**/a/**/x` over a deep tree). Semantics as git's and the `ignore` package's: last match
// wins, `!` re-includes (not below an ignored folder), a trailing `/` matches folders only, a `/` at the start or
// in the middle anchors the pattern to its base folder, case is ignored.
import { wildcardMatch } from './wildcard.js';

/** One path segment's pattern: literal characters, `?`, `[...]` classes and `*`. */
export type Atom = string | '?' | '*' | { negated: boolean; members: (c: string) => boolean };
/** A path pattern: segment patterns and globstars (`**`: any number of folders). */
export type Part = Atom[] | '**';

interface Rule {
  negated: boolean;
  dirOnly: boolean;
  parts: Part[];
}

const POSIX_CLASSES: Record<string, (c: string) => boolean> = {
  alnum: (c) => /[0-9a-z]/i.test(c),
  alpha: (c) => /[a-z]/i.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => c < ' ' || c === '\x7f',
  digit: (c) => c >= '0' && c <= '9',
  graph: (c) => c > ' ' && c < '\x7f',
  lower: (c) => /[a-z]/i.test(c),
  print: (c) => c >= ' ' && c < '\x7f',
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  space: (c) => /\s/.test(c),
  upper: (c) => /[a-z]/i.test(c), // case is ignored: paths are compared in lower case
  xdigit: (c) => /[0-9a-f]/i.test(c),
};

export interface IgnoreMatcher {
  /** Whether a path relative to the patterns' base (posix separators; a folder ends with `/`) is ignored. */
  ignores(relPath: string): boolean;
}

/** A matcher for gitignore lines (each string may hold several lines). */
export function gitignoreMatcher(patterns: readonly string[]): IgnoreMatcher {
  const rules = patterns.flatMap((text) => text.split(/\r?\n/)).map(parseLine).filter((rule): rule is Rule => rule !== null);
  const folders = new Map<string, boolean>();
  const decide = (segments: string[], isDir: boolean): boolean => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.negated !== ignored || (rule.dirOnly && !isDir)) continue;
      if (matchParts(rule.parts, segments)) ignored = !rule.negated;
    }
    return ignored;
  };
  return {
    ignores(relPath) {
      const isDir = relPath.endsWith('/');
      const segments = relPath.toLowerCase().split('/').filter((s) => s !== '');
      // A file or folder inside an ignored folder is ignored, whatever later `!` patterns say (as git).
      let prefix = '';
      for (let k = 1; k < segments.length; k++) {
        prefix += `${segments[k - 1]}/`;
        let ignored = folders.get(prefix);
        if (ignored === undefined) folders.set(prefix, (ignored = decide(segments.slice(0, k), true)));
        if (ignored) return true;
      }
      return segments.length > 0 && decide(segments, isDir);
    },
  };
}

export function matchParts(parts: Part[], segments: string[]): boolean {
  return wildcardMatch(parts.length, segments.length, (i) => parts[i] === '**', (i, j) => matchSegment(parts[i] as Atom[], segments[j]));
}

function matchSegment(atoms: Atom[], segment: string): boolean {
  return wildcardMatch(atoms.length, segment.length, (i) => atoms[i] === '*', (i, j) => {
    const atom = atoms[i];
    const c = segment[j];
    if (typeof atom === 'string') return atom === '?' || atom === c;
    return atom.members(c) !== atom.negated;
  });
}

function parseLine(raw: string): Rule | null {
  let line = raw.replace(/^\uFEFF/, '');
  if (line === '' || line.startsWith('#')) return null;
  line = stripTrailingSpaces(line);
  if ((/(\\*)\/$/.exec(line)?.[1].length ?? 0) % 2 === 1) return null; // an escaped final `/`: never matches
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  const dirOnly = line.endsWith('/') && !line.endsWith('\\/');
  if (dirOnly) line = line.replace(/\/+$/, '');
  if (line === '') return null;
  const anchored = line.includes('/');
  const texts = line.replace(/^\/+/, '').split('/');
  const parts: Part[] = anchored ? [] : ['**'];
  for (const text of texts) {
    if (/^\*{2,}$/.test(text)) {
      if (parts[parts.length - 1] !== '**') parts.push('**');
      continue;
    }
    const atoms = parseSegment(text.toLowerCase());
    if (atoms === null) return null; // an unclosed `[`: git's pattern never matches
    parts.push(atoms);
  }
  // A trailing `/**` matches everything inside its folder, not the folder itself.
  if (parts.length > 1 && parts[parts.length - 1] === '**' && anchored) parts.splice(parts.length - 1, 0, ['*']);
  return { negated, dirOnly, parts };
}

/** Removes trailing spaces that are not escaped; `\ ` at the end stands for one space. */
function stripTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') {
    let slashes = 0;
    while (end - 2 - slashes >= 0 && line[end - 2 - slashes] === '\\') slashes++;
    if (slashes % 2 === 1) break; // `\ `: an escaped space, kept
    end--;
  }
  return line.slice(0, end);
}

export function parseSegment(text: string): Atom[] | null {
  const atoms: Atom[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) atoms.push(text[++i]);
    else if (c === '*') {
      if (atoms[atoms.length - 1] !== '*') atoms.push('*');
    } else if (c === '?') atoms.push('?');
    else if (c === '[') {
      const parsed = parseClass(text, i);
      if (parsed === null) return null;
      atoms.push(parsed.atom);
      i = parsed.end;
    } else atoms.push(c);
  }
  return atoms;
}

/** A `[...]` class starting at `start`: members, ranges, `[:alpha:]`, `!` or `^` to negate; null when unclosed. */
function parseClass(text: string, start: number): { atom: Atom; end: number } | null {
  let i = start + 1;
  const negated = text[i] === '!' || text[i] === '^';
  if (negated) i++;
  const tests: ((c: string) => boolean)[] = [];
  let first = true;
  for (; i < text.length; i++) {
    let c = text[i];
    if (c === ']' && !first) return { atom: { negated, members: (x) => tests.some((t) => t(x)) }, end: i };
    first = false;
    if (c === '[' && text[i + 1] === ':') {
      const close = text.indexOf(':]', i + 2);
      const posix = close < 0 ? undefined : POSIX_CLASSES[text.slice(i + 2, close)];
      if (close >= 0 && !posix) return null;
      if (posix) {
        tests.push(posix);
        i = close + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < text.length) c = text[++i];
    if (text[i + 1] === '-' && i + 2 < text.length && text[i + 2] !== ']') {
      let to = text[i + 2];
      i += 2;
      if (to === '\\' && i + 1 < text.length) to = text[++i];
      const from = c;
      if (from <= to) tests.push((x) => x >= from && x <= to);
      continue;
    }
    const member = c;
    tests.push((x) => x === member);
  }
  return null;
}
