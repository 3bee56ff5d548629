// Which cell magics run their body as Python in the notebook's namespace.
import type { Settings } from '../types.js';

/** Built-in magics whose body is Python run by the kernel: the cell is kept, its `%%` line masked. */
export const PYTHON_CELL_MAGICS: readonly string[] = ['time', 'timeit', 'capture', 'prun', 'debug', 'memit'];

/**
 * Built-in magics whose body is not Python (or not run in the kernel's namespace). Listed for documentation
 * and for settings precedence: any cell magic that is in neither list is left out too, because linting a
 * body we cannot vouch for as Python would report on code the kernel never runs.
 */
export const NON_PYTHON_CELL_MAGICS: readonly string[] = [
  'bash', 'sh', 'script', 'sql', 'html', 'javascript', 'js', 'latex', 'markdown', 'svg',
  'perl', 'ruby', 'powershell', 'cmd', 'R', 'writefile', 'file',
];

export type CellMagicKind = 'python' | 'other';

/**
 * Whether a cell magic's body is Python. The user's settings win over the built-in lists; a name in both
 * user lists counts as not Python (leaving a cell out is the safe side).
 */
export function cellMagicKind(name: string, settings: Settings): CellMagicKind {
  if (settings.nonPythonCellMagics?.includes(name)) return 'other';
  if (settings.pythonCellMagics?.includes(name)) return 'python';
  return PYTHON_CELL_MAGICS.includes(name) ? 'python' : 'other';
}
