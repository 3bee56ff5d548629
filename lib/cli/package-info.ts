// The package's own name and version, read once from package.json (dist/lib/cli/ → the package root).
import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from '../package-root.js';

const pkg = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { name: string; version: string };

export const TOOL_NAME: string = pkg.name;
export const TOOL_VERSION: string = pkg.version;
