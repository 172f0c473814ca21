/** Where the bytes of a generic CBOR item (CDDL `any`) go: heads, string contents, scalars, tags. */
import { encodeItem, utf8Length, type CborItem } from "../runtime/index.js";
import type { Bytes, Category } from "./breakdown.js";

/** The categories of the bytes of one generic CBOR item. */
export function itemBytes(item: CborItem): Bytes {
  const out: Record<Category, number> = { content: 0, scalar: 0, length: 0, struct: 0, presence: 0, key: 0, tag: 0, selector: 0 };
  const visit = (it: CborItem): number => {
    const total = encodeItem(it).length;
    switch (it.type) {
      case "uint":
      case "nint":
      case "float":
      case "simple":
        out.scalar += total;
        break;
      case "bytes":
      case "text": {
        const n = it.type === "bytes" ? it.value.length : utf8Length(it.value);
        out.content += n;
        out.length += total - n;
        break;
      }
      case "array":
      case "map": {
        const children = it.type === "array" ? it.items.reduce((a, x) => a + visit(x), 0) : it.entries.reduce((a, [k, x]) => a + visit(k) + visit(x), 0);
        out.length += total - children;
        break;
      }
      case "tag":
        out.tag += total - visit(it.item);
        break;
    }
    return total;
  };
  visit(item);
  const pruned: Bytes = {};
  for (const [k, n] of Object.entries(out) as Array<[Category, number]>) if (n > 0) pruned[k] = n;
  return pruned;
}
