// Shared by the benchmark's child processes: list the corpus the same way, report figures as one JSON line.
import fs from 'node:fs';
import path from 'node:path';

export function listCorpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ipynb|py)$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export interface PhaseFigures {
  ms: number;
  files: number;
  codeChars: number;
  /** Phase-specific count (tree nodes walked, problems found). */
  extra: number;
}

export function reportPhase(f: PhaseFigures): void {
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ ...f, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}
