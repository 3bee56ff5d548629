// User plugins: npm packages named in `plugins` (or `extends: "plugin:<name>/<config>"`), resolved from the
// directory of the configuration file that names them, as ESLint does.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from '../types.js';
import { ConfigError } from './errors.js';
import { importModule } from './import-module.js';

const PREFIX = 'nblint-plugin';

/** The rule-id prefix of a plugin: 'nblint-plugin-acme' → 'acme', '@corp/nblint-plugin-x' → '@corp/x', '@corp/nblint-plugin' → '@corp'. */
export function pluginId(packageName: string): string {
  const scoped = /^(@[^/]+)\/(.+)$/.exec(packageName);
  if (scoped) {
    const [, scope, rest] = scoped;
    if (rest === PREFIX) return scope;
    return `${scope}/${rest.startsWith(`${PREFIX}-`) ? rest.slice(PREFIX.length + 1) : rest}`;
  }
  return packageName.startsWith(`${PREFIX}-`) ? packageName.slice(PREFIX.length + 1) : packageName;
}

/** Package names to try for a name as written: 'acme' may mean 'nblint-plugin-acme' (ESLint's shorthand). */
function candidates(name: string): string[] {
  if (name.includes(PREFIX)) return [name];
  const scoped = /^(@[^/]+)(?:\/(.+))?$/.exec(name);
  if (scoped) return scoped[2] ? [`${scoped[1]}/${PREFIX}-${scoped[2]}`, name] : [`${scoped[1]}/${PREFIX}`];
  return [`${PREFIX}-${name}`, name];
}

export interface LoadedPlugin {
  id: string;
  packageName: string;
  resolvedPath: string;
  plugin: Plugin;
}

export async function loadPlugin(name: string, fromDir: string, where: string): Promise<LoadedPlugin> {
  const require = createRequire(path.join(fromDir, '__nblint_config__.js'));
  let resolvedPath: string | undefined;
  let packageName = name;
  for (const candidate of candidates(name)) {
    try {
      resolvedPath = require.resolve(candidate);
      packageName = candidate;
      break;
    } catch {
      // try the next spelling
    }
  }
  if (!resolvedPath) {
    throw new ConfigError(`${where}: failed to load plugin '${name}': cannot find package '${candidates(name)[0]}' from ${fromDir}`);
  }
  let module: { default?: unknown };
  try {
    module = (await importModule(pathToFileURL(resolvedPath).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(`${where}: failed to load plugin '${name}' (${resolvedPath}): ${(error as Error).message}`);
  }
  const plugin = (module.default ?? module) as Plugin;
  if (typeof plugin !== 'object' || plugin === null || typeof plugin.rules !== 'object' || plugin.rules === null) {
    throw new ConfigError(`${where}: plugin '${name}' (${resolvedPath}) does not export an object with 'rules'`);
  }
  return { id: pluginId(packageName), packageName, resolvedPath, plugin };
}
