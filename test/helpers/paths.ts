// Locations the tests need, independent of where the compiled test file lives (dist/test/...).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root (the folder with package.json). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'notebooks-fixtures');
export const BIN = path.join(ROOT, 'dist', 'bundle', 'nblint-mlflow.cjs');
export const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);
