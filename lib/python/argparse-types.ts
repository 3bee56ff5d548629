// The types of an argparse Namespace's fields, read from the parser's `add_argument(...)` calls (type=, default=,
// action=, nargs=, choices=, required=) and `set_defaults(...)`: `args.lr` is a number with `type=float, default=0.1`,
// a bool with `action="store_true"`, and unknown with no default (argparse gives None when the option is absent).
import type { SyntaxNode } from '@lezer/common';
import type { Unit } from '../types.js';
import { callParts, stringLiteralValue, type Arg } from './nodes.js';
import type { Resolver } from './resolve.js';
import type { BindingImpl } from './scope.js';
import { listOf, MAY_BE_NONE, union, unknown, type Shape } from './value-shape.js';

/** What the type guesser answers for argparse. */
export interface Guess {
  typeOf(unit: Unit, node: SyntaxNode): Shape;
  /** The builtin a name denotes (`float`), null when the program binds that name. */
  builtinName(unit: Unit, node: SyntaxNode): string | null;
  /** What the program's own function a name denotes returns; null when it is not one. */
  returnTypeOf(unit: Unit, node: SyntaxNode): Shape | null;
}

const PARSE_METHODS = new Set(['parse_args', 'parse_known_args', 'parse_intermixed_args', 'parse_known_intermixed_args']);
const GROUP_METHODS = new Set(['add_argument_group', 'add_mutually_exclusive_group']);

/**
 * The type `parser.parse_args()` returns when `parser` is bound to `argparse.ArgumentParser(...)`; null when the
 * call is something else. `parse_known_args()` gives `(namespace, extras)`.
 */
export function parseArgsType(resolver: Resolver, guess: Guess, unit: Unit, call: SyntaxNode): Shape | null {
  const parts = callParts(call, unit.text);
  if (!parts.method || !PARSE_METHODS.has(parts.method) || parts.receiver?.name !== 'VariableName') return null;
  const parser = resolver.readOf(unit, parts.receiver);
  if (!parser || !isArgumentParser(resolver, parser)) return null;
  const namespace: Shape = { kind: 'namespace', fields: namespaceFields(resolver, guess, parser) };
  return parts.method.includes('known') ? { kind: 'tuple', items: [namespace, listOf('string')] } : namespace;
}

function isArgumentParser(resolver: Resolver, binding: BindingImpl): boolean {
  const source = binding.source;
  if (source.kind !== 'assign' || !source.ref || !('expr' in source.ref) || source.ref.iterate || source.ref.path.length) return false;
  const expr = source.ref.expr;
  return expr.name === 'CallExpression' && resolver.qnameOf(source.ref.unit, expr.firstChild!) === 'argparse.ArgumentParser';
}

/** Every argument declared on the parser or on its groups, by `dest`. */
function namespaceFields(resolver: Resolver, guess: Guess, parser: BindingImpl): Map<string, Shape> {
  const fields = new Map<string, Shape>();
  const defaults: [string, Shape][] = [];
  const visit = (binding: BindingImpl): void => {
    for (const ref of binding.references) {
      const member = ref.node.parent;
      const call = member?.parent;
      if (member?.name !== 'MemberExpression' || member.firstChild?.from !== ref.node.from || call?.name !== 'CallExpression') continue;
      const parts = callParts(call, ref.unit.text);
      if (parts.method === 'add_argument') {
        const declared = declaredArgument(guess, ref.unit, call, parts.args);
        if (declared) fields.set(declared.dest, union(fields.get(declared.dest) ?? null, declared.type)!);
      } else if (parts.method === 'set_defaults') {
        for (const arg of parts.args) if (arg.name) defaults.push([arg.name, guess.typeOf(ref.unit, arg.value)]);
      } else if (parts.method && GROUP_METHODS.has(parts.method)) {
        const group = groupBinding(resolver, ref.unit, call);
        if (group) visit(group);
      }
    }
  };
  visit(parser);
  for (const [dest, type] of defaults) fields.set(dest, union(fields.get(dest) ?? null, type)!);
  return fields;
}

/** `group = parser.add_argument_group(...)`: the binding of `group`. */
function groupBinding(resolver: Resolver, unit: Unit, call: SyntaxNode): BindingImpl | null {
  const statement = call.parent;
  if (statement?.name !== 'AssignStatement' || statement.lastChild?.from !== call.from) return null;
  const target = statement.firstChild;
  return target?.name === 'VariableName' ? resolver.bindingOf(unit, target) : null;
}

