// Finds the fenced Python code blocks of a markdown cell, each with a map back to the cell's text.
// remark-parse is loaded on first use only: it costs ~40 ms of start-up, and most runs never need it.
import { createRequire } from 'node:module';
import type { Segment } from '../types.js';

const require = createRequire(import.meta.url);

/** Info strings (first word, case-insensitive) that mark a Python block. */
const PYTHON_LANGS = new Set(['python', 'py', 'python3', 'ipython', 'ipython3']);

export interface CodeBlock {
  /** The block's content as markdown defines it (fence indentation and container prefixes removed). */
  text: string;
  /** Map from `text` offsets to the markdown cell's source, one segment per line. */
  segments: Segment[];
}

interface MdNode {
  type: string;
  lang?: string | null;
  value?: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdNode[];
}

type MarkdownParser = { parse(text: string): MdNode };
let parser: MarkdownParser | undefined;

function markdownParser(): MarkdownParser {
  if (!parser) {
    // Both packages are ESM; require() of ESM is synchronous on the Node versions we support (≥ 20.19).
    const { unified } = require('unified') as typeof import('unified');
    const remarkParse = (require('remark-parse') as typeof import('remark-parse')).default;
    parser = unified().use(remarkParse) as unknown as MarkdownParser;
  }
  return parser;
}

/** An opening fence with a Python info string (a superset of what markdown accepts as one). */
const PYTHON_FENCE = /(?:```|~~~)[ \t]*(?:python3?|py|ipython3?)(?=\s|$)/i;

/** Quick test that spares parsing (and loading the parser for) cells without a Python fence. */
export function mayHavePythonBlock(markdown: string): boolean {
  return (markdown.includes('```') || markdown.includes('~~~')) && PYTHON_FENCE.test(markdown);
}

/**
 * Block quotes and lists nested deeper than this are not searched for Python blocks: the markdown parser's time
 * grows with the cube of the nesting (400 levels: 10 s), and no documentation nests that deep.
 */
export const MAX_MARKDOWN_NESTING = 16;

export function pythonBlocksOf(markdown: string): CodeBlock[] {
  if (!mayHavePythonBlock(markdown)) return [];
  const simple = simpleFencedBlocks(markdown);
  if (simple) return simple.filter((b) => PYTHON_LANGS.has(b.lang) && b.value).map((b) => toCodeBlock(markdown, b.fenceStart, b.value));
  if (nestingBound(markdown) > MAX_MARKDOWN_NESTING) return [];
  const blocks: CodeBlock[] = [];
  // An explicit stack, not recursion (the nesting is bounded above, but the tree is the parser's).
  const pending: MdNode[] = [markdownParser().parse(markdown)];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'code') {
      const lang = node.lang?.toLowerCase();
      const fenceStart = node.position?.start.offset;
      if (lang && PYTHON_LANGS.has(lang) && fenceStart !== undefined && node.value) {
        blocks.push(toCodeBlock(markdown, fenceStart, node.value));
      }
    } else if (node.children) {
      for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]);
    }
  }
  return blocks;
}

/** An upper bound of the container nesting any line can reach: its markers (`>`, list bullets) plus indentation / 2. */
function nestingBound(markdown: string): number {
  let deepest = 0;
  const marker = /[ \t]*(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/y;
  for (let start = 0; start < markdown.length; ) {
    let end = markdown.indexOf('\n', start);
    if (end < 0) end = markdown.length;
    let depth = 0;
    let indent = 0;
    for (let i = start; i < end && (markdown[i] === ' ' || markdown[i] === '\t'); i++) indent += markdown[i] === '\t' ? 4 : 1;
    marker.lastIndex = start;
    while (marker.lastIndex < end && marker.exec(markdown)) depth++;
    deepest = Math.max(deepest, depth + (indent >> 1));
    start = end + 1;
  }
  return deepest;
}

const toCodeBlock = (markdown: string, fenceStart: number, value: string): CodeBlock => ({ text: value, segments: mapLines(markdown, fenceStart, value) });

interface FencedBlock {
  /** The info string's first word, lower-cased. */
  lang: string;
  fenceStart: number;
  value: string;
}

/**
 * The fenced blocks of a cell whose block structure is plain — paragraphs, headings, blank lines and fences at
 * column 0, nothing indented, no container, HTML or link definition that could hold a fence line — found line by
 * line, as markdown finds them there. Null for anything else: the full parser decides. Most markdown cells with a
 * Python example are that plain, and loading and running the markdown parser costs far more than the scan.
 */
function simpleFencedBlocks(markdown: string): FencedBlock[] | null {
  if (markdown.includes('\r') || markdown.includes('\0')) return null;
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  let offset = 0;
  let open: { char: string; length: number; lang: string; fenceStart: number; content: string[] } | null = null;
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1][0] === open.char && close[1].length >= open.length) {
        blocks.push({ lang: open.lang, fenceStart: open.fenceStart, value: open.content.join('\n') });
        open = null;
      } else open.content.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    // Indentation (indented code, list continuations), block quotes, lists, HTML blocks, link definitions.
    if (/^(?:[ \t>+*<[-]|\d{1,9}[.)])/.test(line)) return null;
    const fence = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (!fence) continue;
    const info = fence[2].trim();
    // Backticks in a backtick fence's info make it inline code; escapes and entities would need decoding.
    if ((fence[1][0] === '`' && info.includes('`')) || /[\\&]/.test(info)) return null;
    open = { char: fence[1][0], length: fence[1].length, lang: (/^\S*/.exec(info)![0]).toLowerCase(), fenceStart: lineStart, content: [] };
  }
  return open ? null : blocks; // an unclosed fence runs to the end of the cell: let the parser say how
}

/**
 * One segment per content line. Content line i is the end of source line i after the fence line
 * (markdown only strips indentation and container prefixes such as `> ` at the start of a line).
 */
function mapLines(markdown: string, fenceStart: number, value: string): Segment[] {
  const segments: Segment[] = [];
  let lineStart = markdown.indexOf('\n', fenceStart) + 1;
  let unitStart = 0;
  const lines = value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (lineStart <= 0 || lineStart > markdown.length) break;
    let lineEnd = markdown.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = markdown.length;
    const contentEnd = markdown.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    // A tab expanded by markdown into spaces changes the indentation only: map the rest.
    const body = markdown.startsWith(line, contentEnd - line.length) ? line : line.trimStart();
    const lead = line.length - body.length;
    if (markdown.startsWith(body, contentEnd - body.length) && contentEnd - body.length >= lineStart) {
      // The line break belongs to the segment when it is a lone \n, so whole-line ranges map back whole.
      const withBreak = contentEnd === lineEnd && lineEnd < markdown.length && i < lines.length - 1 ? 1 : 0;
      segments.push({ unitStart: unitStart + lead, originStart: contentEnd - body.length, length: body.length + withBreak });
    }
    unitStart += line.length + 1;
    lineStart = lineEnd + 1;
  }
  return segments;
}
