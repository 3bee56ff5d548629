// The contracts between the pipeline's stages (design.md):
//   discover → load (LoadedFile) → programs (Program/Unit) → parse (Unit.tree) → model (Model)
//   → rules (Rule, RuleContext) → problems (LintMessage with CellEdit fixes) → formatters / fixer → writer.
// Every stage owns one module; this file only says what crosses the boundaries.
import type { SyntaxNode, Tree } from '@lezer/common';

// ───────────────────────────── load ─────────────────────────────

/** One JSON string token of a cell's `source` value in the raw file. */
export interface SourcePiece {
  /** Raw-file offset of the opening quote. */
  rawStart: number;
  /** Raw-file offset just past the closing quote. */
  rawEnd: number;
  /** Offset in the decoded cell source where this piece's text begins. */
  decodedStart: number;
  /** Length of the decoded text of this piece. */
  decodedLength: number;
}

export interface CellRecord {
  /** 0-based index among all cells (markdown and raw included). Humans see index + 1. */
  index: number;
  cellType: string; // 'code' | 'markdown' | 'raw'
  /** nbformat ≥ 4.5 cell id, when present. */
  id?: string;
  /** The decoded source, joined, exactly as Jupyter shows it. */
  source: string;
  /** metadata.tags (e.g. 'nblint-skip'). */
  tags: string[];
  /** Raw-file range [start, end) of the whole `source` JSON value (array or string). */
  sourceValueRange: [number, number];
  sourceForm: 'list' | 'string';
  /** The JSON string tokens that make up `source`, in order. */
  pieces: SourcePiece[];
  /** Raw-file range [start, end) of the whole cell object ({...}). */
  cellRange: [number, number];
}

export interface LoadedFile {
  /** Absolute path. */
  path: string;
  /** Path as shown to users: relative to cwd when inside it. */
  displayPath: string;
  kind: 'notebook' | 'script';
  /** The raw file text, as read (a leading BOM is kept out of nothing: offsets are into this string). */
  text: string;
  /** Notebook cells in order; empty for scripts. */
  cells: CellRecord[];
  /** [nbformat, nbformat_minor] for notebooks. */
  nbformat?: [number, number];
  /** Kernel language when declared (metadata.kernelspec.language / language_info.name). */
  language?: string;
}

export type LoadResult =
  | { ok: true; file: LoadedFile }
  | { ok: false; path: string; displayPath: string; message: string; /** 1-based, where known (invalid JSON). */ line?: number; column?: number };

// ───────────────────────────── programs ─────────────────────────────

/** A contiguous run of unit text that comes verbatim (same length) from its origin. */
export interface Segment {
  unitStart: number;
  /** Offset in the origin text: the cell's decoded source, or the raw script text. */
  originStart: number;
  length: number;
}

/**
 * One parse unit: the Python text of one cell (or one script, one %%writefile body, one markdown
 * fenced block). Units of one Program share one namespace (cells of a notebook, in order).
 */
export interface Unit {
  /** Python text given to the parser. Magic lines are masked with same-length Python. */
  text: string;
  /** Cell index (0-based) this unit came from; -1 for a .py script. */
  cellIndex: number;
  /** Maps unit offsets back to origin offsets. Unit text outside every segment is synthetic (a prefix). */
  segments: Segment[];
  /** Unit-coordinate ranges [start, end) holding masked magics or synthetic text: never edited. */
  protectedRanges: [number, number][];
  /** The notebook's line break, for a unit whose own text has none (a one-line cell of a CR-only notebook). */
  lineBreak?: '\r\n' | '\r' | '\n';
  /** Filled by the parse stage. */
  tree?: Tree;
  /** True when the tree has an error node anywhere (rules still run; fixes never touch error regions). */
  hasErrors?: boolean;
}

export interface Program {
  kind: 'notebook' | 'writefile' | 'markdown' | 'script';
  /** For 'writefile': the target path as written in the magic; otherwise the file's displayPath. */
  name: string;
  units: Unit[];
}

