// A real LSP client for the tests: spawns `nblint-mlflow --lsp --stdio` and speaks JSON-RPC to it with
// vscode-jsonrpc, as VS Code's language client does; keeps every diagnostics notification it receives.
import { spawn, type ChildProcess } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { BIN } from './paths.js';

export interface ClientCell {
  kind: 'code' | 'markdown' | 'raw';
  document: TextDocument;
  /** As VS Code's ipynb support sends it: nbformat's cell metadata under `metadata`. */
  metadata?: Record<string, unknown>;
}

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: (() => void)[] = [];
  private constructor(
    readonly connection: MessageConnection,
    readonly child: ChildProcess,
    readonly stderr: string[],
  ) {}

  static async start(roots: string[], initializationOptions: Record<string, unknown> = {}, args: string[] = []): Promise<LspClient> {
    const child = spawn(process.execPath, [BIN, '--lsp', '--stdio', ...args], { cwd: roots[0], stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(connection, child, stderr);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.published.push(params);
      for (const wake of client.waiters.splice(0)) wake();
    });
    connection.onNotification('window/logMessage', () => {});
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(roots[0]).href,
      workspaceFolders: roots.map((root) => ({ uri: pathToFileURL(root).href, name: root })),
      capabilities: { workspace: { workspaceEdit: { documentChanges: true } }, notebookDocument: { synchronization: {} } },
      initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /**
   * The diagnostics last published for `uri` once `ready` holds for them, among the notifications from number
   * `since` on (waits for later notifications).
   */
  async diagnostics(uri: string, ready: (p: PublishDiagnosticsParams) => boolean = () => true, since = 0, timeoutMs = 20000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.published.slice(since).filter((p) => p.uri === uri).pop();
      if (last && ready(last)) return last.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} (last: ${JSON.stringify(last)}); server stderr: ${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  openNotebook(uri: string, cells: ClientCell[], version = 1): Promise<void> {
    return this.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri, notebookType: 'jupyter-notebook', version, metadata: {}, cells: cells.map((c) => ({ kind: c.kind === 'markdown' ? 1 : 2, document: c.document.uri, ...(c.metadata ? { metadata: c.metadata } : {}) })) },
      cellTextDocuments: cells.map((c) => ({ uri: c.document.uri, languageId: c.document.languageId, version: c.document.version, text: c.document.getText() })),
    });
  }

  /** Replaces `cells[index]`'s document with the edited one and tells the server (an incremental change). */
  async editCell(notebookUri: string, notebookVersion: number, cells: ClientCell[], index: number, edit: TextEdit): Promise<void> {
    const before = cells[index].document;
    const after = TextDocument.update(before, [{ range: edit.range, text: edit.newText }], before.version + 1);
    cells[index] = { ...cells[index], document: after };
    await this.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: notebookVersion },
      change: { cells: { textContent: [{ document: { uri: after.uri, version: after.version }, changes: [{ range: edit.range, text: edit.newText }] }] } },
    });
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown').catch(() => {});
    await this.connection.sendNotification('exit').catch(() => {});
    await new Promise((resolve) => {
      if (this.child.exitCode !== null) resolve(null);
      else this.child.on('exit', resolve);
      setTimeout(resolve, 3000);
    });
    this.connection.dispose();
    this.child.kill();
  }
}

/** Applies a code action to the client's cells, as VS Code would: the edits, then the cell insertions of its command. */
export function applyAction(cells: ClientCell[], action: CodeAction, cellUri: (n: number) => string): ClientCell[] {
  const out = [...cells];
  for (const change of (action.edit as WorkspaceEdit).documentChanges as TextDocumentEdit[]) {
    const index = out.findIndex((c) => c.document.uri === change.textDocument.uri);
    if (index < 0) throw new Error(`edit for an unknown document ${change.textDocument.uri}`);
    const doc = out[index].document;
    if (change.textDocument.version !== doc.version) throw new Error(`edit for version ${change.textDocument.version} of a document at ${doc.version}`);
    const text = TextDocument.applyEdits(doc, change.edits as TextEdit[]);
    out[index] = { ...out[index], document: TextDocument.create(doc.uri, doc.languageId, doc.version + 1, text) };
  }
  if (action.command) {
    const [{ cells: inserted }] = action.command.arguments as [{ cells: { index: number; source: string }[] }];
    for (const cell of inserted) out.splice(cell.index, 0, { kind: 'code', document: TextDocument.create(cellUri(out.length), 'python', 1, cell.source) });
  }
  return out;
}
