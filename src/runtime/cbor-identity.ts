import type { CborItem } from "./cbor-types.js";

/**
 * An item's value as a string, encoding details left out: two items with
 * the same identity are the same CBOR data item (RFC 8949 §2), so a map
 * that has two keys with one identity has a duplicate key, however each is
 * encoded. Iterative: an item's nesting comes from its input.
 */
export function itemIdentity(item: CborItem): string {
  let out = "";
  const stack: Array<CborItem | string> = [item];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (typeof x === "string") {
      out += x;
      continue;
    }
    switch (x.type) {
      case "uint":
      case "nint":
        out += `i${x.value};`;
        break;
      case "bytes":
        out += `b${bytesHex(x.value)};`;
        break;
      case "text":
        out += `t${x.value.length}:${x.value}`;
        break;
      case "simple":
        out += `s${x.value};`;
        break;
      case "float":
        out += `f${Object.is(x.value, -0) ? "-0" : x.value};`;
        break;
      case "tag":
        out += `g${x.tag}(`;
        stack.push(")", x.item);
        break;
      case "array":
        out += `a${x.items.length}[`;
        stack.push("]");
        for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]!);
        break;
      case "map":
        out += `m${x.entries.length}{`;
        stack.push("}");
        for (let i = x.entries.length - 1; i >= 0; i--) stack.push(x.entries[i]![1], x.entries[i]![0]);
        break;
    }
  }
  return out;
}

function bytesHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  return s;
}
