// One cursor pass over a unit's tree that calls every rule's listeners (ESLint-style: listeners are
// grouped by node name once, then each node costs one array lookup by node type id).
import type { SyntaxNode, Tree } from '@lezer/common';

export type Listener = (node: SyntaxNode) => void;

export class ListenerMap {
  private readonly byName = new Map<string, Listener[]>();
  private enterById: (Listener[] | null)[] = [];
  private exitById: (Listener[] | null)[] = [];

  add(key: string, listener: Listener): void {
    const list = this.byName.get(key);
    if (list) list.push(listener);
    else this.byName.set(key, [listener]);
  }

  /** Listeners of a pseudo-node ('Program', 'Unit:exit', ...). */
  call(key: string, node: SyntaxNode): void {
    const list = this.byName.get(key);
    if (list) for (const fn of list) fn(node);
  }

  walk(tree: Tree): void {
    const cursor = tree.cursor();
    for (;;) {
      this.visit(this.enterById, cursor.type.id, cursor.type.name, '', cursor);
      if (cursor.firstChild()) continue;
      for (;;) {
        this.visit(this.exitById, cursor.type.id, cursor.type.name, ':exit', cursor);
        if (cursor.nextSibling()) break;
        if (!cursor.parent()) return;
      }
    }
  }

  private visit(
    cache: (Listener[] | null)[],
    id: number,
    name: string,
    suffix: string,
    cursor: { node: SyntaxNode },
  ): void {
    let list = cache[id];
    if (list === undefined) list = cache[id] = this.byName.get(name + suffix) ?? null;
    if (list) {
      const node = cursor.node;
      for (const fn of list) fn(node);
    }
  }
}
