// Minimal text edits that add pip packages to a dependency file, keeping its formatting, comments and key order:
//   - a requirements file: new lines at the end (the file's own line ending);
//   - a conda environment file: new items at the end of the `pip:` list of `dependencies:` (block or flow
//     style, same indentation), or a `- pip:` item added at the end of `dependencies:` when there is none.
// The conda file is read with the `yaml` package (positions of every node kept); the caller passes it in.
import type * as YAML from 'yaml';
import { requirementName } from './package-names.js';

export interface FileEdit {
  start: number;
  end: number;
  text: string;
}

type Yaml = typeof YAML;

export function addToRequirements(text: string, packages: readonly string[]): FileEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { start: text.length, end: text.length, text: lead + packages.map((p) => p + eol).join('') };
}

/** Package names (normalised) of a parsed conda file: conda packages and the `pip:` list. */
export function condaDocumentPackages(yaml: Yaml, doc: YAML.Document.Parsed): Set<string> {
  const names = new Set<string>();
  const deps = doc.get('dependencies', true);
  if (!yaml.isSeq(deps)) return names;
  for (const item of deps.items) {
    if (yaml.isScalar(item) && typeof item.value === 'string') {
      const name = requirementName(item.value.replace(/[=<>!~ ].*$/, ''));
      if (name) names.add(name);
    } else if (yaml.isMap(item)) {
      const pip = item.get('pip', true);
      if (!yaml.isSeq(pip)) continue;
      for (const entry of pip.items) {
        const name = yaml.isScalar(entry) && typeof entry.value === 'string' ? requirementName(entry.value) : null;
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/** The edit adding `packages` to the conda file's pip list; null when its `dependencies:` is not a list to extend. */
export function addToConda(yaml: Yaml, text: string, doc: YAML.Document.Parsed, packages: readonly string[]): FileEdit | null {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const deps = doc.get('dependencies', true);
  if (!yaml.isSeq(deps) || deps.items.length === 0 || deps.flow) return null;
  for (const item of deps.items) {
    if (!yaml.isMap(item)) continue;
    const pip = item.get('pip', true);
    if (!yaml.isSeq(pip) || pip.items.length === 0) continue;
    const last = pip.items[pip.items.length - 1] as YAML.Node;
    if (pip.flow) {
      const at = last.range![1];
      return { start: at, end: at, text: packages.map((p) => `, ${p}`).join('') };
    }
    return appendBlockItems(text, last, packages, eol);
  }
  // No pip list yet: a `- pip:` item after the last dependency, indented like the others.
  const last = deps.items[deps.items.length - 1] as YAML.Node;
  const dash = itemDash(text, last);
  if (!dash) return null;
  const at = lineEnd(text, last.range![1]);
  const inner = `${dash.indent}    `;
  return { start: at, end: at, text: `${eol}${dash.indent}- pip:${packages.map((p) => `${eol}${inner}- ${p}`).join('')}` };
}

/** New `- name` lines after a block list's last item, at the same indentation. */
function appendBlockItems(text: string, last: YAML.Node, packages: readonly string[], eol: string): FileEdit | null {
  const dash = itemDash(text, last);
  if (!dash) return null;
  const at = lineEnd(text, last.range![1]);
  return { start: at, end: at, text: packages.map((p) => `${eol}${dash.indent}- ${p}`).join('') };
}

/** The indentation before the `-` that introduces a block list item. */
function itemDash(text: string, item: YAML.Node): { indent: string } | null {
  const start = item.range![0];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  const match = /^([ \t]*)-\s+$/.exec(before);
  return match ? { indent: match[1] } : null;
}

/** The end of the line holding `pos` (before its line break; after any trailing comment). */
function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}
