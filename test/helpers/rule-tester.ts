// ESLint's RuleTester on uvu: each valid case must report nothing, each invalid case exactly its errors,
// in order, and `output` is the text after one fix pass (as ESLint's RuleTester applies one pass).
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LintMessage, LoadedFile, ResolvedConfig, Rule, Settings } from '../../lib/types.js';
import { loadText } from '../../lib/notebook/load.js';
import { lintFile } from '../../lib/engine/linter.js';
import { interpolate } from '../../lib/engine/message-text.js';
import { applyFixesOnce, type FixPassResult } from '../../lib/fix/apply.js';
import { validateRuleOptions, withDefaultOptions } from '../../lib/config/index.js';

/** A notebook cell: its source ('#md\n' first marks a markdown cell), or the source with cell tags. */
export type TestCell = string | { source: string; tags?: string[]; cellType?: 'code' | 'markdown' | 'raw' };

interface CaseBase {
  /** A .py script's text… */
  code?: string;
  /** …or the cells of a notebook. */
  cells?: TestCell[];
  options?: unknown[];
  settings?: Settings;
  /** Default 'test.py' for code, 'test.ipynb' for cells. */
  filename?: string;
  /** Test title (default: the code). */
  name?: string;
}

export type ValidCase = string | CaseBase;

export interface ExpectedSuggestion {
  messageId?: string;
  desc?: string;
  data?: Record<string, string | number>;
  /** Text after applying this suggestion alone (cell sources for a notebook). */
  output: string | string[];
}

export interface ExpectedError {
  messageId?: string;
  data?: Record<string, string | number>;
  message?: string | RegExp;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  cell?: number;
  cellLine?: number;
  cellColumn?: number;
  cellEndLine?: number;
  cellEndColumn?: number;
  suggestions?: ExpectedSuggestion[] | null;
}

export interface InvalidCase extends CaseBase {
  errors: number | (ExpectedError | string)[];
  /** Fixed script text, or every cell's fixed source; null = no fix. Required when the rule fixes something. */
  output?: string | string[] | null;
}

const MARKDOWN = '#md\n';

export class RuleTester {
  run(ruleName: string, rule: Rule, tests: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    const s = suite(ruleName);
    tests.valid.forEach((item, i) => {
      const c = typeof item === 'string' ? { code: item } : item;
      s(`valid #${i + 1}: ${title(c)}`, () => {
        const { messages } = lintCase(ruleName, rule, c);
        assert.equal(messages.map(describe), [], 'a valid case must report no problem');
      });
    });
    tests.invalid.forEach((c, i) => {
      s(`invalid #${i + 1}: ${title(c)}`, () => checkInvalid(ruleName, rule, c));
    });
    s.run();
  }
}

function title(c: CaseBase): string {
  const text = c.name ?? c.code ?? (c.cells ?? []).map((cell) => (typeof cell === 'string' ? cell : cell.source)).join(' ┊ ');
  return text.replace(/\s+/g, ' ').slice(0, 70);
}

const describe = (m: LintMessage) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`;

function checkInvalid(ruleName: string, rule: Rule, c: InvalidCase): void {
  const { file, messages } = lintCase(ruleName, rule, c);
  if (typeof c.errors === 'number') {
    assert.is(messages.length, c.errors, `expected ${c.errors} problem(s), got:\n${messages.map(describe).join('\n')}`);
  } else {
    assert.is(messages.length, c.errors.length, `expected ${c.errors.length} problem(s), got:\n${messages.map(describe).join('\n')}`);
    c.errors.forEach((expected, i) => checkError(rule, file, messages[i], typeof expected === 'string' ? { message: expected } : expected, i));
  }

  const pass = applyFixesOnce(file, messages);
  const fixed = outputOf(file, pass);
  if (c.output === undefined) {
    assert.ok(pass.appliedMessages.length === 0, `the rule fixed the code: add an 'output' to the case\n${JSON.stringify(fixed)}`);
  } else if (c.output === null) {
    assert.equal(pass.appliedMessages.length, 0, `expected no fix, got:\n${JSON.stringify(fixed)}`);
  } else {
    assert.equal(fixed, c.output, 'output after one fix pass');
  }
}

function checkError(rule: Rule, file: LoadedFile, actual: LintMessage, expected: ExpectedError, i: number): void {
  const at = `error #${i + 1} (${describe(actual)})`;
  if (expected.messageId !== undefined) {
    assert.ok(Object.hasOwn(rule.meta.messages, expected.messageId), `${at}: the rule has no messageId '${expected.messageId}'`);
    assert.is(actual.messageId, expected.messageId, `${at}: messageId`);
    if (expected.data) assert.is(actual.message, interpolate(rule.meta.messages[expected.messageId], expected.data), `${at}: message with data`);
  }
  if (expected.message instanceof RegExp) assert.match(actual.message, expected.message, `${at}: message`);
  else if (expected.message !== undefined) assert.is(actual.message, expected.message, `${at}: message`);
  const positions = ['line', 'column', 'endLine', 'endColumn', 'cell', 'cellLine', 'cellColumn', 'cellEndLine', 'cellEndColumn'] as const;
  for (const key of positions) {
    if (expected[key] !== undefined) assert.is(actual[key], expected[key], `${at}: ${key}`);
  }
  if (expected.suggestions === undefined) return;
  const actualSuggestions = actual.suggestions ?? [];
  const wanted = expected.suggestions ?? [];
  assert.is(actualSuggestions.length, wanted.length, `${at}: number of suggestions`);
  wanted.forEach((want, j) => {
    const got = actualSuggestions[j];
    if (want.messageId !== undefined) assert.is(got.messageId, want.messageId, `${at}: suggestion #${j + 1} messageId`);
    if (want.desc !== undefined) assert.is(got.desc, want.desc, `${at}: suggestion #${j + 1} desc`);
    if (want.messageId !== undefined && want.data) {
      assert.is(got.desc, interpolate(rule.meta.messages[want.messageId], want.data), `${at}: suggestion #${j + 1} desc with data`);
    }
    const alone = applyFixesOnce(file, [{ ...actual, fix: got.fix }]);
    assert.equal(outputOf(file, alone), want.output, `${at}: suggestion #${j + 1} output`);
  });
}

