// `-f sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). Every location is in the file as
// stored, for a notebook a line of its raw JSON, so an alert lands exactly on the call in GitHub's file view.
// GitHub's subset: https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type * as Sarif from 'sarif';
import { rawReplacementsOf } from '../fix/raw-fix.js';
import type { LintFix, LintMessage, LintResult, LoadedFile, RuleMeta, Severity } from '../types.js';
import { firstSentenceEnd, githubRegion, messageWithCell, relativeToRoot, repositoryRoot, TOOL_NAME } from './github.js';
import type { Formatter, FormatterContext } from './index.js';
import { githubLines, lineHashes } from './line-hash.js';

export interface SarifOptions {
  /** --sarif-category: run.automationDetails.id, which tells GitHub which earlier analysis this one replaces. */
  sarifCategory?: string;
  /** The severity each enabled rule runs at (highest over all files): the rules' defaultConfiguration.level. */
  ruleSeverities?: Record<string, Severity>;
}

const INFORMATION_URI = 'https://www.npmjs.com/package/nblint-mlflow';
const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const TAGS = ['azureml-sdk-v1', 'mlflow', 'migration'];

/** GitHub's limits on one upload (docs: "SARIF results exceed limit", "SARIF file is too large"). */
export const GITHUB_LIMITS = { resultsPerRun: 25_000, storedResults: 5_000, gzippedBytes: 10 * 1024 * 1024 };

type Level = 'error' | 'warning' | 'note';

const levelOf = (severity: Severity): Level => (severity === 2 ? 'error' : severity === 1 ? 'warning' : 'note');

