// `-f html`: one self-contained page for a repository's migration — totals, a chart of problems by rule (fixable
// by --fix vs manual), what is left per folder and per file, each finding with its cell, a code excerpt and a link
// to the rule's documentation (in the page; the rule's own URL too when it has one). No script and no external
// asset: a Content-Security-Policy forbids loading anything, so the page is the same offline and in a CI artifact.
// Every number is also a data-* attribute, so a test (or a script) reads the same figures as `-f json` gives.
// Each file is reduced where it is linted to what the page shows of it (a few lines per finding); the page is
// written once the last file is in.
import path from 'node:path';
import type { LintMessage, LintResult, RuleMeta } from '../types.js';
import { formatterOf, type FormatDefinition, type PrepareContext, type StartContext } from './formatter.js';
import { ruleCountsOf, ruleLabel, StatisticsCollector, type FileRuleCounts, type RuleStatistics } from './statistics.js';

/** Lines of code shown per finding, at most. */
const EXCERPT_LINES = 4;

interface Finding {
  rule: string;
  /** The rule's documentation URL, when it has one. */
  url?: string;
  severity: 1 | 2;
  message: string;
  where: string;
  fixable: boolean;
  /** [first line number, lines] of the code the finding is on. */
  excerpt?: [number, string[]];
}

/** What the page shows of one file (plain data: it may come from a worker thread). */
interface FileSummary {
  counts: FileRuleCounts;
  displayPath: string;
  kind: 'notebook' | 'script';
  errors: number;
  warnings: number;
  fixable: number;
  findings: Finding[];
}

function summaryOf(result: LintResult, ctx: PrepareContext): FileSummary {
  return {
    counts: ruleCountsOf(result.messages),
    displayPath: result.displayPath,
    kind: result.filePath.toLowerCase().endsWith('.ipynb') ? 'notebook' : 'script',
    errors: result.errorCount,
    warnings: result.warningCount,
    fixable: result.fixableErrorCount + result.fixableWarningCount,
    findings: result.messages.map((message) => findingOf(message, result, ctx.rulesMeta)),
  };
}

function render(ctx: StartContext, rulesMeta: Record<string, RuleMeta>, linted: number, withProblems: FileSummary[], rows: RuleStatistics[]): string {
  const files = [...withProblems].sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  const total = sumOf(files);
  return page(
    [
      `<h1>Azure ML SDK v1 → MLflow migration</h1>`,
      `<p class="meta">nblint-mlflow ${esc(ctx.toolVersion)} · ${linted} files linted · ${files.length} with problems left</p>`,
      summary(total, linted, files.length),
      `<h2>Problems by rule</h2>`,
      rows.length ? chart(rows) : '<p>Nothing left to migrate.</p>',
      files.length ? `<h2>By folder</h2>${folderTable(files)}` : '',
      files.length ? `<h2>By file</h2>${files.map(fileSection).join('\n')}` : '',
      rulesSection(rows, rulesMeta),
    ].join('\n'),
  );
}

interface Totals {
  errors: number;
  warnings: number;
  fixable: number;
}

const sumOf = (files: FileSummary[]): Totals =>
  files.reduce((t, f) => ({ errors: t.errors + f.errors, warnings: t.warnings + f.warnings, fixable: t.fixable + f.fixable }), { errors: 0, warnings: 0, fixable: 0 });

/** Problems = errors + warnings; manual = those --fix does not fix. */
const counts = (t: Totals) => ({ problems: t.errors + t.warnings, manual: t.errors + t.warnings - t.fixable });

function summary(total: Totals, linted: number, withProblems: number): string {
  const { problems, manual } = counts(total);
  return (
    `<section id="summary" data-files="${linted}" data-files-with-problems="${withProblems}" data-problems="${problems}" ` +
    `data-errors="${total.errors}" data-warnings="${total.warnings}" data-fixable="${total.fixable}" data-manual="${manual}">` +
    `<div class="tile"><b>${problems}</b> ${problems === 1 ? 'problem' : 'problems'} left</div>` +
    `<div class="tile"><b>${total.errors}</b> errors · <b>${total.warnings}</b> warnings</div>` +
    `<div class="tile fix"><b>${total.fixable}</b> fixable by <code>--fix</code></div>` +
    `<div class="tile manual"><b>${manual}</b> to migrate by hand</div></section>`
  );
}

