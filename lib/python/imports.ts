// Import statements and the azureml classes they name.
import type { SyntaxNode } from '@lezer/common';
import type { V1Class } from '../types.js';

/** One name an import statement binds: `local` is bound to the module or object `qname`. */
export interface ImportedName {
  local: string;
  /** The VariableName node that binds `local` (the alias when there is one). */
  node: SyntaxNode;
  qname: string;
}

export interface ImportInfo {
  /** The `from X import` module ('' for `import X`); relative modules keep their leading dots. */
  fromModule: string;
  /** Every module the statement touches (the `from` module, or each `import` target). */
  modules: string[];
  names: ImportedName[];
  /** `from X import *`. */
  star: boolean;
}

/** Reads an ImportStatement (children are flat: keywords, VariableName, '.', ',', 'as', '*', parens). */
export function readImport(node: SyntaxNode, text: string): ImportInfo {
  const parts: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) parts.push(c);
  const info: ImportInfo = { fromModule: '', modules: [], names: [], star: false };
  let i = 1;
  // A dotted name (relative dots included) starting at parts[i].
  const readDotted = (): { name: string; first: SyntaxNode; last: SyntaxNode } | null => {
    let name = '';
    let first: SyntaxNode | null = null;
    let last: SyntaxNode | null = null;
    for (; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.name === 'VariableName') {
        name += text.slice(part.from, part.to);
        first ??= part;
        last = part;
      } else if (part.name === '.') name += '.';
      else if (part.name === 'Ellipsis') name += '...';
      else break;
    }
    return first && last ? { name, first, last } : name ? { name, first: parts[i - 1]!, last: parts[i - 1]! } : null;
  };
  const isFrom = parts[0]?.name === 'from';
  if (isFrom) {
    info.fromModule = readDotted()?.name ?? '';
    info.modules.push(info.fromModule);
    i++; // 'import'
  }
  for (; i < parts.length; i++) {
    const kind = parts[i]!.name;
    if (kind === '*') info.star = true;
    if (kind !== 'VariableName') continue;
    const dotted = readDotted();
    if (!dotted) continue;
    let alias: SyntaxNode | null = null;
    if (parts[i]?.name === 'as' && parts[i + 1]?.name === 'VariableName') {
      alias = parts[i + 1]!;
      i += 1;
    }
    const aliasName = alias ? text.slice(alias.from, alias.to) : null;
    if (isFrom) {
      const qname = info.fromModule ? `${info.fromModule}.${dotted.name}` : dotted.name;
      info.names.push({ local: aliasName ?? dotted.name, node: alias ?? dotted.last, qname });
    } else {
      info.modules.push(dotted.name);
      // `import a.b.c` binds `a` to the top package; `import a.b as c` binds `c` to `a.b`.
      const top = dotted.name.split('.')[0]!;
      info.names.push(
        alias ? { local: aliasName!, node: alias, qname: dotted.name } : { local: top, node: dotted.first, qname: top },
      );
    }
  }
  return info;
}

/** Known azureml.core classes, by the module paths that export them. */
const CORE_CLASSES: Record<string, V1Class> = {
  Workspace: 'Workspace',
  Experiment: 'Experiment',
  Run: 'Run',
  ScriptRunConfig: 'ScriptRunConfig',
  Environment: 'Environment',
};

/**
 * The v1 class a qualified name denotes: `azureml.core.Run` and `azureml.core.run.Run` are Run;
 * any other capitalised name under `azureml.` is 'Other'; modules and non-azureml names are null.
 */
export function classifyQname(qname: string): V1Class | null {
  if (!qname.startsWith('azureml.')) return null;
  const dot = qname.lastIndexOf('.');
  const last = qname.slice(dot + 1);
  if (!/^[A-Z]/.test(last)) return null;
  const module = qname.slice(0, dot);
  const known = CORE_CLASSES[last];
  if (known && (module === 'azureml.core' || /^azureml\.core\.[a-z_]+$/.test(module))) return known;
  return 'Other';
}

/** Names a `from <module> import *` brings in that the model cares about. */
export function starImportedQname(module: string, name: string): string | null {
  if (module !== 'azureml.core' || !Object.hasOwn(CORE_CLASSES, name)) return null;
  return `${module}.${name}`;
}

export function isAzuremlModule(module: string): boolean {
  return module === 'azureml' || module.startsWith('azureml.');
}

export function isMlflowModule(module: string): boolean {
  return module === 'mlflow' || module.startsWith('mlflow.');
}