// ───────────────────────────── model ─────────────────────────────

export type V1Class = 'Workspace' | 'Experiment' | 'Run' | 'ScriptRunConfig' | 'Environment' | 'Other';
export type RunKind = 'interactive' | 'context' | 'remote' | 'child' | 'parent' | 'unknown';

/** What a v1 expression evaluates to. */
export interface V1Value {
  kind: 'workspace' | 'experiment' | 'run';
  /** For runs: how it was obtained (migration-map.md "How v1 code gets its objects"). */
  runKind?: RunKind;
}

export type ValueType = 'number' | 'bool' | 'string' | 'unknown';

/** Where a value that is not a known number, bool or string comes from (Model.valueSourceOf), for messages. */
export interface ValueSource {
  /** The expression the doubt comes from: an assignment's value, a call, an argparse `add_argument(...)`. */
  unit: Unit;
  node: SyntaxNode;
  /** 'unknown': anything at all; else a value that is never a number: None, a list (or tuple), a dict. */
  known: 'unknown' | 'none' | 'list' | 'dict';
  /** Why, when the expression does not say it (`it is None when --lr is not given`). */
  note: string | null;
}

/** A name bound in a program (assignment, tuple target, with-as, for target, import, def). */
export interface Binding {
  name: string;
  /** The unit and the VariableName node that binds it. */
  unit: Unit;
  node: SyntaxNode;
  /** v1 object held, if any. */
  value: V1Value | null;
  valueType: ValueType;
  /** Every reference (VariableName nodes that read this binding), in program order. */
  references: { unit: Unit; node: SyntaxNode }[];
}

/** The semantic model of one Program; built once, asked by every rule. */
export interface Model {
  /** The v1 object an expression evaluates to (a name, a call like Run.get_context(), run.parent, ...). */
  v1ValueOf(unit: Unit, expr: SyntaxNode): V1Value | null;
  /** Which azureml.core class an expression names (`Experiment`, `Exp` alias, `aml.Experiment`, `azureml.core.Run`). */
  v1ClassOf(unit: Unit, expr: SyntaxNode): V1Class | null;
  /** Value-type guess for an argument expression. */
  valueTypeOf(unit: Unit, expr: SyntaxNode): ValueType;
  /**
   * For an expression whose type is not a known number, bool or string: what is known and where the value comes
   * from; null when the type is known. Optional for fakes; the built-in model implements it.
   */
  valueSourceOf?(unit: Unit, expr: SyntaxNode): ValueSource | null;
  /** The type of one element of an iterable expression (`for x in expr`). Optional for fakes. */
  elementTypeOf?(unit: Unit, expr: SyntaxNode): ValueType;
  /** True when an expression is an argparse Namespace (`parser.parse_args()`). Optional for fakes. */
  isArgparseNamespace?(unit: Unit, expr: SyntaxNode): boolean;
  /** The binding a VariableName reference (or defining node) resolves to. */
  bindingOf(unit: Unit, nameNode: SyntaxNode): Binding | null;
  /**
   * The dotted name an expression denotes through imports (`mf.log_metric` with `import mlflow as mf` →
   * 'mlflow.log_metric'; `RunDetails` from `from azureml.widgets import RunDetails` → 'azureml.widgets.RunDetails');
   * null when it is not an imported name. Optional for fakes; the built-in model implements it.
   */
  qualifiedNameOf?(unit: Unit, expr: SyntaxNode): string | null;
  /**
   * The call that made the run or experiment an expression evaluates to, when one call did: `exp.start_logging()`,
   * `run.child_run()`, `Experiment(ws, name)`. Null for other objects (Run.get_context(), remote runs) or when it
   * cannot be followed. Optional for fakes; the built-in model implements it.
   */
  v1OriginOf?(unit: Unit, expr: SyntaxNode): { unit: Unit; node: SyntaxNode } | null;
  /** All bindings, in program order. */
  readonly bindings: readonly Binding[];
  /**
   * The names a plain name may stand for through imports and aliases anywhere in the program (`from m import A as B`,
   * `B = m.A`, `C = B`: for 'C', 'B' and 'A'). The engine's call name filter reads it. Optional for fakes.
   */
  aliasesOf?(name: string): readonly string[];
  /**
   * Whether the program exports `name` through a module-level `__all__` (any name when `__all__` is computed).
   * Optional for fakes; the built-in model implements it.
   */
  isExported?(name: string): boolean;
  /** For a binding made by an import, the module or object it binds (`import json` → 'json'); else null. */
  importOf?(binding: Binding): string | null;
  /** The local name bound to the `mlflow` module (`import mlflow` → 'mlflow', `import mlflow as mf` → 'mf'); null if none. */
  readonly mlflowName: string | null;
  /** True when the program imports anything from azureml (any form). */
  readonly usesAzureml: boolean;
  /** True when the program imports or uses mlflow. */
  readonly usesMlflow: boolean;
  /** Import statements of azureml (unit + ImportStatement node), for rules that rewrite or remove them. */
  readonly azuremlImports: readonly { unit: Unit; node: SyntaxNode }[];
}

