// Seeded, bounded fuzzing of the whole CLI with --fix: mutants of the bundled fixtures (notebooks and scripts,
// mutated as text, as structure and as bytes) are linted and fixed in batches, one CLI process per batch. Every run
// must exit 0 or 1 without a stack trace; every changed notebook must still be valid JSON, every changed script that
// compiled must still compile (checked by Python, batched), and a file with a fatal problem must be left as it was.
//   npm run fuzz -- --count 100000 [--seed 7]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, FIXTURES } from '../helpers/paths.js';
import { seeded } from '../helpers/seeded.js';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Mutants per CLI run. */
  batch?: number;
  /** A folder where each failing mutant is saved as it was before the run, to reproduce it. */
  keep?: string;
}

export interface FuzzReport {
  mutants: number;
  changed: number;
  failures: string[];
}

type Random = (n: number) => number;

const SNIPPETS = [
  'run.log("m", 1)\n', 'run = Run.get_context()\n', 'from azureml.core import Run, Experiment\n', 'import mlflow\n',
  'with exp.start_logging() as run:\n    run.log("a", 2)\n', 'r2 = run\nr2.log("x", "text")\n', '%pip install azureml-core\n',
  'run.log_list("l", [1, 2])\n', 'run.complete()\n', 'def f(run):\n    run.log("k", 3)\n', '    ', '\t', '(', ')', ':', '"', "'",
  '\\', '#', '# nblint-disable-line no-run-log\n', '%%writefile x.py\n', 'é', '😀', '\r\n', '\r', '\u2028', '\0', 'run.tag("t")\n',
  // Lone surrogates: JSON-escaped in a notebook's source, U+FFFD once a script is written as UTF-8.
  '\ud800', '\udc00x', '\u0085', '\f', '\v',
];

/**
 * The bytes of a mutant: mostly its UTF-8 text, sometimes re-encoded (BOM, CR-only or CRLF line breaks: still valid)
 * or broken as bytes (an invalid UTF-8 byte, UTF-16, cut in the middle of a character: one fatal problem, untouched).
 */
function encode(text: string, random: Random): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  if (random(6) !== 0) return utf8;
  switch (random(6)) {
    case 0:
      return Buffer.from('\ufeff' + text, 'utf8');
    case 1:
      return Buffer.from(text.replace(/\r?\n/g, '\r'), 'utf8');
    case 2:
      return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');
    case 3: {
      const at = random(utf8.length + 1);
      return Buffer.concat([utf8.subarray(0, at), Buffer.from([0xff]), utf8.subarray(at)]);
    }
    case 4:
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    default:
      return utf8.subarray(0, random(utf8.length + 1));
  }
}

function mutateText(text: string, random: Random): string {
  let out = text;
  for (let edits = 1 + random(4); edits > 0; edits--) {
    const at = random(out.length + 1);
    const op = random(4);
    const piece = SNIPPETS[random(SNIPPETS.length)];
    if (op === 0) out = out.slice(0, at) + out.slice(at + 1 + random(8));
    else if (op === 1) out = out.slice(0, at) + piece + out.slice(at);
    else if (op === 2) out = out.slice(0, at) + piece + out.slice(at + piece.length);
    else {
      const lines = out.split('\n');
      const i = random(lines.length);
      lines.splice(random(lines.length), 0, lines[i]);
      out = lines.join('\n');
    }
  }
  return out;
}

