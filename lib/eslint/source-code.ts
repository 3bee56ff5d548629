// The SourceCode object ESLint's rules see for a notebook or a script: the raw file text, a root node spanning
// it, and the engine's results for that text. The engine lints the file once, with every nblint-mlflow rule
// ESLint has enabled for it (each rule's adapter enables itself first), so cross-rule fix groups and
// suppressions work exactly as in the CLI.
import { fixFile } from '../fix/fixer.js';
import { lintFile } from '../engine/linter.js';
import type { LintMessage, LoadedFile, ResolvedConfig, Rule, Settings } from '../types.js';
import builtinPlugin from '../../rules/index.js';

export type RootType = 'Notebook' | 'Script';

export interface RootNode {
  type: RootType;
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** ESLint's traversal step: visit a node on enter (phase 1) or exit (phase 2). */
interface VisitStep {
  kind: 1;
  target: RootNode;
  phase: 1 | 2;
  args: [RootNode];
}

export class NblintSourceCode {
  readonly text: string;
  readonly lines: string[];
  readonly visitorKeys = { Notebook: [], Script: [] };
  private readonly rules: ResolvedConfig['rules'] = {};
  // Every built-in rule is known, enabled or not: one that ESLint has off still holds back the fixes of the v1
  // runs whose uses it reports (RuleMeta.migratesRuns), as in the CLI.
  private readonly definitions: Record<string, Rule> = { ...builtinPlugin.rules };
  private settings: Settings = {};
  private results: LintMessage[] | undefined;
  private fixedOutput: string | null | undefined;

  constructor(
    readonly ast: RootNode,
    readonly file: LoadedFile,
  ) {
    this.text = file.text;
    this.lines = file.text.split(/\r\n|[\r\n\u2028\u2029]/);
  }

  getLoc(node: RootNode): RootNode['loc'] {
    return node.loc;
  }

  getRange(node: RootNode): [number, number] {
    return node.range;
  }

  *traverse(): Iterable<VisitStep> {
    yield { kind: 1, target: this.ast, phase: 1, args: [this.ast] };
    yield { kind: 1, target: this.ast, phase: 2, args: [this.ast] };
  }

  /** Called by each rule adapter's create(): ESLint creates every enabled rule before it traverses. */
  enable(id: string, rule: Rule, options: unknown[], settings: Settings): void {
    this.rules[id] = { severity: 2, options };
    this.definitions[id] = rule;
    this.settings = settings;
  }

  /** The engine's problems of one rule (the engine runs once, on first ask, with every enabled rule). */
  messagesOf(id: string): LintMessage[] {
    this.results ??= lintFile(this.file, this.config()).messages;
    return this.results.filter((m) => m.ruleId === id);
  }

  /**
   * The file as `nblint-mlflow --fix` writes it (every pass of the CLI's fixer), or null when fixing leaves it
   * as it is.
   */
  fixedText(): string | null {
    if (this.fixedOutput === undefined) {
      const fixed = fixFile(this.file, this.config());
      this.fixedOutput = fixed.changed ? fixed.output : null;
    }
    return this.fixedOutput;
  }

  private config(): ResolvedConfig {
    return { rules: this.rules, settings: this.settings, ruleDefinitions: this.definitions };
  }
}
