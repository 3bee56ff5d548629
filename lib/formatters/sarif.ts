// `-f sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). Every location is in the file as
// stored, for a notebook a line of its raw JSON, so an alert lands exactly on the call in GitHub's file view.
// GitHub's subset: https://docs.github.com/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
//
// Streamed: each file's results are serialised when it is linted (prepareSarif, which may run on a worker) into a
// spool; the run's header (rules, notifications) is only known at the end, so the log is written then, the
// spooled results copied into it. The text is byte for byte `JSON.stringify(log, null, 2)`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { rawReplacementsOf } from '../fix/raw-fix.js';
import type { LintFix, LintMessage, LintResult, LoadedFile, RuleMeta, Severity } from '../types.js';
import { formatterOf, TOOL_NAME, type EndContext, type FormatDefinition, type FormatterContext, type StartContext, type TextSink } from './formatter.js';
import { githubLines, githubRegion } from './github-lines.js';
import { lineHashes } from './line-hash.js';
import { firstSentenceEnd, messageWithCell } from './message-title.js';
import { relativeToRoot, repositoryRoot } from './repository.js';

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
function buildRules(seen: ReadonlyMap<string, Severity>, ctx: EndContext): { rules: Sarif.ReportingDescriptor[]; index: Map<string, number> } {
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

/** Stand-ins in a prepared file's text, for what only the main thread knows: the artifact's and the rule's index. */
const ARTIFACT_INDEX = '\u0000artifact';
const ARTIFACT_INDEX_JSON = `"index": ${JSON.stringify(ARTIFACT_INDEX)}`;
const RULE_INDEX_JSON = /"ruleIndex": "\\u0000rule:((?:[^"\\]|\\.)*)"/;
const ruleIndexStandIn = (id: string): string => `\u0000rule:${id}`;

/** One file's part of the log: its results serialised (with stand-ins), its notifications, its artifact. */
export interface SarifFile {
  filePath: string;
  /** The artifact, when the file has anything to say. */
  artifact?: Sarif.Artifact;
  /** Each result as it appears in the log's `results` array (JSON, indented for its depth). */
  results: string[];
  notifications: Sarif.Notification[];
  /** The highest severity of each rule reported here. */
  seen: [string, Severity][];
  hasFatal: boolean;
}

/** Indentation of an item of `runs[0].results` (or `.artifacts`) in `JSON.stringify(log, null, 2)`. */
const ITEM_INDENT = ' '.repeat(8);
const asItem = (value: unknown): string => ITEM_INDENT + JSON.stringify(value, null, 2).replace(/\n/g, `\n${ITEM_INDENT}`);

const rootByCwd = new Map<string, string>();
const rootOf = (cwd: string): string => {
  let root = rootByCwd.get(cwd);
  if (root === undefined) rootByCwd.set(cwd, (root = repositoryRoot(cwd)));
  return root;
};

/** The per-file half: everything that needs the file's text. */
export function prepareSarif(result: LintResult, ctx: StartContext & { rulesMeta: Record<string, RuleMeta> }): SarifFile {
  const out: SarifFile = { filePath: result.filePath, results: [], notifications: [], seen: [], hasFatal: false };
  if (result.messages.length === 0) return out;
  const root = rootOf(ctx.cwd);
  const rel = relativeToRoot(root, result.filePath);
  const uri = rel === null ? pathToFileURL(result.filePath).href : rel.split('/').map(encodeURIComponent).join('/');
  const location: Sarif.ArtifactLocation = rel === null ? { uri } : { uri, uriBaseId: SRCROOT };
  const notebook = result.file?.kind === 'notebook' || result.filePath.toLowerCase().endsWith('.ipynb');
  out.artifact = { location, mimeType: notebook ? 'application/x-ipynb+json' : 'text/x-python' };
  // The artifact's index is set by the writer: a stand-in string here.
  const artifactLocation = { ...location, index: ARTIFACT_INDEX as unknown as number };

  const text = result.source ?? result.file?.text;
  const problems = result.messages.filter(isAlert);
  const hashes = text === undefined ? new Map<number, string>() : lineHashes(text, problems.map((m) => regionOf(m, text).startLine!));
  const seen = new Map<string, Severity>();
  for (const message of result.messages) {
    if (message.fatal) out.hasFatal = true;
    const region = regionOf(message, text);
    if (!isAlert(message)) {
      const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: { ...artifactLocation } };
      if (message.line > 0) physicalLocation.region = region;
      out.notifications.push({
        level: message.fatal ? 'error' : levelOf(message.severity),
        message: { text: `${result.displayPath}: ${message.message}` },
        locations: [{ physicalLocation }],
      });
      continue;
    }
    const id = message.ruleId;
    seen.set(id, Math.max(seen.get(id) ?? 0, message.severity) as Severity);
    const meta = Object.hasOwn(ctx.rulesMeta, id) ? ctx.rulesMeta[id] : undefined;
    const sarifResult: Sarif.Result = {
      ruleId: id,
      ruleIndex: ruleIndexStandIn(id) as unknown as number,
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
    out.results.push(asItem(sarifResult));
  }
  out.seen = [...seen];
  return out;
}

