// `npm run build && node dist/bench/lsp.js`: how long the language server takes to answer, on the quickstart
// notebook and on a 280-cell notebook made of it: open → diagnostics of every cell, an edit → the edited cell's new
// diagnostics (debounce set to 0, so the figure is the lint), and the fix-all code action. Wall times, medians of 5,
// through the same stdio client as the tests.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, type ClientCell } from '../test/helpers/lsp-client.js';
import { FIXTURES, ROOT } from '../test/helpers/paths.js';

const source = JSON.parse(readFileSync(path.join(FIXTURES, 'quickstart-diabetes.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function notebook(name: string, copies: number): { uri: string; cells: ClientCell[] } {
  const uri = `file://${path.join(FIXTURES, name)}`;
  const cells: ClientCell[] = [];
  for (let k = 0; k < copies; k++) {
    for (const cell of source.cells) {
      const kind = cell.cell_type as ClientCell['kind'];
      cells.push({ kind, document: TextDocument.create(`${uri}#C${cells.length}`, kind === 'code' ? 'python' : kind, 1, cell.source.join('')) });
    }
  }
  return { uri, cells };
}

const client = await LspClient.start([ROOT], { debounceMs: 0, insertCells: true });
for (const copies of [1, 40]) {
  const open: number[] = [];
  const edit: number[] = [];
  const fixAll: number[] = [];
  for (let round = 0; round < 5; round++) {
    const { uri, cells } = notebook(`bench-${copies}-${round}.ipynb`, copies);
    const last = cells[cells.length - 1].document.uri;
    let t = performance.now();
    await client.openNotebook(uri, cells);
    await client.diagnostics(last);
    open.push(performance.now() - t);
    const target = cells.length - 2; // a cell with run.log calls
    const mark = client.published.length;
    t = performance.now();
    await client.editCell(uri, 2, cells, target, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '\n' });
    await client.diagnostics(cells[target].document.uri, (p) => p.version === 2, mark);
    edit.push(performance.now() - t);
    t = performance.now();
    await client.codeActions(cells[0].document.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.nblint-mlflow']);
    fixAll.push(performance.now() - t);
  }
  const cellsCount = source.cells.length * copies;
  console.log(`${String(cellsCount).padStart(4)} cells: open → diagnostics ${median(open).toFixed(0)} ms, edit → diagnostics ${median(edit).toFixed(0)} ms, fix-all action ${median(fixAll).toFixed(0)} ms`);
}
await client.stop();
