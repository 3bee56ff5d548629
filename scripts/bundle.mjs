// Bundles the CLI (tsc's output in dist/lib) into dist/bundle/:
//   engine.cjs         everything a run uses, one CommonJS file: small entry files load it through V8's code cache
//                      (lib/cli/code-cache.ts), which only a script compiled with vm.Script can use on Node 20;
//   nblint-mlflow.cjs  the executable (lib/cli/bundle-bin.ts);
//   lint-worker.cjs    a --concurrency worker thread's script (lib/workers/bundle-worker.ts).
// The entry files are CommonJS too: Node then starts without its ES module loader (~7 ms CPU of a small run).
// One file to load instead of ~90 modules, and its compiled code cached: a small run starts ~60 ms sooner.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';

// formatters/index.ts requires its optional formatters through createRequire, which esbuild cannot follow.
// Dropping the local `require` binding leaves a free require(), which esbuild bundles as lazy modules.
const freeRelativeRequire = {
  name: 'free-relative-require',
  setup(b) {
    b.onLoad({ filter: /dist[\\/]lib[\\/]formatters[\\/]index\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const out = text.replace(/^const require = createRequire\(import\.meta\.url\);$/m, '');
      if (out === text) throw new Error('formatters/index.js: createRequire line not found');
      return { contents: out, loader: 'js' };
    });
  },
};

// The engine is compiled with vm.Script, which has no import(): a plugin's module is imported by the bundle's ES
// module entry, which hands its import() to the engine (lib/cli/code-cache.ts).
const entryImport = {
  name: 'entry-import',
  setup(b) {
    b.onLoad({ filter: /dist[\\/]lib[\\/]config[\\/]import-module\.js$/ }, () => ({
      contents: 'export const importModule = (specifier) => __nblintImport(specifier);',
      loader: 'js',
    }));
  },
};

// Last build's files would linger (and be packed).
await rm('dist/bundle', { recursive: true, force: true });

// ASCII output (non-ASCII characters as \u escapes): lib/cli/code-cache.ts reads the engine as latin1, which
// skips UTF-8 decoding (~1.7 ms of each start, on every thread).
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', charset: 'ascii' };

await build({
  ...common,
  entryPoints: { engine: 'dist/lib/cli/engine.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [freeRelativeRequire, entryImport],
  // Loaded lazily from node_modules (CommonJS): the language server's library (only with --lsp) and `yaml` (only
  // when a job or conda YAML file is read).
  external: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument', 'yaml'],
  // The modules' own location is the engine's (dist/bundle/, two levels below the package root like dist/lib/x/).
  define: { 'import.meta.url': '__engineUrl' },
  banner: { js: 'const __engineUrl = require("node:url").pathToFileURL(__filename).href;' },
  // Other lazy imports become require(): of bundled modules (inlined) or of the CommonJS externals.
  supported: { 'dynamic-import': false },
});
// esbuild leaves the comments it keeps as they are: theirs are escaped too.
const engine = (await readFile('dist/bundle/engine.cjs', 'utf8')).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
await writeFile('dist/bundle/engine.cjs', engine);
if (/\bimport\s*\(/.test(engine)) throw new Error('engine.cjs: an import() is left, which a vm.Script cannot run');
const engineHash = createHash('sha256').update(engine).digest('hex').slice(0, 20);

await build({
  ...common,
  entryPoints: { 'nblint-mlflow': 'dist/lib/cli/bundle-bin.js', 'lint-worker': 'dist/lib/workers/bundle-worker.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { __NBLINT_ENGINE_HASH__: JSON.stringify(engineHash), __NBLINT_BUNDLE_DIR__: '__dirname' },
});