/** 'no-run-log' → 'NoRunLog'; 'acme/log-wrapper' → 'AcmeLogWrapper'. */
export function pascalCase(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** The text ending in a full stop (or its own '!' / '?'), so that another sentence can follow it. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function indent(code: string): string {
  return code
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** help.text and help.markdown: the description and the v1 → MLflow rewrite, from the rule's docs. */
function helpOf(meta: RuleMeta): Sarif.MultiformatMessageString {
  const { example, url } = meta.docs;
  const description = asSentence(meta.docs.description);
  const fix = meta.fixable ? 'Run `nblint-mlflow --fix` to rewrite it.' : undefined;
  const text = [description];
  const markdown = [description];
  if (example) {
    text.push(`Azure ML SDK v1:\n${indent(example.before)}`, `MLflow:\n${indent(example.after)}`);
    const fence = (code: string): string => `\`\`\`python\n${code.replace(/\s+$/, '')}\n\`\`\``;
    markdown.push(`**Azure ML SDK v1**\n\n${fence(example.before)}`, `**MLflow**\n\n${fence(example.after)}`);
  }
  if (fix) {
    text.push(fix.replace(/`/g, ''));
    markdown.push(fix);
  }
  if (url) markdown.push(`[Rule documentation](${url})`);
  return { text: text.join('\n\n'), markdown: markdown.join('\n\n') };
}

function ruleDescriptor(id: string, meta: RuleMeta | undefined, level: Level): Sarif.ReportingDescriptor {
  if (!meta) {
    // A rule id with no meta (the run did not pass it): still a valid, titled descriptor.
    return { id, name: pascalCase(id), shortDescription: { text: id }, defaultConfiguration: { level } };
  }
  const description = asSentence(meta.docs.description);
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: description.slice(0, firstSentenceEnd(description) + 1) },
    fullDescription: { text: meta.fixable ? `${description} Fixable with \`nblint-mlflow --fix\`.` : description },
    help: helpOf(meta),
    ...(meta.docs.url ? { helpUri: meta.docs.url } : {}),
    defaultConfiguration: { level },
    properties: {
      tags: [...TAGS, meta.type],
      precision: meta.type === 'problem' ? 'very-high' : 'high',
      'problem.severity': level === 'note' ? 'recommendation' : level,
    },
  };
}

/**
 * The run's rule list: every enabled rule (sorted, so output is stable), then any rule id seen only in results.
 * A rule is enabled when some linted file's configuration turns it on; without `ruleSeverities` (a caller that
 * does not know), every rule in `rulesMeta` is listed. A rule turned off everywhere is left out: a descriptor with
 * a default level would tell GitHub it ran.
 */
function buildRules(results: LintResult[], ctx: FormatterContext & SarifOptions): { rules: Sarif.ReportingDescriptor[]; index: Map<string, number> } {
  const seen = new Map<string, Severity>();
  for (const result of results) {
    for (const message of result.messages) {
      if (!isAlert(message)) continue;
      seen.set(message.ruleId, Math.max(seen.get(message.ruleId) ?? 0, message.severity) as Severity);
    }
  }
  const enabled = (id: string): boolean => ctx.ruleSeverities === undefined || (ctx.ruleSeverities[id] ?? 0) > 0;
  const ids = Object.keys(ctx.rulesMeta).filter(enabled).sort();
  for (const id of [...seen.keys()].sort()) if (!ids.includes(id)) ids.push(id);
  const rules = ids.map((id) => {
    const meta = Object.hasOwn(ctx.rulesMeta, id) ? ctx.rulesMeta[id] : undefined;
    const severity = ctx.ruleSeverities?.[id] || seen.get(id) || (meta?.type === 'problem' ? 2 : 1);
    return ruleDescriptor(id, meta, levelOf(severity));
  });
  return { rules, index: new Map(ids.map((id, i) => [id, i])) };
}

/**
 * A rule's finding becomes a result (an alert). A message without a rule (a file that could not be linted, or one
 * named on the command line but ignored) is about the run, not the code: a tool-execution notification.
 */
const isAlert = (message: LintMessage): message is LintMessage & { ruleId: string } => !message.fatal && message.ruleId !== null;

/** Artifacts (one per file with something to say) and the artifactLocation each result points at. */
class Artifacts {
  readonly list: Sarif.Artifact[] = [];
  private readonly byPath = new Map<string, number>();
  constructor(private readonly root: string) {}

  locationOf(result: LintResult): Sarif.ArtifactLocation {
    const rel = relativeToRoot(this.root, result.filePath);
    const uri = rel === null ? pathToFileURL(result.filePath).href : rel.split('/').map(encodeURIComponent).join('/');
    let index = this.byPath.get(result.filePath);
    if (index === undefined) {
      index = this.list.length;
      this.byPath.set(result.filePath, index);
      const location: Sarif.ArtifactLocation = rel === null ? { uri } : { uri, uriBaseId: SRCROOT };
      const notebook = result.file?.kind === 'notebook' || result.filePath.toLowerCase().endsWith('.ipynb');
      this.list.push({ location, mimeType: notebook ? 'application/x-ipynb+json' : 'text/x-python' });
    }
    return { ...this.list[index].location, index };
  }
}

function regionOf(message: LintMessage, text: string | undefined): Sarif.Region {
  const r = githubRegion(message, text);
  const region: Sarif.Region = { startLine: Math.max(1, r.line), startColumn: Math.max(1, r.column) };
  if (r.endLine !== undefined && r.endColumn !== undefined) {
    region.endLine = r.endLine;
    region.endColumn = r.endColumn;
  }
  return region;
}

/**
 * A LintFix as SARIF replacements in raw-file coordinates: what --fix would write, JSON escapes included.
 * One replacement per separate place the fix changes (a call rewritten in cell 5 and `import mlflow` added to
 * cell 1 are two), not one span from the first change to the last: that span would re-insert all the text in
 * between, so fixes of different findings would overlap and could not be applied together.
 */
function sarifFix(file: LoadedFile, fix: LintFix, description: string, artifactLocation: Sarif.ArtifactLocation): Sarif.Fix {
  const lines = githubLines(file.text);
  const replacements = rawReplacementsOf(file, fix).map(({ range, text }): Sarif.Replacement => {
    const start = lines.ofOffset(range[0]);
    const end = lines.ofOffset(range[1]);
    return {
      deletedRegion: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      insertedContent: { text },
    };
  });
  return { description: { text: description }, artifactChanges: [{ artifactLocation, replacements }] };
}

function fixesOf(result: LintResult, message: LintMessage, location: Sarif.ArtifactLocation, meta: RuleMeta | undefined): Sarif.Fix[] {
  const file = result.file;
  if (!file) return [];
  const fixes: Sarif.Fix[] = [];
  if (message.fix) fixes.push(sarifFix(file, message.fix, `nblint-mlflow --fix: ${meta?.docs.description ?? message.message}`, location));
  for (const suggestion of message.suggestions ?? []) fixes.push(sarifFix(file, suggestion.fix, suggestion.desc, location));
  // A fix that changes nothing has no replacement, and SARIF requires at least one.
  return fixes.filter((fix) => fix.artifactChanges[0].replacements!.length > 0);
}

function notebookProperties(message: LintMessage): Sarif.PropertyBag | undefined {
  if (message.cell === undefined) return undefined;
  const props: Sarif.PropertyBag = { cell: message.cell };
  if (message.cellId !== undefined) props.cellId = message.cellId;
  if (message.cellLine !== undefined) props.cellLine = message.cellLine;
  if (message.cellColumn !== undefined) props.cellColumn = message.cellColumn;
  if (message.cellEndLine !== undefined) props.cellEndLine = message.cellEndLine;
  if (message.cellEndColumn !== undefined) props.cellEndColumn = message.cellEndColumn;
  if (message.programKind !== undefined) props.programKind = message.programKind;
  return props;
}

/** The SARIF log as an object (the formatter serialises it). */
export function buildSarifLog(results: LintResult[], ctx: FormatterContext & SarifOptions): Sarif.Log {
  const root = repositoryRoot(ctx.cwd);
  const { rules, index: ruleIndex } = buildRules(results, ctx);
  const artifacts = new Artifacts(root);
  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];

  for (const result of results) {
    const text = result.source ?? result.file?.text;
    const problems = result.messages.filter(isAlert);
    const hashes = text === undefined ? new Map<number, string>() : lineHashes(text, problems.map((m) => regionOf(m, text).startLine!));

    for (const message of result.messages) {
      const artifactLocation = artifacts.locationOf(result);
      const region = regionOf(message, text);
      if (!isAlert(message)) {
        const physicalLocation: Sarif.PhysicalLocation = { artifactLocation };
        if (message.line > 0) physicalLocation.region = region;
        notifications.push({
          level: message.fatal ? 'error' : levelOf(message.severity),
          message: { text: `${result.displayPath}: ${message.message}` },
          locations: [{ physicalLocation }],
        });
        continue;
      }
      const id = message.ruleId;
      const meta = Object.hasOwn(ctx.rulesMeta, id) ? ctx.rulesMeta[id] : undefined;
      const sarifResult: Sarif.Result = {
        ruleId: id,
        ruleIndex: ruleIndex.get(id)!,
        level: levelOf(message.severity),
        message: { text: messageWithCell(message) },
        locations: [{ physicalLocation: { artifactLocation, region } }],
      };
      const hash = hashes.get(region.startLine!);
      if (hash) sarifResult.partialFingerprints = { primaryLocationLineHash: hash };
      const properties = notebookProperties(message);
      if (properties) sarifResult.properties = properties;
      const fixes = fixesOf(result, message, artifactLocation, meta);
      if (fixes.length > 0) sarifResult.fixes = fixes;
      sarifResults.push(sarifResult);
    }
  }

  const run: Sarif.Run = {
    tool: { driver: { name: TOOL_NAME, semanticVersion: ctx.toolVersion, informationUri: INFORMATION_URI, rules } },
    invocations: [
      {
        executionSuccessful: !results.some((result) => result.messages.some((message) => message.fatal)),
        toolExecutionNotifications: notifications,
        workingDirectory: { uri: directoryUri(ctx.cwd) },
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
    artifacts: artifacts.list,
    results: sarifResults,
    columnKind: 'utf16CodeUnits',
  };
  // Only when asked for: upload-sarif sets automationDetails from its own `category` input (or the workflow and
  // job) only when the run has none, so a default here would silently override the workflow's category.
  const category = ctx.sarifCategory?.trim();
  if (category) run.automationDetails = { id: category.endsWith('/') ? category : `${category}/` };
  return { version: '2.1.0', $schema: SCHEMA_URI, runs: [run] };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export const sarifFormatter: Formatter = (results, ctx) => JSON.stringify(buildSarifLog(results, ctx), null, 2);
sarifFormatter.needsSource = true;

/** Warnings for the CLI to print on stderr when GitHub would reject or truncate this SARIF output. */
export function sarifLimitWarnings(output: string): string[] {
  const warnings: string[] = [];
  const log = JSON.parse(output) as Sarif.Log;
  for (const run of log.runs) {
    const count = run.results?.length ?? 0;
    if (count > GITHUB_LIMITS.resultsPerRun) {
      warnings.push(`SARIF: ${count} results in one run; GitHub code scanning rejects runs with more than 25,000.`);
    } else if (count > GITHUB_LIMITS.storedResults) {
      warnings.push(`SARIF: ${count} results in one run; GitHub code scanning keeps only the 5,000 most severe.`);
    }
  }
  const gzipped = gzipSync(output).length;
  if (gzipped > GITHUB_LIMITS.gzippedBytes) {
    warnings.push(`SARIF: ${(gzipped / 1024 / 1024).toFixed(1)} MB gzipped; GitHub code scanning rejects uploads over 10 MB.`);
  }
  return warnings;
}
