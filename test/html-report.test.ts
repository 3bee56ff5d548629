// `-f html`: the migration report, checked in headless Chromium (Debian's `chromium`, installed by .ci/run): the
// page renders with no console message at all (it has no script; a blocked external asset or a CSP violation would
// log one), and the numbers it shows, read back from the rendered DOM's data attributes, are those of `-f json`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliProject, jobProjectFiles, notebookText } from './helpers/cli-project.js';

const project = new CliProject({
  'requirements.txt': 'mlflow\nazureml-mlflow\n',
  'nbs/train.ipynb': notebookText(
    [
      { cellType: 'markdown', source: '# Entraînement <b>bold</b>' },
      'from azureml.core import Run\nrun = Run.get_context()',
      'run.log("précision", 0.9)\nrun.parent.log("p", 1)',
      // An HTML tag and an ANSI escape in the code, and in the messages that quote it.
      'run.log("<script>alert(1)</script>\u001b[31m", 2)',
    ],
    { indent: 1 },
  ),
  'nbs/old/eval.ipynb': notebookText(['from azureml.core import Run\nrun = Run.get_context()\nrun.log_list("xs", ["a", "b"])'], { indent: 2, sourceAs: 'string' }),
  'scripts/job.py': 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("loss", 0.1)\n',
  'scripts/clean.py': 'print("ok")\n',
  'broken.ipynb': '{"cells": [',
  // The project model: a controller, its job script, and the conda file the job runs in (reported there).
  ...jobProjectFiles(),
});

/** Renders a page in headless Chromium: the serialised DOM and every console message Chromium logged. */
function chromium(file: string): { dom: string; console: string[] } {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'nblint-chromium-'));
  try {
    const res = spawnSync(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', '--dump-dom', pathToFileURL(file).href],
      { encoding: 'utf8', timeout: 90_000 },
    );
    if (res.error) throw new Error(`chromium could not be started (Debian package 'chromium', installed by .ci/run): ${res.error.message}`);
    assert.is(res.status, 0, res.stderr);
    return { dom: res.stdout, console: res.stderr.split('\n').filter((line) => line.includes(':CONSOLE')) };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** data-* attributes of every element whose opening tag matches `tag` (attribute values entity-decoded). */
function elements(dom: string, tag: RegExp): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const [open] of dom.matchAll(/<[a-z]+\b[^>]*>/g)) {
    if (!tag.test(open)) continue;
    const attrs: Record<string, string> = {};
    for (const [, name, value] of open.matchAll(/\b(data-[a-z-]+)="([^"]*)"/g)) attrs[name] = decode(value);
    out.push(attrs);
  }
  return out;
}

const decode = (text: string): string =>
  text.replace(/&(?:#(\d+)|(amp|lt|gt|quot|apos));/g, (_, code: string, name: string) =>
    code ? String.fromCharCode(Number(code)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name],
  );

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; fix?: unknown }[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

test('the console check can fail: a page that logs is caught', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-control-'));
  writeFileSync(path.join(dir, 'control.html'), '<!DOCTYPE html><title>c</title><script>console.error("control message")</script>');
  assert.ok(chromium(path.join(dir, 'control.html')).console.some((line) => line.includes('control message')));
});

