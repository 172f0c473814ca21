import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MimiContent } from "../../generated/mimi-content-03/index.js";
import { CborWriter, SizeCache, sortedMapEntries, utf8Length } from "../../src/runtime/index.js";

/** A text key's deterministic encoding (RFC 8949 §4.2.1 sorts by these bytes). */
function encodedText(k: string): Uint8Array {
  const n = utf8Length(k);
  const w = CborWriter.alloc(n + 9);
  w.text(k, n);
  return w.buf.subarray(0, w.pos);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

describe("map entries in deterministic order (sorted once per encode)", () => {
  it("text keys sort as their encodings do: by UTF-8 length, then by code point", () => {
    // U+FFFD (3 bytes, EF BF BD) sorts before U+1F600 (4 bytes) though its UTF-16 unit is above the surrogates
    const keys = ["zz", "a", "\ufffd", "😀", "é", "b", "aaaaaaaaaaaaaaaaaaaaaaaa", "ab"];
    const got = sortedMapEntries(new Map(keys.map((k) => [k, 0]))).map((e) => e[0]);
    expect(got).toEqual(["a", "b", "ab", "zz", "é", "\ufffd", "😀", "aaaaaaaaaaaaaaaaaaaaaaaa"]);
  });

  it("agrees with sorting by the encoded bytes for any well-formed text keys", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: "grapheme", maxLength: 30 }), { maxLength: 12 }), (keys) => {
        const got = sortedMapEntries(new Map(keys.map((k) => [k, 0]))).map((e) => e[0]);
        const want = [...keys].sort((a, b) => compareBytes(encodedText(a), encodedText(b)));
        expect(got).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it("an empty map gives an empty array, a one-entry map its entry", () => {
    expect(sortedMapEntries(new Map())).toEqual([]);
    expect(sortedMapEntries(new Map([[1, "x"]]))).toEqual([[1, "x"]]);
  });

  it("the write pass writes the entries in the order the size pass measured", () => {
    const value = {
      replaces: null,
      topicId: new Uint8Array(0),
      expires: 0,
      inReplyTo: null,
      lastSeen: [],
      extensions: new Map([
        ["zzz", Uint8Array.of(1)],
        ["é", Uint8Array.of(2, 2)],
        ["a", Uint8Array.of(3, 3, 3)],
      ]),
      body: { disposition: "render", language: "", partIndex: 0, cardinality: "null" },
    } as MimiContent;
    const bytes = MimiContent.cbor.encode(value);
    // a1.. keys in order a, é, zzz: 61 61 43 03 03 03, 62 c3 a9 42 02 02, 63 7a 7a 7a 41 01
    const hex = Buffer.from(bytes).toString("hex");
    expect(hex).toContain("a3" + "6161" + "43030303" + "62c3a9" + "420202" + "637a7a7a" + "4101");
    expect(MimiContent.cbor.decode(bytes, { deterministic: true })).toEqual(value);
  });

  it("reset drops the entries a size pass kept, so no value outlives its encode in the cache", () => {
    const s = new SizeCache();
    const entries = [["k", new Uint8Array(4)]];
    s.e[s.en++] = entries;
    expect(s.e[s.ei++]).toBe(entries);
    s.reset();
    expect([s.en, s.ei, s.e[0]]).toEqual([0, 0, null]);
  });
});