// ───────────────────────────── project ─────────────────────────────

/**
 * Cross-file answers (design.md "The project around the files"), built once per run over the linted tree:
 * rules stay per file and ask it about the jobs around them.
 */
export interface ProjectModel {
  /**
   * Whether the script at this absolute path logs with MLflow once fixed (a .py file, or the body a linted
   * notebook's `%%writefile` writes there); null when it cannot be read.
   */
  scriptTracks(scriptPath: string): boolean | null;
  /** The controllers (notebooks, scripts) and job YAML files that run this script as a job; empty when none does. */
  submittersOf(scriptPath: string): string[];
  /** Trees the project index parsed, for the lint of the same unit text to take (each once). */
  readonly parsedTrees?: { take(text: string): Tree | undefined };
}

// ───────────────────────────── rules ─────────────────────────────

export type Severity = 0 | 1 | 2;
export type SeverityString = 'off' | 'warn' | 'error';
export type RuleLevel = Severity | SeverityString;
export type RuleEntry = RuleLevel | [RuleLevel, ...unknown[]];

export interface RuleDocs {
  description: string;
  recommended: boolean;
  url?: string;
  /** Before/after example, written once, reused by README, SARIF help and --help. */
  example?: { before: string; after: string };
  /** Longer hand-written text for the rule's README section, when the description is not enough (README only). */
  details?: string;
}

export interface RuleMeta {
  type: 'problem' | 'suggestion' | 'layout';
  docs: RuleDocs;
  fixable?: 'code';
  hasSuggestions?: boolean;
  messages: Record<string, string>;
  /** JSON Schema(s) for the options array (ESLint style: an array of item schemas, or one schema). */
  schema?: object[] | object;
  defaultOptions?: unknown[];
  /**
   * A precondition that lets the engine skip the rule: it can only report in a file whose source text contains
   * at least one of these strings (case-sensitive). The source text is a script's text, or a notebook's cell
   * sources (every cell type; outputs and metadata left out). Where no enabled rule's precondition holds, the
   * file is neither split into programs nor parsed. Absent or empty: the rule runs on every file.
   */
  requiresText?: string[];
  /**
   * The rule reports uses of v1 runs in migration groups (ReportDescriptor.group). Such a rule also runs where it
   * is off, its problems never shown: a use it would have reported is a use no fix migrates, so it holds its
   * whole group back (lib/engine/linter.ts).
   */
  migratesRuns?: boolean;
}

