// The fixture corpus end to end: every problem nblint-mlflow reports on notebooks-fixtures/ must be exactly the
// hand-checked list in notebooks-fixtures/expected.json, and must point at the reported code in the raw file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintFiles } from '../lib/lint-files.js';
import type { LintMessage, LintResult } from '../lib/types.js';
import { FIXTURES, ROOT } from './helpers/paths.js';
import { LINE_BREAK, offsetOf } from './helpers/lines.js';

interface ExpectedProblem {
  ruleId: string | null;
  line: number;
  column: number;
  cell?: number;
  cellLine?: number;
  cellColumn?: number;
  fatal?: boolean;
  /** Fatal problems: a part of the message that says what is wrong. */
  messageIncludes?: string;
}

const expected: Record<string, ExpectedProblem[]> = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8'));
const TRACKING_RULES = ['no-run-log', 'no-v1-experiment', 'string-metric-as-artifact'];

// Linted once for the whole file: the corpus is small, and every test reads the same results.
const run = lintFiles([path.relative(ROOT, FIXTURES)], { cwd: ROOT, useConfigLookup: false });
let cached: Map<string, LintResult> | undefined;
async function results(): Promise<Map<string, LintResult>> {
  if (!cached) {
    const { results: list } = await run;
    cached = new Map(list.map((r) => [path.relative(FIXTURES, r.filePath).split(path.sep).join('/'), r]));
  }
  return cached;
}

const byPosition = (a: ExpectedProblem, b: ExpectedProblem) =>
  a.line - b.line || a.column - b.column || String(a.ruleId).localeCompare(String(b.ruleId));

/** The fields expected.json pins down, from a reported message. */
function comparable(m: LintMessage, fatalWanted: ExpectedProblem | undefined): ExpectedProblem {
  const out: ExpectedProblem = { ruleId: m.ruleId, line: m.line, column: m.column };
  if (m.fatal) {
    out.fatal = true;
    // Keep the expected fragment only when the message really contains it (else show the whole message).
    const want = fatalWanted?.messageIncludes;
    out.messageIncludes = want !== undefined && m.message.includes(want) ? want : m.message;
    return out;
  }
  if (m.cell !== undefined) Object.assign(out, { cell: m.cell, cellLine: m.cellLine, cellColumn: m.cellColumn });
  return out;
}

test('every linted fixture has an entry in expected.json, and every entry was linted', async () => {
  const linted = [...(await results()).keys()].sort();
  assert.equal(linted, Object.keys(expected).sort());
});

test('checkpoint copies in .ipynb_checkpoints/ are never linted', async () => {
  assert.not.ok([...(await results()).keys()].some((p) => p.includes('.ipynb_checkpoints')));
});

for (const [file, want] of Object.entries(expected)) {
  test(`${file}: exactly the expected problems`, async () => {
    const result = (await results()).get(file);
    assert.ok(result, `${file} was not linted`);
    const got = result.messages.map((m) => comparable(m, want.find((w) => w.fatal))).sort(byPosition);
    assert.equal(got, [...want].sort(byPosition));
  });
}

test('directives-and-skip.ipynb: the skipped cell and the disabled lines are suppressed, with their reasons', async () => {
  const result = (await results()).get('directives-and-skip.ipynb')!;
  const suppressed = result.suppressedMessages.map((m) => ({
    ruleId: m.ruleId,
    at: `cell ${m.cell}:${m.cellLine}:${m.cellColumn}`,
    suppressions: m.suppressions,
  }));
  assert.equal(suppressed, [
    { ruleId: 'no-run-log', at: 'cell 2:1:1', suppressions: [{ kind: 'cellTag', justification: '' }] },
    { ruleId: 'no-run-log', at: 'cell 3:2:1', suppressions: [{ kind: 'directive', justification: 'the legacy dashboard still reads this metric' }] },
    { ruleId: 'no-run-log', at: 'cell 4:2:1', suppressions: [{ kind: 'directive', justification: '' }] },
  ]);
});

