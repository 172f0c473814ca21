/**
 * Byte spans of a decoded value: where each field, element and entry lies
 * in its encoding. The sizes come from the report's IR walk (ir-walk.ts,
 * both formats, independent of the generated code); every node's framing
 * comes before its children, so offsets follow from the sizes. A CBOR
 * map-encoded record writes its fields in encoded-key order. Spans are
 * given only for bytes the codec itself would write (input = re-encoding):
 * elsewhere (a CBOR head wider than needed) sizes cannot place them.
 */
import type { WalkNode } from "../report/ir-walk.js";

export type Format = "tpl" | "cbor";

export interface SpanNode {
  readonly label: string;
  /** Labels from the root, e.g. `MimiContent.inReplyTo.replyToHash`, `parts[1]`. */
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly value: unknown;
  readonly children: readonly SpanNode[];
}

/** The spans of `tree` in `format`'s encoding `bytes`; null when they cannot be placed (see above). */
export function layoutSpans(tree: WalkNode, format: Format, bytes: Uint8Array): SpanNode | null {
  if (tree[format] !== bytes.length) return null;
  let keysAgree = true;
  const place = (n: WalkNode, start: number, path: string): SpanNode => {
    const size = n[format];
    if (format === "cbor" && n.cborKey && !sameBytes(bytes, start, n.cborKey)) keysAgree = false;
    const inner = n.children.reduce((sum, c) => sum + c[format], 0);
    let at = start + size - inner;
    const ordered = format === "cbor" && n.keyed ? byKey(n.children) : n.children;
    const placed = new Map<WalkNode, SpanNode>();
    for (const c of ordered) {
      placed.set(c, place(c, at, joinPath(path, c.label)));
      at += c[format];
    }
    return { label: n.label, path, start, end: start + size, value: n.value, children: n.children.map((c) => placed.get(c)!) };
  };
  const root = place(tree, 0, tree.label);
  return keysAgree ? root : null;
}

function joinPath(path: string, label: string): string {
  return label.startsWith("[") ? path + label : `${path}.${label}`;
}

/** RFC 8949 §4.2.1: bytewise order of the encoded keys; entries without a constant key (a rest map) after them. */
function byKey(children: readonly WalkNode[]): WalkNode[] {
  const keyed = children.filter((c) => c.cborKey);
  const rest = children.filter((c) => !c.cborKey);
  keyed.sort((a, b) => compareBytes(a.cborKey!, b.cborKey!));
  return [...keyed, ...rest];
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function sameBytes(bytes: Uint8Array, at: number, want: Uint8Array): boolean {
  for (let i = 0; i < want.length; i++) if (bytes[at + i] !== want[i]) return false;
  return true;
}

/** The deepest node whose span holds byte `offset` (the node a hovered byte belongs to). */
export function nodeAt(root: SpanNode, offset: number): SpanNode | null {
  if (offset < root.start || offset >= root.end) return null;
  for (const c of root.children) {
    const hit = nodeAt(c, offset);
    if (hit) return hit;
  }
  return root;
}

/** The node at `path` (a label path as SpanNode.path writes it), if the tree has it. */
export function findPath(root: SpanNode | null | undefined, path: string): SpanNode | null {
  if (!root) return null;
  if (root.path === path) return root;
  for (const c of root.children) {
    if (path === c.path || path.startsWith(c.path + ".") || path.startsWith(c.path + "[")) return findPath(c, path);
  }
  return null;
}
