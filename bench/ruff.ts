// The comparison the issue asks for: Ruff's WebAssembly build (@astral-sh/ruff-wasm-nodejs, a dev dependency),
// default rules, checking the same code units the floor parses (notebook cells with magics blanked, scripts as
// written). Ruff's native binary is faster still; its wasm build is the one a Node tool could embed.
import path from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { codeUnitsOf, listCorpusFiles } from './floor.js';

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const workspace = new Workspace(Workspace.defaultSettings(), PositionEncoding.Utf16);
  let diagnostics = 0;
  for (const f of listCorpusFiles(process.argv[2])) {
    for (const code of codeUnitsOf(f)) diagnostics += (workspace.check(code) as unknown[]).length;
  }
  process.stdout.write(`${diagnostics}\n`);
}
