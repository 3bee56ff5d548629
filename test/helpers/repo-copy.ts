// A copy of the repository as a fresh clone would have it (tracked and new, not-ignored files; no dist/), for
// tests that build, pack or install it without touching the working tree the suite runs from.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.js';

/** Files of the repository as git sees them (committed or not, ignored ones left out). */
export function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((file) => file !== '' && !file.startsWith('dist/'));
}

/**
 * Copies the repository into a new temporary folder. `nodeModules: 'link'` links the suite's node_modules (for
 * npm pack); 'none' leaves it out (for `npm ci`, which must not delete the suite's own through a link).
 */
export function copyRepo(prefix: string, nodeModules: 'link' | 'none'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const file of repoFiles()) {
    const from = path.join(ROOT, file);
    const to = path.join(dir, file);
    mkdirSync(path.dirname(to), { recursive: true });
    // A file deleted in the working tree but not yet in the index is skipped.
    try {
      cpSync(from, to, { verbatimSymlinks: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (nodeModules === 'link') symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
