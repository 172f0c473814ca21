/** The generic data model: encoding details survive a round trip, encodeItem validates, depth is bounded. */
import { describe, expect, it } from "vitest";
import { CborReader, decodeItem, decodeSequence, encodeItem, toHex, type CborItem } from "../../src/runtime/index.js";
import { array, codecError, expectFail, float, h, map, nint, simple, tag, text, uint } from "./cbor-test-helpers.js";

/** [hex, item]: non-preferred encodings and the item that records how they were written. */
const WIDTHS: [string, CborItem][] = [
  ["1817", uint(23, 1)],
  ["190017", uint(23, 2)],
  ["1a00000017", uint(23, 4)],
  ["1b0000000000000017", uint(23, 8)],
  ["1b00000000ffffffff", uint(0xffffffff, 8)],
  ["190100", uint(256)],
  ["3800", nint(-1, 1)],
  ["3a000003e7", nint(-1000, 4)],
  ["58016a", { type: "bytes", value: h("6a"), width: 1 }],
  ["7900016a", { type: "text", value: "j", width: 2 }],
  ["98020102", { type: "array", items: [uint(1), uint(2)], width: 1 }],
  ["b9000100f6", { type: "map", entries: [[uint(0), simple(22)]], width: 2 }],
  ["d80100", { type: "tag", tag: 1n, item: uint(0), width: 1 }],
  ["da0000d9f780", { type: "tag", tag: 55799n, item: array(), width: 4 }],
  ["fb3ff8000000000000", float(1.5, 8)],
  ["fa3fc00000", float(1.5, 4)],
  ["fb3ff199999999999a", float(1.1)],
  ["fa7f7fffff", float(3.4028234663852886e38)],
  ["fb47efffffe0000000", float(3.4028234663852886e38, 8)],
  ["5f5801614100ff", { type: "bytes", value: h("6100"), chunks: [{ value: h("61"), width: 1 }, { value: h("00") }] }],
  ["7f7800ff", { type: "text", value: "", chunks: [{ value: "", width: 1 }] }],
  ["5fff", { type: "bytes", value: h(""), chunks: [] }],
  ["9f1817ff", { type: "array", items: [uint(23, 1)], indefinite: true }],
  ["bf1817f4ff", { type: "map", entries: [[uint(23, 1), simple(20)]], indefinite: true }],
];

describe("encodeItem(decodeItem(b)) === b", () => {
  it.each(WIDTHS)("%s keeps its widths", (hex, item) => {
    expect(decodeItem(h(hex))).toStrictEqual(item);
    expect(toHex(encodeItem(item))).toBe(hex);
  });

  it("1817 decodes with width 1 and re-encodes to 1817", () => {
    const item = decodeItem(h("1817"));
    expect(item).toStrictEqual({ type: "uint", value: 23n, width: 1 });
    expect(toHex(encodeItem(item))).toBe("1817");
  });

  it("keepWidths: false drops the details and re-encodes in preferred form", () => {
    const cases: [string, string][] = [
      ["1817", "17"],
      ["fb3ff8000000000000", "f93e00"],
      ["9f1817ff", "8117"],
      ["5f5801614100ff", "426100"],
      ["7f657374726561646d696e67ff", "6973747265616d696e67"],
      ["bf1817f4ff", "a117f4"],
      ["d80100", "c100"],
    ];
    for (const [from, to] of cases) {
      const item = decodeItem(h(from), { keepWidths: false });
      expect(toHex(encodeItem(item))).toBe(to);
    }
    expect(decodeItem(h("9f1817ff"), { keepWidths: false })).toStrictEqual(array(uint(23)));
  });

  it("NaN keeps its width but not its payload", () => {
    expect(toHex(encodeItem(decodeItem(h("fa7fc00000"))))).toBe("fa7fc00000");
    expect(toHex(encodeItem(decodeItem(h("fb7ff8000000000000"))))).toBe("fb7ff8000000000000");
    expect(toHex(encodeItem(decodeItem(h("f97e01"))))).toBe("f97e00");
  });
});

