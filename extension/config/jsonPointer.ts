import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

// Where a JSON pointer (`/data/columns/targets/0`, as the engine's errors name places) lies in a
// config's text, for diagnostics. Pure.

/** The value node a JSON pointer names, or its nearest existing ancestor (a missing key marks its object). */
export function nodeAt(text: string, pointer: string): Node | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  const segments = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  for (let length = segments.length; length >= 0; length--) {
    const found = findNodeAtLocation(tree, segments.slice(0, length));
    if (found) return found;
  }
  return tree;
}
