/**
 * RFC 8949 Appendix A, typed in from the RFC text: every example decodes to
 * the expected item, re-encodes to the same bytes, is skipped exactly, and
 * the typed reader/writer agree on the scalar ones.
 */
import { describe, expect, it } from "vitest";
import {
  CborReader,
  CborWriter,
  decodeItem,
  encodeItem,
  isDeterministic,
  toHex,
  type CborItem,
} from "../../src/runtime/index.js";
import {
  array,
  bytes,
  float,
  h,
  indefArray,
  map,
  nint,
  oneTo25,
  simple,
  tag,
  text,
  uint,
} from "./cbor-test-helpers.js";

const ab = text("a");
const b = text("b");

/** [hex, item, deterministic?] */
const EXAMPLES: [string, CborItem, boolean][] = [
  ["00", uint(0), true],
  ["01", uint(1), true],
  ["0a", uint(10), true],
  ["17", uint(23), true],
  ["1818", uint(24), true],
  ["1819", uint(25), true],
  ["1864", uint(100), true],
  ["1903e8", uint(1000), true],
  ["1a000f4240", uint(1000000), true],
  ["1b000000e8d4a51000", uint(1000000000000), true],
  ["1bffffffffffffffff", uint(18446744073709551615n), true],
  ["c249010000000000000000", tag(2, bytes("010000000000000000")), true],
  ["3bffffffffffffffff", nint(-18446744073709551616n), true],
  ["c349010000000000000000", tag(3, bytes("010000000000000000")), true],
  ["20", nint(-1), true],
  ["29", nint(-10), true],
  ["3863", nint(-100), true],
  ["3903e7", nint(-1000), true],
  ["f90000", float(0), true],
  ["f98000", float(-0), true],
  ["f93c00", float(1), true],
  ["fb3ff199999999999a", float(1.1), true],
  ["f93e00", float(1.5), true],
  ["f97bff", float(65504), true],
  ["fa47c35000", float(100000), true],
  ["fa7f7fffff", float(3.4028234663852886e38), true],
  ["fb7e37e43c8800759c", float(1.0e300), true],
  ["f90001", float(5.960464477539063e-8), true],
  ["f90400", float(0.00006103515625), true],
  ["f9c400", float(-4), true],
  ["fbc010666666666666", float(-4.1), true],
  ["f97c00", float(Infinity), true],
  ["f97e00", float(NaN), true],
  ["f9fc00", float(-Infinity), true],
  ["fa7f800000", float(Infinity, 4), false],
  ["fa7fc00000", float(NaN, 4), false],
  ["faff800000", float(-Infinity, 4), false],
  ["fb7ff0000000000000", float(Infinity, 8), false],
  ["fb7ff8000000000000", float(NaN, 8), false],
  ["fbfff0000000000000", float(-Infinity, 8), false],
  ["f4", simple(20), true],
  ["f5", simple(21), true],
  ["f6", simple(22), true],
  ["f7", simple(23), true],
  ["f0", simple(16), true],
  ["f8ff", simple(255), true],
  ["c074323031332d30332d32315432303a30343a30305a", tag(0, text("2013-03-21T20:04:00Z")), true],
  ["c11a514b67b0", tag(1, uint(1363896240)), true],
  ["c1fb41d452d9ec200000", tag(1, float(1363896240.5)), true],
  ["d74401020304", tag(23, bytes("01020304")), true],
  ["d818456449455446", tag(24, bytes("6449455446")), true],
  ["d82076687474703a2f2f7777772e6578616d706c652e636f6d", tag(32, text("http://www.example.com")), true],
  ["40", bytes(""), true],
  ["4401020304", bytes("01020304"), true],
  ["60", text(""), true],
  ["6161", text("a"), true],
  ["6449455446", text("IETF"), true],
  ["62225c", text('"\\'), true],
  ["62c3bc", text("\u00fc"), true],
  ["63e6b0b4", text("\u6c34"), true],
  ["64f0908591", text("\ud800\udd51"), true],
  ["80", array(), true],
  ["83010203", array(uint(1), uint(2), uint(3)), true],
  ["8301820203820405", array(uint(1), array(uint(2), uint(3)), array(uint(4), uint(5))), true],
  ["98190102030405060708090a0b0c0d0e0f101112131415161718181819", array(...oneTo25()), true],
  ["a0", map(), true],
  ["a201020304", map([uint(1), uint(2)], [uint(3), uint(4)]), true],
  ["a26161016162820203", map([ab, uint(1)], [b, array(uint(2), uint(3))]), true],
  ["826161a161626163", array(ab, map([b, text("c")])), true],
  [
    "a56161614161626142616361436164614461656145",
    map([ab, text("A")], [b, text("B")], [text("c"), text("C")], [text("d"), text("D")], [text("e"), text("E")]),
    true,
  ],
  [
    "5f42010243030405ff",
    { type: "bytes", value: h("0102030405"), chunks: [{ value: h("0102") }, { value: h("030405") }] },
    false,
  ],
  ["7f657374726561646d696e67ff", { type: "text", value: "streaming", chunks: [{ value: "strea" }, { value: "ming" }] }, false],
  ["9fff", indefArray(), false],
  ["9f018202039f0405ffff", indefArray(uint(1), array(uint(2), uint(3)), indefArray(uint(4), uint(5))), false],
  ["9f01820203820405ff", indefArray(uint(1), array(uint(2), uint(3)), array(uint(4), uint(5))), false],
  ["83018202039f0405ff", array(uint(1), array(uint(2), uint(3)), indefArray(uint(4), uint(5))), false],
  ["83019f0203ff820405", array(uint(1), indefArray(uint(2), uint(3)), array(uint(4), uint(5))), false],
  ["9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", indefArray(...oneTo25()), false],
  [
    "bf61610161629f0203ffff",
    { type: "map", entries: [[ab, uint(1)], [b, indefArray(uint(2), uint(3))]], indefinite: true },
    false,
  ],
  ["826161bf61626163ff", array(ab, { type: "map", entries: [[b, text("c")]], indefinite: true }), false],
  [
    "bf6346756ef563416d7421ff",
    { type: "map", entries: [[text("Fun"), simple(21)], [text("Amt"), nint(-2)]], indefinite: true },
    false,
  ],
];

