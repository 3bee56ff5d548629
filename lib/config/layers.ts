// A configuration is a list of layers, applied in order (later wins). A configuration file becomes the
// layers of what it extends followed by its own. Files and `extends` by path are read synchronously (so
// ignore patterns can be answered without waiting); plugin presets are expanded once plugins are loaded.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConfigData, Plugin } from '../types.js';
import { ConfigError } from './errors.js';
import { readJsonConfig } from './read-json.js';
import { checkConfigShape } from './shape.js';
import { isOutsideRelative } from '../path-inside.js';
import { loadToml } from './lazy.js';
import { MAX_SIDE_FILE_BYTES } from '../limits.js';
import { readRegularFileSync } from '../safe-read.js';

export interface Layer {
  /** Shown in error messages: a config file path relative to cwd, or the preset's name. */
  source: string;
  /** Directory that `overrides[].files` and `ignorePatterns` are relative to. */
  baseDir: string;
  data: ConfigData;
  /** Directory `plugins` are resolved from. */
  pluginDir: string;
  /** Presets shipped with nblint-mlflow or a plugin: their rule options are not re-validated. */
  trusted: boolean;
}

/** `extends: "plugin:<name>/<config>"`, expanded after the plugin is loaded. */
export interface PluginPresetRef {
  pluginName: string;
  configName: string;
  source: string;
  baseDir: string;
  pluginDir: string;
}

export type PendingLayer = Layer | PluginPresetRef;
export const isPresetRef = (layer: PendingLayer): layer is PluginPresetRef => 'pluginName' in layer;

export const CONFIG_FILE_NAME = '.nblintrc.json';
/** Python projects keep tool settings here, under [tool.nblint-mlflow] (used where a folder has no .nblintrc.json). */
export const PYPROJECT_FILE_NAME = 'pyproject.toml';
const PYPROJECT_TABLE = 'nblint-mlflow';

export interface Builtin {
  plugin: Plugin;
  recommended: ConfigData;
}

export class LayerReader {
  private readonly files = new Map<string, PendingLayer[]>();

  constructor(
    private readonly cwd: string,
    private readonly builtin: Builtin,
  ) {}

  /** How a path is shown in messages: relative to cwd when inside it. */
  shown(absPath: string): string {
    const rel = path.relative(this.cwd, absPath);
    return rel && !isOutsideRelative(rel) ? rel : absPath;
  }

  /** The layers of a configuration file (cached); its globs are relative to `baseDir`. */
  readFile(absPath: string, baseDir = path.dirname(absPath), seen: string[] = []): PendingLayer[] {
    const key = `${absPath}\0${baseDir}`;
    const cached = this.files.get(key);
    if (cached) return cached;
    if (seen.includes(absPath)) {
      throw new ConfigError(`${this.shown(absPath)}: circular extends: ${[...seen, absPath].map((p) => this.shown(p)).join(' → ')}`);
    }
    const source = this.shown(absPath);
    const data = checkConfigShape(readJsonConfig(absPath, source), source);
    const layers = this.expand(data, { source, baseDir, pluginDir: path.dirname(absPath), trusted: false }, [...seen, absPath]);
    this.files.set(key, layers);
    return layers;
  }

  /**
   * The layers of pyproject.toml's [tool.nblint-mlflow] table (the same keys as .nblintrc.json), or null when the
   * file has no such table. Only read when a folder has a pyproject.toml: the TOML parser is loaded then.
   */
  readPyproject(absPath: string): PendingLayer[] | null {
    const key = `${absPath}\0pyproject`;
    const cached = this.files.get(key);
    if (cached) return cached;
    const source = this.shown(absPath);
    const read = readRegularFileSync(absPath, MAX_SIDE_FILE_BYTES);
    if (!read.ok) throw new ConfigError(`${source}: cannot read the configuration file (${read.message})`);
    const text = read.bytes.toString('utf8');
    // Most pyproject.toml files configure other tools: skip parsing those.
    if (!text.includes(PYPROJECT_TABLE)) return null;
    let parsed: Record<string, unknown>;
    try {
      parsed = loadToml().parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ConfigError(`${source}: invalid TOML (${(error as Error).message.split('\n')[0]})`);
    }
    const tool = parsed.tool as Record<string, unknown> | undefined;
    if (!tool || typeof tool !== 'object' || !Object.hasOwn(tool, PYPROJECT_TABLE)) return null;
    const tableSource = `${source} [tool.${PYPROJECT_TABLE}]`;
    const data = checkConfigShape(tool[PYPROJECT_TABLE], tableSource);
    const layers = this.expand(data, { source: tableSource, baseDir: path.dirname(absPath), pluginDir: path.dirname(absPath), trusted: false }, [absPath]);
    this.files.set(key, layers);
    return layers;
  }

  /** The layers of one configuration object: what it extends, then itself. */
  expand(data: ConfigData, at: Omit<Layer, 'data'>, seen: string[] = []): PendingLayer[] {
    const out: PendingLayer[] = [];
    const list = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
    list.forEach((name, i) => {
      const where = `${at.source}: extends${Array.isArray(data.extends) ? `[${i}]` : ''}`;
      out.push(...this.extendsLayers(name, at, seen, where));
    });
    out.push({ ...at, data });
    return out;
  }

  private extendsLayers(name: string, at: Omit<Layer, 'data'>, seen: string[], where: string): PendingLayer[] {
    const builtinName = this.builtin.plugin.meta.name;
    const preset =
      /^nblint-mlflow:(.+)$/.exec(name)?.[1] ??
      (name.startsWith(`plugin:${builtinName}/`) ? name.slice(`plugin:${builtinName}/`.length) : undefined);
    if (preset !== undefined) {
      const data = preset === 'recommended' ? this.builtin.recommended : this.builtin.plugin.configs?.[preset];
      if (!data) throw new ConfigError(`${where}: nblint-mlflow has no configuration '${preset}'`);
      return this.expand(data, { ...at, source: name, trusted: true }, seen);
    }
    if (name.startsWith('plugin:')) {
      const slash = name.lastIndexOf('/');
      if (slash <= 'plugin:'.length) throw new ConfigError(`${where}: expected 'plugin:<plugin>/<config>', got '${name}'`);
      return [{ pluginName: name.slice(7, slash), configName: name.slice(slash + 1), source: name, baseDir: at.baseDir, pluginDir: at.pluginDir }];
    }
    if (name.startsWith('.') || path.isAbsolute(name)) {
      const target = path.resolve(at.pluginDir, name);
      if (!existsSync(target)) throw new ConfigError(`${where}: cannot find '${name}' (looked for ${target})`);
      // As ESLint: globs in an extended file stay relative to the file that extends it.
      return this.readFile(target, at.baseDir, seen);
    }
    throw new ConfigError(
      `${where}: cannot resolve '${name}' (expected 'nblint-mlflow:recommended', 'plugin:<plugin>/<config>' or a relative path)`,
    );
  }
}