/** A horizontal bar per rule: the fixable part, then the manual part, to scale. */
function chart(rows: RuleStatistics[]): string {
  const barHeight = 22;
  const labelWidth = 300;
  const barWidth = 420;
  const max = Math.max(...rows.map((r) => r.count));
  const height = rows.length * (barHeight + 6) + 24;
  const bars = rows.map((row, i) => {
    const y = i * (barHeight + 6);
    const fixW = (row.fixable / max) * barWidth;
    const manW = ((row.count - row.fixable) / max) * barWidth;
    return (
      `<g class="bar" data-rule="${esc(row.rule)}" data-count="${row.count}" data-fixable="${row.fixable}" data-files="${row.files}">` +
      `<title>${esc(row.rule)}: ${row.count} (${row.fixable} fixable, ${row.count - row.fixable} manual) in ${row.files} files</title>` +
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${esc(row.rule)}</text>` +
      `<rect class="fix" x="${labelWidth}" y="${y}" width="${fixW.toFixed(1)}" height="${barHeight}"/>` +
      `<rect class="manual" x="${(labelWidth + fixW).toFixed(1)}" y="${y}" width="${manW.toFixed(1)}" height="${barHeight}"/>` +
      `<text x="${(labelWidth + fixW + manW + 6).toFixed(1)}" y="${y + 15}">${row.count}</text></g>`
    );
  });
  const legendY = rows.length * (barHeight + 6) + 8;
  const legend =
    `<rect class="fix" x="${labelWidth}" y="${legendY}" width="12" height="12"/><text x="${labelWidth + 16}" y="${legendY + 11}">fixable by --fix</text>` +
    `<rect class="manual" x="${labelWidth + 140}" y="${legendY}" width="12" height="12"/><text x="${labelWidth + 156}" y="${legendY + 11}">manual</text>`;
  return (
    `<svg id="chart" role="img" aria-label="Problems by rule" xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 60}" ` +
    `height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${bars.join('')}${legend}</svg>`
  );
}

function folderTable(files: FileSummary[]): string {
  const folders = new Map<string, FileSummary[]>();
  for (const file of files) {
    const folder = path.posix.dirname(file.displayPath.split(path.sep).join('/'));
    folders.set(folder, [...(folders.get(folder) ?? []), file]);
  }
  const rows = [...folders].map(([folder, inFolder]) => {
    const t = sumOf(inFolder);
    const { problems, manual } = counts(t);
    const notebooks = inFolder.filter((f) => f.kind === 'notebook').length;
    return (
      `<tr class="folder" data-folder="${esc(folder)}" data-problems="${problems}" data-fixable="${t.fixable}" data-manual="${manual}">` +
      `<td>${esc(folder)}/</td><td>${notebooks}</td><td>${inFolder.length - notebooks}</td><td>${problems}</td><td>${t.fixable}</td><td>${manual}</td></tr>`
    );
  });
  return `<table><thead><tr><th>Folder</th><th>Notebooks</th><th>Scripts</th><th>Problems</th><th>Fixable</th><th>Manual</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function fileSection(file: FileSummary): string {
  const { problems, manual } = counts(file);
  const findings = file.findings.map((f) => {
    const rule = `<a href="#rule-${anchor(f.rule)}">${esc(f.rule)}</a>${f.url ? ` <a class="docs" href="${esc(f.url)}">docs</a>` : ''}`;
    const code = f.excerpt ? excerptHtml(f.excerpt) : '';
    return (
      `<li class="finding ${f.severity === 2 ? 'error' : 'warning'}" data-rule="${esc(f.rule)}" data-fixable="${f.fixable}">` +
      `<span class="where">${esc(f.where)}</span> <span class="sev">${f.severity === 2 ? 'error' : 'warning'}</span> ` +
      `${f.fixable ? '<span class="fixable">fixable</span> ' : ''}${esc(f.message)} <span class="rule">${rule}</span>${code}</li>`
    );
  });
  return (
    `<section class="file" data-path="${esc(file.displayPath)}" data-errors="${file.errors}" data-warnings="${file.warnings}" ` +
    `data-fixable="${file.fixable}" data-manual="${manual}"><h3>${esc(file.displayPath)} <small>${plural(problems, 'problem')} · ` +
    `${file.fixable} fixable · ${manual} manual</small></h3><ul>${findings.join('')}</ul></section>`
  );
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function excerptHtml([first, lines]: [number, string[]]): string {
  const width = String(first + lines.length - 1).length;
  const body = lines.map((line, i) => `<span class="ln">${String(first + i).padStart(width)}</span> ${esc(line)}`).join('\n');
  return `<pre class="code">${body}</pre>`;
}

/** The rules that have findings: description, whether --fix handles them, the before/after example, their URL. */
function rulesSection(rows: RuleStatistics[], rulesMeta: Record<string, RuleMeta>): string {
  const items = rows.map(({ rule }) => {
    const meta = Object.hasOwn(rulesMeta, rule) ? rulesMeta[rule] : undefined;
    if (!meta) return `<section class="rule" id="rule-${anchor(rule)}"><h3>${esc(rule)}</h3><p>${esc(NO_RULE[rule] ?? '')}</p></section>`;
    const example = meta.docs.example
      ? `<div class="example"><div><h4>Before</h4><pre>${esc(meta.docs.example.before)}</pre></div>` +
        `<div><h4>After <code>--fix</code></h4><pre>${esc(meta.docs.example.after)}</pre></div></div>`
      : '';
    const url = meta.docs.url ? `<p><a href="${esc(meta.docs.url)}">Rule documentation</a></p>` : '';
    return (
      `<section class="rule" id="rule-${anchor(rule)}"><h3>${esc(rule)} <small>${meta.fixable ? '🔧 fixable' : 'manual'}</small></h3>` +
      `<p>${esc(meta.docs.description)}</p>${meta.docs.details ? `<p>${esc(meta.docs.details)}</p>` : ''}${example}${url}</section>`
    );
  });
  return items.length ? `<h2>Rules</h2>${items.join('\n')}` : '';
}

const NO_RULE: Record<string, string> = {
  '(parsing error)': 'The file could not be read as a notebook or a script: fix the file, then lint it again.',
  '(directive)': 'A disable directive names a rule that does not exist, or suppresses nothing.',
  '(ignored file)': 'A file named on the command line is ignored by an ignore pattern.',
};

function findingOf(message: LintMessage, result: LintResult, rulesMeta: Record<string, RuleMeta>): Finding {
  const where =
    message.cell !== undefined
      ? `cell ${message.cell}:${message.cellLine}:${message.cellColumn}`
      : message.line > 0
        ? `${message.line}:${message.column}`
        : '';
  const url = message.ruleId !== null && Object.hasOwn(rulesMeta, message.ruleId) ? rulesMeta[message.ruleId].docs.url : undefined;
  return {
    rule: ruleLabel(message),
    ...(url ? { url } : {}),
    severity: message.severity,
    message: message.message,
    where: message.programName ? `${where} (${message.programName})` : where,
    fixable: message.fix !== undefined,
    excerpt: message.fatal ? undefined : excerptOf(message, result),
  };
}

/** The lines the finding spans (at most EXCERPT_LINES), from the cell as Jupyter shows it or the script. */
function excerptOf(message: LintMessage, result: LintResult): [number, string[]] | undefined {
  const file = result.file;
  let text: string | undefined;
  let first: number;
  let last: number;
  if (message.cell !== undefined && message.cellLine !== undefined) {
    text = file?.cells[message.cell - 1]?.source;
    first = message.cellLine;
    last = message.cellEndLine ?? first;
  } else {
    text = result.source;
    first = message.line;
    last = message.endLine ?? first;
  }
  if (text === undefined || first < 1) return undefined;
  const lines = text.split(/\r?\n/).slice(first - 1, Math.min(last, first + EXCERPT_LINES - 1));
  return lines.length ? [first, lines] : undefined;
}

const anchor = (rule: string): string => rule.replace(/[^A-Za-z0-9_-]/g, '_');

/** HTML-escaped text in which control characters (ANSI escapes in a message, NULs in code) show as `\u001b`. */
export function esc(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function page(body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nblint-mlflow migration report</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #1f2328; }
h1 { margin-bottom: 0; } .meta { color: #656d76; margin-top: .2em; }
#summary { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.tile { border: 1px solid #d0d7de; border-radius: 6px; padding: .6em 1em; } .tile b { font-size: 1.4em; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
rect.fix, .tile.fix { fill: #2da44e; border-color: #2da44e; } rect.manual, .tile.manual { fill: #d4a72c; border-color: #d4a72c; }
table { border-collapse: collapse; } th, td { border-bottom: 1px solid #d0d7de; padding: .3em .8em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.file ul { list-style: none; padding-left: 0; } .finding { margin: .6em 0; }
.where { font-family: ui-monospace, monospace; color: #656d76; } .sev { font-weight: 600; }
.error .sev { color: #cf222e; } .warning .sev { color: #9a6700; }
.fixable { background: #dafbe1; color: #116329; border-radius: 4px; padding: 0 .4em; font-size: .85em; }
pre { background: #f6f8fa; padding: .5em .8em; overflow-x: auto; margin: .3em 0; } .ln { color: #8c959f; }
.example { display: flex; gap: 1em; } .example > div { flex: 1; min-width: 0; }
small { color: #656d76; font-weight: normal; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export const htmlFormat: FormatDefinition<FileSummary> = {
  // Code excerpts come from the file's text.
  needsSource: true,
  prepare: summaryOf,
  open(ctx, sink) {
    const statistics = new StatisticsCollector();
    const withProblems: FileSummary[] = [];
    let linted = 0;
    return {
      add(file) {
        linted++;
        statistics.add(file.counts);
        if (file.findings.length > 0) withProblems.push(file);
      },
      end(endCtx) {
        sink.write(render(ctx, endCtx.rulesMeta, linted, withProblems, statistics.rows()));
        return [];
      },
    };
  },
};

export const htmlFormatter = formatterOf(htmlFormat);