// ───────────── positions: the raw file's line holds the reported code at the reported column ─────────────

/** Offset of a 1-based line/column in a text split on \n. */
/** How a notebook file writes a string: Jupyter's `\uXXXX` escapes for non-ASCII when the file uses them. */
function jsonEscape(text: string, asciiOnly: boolean): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return asciiOnly ? escaped.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : escaped;
}

test('every problem lands on its code in the raw file (UTF-16 columns, JSON-escaped for notebooks)', async () => {
  let checked = 0;
  for (const [file, result] of await results()) {
    const raw = readFileSync(result.filePath, 'utf8');
    const rawLines = raw.split(LINE_BREAK);
    const notebook = file.endsWith('.ipynb');
    const asciiOnly = notebook && !/[^\x00-\x7f]/.test(raw) && /\\u[0-9a-fA-F]{4}/.test(raw);
    // A fatal problem without a cell is a file that did not load; a cell's Parsing error has a cell.
    const cells = notebook && !result.messages.some((m) => m.fatal && m.cell === undefined) ? JSON.parse(raw).cells : [];
    for (const m of result.messages) {
      if (m.fatal) continue;
      const where = `${file} ${m.ruleId} at ${m.line}:${m.column}`;
      let code: string;
      if (notebook) {
        assert.ok(m.cell && m.cellLine && m.cellColumn && m.cellEndLine && m.cellEndColumn, `${where}: cell position missing`);
        const source = [cells[m.cell - 1].source].flat().join('');
        code = source.slice(offsetOf(source, m.cellLine, m.cellColumn), offsetOf(source, m.cellEndLine, m.cellEndColumn));
      } else {
        assert.ok(m.endLine && m.endColumn, `${where}: end position missing`);
        code = raw.slice(offsetOf(raw, m.line, m.column), offsetOf(raw, m.endLine, m.endColumn));
      }
      const firstLine = code.split(LINE_BREAK)[0];
      assert.ok(firstLine.trim().length > 0, `${where}: the reported range is empty`);
      const needle = notebook ? jsonEscape(firstLine, asciiOnly) : firstLine;
      const rawLine = rawLines[m.line - 1] ?? '';
      assert.ok(rawLine.startsWith(needle, m.column - 1), `${where}: raw line ${JSON.stringify(rawLine)} does not hold ${JSON.stringify(needle)} at column ${m.column}`);
      checked++;
    }
  }
  assert.ok(checked >= 40, `only ${checked} problems checked`);
});

// ───────────── traps and broken files ─────────────

test('traps/: none of the tracking rules reports anything', async () => {
  let files = 0;
  for (const [file, result] of await results()) {
    if (!file.startsWith('traps/')) continue;
    files++;
    const reported = result.messages.filter((m) => TRACKING_RULES.includes(m.ruleId ?? ''));
    assert.equal(reported.map((m) => `${m.ruleId} ${m.line}:${m.column}`), [], file);
  }
  assert.ok(files >= 3);
});

test('broken/: each file gives exactly one fatal problem saying what is wrong, and the rest is still linted', async () => {
  const all = await results();
  const broken = [...all.keys()].filter((f) => f.startsWith('broken/'));
  assert.equal(broken.length, 6);
  for (const file of broken) {
    const { messages, fatalErrorCount } = all.get(file)!;
    assert.is(messages.length, 1, file);
    assert.ok(messages[0].fatal && messages[0].ruleId === null && messages[0].severity === 2, file);
    assert.is(fatalErrorCount, 1, file);
    assert.ok(messages[0].message.includes(expected[file][0].messageIncludes!), `${file}: ${messages[0].message}`);
  }
  const linted = [...all.entries()].filter(([f, r]) => !f.startsWith('broken/') && r.messages.some((m) => m.ruleId));
  assert.ok(linted.length >= 15, `only ${linted.length} other files reported problems`);
});

test.run();
