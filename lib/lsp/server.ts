// `nblint-mlflow --lsp`: a language server on stdio. Open notebooks (LSP 3.17 notebook document sync, every cell
// in order, so cross-cell analysis sees the whole notebook) and open .py documents are linted by the CLI's engine
// with the CLI's configuration lookup; problems are published per cell; fixes, suggestions and "fix all" are code
// actions. Loaded only for --lsp: a normal CLI run never imports this module.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lsp from 'vscode-languageserver/node';
import type { CodeAction, CodeActionParams, Connection, InitializeParams, InitializeResult, NotebookDocument } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintFile } from '../engine/linter.js';
import { fixFile } from '../fix/fixer.js';
import { createResolver, type LintFilesOptions } from '../lint-files.js';
import { ignoreMatcher, isSkippedFile, type IgnoreMatcher } from '../discover.js';
import { loadText } from '../notebook/load.js';
import type { ConfigResolver } from '../config/index.js';
import type { LintMessage, LoadedFile, ResolvedConfig } from '../types.js';
import { changeOfFix, changeOfFixedText, codeActionOf, FIX_ALL_KIND, type ClientAbilities } from './code-actions.js';
import { diagnosticOf, diagnosticsByDocument, documentIndexOf, rangeOf, rangesMeet, SOURCE } from './diagnostics.js';
import { LatestOnly } from './latest-only.js';
import { cellKindOf, notebookTarget, textTarget, type LintTarget } from './targets.js';
import { isOutsideRelative } from '../path-inside.js';

const { createConnection, NotebookDocuments, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind } = lsp;

/** Re-lint this long after the last change (initializationOptions.debounceMs overrides it). */
const DEFAULT_DEBOUNCE_MS = 200;

/** One lint of a target: the problems of the text the client had when it started. */
interface Linted {
  target: LintTarget;
  messages: LintMessage[];
  /** Set when the file loaded and was linted with a configuration (what fixes need). */
  file?: LoadedFile;
  config?: ResolvedConfig;
}

/** The CLI's configuration options (-c, --no-config-lookup, --rule, --ignore-pattern, --no-ignore), for every document. */
export type ServerConfigOptions = Omit<LintFilesOptions, 'cwd' | 'jobs' | 'keepSource' | 'fix'>;

export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, configOptions: ServerConfigOptions = {}): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const server = new NotebookLintServer(connection, configOptions);
  server.listen();
  return new Promise((resolve) => input.on('end', () => resolve(0)));
}

class NotebookLintServer {
  private readonly texts = new TextDocuments(TextDocument);
  private readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly latest = new LatestOnly((error) => this.logError('lint', error));
  /** Per workspace folder: its configuration resolver and its ignores (dropped when configuration files change). */
  private readonly resolvers = new Map<string, Promise<{ resolver: ConfigResolver; ignored: IgnoreMatcher }>>();
  /** The cell documents each notebook's problems were last published on (to clear cells that went away). */
  private readonly publishedCells = new Map<string, string[]>();
  /** Text documents just opened: linted at once, later changes after the debounce. */
  private readonly justOpened = new Set<string>();
  private roots: string[] = [process.cwd()];
  private abilities: ClientAbilities = { documentChanges: false, insertCells: false };
  private debounceMs = DEFAULT_DEBOUNCE_MS;

  constructor(
    private readonly connection: Connection,
    private readonly configOptions: ServerConfigOptions,
  ) {}

