// import() of a module the user names (a plugin: CommonJS or an ES module), by Node's own loader. The bundled engine
// (dist/bundle/engine.cjs) is compiled with vm.Script, which has no import() of its own: there, this module is
// swapped for the import() of the bundle's ES module entry (scripts/bundle.mjs, lib/cli/code-cache.ts).
export const importModule = (specifier: string): Promise<unknown> => import(specifier);
