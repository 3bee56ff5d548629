// The package.json that goes into the tarball (npm pack / npm publish): the same, without `prepare`.
// `prepare` builds a clone on `npm ci`; in a tarball it never runs (dist/ is built at prepack), but npm still
// lists it as an install script to approve when the tarball is installed from a file, a warning for every user.
//   clean   (prepack, first) removes dist/, so no output of a deleted source file is packed
//   strip   (prepack)  keeps the original in package.json.pack-backup and writes the stripped manifest
//   restore (postpack) puts the original back; a strip after a failed pack restores first
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = path.join(root, 'package.json');
const backup = path.join(root, 'package.json.pack-backup');

const restore = () => {
  if (existsSync(backup)) renameSync(backup, manifest);
};

const mode = process.argv[2];
if (mode === 'clean') {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
} else if (mode === 'strip') {
  restore();
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  delete pkg.scripts?.prepare;
  writeFileSync(backup, text);
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === 'restore') {
  restore();
} else {
  console.error('usage: node scripts/pack-manifest.mjs clean|strip|restore');
  process.exit(2);
}
