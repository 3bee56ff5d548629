// Preloaded into every measured process (`node --require`): at exit, writes the whole process's CPU time (user +
// sys, every thread) and peak RSS to the file NBLINT_BENCH_USAGE names. CommonJS: an ES module preload
// (`--import`) would start Node's ES module loader, ~6 ms of CPU that the CommonJS executable does not spend.
import { writeFileSync } from 'node:fs';

const target = process.env.NBLINT_BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // resourceUsage: CPU times in microseconds, maxRSS in kilobytes.
    writeFileSync(target, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024 }));
  });
}