/** An edit in unit coordinates, as rules produce it. */
export interface TextEdit {
  range: [number, number];
  text: string;
  /** The unit the range is in, when not the unit being walked (e.g. `import mlflow` added to the first cell). */
  unit?: Unit;
  /** Made by fixer.editMagicLine: the edit may change one masked magic line (and nothing else). */
  magicLine?: boolean;
  /** Made by fixer.insertCellBefore: not a text edit but a new code cell (source `text`) before this cell index. */
  insertCellBefore?: number;
}

export interface RuleFixer {
  replaceText(node: SyntaxNode, text: string): TextEdit;
  replaceTextRange(range: [number, number], text: string): TextEdit;
  insertTextBefore(node: SyntaxNode, text: string): TextEdit;
  insertTextAfter(node: SyntaxNode, text: string): TextEdit;
  insertTextBeforeRange(range: [number, number], text: string): TextEdit;
  insertTextAfterRange(range: [number, number], text: string): TextEdit;
  remove(node: SyntaxNode): TextEdit;
  removeRange(range: [number, number]): TextEdit;
  /**
   * Replaces `range` of `unit`, which lies on one masked magic line (`%pip install ...`). Other edits never touch
   * magics; this one is for rules that rewrite a magic on purpose (the dependency rule's install line).
   */
  editMagicLine(unit: Unit, range: [number, number], text: string): TextEdit;
  /** A new code cell holding `source`, inserted before cell `cellIndex` (0-based, all cells counted). */
  insertCellBefore(cellIndex: number, source: string): TextEdit;
}

export type FixFunction = (fixer: RuleFixer) => TextEdit | TextEdit[] | Iterable<TextEdit> | null;

export interface SuggestionDescriptor {
  messageId?: string;
  desc?: string;
  data?: Record<string, string | number>;
  fix: FixFunction;
}

export interface ReportDescriptor {
  /** Either a node of the current unit, or an explicit range in current-unit coordinates. */
  node?: SyntaxNode;
  range?: [number, number];
  /** Report in another unit of the same program (e.g. the dependency rule reporting at an install line). */
  unit?: Unit;
  messageId: string;
  data?: Record<string, string | number>;
  fix?: FixFunction;
  suggest?: SuggestionDescriptor[];
  /**
   * A migration group (LintMessage.fixGroup): problems whose fixes are only safe together, e.g. every use of a
   * run that `start_logging()` → `mlflow.start_run()` turns into an MLflow run.
   */
  group?: string;
}

export interface RuleContext {
  readonly id: string;
  readonly options: readonly unknown[];
  readonly settings: Readonly<Settings>;
  readonly file: LoadedFile;
  readonly program: Program;
  /** The unit whose tree is being walked right now (the first unit before walking starts). */
  readonly unit: Unit;
  readonly model: Model;
  /** The project around the file (submissions, environments); absent when a file is linted on its own. */
  readonly project?: ProjectModel;
  /** Text of a node of the current unit. */
  getText(node: SyntaxNode): string;
  report(descriptor: ReportDescriptor): void;
}

/**
 * Visitor keys are lezer node names ('CallExpression', 'AssignStatement', ...), with ':exit' for leave,
 * plus 'Program' / 'Program:exit' (once per Program) and 'Unit' / 'Unit:exit' (once per unit). A rule that only
 * matches calls of some names keys its listener `CallExpression[name=a|b]` (callsNamed() in engine/traverse.ts): it
 * is then called only for `a(...)`, `x.a(...)`, `b(...)`, `x.b(...)`, and the engine skips every other call for it.
 */
export type RuleListener = Record<string, ((node: SyntaxNode) => void) | undefined>;

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleListener;
}

export interface Plugin {
  meta: { name: string; version: string };
  rules: Record<string, Rule>;
  configs?: Record<string, ConfigData>;
}

// ───────────────────────────── configuration ─────────────────────────────

