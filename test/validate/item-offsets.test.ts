import { describe, expect, it } from "vitest";
import { decodeItem, type CborItem } from "../../src/runtime/index.js";
import { itemOffsets } from "../../src/validate/index.js";
import { hex } from "./helpers.js";

/** Every item's offset, in document order. */
function offsets(h: string): number[] {
  const bytes = hex(h);
  const item = decodeItem(bytes);
  const map = itemOffsets(bytes, item);
  const out: number[] = [];
  const walk = (x: CborItem): void => {
    out.push(map.get(x)!);
    if (x.type === "array") x.items.forEach(walk);
    if (x.type === "map") x.entries.forEach(([k, v]) => (walk(k), walk(v)));
    if (x.type === "tag") walk(x.item);
  };
  walk(item);
  return out;
}

describe("itemOffsets", () => {
  it("walks heads of every width", () => {
    // [1, 24, 256, 65536, 4294967296]
    expect(offsets("85 01 1818 190100 1a00010000 1b0000000100000000")).toEqual([0, 1, 2, 4, 7, 12]);
  });
  it("walks strings, maps, tags and simple values", () => {
    // {"a": h'0102', 1: 32("u")} then [true, 1.5]
    expect(offsets("82 a2 6161 420102 01 d8206175 82 f5 f93e00")).toEqual([0, 1, 2, 4, 7, 8, 10, 12, 13, 14]);
  });
  it("walks indefinite lengths and chunks", () => {
    // [_ (_ 'a', 'b'), {_ "k": 1}]
    expect(offsets("9f 5f41614162ff bf616b01ff ff")).toEqual([0, 1, 7, 8, 10]);
  });
});
