// The parse stage: @lezer/python trees for every unit, and where parse errors are.
import { Tree, type TreeBuffer } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Program, Unit } from '../types.js';
import { isStackOverflow } from '../stack-overflow.js';
import { MAX_CODE_CHARS } from '../limits.js';
import { reparse, type Parsed } from './incremental-parse.js';
import { parseForFix } from './parsers.js';
import type { TreeHandover } from './tree-handover.js';

/**
 * Trees by unit text while a file is being fixed (withParseCache): each fix pass re-lints the whole file, and
 * most of its cells are the text already parsed in the pass before. Lezer trees are immutable, so units with
 * the same text can share one. A unit a pass edited is re-parsed from its previous tree (parseUnit's `before`).
 */
let parseCache: Map<string, Parsed> | null = null;

/** Runs `work` with the parse cache on; it is dropped after, so memory stays per file. */
export function withParseCache<T>(work: () => T): T {
  const outer = parseCache;
  parseCache ??= new Map();
  try {
    return work();
  } finally {
    parseCache = outer;
  }
}

function treeOf(text: string, before: Unit | undefined): Tree {
  try {
    return cachedTreeOf(text, before);
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    return tooDeepTree(text.length);
  }
}

/**
 * Lezer builds a tree recursively, one stack frame per level of nesting: a few thousand nested brackets can
 * overflow the stack, sooner or later depending on how deep the caller already is and on the JIT's frames.
 * Such a unit gets a tree that is one error node (a Parsing error, as CPython's own limit of 200 nested brackets
 * would give), not a crash that drops the whole file's problems.
 */
const tooDeepTrees = new WeakSet<Tree>();
const errorType = parser.nodeSet.types.find((type) => type.isError)!;

function tooDeepTree(length: number): Tree {
  const tree = new Tree(parser.topNode, [new Tree(errorType, [], [], length)], [0], length);
  tooDeepTrees.add(tree);
  return tree;
}

/** Whether `unit` could not be parsed because its code is nested too deeply for the parser's stack. */
export function isTooDeep(unit: Unit): boolean {
  return unit.tree !== undefined && tooDeepTrees.has(unit.tree);
}

/** Where trees parsed now are kept for a later lint (keepingTrees): the project index's parses. */
let keeping: TreeHandover | null = null;

/** Runs `work` (synchronous) with every tree it parses offered to `handover`. */
export function keepingTrees<T>(handover: TreeHandover, work: () => T): T {
  const outer = keeping;
  keeping = handover;
  try {
    return work();
  } finally {
    keeping = outer;
  }
}

function cachedTreeOf(text: string, before: Unit | undefined): Tree {
  if (!parseCache) {
    const tree = parser.parse(parserText(text));
    keeping?.keep(text, tree);
    return tree;
  }
  let parsed = parseCache.get(text);
  if (!parsed) {
    const input = parserText(text);
    const previous = before && parseCache.get(before.text);
    parsed = { input, tree: (previous && reparseWithoutErrors(previous, input)) ?? parseForFix(input) };
    parseCache.set(text, parsed);
  }
  return parsed.tree;
}

/**
 * An incremental parse, kept only when it has no error node: where the parser recovers from an error it may
 * choose differently when it reuses nodes, and a parse error's position is shown to the user.
 */
function reparseWithoutErrors(previous: Parsed, input: string): Tree | null {
  const tree = reparse(previous, input);
  return tree && !treeHasErrors(tree) ? tree : null;
}

/**
 * Parses `unit` (tree and hasErrors). `before`: the unit as it was before a fix pass edited it; with the parse
 * cache on, the lines the edit left alone are taken from its tree.
 */
export function parseUnit(unit: Unit, before?: Unit): void {
  setTree(unit, treeOf(unit.text, before));
}

function setTree(unit: Unit, tree: Tree): void {
  unit.tree = tree;
  // A plain property, found now: a lazy accessor on each unit (own getter functions) gave every unit a hidden class
  // of its own, which kept its tree alive through minor GCs. The scan is a fraction of the parse. Under --fix the
  // answer is kept per tree: every pass re-lints the file with new units over mostly the same trees.
  unit.hasErrors = parseCache ? treeHasErrors(tree) : containsError(tree);
}

/**
 * @lezer/python reads a float with a trailing dot (`x / 255.`, `1.e-3`) as a member access with a missing
 * name, an error node that would block every fix in the file. The parser gets `2550` / `10e-3` instead:
 * same length, so offsets hold, and the unit's own text (what fixes copy) keeps the original. Inside a
 * string or comment the swap changes nothing the tree shows.
 */
const TRAILING_DOT_FLOAT = /(?<![\p{L}\p{N}_.])(\d[\d_]*)\.(?=[eE][+-]?\d|[^\p{L}\p{N}_.]|$)/gu;

export function parserText(text: string): string {
  const floats = text.replace(TRAILING_DOT_FLOAT, (_, digits: string) => `${digits}0`);
  return floats.includes('with') ? unparenthesizedWithItems(floats) : floats;
}

