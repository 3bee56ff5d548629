// Globs for `overrides[].files` / `excludedFiles` (minimatch syntax, as ESLint's eslintrc): matched with the
// non-backtracking wildcard matcher, so a repository's configuration cannot stall a run with a pattern such as
// `*a*a*a*a*a*a*a*a*b` (a regular expression backtracks exponentially on a long file name). Braces are expanded
// (up to a bound); extglobs (`@(...)`, `!(...)`, ...) and larger brace sets return null, for picomatch to handle.
import { matchParts, parseSegment, type Part } from './gitignore.js';

const MAX_ALTERNATIVES = 256;
const EXTGLOB = /[@!+*?]\(/;

/** A matcher for one glob over posix paths relative to the config's folder; null when the syntax is not covered here. */
export function pathGlob(glob: string, options: { basename: boolean }): ((relPath: string) => boolean) | null {
  if (EXTGLOB.test(glob)) return null;
  const alternatives = expandBraces(glob.replace(/^(\.\/)+/, ''));
  if (alternatives === null) return null;
  const patterns: Part[][] = [];
  for (const alternative of alternatives) {
    const parts = parseParts(alternative);
    if (parts === null) return null;
    patterns.push(parts);
  }
  return (relPath) => {
    const segments = relPath.split('/').filter((s) => s !== '');
    const subject = options.basename ? segments.slice(-1) : segments;
    return patterns.some((parts) => matchParts(parts, subject));
  };
}

function parseParts(pattern: string): Part[] | null {
  const parts: Part[] = [];
  for (const text of pattern.split('/')) {
    if (text === '') continue;
    if (text === '**') {
      if (parts[parts.length - 1] !== '**') parts.push('**');
      continue;
    }
    const atoms = parseSegment(text);
    if (atoms === null) return null;
    parts.push(atoms);
  }
  return parts;
}

/** `a{b,c{d,e}}f` → abf, acdf, acef; numeric ranges `{1..3}`; null past MAX_ALTERNATIVES. */
export function expandBraces(glob: string): string[] | null {
  let results = [''];
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) {
      results = results.map((r) => r + glob.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = matchingBrace(glob, i);
      const options = close < 0 ? null : braceOptions(glob.slice(i + 1, close));
      if (options === null) {
        results = results.map((r) => r + c);
        i++;
        continue;
      }
      const next: string[] = [];
      for (const option of options) {
        const expanded = expandBraces(option);
        if (expanded === null) return null;
        for (const r of results) for (const e of expanded) next.push(r + e);
        if (next.length > MAX_ALTERNATIVES) return null;
      }
      results = next;
      i = close + 1;
      continue;
    }
    results = results.map((r) => r + c);
    i++;
  }
  return results;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The top-level options of a brace body, or null when it is not a set (`{a}` stays literal, as in minimatch). */
function braceOptions(body: string): string[] | null {
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (Math.abs(to - from) >= MAX_ALTERNATIVES) return null;
    const step = from <= to ? 1 : -1;
    const out: string[] = [];
    for (let n = from; n !== to + step; n += step) out.push(String(n));
    return out;
  }
  const options: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      options.push(body.slice(start, i));
      start = i + 1;
    }
  }
  options.push(body.slice(start));
  return options.length > 1 ? options : null;
}