describe("decodeItem options", () => {
  it("returns views by default and copies with copy: true", () => {
    const input = h("4401020304");
    const view = decodeItem(input);
    const copy = decodeItem(input, { copy: true });
    input[1] = 0xee;
    expect(view.type === "bytes" && view.value[0]).toBe(0xee);
    expect(copy.type === "bytes" && copy.value[0]).toBe(0x01);
  });

  it("bounds nesting (arrays, maps and tags) by maxDepth, default 64", () => {
    expect(decodeItem(h("818101"), { maxDepth: 2 })).toStrictEqual(array(array(uint(1))));
    expectFail(() => decodeItem(h("81818101"), { maxDepth: 2 }), 2, "nesting depth exceeds 2");
    expectFail(() => decodeItem(h("a101a10181 00"), { maxDepth: 2 }), 4, "nesting depth exceeds 2");
    expectFail(() => decodeItem(h("c1c1c100"), { maxDepth: 2 }), 2, "nesting depth exceeds 2");
    expectFail(() => decodeItem(h("01"), { maxDepth: -1 }), -1, "maxDepth must be a non-negative integer, got -1");
    expect(decodeItem(h("01"), { maxDepth: 0 })).toStrictEqual(uint(1));

    const deep = (n: number): Uint8Array => {
      const b = new Uint8Array(n + 1).fill(0x81);
      b[n] = 0x00;
      return b;
    };
    expect(() => decodeItem(deep(64))).not.toThrow();
    expectFail(() => decodeItem(deep(65)), 64, "nesting depth exceeds 64");
    // Hostile input: a million nested arrays fail at the bound, not with a stack overflow.
    expectFail(() => decodeItem(deep(1_000_000)), 64, "nesting depth exceeds 64");
    expectFail(() => new CborReader(deep(1_000_000)).skip(), 32, "nesting depth exceeds 32");
  });

  it("decodes a CBOR sequence (RFC 8742)", () => {
    expect(decodeSequence(h("00 6161 80 f6"))).toStrictEqual([uint(0), text("a"), array(), simple(22)]);
    expectFail(() => decodeSequence(h("00 6161 62")), 3, "text string length 2 exceeds remaining 0 bytes");
  });

  it("keeps duplicate map keys in order when asked to (tools that show or validate input)", () => {
    expect(decodeItem(h("a2 01 02 01 03"), { duplicateKeys: "keep" })).toStrictEqual(map([uint(1), uint(2)], [uint(1), uint(3)]));
  });

  it("refuses repeated map keys by default, whatever their type and however each is encoded", () => {
    const cases: Array<[string, number]> = [
      ["a2 01 02 01 03", 3], // integers
      ["a2 01 02 1801 03", 3], // the same integer, once in a non-preferred head
      ["a2 4101 00 4101 01", 4], // byte strings
      ["a2 5f4101ff 00 4101 01", 6], // a chunked byte string and the same bytes in one piece
      ["a2 820102 00 820102 01", 5], // arrays
      ["a2 a10102 00 a10102 01", 5], // maps
      ["a2 c16161 00 c16161 01", 5], // tagged items
    ];
    for (const [hex, offset] of cases) {
      let reason = "";
      let at = -2;
      try {
        decodeItem(h(hex));
      } catch (e) {
        reason = (e as { reason: string }).reason;
        at = (e as { offset: number }).offset;
      }
      expect({ hex, reason, at }).toEqual({ hex, reason: "duplicate map key", at: offset });
    }
  });

  it("map keys like __proto__ are plain entries", () => {
    const item = decodeItem(h("a1 695f5f70726f746f5f5f 01"));
    expect(item).toStrictEqual(map([text("__proto__"), uint(1)]));
  });
});

