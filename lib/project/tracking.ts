// Whether a program logs with MLflow once --fix has run: it uses MLflow already, or it logs through a v1 run the
// migration rules turn into an MLflow run (an interactive run from `start_logging()`, the job's own run from
// `Run.get_context()`, a child run). A controller that only builds and submits jobs (its runs are remote) does not.
import type { Model, Program, RunKind } from '../types.js';

const MIGRATED_RUN_KINDS: ReadonlySet<RunKind | undefined> = new Set(['interactive', 'context', 'child']);

export function tracksWithMlflow(program: Program, model: Model): boolean {
  if (model.usesMlflow) return true;
  if (!model.usesAzureml) return false;
  if (model.bindings.some((b) => b.value?.kind === 'run' && MIGRATED_RUN_KINDS.has(b.value.runKind))) return true;
  // `Run.get_context().log(...)`: a run that no name holds.
  for (const unit of program.units) {
    if (!unit.tree || !/get_context|start_logging|child_run/.test(unit.text)) continue;
    let found = false;
    unit.tree.iterate({
      enter: (node) => {
        if (found) return false;
        if (node.name !== 'CallExpression') return undefined;
        const value = model.v1ValueOf(unit, node.node);
        if (value?.kind === 'run' && MIGRATED_RUN_KINDS.has(value.runKind)) found = true;
        return undefined;
      },
    });
    if (found) return true;
  }
  return false;
}
