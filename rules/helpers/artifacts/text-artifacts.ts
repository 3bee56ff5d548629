// Every statement of a program that writes a given text artifact file: v1 `run.log(name, "text")` calls (once
// migrated, `name.txt`) and MLflow `log_text(text, "file")` calls with a literal file. v1 kept every value logged
// under a name; a file keeps the last one written, so two writers of one file lose a value once migrated.
import type { SyntaxNode } from '@lezer/common';
import type { Program, RuleContext, Unit } from '../../../lib/types.js';
import { callParts, stringLiteralValue } from '../../../lib/python/nodes.js';
import { artifactFileSource } from './artifact-file.js';
import { logsString, runLogCallOf } from '../run-calls/run-log-call.js';

export interface Writer {
  unit: Unit;
  call: SyntaxNode;
}

const cache = new WeakMap<Program, Map<string, Map<string, Writer[]>>>();

/** The writers of each literal file name (`"stage.txt"`, quotes included), in program order. */
export function textArtifactWriters(context: RuleContext, template: string): Map<string, Writer[]> {
  let byTemplate = cache.get(context.program);
  if (!byTemplate) cache.set(context.program, (byTemplate = new Map()));
  let writers = byTemplate.get(template);
  if (writers) return writers;
  writers = new Map();
  for (const unit of context.program.units) {
    if (!unit.tree) continue;
    // The v1 matcher reads the unit from the context: ask it as if walking that unit.
    const inUnit = Object.create(context, { unit: { value: unit } }) as RuleContext;
    unit.tree.iterate({
      enter: (ref) => {
        if (ref.name !== 'CallExpression') return;
        const file = writtenFile(inUnit, ref.node, template);
        if (file === null) return;
        let list = writers!.get(file);
        if (!list) writers!.set(file, (list = []));
        list.push({ unit, call: ref.node });
      },
    });
  }
  byTemplate.set(template, writers);
  return writers;
}

/** The literal text file a call writes, as Python source (`"stage.txt"`), or null. */
function writtenFile(context: RuleContext, call: SyntaxNode, template: string): string | null {
  const unit = context.unit;
  const log = runLogCallOf(context, call);
  if (log) {
    const name = log.args.name?.value;
    if (!logsString(log) || !name || stringLiteralValue(unit, name) === null) return null;
    return artifactFileSource(unit, name, template);
  }
  if (!context.model.usesMlflow) return null;
  const parts = callParts(call, unit.text);
  if (context.model.qualifiedNameOf?.(unit, parts.callee) !== 'mlflow.log_text') return null;
  const fileArg = parts.args.find((arg) => arg.name === 'artifact_file') ?? parts.args.filter((arg) => arg.name === null)[1];
  const file = fileArg && !fileArg.star ? stringLiteralValue(unit, fileArg.value) : null;
  return file === null ? null : JSON.stringify(file);
}
