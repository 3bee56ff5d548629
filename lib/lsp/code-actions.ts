// Fixes and suggestions as LSP code actions: workspace edits on the documents of the cells (or of the text
// document) they change. LSP 3.17 has no notebook edit, so a fix that inserts a cell (the %pip install cell)
// carries a client command that inserts it, for clients that declare they run it (initializationOptions
// { insertCells: true }, as the bundled VS Code extension does); elsewhere the new cell's lines go at the top of
// the cell it would precede, and the action says so.
import type { CodeAction, Command, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { minimalReplacement, rawReplacementsOf } from '../fix/raw-fix.js';
import type { CellInsert, LintFix, LoadedFile } from '../types.js';
import { cellIdOf, type LintTarget } from './targets.js';

export const INSERT_CELLS_COMMAND = 'nblint-mlflow.insertCells';
export const FIX_ALL_KIND = 'source.fixAll.nblint-mlflow';

export interface ClientAbilities {
  /** workspace.workspaceEdit.documentChanges: versioned edits, refused by the client when the document moved on. */
  documentChanges: boolean;
  /** The client runs INSERT_CELLS_COMMAND. */
  insertCells: boolean;
}

/** A new cell, at its index in the notebook once the cells before it are in place. */
export interface NewCell {
  index: number;
  source: string;
}

/** Edits per document index of the target, and cells to insert. */
interface Change {
  edits: Map<number, TextEdit[]>;
  cells: NewCell[];
}

/** The change a problem's fix or suggestion makes, in the target's documents. */
export function changeOfFix(target: LintTarget, file: LoadedFile, fix: LintFix): Change {
  const change: Change = { edits: new Map(), cells: [] };
  if (target.kind === 'notebook-text') {
    for (const { range, text } of rawReplacementsOf(file, fix)) addEdit(change, target.documents[0], 0, range[0], range[1], text);
    return change;
  }
  for (const edit of fix.edits) {
    const index = edit.cellIndex < 0 ? 0 : edit.cellIndex;
    addEdit(change, target.documents[index], index, edit.start, edit.end, edit.text);
  }
  const inserts = [...(fix.insertCells ?? [])].sort((a, b) => a.beforeCell - b.beforeCell);
  inserts.forEach((insert: CellInsert, k) => change.cells.push({ index: insert.beforeCell + k, source: insert.source }));
  return change;
}

/**
 * The change of fixing the whole file (the CLI's fixer, all passes): the smallest edit per changed cell, and the
 * cells the fixed notebook has that the client's does not.
 */
export function changeOfFixedText(target: LintTarget, output: string, fixed: LoadedFile | null): Change {
  const change: Change = { edits: new Map(), cells: [] };
  if (target.kind !== 'notebook' || fixed === null) {
    const document = target.documents[0];
    const { range, text } = minimalReplacement(document.getText(), output);
    if (range[0] !== range[1] || text !== '') addEdit(change, document, 0, range[0], range[1], text);
    return change;
  }
  fixed.cells.forEach((cell, outputIndex) => {
    const index = target.documents.findIndex((_, i) => cellIdOf(i) === cell.id);
    if (index < 0) {
      change.cells.push({ index: outputIndex, source: cell.source });
      return;
    }
    const document = target.documents[index];
    const before = document.getText();
    if (before === cell.source) return;
    const { range, text } = minimalReplacement(before, cell.source);
    addEdit(change, document, index, range[0], range[1], text);
  });
  return change;
}

function addEdit(change: Change, document: TextDocument, index: number, start: number, end: number, newText: string): void {
  const edits = change.edits.get(index) ?? [];
  // Two problems can share an edit (one `import mlflow`): a document gets it once.
  const range = { start: document.positionAt(start), end: document.positionAt(end) };
  if (!edits.some((e) => e.newText === newText && samePosition(e.range.start, range.start) && samePosition(e.range.end, range.end))) {
    edits.push({ range, newText });
  }
  change.edits.set(index, edits);
}

const samePosition = (a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean => a.line === b.line && a.character === b.character;

/**
 * A code action for a change; null when it changes nothing. Without the insert command, new cells become lines
 * at the top of the cell they would precede (`note` says so in the title).
 */
export function codeActionOf(
  title: string,
  kind: string,
  target: LintTarget,
  change: Change,
  abilities: ClientAbilities,
  diagnostics: Diagnostic[] = [],
  preferred = false,
): CodeAction | null {
  const edits = new Map([...change.edits].map(([index, list]) => [index, [...list]]));
  let command: Command | undefined;
  let note = '';
  if (change.cells.length > 0 && target.kind === 'notebook') {
    if (abilities.insertCells) {
      command = { title: 'Insert cells', command: INSERT_CELLS_COMMAND, arguments: [{ notebook: target.uri, cells: change.cells.map((c) => ({ ...c, kind: 'code', languageId: 'python' })) }] };
    } else {
      change.cells.forEach((cell, k) => {
        // Index among the client's cells: the cells inserted before this one are not there.
        const next = Math.min(cell.index - k, target.documents.length - 1);
        const document = target.documents[next];
        const atEnd = cell.index - k >= target.documents.length;
        const offset = atEnd ? document.getText().length : 0;
        const text = atEnd ? `\n${cell.source}` : cell.source.endsWith('\n') ? cell.source : `${cell.source}\n`;
        const list = edits.get(next) ?? [];
        list.push({ range: { start: document.positionAt(offset), end: document.positionAt(offset) }, newText: text });
        edits.set(next, list);
      });
      note = ' (new cell lines added to an existing cell: this client cannot insert cells)';
    }
  }
  if (edits.size === 0 && command === undefined) return null;
  const action: CodeAction = { title: title + note, kind, edit: workspaceEdit(target, edits, abilities) };
  if (command) action.command = command;
  if (diagnostics.length > 0) action.diagnostics = diagnostics;
  if (preferred) action.isPreferred = true;
  return action;
}

function workspaceEdit(target: LintTarget, edits: Map<number, TextEdit[]>, abilities: ClientAbilities): WorkspaceEdit {
  const entries = [...edits].sort(([a], [b]) => a - b).map(([index, list]) => [target.documents[index], list] as const);
  if (abilities.documentChanges) {
    const documentChanges: TextDocumentEdit[] = entries.map(([document, list]) => ({ textDocument: { uri: document.uri, version: document.version }, edits: list }));
    return { documentChanges };
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [document, list] of entries) changes[document.uri] = list;
  return { changes };
}