/** A notebook mutated inside its cells (still JSON, in one of the layouts real tools write). */
function mutateNotebook(text: string, random: Random): string {
  let doc: { cells?: { source?: string | string[]; cell_type?: string }[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return mutateText(text, random);
  }
  const cells = Array.isArray(doc.cells) ? doc.cells : [];
  for (let edits = 1 + random(3); edits > 0 && cells.length > 0; edits--) {
    const cell = cells[random(cells.length)];
    const source = Array.isArray(cell.source) ? cell.source.join('') : String(cell.source ?? '');
    const mutated = mutateText(source, random);
    cell.source = random(2) ? mutated : mutated.split(/(?<=\n)/);
    if (random(10) === 0) cells.splice(random(cells.length + 1), 0, { ...cell });
  }
  const indent = [1, 2, 0, '\t'][random(4)];
  const out = JSON.stringify(doc, null, indent);
  return random(2) ? out : `${out}\n`;
}

function fixtures(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ipynb|py)$/.test(entry.name) && !entry.name.includes('.fixed.')) out.push({ name: entry.name, text: readFileSync(full, 'utf8') });
    }
  };
  walk(FIXTURES);
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Which of the scripts compile, by index: one Python process for the whole batch. */
function compiles(scripts: string[]): boolean[] {
  if (scripts.length === 0) return [];
  const program =
    'import ast, json, sys\n' +
    'out = []\n' +
    'for s in json.load(sys.stdin):\n' +
    '    try:\n        compile(s, "<fuzz>", "exec", flags=ast.PyCF_ONLY_AST)\n        out.append(True)\n' +
    '    except (SyntaxError, ValueError):\n        out.append(False)\n' +
    'print(json.dumps(out))\n';
  const res = spawnSync('/usr/bin/python3', ['-c', program], { input: JSON.stringify(scripts), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as boolean[];
}

/** IPython lines (magics, shell escapes) are not Python: they are left out of the compile check. */
const pythonOf = (script: string): string => script.replace(/^\uFEFF/, '');

export function runFuzz({ seed, count, batch = 500, keep }: FuzzOptions): FuzzReport {
  const random = seeded(seed);
  const bases = fixtures();
  const report: FuzzReport = { mutants: 0, changed: 0, failures: [] };
  const root = mkdtempSync(path.join(os.tmpdir(), 'nblint-fuzz-'));
  try {
    for (let done = 0; done < count; done += batch) {
      const dir = path.join(root, String(done));
      mkdirSync(dir);
      const written: { file: string; bytes: Buffer }[] = [];
      for (let i = 0; i < Math.min(batch, count - done); i++) {
        const base = bases[random(bases.length)];
        const notebook = base.name.endsWith('.ipynb');
        const text = notebook && random(4) !== 0 ? mutateNotebook(base.text, random) : mutateText(base.text, random);
        const file = path.join(dir, `m${done + i}${notebook ? '.ipynb' : '.py'}`);
        const bytes = encode(text, random);
        writeFileSync(file, bytes);
        written.push({ file, bytes });
      }
      report.mutants += written.length;
      const failed = report.failures.length;
      checkBatch(dir, written, report);
      if (keep && report.failures.length > failed) {
        mkdirSync(keep, { recursive: true });
        for (const { file, bytes } of written) if (report.failures.slice(failed).some((f) => f.startsWith(file))) writeFileSync(path.join(keep, path.basename(file)), bytes);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return report;
}

function checkBatch(dir: string, written: { file: string; bytes: Buffer }[], report: FuzzReport): void {
  const res = spawnSync(process.execPath, [BIN, '--no-config-lookup', '--fix', '-f', 'json', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  const where = `batch ${path.basename(dir)} (seed mutants ${written[0]?.file} ...)`;
  if (res.status !== 0 && res.status !== 1) report.failures.push(`${where}: exit ${res.status}: ${res.stderr.slice(0, 2000)}`);
  if (/\n\s+at |Oops!/.test(res.stderr)) report.failures.push(`${where}: a stack trace or internal error on stderr: ${res.stderr.slice(0, 2000)}`);
  let results: { filePath: string; messages: { fatal?: boolean; message: string; ruleId: string | null; cell?: number }[] }[] = [];
  try {
    results = JSON.parse(res.stdout) as typeof results;
  } catch {
    report.failures.push(`${where}: the JSON report does not parse`);
    return;
  }
  // Fatal for the whole file: it could not be loaded, or a rule crashed. A cell that does not parse has its own
  // fatal Parsing error, which keeps fixes out of that cell only.
  const wholeFile = (m: { fatal?: boolean; ruleId: string | null; cell?: number }): boolean => m.fatal === true && (m.ruleId !== null || m.cell === undefined);
  const fatal = new Set(results.filter((r) => r.messages.some(wholeFile)).map((r) => r.filePath));
  const changedScripts: { file: string; before: string; after: string }[] = [];
  for (const { file, bytes: original } of written) {
    const bytes = readFileSync(file);
    if (bytes.equals(original)) continue;
    const text = original.toString('utf8');
    const after = bytes.toString('utf8');
    report.changed++;
    if (fatal.has(file)) report.failures.push(`${file}: changed although it has a fatal problem`);
    if (file.endsWith('.ipynb')) {
      try {
        JSON.parse(after.replace(/^\uFEFF/, '')); // a BOM is kept as the file had it
      } catch {
        report.failures.push(`${file}: fixed notebook is not valid JSON`);
      }
    } else changedScripts.push({ file, before: text, after });
  }
  const before = compiles(changedScripts.map((s) => pythonOf(s.before)));
  const after = compiles(changedScripts.map((s) => pythonOf(s.after)));
  changedScripts.forEach((script, i) => {
    if (before[i] && !after[i]) report.failures.push(`${script.file}: compiled before the fix, not after:\n${script.after.slice(0, 3000)}`);
  });
  const left = readdirSync(dir).filter((name) => name.endsWith('.tmp'));
  if (left.length > 0) report.failures.push(`${where}: temporary files left: ${left.join(', ')}`);
}

// `node dist/test/tools/fuzz.js --count N [--seed S]` (npm run fuzz -- --count 100000).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const started = Date.now();
  const seed = arg('seed', Date.now() % 100000);
  const keepAt = process.argv.indexOf('--keep');
  const report = runFuzz({ seed, count: arg('count', 2000), batch: arg('batch', 1000), keep: keepAt > 0 ? process.argv[keepAt + 1] : undefined });
  console.log(`seed ${seed}: ${report.mutants} mutants, ${report.changed} changed by --fix, ${report.failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const failure of report.failures.slice(0, 20)) console.log(`- ${failure}`);
  process.exit(report.failures.length > 0 ? 1 : 0);
}
