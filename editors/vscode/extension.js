// A minimal VS Code client for `nblint-mlflow --lsp`: starts the server over stdio for Python files and Jupyter
// notebooks (all cells, synced with LSP notebook documents) and runs the one client-side command the server
// needs, `nblint-mlflow.insertCells`, since LSP has no edit that adds a notebook cell.
const path = require('node:path');
const fs = require('node:fs');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('nblint-mlflow').get('path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'nblint-mlflow.cmd' : 'nblint-mlflow');
    if (fs.existsSync(local)) return local;
  }
  return 'nblint-mlflow';
}

async function insertCells({ notebook, cells }) {
  const document = vscode.workspace.notebookDocuments.find((d) => d.uri.toString() === notebook);
  if (!document) return;
  // One edit per cell, in order: each index counts the cells inserted before it.
  for (const cell of cells) {
    const edit = new vscode.WorkspaceEdit();
    const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cell.source, cell.languageId);
    edit.set(document.uri, [vscode.NotebookEdit.insertCells(cell.index, [data])]);
    await vscode.workspace.applyEdit(edit);
  }
}

exports.activate = async function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand('nblint-mlflow.insertCells', insertCells));
  const run = { command: serverCommand(), args: ['--lsp'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient(
    'nblint-mlflow',
    'nblint-mlflow',
    { run, debug: run },
    {
      // Python files; notebook cells come through notebook document sync (the server asks for jupyter-notebook).
      documentSelector: [{ scheme: 'file', language: 'python' }],
      initializationOptions: { insertCells: true },
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{.nblintrc.json,.nblintignore}') },
    },
  );
  await client.start();
};

exports.deactivate = () => client?.stop();
