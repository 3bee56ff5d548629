// What the language server lints, as the engine's LoadedFile: an open notebook (its cells in order, exactly as
// the client holds them) or an open text document (a .py script, or a .ipynb opened as JSON text). Everything
// goes through the CLI's loader (loadText), so positions, fixes and parse errors are the CLI's.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isNotebookPath, loadText } from '../notebook/load.js';
import type { LoadResult } from '../types.js';
import { isOutsideRelative } from '../path-inside.js';

export type CellKind = 'code' | 'markdown' | 'raw';

/** One notebook cell as the client holds it. */
export interface CellInput {
  kind: CellKind;
  document: TextDocument;
  /** Client-side cell metadata (VS Code's ipynb serializer keeps nbformat's under `metadata` or `custom.metadata`). */
  metadata?: unknown;
}

export interface LintTarget {
  /** The notebook's URI, or the text document's. */
  uri: string;
  /** Absolute path used for configuration lookup and ignores (an extension is added when the URI has none that fits). */
  path: string;
  /**
   * `notebook`: cells are documents (origin offsets are cell offsets). `script` and `notebook-text`: one text
   * document, the raw file (a .ipynb opened as text gets raw-file positions, as the CLI's line/column).
   */
  kind: 'notebook' | 'script' | 'notebook-text';
  /** The cells' documents in notebook order, or the one text document. */
  documents: TextDocument[];
  load: LoadResult;
}

/** Cell ids the server gives the cells it lints, so fixed output can be matched back to the client's cells. */
export const cellIdOf = (index: number): string => `nblint-lsp-${index}`;

export function notebookTarget(uri: string, cells: readonly CellInput[], notebookMetadata: unknown, root: string): LintTarget {
  const filePath = withExtension(pathOfUri(uri, root), '.ipynb', true);
  const text = JSON.stringify(
    {
      cells: cells.map((cell, index) => ({
        cell_type: cell.kind,
        id: cellIdOf(index),
        metadata: { tags: cellTags(cell.metadata) },
        ...(cell.kind === 'code' ? { execution_count: null, outputs: [] } : {}),
        source: cell.document.getText(),
      })),
      metadata: kernelMetadata(notebookMetadata),
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
  return { uri, path: filePath, kind: 'notebook', documents: cells.map((c) => c.document), load: loadText(text, filePath, displayName(filePath, root)) };
}

export function textTarget(document: TextDocument, root: string): LintTarget {
  const raw = pathOfUri(document.uri, root);
  // A Python document is a script whatever its name (jupyterlab-lsp's virtual documents of notebooks are
  // named like the notebook); a .ipynb in any other language is the notebook file itself.
  const asNotebook = isNotebookPath(raw) && document.languageId !== 'python';
  const filePath = asNotebook ? raw : withExtension(raw, '.py', false);
  return {
    uri: document.uri,
    path: filePath,
    kind: asNotebook ? 'notebook-text' : 'script',
    documents: [document],
    load: loadText(document.getText(), filePath, displayName(filePath, root)),
  };
}

/** VS Code's cell kinds: 1 markup, 2 code; a code cell in the `raw` language is a raw cell. */
export function cellKindOf(kind: number, languageId: string): CellKind {
  if (kind === 1 || languageId === 'markdown') return 'markdown';
  return languageId === 'raw' ? 'raw' : 'code';
}

function pathOfUri(uri: string, root: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // a file URI with a host or bad escapes: fall through to a name under the root
    }
  }
  // untitled:Untitled-1.ipynb and other schemes: a name under the workspace root, for configuration lookup.
  const name = decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:/i, '').split(/[?#]/)[0]).split('/').filter(Boolean).pop() ?? 'untitled';
  return path.join(root, name);
}

function withExtension(filePath: string, extension: '.ipynb' | '.py', notebook: boolean): string {
  if (notebook) return isNotebookPath(filePath) ? filePath : filePath + extension;
  return isNotebookPath(filePath) ? filePath + extension : filePath;
}

function displayName(filePath: string, root: string): string {
  const rel = path.relative(root, filePath);
  return rel === '' || isOutsideRelative(rel) ? filePath : rel;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `nblint-skip` tag and others: nbformat's `tags`, where the client keeps them. */
function cellTags(metadata: unknown): string[] {
  if (!isObject(metadata)) return [];
  for (const holder of [metadata, metadata.metadata, isObject(metadata.custom) ? metadata.custom.metadata : undefined]) {
    if (isObject(holder) && Array.isArray(holder.tags)) return holder.tags.filter((tag): tag is string => typeof tag === 'string');
  }
  return [];
}

/** The notebook's kernel language, when the client sends it (the engine skips notebooks of other languages). */
function kernelMetadata(metadata: unknown): Record<string, unknown> {
  if (!isObject(metadata)) return {};
  const holder = isObject(metadata.metadata) ? metadata.metadata : metadata;
  const out: Record<string, unknown> = {};
  if (isObject(holder.kernelspec)) out.kernelspec = holder.kernelspec;
  if (isObject(holder.language_info)) out.language_info = holder.language_info;
  return out;
}
