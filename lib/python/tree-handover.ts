// Trees the project index parsed, handed over to the lint of the same text. The index reads the controllers (the
// files that submit jobs or write scripts) on its first question, before the lint reaches them, and parses their
// submitting units: without the handover the lint parsed each of those units a second time.
import type { Tree } from '@lezer/common';

/** Up to `limit` characters of unit text, with their trees (~4 bytes of tree a character): memory stays bounded. */
export class TreeHandover {
  private readonly trees = new Map<string, Tree>();
  private chars = 0;

  constructor(private readonly limit: number) {}

  /** Keeps the tree of `text` while there is room; lezer trees are immutable, so any unit with that text may use it. */
  keep(text: string, tree: Tree): void {
    if (this.trees.has(text) || this.chars + text.length > this.limit) return;
    this.trees.set(text, tree);
    this.chars += text.length;
  }

  /** The tree kept for `text`, given once: the lint parses each unit once, and the room is freed for others. */
  take(text: string): Tree | undefined {
    const tree = this.trees.get(text);
    if (tree) {
      this.trees.delete(text);
      this.chars -= text.length;
    }
    return tree;
  }
}