export interface Settings {
  /** Cell magics whose body is Python (kept, first line masked), added to the built-in list. */
  pythonCellMagics?: string[];
  /** Cell magics whose body is not Python (cell left out), added to the built-in list. */
  nonPythonCellMagics?: string[];
  /**
   * Let --fix rewrite ```python blocks inside markdown cells. Off by default: those blocks are documentation
   * (often of the old way, on purpose), so their fixes are offered as suggestions instead.
   */
  fixMarkdownCodeBlocks?: boolean;
  [key: string]: unknown;
}

/** A configuration file's contents (.nblintrc.json, --config, .eslintrc-like-config.json). */
export interface ConfigData {
  root?: boolean;
  extends?: string | string[];
  plugins?: string[];
  rules?: Record<string, RuleEntry>;
  ignorePatterns?: string[];
  overrides?: { files: string | string[]; excludedFiles?: string | string[]; rules?: Record<string, RuleEntry>; settings?: Settings }[];
  settings?: Settings;
}

export interface ResolvedRuleConfig {
  severity: Severity;
  options: unknown[];
}

/** The configuration in force for one file. */
export interface ResolvedConfig {
  rules: Record<string, ResolvedRuleConfig>;
  settings: Settings;
  /** Every rule known (built-in plugin + user plugins), by id ('no-run-log', 'myplugin/my-rule'). */
  ruleDefinitions: Record<string, Rule>;
  /** Report disable directives that suppress nothing (--report-unused-disable-directives). */
  reportUnusedDisableDirectives?: boolean;
}

// ───────────────────────────── problems ─────────────────────────────

/** An edit in origin coordinates: a cell's decoded source (cellIndex ≥ 0) or a script's raw text (-1). */
export interface CellEdit {
  cellIndex: number;
  start: number;
  end: number;
  text: string;
}

/** A fix that inserts a whole new cell before cell `beforeCell` (the dependency rule's %pip cell). */
export interface CellInsert {
  beforeCell: number;
  cellType: 'code';
  source: string;
}

export interface LintFix {
  edits: CellEdit[];
  insertCells?: CellInsert[];
}

export interface LintSuggestion {
  desc: string;
  messageId?: string;
  fix: LintFix;
}

/** One problem, ESLint's LintMessage plus the notebook fields of the position contract. */
export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  messageId?: string;
  /** 1-based, in the raw file as stored on disk; columns in UTF-16 code units. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Notebook only: 1-based cell number (all cells counted), nbformat id, and the position in the cell source. */
  cell?: number;
  cellId?: string;
  cellLine?: number;
  cellColumn?: number;
  cellEndLine?: number;
  cellEndColumn?: number;
  /** Which program the problem is in, for humans: 'writefile train.py', 'markdown'. */
  programKind?: Program['kind'];
  /** For programKind 'writefile': the target path as written in the magic ('train.py'); stylish shows it. */
  programName?: string;
  fix?: LintFix;
  suggestions?: LintSuggestion[];
  /**
   * The migration group the problem belongs to: its fix may only be applied in a pass where every problem of
   * the group (suppressed ones included) has a fix applied in that same pass. One without a fix blocks the group.
   */
  fixGroup?: string;
  fatal?: boolean;
}

/** ESLint's LintResult. */
export interface LintResult {
  filePath: string;
  /** Path as shown to users (relative to cwd). */
  displayPath: string;
  messages: LintMessage[];
  suppressedMessages: (LintMessage & { suppressions: { kind: 'directive' | 'cellTag'; justification: string }[] })[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Raw text (kept so formatters can compute raw-file fixes and line hashes); not serialised by json. */
  source?: string;
  /** Fixed text, with --fix / --fix-dry-run, when it changed. */
  output?: string;
  /** With --fix / --fix-dry-run: how many problems the fixes resolved (written, with --fix). Not serialised. */
  fixedCount?: number;
  /** With --diff: the unified diff of what the fixes change (per cell for a notebook). Not serialised. */
  diff?: string;
  /** The loaded file, for formatters that need cell ranges (SARIF fixes). Not serialised. */
  file?: LoadedFile;
}