/** One `add_argument(...)`: its dest and the type of the value argparse stores there. */
function declaredArgument(guess: Guess, unit: Unit, call: SyntaxNode, args: Arg[]): { dest: string; type: Shape } | null {
  const keyword = (name: string): Arg | undefined => args.find((arg) => arg.name === name);
  if (args.some((arg) => arg.star)) return null;
  const flags = args.filter((arg) => arg.name === null).map((arg) => stringLiteralValue(unit, arg.value));
  if (!flags.length || flags.some((flag) => flag === null)) return null;
  const names = flags as string[];
  const optional = names[0]!.startsWith('-');
  const destArg = keyword('dest');
  const dest = destArg ? stringLiteralValue(unit, destArg.value) : destOf(names);
  if (dest === null) return null;
  const shown = names.join('/');
  const typed = (type: Shape, note: string | null = null): { dest: string; type: Shape } => ({
    dest,
    // "None when not given" says more than the union's "it may be None".
    type: typeof type === 'object' && type.kind === 'unknown' ? unknown(type.note === MAY_BE_NONE ? note : (type.note ?? note), { unit, node: call }) : type,
  });

  const actionArg = keyword('action');
  const action = actionArg ? stringLiteralValue(unit, actionArg.value) : 'store';
  const defaultArg = keyword('default');
  const defaultType = defaultArg ? guess.typeOf(unit, defaultArg.value) : 'none';
  const noDefault = `${shown} has no default=, so it is None when not given`;
  switch (action) {
    case 'store_true':
    case 'store_false':
      return typed(defaultArg ? union('bool', defaultType)! : 'bool');
    case 'count':
      return typed(union('number', defaultType)!, noDefault);
    case 'store_const': {
      const constArg = keyword('const');
      return typed(union(constArg ? guess.typeOf(unit, constArg.value) : 'none', defaultType)!, noDefault);
    }
    case 'store':
      break;
    default:
      return typed(unknown(`${shown} uses action=${action ?? '...'}`));
  }

  const converted = convertedType(guess, unit, keyword('type'), keyword('choices'));
  const nargs = keyword('nargs');
  if (nargs && nargs.value.name !== 'None') {
    const one = stringLiteralValue(unit, nargs.value) === '?';
    if (!one) return typed(union(listOf(converted), defaultArg ? defaultType : listOf(converted))!, noDefault);
    const constArg = keyword('const');
    const absent = union(constArg ? guess.typeOf(unit, constArg.value) : 'none', defaultType);
    return typed(union(converted, absent)!, noDefault);
  }
  const requiredArg = keyword('required');
  const required = !optional || (requiredArg?.value.name === 'Boolean' && unit.text.slice(requiredArg.value.from, requiredArg.value.to) === 'True');
  if (required) return typed(converted);
  // argparse runs a string default through type=, and keeps any other default as it is.
  const stringDefault = defaultArg?.value.name === 'String' && keyword('type') !== undefined;
  return typed(union(converted, stringDefault ? converted : defaultType)!, noDefault);
}

/** What `type=` makes of a command-line string; without one, a str. Unknown converters fall back on `choices=`. */
function convertedType(guess: Guess, unit: Unit, typeArg: Arg | undefined, choices: Arg | undefined): Shape {
  if (!typeArg) return 'string';
  const builtin = guess.builtinName(unit, typeArg.value);
  if (builtin === 'int' || builtin === 'float') return 'number';
  if (builtin === 'str') return 'string';
  if (builtin === 'bool') return 'bool';
  // A converter of the program's own (`type=str2bool`): what the function returns.
  const returned = guess.returnTypeOf(unit, typeArg.value);
  if (returned && isKnown(returned)) return returned;
  const fromChoices = choices && (choices.value.name === 'ArrayExpression' || choices.value.name === 'TupleExpression')
    ? guess.typeOf(unit, choices.value)
    : null;
  if (fromChoices && typeof fromChoices === 'object' && fromChoices.kind === 'list' && fromChoices.of && isKnown(fromChoices.of)) {
    return fromChoices.of;
  }
  return unknown(`type=${unit.text.slice(typeArg.value.from, typeArg.value.to)} is not a type known before the code runs`);
}

const isKnown = (shape: Shape): boolean => shape === 'number' || shape === 'bool' || shape === 'string';

/** argparse's dest: the first long option without its dashes (`--learning-rate` → `learning_rate`), else the first. */
function destOf(names: string[]): string | null {
  const long = names.find((name) => name.startsWith('--'));
  const chosen = long ?? names[0]!;
  const stripped = chosen.replace(/^-+/, '');
  if (!stripped) return null;
  return chosen.startsWith('-') ? stripped.replace(/-/g, '_') : stripped;
}
