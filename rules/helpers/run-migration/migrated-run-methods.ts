// The v1 Run methods the migration map turns into module-level `mlflow.*` calls on MLflow's active run
// (migration-map.md). A fix that turns a v1 run into an MLflow ActiveRun (start_logging → start_run,
// child_run → start_run(nested=True)) is only safe when every use of that run is one of these calls: the
// uses no rule reports are caught here. Whether each reported call is fixed as well is left to the fixer,
// through the run's migration group (migration-group.ts).
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../../../lib/types.js';
import { textOf } from '../source/text.js';

export const MIGRATED_RUN_METHODS: ReadonlySet<string> = new Set([
  'log', 'log_list', 'log_row', 'log_table', 'log_image', 'log_confusion_matrix', 'log_accuracy_table',
  'log_predictions', 'log_residuals', 'upload_file', 'upload_folder', 'tag', 'set_tags', 'add_properties',
  'complete', 'fail', 'cancel', 'child_run',
]);

/** `m` when `ref` is the receiver of a call `ref.m(...)`, else null. */
export function calledMethodOn(unit: Unit, ref: SyntaxNode): string | null {
  const member = ref.parent;
  if (member?.name !== 'MemberExpression' || member.firstChild?.from !== ref.from) return null;
  const call = member.parent;
  if (call?.name !== 'CallExpression' || call.firstChild?.from !== member.from) return null;
  return member.lastChild?.name === 'PropertyName' ? textOf(unit, member.lastChild) : null;
}
