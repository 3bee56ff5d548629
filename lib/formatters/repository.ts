// Paths as code-scanning tools expect them: relative to the repository root, '/' separators.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isOutsideRelative } from '../path-inside.js';

/** The repository root: the nearest folder at or above `cwd` holding `.git` (a folder, or a file in a worktree); else cwd. */
export function repositoryRoot(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

/** `filePath` relative to `root` with '/' separators, or null when it is outside `root`. */
export function relativeToRoot(root: string, filePath: string): string | null {
  const rel = path.relative(root, path.resolve(root, filePath));
  if (rel === '' || isOutsideRelative(rel)) return null;
  return rel.split(path.sep).join('/');
}
