// Checks the shape of a configuration file (design.md "Configuration"). Written by hand rather than with
// ajv: loading and compiling ajv costs ~80 ms of start-up, and this check runs whenever a .nblintrc.json
// exists. ajv is kept for rule options (rule-options.ts), whose schemas are arbitrary.
import type { ConfigData } from '../types.js';
import { ConfigError } from './errors.js';
import { keyPath } from './key-path.js';
import { parseRuleEntry } from './severity.js';

const TOP_KEYS = ['$schema', 'root', 'extends', 'plugins', 'rules', 'ignorePatterns', 'overrides', 'settings'];
const OVERRIDE_KEYS = ['files', 'excludedFiles', 'rules', 'settings'];
const SETTINGS_LISTS = ['pythonCellMagics', 'nonPythonCellMagics'];

/** Throws a ConfigError naming `source` and the key when `data` is not a valid ConfigData. */
export function checkConfigShape(data: unknown, source: string): ConfigData {
  const fail = (path: string, problem: string): never => {
    throw new ConfigError(`${source}: ${path ? `${path}: ` : ''}${problem}`);
  };
  if (!isObject(data)) fail('', 'a configuration must be a JSON object');
  const config = data as Record<string, unknown>;
  checkKeys(config, TOP_KEYS, '', fail);
  if ('root' in config && typeof config.root !== 'boolean') fail('root', 'must be true or false');
  if ('extends' in config) checkStrings(config.extends, 'extends', true, fail);
  if ('plugins' in config) checkStrings(config.plugins, 'plugins', false, fail);
  if ('ignorePatterns' in config) checkStrings(config.ignorePatterns, 'ignorePatterns', true, fail);
  if ('rules' in config) checkRules(config.rules, 'rules', fail);
  if ('settings' in config) checkSettings(config.settings, 'settings', fail);
  if ('overrides' in config) {
    if (!Array.isArray(config.overrides)) fail('overrides', 'must be an array');
    (config.overrides as unknown[]).forEach((override, i) => {
      const path = keyPath('overrides', i);
      if (!isObject(override)) fail(path, 'must be an object');
      const o = override as Record<string, unknown>;
      checkKeys(o, OVERRIDE_KEYS, path, fail);
      if (!('files' in o)) fail(path, "must have a 'files' key");
      checkStrings(o.files, keyPath(path, 'files'), true, fail);
      if ((Array.isArray(o.files) ? o.files : [o.files]).length === 0) fail(keyPath(path, 'files'), 'must not be empty');
      if ('excludedFiles' in o) checkStrings(o.excludedFiles, keyPath(path, 'excludedFiles'), true, fail);
      if ('rules' in o) checkRules(o.rules, keyPath(path, 'rules'), fail);
      if ('settings' in o) checkSettings(o.settings, keyPath(path, 'settings'), fail);
    });
  }
  return config as ConfigData;
}

type Fail = (path: string, problem: string) => never;

function checkKeys(object: Record<string, unknown>, allowed: string[], path: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail(keyPath(path, key), `unknown key (expected one of: ${allowed.join(', ')})`);
  }
}

function checkStrings(value: unknown, path: string, orSingle: boolean, fail: Fail): void {
  if (orSingle && typeof value === 'string') return;
  if (!Array.isArray(value)) fail(path, orSingle ? 'must be a string or an array of strings' : 'must be an array of strings');
  (value as unknown[]).forEach((item, i) => {
    if (typeof item !== 'string') fail(keyPath(path, i), 'must be a string');
  });
}

function checkRules(value: unknown, path: string, fail: Fail): void {
  if (!isObject(value)) fail(path, 'must be an object of rule ids to severities');
  for (const [id, entry] of Object.entries(value as object)) {
    const parsed = parseRuleEntry(entry);
    if (typeof parsed === 'string') fail(keyPath(path, id), parsed);
  }
}

function checkSettings(value: unknown, path: string, fail: Fail): void {
  if (!isObject(value)) fail(path, 'must be an object');
  for (const key of SETTINGS_LISTS) {
    if (key in (value as object)) checkStrings((value as Record<string, unknown>)[key], keyPath(path, key), false, fail);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
