// One cursor pass over a unit's tree that calls every rule's listeners (ESLint-style: listeners are
// grouped by node name once, then each node costs one array lookup by node type id). A call listener keyed
// `CallExpression[name=a|b]` (callsNamed) is only called for calls whose callee ends in one of those names, or is a
// plain name that may stand for one of them (an import or alias, as the model knows): the name is read from the
// cursor, so the other calls cost no node object and no rule's time.
import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';

export type Listener = (node: SyntaxNode) => void;

/**
 * The listener key of a rule that only matches calls `f(...)` / `x.f(...)` with `f` among `names`, or `g(...)` where
 * `g` is an import or alias of one of them (`from m import f as g`, `g = x.f`).
 */
export function callsNamed(names: Iterable<string>): string {
  return `CallExpression[name=${[...names].join('|')}]`;
}

/** Where listeners report a crash and learn that a rule crashed before (its listeners then do nothing). */
export interface CrashLog {
  has(ruleId: string): boolean;
  record(ruleId: string, error: unknown): void;
}

interface Entry {
  ruleId: string;
  /** The rule's position among the enabled rules: listeners of one node run in rule order. */
  order: number;
  fn: Listener;
}

const NAMED_KEY = /^CallExpression\[name=([\w|]+)\]$/;
/** Names of a callsNamed key, null for any other key: parsed once per run, not per program. */
const keyNames = new Map<string, string[] | null>();
function namesOfKey(key: string): string[] | null {
  let names = keyNames.get(key);
  if (names === undefined) {
    const named = NAMED_KEY.exec(key);
    keyNames.set(key, (names = named ? [...new Set(named[1]!.split('|'))].filter(Boolean) : null));
  }
  return names;
}
const typeId = (name: string): number => parser.nodeSet.types.find((t) => t.name === name)!.id;
const CALL = typeId('CallExpression');
const VARIABLE_NAME = typeId('VariableName');
const MEMBER_EXPRESSION = typeId('MemberExpression');
const PROPERTY_NAME = typeId('PropertyName');
const PARENTHESIZED = typeId('ParenthesizedExpression');

export class ListenerMap {
  private readonly byName = new Map<string, Entry[]>();
  /** Filtered call listeners by callee name. */
  private readonly callsByName = new Map<string, Entry[]>();
  private enterById: (Entry[] | null)[] = [];
  private exitById: (Entry[] | null)[] = [];
  /**
   * Every listener of a call by its callee name (filtered and unfiltered ones in rule order; null: the unfiltered
   * ones alone), for `x.name(...)` and for plain `name(...)` (aliases included: per program, as aliases are).
   */
  private readonly memberCalls = new Map<string, Entry[] | null>();
  private readonly plainCalls = new Map<string, Entry[] | null>();
  private text = '';
  /** Whether some rule listens to a node's exit (none of the built-in rules does: then leaving a node costs nothing). */
  private listensToExits = false;

  /**
   * `aliasesOf`: the names a plain name may stand for through imports and aliases (AliasNames in python/); null
   * when that is not known, and then every call listener runs for every plain-name call.
   */
  constructor(
    private readonly crashes: CrashLog,
    private readonly aliasesOf: (name: string) => readonly string[] | null = () => [],
  ) {}

  add(key: string, ruleId: string, order: number, fn: Listener): void {
    const entry = { ruleId, order, fn };
    const names = namesOfKey(key);
    if (key.endsWith(':exit') && key !== 'Unit:exit' && key !== 'Program:exit') this.listensToExits = true;
    if (!names) return push(this.byName, key, entry);
    for (const name of names) push(this.callsByName, name, entry);
  }

  /** Listeners of a pseudo-node ('Program', 'Unit:exit', ...). */
  call(key: string, node: SyntaxNode): void {
    const list = this.byName.get(key);
    if (list) this.run(list, node);
  }

  walk(tree: Tree, text: string): void {
    this.text = text;
    const exits = this.listensToExits;
    const cursor = tree.cursor();
    for (;;) {
      this.visit(this.enterById, cursor, '');
      if (cursor.firstChild()) continue;
      for (;;) {
        if (exits) this.visit(this.exitById, cursor, ':exit');
        if (cursor.nextSibling()) break;
        if (!cursor.parent()) return;
      }
    }
  }

  private visit(cache: (Entry[] | null)[], cursor: TreeCursor, suffix: '' | ':exit'): void {
    const id = cursor.type.id;
    let list = cache[id];
    if (list === undefined) list = cache[id] = this.byName.get(cursor.type.name + suffix) ?? null;
    if (id === CALL && suffix === '' && this.callsByName.size > 0) list = this.callListeners(cursor) ?? list;
    if (list) this.run(list, cursor.node);
  }

  /** The listeners of the call at the cursor when some filtered one matches it; else null (the unfiltered ones). */
  private callListeners(cursor: TreeCursor): Entry[] | null {
    const callee = calleeName(cursor, this.text);
    if (callee === null) return null;
    const { name, plain } = callee;
    const cache = plain ? this.plainCalls : this.memberCalls;
    let list = cache.get(name);
    if (list !== undefined) return list;
    let names: readonly string[] = [name];
    if (plain) {
      const aliases = this.aliasesOf(name);
      names = aliases === null ? [...this.callsByName.keys()] : [name, ...aliases];
    }
    const filtered = names.flatMap((name) => this.callsByName.get(name) ?? []);
    const unfiltered = this.byName.get('CallExpression') ?? [];
    list = filtered.length === 0 ? null : [...new Set([...filtered, ...unfiltered])].sort((a, b) => a.order - b.order);
    cache.set(name, list);
    return list;
  }

  private run(list: Entry[], node: SyntaxNode): void {
    for (const { ruleId, fn } of list) {
      if (this.crashes.has(ruleId)) continue;
      try {
        fn(node);
      } catch (error) {
        this.crashes.record(ruleId, error);
      }
    }
  }
}

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/**
 * `f` of the call at the cursor `f(...)` (plain) or `x.f(...)`, through parentheses (`(f)(...)`); else null. The
 * cursor is back on the call after.
 */
function calleeName(cursor: TreeCursor, text: string): { name: string; plain: boolean } | null {
  if (!cursor.firstChild()) return null;
  let depth = 1;
  // `(` is the first child of a ParenthesizedExpression, the expression the next one (as qnameOf reads it).
  while (cursor.type.id === PARENTHESIZED && cursor.firstChild()) {
    depth++;
    if (!cursor.nextSibling()) break;
  }
  let callee: { name: string; plain: boolean } | null = null;
  if (cursor.type.id === VARIABLE_NAME) callee = { name: text.slice(cursor.from, cursor.to), plain: true };
  else if (cursor.type.id === MEMBER_EXPRESSION && cursor.lastChild()) {
    if (cursor.type.id === PROPERTY_NAME) callee = { name: text.slice(cursor.from, cursor.to), plain: false };
    cursor.parent();
  }
  for (; depth > 0; depth--) cursor.parent();
  return callee;
}
