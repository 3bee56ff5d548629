// The package as users get it: `npm pack` in a fresh copy of the repository (built at prepack), then a global
// install of the tarball into a temporary prefix, offline, and the bin and a typed ESM import under tsc --strict.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers/paths.js';
import { copyRepo } from './helpers/repo-copy.js';
import { userEnv } from './helpers/user-env.js';

const sh = (cmd: string, args: string[], cwd: string, env = userEnv()) => {
  const res = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '', error: res.error };
};

const work = mkdtempSync(path.join(os.tmpdir(), 'nblint-package-'));
const clone = copyRepo('nblint-package-clone-', 'link');
const rootPkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};
const hadDist = existsSync(path.join(clone, 'dist'));
const packed = sh('npm', ['pack', '--pack-destination', work], clone);
const tarball = path.join(work, `nblint-mlflow-${rootPkg.version}.tgz`);
const listing = packed.code === 0 ? sh('tar', ['tzf', tarball], work).stdout.split('\n').filter(Boolean) : [];
const own = listing.filter((file) => !file.startsWith('package/node_modules/')).map((file) => file.replace(/^package\//, ''));
const prefix = path.join(work, 'prefix');
const installed = packed.code === 0 ? sh('npm', ['install', '--global', '--offline', '--prefix', prefix, tarball], work) : null;
const packageDir = path.join(prefix, 'lib', 'node_modules', 'nblint-mlflow');
const bin = path.join(prefix, 'bin', 'nblint-mlflow');

test.after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(clone, { recursive: true, force: true });
});