describe("RFC 8949 Appendix A with the generic data model", () => {
  it.each(EXAMPLES)("%s decodes to the expected item and re-encodes identically", (hex, item) => {
    expect(decodeItem(h(hex))).toStrictEqual(item);
    expect(toHex(encodeItem(item))).toBe(hex);
  });

  it.each(EXAMPLES)("%s is skipped exactly and itemEnd agrees", (hex) => {
    const r = new CborReader(h(hex));
    expect(r.itemEnd()).toBe(hex.length / 2);
    expect(r.pos).toBe(0);
    r.skip();
    r.finish();
  });

  it.each(EXAMPLES)("%s: isDeterministic", (hex, _item, deterministic) => {
    expect(isDeterministic(h(hex)).ok).toBe(deterministic);
    if (deterministic) expect(decodeItem(h(hex), { deterministic: true })).toEqual(decodeItem(h(hex)));
  });

  it("keeps -0 and +0 apart", () => {
    const z = decodeItem(h("f98000"));
    expect(z.type === "float" && Object.is(z.value, -0)).toBe(true);
    const p = decodeItem(h("f90000"));
    expect(p.type === "float" && Object.is(p.value, 0)).toBe(true);
  });
});

describe("RFC 8949 Appendix A with the typed reader", () => {
  const INTS: [string, number][] = [
    ["00", 0],
    ["17", 23],
    ["1818", 24],
    ["1903e8", 1000],
    ["1a000f4240", 1000000],
    ["1b000000e8d4a51000", 1000000000000],
    ["20", -1],
    ["29", -10],
    ["3863", -100],
    ["3903e7", -1000],
  ];
  it.each(INTS)("int() of %s is %d", (hex, n) => {
    const r = new CborReader(h(hex));
    expect(r.int()).toBe(n);
    r.finish();
    expect(new CborReader(h(hex)).int64()).toBe(BigInt(n));
    expect(new CborReader(h(hex)).number()).toBe(n);
  });

  it("reads the 64-bit extremes as bigint", () => {
    expect(new CborReader(h("1bffffffffffffffff")).uint64()).toBe(18446744073709551615n);
    expect(new CborReader(h("3bffffffffffffffff")).int64()).toBe(-18446744073709551616n);
  });

  const FLOATS: [string, number][] = [
    ["f90000", 0],
    ["f98000", -0],
    ["f93c00", 1],
    ["fb3ff199999999999a", 1.1],
    ["f93e00", 1.5],
    ["f97bff", 65504],
    ["fa47c35000", 100000],
    ["fa7f7fffff", 3.4028234663852886e38],
    ["fb7e37e43c8800759c", 1.0e300],
    ["f90001", 5.960464477539063e-8],
    ["f90400", 0.00006103515625],
    ["f9c400", -4],
    ["fbc010666666666666", -4.1],
    ["f97c00", Infinity],
    ["f97e00", NaN],
    ["f9fc00", -Infinity],
    ["fa7f800000", Infinity],
    ["fa7fc00000", NaN],
    ["faff800000", -Infinity],
    ["fb7ff0000000000000", Infinity],
    ["fb7ff8000000000000", NaN],
    ["fbfff0000000000000", -Infinity],
  ];
  it.each(FLOATS)("float() of %s is %d", (hex, x) => {
    const r = new CborReader(h(hex));
    expect(Object.is(r.float(), x)).toBe(true);
    r.finish();
  });

  it("reads strings, simple values, tags and containers", () => {
    expect(new CborReader(h("6449455446")).text()).toBe("IETF");
    expect(new CborReader(h("64f0908591")).text()).toBe("\u{10151}");
    expect(new CborReader(h("7f657374726561646d696e67ff")).text()).toBe("streaming");
    expect(toHex(new CborReader(h("4401020304")).bytes())).toBe("01020304");
    expect(toHex(new CborReader(h("5f42010243030405ff")).bytes())).toBe("0102030405");
    expect(new CborReader(h("f4")).bool()).toBe(false);
    expect(new CborReader(h("f5")).bool()).toBe(true);
    expect(() => new CborReader(h("f6")).null()).not.toThrow();
    expect(() => new CborReader(h("f7")).undefined()).not.toThrow();

    const t = new CborReader(h("c11a514b67b0"));
    expect(t.tag()).toBe(1n);
    expect(t.uint()).toBe(1363896240);
    t.finish();

    // {"a": 1, "b": [2, 3]} the way a generated decoder walks it.
    const m = new CborReader(h("a26161016162820203"));
    expect(m.mapHead()).toBe(2);
    expect(m.text()).toBe("a");
    expect(m.uint()).toBe(1);
    expect(m.text()).toBe("b");
    expect(m.arrayHead()).toBe(2);
    expect([m.uint(), m.uint()]).toEqual([2, 3]);
    m.finish();

    // [_ 1, [2, 3], [_ 4, 5]]
    const a = new CborReader(h("9f018202039f0405ffff"));
    expect(a.arrayHead()).toBe(-1);
    expect(a.uint()).toBe(1);
    expect(a.arrayHead()).toBe(2);
    a.skip();
    a.skip();
    expect(a.arrayHead()).toBe(-1);
    const inner: number[] = [];
    while (!a.isBreak()) inner.push(a.uint());
    a.consumeBreak();
    expect(inner).toEqual([4, 5]);
    expect(a.isBreak()).toBe(true);
    a.consumeBreak();
    a.finish();
  });
});

