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
import type { Program, ProjectModel, Settings } from '../types.js';
import { MAX_FILE_BYTES, MAX_SIDE_FILE_BYTES } from '../limits.js';
import { readTextFileSync } from '../safe-read.js';
import { loadText } from '../notebook/load.js';
import { buildPrograms } from '../programs/build.js';
import { keepingTrees, parseProgram, tooMuchCode } from '../python/parse.js';
import { TreeHandover } from '../python/tree-handover.js';
import { buildModel } from '../python/model.js';
import { findSubmissions, type JobEnvironment, type Submission } from './python-jobs.js';
import { JobYamlReader, looksLikeJob, type YamlEnvironment, type YamlFailure, type YamlJob, type YamlModule } from './job-yaml.js';
import { tracksWithMlflow } from './tracking.js';
import { noteSideInputs } from '../cache/side-inputs.js';
import { sharedString } from '../shared-string.js';

// Words a controller's text holds; a file without any is not read as one.
const CONTROLLER_HINT = /ScriptRunConfig|Estimator|SKLearn\(|PyTorch\(|TensorFlow\(|Chainer\(|PythonScriptStep|command\(|%%writefile/;

/** An environment file a job runs in. */
interface EnvironmentFile {
  kind: 'conda-file' | 'requirements-file';
  path: string;
}

/**
 * A file's role (the jobs it submits, the scripts its %%writefile cells write), as plain data: --cache keeps it
 * with the file's result, so that a file unchanged since is not read again for the project model (which otherwise
 * reads every file that holds a controller's words).
 */
export interface ControllerFacts {
  jobs: { script: string | null; environmentFile: EnvironmentFile | null }[];
  writes: { path: string; tracks: boolean }[];
  /** For a job script (one that something submits): whether it logs with MLflow once fixed. */
  tracks?: boolean | null;
}

/**
 * The index as every thread of a --concurrency run shares it (lib/workers/): each file's role as plain data (the
 * files that submit or write nothing left out), in file order, and the v2 jobs of the job YAML.
 */
export interface ProjectIndexData {
  files: [string, ControllerFacts][];
  yamlJobs: YamlJob[];
}

/** An environment file or job YAML the run reports on: its jobs' scripts log with MLflow. */
export type EnvironmentNeed =
  | { kind: 'conda-file' | 'requirements-file'; path: string; scripts: string[] }
  | { kind: 'curated'; file: string; name: string; range: [number, number]; scripts: string[] }
  | { kind: 'yaml-failure'; failure: YamlFailure };

export interface ProjectOptions {
  cwd: string;
  settings?: Settings;
  /** The role of a file known without reading it (--cache, for a file unchanged since); undefined: read the file. */
  knownFacts?: (file: string) => ControllerFacts | undefined;
  /**
   * The lint runs on this thread, after the index, without --fix: the trees the index parses are kept for it
   * (parsedTrees), up to HANDOVER_CHARS of unit text.
   */
  keepTrees?: boolean;
}

/** ~1 M characters of unit text: a few MB of trees, the controllers of several thousand files. */
const HANDOVER_CHARS = 1_000_000;

export class Project implements ProjectModel {
  private roles: Map<string, ControllerFacts> | null = null;
  /** By job script: the files that submit it (index order, then the job YAML), and the last %%writefile that writes it. */
  private byScript: { submitters: Map<string, string[]>; writers: Map<string, boolean> } | null = null;
  private readonly tracks = new Map<string, boolean | null>();
  private yamlJobs: YamlJob[] = [];
  private yamlFailures: YamlFailure[] = [];
  private yamlModule: YamlModule | null = null;
  readonly parsedTrees: TreeHandover | undefined;

  constructor(
    readonly files: readonly string[],
    private readonly options: ProjectOptions,
  ) {
    if (options.keepTrees) this.parsedTrees = new TreeHandover(HANDOVER_CHARS);
  }

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
    this.byScript = null;
  }

  /** The `yaml` package, loaded on first need. */
  async yaml(): Promise<YamlModule> {
    return (this.yamlModule ??= await import('yaml'));
  }

  scriptTracks(scriptPath: string): boolean | null {
    noteSideInputs(`tracks:${scriptPath}`);
    if (this.tracks.has(scriptPath)) return this.tracks.get(scriptPath)!;
    const written = this.scripts().writers.get(scriptPath);
    let result: boolean | null = null;
    const known = this.options.knownFacts?.(scriptPath)?.tracks;
    if (written !== undefined) result = written;
    else if (known !== undefined) result = known;
    else {
      const text = readText(scriptPath, MAX_FILE_BYTES);
      const loaded = text === null ? null : loadText(text, scriptPath, scriptPath);
      const programs = loaded?.ok ? buildPrograms(loaded.file, this.options.settings ?? {}) : [];
      // Too much code to parse: whether it tracks is not known (its own lint says why).
      if (loaded?.ok && !tooMuchCode(programs)) result = programs.some(programTracks);
    }
    this.tracks.set(scriptPath, result);
    return result;
  }

  submittersOf(scriptPath: string): string[] {
    noteSideInputs(`submitters:${scriptPath}`);
    return [...(this.scripts().submitters.get(scriptPath) ?? [])];
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
    for (const { jobs } of this.index().values()) {
      for (const job of jobs) {
        if (!job.script || !this.scriptTracks(job.script)) continue;
        const env = job.environmentFile;
        if (env) addFile(env.kind, env.path, job.script);
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

  /** The v2 jobs the job YAML around the files run (read by prepare). */
  get jobsInYaml(): YamlJob[] {
    return [...this.yamlJobs];
  }

  /** Uses an index built elsewhere (on every thread, by indexFile) instead of reading the files. */
  useIndex(index: ProjectIndexData): void {
    // Sent from another thread, every path is a copy of its own: one copy of each is kept.
    this.roles = new Map(index.files.map(([file, facts]) => [sharedString(file), sharedFacts(facts)]));
    this.yamlJobs = index.yamlJobs;
    this.byScript = null;
  }

  /** A file's role as plain data (for --cache): nothing for a file that submits and writes nothing. */
  factsOf(file: string): ControllerFacts {
    const role = this.index().get(file);
    const facts: ControllerFacts = { jobs: role?.jobs ?? [], writes: role?.writes ?? [] };
    // A job script's answer is asked on every run (its submitter's result depends on it): kept, it is not read again.
    if (this.submittersOf(file).length > 0) facts.tracks = this.scriptTracks(file);
    return facts;
  }

  /** The index turned around (by script), built on the first question: a question no longer scans every file. */
  private scripts(): { submitters: Map<string, string[]>; writers: Map<string, boolean> } {
    if (this.byScript) return this.byScript;
    const submitters = new Map<string, Set<string>>();
    const addSubmitter = (script: string, file: string): void => {
      const files = submitters.get(script) ?? new Set<string>();
      files.add(file);
      submitters.set(script, files);
    };
    const writers = new Map<string, boolean>();
    for (const [file, { jobs, writes }] of this.index()) {
      for (const job of jobs) if (job.script !== null) addSubmitter(job.script, file);
      for (const { path: target, tracks } of writes) writers.set(target, tracks);
    }
    for (const job of this.yamlJobs) addSubmitter(job.script, job.file);
    return (this.byScript = { submitters: new Map([...submitters].map(([script, files]) => [script, [...files]])), writers });
  }

  /** The role of every linted file that submits jobs or writes scripts, read on the first question. */
  private index(): Map<string, ControllerFacts> {
    if (this.roles) return this.roles;
    const roles = new Map<string, ControllerFacts>();
    const readAll = (): void => {
      for (const abs of this.files) {
        const facts = indexFile(abs, this.options);
        if (facts) roles.set(abs, facts);
      }
    };
    if (this.parsedTrees) keepingTrees(this.parsedTrees, readAll);
    else readAll();
    return (this.roles = roles);
  }
}

/**
 * One linted file's part of the shared index (ProjectIndexData): its role as plain data, or null when it submits
 * nothing and writes no script.
 */
export function indexFile(abs: string, options: ProjectOptions): ControllerFacts | null {
  const facts = options.knownFacts?.(abs) ?? readFacts(abs, options);
  return facts && (facts.jobs.length > 0 || facts.writes.length > 0) ? facts : null;
}

/**
 * What a file submits and writes, read from its text (only a text with a controller's words is loaded). Worked out
 * at once as plain data: a thunk over the file's programs would keep its parse trees (~10 KB a file) for the
 * whole run.
 */
function readFacts(abs: string, options: ProjectOptions): ControllerFacts | null {
  const text = readText(abs, MAX_FILE_BYTES);
  if (text === null || !CONTROLLER_HINT.test(text)) return null;
  // The index reports no position: the raw JSON is not scanned for where each cell's source is.
  const loaded = loadText(text, abs, path.relative(options.cwd, abs) || abs, { rawPositions: false });
  if (!loaded.ok) return null;
  const dir = path.dirname(abs);
  const jobs: ControllerFacts['jobs'] = [];
  // The last %%writefile of a path wins (in the first one's place, as a Map keeps it).
  const writes = new Map<string, Program>();
  try {
    const programs = buildPrograms(loaded.file, options.settings ?? {});
    if (tooMuchCode(programs)) return null; // its own lint says so; it submits nothing here
    for (const program of programs) {
      if (program.kind === 'writefile') writes.set(sharedString(path.resolve(dir, program.name)), program);
      if (program.kind !== 'notebook' && program.kind !== 'script') continue;
      // findSubmissions parses only the units that can submit.
      for (const submission of findSubmissions(program, dir)) {
        jobs.push({ script: submission.script === null ? null : sharedString(submission.script), environmentFile: environmentFileOf(submission) });
      }
    }
    return { jobs, writes: [...writes].map(([target, program]) => ({ path: target, tracks: programTracks(program) })) };
  } catch {
    return null; // input the analysis cannot follow (nested too deeply, ...): its own lint says so; it submits nothing here
  }
}

/** `facts` with each path as the one shared copy of it (lib/shared-string.ts). */
function sharedFacts(facts: ControllerFacts): ControllerFacts {
  for (const job of facts.jobs) {
    if (job.script !== null) job.script = sharedString(job.script);
    if (job.environmentFile) job.environmentFile.path = sharedString(job.environmentFile.path);
  }
  for (const write of facts.writes) write.path = sharedString(write.path);
  return facts;
}

function environmentFileOf(submission: Submission): EnvironmentFile | null {
  const env: JobEnvironment = submission.environment();
  return env.kind === 'conda-file' || env.kind === 'requirements-file' ? { kind: env.kind, path: sharedString(env.path) } : null;
}

function programTracks(program: Program): boolean {
  parseProgram(program);
  return tracksWithMlflow(program, buildModel(program));
}

/** A file's text; null when it is missing, unreadable, not a regular file or too large (it then declares nothing). */
export function readText(file: string, cap = MAX_SIDE_FILE_BYTES): string | null {
  return readTextFileSync(file, cap);
}
