// Python package names as pip and conda write them: PEP 503 normalisation, the name at the start of a requirement,
// and which distributions are Azure ML SDK v1.

/** PEP 503 normalisation: case-insensitive, runs of `-`, `_`, `.` are one `-`. */
export function normalizePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a requirement (`Foo_Bar[x]>=1; python_version<"3"` → `foo-bar`). */
export function requirementName(spec: string): string | null {
  let text = spec.trim().replace(/^["']|["']$/g, '');
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text);
  if (egg) return normalizePackageName(egg[1]);
  if (/^(?:[a-z+]+:\/\/|\.{0,2}\/|~)/i.test(text) || /\.(?:whl|tar\.gz|zip)$/i.test(text)) return null; // a path or URL
  text = text.replace(/^[\w.-]+::/, ''); // conda channel prefix: conda-forge::pkg
  const match = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/.exec(text);
  return match ? normalizePackageName(match[0]) : null;
}

/** SDK v1 distributions (PEP 503 names). `azureml-mlflow` (MLflow's Azure ML plugin) and `azure-ai-ml` (SDK v2) are not. */
const V1_PACKAGES = new Set([
  'azureml-core',
  'azureml-sdk',
  'azureml-defaults',
  'azureml-widgets',
  'azureml-dataset-runtime',
  'azureml-telemetry',
  'azureml-train-core',
  'azureml-pipeline',
]);
const V1_PACKAGE_FAMILIES = /^azureml-(?:pipeline|contrib)-/;

/** True for an Azure ML SDK v1 distribution (a normalised name, see normalizePackageName). */
export function isV1Package(name: string): boolean {
  return V1_PACKAGES.has(name) || V1_PACKAGE_FAMILIES.test(name);
}

/** `--index-url=x` → ['--index-url', 'x']; `-rreq.txt` → ['-r', 'req.txt']; `-U` → ['-U', undefined]. */
export function splitOption(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  if (word.startsWith('--')) return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
  if (word.length > 2 && (word[1] === 'r' || word[1] === 'c' || word[1] === 'e')) return [word.slice(0, 2), word.slice(2)];
  return [word, undefined];
}
