// Turns a loaded file into the Python programs to analyse (design.md "programs"):
//   - a notebook: one 'notebook' program, one unit per code cell in order (a cell that does not parse hides
//     nothing in the others; the units share one namespace). Magics are masked at the same length. Cells of a
//     non-Python cell magic are left out, as is any unknown cell magic (see cell-magics.ts). Cells tagged
//     `nblint-skip` are included: reports there are suppressed later, but their bindings count.
//   - each `%%writefile <path>.py` cell: a 'writefile' program of its own (the file it writes is a module);
//   - each fenced Python block of a markdown cell: a 'markdown' program of its own;
//   - a .py script: one 'script' program, one unit, the text as is (after a byte order mark).
// A notebook whose kernel language is not Python (R, Julia, ...) yields no programs.
import type { CellRecord, LoadedFile, Program, Segment, Settings, Unit } from '../types.js';
import { lineBreakOf, type LineBreak } from '../line-breaks.js';
import { cellMagicKind } from './cell-magics.js';
import { mayHavePythonBlock, pythonBlocksOf } from './markdown.js';
import { cellMagicOf, maskMagics, maskRange, type MaskResult } from './mask.js';

/** IPython dedents a cell whose first line is indented; a synthetic block header does the same for the parser. */
export const INDENT_PREFIX = 'if 1:\n';

export function isPythonLanguage(language: string): boolean {
  return /^(i?python|py)/i.test(language.trim());
}

export function buildPrograms(file: LoadedFile, settings: Settings): Program[] {
  if (file.kind === 'script') {
    // A byte order mark is not Python: the unit starts after it, so fixes (an inserted import) land after it too.
    const bom = file.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const text = file.text.slice(bom);
    const unit: Unit = { text, cellIndex: -1, segments: [{ unitStart: 0, originStart: bom, length: text.length }], protectedRanges: [] };
    return [{ kind: 'script', name: file.displayPath, units: [unit] }];
  }
  if (file.language !== undefined && !isPythonLanguage(file.language)) return [];

  const notebook: Program = { kind: 'notebook', name: file.displayPath, units: [] };
  const others: Program[] = [];
  for (const cell of file.cells) {
    if (cell.cellType === 'code') addCodeCell(cell, settings, notebook, others);
    else if (cell.cellType === 'markdown' && mayHavePythonBlock(cell.source)) {
      for (const block of pythonBlocksOf(cell.source)) {
        const unit = makeUnit(maskMagics(block.text), cell.index, block.segments, true);
        others.push({ kind: 'markdown', name: file.displayPath, units: [unit] });
      }
    }
  }
  const lineBreak = notebookLineBreak(file.cells);
  if (lineBreak !== '\n') for (const program of [notebook, ...others]) for (const unit of program.units) unit.lineBreak = lineBreak;
  return [notebook, ...others];
}

/** The line break of the first code cell that has one (a CR-only notebook's one-line cells get `\r` lines too). */
function notebookLineBreak(cells: readonly CellRecord[]): LineBreak {
  for (const cell of cells) {
    if (cell.cellType === 'code' && /[\r\n]/.test(cell.source)) return lineBreakOf(cell.source);
  }
  return '\n';
}

function addCodeCell(cell: CellRecord, settings: Settings, notebook: Program, others: Program[]): void {
  const source = cell.source;
  const identity: Segment[] = [{ unitStart: 0, originStart: 0, length: source.length }];
  const magic = source.includes('%%') ? cellMagicOf(source) : null;
  if (magic === null || cellMagicKind(magic.name, settings) === 'python') {
    // maskMagics masks the `%%time` line too: it starts with `%`.
    notebook.units.push(makeUnit(maskMagics(source), cell.index, identity, true));
    return;
  }
  if (magic.name === 'writefile' && !settings.nonPythonCellMagics?.includes('writefile')) {
    const target = writefileTarget(magic.args);
    if (target !== null && target.toLowerCase().endsWith('.py')) {
      // The body is written as is, so only the magic line is masked and nothing is dedented.
      const unit = makeUnit(maskRange(source, magic.range[0], magic.range[1]), cell.index, identity, false);
      // `-a` appends to the file an earlier cell wrote: one module, so its bindings reach the appended code.
      const written = isAppend(magic.args) ? lastWritefile(others, target) : undefined;
      if (written) written.units.push(unit);
      else others.push({ kind: 'writefile', name: target, units: [unit] });
    }
  }
}

/** The path of `%%writefile [-a|--append] path` (quotes removed), or null. */
export function writefileTarget(args: string): string | null {
  const tokens = args.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  for (const token of tokens) {
    if (token === '-a' || token === '--append') continue;
    const quoted = token.length >= 2 && (token[0] === '"' || token[0] === "'") && token.endsWith(token[0]);
    return quoted ? token.slice(1, -1) : token;
  }
  return null;
}

function lastWritefile(programs: Program[], target: string): Program | undefined {
  for (let i = programs.length - 1; i >= 0; i--) {
    if (programs[i]!.kind === 'writefile' && programs[i]!.name === target) return programs[i];
  }
  return undefined;
}

const isAppend = (args: string): boolean => /(^|\s)(-a|--append)(\s|$)/.test(args);

/** The first non-blank, non-comment line is indented (IPython then dedents the whole cell). */
function startsIndented(text: string): boolean {
  let atLineStart = true;
  let indented = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      atLineStart = true;
      indented = false;
    } else if (atLineStart && (c === 32 || c === 9 || c === 12)) {
      indented = true;
    } else if (atLineStart) {
      if (c !== 35) return indented; // '#': a comment line says nothing about indentation
      atLineStart = false;
    }
  }
  return false;
}

function makeUnit(masked: MaskResult, cellIndex: number, segments: Segment[], dedent: boolean): Unit {
  const prefix = dedent && startsIndented(masked.text) ? INDENT_PREFIX : '';
  const shift = prefix.length;
  const protectedRanges: [number, number][] = shift > 0 ? [[0, shift]] : [];
  for (const [start, end] of masked.masked) protectedRanges.push([start + shift, end + shift]);
  return {
    text: prefix + masked.text,
    cellIndex,
    segments: shift > 0 ? segments.map((s) => ({ ...s, unitStart: s.unitStart + shift })) : segments,
    protectedRanges,
  };
}
