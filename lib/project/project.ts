// The project model (design.md "The project around the files"), built once per run over the linted tree:
//   - submissions: which job script each controller (a notebook or script among the linted files) submits, and
//     which v2 job/component YAML (in the folders of the linted files and their parents, up to the current
//     folder) runs which script;
//   - environments: where each job's packages are declared (Python code, a conda or requirements file, a job
//     YAML's conda file, a curated environment by name);
//   - whether a job script logs with MLflow once fixed (a .py file, or the body of a linted notebook's %%writefile).
// The YAML scan is asynchronous and loads the `yaml` package only when a file looks like a job; the controllers
// are read on the first question, so a run where no rule asks never pays for them.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedFile, Program, ProjectModel, Settings } from '../types.js';
import { MAX_FILE_BYTES, MAX_SIDE_FILE_BYTES } from '../limits.js';
import { readTextFileSync } from '../safe-read.js';
import { loadText } from '../notebook/load.js';
import { buildPrograms } from '../programs/build.js';
import { parseProgram } from '../python/parse.js';
import { buildModel } from '../python/model.js';
import { findSubmissions, type JobEnvironment, type Submission } from './python-jobs.js';
import { JobYamlReader, looksLikeJob, type YamlEnvironment, type YamlFailure, type YamlJob, type YamlModule } from './job-yaml.js';
import { tracksWithMlflow } from './tracking.js';
import { noteSideInputs } from '../cache/side-inputs.js';

