// Runs a composite action's steps the way a GitHub runner does, for tests: `${{ }}` expressions evaluated with
// GitHub's own evaluator (@actions/expressions) over the inputs, github, steps and runner contexts; `if:` with the
// status functions; `run:` steps in `bash --noprofile --norc -eo pipefail` with the variables a runner sets
// (GITHUB_WORKSPACE, GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, ...), and step outputs
// read back from GITHUB_OUTPUT. `uses:` steps are not executed: they are recorded with their evaluated `with:`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { parse as parseYaml } from 'yaml';

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord {
  name: string;
  id?: string;
  /** 'run': executed; 'uses': recorded only; 'skipped': its `if:` was false (or `skip` said so). */
  kind: 'run' | 'uses' | 'skipped';
  uses?: string;
  with?: Record<string, string>;
  code?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  steps: StepRecord[];
  /** The action's outputs, evaluated after its steps. */
  outputs: Record<string, string>;
  step(name: RegExp): StepRecord;
}

export interface RunOptions {
  inputs?: Record<string, string>;
  workspace: string;
  /** RUNNER_TEMP. */
  runnerTemp: string;
  /** GITHUB_STEP_SUMMARY. */
  summaryFile: string;
  /** Steps to leave out although their `if:` holds (e.g. an install already done by an earlier run). */
  skip?: (step: ActionStep) => boolean;
  env?: Record<string, string>;
}

const CONTEXTS = ['inputs', 'github', 'steps', 'runner', 'env', 'job'];

export function runCompositeAction(actionDir: string, options: RunOptions): ActionRun {
  const action = parseYaml(readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const inputs: Record<string, string> = {};
  for (const [id, spec] of Object.entries(action.inputs ?? {})) inputs[id] = String(spec.default ?? '');
  Object.assign(inputs, options.inputs);
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  let failed = false;
  const records: StepRecord[] = [];
  const context = () => ({
    inputs,
    github: { action_path: actionDir, workspace: options.workspace, repository: 'octo/notebooks', sha: '0'.repeat(40), event_name: 'pull_request' },
    steps,
    runner: { temp: options.runnerTemp, os: 'Linux' },
    env: {},
    job: { status: failed ? 'failure' : 'success' },
  });
  const statusFunctions = new Map<string, FunctionDefinition>([
    ['success', { name: 'success', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(!failed) }],
    ['failure', { name: 'failure', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(failed) }],
    ['always', { name: 'always', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) }],
    ['cancelled', { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(false) }],
  ]);
  const evaluate = (expression: string): data.ExpressionData => {
    const lexed = new Lexer(expression).lex();
    const parsed = new Parser(lexed.tokens, CONTEXTS, [...statusFunctions.values()]).parse();
    const ctx = JSON.parse(JSON.stringify(context()), data.reviver) as data.Dictionary;
    return new Evaluator(parsed, ctx, statusFunctions).evaluate();
  };
  const interpolate = (text: string): string => text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => evaluate(expr).coerceString());
  const condition = (raw: string | undefined): boolean => {
    if (raw === undefined) return !failed; // success()
    const expr = raw.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
    return truthy(evaluate(expr));
  };

  mkdirSync(options.runnerTemp, { recursive: true });
  action.runs.steps.forEach((step, index) => {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    const record: StepRecord = { name, id: step.id, kind: 'skipped', stdout: '', stderr: '', outputs: {} };
    records.push(record);
    if (!condition(step.if) || options.skip?.(step)) {
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      return;
    }
    if (step.uses) {
      record.kind = 'uses';
      record.uses = step.uses;
      record.with = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'success', conclusion: 'success' };
      return;
    }
    if (step.shell !== 'bash') throw new Error(`${name}: only shell: bash is simulated`);
    const outputFile = path.join(options.runnerTemp, `_output_${index}`);
    writeFileSync(outputFile, '');
    const script = path.join(options.runnerTemp, `_step_${index}.sh`);
    writeFileSync(script, interpolate(step.run ?? ''));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
    const res = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? interpolate(step['working-directory']) : options.workspace,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: {
        ...options.env,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_ACTION_PATH: actionDir,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: options.summaryFile,
        GITHUB_ENV: path.join(options.runnerTemp, '_env'),
        GITHUB_PATH: path.join(options.runnerTemp, '_path'),
        GITHUB_REPOSITORY: 'octo/notebooks',
        GITHUB_SHA: '0'.repeat(40),
        GITHUB_EVENT_NAME: 'pull_request',
        RUNNER_TEMP: options.runnerTemp,
        RUNNER_OS: 'Linux',
        ...stepEnv,
      },
    });
    record.kind = 'run';
    record.code = res.status ?? -1;
    record.stdout = res.stdout ?? '';
    record.stderr = res.stderr ?? '';
    record.outputs = readOutputs(outputFile);
    if (record.code !== 0) failed = true;
    if (step.id) {
      const outcome = record.code === 0 ? 'success' : 'failure';
      steps[step.id] = { outputs: record.outputs, outcome, conclusion: outcome };
    }
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([id, o]) => [id, interpolate(o.value)]));
  return {
    steps: records,
    outputs,
    step(pattern) {
      const found = records.find((r) => pattern.test(r.name));
      if (!found) throw new Error(`no step named ${pattern}`);
      return found;
    },
  };
}

/** GITHUB_OUTPUT's two forms: `name=value` and `name<<DELIMITER` ... `DELIMITER`. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}
