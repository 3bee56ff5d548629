// The configuration in force for each file (design.md "Configuration"), later wins:
//   recommended preset → .nblintrc.json files from the project root (project-root.ts) down to the file's
//   directory (a `"root": true` file stops the walk up) → the --config file → --rule options.
// Each layer's matching `overrides` apply right after the layer itself, as in ESLint.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigData, Plugin, ResolvedConfig, Rule, RuleEntry, Settings } from '../types.js';
import { ConfigError } from './errors.js';
import { keyPath } from './key-path.js';
import { CONFIG_FILE_NAME, PYPROJECT_FILE_NAME, isPresetRef, LayerReader, type Layer, type PendingLayer } from './layers.js';
import { loadPicomatch } from './lazy.js';
import { pathGlob } from '../glob/path-glob.js';
import { gitignoreMatcher, type IgnoreMatcher } from '../glob/gitignore.js';
import { loadPlugin, type LoadedPlugin } from './plugins.js';
import { validateRuleOptions, withDefaultOptions } from './rule-options.js';
import { parseRuleEntry, SEVERITY_NAMES } from './severity.js';
import { isObject } from './shape.js';
import { isOutsideRelative } from '../path-inside.js';
import { findProjectRoot, lookupTop } from './project-root.js';

export interface ConfigResolverOptions {
  cwd: string;
  /** -c/--config: its globs and ignore patterns are relative to cwd, as in ESLint. */
  configFile?: string;
  /** false with --no-config-lookup: .nblintrc.json files are not read. */
  useConfigLookup: boolean;
  /** --rule */
  ruleOverrides?: Record<string, RuleEntry>;
  /** --ignore-pattern, relative to cwd. */
  ignorePatterns?: string[];
  /** false with --no-ignore. */
  useIgnore: boolean;
  /** --report-unused-disable-directives, set on every resolved configuration. */
  reportUnusedDisableDirectives?: boolean;
  builtinPlugin: Plugin;
  /** The parsed .eslintrc-like-config.json. */
  recommended: ConfigData;
}

/** Layers whose plugins are loaded and whose plugin presets are expanded. */
interface Chain {
  layers: Layer[];
  plugins: LoadedPlugin[];
}

export class ConfigResolver {
  private readonly reader: LayerReader;
  private readonly pendingByDir = new Map<string, PendingLayer[]>();
  private readonly ownByDir = new Map<string, PendingLayer[]>();
  private readonly projectRoot: string;
  private readonly chainByDir = new Map<string, Promise<Chain>>();
  /** Chains and configurations by the layers they come from: folders with the same layers share one object. */
  private readonly chainByLayers = new Map<string, Promise<Chain>>();
  private readonly resolved = new Map<string, ResolvedConfig>();
  private readonly layerIds = new WeakMap<PendingLayer, number>();
  private readonly pluginsById = new Map<string, LoadedPlugin>();
  private readonly validatedEntries = new WeakSet<object>();
  private readonly ignores = new WeakMap<Layer, IgnoreMatcher>();
  private readonly matchers = new WeakMap<object, (relPath: string) => boolean>();
  private baseChain: Chain = { layers: [], plugins: [] };
  private topChain: Chain = { layers: [], plugins: [] };
  private basePending: PendingLayer[] = [];
  private nextLayerId = 0;
  private topPending: PendingLayer[] = [];

  private constructor(private readonly opts: ConfigResolverOptions) {
    this.reader = new LayerReader(opts.cwd, { plugin: opts.builtinPlugin, recommended: opts.recommended });
    this.projectRoot = findProjectRoot(opts.cwd);
  }

  static async create(opts: ConfigResolverOptions): Promise<ConfigResolver> {
    const resolver = new ConfigResolver({ ...opts, cwd: path.resolve(opts.cwd) });
    await resolver.init();
    return resolver;
  }

