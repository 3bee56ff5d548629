// The measured run: what `nblint-mlflow <corpus>` does, in process — discovery, load, programs, model,
// every recommended rule, and the stylish text (built, not printed).
import { lintFiles } from '../lib/lint-files.js';
import { getFormatter } from '../lib/formatters/index.js';
import { reportPhase } from './phase.js';

const dir = process.argv[2];
const start = performance.now();
const { results, rulesMeta } = await lintFiles([dir], { cwd: process.cwd(), useConfigLookup: false });
const text = getFormatter('stylish')(results, { cwd: process.cwd(), rulesMeta, color: false, toolVersion: 'bench' });
const ms = performance.now() - start;
const problems = results.reduce((n, r) => n + r.messages.length, 0);
if (text.length === 0 && problems > 0) throw new Error('stylish printed nothing');
reportPhase({ ms, files: results.length, codeChars: 0, extra: problems });
