// Key paths as users read them in error messages: `rules.no-run-log[1].unknownType`.

export function keyPath(base: string, ...parts: (string | number)[]): string {
  let out = base;
  for (const part of parts) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/** Appends an ajv instancePath ('/0/unknownType'), shifting array indexes by `indexShift` at the top level. */
export function appendInstancePath(base: string, instancePath: string, indexShift = 0): string {
  if (!instancePath) return base;
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  return keyPath(
    base,
    ...parts.map((p, i) => (/^\d+$/.test(p) ? Number(p) + (i === 0 ? indexShift : 0) : p)),
  );
}