  private async init(): Promise<void> {
    const { cwd, configFile, ruleOverrides, ignorePatterns, recommended } = this.opts;
    const base = { baseDir: cwd, pluginDir: cwd, trusted: true, source: '.eslintrc-like-config.json' };
    this.basePending = this.reader.expand(recommended, base);
    if (configFile) {
      const abs = path.resolve(cwd, configFile);
      if (!existsSync(abs)) throw new ConfigError(`${configFile}: the configuration file given with --config does not exist`);
      this.topPending.push(...(path.basename(abs) === PYPROJECT_FILE_NAME ? this.pyprojectLayers(abs, configFile) : this.reader.readFile(abs, cwd)));
    }
    const cli: ConfigData = { rules: ruleOverrides ?? {}, ignorePatterns: ignorePatterns ?? [] };
    this.topPending.push({ source: '--rule', baseDir: cwd, pluginDir: cwd, trusted: false, data: cli });
    // Fail on a malformed --rule before any file is read (config files were checked when read).
    for (const [id, entry] of Object.entries(cli.rules ?? {})) {
      const parsed = parseRuleEntry(entry);
      if (typeof parsed === 'string') throw new ConfigError(`--rule: ${id}: ${parsed}`);
    }
    this.baseChain = await this.loadChain(this.basePending);
    this.topChain = await this.loadChain(this.topPending);
  }

  /** The configuration for one file (cached by directory and by which overrides match). */
  async forFile(absPath: string): Promise<ResolvedConfig> {
    const dir = path.dirname(absPath);
    let chain = this.chainByDir.get(dir);
    if (!chain) {
      const pending = this.pendingFor(dir);
      const layersKey = this.layersKey(pending);
      chain = this.chainByLayers.get(layersKey);
      if (!chain) this.chainByLayers.set(layersKey, (chain = this.loadChain(pending)));
      this.chainByDir.set(dir, chain);
    }
    const { layers, plugins } = await chain;
    const all = [...this.baseChain.layers, ...layers, ...this.topChain.layers];
    const matched = all.map((layer) => this.matchingOverrides(layer, absPath));
    // Not the folder: a configuration per folder would grow with the tree (~3 KB each) for the same content.
    const key = `${this.layersKey(all)}\0${matched.map((m) => m.join(',')).join(';')}`;
    let config = this.resolved.get(key);
    if (!config) {
      config = this.merge(all, matched, [...this.baseChain.plugins, ...plugins, ...this.topChain.plugins]);
      this.resolved.set(key, config);
    }
    return config;
  }

  /** The identity of a list of layers (each layer object, read once per file, gets a number). */
  private layersKey(layers: readonly PendingLayer[]): string {
    return layers
      .map((layer) => {
        let id = this.layerIds.get(layer);
        if (id === undefined) this.layerIds.set(layer, (id = this.nextLayerId++));
        return id;
      })
      .join(',');
  }

