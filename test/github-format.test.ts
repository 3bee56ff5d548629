// -f github: workflow commands with GitHub's escaping, raw-file positions, repository-relative paths.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapeData, escapeProperty, githubFormatter } from '../lib/formatters/github.js';
import { firstSentenceEnd, messageWithCell } from '../lib/formatters/message-title.js';
import { repositoryRoot } from '../lib/formatters/repository.js';
import type { FormatterContext } from '../lib/formatters/index.js';
import type { LintMessage, LintResult } from '../lib/types.js';
import { ROOT } from './helpers/paths.js';

const repo = mkdtempSync(path.join(tmpdir(), 'nblint-github-'));
mkdirSync(path.join(repo, '.git'));
mkdirSync(path.join(repo, 'src', 'nb'), { recursive: true });
const cwd = path.join(repo, 'src');
const CTX: FormatterContext = { cwd, rulesMeta: {}, color: false, toolVersion: '0.1.0' };

function result(rel: string, messages: LintMessage[], source?: string): LintResult {
  return {
    filePath: path.join(repo, rel),
    displayPath: path.relative(cwd, path.join(repo, rel)),
    messages,
    suppressedMessages: [],
    errorCount: 0,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    source,
  };
}

const notebookProblem: LintMessage = {
  ruleId: 'no-run-log',
  severity: 2,
  message: 'Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("acc", ...) instead.',
  line: 33,
  column: 12,
  endLine: 33,
  endColumn: 31,
  cell: 3,
  cellId: 'train',
  cellLine: 2,
  cellColumn: 5,
};

test('escaping follows actions/toolkit command.ts: data escapes % CR LF; properties also : and ,', () => {
  assert.is(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
  assert.is(escapeProperty('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext%3A a%2Cb');
  // '%' first: a literal "%0A" must not turn into a newline.
  assert.is(escapeData('literal %0A'), 'literal %250A');
  assert.is(escapeProperty('nblint-mlflow(no-run-log)'), 'nblint-mlflow(no-run-log)');
});

test('a notebook problem: ::error with raw-file position, repository-relative file, rule title, cell and line', () => {
  const out = githubFormatter([result('src/nb/train.ipynb', [notebookProblem])], CTX);
  assert.is(
    out,
    '::error file=src/nb/train.ipynb,line=33,col=12,endLine=33,endColumn=31,title=nblint-mlflow(no-run-log)::' +
      'Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("acc", ...) instead (cell 3, line 2).\n',
  );
});

test('severity 1 is ::warning; scripts keep their message as written; special characters are escaped', () => {
  const warning: LintMessage = { ruleId: 'acme/x,y', severity: 1, message: 'Two lines:\nsecond, 50%', line: 4, column: 1 };
  const out = githubFormatter([result('train, v2.py', [warning])], CTX);
  assert.is(out, '::warning file=train%2C v2.py,line=4,col=1,title=nblint-mlflow(acme/x%2Cy)::Two lines:%0Asecond, 50%25\n');
});

test('a file that could not be linted is an error annotation without a rule', () => {
  const fatal: LintMessage = { ruleId: null, severity: 2, fatal: true, message: 'the file is empty', line: 1, column: 1 };
  assert.is(githubFormatter([result('src/empty.ipynb', [fatal])], CTX), '::error file=src/empty.ipynb,line=1,col=1,title=nblint-mlflow::the file is empty\n');
});

test('nothing to report prints nothing', () => {
  assert.is(githubFormatter([result('src/a.py', [])], CTX), '');
});

test('lines are counted as GitHub counts them when the raw text holds U+2028', () => {
  // ESLint (the position contract) ends a line at U+2028; GitHub does not: line 3 for ESLint is line 2 here.
  const source = 'a = "x\u2028y"\nrun.log("acc", 1)\n';
  const message: LintMessage = { ruleId: 'no-run-log', severity: 2, message: 'm', line: 3, column: 1, endLine: 3, endColumn: 18 };
  assert.match(githubFormatter([result('src/a.py', [message], source)], CTX), /line=2,col=1,endLine=2,endColumn=18,/);
});

test('the message names the cell inside its first sentence, or at the end when there is no full stop', () => {
  assert.is(messageWithCell({ ...notebookProblem, message: 'Use MLflow. Then rerun.' }), 'Use MLflow (cell 3, line 2). Then rerun.');
  assert.is(messageWithCell({ ...notebookProblem, message: 'Use mlflow.log_metric' }), 'Use mlflow.log_metric (cell 3, line 2)');
});

test('the first sentence does not end inside "quotes" or `code`: a metric name with ". " keeps the title whole', () => {
  const message = 'Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("acc. top-1!", ...) instead. Details.';
  assert.is(
    messageWithCell({ ...notebookProblem, message }),
    'Run.log() is Azure ML SDK v1 logging; use mlflow.log_metric("acc. top-1!", ...) instead (cell 3, line 2). Details.',
  );
  assert.is(firstSentenceEnd('Keep `with ... as run:` as is. Then more.'), 'Keep `with ... as run:` as is'.length);
  // A quote that never closes (a message cut short) is not taken as a quote.
  assert.is(firstSentenceEnd('use log_artifact("out.json", artifact_path="… instead. More.'), 'use log_artifact("out.json", artifact_path="… instead'.length);
});

test('docs/workflows: the action uploads the SARIF it wrote, with a category, even after findings (then fails the job)', () => {
  const sarif = readFileSync(path.join(ROOT, 'docs', 'workflows', 'nblint-sarif.yml'), 'utf8');
  assert.match(sarif, /uses: nblint-mlflow\/nblint-mlflow@v\d+\.\d+\.\d+\n/);
  assert.match(sarif, /\n {10}sarif-category: \S+/);
  assert.match(sarif, /\n {2}security-events: write\n/);
  // In the action, the upload takes the lint step's file and runs whatever was found; the last step fails the job.
  const action = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  assert.match(action, /if: \$\{\{ !cancelled\(\) && steps\.lint\.outputs\.sarif-file != '' [^\n]*\n\s+uses: github\/codeql-action\/upload-sarif@v3\n\s+with:\n\s+sarif_file: \$\{\{ steps\.lint\.outputs\.sarif-file \}\}\n\s+category: \$\{\{ inputs\.sarif-category \}\}/);
  const annotations = readFileSync(path.join(ROOT, 'docs', 'workflows', 'nblint-annotations.yml'), 'utf8');
  assert.match(annotations, /\n {10}format: github\n/);
  assert.not.match(annotations, /security-events: write/);
});

test('the repository root is the nearest folder with .git, else the working directory', () => {
  assert.is(repositoryRoot(path.join(repo, 'src', 'nb')), repo);
  const outside = mkdtempSync(path.join(tmpdir(), 'nblint-norepo-'));
  assert.is(repositoryRoot(outside), outside);
});

test.run();
