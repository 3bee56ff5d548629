// missing-azureml-mlflow-dependency: code that tracks with MLflow (or with v1 Run/Experiment, which migrates to
// MLflow) must declare `azureml-mlflow`, the plugin that lets MLflow talk to an Azure ML workspace. Without it,
// `mlflow.log_metric` outside Azure ML compute fails or logs to a local ./mlruns folder.
//
// Looked at: the notebook's own `%pip` / `!pip` / `%conda install` lines (with their `-r` files), and, next to the
// file, requirements*.txt, conda files (`<name>.yml`, environment.yml, conda.yml, conda_dependencies.yml, also
// `.yaml`) and the nearest pyproject.toml at or above the file's directory.
// Only the notebook program and `.py` scripts are checked: a `%%writefile` script runs as a job in the job's own
// environment, which this rule cannot see.
//
// The fix (notebooks only; requirements and conda files are out of scope, a script gets no fix): the packages go at
// the end of the notebook's first `%pip` / `!pip install` line, or into a new `%pip install` cell before the first
// code cell. When no v1 code is left, v1 packages on that line (azureml-sdk, azureml-core, ...) are replaced too.
import { SKIP_TAG } from '../lib/engine/fix-edits.js';
import path from 'node:path';
import { curatedName, curatedShipsMlflow } from '../lib/project/curated-environments.js';
import { findSubmissions, provides } from '../lib/project/python-jobs.js';
import { tracksWithMlflow } from '../lib/project/tracking.js';
import type { LoadedFile, Rule, RuleContext, RuleFixer, TextEdit, Unit } from '../lib/types.js';
import {
  declaredNextTo,
  findInstallLines,
  normalizePackageName,
  requirementsNamedBy,
  type InstallLine,
} from '../lib/dependencies/index.js';
import { environmentCodeEdits, environmentCodeSite } from './helpers/dependencies/environment-code-fix.js';
import { installLineFix } from './helpers/dependencies/install-line-fix.js';
import { originToUnit } from '../lib/positions.js';
import { v1CodeRemains } from './helpers/dependencies/v1-code-remains.js';
import { ruleDocsUrl } from './helpers/messages/rule-docs.js';

const DEFAULT_PACKAGES = ['azureml-mlflow'];

interface Options {
  packages?: string[];
}

