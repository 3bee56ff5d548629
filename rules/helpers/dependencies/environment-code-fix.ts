// How missing packages are added to a job environment declared in Python code (missing-azureml-mlflow-dependency):
// appended to the `pip_packages=[...]` list in the list's own layout and quotes, or a `pip_packages=[...]` keyword
// added to `CondaDependencies.create(...)` / the Estimator, or `<deps>.add_pip_package("...")` lines after the
// last statement that builds the dependencies. Minimal insertions only: nothing existing is rewritten.
import type { SyntaxNode } from '@lezer/common';
import type { CodeDependencies } from '../../../lib/project/python-jobs.js';
import { listItems } from '../../../lib/project/python-jobs.js';
import type { TextEdit, Unit } from '../../../lib/types.js';
import { eolOf, lineStart, ownLineIndent, textOf } from '../source/text.js';

export function environmentCodeEdits(deps: CodeDependencies, packages: readonly string[]): TextEdit[] | null {
  if (deps.list) return listAppend(deps.list.unit, deps.list.node, packages);
  if (deps.call) return keywordAdd(deps.call.unit, deps.call.node, packages);
  const last = deps.statements.at(-1);
  if (!last) return null;
  const { unit, node } = last.site;
  const indent = ownLineIndent(unit, node);
  if (indent === null) return null;
  const eol = eolOf(unit);
  const lines = packages.map((name) => `${eol}${indent}${last.receiver}.add_pip_package(${quoted(name, quoteIn(unit, node))})`).join('');
  return [{ range: [node.to, node.to], text: lines, unit }];
}

/** Where the problem is shown: the list, the call, or the last statement that builds the dependencies. */
export function environmentCodeSite(deps: CodeDependencies): { unit: Unit; node: SyntaxNode } | null {
  return deps.list ?? deps.call ?? deps.statements.at(-1)?.site ?? null;
}

function listAppend(unit: Unit, list: SyntaxNode, packages: readonly string[]): TextEdit[] {
  const items = listItems(list);
  const quote = quoteIn(unit, list);
  const last = items.at(-1);
  if (!last) return [{ range: [list.from + 1, list.from + 1], text: packages.map((p) => quoted(p, quote)).join(', '), unit }];
  const closing = list.lastChild!.from;
  const between = unit.text.slice(last.to, closing);
  const comma = between.indexOf(',');
  const multiline = unit.text.slice(list.from, last.from).includes('\n');
  const indent = multiline ? /^[ \t]*/.exec(unit.text.slice(lineStart(unit.text, last.from)))![0] : '';
  const eol = eolOf(unit);
  const lead = multiline ? `${eol}${indent}` : ' ';
  if (comma >= 0 && !between.slice(0, comma).includes('#')) {
    // A trailing comma stays trailing: `[a, b,]` → `[a, b, c,]`.
    const at = last.to + comma + 1;
    return [{ range: [at, at], text: packages.map((p) => `${lead}${quoted(p, quote)},`).join(''), unit }];
  }
  return [{ range: [last.to, last.to], text: packages.map((p) => `,${lead}${quoted(p, quote)}`).join(''), unit }];
}

function keywordAdd(unit: Unit, call: SyntaxNode, packages: readonly string[]): TextEdit[] | null {
  const argList = call.lastChild;
  if (argList?.name !== 'ArgList') return null;
  const list = `pip_packages=[${packages.map((p) => quoted(p, quoteIn(unit, call))).join(', ')}]`;
  let lastArg: SyntaxNode | null = null;
  for (let c = argList.lastChild?.prevSibling ?? null; c && c.name !== '('; c = c.prevSibling) {
    if (c.name !== ',' && c.name !== 'Comment') {
      lastArg = c;
      break;
    }
  }
  if (!lastArg) return [{ range: [argList.from + 1, argList.from + 1], text: list, unit }];
  const multiline = unit.text.slice(argList.from, lastArg.from).includes('\n');
  const indent = multiline ? /^[ \t]*/.exec(unit.text.slice(lineStart(unit.text, lastArg.from)))![0] : '';
  const lead = multiline ? `${eolOf(unit)}${indent}` : ' ';
  const between = unit.text.slice(lastArg.to, argList.to - 1);
  const comma = between.indexOf(',');
  if (comma >= 0 && !between.slice(0, comma).includes('#')) {
    const at = lastArg.to + comma + 1;
    return [{ range: [at, at], text: `${lead}${list},`, unit }];
  }
  return [{ range: [lastArg.to, lastArg.to], text: `,${lead}${list}`, unit }];
}

/** The quote the surrounding code uses for its strings ('"' when it has none). */
function quoteIn(unit: Unit, node: SyntaxNode): string {
  const first = /(?<![\w])[rbuRBU]?(['"])/.exec(textOf(unit, node));
  return first?.[1] ?? '"';
}

const quoted = (name: string, quote: string): string => `${quote}${name}${quote}`;
