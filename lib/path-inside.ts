// Whether a path.relative() result leaves its base folder. `..x/a` is a folder named `..x` inside the base, not a
// step up, so a plain startsWith('..') test would take it for outside.
import path from 'node:path';

/** True when `rel` (a path.relative result) is outside its base: `..`, `../...`, or absolute (another drive). */
export function isOutsideRelative(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}