  /** True when ignore patterns (config files in force, --ignore-pattern) exclude the path. End a directory with '/'. */
  isIgnored(absPath: string): boolean {
    if (!this.opts.useIgnore) return false;
    const isDir = /[\\/]$/.test(absPath);
    const target = isDir ? absPath.replace(/[\\/]+$/, '') : absPath;
    const layers = [...this.pendingFor(isDir ? target : path.dirname(target)), ...this.topPending];
    for (const layer of layers) {
      if (isPresetRef(layer) || !layer.data.ignorePatterns?.length) continue;
      const rel = toPosix(path.relative(layer.baseDir, target));
      if (!rel || isOutsideRelative(rel)) continue;
      let ig = this.ignores.get(layer);
      if (!ig) this.ignores.set(layer, (ig = gitignoreMatcher(layer.data.ignorePatterns)));
      if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  /** The resolved configuration as plain JSON (--print-config). */
  async printConfig(absPath: string): Promise<object> {
    const config = await this.forFile(absPath);
    const rules: Record<string, unknown[]> = {};
    for (const id of Object.keys(config.rules).sort()) {
      const { severity, options } = config.rules[id];
      rules[id] = [SEVERITY_NAMES[severity], ...options];
    }
    const plugins = Object.keys(config.ruleDefinitions)
      .filter((id) => id.includes('/'))
      .map((id) => id.slice(0, id.lastIndexOf('/')));
    return { plugins: [...new Set(plugins)], rules, settings: config.settings };
  }

  /**
   * .nblintrc.json layers from the top of the lookup (the project root, or the nearest `root: true`) down to
   * `dir`; synchronous.
   */
  private pendingFor(dir: string): PendingLayer[] {
    if (!this.opts.useConfigLookup) return [];
    const cached = this.pendingByDir.get(dir);
    if (cached) return cached;
    const top = lookupTop(dir, this.projectRoot);
    const chain: PendingLayer[][] = [];
    for (let at = dir; ; at = path.dirname(at)) {
      const own = this.ownLayers(at);
      chain.push(own);
      if (at === top || path.dirname(at) === at) break;
      if (own.some((layer) => !isPresetRef(layer) && layer.baseDir === at && layer.data.root === true)) break;
    }
    const layers = chain.reverse().flat();
    this.pendingByDir.set(dir, layers);
    return layers;
  }

  private pyprojectLayers(abs: string, shown: string): PendingLayer[] {
    const layers = this.reader.readPyproject(abs);
    if (!layers) throw new ConfigError(`${shown}: the file given with --config has no [tool.nblint-mlflow] table`);
    return layers;
  }

  /** A folder's own configuration: .nblintrc.json, else pyproject.toml's [tool.nblint-mlflow] (as Ruff prefers its own file). */
  private ownLayers(dir: string): PendingLayer[] {
    let own = this.ownByDir.get(dir);
    if (!own) {
      const file = path.join(dir, CONFIG_FILE_NAME);
      const pyproject = path.join(dir, PYPROJECT_FILE_NAME);
      own = existsSync(file) ? this.reader.readFile(file) : (existsSync(pyproject) && this.reader.readPyproject(pyproject)) || [];
      this.ownByDir.set(dir, own);
    }
    return own;
  }

  /** Loads the plugins the layers name and expands plugin presets. */
  private async loadChain(pending: PendingLayer[]): Promise<Chain> {
    const chain: Chain = { layers: [], plugins: [] };
    const addPlugin = async (name: string, fromDir: string, where: string): Promise<LoadedPlugin> => {
      const loaded = await loadPlugin(name, fromDir, where);
      const known = this.pluginsById.get(loaded.id);
      if (known && known.resolvedPath !== loaded.resolvedPath) {
        throw new ConfigError(`${where}: plugin '${loaded.id}' is found in two places: ${known.resolvedPath} and ${loaded.resolvedPath}`);
      }
      this.pluginsById.set(loaded.id, known ?? loaded);
      if (!chain.plugins.includes(known ?? loaded)) chain.plugins.push(known ?? loaded);
      return known ?? loaded;
    };
    const visit = async (layers: PendingLayer[]): Promise<void> => {
      for (const layer of layers) {
        if (isPresetRef(layer)) {
          const { plugin } = await addPlugin(layer.pluginName, layer.pluginDir, `${layer.source}`);
          const data = plugin.configs?.[layer.configName];
          if (!data) throw new ConfigError(`${layer.source}: plugin '${layer.pluginName}' has no configuration '${layer.configName}'`);
          const { source, baseDir, pluginDir } = layer;
          await visit(this.reader.expand(data, { source, baseDir, pluginDir, trusted: true }));
          continue;
        }
        for (const [i, name] of (layer.data.plugins ?? []).entries()) {
          await addPlugin(name, layer.pluginDir, `${layer.source}: ${keyPath('plugins', i)}`);
        }
        chain.layers.push(layer);
      }
    };
    await visit(pending);
    return chain;
  }

  private matchingOverrides(layer: Layer, absPath: string): number[] {
    const overrides = layer.data.overrides;
    if (!overrides?.length) return [];
    const rel = toPosix(path.relative(layer.baseDir, absPath));
    if (isOutsideRelative(rel)) return [];
    const out: number[] = [];
    overrides.forEach((override, i) => {
      let matches = this.matchers.get(override);
      if (!matches) {
        const files = globMatcher(override.files);
        const excluded = globMatcher(override.excludedFiles);
        this.matchers.set(override, (matches = (p: string) => files(p) && !excluded(p)));
      }
      if (matches(rel)) out.push(i);
    });
    return out;
  }

  private merge(layers: Layer[], matched: number[][], plugins: LoadedPlugin[]): ResolvedConfig {
    // Null prototypes: a rule named `constructor`, `toString` or `__proto__` is an unknown rule, not Object's.
    const ruleDefinitions: Record<string, Rule> = Object.assign(Object.create(null) as Record<string, Rule>, this.opts.builtinPlugin.rules);
    for (const { id, plugin } of plugins) {
      for (const [name, rule] of Object.entries(plugin.rules)) ruleDefinitions[`${id}/${name}`] = rule;
    }
    const entries = new Map<string, { severity: 0 | 1 | 2; options: unknown[] }>();
    let settings: Settings = {};
    const apply = (rules: ConfigData['rules'], layer: Layer, at: string) => {
      for (const [id, entry] of Object.entries(rules ?? {})) {
        const rule = Object.hasOwn(ruleDefinitions, id) ? ruleDefinitions[id] : undefined;
        const where = { source: layer.source, path: keyPath(at, id) };
        if (!rule) throw new ConfigError(`${where.source}: ${where.path}: Definition for rule '${id}' was not found`);
        const parsed = parseRuleEntry(entry);
        if (typeof parsed === 'string') throw new ConfigError(`${where.source}: ${where.path}: ${parsed}`);
        if (parsed.options && !layer.trusted && !this.validatedEntries.has(entry as object)) {
          validateRuleOptions(rule, parsed.options, where);
          this.validatedEntries.add(entry as object);
        }
        entries.set(id, { severity: parsed.severity, options: parsed.options ?? entries.get(id)?.options ?? [] });
      }
    };
    layers.forEach((layer, i) => {
      apply(layer.data.rules, layer, 'rules');
      settings = mergeSettings(settings, layer.data.settings);
      for (const index of matched[i]) {
        const override = layer.data.overrides![index];
        apply(override.rules, layer, keyPath('overrides', index, 'rules'));
        settings = mergeSettings(settings, override.settings);
      }
    });
    const rules: ResolvedConfig['rules'] = Object.create(null) as ResolvedConfig['rules'];
    for (const [id, { severity, options }] of entries) {
      rules[id] = { severity, options: withDefaultOptions(ruleDefinitions[id], options) };
    }
    return this.opts.reportUnusedDisableDirectives
      ? { rules, settings, ruleDefinitions, reportUnusedDisableDirectives: true }
      : { rules, settings, ruleDefinitions };
  }
}

/** Settings merge deeply (objects by key); arrays and scalars are replaced. */
function mergeSettings(base: Settings, extra: Settings | undefined): Settings {
  if (!extra) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = isObject(out[key]) && isObject(value) ? mergeSettings(out[key] as Settings, value as Settings) : value;
  }
  return out as Settings;
}

/** As ESLint: a glob without a slash matches the file name in any directory. */
function globMatcher(value: string | string[] | undefined): (relPath: string) => boolean {
  const globs = value === undefined ? [] : Array.isArray(value) ? value : [value];
  // The linear matcher where it covers the syntax; picomatch (loaded only then) for extglobs and huge brace sets.
  const tests = globs.map((glob) => {
    const basename = !glob.includes('/');
    return pathGlob(glob, { basename }) ?? loadPicomatch()(glob, { dot: true, basename });
  });
  return (relPath) => tests.some((test) => test(relPath));
}

const toPosix = (p: string) => p.split(path.sep).join('/');
