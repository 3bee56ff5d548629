// One whole measured process: `node --require usage.cjs <script> ...args`, with its wall time, CPU time (user + sys,
// every thread) and peak RSS (written by usage.cjs at exit).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const usageModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'usage.cjs');

export interface Usage {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  stdout: string;
}

export function measureProcess(script: string, args: string[], opts: { cwd: string; keepStdout?: boolean; nodeArgs?: string[]; env?: Record<string, string> }): Usage {
  const usageFile = path.join(os.tmpdir(), `nblint-bench-usage-${process.pid}.json`);
  const start = performance.now();
  const res = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), '--require', usageModule, script, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env, NBLINT_BENCH_USAGE: usageFile, NO_COLOR: '1' },
    stdio: ['ignore', opts.keepStdout ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (res.status !== 0 && res.status !== 1) throw new Error(`${path.basename(script)} ${args.join(' ')} failed (${res.status}):\n${res.stderr}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { cpuMs: number; maxRssMb: number };
  fs.rmSync(usageFile, { force: true });
  return { wallMs, ...usage, stdout: res.stdout ?? '' };
}