/** Stand-ins for the two arrays written from spools, in the header's JSON. */
const ARTIFACTS_STAND_IN = '\u0000artifacts';
const RESULTS_STAND_IN = '\u0000results';

/** The main-thread half: artifacts and results go to spools as files come; the log is written at the end. */
export const sarifFormat: FormatDefinition<SarifFile> = {
  needsSource: true,
  prepare: prepareSarif,
  open(ctx: StartContext & SarifOptions, sink, io) {
    const artifacts = io.newSpool();
    const results = io.newSpool();
    const notifications: Sarif.Notification[] = [];
    const seen = new Map<string, Severity>();
    let artifactCount = 0;
    let resultCount = 0;
    let lastPath: string | undefined;
    let hasFatal = false;
    return {
      add(file) {
        if (file.hasFatal) hasFatal = true;
        for (const [id, severity] of file.seen) seen.set(id, Math.max(seen.get(id) ?? 0, severity) as Severity);
        if (!file.artifact) return;
        // Results come sorted by path: a path listed twice is listed one after the other.
        if (file.filePath !== lastPath) {
          artifacts.append(asItem(file.artifact));
          artifactCount++;
          lastPath = file.filePath;
        }
        const index = artifactCount - 1;
        for (const notification of file.notifications) {
          notification.locations![0].physicalLocation!.artifactLocation!.index = index;
          notifications.push(notification);
        }
        for (const result of file.results) results.append(result.replaceAll(ARTIFACT_INDEX_JSON, `"index": ${index}`));
        resultCount += file.results.length;
      },
      end(endCtx) {
        const root = rootOf(ctx.cwd);
        const { rules, index: ruleIndex } = buildRules(seen, endCtx);
        const run: Sarif.Run = {
          tool: { driver: { name: TOOL_NAME, semanticVersion: ctx.toolVersion, informationUri: INFORMATION_URI, rules } },
          invocations: [
            {
              executionSuccessful: !hasFatal,
              toolExecutionNotifications: notifications,
              workingDirectory: { uri: directoryUri(ctx.cwd) },
            },
          ],
          originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
          artifacts: ARTIFACTS_STAND_IN as unknown as Sarif.Artifact[],
          results: RESULTS_STAND_IN as unknown as Sarif.Result[],
          columnKind: 'utf16CodeUnits',
        };
        // Only when asked for: upload-sarif sets automationDetails from its own `category` input (or the workflow and
        // job) only when the run has none, so a default here would silently override the workflow's category.
        const category = ctx.sarifCategory?.trim();
        if (category) run.automationDetails = { id: category.endsWith('/') ? category : `${category}/` };
        const log: Sarif.Log = { version: '2.1.0', $schema: SCHEMA_URI, runs: [run] };
        const header = JSON.stringify(log, null, 2);
        const [beforeArtifacts, rest] = header.split(JSON.stringify(ARTIFACTS_STAND_IN));
        const [between, afterResults] = rest.split(JSON.stringify(RESULTS_STAND_IN));

        const bytes = Buffer.byteLength(header) + artifacts.bytes + results.bytes + 2 * (artifactCount + resultCount);
        // Gzipping costs more than the rest of the formatting: only when the size could be over the limit (deflate
        // adds at most 5 bytes per 16 KiB stored block and an 18-byte header to incompressible text).
        const gzip = io.checkLimits && bytes + 4096 > GITHUB_LIMITS.gzippedBytes ? gzipCounter() : null;
        const write = (text: string): void | Promise<void> => {
          sink.write(text);
          const zipped = gzip?.write(text);
          const drained = sink.drained?.();
          return zipped && drained ? Promise.all([zipped, drained]).then(() => undefined) : (zipped ?? drained);
        };
        const resolveRule = (item: string): string =>
          item.replace(RULE_INDEX_JSON, (_, id: string) => `"ruleIndex": ${ruleIndex.get(JSON.parse(`"${id}"`) as string)}`);
        const warnings = (): string[] => sarifCountWarnings(resultCount);
        const array = (spool: typeof results, count: number, map: (item: string) => string): void | Promise<void> => {
          if (count === 0) return write('[]');
          write('[\n');
          let first = true;
          return spool.replay(
            (item) => {
              const out = first ? map(item) : `,\n${map(item)}`;
              first = false;
              return out;
            },
            write,
          );
        };
        const closing = `\n${' '.repeat(6)}]`;
        // Synchronous with in-memory spools and a string sink (the array form), asynchronous with file spools.
        return inSequence(
          [
            () => write(beforeArtifacts),
            () => array(artifacts, artifactCount, (item) => item),
            () => (artifactCount > 0 ? write(closing) : undefined),
            () => write(between),
            () => array(results, resultCount, resolveRule),
            () => (resultCount > 0 ? write(closing) : undefined),
            () => write(afterResults),
          ],
          () => (gzip ? gzip.size().then((size) => [...warnings(), ...sizeWarning(size)]) : warnings()),
        );
      },
    };
  },
};

