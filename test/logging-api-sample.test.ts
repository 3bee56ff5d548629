// Azure's canonical v1 sample, how-to-use-azureml/track-and-monitor-experiments/logging-api/logging-api.ipynb,
// migrates whole (issue 7 item 8). Its code is not ours to commit: notebooks-fixtures/logging-api/logging-tour.ipynb
// is written from scratch to make the same kinds of calls (Workspace.from_config, Experiment(ws, name),
// start_logging(), run.id, the run shown in a cell, get_portal_url(), run.experiment.name, log of a string and of
// numbers, log_list of a generator, log in a loop, log_row with several numpy columns in a loop, log_table,
// log_image with a pyplot plot and with a path, upload_file(name=p, path_or_stream=p), tags, child runs ended
// by complete(), complete(), get_metrics() shown, `Run(experiment, run_id)` and reads of the run it fetches,
// start_logging(snapshot_directory=...) in a `with`), in nbformat 4 with Azure's 1-space JSON indent. What stays
// is by design: the run fetched by id is still a v1 Run (with azureml-mlflow, the same run), and its reads
// (get_metrics(), get_file_names()) return other shapes in MLflow, so no-v1-run-query only suggests, with a warning;
// so does `run.get_file_names()` on the migrated run, which the fix reads through the v1 Run of the same id. That --fix runs it to the same logged values is proof.test.ts's
// job (it executes every changed fixture before and after fixing); this file checks the lint side.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { createResolver } from '../lib/lint-files.js';
import { loadText } from '../lib/notebook/load.js';
import { lintFile } from '../lib/engine/linter.js';
import { fixFile } from '../lib/fix/index.js';
import type { LoadedFile } from '../lib/types.js';
import { fixture, ROOT } from './helpers/paths.js';

const TOUR = fixture('logging-api', 'logging-tour.ipynb');

function load(text: string): LoadedFile {
  const result = loadText(text, TOUR, 'logging-tour.ipynb');
  if (!result.ok) throw new Error(result.message);
  return result.file;
}

async function setUp() {
  const text = await readFile(TOUR, 'utf8');
  const config = await (await createResolver({ cwd: ROOT, useConfigLookup: false })).forFile(TOUR);
  return { text, file: load(text), config };
}

test('the fixture is shaped as Azure writes its samples: nbformat 4, 1-space JSON indent, source as line lists', async () => {
  const { text, file } = await setUp();
  assert.ok(text.startsWith('{\n "cells": [\n  {\n'), 'a 1-space indent');
  assert.is(file.nbformat?.[0], 4);
  assert.ok(file.cells.every((cell) => cell.sourceForm === 'list'));
});

/** The reads of a v1 run fetched by id, which MLflow answers in other shapes: warnings, never fixed. */
const isFetchedRunRead = (m: { ruleId: string | null; severity: number; message: string }) =>
  m.ruleId === 'no-v1-run-query' && m.severity === 1 && /^(Run\(experiment, run_id\)|Run\.get_metrics\(\)|Run\.get_file_names\(\))/.test(m.message) &&
  /fetched_run|Run\(experiment, run_id\)|Run\(Experiment\(ws, "logging-tour"\)/.test(m.message);

test('every finding has a fix but the reads of the run fetched by id: nothing is blocked, no message says "Not fixed automatically"', async () => {
  const { file, config } = await setUp();
  const { messages } = lintFile(file, config);
  assert.ok(messages.length >= 25, `${messages.length} findings`);
  assert.is(messages.filter(isFetchedRunRead).length, 3);
  const unfixed = messages.filter((m) => !isFetchedRunRead(m) && (!m.fix || /Not fixed automatically/.test(m.message)));
  assert.equal(unfixed.map((m) => `cell ${m.cell}:${m.cellLine} ${m.ruleId}: ${m.message}`), []);
  // The run's attributes are rewritten, not refused.
  for (const [cell, line, text] of [[7, 3, 'run.info.run_id'], [9, 1, 'ml.azure.com/runs'], [9, 2, 'mlflow.get_experiment']] as const) {
    const m = messages.find((x) => x.cell === cell && x.cellLine === line);
    assert.ok(m?.fix?.edits.some((edit) => edit.text.includes(text)), `cell ${cell}:${line} rewritten to ${text}`);
  }
});

test('after --fix only the warnings on the run fetched by id are left, and no v1 logging call remains', async () => {
  const { file, config } = await setUp();
  const { output, changed } = fixFile(file, config);
  assert.ok(changed);
  const fixed = load(output);
  const left = lintFile(fixed, config).messages;
  assert.equal(left.filter((m) => !isFetchedRunRead(m)).map((m) => `cell ${m.cell}:${m.cellLine} ${m.ruleId}: ${m.message}`), []);
  // The sample's `run.get_file_names()` on the migrated run reads it through the v1 Run of its id: two more.
  assert.is(left.length, 5);
  const code = fixed.cells.map((cell) => cell.source).join('\n');
  assert.not.match(code, /\b(?:run|child|second)\.(?:log\w*|tag|set_tags|upload_file|complete|child_run|id|get_\w+)\b/);
  assert.match(code, /child = mlflow\.start_run\(run_name=f"fold-\{fold\}", nested=True\)/);
  assert.match(code, /mlflow\.log_artifact\(notes, artifact_path="outputs"\)/);
  assert.match(code, /fetched_run = Run\(Experiment\(ws, experiment\.name\), run_id\)/);
  assert.match(code, /for name in Run\(Experiment\(ws, "logging-tour"\), run\.info\.run_id\)\.get_file_names\(\):/);
});

test.run();
