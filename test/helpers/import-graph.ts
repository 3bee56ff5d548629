// The graph of the imports that run when a module loads: which source file's evaluation needs which other file.
// Read with TypeScript's own parser (no regexes over comments or strings). Counted: `import ... from './x.js'`,
// side-effect `import './x.js'` and `export ... from './x.js'`. Not counted: type-only imports and exports
// (`import type`, or every name marked `type`), which the compiler erases, and dynamic `import()`, which runs
// after every module has loaded (the way to load something lazily). Bare specifiers (packages) are left out.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The relative specifiers `source` loads when it is evaluated, in source order. */
export function runtimeImportsOf(source: string, fileName = 'module.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of file.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement) && !isTypeOnlyImport(statement.importClause)) specifier = statement.moduleSpecifier;
    if (ts.isExportDeclaration(statement) && !isTypeOnlyExport(statement)) specifier = statement.moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) specifiers.push(specifier.text);
  }
  return specifiers;
}

function isTypeOnlyImport(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(statement: ts.ExportDeclaration): boolean {
  if (statement.isTypeOnly) return true;
  const clause = statement.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** Every `.ts` source (not `.d.ts`) under `dirs`, relative to `root`, with `/` separators. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(rel);
    }
  };
  for (const dir of dirs) walk(dir);
  return found.sort();
}

/** file -> the files it loads at run time (`./x.js` resolved to the `./x.ts` it is compiled from). */
export function importGraph(root: string, files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const imports = runtimeImportsOf(readFileSync(path.join(root, file), 'utf8'), file).map((specifier) =>
      path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts'),
    );
    graph.set(file, imports);
  }
  return graph;
}

/**
 * The import cycles of `graph`, one per strongly connected component (Tarjan), each as a path that starts and
 * ends at the same file: `a.ts -> b.ts -> a.ts`. A file importing itself is a cycle too.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cyclePath(graph, new Set(component)));
}

/** One cycle through a component: from its first file (by name), the shortest way back to it inside the component. */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const next of graph.get(queue[i]!) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = queue[i]; at !== undefined && at !== start; at = cameFrom.get(at)) path.push(at);
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, queue[i]!);
        queue.push(next);
      }
    }
  }
  return [start, start];
}