/** Lints one case with only the rule under test enabled. */
function lintCase(ruleName: string, rule: Rule, c: CaseBase): { file: LoadedFile; messages: LintMessage[] } {
  if ((c.code === undefined) === (c.cells === undefined)) throw new Error(`a test case needs exactly one of 'code' or 'cells'`);
  const filename = c.filename ?? (c.cells ? 'test.ipynb' : 'test.py');
  const text = c.cells ? notebookJson(c.cells) : c.code!;
  const absPath = path.resolve(filename);
  const loaded = loadText(text, absPath, filename);
  if (!loaded.ok) throw new Error(`the test case did not load: ${loaded.message}`);
  const options = c.options ?? [];
  validateRuleOptions(rule, options, { source: 'test case', path: `rules.${ruleName}` });
  const config: ResolvedConfig = {
    rules: { [ruleName]: { severity: 2, options: withDefaultOptions(rule, options) } },
    settings: c.settings ?? {},
    ruleDefinitions: { [ruleName]: rule },
  };
  // A case may be code that does not parse on purpose: the engine's fatal `Parsing error` is not the rule's finding.
  return { file: loaded.file, messages: lintFile(loaded.file, config).messages.filter((m) => !m.fatal) };
}

/** The fixed text: the script, or every cell's source (inserted cells included, markdown cells with '#md\n'). */
function outputOf(file: LoadedFile, pass: FixPassResult): string | string[] {
  if (file.kind === 'script') return pass.sources.get(-1) ?? file.text;
  const out: string[] = [];
  file.cells.forEach((cell, i) => {
    for (const insert of pass.insertCells) if (insert.beforeCell === i) out.push(insert.source);
    const source = pass.sources.get(i) ?? cell.source;
    out.push(cell.cellType === 'markdown' ? MARKDOWN + source : source);
  });
  for (const insert of pass.insertCells) if (insert.beforeCell >= file.cells.length) out.push(insert.source);
  return out;
}

/** A real-shaped nbformat 4.5 notebook, as Jupyter writes it (one-space indent, sources as line lists, ids). */
export function notebookJson(cells: TestCell[]): string {
  const nb = {
    cells: cells.map((cell, i) => {
      const spec = typeof cell === 'string' ? { source: cell } : cell;
      const markdown = spec.cellType === 'markdown' || (spec.cellType === undefined && spec.source.startsWith(MARKDOWN));
      const source = markdown && spec.source.startsWith(MARKDOWN) ? spec.source.slice(MARKDOWN.length) : spec.source;
      const id = `cell-${i + 1}`;
      const metadata = spec.tags ? { tags: spec.tags } : {};
      const lines = sourceLines(source);
      // Keys in Jupyter's (alphabetical) order.
      if (markdown || spec.cellType === 'raw') return { cell_type: markdown ? 'markdown' : 'raw', id, metadata, source: lines };
      return { cell_type: 'code', execution_count: null, id, metadata, outputs: [], source: lines };
    }),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, 1) + '\n';
}

function sourceLines(source: string): string[] {
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
