// A test's text loaded as the file `name` under /tmp (never read from disk): a notebook or a script by its extension.
import path from 'node:path';
import { loadText } from '../../lib/notebook/load.js';
import type { LoadedFile } from '../../lib/types.js';

export function loadAs(text: string, name: string): LoadedFile {
  const result = loadText(text, `/tmp/${name}`, path.basename(name));
  if (!result.ok) throw new Error(result.message);
  return result.file;
}