describe("RFC 8949 Appendix A with the typed writer", () => {
  const CASES: [string, number, (w: CborWriter) => void][] = [
    ["00", 1, (w) => w.uint(0)],
    ["17", 1, (w) => w.uint(23)],
    ["1818", 2, (w) => w.uint(24)],
    ["1819", 2, (w) => w.uint(25)],
    ["1864", 2, (w) => w.uint(100)],
    ["1903e8", 3, (w) => w.uint(1000)],
    ["1a000f4240", 5, (w) => w.uint(1000000)],
    ["1b000000e8d4a51000", 9, (w) => w.uint(1000000000000)],
    ["1bffffffffffffffff", 9, (w) => w.uint(18446744073709551615n)],
    ["3bffffffffffffffff", 9, (w) => w.nint(-18446744073709551616n)],
    ["3bffffffffffffffff", 9, (w) => w.int(-18446744073709551616n)],
    ["20", 1, (w) => w.int(-1)],
    ["29", 1, (w) => w.nint(-10)],
    ["3863", 2, (w) => w.int(-100)],
    ["3903e7", 3, (w) => w.int(-1000)],
    ["f90000", 3, (w) => w.float(0)],
    ["f98000", 3, (w) => w.float(-0)],
    ["f93c00", 3, (w) => w.float(1)],
    ["fb3ff199999999999a", 9, (w) => w.float(1.1)],
    ["f93e00", 3, (w) => w.float(1.5)],
    ["f97bff", 3, (w) => w.float(65504)],
    ["fa47c35000", 5, (w) => w.float(100000)],
    ["fa7f7fffff", 5, (w) => w.float(3.4028234663852886e38)],
    ["fb7e37e43c8800759c", 9, (w) => w.float(1.0e300)],
    ["f90001", 3, (w) => w.float(5.960464477539063e-8)],
    ["f90400", 3, (w) => w.float(0.00006103515625)],
    ["f9c400", 3, (w) => w.float(-4)],
    ["fbc010666666666666", 9, (w) => w.float(-4.1)],
    ["f97c00", 3, (w) => w.float(Infinity)],
    ["f97e00", 3, (w) => w.float(NaN)],
    ["f9fc00", 3, (w) => w.float(-Infinity)],
    ["fa7f800000", 5, (w) => w.float32(Infinity)],
    ["fa7fc00000", 5, (w) => w.float32(NaN)],
    ["faff800000", 5, (w) => w.float32(-Infinity)],
    ["fb7ff0000000000000", 9, (w) => w.float64(Infinity)],
    ["fb7ff8000000000000", 9, (w) => w.float64(NaN)],
    ["fbfff0000000000000", 9, (w) => w.float64(-Infinity)],
    ["f4", 1, (w) => w.bool(false)],
    ["f5", 1, (w) => w.bool(true)],
    ["f6", 1, (w) => w.null()],
    ["f7", 1, (w) => w.undefined()],
    ["f0", 1, (w) => w.simple(16)],
    ["f8ff", 2, (w) => w.simple(255)],
    ["c11a514b67b0", 6, (w) => (w.tag(1), w.uint(1363896240))],
    ["c1fb41d452d9ec200000", 10, (w) => (w.tag(1), w.float(1363896240.5))],
    ["d74401020304", 6, (w) => (w.tag(23), w.bytes(h("01020304")))],
    ["d818456449455446", 8, (w) => (w.tag(24n), w.bytes(h("6449455446")))],
    ["c249010000000000000000", 11, (w) => (w.tag(2), w.bytes(h("010000000000000000")))],
    ["40", 1, (w) => w.bytes(new Uint8Array(0))],
    ["60", 1, (w) => w.text("", 0)],
    ["6449455446", 5, (w) => w.text("IETF", 4)],
    ["62c3bc", 3, (w) => w.text("\u00fc", 2)],
    ["63e6b0b4", 4, (w) => w.text("\u6c34", 3)],
    ["64f0908591", 5, (w) => w.text("\ud800\udd51", 4)],
    ["8301820203820405", 8, (w) => (w.arrayHead(3), w.uint(1), w.arrayHead(2), w.uint(2), w.uint(3), w.arrayHead(2), w.uint(4), w.uint(5))],
    ["a26161016162820203", 9, (w) => (w.mapHead(2), w.text("a", 1), w.uint(1), w.text("b", 1), w.arrayHead(2), w.uint(2), w.uint(3))],
    ["9f01820203820405ff", 9, (w) => (w.indefinite(4), w.uint(1), w.raw(h("820203820405")), w.breakCode())],
  ];
  it.each(CASES)("writes %s", (hex, size, write) => {
    const w = CborWriter.alloc(size);
    write(w);
    expect(w.pos).toBe(size);
    expect(toHex(w.buf)).toBe(hex);
  });

  it("writes the 25-element array head with a 1-byte count", () => {
    const w = CborWriter.alloc(29);
    w.arrayHead(25);
    for (let i = 1; i <= 25; i++) w.uint(i);
    expect(toHex(w.buf)).toBe("98190102030405060708090a0b0c0d0e0f101112131415161718181819");
  });
});