// Words a controller's text holds; a file without any is not read as one.
export const CONTROLLER_HINT = /ScriptRunConfig|Estimator|SKLearn\(|PyTorch\(|TensorFlow\(|Chainer\(|PythonScriptStep|command\(|%%writefile/;

interface Controller {
  file: LoadedFile;
  submissions: Submission[];
}

/** An environment file or job YAML the run reports on: its jobs' scripts log with MLflow. */
export type EnvironmentNeed =
  | { kind: 'conda-file' | 'requirements-file'; path: string; scripts: string[] }
  | { kind: 'curated'; file: string; name: string; range: [number, number]; scripts: string[] }
  | { kind: 'yaml-failure'; failure: YamlFailure };

export interface ProjectOptions {
  cwd: string;
  settings?: Settings;
  /**
   * Whether a file may be a controller (its text may hold CONTROLLER_HINT); false lets the model skip reading it
   * (--cache knows this of files unchanged since it read them). Absent: every file is read.
   */
  mayControl?: (file: string) => boolean;
}

export class Project implements ProjectModel {
  private controllers: Controller[] | null = null;
  private writefiles: Map<string, Program> | null = null;
  private readonly tracks = new Map<string, boolean | null>();
  private yamlJobs: YamlJob[] = [];
  private yamlFailures: YamlFailure[] = [];
  private yamlModule: YamlModule | null = null;

  constructor(
    private readonly files: readonly string[],
    private readonly options: ProjectOptions,
  ) {}

  /** Reads the v2 job YAML around the linted files (the one asynchronous part). */
  async prepare(): Promise<void> {
    const candidates: string[] = [];
    for (const dir of this.folders()) {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch {
        continue; // an unreadable folder holds no job
      }
      for (const entry of entries) {
        if (!/\.ya?ml$/i.test(entry)) continue;
        const file = path.join(dir, entry);
        const text = readText(file);
        if (text !== null && looksLikeJob(text)) candidates.push(file);
      }
    }
    if (candidates.length === 0) return;
    const reader = new JobYamlReader(await this.yaml(), readText);
    for (const file of candidates.sort()) reader.read(file);
    this.yamlJobs = reader.jobs;
    this.yamlFailures = reader.failures;
  }

  /** The `yaml` package, loaded on first need. */
  async yaml(): Promise<YamlModule> {
    return (this.yamlModule ??= await import('yaml'));
  }

  scriptTracks(scriptPath: string): boolean | null {
    noteSideInputs(`tracks:${scriptPath}`);
    if (this.tracks.has(scriptPath)) return this.tracks.get(scriptPath)!;
    const written = this.index().writefiles.get(scriptPath);
    let result: boolean | null = null;
    if (written) result = programTracks(written);
    else {
      const text = readText(scriptPath, MAX_FILE_BYTES);
      const loaded = text === null ? null : loadText(text, scriptPath, scriptPath);
      if (loaded?.ok) result = buildPrograms(loaded.file, this.options.settings ?? {}).some(programTracks);
    }
    this.tracks.set(scriptPath, result);
    return result;
  }

  submittersOf(scriptPath: string): string[] {
    noteSideInputs(`submitters:${scriptPath}`);
    const out = new Set<string>();
    for (const { file, submissions } of this.index().controllers) {
      if (submissions.some((s) => s.script === scriptPath)) out.add(file.path);
    }
    for (const job of this.yamlJobs) if (job.script === scriptPath) out.add(job.file);
    return [...out];
  }

  /** The environment files and job YAML to report on: those of jobs whose script logs with MLflow. */
  environmentNeeds(): EnvironmentNeed[] {
    const files = new Map<string, { kind: 'conda-file' | 'requirements-file'; scripts: Set<string> }>();
    const curated: EnvironmentNeed[] = [];
    const addFile = (kind: 'conda-file' | 'requirements-file', file: string, script: string): void => {
      const entry = files.get(file) ?? { kind, scripts: new Set<string>() };
      entry.scripts.add(script);
      files.set(file, entry);
    };
    for (const { submissions } of this.index().controllers) {
      for (const submission of submissions) {
        if (!submission.script || !this.scriptTracks(submission.script)) continue;
        const env: JobEnvironment = submission.environment();
        if (env.kind === 'conda-file' || env.kind === 'requirements-file') addFile(env.kind, env.path, submission.script);
      }
    }
    for (const job of this.yamlJobs) {
      if (!this.scriptTracks(job.script)) continue;
      const env: YamlEnvironment = job.environment;
      if (env.kind === 'conda-file') addFile('conda-file', env.path, job.script);
      else if (env.kind === 'curated') curated.push({ kind: 'curated', file: env.file, name: env.name, range: env.range, scripts: [job.script] });
    }
    const needs: EnvironmentNeed[] = [...files].map(([file, { kind, scripts }]) => ({ kind, path: file, scripts: [...scripts].sort() }));
    return [...needs, ...curated, ...this.yamlFailures.map((failure) => ({ kind: 'yaml-failure' as const, failure }))];
  }

  /** The linted files' folders and their parents up to the current folder (only the folder itself when outside it). */
  private folders(): string[] {
    const cwd = path.resolve(this.options.cwd);
    const out = new Set<string>();
    for (const file of this.files) {
      let dir = path.dirname(file);
      for (;;) {
        if (out.has(dir)) break;
        out.add(dir);
        const inside = dir.startsWith(cwd + path.sep);
        const parent = path.dirname(dir);
        if (!inside || parent === dir) break;
        dir = parent;
      }
    }
    return [...out];
  }

  private index(): { controllers: Controller[]; writefiles: Map<string, Program> } {
    if (this.controllers && this.writefiles) return { controllers: this.controllers, writefiles: this.writefiles };
    const controllers: Controller[] = [];
    const writefiles = new Map<string, Program>();
    for (const abs of this.files) {
      if (this.options.mayControl?.(abs) === false) continue;
      const text = readText(abs, MAX_FILE_BYTES);
      if (text === null || !CONTROLLER_HINT.test(text)) continue;
      const loaded = loadText(text, abs, path.relative(this.options.cwd, abs) || abs);
      if (!loaded.ok) continue;
      const dir = path.dirname(abs);
      const submissions: Submission[] = [];
      try {
        for (const program of buildPrograms(loaded.file, this.options.settings ?? {})) {
          if (program.kind === 'writefile') writefiles.set(path.resolve(dir, program.name), program);
          if (program.kind !== 'notebook' && program.kind !== 'script') continue;
          parseProgram(program);
          submissions.push(...findSubmissions(program, dir));
        }
      } catch {
        continue; // input the analysis cannot follow (nested too deeply, ...): its own lint says so; it submits nothing here
      }
      if (submissions.length > 0) controllers.push({ file: loaded.file, submissions });
    }
    this.controllers = controllers;
    this.writefiles = writefiles;
    return { controllers, writefiles };
  }
}

function programTracks(program: Program): boolean {
  parseProgram(program);
  return tracksWithMlflow(program, buildModel(program));
}

/** A file's text; null when it is missing, unreadable, not a regular file or too large (it then declares nothing). */
export function readText(file: string, cap = MAX_SIDE_FILE_BYTES): string | null {
  return readTextFileSync(file, cap);
}