/** Runs the steps in order, waiting only for those that return a promise; then `last`. */
function inSequence<T>(steps: (() => void | Promise<void>)[], last: () => T | Promise<T>): T | Promise<T> {
  for (let i = 0; i < steps.length; i++) {
    const pending = steps[i]();
    if (pending) return pending.then(() => inSequence(steps.slice(i + 1), last));
  }
  return last();
}

export const sarifFormatter = formatterOf(sarifFormat);

/** The SARIF log as an object (tests). */
export function buildSarifLog(results: LintResult[], ctx: FormatterContext & SarifOptions): Sarif.Log {
  return JSON.parse(sarifFormatter(results, ctx)) as Sarif.Log;
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * The size of the gzipped text, computed as it is written (the text itself is not kept). A write returns a promise
 * while zlib is behind: without waiting for it, the whole log (14 MB at 4,000 files) queued in the stream's buffer.
 */
function gzipCounter(): { write(text: string): void | Promise<void>; size(): Promise<number> } {
  // node:zlib is loaded only here: most runs never need the size check, and start-up would pay for it.
  const gzip = process.getBuiltinModule('node:zlib').createGzip();
  let size = 0;
  gzip.on('data', (chunk: Buffer) => (size += chunk.length));
  const done = new Promise<number>((resolve, reject) => {
    gzip.on('end', () => resolve(size));
    gzip.on('error', reject);
  });
  return {
    write: (text) => (gzip.write(text) ? undefined : new Promise<void>((resolve) => gzip.once('drain', () => resolve()))),
    size: () => {
      gzip.end();
      return done;
    },
  };
}

function sarifCountWarnings(count: number): string[] {
  if (count > GITHUB_LIMITS.resultsPerRun) {
    return [`SARIF: ${count} results in one run; GitHub code scanning rejects runs with more than 25,000.`];
  }
  if (count > GITHUB_LIMITS.storedResults) {
    return [`SARIF: ${count} results in one run; GitHub code scanning keeps only the 5,000 most severe.`];
  }
  return [];
}

function sizeWarning(gzipped: number): string[] {
  return gzipped > GITHUB_LIMITS.gzippedBytes
    ? [`SARIF: ${(gzipped / 1024 / 1024).toFixed(1)} MB gzipped; GitHub code scanning rejects uploads over 10 MB.`]
    : [];
}

/** Warnings for SARIF text (the CLI gets the same from the streamed writer's end). */
export function sarifLimitWarnings(output: string): string[] {
  const log = JSON.parse(output) as Sarif.Log;
  const warnings = log.runs.flatMap((run) => sarifCountWarnings(run.results?.length ?? 0));
  // Gzipped text is never larger than the raw text plus deflate's small overhead: no need to compress small logs.
  if (Buffer.byteLength(output) + 4096 > GITHUB_LIMITS.gzippedBytes) warnings.push(...sizeWarning(process.getBuiltinModule('node:zlib').gzipSync(output).length));
  return warnings;
}
