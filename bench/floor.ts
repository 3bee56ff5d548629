// The floor the linter is measured against: read every file, JSON-parse it, parse every program with
// @lezer/python (each code cell, each script) and walk the tree once — nothing else.
import fs from 'node:fs';
import path from 'node:path';
import { parser } from '@lezer/python';

export function listCorpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ipynb|py)$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

// Magic lines (`%pip`, `!ls`, `%%time`) of notebook cells are blanked first, as the linter masks them: parsing
// them raw would send lezer into error recovery and make the floor slower than the real work. A script is parsed
// as written, as the linter parses it.
const MAGIC_LINE = /^[ \t]*[%!].*$/gm;
const maskMagicLines = (raw: string): string =>
  raw.includes('%') || raw.includes('!') ? raw.replace(MAGIC_LINE, (m) => ' '.repeat(m.length)) : raw;

function parseAndWalk(code: string): number {
  let nodes = 0;
  const cursor = parser.parse(code).cursor();
  do nodes++;
  while (cursor.next());
  return nodes;
}

/** The code a file holds, as the linter parses it: each code cell (magics blanked) of a notebook, or the script. */
export function codeUnitsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.py')) return [text];
  const nb = JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => maskMagicLines(Array.isArray(cell.source) ? cell.source.join('') : cell.source));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  let nodes = 0;
  for (const f of listCorpusFiles(process.argv[2])) for (const code of codeUnitsOf(f)) nodes += parseAndWalk(code);
  process.stdout.write(`${nodes}\n`);
}
