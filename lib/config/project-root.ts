// Where the lookup of .nblintrc.json files stops. A configuration can run code (its `plugins`), so only the
// project's own folders are searched: a file dropped in a parent folder (a shared /tmp, a home folder, a checkout's
// parent) is never applied.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isOutsideRelative } from '../path-inside.js';

/** The top of a git working tree: `.git` is a folder there, or a file in worktrees and submodules. */
const isRepositoryTop = (dir: string): boolean => existsSync(path.join(dir, '.git'));

/** The nearest folder at or above `dir` with `.git`, or null. */
function repositoryTop(dir: string): string | null {
  for (let at = dir; ; at = path.dirname(at)) {
    if (isRepositoryTop(at)) return at;
    if (path.dirname(at) === at) return null;
  }
}

/** The project root: the nearest folder with `.git` at or above `cwd`, or `cwd` itself when there is none. */
export const findProjectRoot = (cwd: string): string => repositoryTop(path.resolve(cwd)) ?? path.resolve(cwd);

/**
 * The highest folder whose configuration applies to files in `dir`: the project root for folders inside it; for
 * a folder outside it (a path named outside the project), the top of that folder's own git working tree, or the
 * folder itself when it has none.
 */
export function lookupTop(dir: string, projectRoot: string): string {
  if (!isOutsideRelative(path.relative(projectRoot, dir))) return projectRoot;
  return repositoryTop(dir) ?? dir;
}
