import { describe, expect, it } from "vitest";
import { fromHex, toHex, TplReader, TplWriter, utf8Length } from "../../src/runtime/index.js";

function written(size: number, f: (w: TplWriter) => void): string {
  const w = TplWriter.alloc(size);
  f(w);
  expect(w.pos).toBe(size);
  return toHex(w.buf);
}

describe("TplWriter", () => {
  it("alloc gives a zeroed buffer at pos 0", () => {
    const w = TplWriter.alloc(3);
    expect(w.pos).toBe(0);
    expect(Array.from(w.buf)).toEqual([0, 0, 0]);
  });

  it("writes every width big-endian", () => {
    expect(written(1, (w) => w.u8(0xab))).toBe("ab");
    expect(written(2, (w) => w.u16(0x0102))).toBe("0102");
    expect(written(2, (w) => w.u16(0xffff))).toBe("ffff");
    expect(written(3, (w) => w.u24(0x010203))).toBe("010203");
    expect(written(3, (w) => w.u24(0xffffff))).toBe("ffffff");
    expect(written(4, (w) => w.u32(0x01020304))).toBe("01020304");
    expect(written(4, (w) => w.u32(0xffffffff))).toBe("ffffffff");
    expect(written(4, (w) => w.u32(0x80000000))).toBe("80000000");
  });

  it("writes uint64 from bigint", () => {
    expect(written(8, (w) => w.u64(2n ** 64n - 1n))).toBe("ffffffffffffffff");
    expect(written(8, (w) => w.u64(0n))).toBe("0000000000000000");
    expect(written(8, (w) => w.u64(1n))).toBe("0000000000000001");
    expect(written(8, (w) => w.u64(0x0102030405060708n))).toBe("0102030405060708");
    expect(written(8, (w) => w.u64(2n ** 63n))).toBe("8000000000000000");
  });

  it("writes fixed-width length prefixes with uint()", () => {
    expect(written(1, (w) => w.uint(0x12, 1))).toBe("12");
    expect(written(2, (w) => w.uint(0x1234, 2))).toBe("1234");
    expect(written(3, (w) => w.uint(0x123456, 3))).toBe("123456");
    expect(written(3, (w) => w.uint(5, 3))).toBe("000005");
    expect(written(4, (w) => w.uint(0x12345678, 4))).toBe("12345678");
    expect(written(4, (w) => w.uint(0xfedcba98, 4))).toBe("fedcba98");
  });

  it("appends sequentially from a starting position", () => {
    const buf = new Uint8Array(6).fill(0xee);
    const w = new TplWriter(buf, 1);
    w.u8(1);
    w.u16(0x0203);
    expect(w.pos).toBe(4);
    expect(toHex(buf)).toBe("ee010203eeee");
  });

  it("copies bytes of short and long lengths", () => {
    for (const n of [0, 1, 12, 13, 64, 1000]) {
      const src = new Uint8Array(n).map((_, i) => (i * 7 + 3) & 0xff);
      const w = TplWriter.alloc(n + 2);
      w.u8(0xaa);
      w.bytes(src);
      w.u8(0xbb);
      expect(w.pos).toBe(n + 2);
      expect(Array.from(w.buf.subarray(1, n + 1))).toEqual(Array.from(src));
      expect(w.buf[n + 1]).toBe(0xbb);
    }
  });

  it("writes UTF-8 text of short and long strings", () => {
    for (const s of ["", "a", "hé", "日本", "😀", "a\ud800b", "\udc00", "x".repeat(24) + "é", "日本語😀".repeat(20), "a\ud83dé".repeat(30)]) {
      const len = utf8Length(s);
      const w = TplWriter.alloc(len + 1);
      w.utf8(s, len);
      w.u8(0x7e);
      expect(w.pos).toBe(len + 1);
      expect(toHex(w.buf.subarray(0, len))).toBe(toHex(new TextEncoder().encode(s)));
      expect(w.buf[len]).toBe(0x7e);
    }
  });

  it("writes into a Node Buffer's memory", () => {
    const b = Buffer.alloc(2);
    const w = new TplWriter(b);
    w.u16(0xbeef);
    expect(b.toString("hex")).toBe("beef");
  });

  it("round-trips through the reader", () => {
    const w = TplWriter.alloc(1 + 2 + 3 + 4 + 8 + 4 + 2);
    w.u8(200);
    w.u16(65535);
    w.u24(70000);
    w.u32(4000000000);
    w.u64(123456789012345678n);
    w.varint(16384);
    w.varint(64);
    const r = new TplReader(w.buf);
    expect([r.u8(), r.u16(), r.u24(), r.u32()]).toEqual([200, 65535, 70000, 4000000000]);
    expect(r.u64()).toBe(123456789012345678n);
    expect([r.varint(), r.varint()]).toEqual([16384, 64]);
    r.finish();
  });

  it("matches a hand-built struct encoding", () => {
    // struct { uint16 a; opaque b<V>; optional<uint8> c; }
    const b = fromHex("cafe");
    const w = TplWriter.alloc(2 + 1 + 2 + 2);
    w.u16(7);
    w.varint(b.length);
    w.bytes(b);
    w.u8(1);
    w.u8(9);
    expect(toHex(w.buf)).toBe("000702cafe0109");
  });
});
