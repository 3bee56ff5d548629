// Runs every compiled test file (dist/test/**/*.test.js) with uvu and ends with the one summary
// line CI reads: "N passed, N failed". uvu's own summary is printed above it unchanged.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const uvuBin = path.join(root, 'node_modules', 'uvu', 'bin.js');
// A pattern given on the command line picks among the compiled test files (never their emitted .d.ts).
const pattern = process.argv[2] ? `^(?=.*(?:${process.argv[2]})).*\\.test\\.js$` : '\\.test\\.js$';
const res = spawnSync(process.execPath, [uvuBin, 'dist/test', pattern], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
process.stdout.write(res.stdout ?? '');
process.stderr.write(res.stderr ?? '');
const out = res.stdout ?? '';
const num = (label) => Number((out.match(new RegExp(`${label}:\\s+(\\d+)`)) ?? [])[1] ?? NaN);
const total = num('Total');
const passed = num('Passed');
let failed = Number.isFinite(total) && Number.isFinite(passed) ? total - passed - (num('Skipped') || 0) : NaN;
if (!Number.isFinite(failed)) {
  // uvu crashed before its summary (e.g. a test file threw at import): count it as one failure.
  console.log(`${Number.isFinite(passed) ? passed : 0} passed, 1 failed`);
  process.exit(1);
}
if (res.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
