// Preloaded into every measured process (`node --import`): at exit, writes the whole process's CPU time (user +
// sys, every thread) and peak RSS to the file NBLINT_BENCH_USAGE names.
import { writeFileSync } from 'node:fs';

const target = process.env.NBLINT_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // resourceUsage: CPU times in microseconds, maxRSS in kilobytes.
    writeFileSync(target, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024 }));
  });
}