describe("encodeItem", () => {
  it("writes preferred serialization when no widths are given", () => {
    expect(toHex(encodeItem(uint(18446744073709551615n)))).toBe("1bffffffffffffffff");
    expect(toHex(encodeItem(nint(-18446744073709551616n)))).toBe("3bffffffffffffffff");
    expect(toHex(encodeItem(tag(18446744073709551615n, uint(0))))).toBe("dbffffffffffffffff00");
    expect(toHex(encodeItem(float(100000)))).toBe("fa47c35000");
    expect(toHex(encodeItem(float(NaN)))).toBe("f97e00");
    expect(toHex(encodeItem(text("\u00fc\u6c34")))).toBe("65c3bce6b0b4");
    expect(toHex(encodeItem(simple(255)))).toBe("f8ff");
    expect(toHex(encodeItem({ type: "simple", value: 16, width: 0 }))).toBe("f0");
  });

  it("honours widths given for new items", () => {
    expect(toHex(encodeItem(uint(0, 8)))).toBe("1b0000000000000000");
    expect(toHex(encodeItem({ type: "text", value: "a", width: 4 }))).toBe("7a0000000161");
    expect(toHex(encodeItem(float(1, 8)))).toBe("fb3ff0000000000000");
    expect(toHex(encodeItem(float(1, 4)))).toBe("fa3f800000");
    expect(toHex(encodeItem(float(-0, 4)))).toBe("fa80000000");
  });

  it("rejects what it cannot encode as given, with a path into the item", () => {
    const f = (item: CborItem) => codecError(() => encodeItem(item));
    let e = f(uint(300, 1));
    expect([e.reason, e.offset, e.path]).toEqual(["argument 300 does not fit in head width 1", -1, ""]);
    e = f(array(uint(1), map([text("a"), uint(24, 0)])));
    expect([e.reason, e.path]).toEqual(["argument 24 does not fit in head width 0", "items[1].entries[0][1]"]);
    e = f(tag(1, array(uint(-1))));
    expect([e.reason, e.path]).toEqual(["uint value must be a bigint in 0..2^64-1, got -1", "item.items[0]"]);
    expect(f(nint(0)).reason).toBe("-1 - nint value must be a bigint in 0..2^64-1, got -1");
    expect(f(uint(2n ** 64n)).reason).toBe("uint value must be a bigint in 0..2^64-1, got 18446744073709551616");
    expect(f(float(1.1, 2)).reason).toBe("float 1.1 is not exactly representable in 2 bytes");
    expect(f(float(1.1, 4)).reason).toBe("float 1.1 is not exactly representable in 4 bytes");
    expect(f(simple(24)).reason).toBe("invalid simple value 24 (must be 0..23 or 32..255)");
    expect(f({ type: "simple", value: 32, width: 0 }).reason).toBe("simple value 32 cannot be encoded with head width 0");
    expect(f({ type: "bytes", value: h("0102"), chunks: [{ value: h("01") }] }).reason).toBe("chunks do not add up to the value");
    expect(f({ type: "bytes", value: h("0102"), chunks: [{ value: h("01") }, { value: h("03") }] }).reason).toBe(
      "chunks do not add up to the value",
    );
    expect(f({ type: "text", value: "ab", chunks: [{ value: "b" }, { value: "a" }] }).reason).toBe("chunks do not add up to the value");
    expect(f(text("\ud800")).reason).toBe("text value contains a lone surrogate, which UTF-8 cannot encode");
    expect(f({ type: "uint", value: 1n, width: 3 as 2 }).reason).toBe("invalid head width 3 (must be 0, 1, 2, 4 or 8)");
    expect(f({ type: "nope" } as unknown as CborItem).reason).toBe('unknown CBOR item type "nope"');
  });

  it("turns runaway nesting into a CodecError, not a RangeError", () => {
    let item: CborItem = uint(0);
    for (let i = 0; i < 200_000; i++) item = array(item);
    expect(codecError(() => encodeItem(item)).reason).toBe("nesting too deep: call stack exhausted");
  });
});
