// Configuration resolution (lib/config): cascade, extends, overrides, plugins, ignore patterns, validation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConfigData, Plugin, Rule } from '../lib/types.js';
import { ConfigError, ConfigResolver, type ConfigResolverOptions } from '../lib/config/index.js';

const rule = (extra: Partial<Rule['meta']> = {}): Rule => ({
  meta: { type: 'problem', docs: { description: 'd', recommended: true }, messages: { m: 'm' }, ...extra },
  create: () => ({}),
});

const builtinPlugin: Plugin = {
  meta: { name: 'nblint-mlflow', version: '0.0.0' },
  rules: {
    'no-foo': rule({
      schema: [
        {
          type: 'object',
          properties: { unknownType: { enum: ['fix', 'suggest'] }, template: { type: 'string' } },
          additionalProperties: false,
        },
      ],
      defaultOptions: [{ unknownType: 'fix', template: '{name}.txt' }],
    }),
    'no-bar': rule(),
  },
};
const recommended: ConfigData = { rules: { 'no-foo': 'error', 'no-bar': 'warn' } };

/** A temporary project: file path → contents (objects are written as JSON). */
function project(files: Record<string, string | object>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nblint-config-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

const create = (cwd: string, opts: Partial<ConfigResolverOptions> = {}) =>
  ConfigResolver.create({ cwd, useConfigLookup: true, useIgnore: true, builtinPlugin, recommended, ...opts });

async function rulesFor(resolver: ConfigResolver, file: string) {
  const config = await resolver.forFile(file);
  return Object.fromEntries(Object.entries(config.rules).map(([id, r]) => [id, [r.severity, ...r.options]]));
}

async function configError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as Error).message;
  }
  throw new assert.Assertion({ message: 'expected a ConfigError', generated: false, operator: 'throws', expects: 'ConfigError', actual: 'nothing' });
}

const DEFAULTS = { unknownType: 'fix', template: '{name}.txt' };

test('recommended, then .nblintrc.json from the top down; root: true stops the walk; defaults fill options', async () => {
  const cwd = project({
    '.nblintrc.json': { rules: { 'no-bar': 'off' } },
    'a/.nblintrc.json': { rules: { 'no-foo': ['warn', { unknownType: 'suggest' }] } },
    'a/b/.nblintrc.json': { rules: { 'no-foo': 'error' } }, // severity only: keeps the options set above
    'r/.nblintrc.json': { root: true, rules: { 'no-foo': 'off' } },
  });
  const resolver = await create(cwd);
  assert.equal(await rulesFor(resolver, path.join(cwd, 'x.py')), { 'no-foo': [2, DEFAULTS], 'no-bar': [0] });
  assert.equal(await rulesFor(resolver, path.join(cwd, 'a/b/x.ipynb')), {
    'no-foo': [2, { unknownType: 'suggest', template: '{name}.txt' }],
    'no-bar': [0],
  });
  // root: true: the top-level 'no-bar: off' does not reach r/.
  assert.equal(await rulesFor(resolver, path.join(cwd, 'r/x.py')), { 'no-foo': [0, DEFAULTS], 'no-bar': [1] });
  const noLookup = await create(cwd, { useConfigLookup: false });
  assert.equal(await rulesFor(noLookup, path.join(cwd, 'a/b/x.py')), { 'no-foo': [2, DEFAULTS], 'no-bar': [1] });
});

test('--config then --rule apply last; overrides match by glob relative to the config file', async () => {
  const cwd = project({
    '.nblintrc.json': {
      rules: { 'no-bar': 'off' },
      overrides: [
        { files: '*.ipynb', rules: { 'no-bar': 'error' }, settings: { pythonCellMagics: ['mymagic'] } },
        { files: ['scripts/**/*.py'], excludedFiles: 'legacy_*.py', rules: { 'no-foo': 'off' } },
      ],
      settings: { team: { name: 'ml', size: 3 } },
    },
    'extra.json': { rules: { 'no-bar': 'warn' }, settings: { team: { size: 4 } } },
  });
  const resolver = await create(cwd);
  const nb = await resolver.forFile(path.join(cwd, 'deep/dir/n.ipynb'));
  assert.equal(nb.rules['no-bar'].severity, 2);
  assert.equal(nb.settings, { team: { name: 'ml', size: 3 }, pythonCellMagics: ['mymagic'] });
  assert.equal((await resolver.forFile(path.join(cwd, 'scripts/x/t.py'))).rules['no-foo'].severity, 0);
  assert.equal((await resolver.forFile(path.join(cwd, 'scripts/x/legacy_t.py'))).rules['no-foo'].severity, 2);

  const withCli = await create(cwd, { configFile: 'extra.json', ruleOverrides: { 'no-foo': ['warn', { template: 'x' }] } });
  const config = await withCli.forFile(path.join(cwd, 'n.ipynb'));
  assert.equal(config.rules['no-bar'].severity, 1); // --config beats the override of .nblintrc.json
  assert.equal(config.rules['no-foo'], { severity: 1, options: [{ unknownType: 'fix', template: 'x' }] });
  assert.equal(config.settings.team, { name: 'ml', size: 4 });
});

