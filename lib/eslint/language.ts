// The two ESLint languages (ESLint v9.7+ Language API): `notebook` for .ipynb files and `python` for .py
// scripts. Parsing is the CLI's loader (loadText), so a file ESLint reads is the file the CLI reads, and
// ESLint's line and column are the CLI's raw-file positions (both 1-based).
import { isNotebookPath, loadText } from '../notebook/load.js';
import { NblintSourceCode, type RootNode, type RootType } from './source-code.js';

/** ESLint's File (the fields read here). */
interface EslintFile {
  body: string | Uint8Array;
  path: string;
  physicalPath?: string;
}

type ParseResult = { ok: true; ast: RootNode; file: import('../types.js').LoadedFile } | { ok: false; errors: { message: string; line: number; column: number }[] };

export class NblintLanguage {
  readonly fileType = 'text';
  readonly lineStart = 1;
  readonly columnStart = 1;
  readonly nodeTypeKey = 'type';
  readonly visitorKeys = { Notebook: [], Script: [] };
  readonly defaultLanguageOptions = {};

  constructor(private readonly rootType: RootType) {}

  /** No language options: behaviour is configured through rule options and `settings["nblint-mlflow"]`. */
  validateLanguageOptions(options: Record<string, unknown>): void {
    const unknown = Object.keys(options ?? {});
    if (unknown.length > 0) throw new TypeError(`nblint-mlflow languages take no language options (got ${unknown.join(', ')}).`);
  }

  parse(file: EslintFile): ParseResult {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    const filePath = this.pathFor(file.physicalPath ?? file.path);
    const loaded = loadText(text, filePath, file.path);
    if (!loaded.ok) return { ok: false, errors: [{ message: loaded.message, line: loaded.line ?? 1, column: loaded.column ?? 1 }] };
    const lines = text.split(/\r\n|[\r\n\u2028\u2029]/);
    const end = { line: lines.length, column: lines[lines.length - 1].length + 1 };
    return { ok: true, file: loaded.file, ast: { type: this.rootType, range: [0, text.length], loc: { start: { line: 1, column: 1 }, end } } };
  }

  createSourceCode(_file: EslintFile, result: Extract<ParseResult, { ok: true }>): NblintSourceCode {
    return new NblintSourceCode(result.ast, result.file);
  }

  /** The loader tells notebooks from scripts by name: a file given to a language is read as that language. */
  private pathFor(filePath: string): string {
    const notebook = isNotebookPath(filePath);
    if (this.rootType === 'Notebook') return notebook ? filePath : `${filePath}.ipynb`;
    return notebook ? `${filePath}.py` : filePath;
  }
}