export const rule: Rule = {
  meta: {
    type: 'problem',
    requiresText: ['azureml', 'mlflow', 'azure.ai.ml'], // code that tracks with MLflow or v1, or submits jobs
    docs: {
      description:
        'Require `azureml-mlflow` to be declared (a %pip install line, requirements*.txt, a conda file or pyproject.toml) ' +
        'where MLflow or Azure ML v1 tracking is used. Fixed in notebooks only (a `%pip install` line or cell); ' +
        'requirements and conda files are left for you to edit.',
      recommended: true,
      url: ruleDocsUrl('missing-azureml-mlflow-dependency'),
      example: {
        before: '%pip install azureml-core\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("accuracy", 0.9)',
        after: '%pip install azureml-core mlflow azureml-mlflow\nfrom azureml.core import Run\nrun = Run.get_context()\nrun.log("accuracy", 0.9)',
      },
    },
    fixable: 'code',
    messages: {
      missing:
        'MLflow tracking to Azure ML needs {{packages}}, but no {{places}} next to this {{kind}} declares it.',
      jobEnvironment:
        'The job script {{script}} logs with MLflow, but the environment it runs in (declared here) lacks {{packages}}.',
      defaultEnvironment:
        "The job script {{script}} logs with MLflow, but the job names no environment and Azure ML's default one lacks {{packages}}: give it an Environment that declares them.",
      curatedLacks:
        'The job script {{script}} logs with MLflow, but the curated environment {{name}} does not ship {{packages}}: use a newer curated environment (AzureML-sklearn-1.5, ...) or clone it and add the packages.',
      curatedUnknown:
        "The job script {{script}} logs with MLflow; the curated environment {{name}} is not in nblint-mlflow's table, so check that it ships {{packages}} (or declare them in a conda file).",
      environmentFile:
        'The job script {{scripts}} logs with MLflow, but this environment file, which its job runs in, lacks {{packages}}.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          packages: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ packages: DEFAULT_PACKAGES }],
  },

  create(context) {
    const { program } = context;
    if (program.kind !== 'notebook' && program.kind !== 'script') return {};
    return {
      'Program:exit'() {
        // Only code that logs with MLflow once fixed needs the plugin: a notebook that merely submits jobs does not.
        if (tracksWithMlflow(program, context.model) && !isJobScript(context)) check(context);
        checkSubmissions(context);
      },
    };
  },
};

export default rule;

/** A script some controller or job YAML submits: its environment is checked where the job declares it. */
function isJobScript(context: RuleContext): boolean {
  return context.file.kind === 'script' && (context.project?.submittersOf(context.file.path).length ?? 0) > 0;
}

const wantedPackages = (context: RuleContext): string[] =>
  ((context.options[0] as Options | undefined)?.packages ?? DEFAULT_PACKAGES).map(normalizePackageName);

const packagesText = (missing: readonly string[]): string =>
  missing.length === 1 ? `the ${missing[0]} package` : `the packages ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;

/**
 * The jobs this file submits whose script logs with MLflow: the environment each runs in must provide the
 * packages. Declared in this file's code → reported there, fixed there; a curated environment by name → reported
 * (no fix: curated environments cannot be changed); a conda or requirements file → reported on that file.
 */
function checkSubmissions(context: RuleContext): void {
  const { project, file, program } = context;
  if (!project) return;
  const wanted = wantedPackages(context);
  const seen = new Set<unknown>();
  for (const submission of findSubmissions(program, path.dirname(file.path))) {
    if (!submission.script || !project.scriptTracks(submission.script)) continue;
    const env = submission.environment();
    const script = path.relative(path.dirname(file.path), submission.script) || submission.script;
    if (env.kind === 'code') {
      if (seen.has(env.dependencies)) continue;
      seen.add(env.dependencies);
      const missing = wanted.filter((name) => !provides(env.dependencies.packages, name));
      const site = environmentCodeSite(env.dependencies);
      if (missing.length === 0 || !site) continue;
      const add = [...(provides(env.dependencies.packages, 'mlflow') || missing.includes('mlflow') ? [] : ['mlflow']), ...missing];
      context.report({
        unit: site.unit,
        range: [site.node.from, site.node.to],
        messageId: 'jobEnvironment',
        data: { script, packages: packagesText(missing) },
        fix: () => environmentCodeEdits(env.dependencies, add),
      });
    } else if (env.kind === 'default') {
      context.report({ unit: env.site.unit, range: [env.site.node.from, env.site.node.to], messageId: 'defaultEnvironment', data: { script, packages: packagesText(wanted) } });
    } else if (env.kind === 'curated') {
      const ships = curatedShipsMlflow(env.name);
      if (ships === true || seen.has(env.site.node)) continue;
      seen.add(env.site.node);
      context.report({
        unit: env.site.unit,
        range: [env.site.node.from, env.site.node.to],
        messageId: ships === false ? 'curatedLacks' : 'curatedUnknown',
        data: { script, name: curatedName(env.name), packages: packagesText(wanted) },
      });
    }
  }
}

function check(context: RuleContext): void {
  const { file, program } = context;
  const wanted = wantedPackages(context);
  const installs = file.kind === 'notebook' ? findInstallLines(file.cells) : [];
  const declaredInCells = new Set<string>();
  for (const line of installs) {
    for (const name of line.packages) declaredInCells.add(name);
    for (const req of line.requirementFiles) for (const name of requirementsNamedBy(file.path, req)) declaredInCells.add(name);
  }
  const missing = wanted.filter((name) => !declaredInCells.has(name) && !declaredNextTo(file.path, name));
  if (missing.length === 0) return;

  const at = installLineLocation(program.units, installs, file.cells) ?? firstCodeLine(file, program.units);
  if (!at) return;
  const notebook = file.kind === 'notebook';
  context.report({
    unit: at.unit,
    range: at.range,
    messageId: 'missing',
    data: {
      packages: packagesText(missing),
      places: notebook ? '%pip install line, requirements*.txt, conda file or pyproject.toml' : 'requirements*.txt, conda file or pyproject.toml',
      kind: notebook ? 'notebook' : 'script',
    },
    fix: notebook ? (fixer) => dependencyFix(context, installs, packagesToAdd(file.path, missing, declaredInCells), fixer) : undefined,
  });
}

/** `mlflow` itself (unless declared) and the missing packages, in that order. */
function packagesToAdd(filePath: string, missing: string[], declaredInCells: Set<string>): string[] {
  const hasMlflow = ['mlflow', 'mlflow-skinny'].some((name) => declaredInCells.has(name) || declaredNextTo(filePath, name));
  return [...(hasMlflow || missing.includes('mlflow') ? [] : ['mlflow']), ...missing];
}

/** The packages go on the first pip install line that can take them, else into a new cell before the first code cell. */
function dependencyFix(context: RuleContext, installs: readonly InstallLine[], add: string[], fixer: RuleFixer): TextEdit[] | null {
  const dropV1 = !v1CodeRemains(context);
  for (const line of installs) {
    const edits = installLineFix(context, line, add, dropV1, fixer);
    if (edits) return edits;
  }
  const firstCode = context.file.cells.findIndex((cell) => cell.cellType === 'code');
  return [fixer.insertCellBefore(firstCode < 0 ? context.file.cells.length : firstCode, `%pip install ${add.join(' ')}`)];
}

interface Location {
  unit: Unit;
  range: [number, number];
}

const skipped = (unit: Unit, cells: readonly { tags: string[] }[]) => unit.cellIndex >= 0 && cells[unit.cellIndex]?.tags.includes(SKIP_TAG);

/** The first install line that lies in a unit of this program (a skipped cell's line would be silenced). */
function installLineLocation(units: readonly Unit[], installs: readonly InstallLine[], cells: readonly { tags: string[] }[]): Location | null {
  for (const line of installs) {
    const unit = units.find((u) => u.cellIndex === line.cellIndex);
    if (!unit || skipped(unit, cells)) continue;
    const start = originToUnit(unit, line.start);
    const end = originToUnit(unit, line.end, 'end');
    if (start !== null && end !== null) return { unit, range: [start, end] };
  }
  return null;
}

/**
 * The first line of Python (not blank, not a comment, not a masked magic) of the program, trimmed, read in the
 * cell source or script; failing that, the first line that is at least not blank.
 */
function firstCodeLine(file: LoadedFile, units: readonly Unit[]): Location | null {
  const candidates = units.filter((u) => !skipped(u, file.cells));
  for (const acceptMagics of [false, true]) {
    for (const unit of candidates.length ? candidates : units) {
      const origin = unit.cellIndex >= 0 ? file.cells[unit.cellIndex].source : file.text;
      let offset = 0;
      for (const line of origin.split('\n')) {
        const start = offset + (line.length - line.trimStart().length);
        offset += line.length + 1;
        const code = line.trim();
        if (!code || code.startsWith('#')) continue;
        const unitStart = originToUnit(unit, start);
        const unitEnd = originToUnit(unit, start + code.length, 'end');
        if (unitStart === null || unitEnd === null) continue;
        if (!acceptMagics && unit.protectedRanges.some(([from, to]) => unitStart < to && unitEnd > from)) continue;
        return { unit, range: [unitStart, unitEnd] };
      }
    }
  }
  return units.length ? { unit: units[0], range: [0, 0] } : null;
}