test('npm pack builds at prepack in a fresh copy and leaves package.json as it was', () => {
  assert.is(packed.code, 0, packed.stderr);
  // The copy had no dist/: the packed build was made by prepack.
  assert.not.ok(hadDist, 'the copy starts without dist/');
  assert.ok(rootPkg.scripts.prepack.includes('npm run build'), 'prepack builds');
  assert.ok(existsSync(path.join(clone, 'dist', 'bundle', 'nblint-mlflow.cjs')));
  // Only the tarball's name on stdout (the project's .npmrc): pre-commit reads it to install the hooks.
  assert.is(packed.stdout.trim(), path.basename(tarball));
  assert.is(readFileSync(path.join(clone, 'package.json'), 'utf8'), readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.not.ok(readdirSync(clone).includes('package.json.pack-backup'));
});

test('the tarball holds what users need: built code, types, LICENSE; no tests, fixtures, sources or dev tooling', () => {
  for (const file of ['package.json', 'README.md', 'LICENSE', '.eslintrc-like-config.json', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/api/nblint.d.ts', 'dist/bundle/nblint-mlflow.cjs']) {
    assert.ok(own.includes(file), `${file} is packed`);
  }
  const unwanted = own.filter((file) =>
    /^(dist\/(test|bench|lib\/docs)\/|test\/|bench\/|notebooks-fixtures\/|lib\/|rules\/|scripts\/|docs\/|\.ci\/)|\.test\.|\.ts$(?<!\.d\.ts)|tsconfig/.test(file),
  );
  assert.equal(unwanted, []);
  assert.match(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
  // Runtime dependencies travel inside the tarball, so installing it needs no registry.
  assert.ok(listing.some((file) => file.startsWith('package/node_modules/ajv/')), 'dependencies are bundled');
  assert.not.ok(listing.some((file) => /^package\/node_modules\/(typescript|esbuild|uvu)\//.test(file)), 'no dev dependency is packed');
});

test('the packed package.json has no prepare script (npm would ask to approve it) and every exports target is packed', () => {
  const manifest = JSON.parse(sh('tar', ['xzfO', tarball, 'package/package.json'], work).stdout) as typeof rootPkg & { license: string };
  assert.is(manifest.scripts.prepare, undefined);
  assert.is(manifest.license, 'MIT');
  const targets = Object.values(manifest.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)));
  assert.ok(targets.length >= 3);
  for (const target of targets) assert.ok(own.includes(target.replace(/^\.\//, '')), `exports target ${target} is packed`);
});

test('the tarball installs globally, offline, with no warning and no script run', () => {
  assert.ok(installed, 'installed');
  assert.is(installed!.code, 0, installed!.stderr);
  const output = `${installed!.stdout}\n${installed!.stderr}`;
  assert.not.match(output, /warn|WARN|install-scripts|prepare|tsc|esbuild/);
  assert.match(output, /added \d+ package/);
});

test('the installed bin runs: version, and problems with exit code 1 on a notebook', () => {
  const version = sh(bin, ['--version'], work);
  assert.is(version.stdout.trim(), `v${rootPkg.version}`);
  const project = path.join(work, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(
    path.join(project, 'train.ipynb'),
    JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['from azureml.core import Run\n', 'run = Run.get_context()\n', 'run.log("acc", 0.9)'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 4,
    }),
  );
  const run = sh(bin, ['.', '-f', 'json'], project);
  assert.is(run.code, 1, run.stderr);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; cell: number }[] }[];
  assert.ok(result.messages.some((m) => m.ruleId === 'no-run-log' && m.cell === 1));
});

test('a typed ESM import of the installed package compiles under tsc --strict and runs; deep imports are closed', () => {
  const consumer = path.join(work, 'consumer');
  mkdirSync(consumer, { recursive: true });
  symlinkSync(path.join(prefix, 'lib', 'node_modules'), path.join(consumer, 'node_modules'), 'dir');
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        skipLibCheck: false,
        // No @types/node: the package's own types must stand alone.
        types: [],
        outDir: 'out',
      },
      files: ['index.ts'],
    }),
  );
  writeFileSync(
    path.join(consumer, 'index.ts'),
    [
      "import { NbLint, type LintResult, type NbLintOptions } from 'nblint-mlflow';",
      '',
      "const options: NbLintOptions = { fix: true, overrideConfig: { rules: { 'no-run-log': 'error' } } };",
      'const nblint = new NbLint(options);',
      "const results: LintResult[] = await nblint.lintText('from azureml.core import Run\\nrun = Run.get_context()\\nrun.log(\"acc\", 0.9)\\n', { filePath: 'train.py' });",
      'const output: string | undefined = results[0].output;',
      "const formatter = await nblint.loadFormatter('json');",
      'const report: string = formatter.format(results);',
      'export const misuse = (): NbLint =>',
      '  // @ts-expect-error fix takes a boolean',
      "  new NbLint({ fix: 'yes' });",
      'export const summary = { output, errors: results[0].errorCount, reportLength: report.length, version: NbLint.version };',
      'console.log(JSON.stringify(summary));',
    ].join('\n'),
  );
  const tsc = sh(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer);
  assert.is(tsc.code, 0, tsc.stdout + tsc.stderr);
  const ran = sh(process.execPath, ['out/index.js'], consumer);
  assert.is(ran.code, 0, ran.stderr);
  const summary = JSON.parse(ran.stdout) as { output: string; errors: number; reportLength: number; version: string };
  assert.is(summary.output, 'import mlflow\nmlflow.log_metric("acc", 0.9)\n');
  assert.is(summary.version, rootPkg.version);
  assert.ok(summary.reportLength > 0);

  // Every entry point of the exports map loads from the installed package (its dependencies travel with it).
  for (const entry of Object.keys(rootPkg.exports).filter((key) => key !== './package.json')) {
    const specifier = entry === '.' ? 'nblint-mlflow' : `nblint-mlflow/${entry.slice(2)}`;
    const loaded = sh(process.execPath, ['--input-type=module', '-e', `const m = await import('${specifier}'); if (Object.keys(m).length === 0) process.exit(3);`], consumer);
    assert.is(loaded.code, 0, `${specifier}: ${loaded.stderr}`);
  }
  const deep = sh(process.execPath, ['--input-type=module', '-e', "await import('nblint-mlflow/dist/lib/lint-files.js')"], consumer);
  assert.match(deep.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
});

test.run();
