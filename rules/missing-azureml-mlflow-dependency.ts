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
import { classifyQname, readImport } from '../lib/python/imports.js';
import type { LoadedFile, Model, Rule, RuleContext, RuleFixer, TextEdit, Unit } from '../lib/types.js';
import {
  declaredNextTo,
  findInstallLines,
  normalizePackageName,
  requirementsNamedBy,
  type InstallLine,
} from './helpers/dependencies.js';
import { installLineFix, originToUnit, v1CodeRemains } from './helpers/install-line-fix.js';
import { ruleDocsUrl } from './helpers/rule-docs.js';

const DEFAULT_PACKAGES = ['azureml-mlflow'];

interface Options {
  packages?: string[];
}

export const rule: Rule = {
  meta: {
    type: 'problem',
    requiresText: ['azureml', 'mlflow'], // only code that tracks with MLflow or v1 needs the plugin
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
    let tracks = false;
    return {
      Program() {
        tracks = tracksByImports(context.model);
      },
      // `import azureml.core as aml` says nothing yet; `aml.Run.get_context()` or `aml.Experiment(...)` does.
      CallExpression(node) {
        if (tracks || !context.model.usesAzureml) return;
        const kind = context.model.v1ValueOf(context.unit, node)?.kind;
        if (kind === 'run' || kind === 'experiment') tracks = true;
      },
      'Program:exit'() {
        if (tracks) check(context);
      },
    };
  },
};

export default rule;

/** MLflow is imported, or an azureml import names Run or Experiment (or `*` of azureml.core). */
function tracksByImports(model: Model): boolean {
  if (model.usesMlflow) return true;
  for (const { unit, node } of model.azuremlImports) {
    const info = readImport(node, unit.text);
    if (info.star && info.fromModule === 'azureml.core') return true;
    if (info.names.some(({ qname }) => ['Run', 'Experiment'].includes(classifyQname(qname) ?? ''))) return true;
  }
  return model.bindings.some((b) => b.value?.kind === 'run' || b.value?.kind === 'experiment');
}

function check(context: RuleContext): void {
  const { file, program } = context;
  const wanted = ((context.options[0] as Options | undefined)?.packages ?? DEFAULT_PACKAGES).map(normalizePackageName);
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
      packages: missing.length === 1 ? `the ${missing[0]} package` : `the packages ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`,
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

