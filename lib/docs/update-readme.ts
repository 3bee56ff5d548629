// `npm run docs`: regenerates the rules part of README.md from the rules registered in rules/index.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import plugin from '../../rules/index.js';
import { writeRulesSection } from './readme-section.js';
import { renderRulesSection } from './rule-docs.js';

// Compiled to dist/lib/docs/; README.md sits at the package root.
const readmePath = fileURLToPath(new URL('../../../README.md', import.meta.url));

const before = readFileSync(readmePath, 'utf8');
const after = writeRulesSection(before, renderRulesSection(plugin, plugin.configs?.recommended ?? {}));
if (after === before) {
  console.log(`README.md is up to date (${Object.keys(plugin.rules).length} rules).`);
} else {
  writeFileSync(readmePath, after);
  console.log(`README.md updated (${Object.keys(plugin.rules).length} rules).`);
}
