// Which cell magics run their body as Python in the notebook's namespace.
import type { Settings } from '../types.js';

/** Built-in magics whose body is Python run by the kernel: the cell is kept, its `%%` line masked. */
export const PYTHON_CELL_MAGICS: readonly string[] = ['time', 'timeit', 'capture', 'prun', 'debug', 'memit'];

// Every other cell magic (%%bash, %%sql, %%html, %%writefile, %%R, ...) is left out: linting a body we cannot
// vouch for as Python would report on code the kernel never runs. settings.nonPythonCellMagics only matters to
// override a built-in Python one.

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