/**
 * Python 3.10's parenthesized with-items (`with (open(a) as f, open(b) as g):`, one per line with a trailing
 * comma) are an error node to @lezer/python. The parser gets the header without its brackets, line breaks,
 * comments and trailing comma (each replaced by a space: offsets hold), which it reads as the same items.
 */
function unparenthesizedWithItems(text: string): string {
  let out: string[] | null = null;
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_.])with[ \t]*\(/gu)) {
    const open = match.index + match[0].length - 1;
    const header = withItemsHeader(text, open);
    if (!header) continue;
    out ??= [...text];
    for (const at of header) out[at] = ' ';
  }
  return out ? out.join('') : text;
}

/** Offsets to blank in `with ( ... ):` starting at `open`, or null when it is not parenthesized with-items. */
function withItemsHeader(text: string, open: number): number[] | null {
  const blank = [open];
  let depth = 1;
  let hasAs = false;
  let lastComma = -1;
  let i = open + 1;
  for (; i < text.length && depth > 0; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      if (end < 0) return null;
      i = end - 1;
      lastComma = -1;
    } else if (c === '#') {
      for (; i < text.length && text[i] !== '\n' && text[i] !== '\r'; i++) blank.push(i);
      i--;
    } else if (c === '\n' || c === '\r') blank.push(i);
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 1 && c === ',') lastComma = i;
    else if (depth === 1 && /\s/.test(text[i - 1]!) && text.startsWith('as', i) && /\s/.test(text[i + 2] ?? '')) hasAs = true;
    else if (!/\s/.test(c)) lastComma = -1;
  }
  const close = i - 1;
  if (depth !== 0 || !hasAs || !/^[ \t]*:/.test(text.slice(i))) return null;
  if (lastComma >= 0) blank.push(lastComma);
  blank.push(close);
  return blank;
}

/** The offset just past the string literal whose opening quote is at `start` (prefixes are outside it); -1 if unclosed. */
function stringEnd(text: string, start: number): number {
  const quote = text[start]!;
  const triple = text.startsWith(quote.repeat(3), start);
  const closer = triple ? quote.repeat(3) : quote;
  for (let i = start + closer.length; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(closer, i)) return i + closer.length;
    else if (!triple && (text[i] === '\n' || text[i] === '\r')) return -1;
  }
  return -1;
}

/** Why a file's programs are not to be parsed at all (MAX_CODE_CHARS), or null when they may be. */
export function tooMuchCode(programs: readonly Program[]): string | null {
  let length = 0;
  for (const program of programs) for (const unit of program.units) length += unit.text.length;
  if (length <= MAX_CODE_CHARS) return null;
  const count = (n: number) => n.toLocaleString('en-US');
  return `the file has too much code to parse (${count(length)} characters; the limit is ${count(MAX_CODE_CHARS)}); it is not linted`;
}

/** Parses every unit of `program`; a tree the project index parsed for the same text is taken from `handover`. */
export function parseProgram(program: Program, handover?: Pick<TreeHandover, 'take'>): void {
  for (const unit of program.units) {
    // Under --fix, trees come from the parse cache, parsed with buffers that later passes can reuse.
    const kept = parseCache ? undefined : handover?.take(unit.text);
    if (kept) setTree(unit, kept);
    else parseUnit(unit);
  }
}

/**
 * Where the first error node of a unit is, for its `Parsing error` (null when the unit parses).
 */
export function firstParseError(unit: Unit): { from: number; to: number } | null {
  if (!unit.tree || !unit.hasErrors) return null;
  let found: { from: number; to: number } | null = null;
  unit.tree.iterate({
    enter: (node) => {
      if (found) return false;
      if (node.type.isError) found = { from: node.from, to: node.to };
      return undefined;
    },
  });
  return found;
}

/**
 * Whether a tree holds an error node, scanned once per tree: a fix pass re-lints the file with new units over
 * the trees the parse cache kept, and asks each unit again.
 */
const errorsByTree = new WeakMap<Tree, boolean>();

function treeHasErrors(tree: Tree): boolean {
  let errors = errorsByTree.get(tree);
  if (errors === undefined) errorsByTree.set(tree, (errors = containsError(tree)));
  return errors;
}

/**
 * Whether a tree holds an error node. Read from the tree's own arrays, not walked with a cursor: most nodes sit in
 * TreeBuffers, four numbers each with the node type's id first, so a buffer is scanned without visiting its nodes.
 */
function containsError(tree: Tree): boolean {
  // A stack, not recursion: a tree nested as deep as the parser could go must not overflow here.
  const pending: Tree[] = [tree];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.type.isError) return true;
    for (const child of next.children) {
      if (!(child instanceof Tree)) {
        if (bufferHasError(child)) return true;
      } else pending.push(child);
    }
  }
  return false;
}

function bufferHasError({ buffer, set }: TreeBuffer): boolean {
  const { types } = set;
  for (let i = 0; i < buffer.length; i += 4) if (types[buffer[i]!]!.isError) return true;
  return false;
}
