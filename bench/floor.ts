// The floor the linter is measured against: read every file, JSON-parse it, parse every program with
// @lezer/python (each code cell, each script) and walk the tree once — nothing else.
import fs from 'node:fs';
import { parser } from '@lezer/python';
import { listCorpusFiles, reportPhase } from './phase.js';

const files = listCorpusFiles(process.argv[2]);
const start = performance.now();
let codeChars = 0;
let nodes = 0;
// Magic lines (`%pip`, `!ls`, `%%time`) of notebook cells are blanked first, as the linter masks them: parsing
// them raw would send lezer into error recovery and make the floor slower than the real work. A script is parsed
// as written, as the linter parses it (there `%pip` is a syntax error, and costs the parser its recovery).
const MAGIC_LINE = /^[ \t]*[%!].*$/gm;
const maskMagicLines = (raw: string): string =>
  raw.includes('%') || raw.includes('!') ? raw.replace(MAGIC_LINE, (m) => ' '.repeat(m.length)) : raw;
const parseAndWalk = (code: string): void => {
  codeChars += code.length;
  const cursor = parser.parse(code).cursor();
  do nodes++;
  while (cursor.next());
};
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  if (f.endsWith('.py')) {
    parseAndWalk(text);
    continue;
  }
  const nb = JSON.parse(text) as { cells: { cell_type: string; source: string | string[] }[] };
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    parseAndWalk(maskMagicLines(Array.isArray(cell.source) ? cell.source.join('') : cell.source));
  }
}
reportPhase({ ms: performance.now() - start, files: files.length, codeChars, extra: nodes });
