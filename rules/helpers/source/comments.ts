// A comment inside code a fix rewrites would be lost: such rewrites are only suggested, and say why.
import type { SyntaxNode } from '@lezer/common';

/**
 * Why a rewrite is only suggested when a comment sits inside the call (the fix replaces the call's text, comment
 * included), or null when there is none.
 */
export function commentReason(node: SyntaxNode): string | null {
  return containsComment(node) ? 'a comment inside the call would be lost by the rewrite (apply the suggestion, then put the comment back)' : null;
}

/** True when a comment sits inside the node: rewriting the node's text would drop it. */
export function containsComment(node: SyntaxNode): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Comment' || containsComment(child)) return true;
  }
  return false;
}
