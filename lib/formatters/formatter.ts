// The formatter contract. A format has two halves, so that output can stream in file order with memory flat in
// the number of files, and so that the per-file half can run on a worker thread:
// - `prepare(result)`: everything that needs the file's text (positions, fixes, hashes), without shared state; its
//   value is structured-clonable. The result and its text can be dropped right after.
// - `open(...)`: on the main thread, receives the prepared files in file order and writes text to a sink; `end`
//   gets what is only known once every file is linted (rule metas, severities, --max-warnings).
import type { LintResult, RuleMeta, Severity } from '../types.js';

export const TOOL_NAME = 'nblint-mlflow';

/** What a format knows before the first file. */
export interface StartContext {
  /** The working directory the run was started from. */
  cwd: string;
  /** Whether the output may use ANSI colours (a TTY, NO_COLOR / FORCE_COLOR, --color / --no-color). */
  color: boolean;
  /** nblint-mlflow's version (SARIF's tool.driver.version). */
  toolVersion: string;
  /** --sarif-category. */
  sarifCategory?: string;
}

/** What a format learns after the last file. */
export interface EndContext {
  /** Meta of every rule known to the run, by rule id (descriptions, docs URLs for SARIF). */
  rulesMeta: Record<string, RuleMeta>;
  /** The highest severity each enabled rule runs at over all linted files. */
  ruleSeverities?: Record<string, Severity>;
  /** Set when --max-warnings was exceeded (ESLint passes the same to its formatters). */
  maxWarningsExceeded?: { maxWarnings: number; foundWarnings: number };
}

export type FormatterContext = StartContext & EndContext;

/** What `prepare` knows about one file: the run's start, and the metas of the rules its configuration defines. */
export interface PrepareContext extends StartContext {
  rulesMeta: Record<string, RuleMeta>;
}

/** Where formatted text goes (stdout, a file, a string). */
export interface TextSink {
  write(text: string): void;
  /** Resolves once the destination has taken what was written (backpressure); absent for a string. */
  drained?(): Promise<void>;
}

/** Temporary storage for text a format must write after something only known at the end (SARIF's results). */
export interface Spool {
  append(text: string): void;
  /** UTF-8 bytes appended so far. */
  readonly bytes: number;
  /** Every appended piece, in order, each passed through `map`; then the spool is gone. */
  replay(map: (piece: string) => string, write: (text: string) => void | Promise<void>): void | Promise<void>;
}

export interface FormatWriter<P> {
  /** One prepared file, in file order. */
  add(prepared: P): void;
  /** After the last file; asynchronous only with file spools. Returns notes for stderr (e.g. over GitHub's limits). */
  end(ctx: EndContext): string[] | Promise<string[]>;
}

/** What the caller provides besides the sink. */
export interface WriterIO {
  newSpool(): Spool;
  /** Whether to check the text against limits of where it is uploaded (the CLI prints them; the array form does not). */
  checkLimits: boolean;
}

export interface FormatDefinition<P = unknown> {
  /**
   * Set when `prepare` reads `result.source` / `result.file` (ESLint's JSON `source`, SARIF fixes and line hashes).
   * Without it the raw text of each file is dropped as soon as the file is linted.
   */
  needsSource?: boolean;
  prepare(result: LintResult, ctx: PrepareContext): P;
  open(ctx: StartContext, sink: TextSink, io: WriterIO): FormatWriter<P>;
}

/** The whole-array form (tests, the programmatic API): results in, text out. */
export type Formatter = ((results: LintResult[], ctx: FormatterContext) => string) & {
  needsSource?: boolean;
  definition: FormatDefinition;
};

/** A spool in memory (the whole-array form). */
export function memorySpool(): Spool {
  const pieces: string[] = [];
  let bytes = 0;
  return {
    append(text) {
      pieces.push(text);
      bytes += Buffer.byteLength(text);
    },
    get bytes() {
      return bytes;
    },
    replay(map, write) {
      for (const piece of pieces.splice(0)) {
        const written = write(map(piece));
        if (written) throw new Error('memorySpool: the sink must be synchronous');
      }
    },
  };
}

/** The whole-array form of a format definition. */
export function formatterOf<P>(definition: FormatDefinition<P>): Formatter {
  const format = (results: LintResult[], ctx: FormatterContext): string => {
    let out = '';
    const writer = definition.open(ctx, { write: (text) => void (out += text) }, { newSpool: memorySpool, checkLimits: false });
    for (const result of results) writer.add(definition.prepare(result, ctx));
    const warnings = writer.end(ctx);
    if (warnings instanceof Promise) throw new Error('formatterOf: a format ended asynchronously with in-memory spools');
    return out;
  };
  return Object.assign(format, { needsSource: definition.needsSource, definition: definition as FormatDefinition });
}