  listen(): void {
    const { connection, texts, notebooks } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => {
      // Configuration files changed: forget the resolvers and lint every open document again.
      connection.onDidChangeWatchedFiles(() => {
        this.resolvers.clear();
        for (const notebook of this.openNotebooks()) this.schedule(notebook.uri, 0);
        for (const document of texts.all()) this.schedule(document.uri, 0);
      });
    });
    texts.onDidOpen(({ document }) => this.justOpened.add(document.uri));
    texts.onDidChangeContent(({ document }) => this.schedule(document.uri, this.justOpened.delete(document.uri) ? 0 : this.debounceMs));
    texts.onDidSave(({ document }) => this.schedule(document.uri, 0));
    texts.onDidClose(({ document }) => this.close(document.uri, [document.uri]));
    notebooks.onDidOpen((notebook) => this.schedule(notebook.uri, 0));
    notebooks.onDidChange(({ notebookDocument }) => this.schedule(notebookDocument.uri, this.debounceMs));
    notebooks.onDidSave((notebook) => this.schedule(notebook.uri, 0));
    notebooks.onDidClose((notebook) => this.close(notebook.uri, this.publishedCells.get(notebook.uri) ?? []));
    connection.onCodeAction((params) => this.codeActions(params));
    texts.listen(connection);
    notebooks.listen(connection);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const roots = folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    if (roots.length > 0) this.roots = roots;
    const options = (params.initializationOptions ?? {}) as { debounceMs?: unknown; insertCells?: unknown };
    if (typeof options.debounceMs === 'number' && options.debounceMs >= 0) this.debounceMs = options.debounceMs;
    this.abilities = {
      documentChanges: params.capabilities.workspace?.workspaceEdit?.documentChanges === true,
      insertCells: options.insertCells === true,
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: true },
        notebookDocumentSync: {
          notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' } }, { notebook: { pattern: '**/*.ipynb' } }],
          save: true,
        },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: SOURCE },
    };
  }

  private openNotebooks(): NotebookDocument[] {
    const seen = new Map<string, NotebookDocument>();
    for (const cell of this.notebooks.cellTextDocuments.all()) {
      const notebook = this.notebooks.findNotebookDocumentForCell(cell.uri);
      if (notebook) seen.set(notebook.uri, notebook);
    }
    return [...seen.values()];
  }

  /** Lint a notebook or text document after `delay` ms; a newer change or a close cancels it. */
  private schedule(uri: string, delay: number): void {
    this.latest.schedule(uri, delay, async (isLatest) => {
      const target = this.targetOf(uri);
      if (target === null) return;
      const linted = await this.lint(target);
      // A change arrived while the configuration was read: its own lint publishes, this one is stale.
      if (isLatest()) this.publish(linted);
    });
  }

  private close(uri: string, documentUris: string[]): void {
    this.latest.cancel(uri);
    this.publishedCells.delete(uri);
    for (const documentUri of documentUris) void this.connection.sendDiagnostics({ uri: documentUri, diagnostics: [] });
  }

  /** The notebook or text document `uri` names (a cell's URI names its notebook), as it is now. */
  private targetOf(uri: string): LintTarget | null {
    const notebook = this.notebooks.getNotebookDocument(uri) ?? this.notebooks.findNotebookDocumentForCell(uri);
    if (notebook) {
      const cells = notebook.cells.flatMap((cell) => {
        const document = this.notebooks.getCellTextDocument(cell);
        return document ? [{ kind: cellKindOf(cell.kind, document.languageId), document, metadata: cell.metadata }] : [];
      });
      return notebookTarget(notebook.uri, cells, notebook.metadata, this.rootOf(notebook.uri));
    }
    const document = this.texts.get(uri);
    if (!document || !isLinted(document)) return null;
    return textTarget(document, this.rootOf(uri));
  }

  private rootOf(uri: string): string {
    const file = uri.startsWith('file:') ? safePath(uri) : null;
    const containing = file === null ? [] : this.roots.filter((root) => !isOutsideRelative(path.relative(root, file)));
    return containing.sort((a, b) => b.length - a.length)[0] ?? this.roots[0];
  }

  private resolverFor(root: string): Promise<{ resolver: ConfigResolver; ignored: IgnoreMatcher }> {
    let entry = this.resolvers.get(root);
    if (!entry) {
      entry = (async () => {
        const resolver = await createResolver({ ...this.configOptions, cwd: root });
        const ignored = await ignoreMatcher({ cwd: root, isIgnored: (abs) => resolver.isIgnored(abs), noIgnore: this.configOptions.useIgnore === false });
        return { resolver, ignored };
      })();
      this.resolvers.set(root, entry);
      entry.catch(() => this.resolvers.delete(root));
    }
    return entry;
  }

  /** Lints a target; never throws: a file that cannot be linted gets one problem saying why. */
  private async lint(target: LintTarget): Promise<Linted> {
    const { load } = target;
    if (!load.ok) return { target, messages: [fatal(`Parsing error: ${load.message}`, load.line, load.column)] };
    try {
      const root = this.rootOf(target.uri);
      const { resolver, ignored } = await this.resolverFor(root);
      // A file the CLI would skip when linting the workspace folder (ignores, checkpoints, environments) shows nothing.
      if (isSkippedFile(load.file.path, root, ignored)) return { target, messages: [] };
      const config = await resolver.forFile(load.file.path);
      return { target, messages: lintFile(load.file, config).messages, file: load.file, config };
    } catch (error) {
      this.logError(target.uri, error);
      return { target, messages: [fatal(`${SOURCE} could not lint this file: ${error instanceof Error ? error.message : String(error)}`)] };
    }
  }

  private logError(where: string, error: unknown): void {
    this.connection.console.error(`${SOURCE}: ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  private publish({ target, messages, config }: Linted): void {
    const metaOf = (ruleId: string) => config?.ruleDefinitions[ruleId]?.meta;
    const byDocument = diagnosticsByDocument(target, messages, metaOf);
    const uris = target.documents.map((d) => d.uri);
    if (target.kind === 'notebook') {
      for (const gone of (this.publishedCells.get(target.uri) ?? []).filter((uri) => !uris.includes(uri))) {
        void this.connection.sendDiagnostics({ uri: gone, diagnostics: [] });
      }
      this.publishedCells.set(target.uri, uris);
    }
    target.documents.forEach((document, i) => {
      void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: byDocument[i] });
    });
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const target = this.targetOf(params.textDocument.uri);
    if (target === null) return [];
    const index = target.documents.findIndex((d) => d.uri === params.textDocument.uri);
    const linted = await this.lint(target);
    const { file, config } = linted;
    if (index < 0 || file === undefined || config === undefined) return [];
    const only = params.context.only;
    const wants = (kind: string) => only === undefined || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    const metaOf = (ruleId: string | null) => (ruleId === null ? undefined : config.ruleDefinitions[ruleId]?.meta);

    if (wants(CodeActionKind.QuickFix)) {
      for (const message of linted.messages) {
        if (documentIndexOf(target, message) !== index || !rangesMeet(rangeOf(target, message), params.range)) continue;
        const diagnostic = diagnosticOf(target, message, metaOf(message.ruleId));
        const add = (action: CodeAction | null) => action && actions.push(action);
        if (message.fix) add(codeActionOf(`Fix this ${message.ruleId ?? SOURCE} problem`, CodeActionKind.QuickFix, target, changeOfFix(target, file, message.fix), this.abilities, [diagnostic], true));
        for (const suggestion of message.suggestions ?? []) {
          add(codeActionOf(suggestion.desc, CodeActionKind.QuickFix, target, changeOfFix(target, file, suggestion.fix), this.abilities, [diagnostic]));
        }
      }
    }
    if (wants(FIX_ALL_KIND) && linted.messages.some((m) => m.fix)) {
      const fixed = fixFile(file, config);
      if (fixed.changed) {
        const reloaded = target.kind === 'notebook' ? loadText(fixed.output, file.path, file.displayPath) : null;
        const change = changeOfFixedText(target, fixed.output, reloaded?.ok ? reloaded.file : null);
        const action = codeActionOf(`Fix all ${SOURCE} problems`, FIX_ALL_KIND, target, change, this.abilities);
        if (action) actions.push(action);
      }
    }
    return actions;
  }
}

/** Text documents the server lints: Python (any name) and notebooks opened as text. */
function isLinted(document: TextDocument): boolean {
  return document.languageId === 'python' || /\.(py|ipynb)$/i.test(document.uri.split(/[?#]/)[0]);
}

function fatal(message: string, line = 1, column = 1): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message, line, column };
}

function safePath(uri: string): string | null {
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