test('the report renders with no console message and its numbers are those of -f json', () => {
  const html = project.run(['-f', 'html', '-o', 'report/migration.html', '.']);
  assert.is(html.code, 1, html.stderr);
  const results = JSON.parse(project.run(['-f', 'json', '.']).stdout) as JsonResult[];
  const { dom, console } = chromium(project.path('report/migration.html'));
  assert.equal(console, [], 'console messages');

  const total = (count: (r: JsonResult) => number) => results.reduce((n, r) => n + count(r), 0);
  const [summary] = elements(dom, /id="summary"/);
  const fixable = total((r) => r.fixableErrorCount + r.fixableWarningCount);
  const problems = total((r) => r.errorCount + r.warningCount);
  assert.equal(summary, {
    'data-files': String(results.length),
    'data-files-with-problems': String(results.filter((r) => r.messages.length > 0).length),
    'data-problems': String(problems),
    'data-errors': String(total((r) => r.errorCount)),
    'data-warnings': String(total((r) => r.warningCount)),
    'data-fixable': String(fixable),
    'data-manual': String(problems - fixable),
  });
  assert.ok(fixable > 0 && problems - fixable > 0, 'both kinds present');

  // Per file.
  const files = elements(dom, /class="file"/);
  const withProblems = results.filter((r) => r.messages.length > 0);
  assert.is(files.length, withProblems.length);
  for (const r of withProblems) {
    const shown = files.find((f) => path.resolve(project.dir, f['data-path']) === r.filePath);
    assert.ok(shown, `no section for ${r.filePath}`);
    assert.is(Number(shown!['data-errors']), r.errorCount);
    assert.is(Number(shown!['data-warnings']), r.warningCount);
    assert.is(Number(shown!['data-fixable']), r.fixableErrorCount + r.fixableWarningCount);
  }
  assert.is(elements(dom, /class="finding /).length, total((r) => r.messages.length));

  // The chart: one bar per rule, the counts of -f json.
  const bars = elements(dom, /class="bar"/);
  const byRule = new Map<string, { count: number; fixable: number }>();
  for (const m of results.flatMap((r) => r.messages)) {
    const rule = m.ruleId ?? (m.fatal ? '(parsing error)' : '(directive)');
    const row = byRule.get(rule) ?? { count: 0, fixable: 0 };
    row.count++;
    if (m.fix) row.fixable++;
    byRule.set(rule, row);
  }
  assert.is(bars.length, byRule.size);
  for (const bar of bars) {
    assert.equal({ count: Number(bar['data-count']), fixable: Number(bar['data-fixable']) }, byRule.get(bar['data-rule']), bar['data-rule']);
  }

  // Per folder: the files' sums.
  const folders = elements(dom, /class="folder"/);
  assert.equal(folders.map((f) => f['data-folder']).sort(), ['.', 'jobs', 'jobs/src', 'nbs', 'nbs/old', 'scripts']);
  assert.ok(results.some((r) => r.filePath.endsWith('environment.yml')), 'the environment file is in the report');
  const nbs = folders.find((f) => f['data-folder'] === 'nbs')!;
  const train = results.find((r) => r.filePath.endsWith('train.ipynb'))!;
  assert.is(Number(nbs['data-problems']), train.errorCount + train.warningCount);
});

test('the page is self-contained and escapes what it quotes; findings carry cell, excerpt and a rule link', () => {
  project.run(['-f', 'html', '-o', 'report/migration.html', '.']);
  const page = project.read('report/migration.html');
  assert.not.match(page, /<script/i);
  assert.not.match(page, /\bsrc=/, 'no external asset');
  // Links go to the page's own rule sections, and to each rule's documentation.
  for (const [, href] of page.matchAll(/href="([^"#][^"]*)"/g)) assert.match(href, /^https:\/\/[^"]+#[a-z0-9-]+$/, href);
  assert.match(page, /<span class="rule"><a href="#rule-no-run-log">no-run-log<\/a> <a class="docs" href="https:\/\/[^"]+#no-run-log">docs<\/a><\/span>/);
  assert.not.match(page, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no raw control character');
  assert.match(page, '&#60;script&#62;alert(1)&#60;/script&#62;\\u001b[31m');
  assert.match(page, /<span class="where">cell 3:1:1<\/span> <span class="sev">error<\/span> <span class="fixable">fixable<\/span>/);
  assert.match(page, /<pre class="code"><span class="ln">1<\/span> run\.log\(&#34;précision&#34;, 0\.9\)<\/pre>/);
  for (const [, target] of page.matchAll(/href="#([^"]+)"/g)) assert.match(page, `id="${target}"`, `link target ${target}`);
  assert.match(page, /<section class="rule" id="rule-no-run-log"><h3>no-run-log/);
  assert.match(page, /<svg id="chart"[^>]*>/);
});

test('nothing to migrate: a page that says so, all counts 0', () => {
  const res = project.run(['-f', 'html', 'scripts/clean.py']);
  assert.is(res.code, 0);
  assert.match(res.stdout, /data-problems="0"/);
  assert.match(res.stdout, 'Nothing left to migrate.');
});

test.run();
