#!/usr/bin/env node
// Byte-identity of the CLI's output before and after an optimisation: every format (and --fix-dry-run) on the
// fixtures and, when given, on a corpus folder. Save a baseline with a build of the reference commit, then check
// the current build against it:
//
//   node test/tools/output-identity.mjs save  <baseline-dir> [--cli <bundle>] [--corpus <dir>] [--concurrency <n>]
//   node test/tools/output-identity.mjs check <baseline-dir> [--cli <bundle>] [--corpus <dir>] [--concurrency <n>]
//
// --cli defaults to this checkout's dist/bundle/nblint-mlflow.cjs. Runs happen in the repository root, so
// absolute paths in the output are the same for both builds when both lint the same folders.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [mode, baseline, ...rest] = process.argv.slice(2);
const flag = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
if ((mode !== 'save' && mode !== 'check') || !baseline) {
  console.error('usage: output-identity.mjs save|check <baseline-dir> [--cli <bundle>] [--corpus <dir>] [--concurrency <n>]');
  process.exit(2);
}
const cli = path.resolve(flag('--cli') ?? path.join(root, 'dist', 'bundle', 'nblint-mlflow.cjs'));
const corpus = flag('--corpus');
const concurrency = flag('--concurrency');

const targets = [['fixtures', 'notebooks-fixtures']];
if (corpus) targets.push(['corpus', path.resolve(corpus)]);
const variants = [
  ['json', ['-f', 'json']],
  ['sarif', ['-f', 'sarif']],
  ['stylish', ['-f', 'stylish', '--no-color']],
  ['github', ['-f', 'github']],
  ['fix-dry-run-json', ['--fix-dry-run', '-f', 'json']],
];

fs.mkdirSync(baseline, { recursive: true });
let failed = 0;
for (const [targetName, target] of targets) {
  for (const [variantName, args] of variants) {
    const name = `${targetName}.${variantName}`;
    const out = path.join(baseline, name);
    const extra = concurrency && mode === 'check' ? ['--concurrency', concurrency] : [];
    const res = spawnSync(process.execPath, [cli, ...args, ...extra, target], { cwd: root, maxBuffer: 1 << 30 });
    if (res.error) throw res.error;
    const produced = Buffer.concat([Buffer.from(`exit ${res.status}\n--- stderr\n`), res.stderr, Buffer.from('--- stdout\n'), res.stdout]);
    if (mode === 'save') {
      fs.writeFileSync(out, produced);
      console.log(`saved ${name} (${produced.length} bytes)`);
      continue;
    }
    const expected = fs.readFileSync(out);
    if (expected.equals(produced)) {
      console.log(`same  ${name} (${produced.length} bytes)`);
      continue;
    }
    failed++;
    let at = 0;
    while (at < expected.length && expected[at] === produced[at]) at++;
    const around = (b) => JSON.stringify(b.subarray(Math.max(0, at - 80), at + 80).toString('utf8'));
    console.log(`DIFF  ${name}: first difference at byte ${at} (${expected.length} vs ${produced.length} bytes)`);
    console.log(`  expected: ${around(expected)}\n  produced: ${around(produced)}`);
  }
}
if (mode === 'check') {
  console.log(failed === 0 ? 'identical' : `${failed} output(s) differ`);
  process.exit(failed === 0 ? 0 : 1);
}
