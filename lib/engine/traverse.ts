// One cursor pass over a unit's tree that calls every rule's listeners (ESLint-style: listeners are
// grouped by node name once, then each node costs one array lookup by node type id). A call listener keyed
// `CallExpression[name=a|b]` (callsNamed) is only called for calls whose callee ends in one of those names: the
// name is read from the cursor, so the other calls cost no node object and no rule's time.
import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import { parser } from '@lezer/python';

export type Listener = (node: SyntaxNode) => void;

/** The listener key of a rule that only matches calls `f(...)` / `x.f(...)` with `f` among `names`. */
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
const typeId = (name: string): number => parser.nodeSet.types.find((t) => t.name === name)!.id;
const CALL = typeId('CallExpression');
const VARIABLE_NAME = typeId('VariableName');
const MEMBER_EXPRESSION = typeId('MemberExpression');
const PROPERTY_NAME = typeId('PropertyName');

export class ListenerMap {
  private readonly byName = new Map<string, Entry[]>();
  /** Call listeners by callee name (each list holds the unfiltered call listeners too, in rule order). */
  private readonly callsByName = new Map<string, Entry[]>();
  private enterById: (Entry[] | null)[] = [];
  private exitById: (Entry[] | null)[] = [];
  private text = '';
  private merged = false;

  constructor(private readonly crashes: CrashLog) {}

  add(key: string, ruleId: string, order: number, fn: Listener): void {
    const entry = { ruleId, order, fn };
    const named = NAMED_KEY.exec(key);
    if (!named) return push(this.byName, key, entry);
    for (const name of new Set(named[1]!.split('|'))) if (name) push(this.callsByName, name, entry);
  }

  /** Listeners of a pseudo-node ('Program', 'Unit:exit', ...). */
  call(key: string, node: SyntaxNode): void {
    const list = this.byName.get(key);
    if (list) this.run(list, node);
  }

  walk(tree: Tree, text: string): void {
    this.text = text;
    if (!this.merged) this.mergeCallLists();
    const cursor = tree.cursor();
    for (;;) {
      this.visit(this.enterById, cursor, '');
      if (cursor.firstChild()) continue;
      for (;;) {
        this.visit(this.exitById, cursor, ':exit');
        if (cursor.nextSibling()) break;
        if (!cursor.parent()) return;
      }
    }
  }

  /** Adds the unfiltered call listeners to each name's list, keeping rule order. */
  private mergeCallLists(): void {
    this.merged = true;
    const all = this.byName.get('CallExpression') ?? [];
    for (const [name, list] of this.callsByName) this.callsByName.set(name, [...list, ...all].sort((a, b) => a.order - b.order));
  }

  private visit(cache: (Entry[] | null)[], cursor: TreeCursor, suffix: '' | ':exit'): void {
    const id = cursor.type.id;
    let list = cache[id];
    if (list === undefined) list = cache[id] = this.byName.get(cursor.type.name + suffix) ?? null;
    if (id === CALL && suffix === '' && this.callsByName.size > 0) {
      const name = calleeName(cursor, this.text);
      list = (name !== null && this.callsByName.get(name)) || list;
    }
    if (list) this.run(list, cursor.node);
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

/** `f` of the call at the cursor `f(...)` or `x.f(...)`, else null; the cursor is back on the call after. */
function calleeName(cursor: TreeCursor, text: string): string | null {
  if (!cursor.firstChild()) return null;
  let name: string | null = null;
  if (cursor.type.id === VARIABLE_NAME) name = text.slice(cursor.from, cursor.to);
  else if (cursor.type.id === MEMBER_EXPRESSION && cursor.lastChild()) {
    if (cursor.type.id === PROPERTY_NAME) name = text.slice(cursor.from, cursor.to);
    cursor.parent();
  }
  cursor.parent();
  return name;
}