test('folders with the same configuration files share one resolved configuration; a folder with its own gets its own', async () => {
  const cwd = project({
    '.nblintrc.json': { rules: { 'no-bar': 'off' }, overrides: [{ files: '*.ipynb', rules: { 'no-bar': 'error' } }] },
    'own/.nblintrc.json': { rules: { 'no-foo': 'warn' } },
  });
  const resolver = await create(cwd);
  const [a, b, deep, nb, own, ownDeep] = await Promise.all(
    ['a/x.py', 'b/y.py', 'a/b/c/z.py', 'a/n.ipynb', 'own/x.py', 'own/d/x.py'].map((file) => resolver.forFile(path.join(cwd, file))),
  );
  // Not one object per folder: a tree of thousands of folders would keep thousands of equal configurations.
  assert.ok(a === b && b === deep);
  assert.ok(own === ownDeep);
  assert.ok(nb !== a && own !== a);
  assert.equal(a.rules['no-bar'].severity, 0);
  assert.equal(nb.rules['no-bar'].severity, 2);
  assert.equal(own.rules['no-foo'].severity, 1);
  assert.equal(deep.rules['no-foo'].severity, 2);
  const noLookup = await create(cwd, { useConfigLookup: false });
  assert.ok((await noLookup.forFile(path.join(cwd, 'a/x.py'))) === (await noLookup.forFile(path.join(cwd, 'own/d/x.py'))));
});

test('extends: a relative file, nblint-mlflow:recommended; circular extends is an error', async () => {
  const cwd = project({
    'base/shared.json': { rules: { 'no-foo': 'warn' } },
    '.nblintrc.json': { extends: './base/shared.json', rules: { 'no-bar': 'off' } },
    'sub/.nblintrc.json': { root: true, extends: ['nblint-mlflow:recommended'] },
    'loop/.nblintrc.json': { extends: './a.json' },
    'loop/a.json': { extends: './.nblintrc.json' },
  });
  const resolver = await create(cwd);
  assert.equal(await rulesFor(resolver, path.join(cwd, 'x.py')), { 'no-foo': [1, DEFAULTS], 'no-bar': [0] });
  assert.equal(await rulesFor(resolver, path.join(cwd, 'sub/x.py')), { 'no-foo': [2, DEFAULTS], 'no-bar': [1] });
  assert.match(await configError(resolver.forFile(path.join(cwd, 'loop/x.py'))), 'circular extends');
});

test('plugins: resolved from the config directory, rule ids prefixed, presets via plugin:<name>/<config>', async () => {
  const cwd = project({
    'node_modules/nblint-plugin-acme/package.json': { name: 'nblint-plugin-acme', type: 'module', main: 'index.js' },
    'node_modules/nblint-plugin-acme/index.js': `
      const rule = { meta: { type: 'problem', docs: { description: 'x', recommended: true }, messages: { m: 'm' }, schema: [{ enum: ['a', 'b'] }] }, create: () => ({}) };
      export default { meta: { name: 'nblint-plugin-acme', version: '1.0.0' }, rules: { 'no-x': rule },
        configs: { recommended: { rules: { 'acme/no-x': ['warn', 'a'] } } } };`,
    '.nblintrc.json': { plugins: ['nblint-plugin-acme'], rules: { 'acme/no-x': ['error', 'b'] } },
    'p/.nblintrc.json': { root: true, extends: 'plugin:acme/recommended' },
    'q/.nblintrc.json': { root: true, plugins: ['acme'], rules: { 'acme/no-x': ['error', 'c'] } },
    'missing/.nblintrc.json': { root: true, plugins: ['nblint-plugin-nope'] },
  });
  const resolver = await create(cwd);
  const config = await resolver.forFile(path.join(cwd, 'x.py'));
  assert.equal(config.rules['acme/no-x'], { severity: 2, options: ['b'] });
  assert.ok(config.ruleDefinitions['acme/no-x'] && config.ruleDefinitions['no-foo']);
  assert.equal((await resolver.forFile(path.join(cwd, 'p/x.py'))).rules['acme/no-x'], { severity: 1, options: ['a'] });
  assert.is(
    await configError(resolver.forFile(path.join(cwd, 'q/x.py'))),
    `${path.join('q', '.nblintrc.json')}: rules.acme/no-x[1]: must be equal to one of the allowed values: "a", "b"`,
  );
  assert.match(await configError(resolver.forFile(path.join(cwd, 'missing/x.py'))), "failed to load plugin 'nblint-plugin-nope'");
  assert.equal(await resolver.printConfig(path.join(cwd, 'x.py')), {
    plugins: ['acme'],
    rules: { 'acme/no-x': ['error', 'b'], 'no-bar': ['warn'], 'no-foo': ['error', DEFAULTS] },
    settings: {},
  });
});

