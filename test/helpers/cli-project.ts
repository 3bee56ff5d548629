// A throw-away project folder and a way to run the built CLI in it, for end-to-end tests of options.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './paths.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const { NO_COLOR: _n, FORCE_COLOR: _f, DEBUG: _d, ...baseEnv } = process.env;

export class CliProject {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'nblint-project-'));

  constructor(files: Record<string, string> = {}) {
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  write(name: string, text: string): void {
    mkdirSync(path.dirname(this.path(name)), { recursive: true });
    writeFileSync(this.path(name), text);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  run(args: string[], input?: string | Buffer, env: Record<string, string> = {}): CliRun {
    const res = spawnSync(process.execPath, [BIN, ...args], { cwd: this.dir, env: { ...baseEnv, ...env }, encoding: 'utf8', input });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  /** Runs a shell command line (README recipes), with `nblint-mlflow` resolving to the built CLI. */
  shell(commandLine: string, input?: string): CliRun {
    const binDir = path.join(this.dir, '.bin');
    mkdirSync(binDir, { recursive: true });
    writeFileSync(path.join(binDir, 'nblint-mlflow'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const env = { ...baseEnv, PATH: `${binDir}${path.delimiter}${baseEnv.PATH ?? ''}` };
    const res = spawnSync('/bin/sh', ['-c', commandLine], { cwd: this.dir, env, encoding: 'utf8', input });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }
}

/**
 * A notebook as Jupyter writes it: `indent` spaces (Jupyter writes 1), sources as lists of lines or one string,
 * nbformat 4.5 cell ids, and no trailing newline unless asked.
 */
export function notebookText(
  cells: (string | { source: string; id?: string; cellType?: 'code' | 'markdown' })[],
  { indent = 1, sourceAs = 'list', trailingNewline = false, ids = true }: { indent?: number; sourceAs?: 'list' | 'string'; trailingNewline?: boolean; ids?: boolean } = {},
): string {
  const nb = {
    cells: cells.map((cell, i) => {
      const spec = typeof cell === 'string' ? { source: cell } : cell;
      const source = sourceAs === 'string' ? spec.source : spec.source.split(/(?<=\n)/);
      const id = ids ? { id: spec.id ?? `c${i + 1}` } : {};
      if (spec.cellType === 'markdown') return { cell_type: 'markdown', ...id, metadata: {}, source };
      return { cell_type: 'code', execution_count: null, ...id, metadata: {}, outputs: [], source };
    }),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: ids ? 5 : 4,
  };
  return JSON.stringify(nb, null, indent) + (trailingNewline ? '\n' : '');
}

/**
 * The project model's smallest case, under `jobs/`: a controller notebook submitting `<scriptFolder>/train.py`
 * (which logs with v1) to run in `environment.yml`, a conda file lacking azureml-mlflow (reported there).
 */
export function jobProjectFiles(scriptFolder = 'src'): Record<string, string> {
  return {
    'jobs/environment.yml': 'name: e\ndependencies:\n  - pip\n  - pip:\n      - azureml-defaults\n',
    [`jobs/${scriptFolder}/train.py`]: 'from azureml.core import Run\nrun = Run.get_context()\nrun.log("rmse", 0.5)\n',
    'jobs/submit.ipynb': notebookText([
      'from azureml.core import Workspace, Experiment, Environment, ScriptRunConfig\nws = Workspace.from_config()',
      "env = Environment.from_conda_specification(name='e', file_path='environment.yml')\n" +
        `config = ScriptRunConfig(source_directory='${scriptFolder}', script='train.py', environment=env)\n` +
        "Experiment(ws, 'x').submit(config)",
    ]),
  };
}
