// Results for the environment files the project model found behind the linted jobs: a conda or requirements file a
// job runs in, whose script logs with MLflow, and that lacks the packages `missing-azureml-mlflow-dependency`
// wants (one warning, with a minimal edit of that file as its fix); a job YAML naming a curated environment that
// does not ship them (no fix); a YAML file that cannot be parsed (a parsing error on that file, never rewritten).
// With --fix the edit is applied by the same fixer functions and written by the same atomic writer as a script.
import path from 'node:path';
import { addToConda, addToRequirements, condaDocumentPackages, readRequirementsFile, normalizePackageName, type FileEdit } from '../dependencies/index.js';
import { interpolate } from '../engine/message-text.js';
import { applyEdits } from '../fix/apply.js';
import { writeFileAtomic } from '../fix/atomic-write.js';
import { rawLineColumn } from '../positions.js';
import type { LintMessage, LintResult, LoadedFile, ResolvedConfig } from '../types.js';
import { curatedName, curatedShipsMlflow } from './curated-environments.js';
import { provides } from './python-jobs.js';
import { readText, type EnvironmentNeed, type Project } from './project.js';

export const DEPENDENCY_RULE = 'missing-azureml-mlflow-dependency';

export interface EnvironmentResultsOptions {
  cwd: string;
  configFor(file: string): Promise<ResolvedConfig>;
  /** --fix (write) or --fix-dry-run; fixTypes as --fix-type; diff (--diff): each fixed file's unified diff too. */
  fix?: { write: boolean; fixTypes?: readonly string[]; diff?: boolean };
  /** --fix writes only inside these folders (the named paths): an environment file elsewhere is refused, with a warning. */
  roots?: readonly string[];
}

/** Results not yet counted (countProblems), holding their text and file for the formatters. */
export async function environmentResults(project: Project, options: EnvironmentResultsOptions): Promise<{ results: LintResult[]; warnings: string[] }> {
  const byFile = new Map<string, { file: LoadedFile; messages: LintMessage[] }>();
  const warnings: string[] = [];
  for (const need of project.environmentNeeds()) {
    const filePath = need.kind === 'yaml-failure' ? need.failure.file : need.kind === 'curated' ? need.file : need.path;
    const text = readText(filePath);
    if (text === null) continue; // a file the code names but that is not there: nothing to report on or fix
    const entry = byFile.get(filePath) ?? { file: textFile(filePath, text, options.cwd), messages: [] };
    byFile.set(filePath, entry);
    const message = await problemOf(need, entry.file, project, await options.configFor(filePath));
    if (message && !entry.messages.some((m) => m.line === message.line && m.message === message.message)) entry.messages.push(message);
  }

  const results: LintResult[] = [];
  for (const { file, messages } of byFile.values()) {
    if (messages.length === 0) continue;
    const result: LintResult = { filePath: file.path, displayPath: file.displayPath, messages, suppressedMessages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
    const fixable = messages.filter((m) => m.fix && (!options.fix?.fixTypes || options.fix.fixTypes.includes('problem')));
    if (options.fix && fixable.length > 0) {
      // One edit per file (every need of a file is merged into one message), so no two edits overlap.
      const output = applyEdits(file.text, fixable.flatMap((m) => m.fix!.edits));
      const outcome = options.fix.write ? await writeFileAtomic(file.path, file.text, output, { roots: options.roots }) : { status: 'written' as const };
      if (outcome.status === 'refused') warnings.push(`${file.displayPath}: ${outcome.message}`);
      else {
        result.output = output;
        result.messages = messages.filter((m) => !fixable.includes(m));
        result.fixedCount = fixable.length;
        if (options.fix.diff) result.diff = (await import('../fix/diff.js')).fixDiff(file, { ...file, text: output }, []);
      }
    }
    results.push({ ...result, source: file.text, file });
  }
  return { results, warnings };
}

async function problemOf(need: EnvironmentNeed, file: LoadedFile, project: Project, config: ResolvedConfig): Promise<LintMessage | null> {
  if (need.kind === 'yaml-failure') return parsingError(file, need.failure.message, need.failure.offset);
  const setting = config.rules[DEPENDENCY_RULE];
  const rule = config.ruleDefinitions[DEPENDENCY_RULE];
  if (!setting || setting.severity === 0 || !rule) return null;
  const wanted = ((setting.options[0] as { packages?: string[] } | undefined)?.packages ?? ['azureml-mlflow']).map(normalizePackageName);
  const base = { ruleId: DEPENDENCY_RULE, severity: setting.severity };
  const scripts = need.scripts.map((s) => path.relative(path.dirname(file.path), s) || s).join(', ');
  const say = (messageId: string, data: Record<string, string>): string => interpolate(rule.meta.messages[messageId] ?? messageId, data);

  if (need.kind === 'curated') {
    const ships = curatedShipsMlflow(need.name);
    if (ships === true) return null;
    const messageId = ships === false ? 'curatedLacks' : 'curatedUnknown';
    return { ...base, messageId, message: say(messageId, { script: scripts, name: curatedName(need.name), packages: packagesText(wanted) }), ...span(file, need.range) };
  }

  let declared: Set<string>;
  let edit: (add: string[]) => FileEdit | null;
  let at: [number, number] = [0, file.text.indexOf('\n') < 0 ? file.text.length : file.text.indexOf('\n')];
  if (need.kind === 'requirements-file') {
    declared = readRequirementsFile(file.path);
    edit = (add) => addToRequirements(file.text, add);
  } else {
    const yaml = await project.yaml();
    const doc = yaml.parseDocument(file.text);
    if (doc.errors.length > 0) return parsingError(file, doc.errors[0].message.split('\n')[0], doc.errors[0].pos[0]);
    declared = condaDocumentPackages(yaml, doc);
    edit = (add) => addToConda(yaml, file.text, doc, add);
    const key = yaml.isMap(doc.contents) ? doc.contents.items.find((p) => yaml.isScalar(p.key) && p.key.value === 'dependencies')?.key : undefined;
    if (yaml.isScalar(key) && key.range) at = [key.range[0], key.range[1]];
  }
  const missing = wanted.filter((name) => !provides(declared, name));
  if (missing.length === 0) return null;
  const add = [...(provides(declared, 'mlflow') || missing.includes('mlflow') ? [] : ['mlflow']), ...missing];
  const change = edit(add);
  const message: LintMessage = { ...base, messageId: 'environmentFile', message: say('environmentFile', { scripts, packages: packagesText(missing) }), ...span(file, at) };
  if (change) message.fix = { edits: [{ cellIndex: -1, ...change }] };
  return message;
}

const packagesText = (missing: readonly string[]): string =>
  missing.length === 1 ? `the ${missing[0]} package` : `the packages ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;

function parsingError(file: LoadedFile, why: string, offset: number): LintMessage {
  const { line, column } = rawLineColumn(file, Math.max(0, Math.min(offset, file.text.length)));
  return { ruleId: null, severity: 2, fatal: true, message: `Parsing error: ${why}`, line, column };
}

function span(file: LoadedFile, [start, end]: [number, number]): Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const from = rawLineColumn(file, start);
  const to = rawLineColumn(file, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** An environment file as the formatters and the fixer see a script: raw text, no cells (edits use cellIndex -1). */
function textFile(filePath: string, text: string, cwd: string): LoadedFile {
  const rel = path.relative(cwd, filePath);
  return { path: filePath, displayPath: rel && !rel.startsWith('..') ? rel : filePath, kind: 'script', text, cells: [] };
}
