import { describe, expect, it } from "vitest";
import { CodecError, fromHex, toHex, TplReader, TplWriter, VARINT_MAX, varintSize } from "../../src/runtime/index.js";

function encode(n: number): string {
  const w = TplWriter.alloc(varintSize(n));
  w.varint(n);
  expect(w.pos).toBe(w.buf.length);
  return toHex(w.buf);
}

function decode(hex: string): number {
  const r = new TplReader(fromHex(hex));
  const v = r.varint();
  r.finish();
  return v;
}

function decodeError(hex: string): CodecError {
  try {
    decode(hex);
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error(`expected ${hex} to be rejected`);
}

describe("varint", () => {
  const boundaries: [number, string][] = [
    [0, "00"],
    [63, "3f"],
    [64, "4040"],
    [16383, "7fff"],
    [16384, "80004000"],
    [2 ** 30 - 1, "bfffffff"],
  ];

  it.each(boundaries)("encodes %i as %s and decodes it back", (n, hex) => {
    expect(encode(n)).toBe(hex);
    expect(decode(hex)).toBe(n);
  });

  it("sizes each boundary", () => {
    expect([0, 63, 64, 16383, 16384, VARINT_MAX].map(varintSize)).toEqual([1, 1, 2, 2, 4, 4]);
    expect(VARINT_MAX).toBe(2 ** 30 - 1);
  });

  // RFC 9420 §2.1.2 examples.
  it("decodes the RFC 9420 examples", () => {
    expect(decode("9d7f3e7d")).toBe(494878333);
    expect(decode("7bbd")).toBe(15293);
    expect(decode("25")).toBe(37);
    expect(encode(494878333)).toBe("9d7f3e7d");
    expect(encode(15293)).toBe("7bbd");
    expect(encode(37)).toBe("25");
  });

  it("rejects non-minimal encodings at the varint's offset", () => {
    // 37 in two bytes: the example value with a wasted byte (not an RFC example).
    const e = decodeError("4025");
    expect(e.reason).toBe("non-minimal varint: 37 encoded in 2 bytes");
    expect(e.offset).toBe(0);
    expect(decodeError("4000").reason).toBe("non-minimal varint: 0 encoded in 2 bytes");
    expect(decodeError("80003fff").reason).toBe("non-minimal varint: 16383 encoded in 4 bytes");
    expect(decodeError("80000025").reason).toBe("non-minimal varint: 37 encoded in 4 bytes");
  });

  it("rejects prefix 0b11", () => {
    for (const hex of ["c0", "c0000000", "ff", "ffffffffffffffff"]) {
      const e = decodeError(hex);
      expect(e.reason).toBe("invalid varint prefix 0b11");
      expect(e.offset).toBe(0);
    }
  });

  it("reports the offset of the varint inside a larger input", () => {
    const r = new TplReader(fromHex("00 01 c5"));
    r.u16();
    expect(() => r.varint()).toThrow(expect.objectContaining({ offset: 2, reason: "invalid varint prefix 0b11" }));
  });

  it("rejects truncated varints", () => {
    expect(decodeError("").reason).toBe("truncated: need 1 bytes, have 0");
    expect(decodeError("40").reason).toBe("truncated: need 2 bytes, have 1");
    const e = decodeError("9d7f3e");
    expect(e.reason).toBe("truncated: need 4 bytes, have 3");
    expect(e.offset).toBe(0);
  });

  it("varintSize rejects values outside 0..2^30-1", () => {
    for (const bad of [2 ** 30, 2 ** 32, 2 ** 53, -1, 1.5, Number.NaN, Infinity]) {
      let caught: unknown;
      try {
        varintSize(bad);
      } catch (e) {
        caught = e;
      }
      expect(caught, String(bad)).toBeInstanceOf(CodecError);
      expect((caught as CodecError).offset).toBe(-1);
    }
  });

  it("round-trips every 2-byte value and a sweep of 4-byte values", () => {
    const w = TplWriter.alloc(4);
    for (let n = 0; n < 0x4000; n++) {
      w.pos = 0;
      w.varint(n);
      expect(w.pos).toBe(varintSize(n));
      const r = new TplReader(w.buf.subarray(0, w.pos));
      expect(r.varint()).toBe(n);
    }
    for (let n = 0x4000; n <= VARINT_MAX; n += 999_983) {
      w.pos = 0;
      w.varint(n);
      expect(new TplReader(w.buf).varint()).toBe(n);
    }
  });
});