test('validation errors name the file and the key', async () => {
  const cases: [object | string, string][] = [
    [{ rulez: {} }, '.nblintrc.json: rulez: unknown key (expected one of: $schema, root, extends, plugins, rules, ignorePatterns, overrides, settings)'],
    [{ rules: { 'no-foo': ['warn', { unknownType: 'always' }] } }, '.nblintrc.json: rules.no-foo[1].unknownType: must be equal to one of the allowed values: "fix", "suggest"'],
    [{ rules: { 'no-foo': ['warn', { colour: 1 }] } }, ".nblintrc.json: rules.no-foo[1]: unknown property 'colour'"],
    [{ rules: { 'no-foo': ['warn', {}, {}] } }, '.nblintrc.json: rules.no-foo: too many options (1 allowed)'],
    [{ rules: { 'no-bar': ['warn', 1] } }, '.nblintrc.json: rules.no-bar: too many options (0 allowed)'],
    [{ rules: { 'no-such-rule': 'warn' } }, ".nblintrc.json: rules.no-such-rule: Definition for rule 'no-such-rule' was not found"],
    // Names of Object's own properties are unknown rules too, not a crash.
    ...['constructor', 'toString', 'hasOwnProperty', '__proto__'].map((name): [string, string] => [
      `{"rules": {"${name}": "error"}}`,
      `.nblintrc.json: rules.${name}: Definition for rule '${name}' was not found`,
    ]),
    [{ rules: { 'no-foo': 'loud' } }, '.nblintrc.json: rules.no-foo: severity should be one of 0 = off, 1 = warn, 2 = error, or "off", "warn", "error" (you passed "loud")'],
    [{ overrides: [{ rules: {} }] }, ".nblintrc.json: overrides[0]: must have a 'files' key"],
    [{ overrides: [{ files: '*.py', rules: { 'no-foo': ['error', { template: 3 }] } }] }, '.nblintrc.json: overrides[0].rules.no-foo[1].template: must be string'],
    [{ settings: { pythonCellMagics: 'time' } }, '.nblintrc.json: settings.pythonCellMagics: must be an array of strings'],
    ['{\n  "rules": {\n    "no-foo": "warn",\n  }\n}', '.nblintrc.json:4:3: invalid JSON (property name expected)'],
  ];
  for (const [content, expected] of cases) {
    const cwd = project({ '.nblintrc.json': content });
    const message = await configError(create(cwd).then((r) => r.forFile(path.join(cwd, 'x.py'))));
    assert.is(message, expected);
  }
  assert.match(await configError(create(project({}), { ruleOverrides: { 'no-foo': 'loud' as never } })), '--rule: no-foo: severity');
  assert.match(await configError(create(project({}), { configFile: 'nope.json' })), 'nope.json');
});

test('ignorePatterns: relative to their config file, plus --ignore-pattern; --no-ignore turns both off', async () => {
  const cwd = project({
    '.nblintrc.json': { ignorePatterns: ['build/', '*.gen.py'] },
    'sub/.nblintrc.json': { ignorePatterns: ['/local.py', '!keep.gen.py'] },
  });
  const resolver = await create(cwd, { ignorePatterns: ['vendor/**'] });
  const ignored = (rel: string) => resolver.isIgnored(path.join(cwd, rel));
  assert.ok(ignored('build/x.py'));
  assert.ok(ignored('a/build/x.ipynb'));
  assert.ok(ignored('a/b.gen.py'));
  assert.ok(ignored('sub/local.py'));
  assert.not.ok(ignored('local.py')); // '/local.py' is anchored at sub/
  assert.not.ok(ignored('sub/deeper/local.py'));
  assert.ok(ignored('vendor/lib/x.py'));
  assert.not.ok(ignored('src/x.py'));
  assert.ok(resolver.isIgnored(path.join(cwd, 'build') + path.sep));
  const noIgnore = await create(cwd, { ignorePatterns: ['vendor/**'], useIgnore: false });
  assert.not.ok(noIgnore.isIgnored(path.join(cwd, 'vendor/lib/x.py')));
  assert.not.ok(noIgnore.isIgnored(path.join(cwd, 'build/x.py')));
});

test('comments are allowed in configuration files, as in .eslintrc.json', async () => {
  const cwd = project({ '.nblintrc.json': '{\n  // legacy notebooks\n  "rules": { "no-foo": "off" /* for now */ }\n}\n' });
  assert.is((await (await create(cwd)).forFile(path.join(cwd, 'x.py'))).rules['no-foo'].severity, 0);
});

test('resolved configurations are cached per directory and override match', async () => {
  const cwd = project({ '.nblintrc.json': { overrides: [{ files: '*.ipynb', rules: { 'no-bar': 'off' } }] } });
  const resolver = await create(cwd);
  const a = await resolver.forFile(path.join(cwd, 'a.py'));
  assert.is(await resolver.forFile(path.join(cwd, 'b.py')), a);
  assert.is.not(await resolver.forFile(path.join(cwd, 'c.ipynb')), a);
});

test.run();
