// Azure ML v2 job and component YAML: which script a command job runs (`code:` + `command: python x.py`) and in
// which environment (`environment: azureml:Name@latest`, an inline `{image, conda_file}`, or an environment YAML
// file). Pipeline jobs are followed into their `jobs:` and the component files they name. Read with the `yaml`
// package (positions kept); the caller loads it only when a YAML file looks like a job.
import path from 'node:path';
import type * as YAML from 'yaml';
import { scriptOfCommand } from './python-jobs.js';

export type YamlModule = typeof YAML;

export type YamlEnvironment =
  | { kind: 'conda-file'; path: string }
  | { kind: 'curated'; name: string; file: string; range: [number, number] }
  | { kind: 'unknown'; why: string };

export interface YamlJob {
  /** The job or component YAML that names the script. */
  file: string;
  script: string;
  environment: YamlEnvironment;
}

/** A YAML file the project needed and could not read as YAML. */
export interface YamlFailure {
  file: string;
  message: string;
  /** Offset in the file's text. */
  offset: number;
}

/** Cheap test before parsing: a job or component names a command, or a pipeline its jobs. */
export function looksLikeJob(text: string): boolean {
  return /^\s*command\s*:/m.test(text) || (/^jobs\s*:/m.test(text) && /^\s+component\s*:/m.test(text));
}

export class JobYamlReader {
  readonly jobs: YamlJob[] = [];
  readonly failures: YamlFailure[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly yaml: YamlModule,
    private readonly readText: (file: string) => string | null,
  ) {}

  read(file: string): void {
    if (this.seen.has(file)) return;
    this.seen.add(file);
    const doc = this.parse(file);
    if (doc) this.collect(doc, file, []);
  }

  private parse(file: string): YAML.Document.Parsed | null {
    const text = this.readText(file);
    if (text === null) return null;
    const doc = this.yaml.parseDocument(text);
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      this.failures.push({ file, message: error.message.split('\n')[0], offset: error.pos[0] });
      return null;
    }
    return doc;
  }

  private collect(doc: YAML.Document.Parsed, file: string, at: (string | number)[]): void {
    const dir = path.dirname(file);
    const get = (key: string): unknown => doc.getIn([...at, key]);
    const command = get('command');
    if (typeof command === 'string') {
      const script = scriptOfCommand(command);
      const code = get('code');
      if (script && (code === undefined || typeof code === 'string')) {
        const codeDir = typeof code === 'string' ? path.resolve(dir, code.replace(/^file:/, '')) : dir;
        this.jobs.push({ file, script: path.resolve(codeDir, script), environment: this.environment(doc, file, [...at, 'environment']) });
      }
    }
    const jobs = doc.getIn([...at, 'jobs'], true);
    if (!this.yaml.isMap(jobs)) return;
    for (const pair of jobs.items) {
      const key = this.yaml.isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) continue;
      const component = doc.getIn([...at, 'jobs', key, 'component']);
      if (typeof component === 'string' && !component.startsWith('azureml:')) {
        this.read(path.resolve(dir, component.replace(/^file:/, '')));
      } else this.collect(doc, file, [...at, 'jobs', key]);
    }
  }

  private environment(doc: YAML.Document.Parsed, file: string, at: (string | number)[]): YamlEnvironment {
    const node = doc.getIn(at, true);
    const dir = path.dirname(file);
    if (this.yaml.isScalar(node) && typeof node.value === 'string') {
      const value = node.value;
      if (/^azureml:/.test(value)) return { kind: 'curated', name: value, file, range: [node.range![0], node.range![1]] };
      // An environment YAML file of its own (`environment: file:../env.yml`): its conda_file.
      const envFile = path.resolve(dir, value.replace(/^file:/, ''));
      const envDoc = this.parse(envFile);
      const conda = envDoc?.get('conda_file');
      return typeof conda === 'string'
        ? { kind: 'conda-file', path: path.resolve(path.dirname(envFile), conda.replace(/^file:/, '')) }
        : { kind: 'unknown', why: `environment ${value} has no conda_file` };
    }
    const conda = doc.getIn([...at, 'conda_file']);
    if (typeof conda === 'string') return { kind: 'conda-file', path: path.resolve(dir, conda.replace(/^file:/, '')) };
    return { kind: 'unknown', why: node === undefined ? 'the job names no environment' : 'its environment is not a file or a name' };
  }
}
