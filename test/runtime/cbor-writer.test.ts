/** CborWriter, the size functions of the two-pass encoder, and the float conversions. */
import { describe, expect, it } from "vitest";
import {
  CborReader,
  CborWriter,
  cborHeadSize,
  cborIntSize,
  cborTextSize,
  floatSize,
  floatWidth,
  halfToNumber,
  numberToHalf,
  toHex,
  utf8Length,
} from "../../src/runtime/index.js";
import { codecError } from "./cbor-test-helpers.js";

function written(size: number, f: (w: CborWriter) => void): string {
  const w = CborWriter.alloc(size);
  f(w);
  expect(w.pos).toBe(size);
  return toHex(w.buf);
}

describe("head sizes", () => {
  it("cborHeadSize at every boundary, number and bigint", () => {
    const cases: [number, number][] = [
      [0, 1],
      [23, 1],
      [24, 2],
      [255, 2],
      [256, 3],
      [65535, 3],
      [65536, 5],
      [4294967295, 5],
      [4294967296, 9],
      [Number.MAX_SAFE_INTEGER, 9],
    ];
    for (const [n, size] of cases) {
      expect(cborHeadSize(n)).toBe(size);
      expect(cborHeadSize(BigInt(n))).toBe(size);
      // The writer agrees with the size pass.
      const w = CborWriter.alloc(9);
      w.head(0, n);
      expect(w.pos).toBe(size);
    }
    expect(cborHeadSize(18446744073709551615n)).toBe(9);
    expect(cborHeadSize(2 ** 63)).toBe(9);
  });

  it("cborHeadSize rejects what no head can hold", () => {
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 64, -1n, 2n ** 64n]) {
      const e = codecError(() => cborHeadSize(bad));
      expect(e.offset).toBe(-1);
      expect(e.reason).toMatch(/^CBOR head argument out of range/);
    }
  });

  it("cborTextSize, cborIntSize and floatSize", () => {
    expect(cborTextSize(0)).toBe(1);
    expect(cborTextSize(23)).toBe(24);
    expect(cborTextSize(24)).toBe(26);
    expect(cborTextSize(utf8Length("\u6c34"))).toBe(4);
    expect(cborIntSize(-24)).toBe(1);
    expect(cborIntSize(-25)).toBe(2);
    expect(cborIntSize(-18446744073709551616n)).toBe(9);
    expect(cborIntSize(1000)).toBe(3);
    expect([floatSize(1.5), floatSize(100000), floatSize(1.1), floatSize(NaN), floatSize(-0)]).toEqual([3, 5, 9, 3, 3]);
  });
});

describe("CborWriter", () => {
  it("writes 8-byte heads from numbers beyond 2^32 and from bigints", () => {
    expect(written(9, (w) => w.uint(2 ** 60))).toBe("1b1000000000000000");
    expect(written(9, (w) => w.uint(Number.MAX_SAFE_INTEGER))).toBe("1b001fffffffffffff");
    expect(written(9, (w) => w.nint(-Number.MAX_SAFE_INTEGER))).toBe("3b001ffffffffffffe");
    expect(written(9, (w) => w.uint(4294967296n))).toBe("1b0000000100000000");
    expect(written(5, (w) => w.uint(4294967295n))).toBe("1affffffff");
    expect(written(9, (w) => w.tag(18446744073709551615n))).toBe("dbffffffffffffffff");
    expect(written(3, (w) => w.int(-257n))).toBe("390100");
  });

  it("headWidth writes the requested width", () => {
    expect(written(2, (w) => w.headWidth(0, 23, 1))).toBe("1817");
    expect(written(3, (w) => w.headWidth(0, 23, 2))).toBe("190017");
    expect(written(5, (w) => w.headWidth(4, 1, 4))).toBe("9a00000001");
    expect(written(9, (w) => w.headWidth(6, 1, 8))).toBe("db0000000000000001");
    expect(written(9, (w) => w.headWidth(1, 18446744073709551615n, 8))).toBe("3bffffffffffffffff");
    expect(written(1, (w) => w.headWidth(2, 5n, 0))).toBe("45");
  });

  it("writes strings, simple values and indefinite containers", () => {
    const long = "x".repeat(30);
    expect(written(32, (w) => w.text(long, 30))).toBe("781e" + "78".repeat(30));
    const bytes = new Uint8Array(20).fill(7);
    expect(written(21, (w) => w.bytes(bytes))).toBe("54" + "07".repeat(20));
    const bytes30 = new Uint8Array(30).fill(7);
    expect(written(32, (w) => w.bytes(bytes30))).toBe("581e" + "07".repeat(30));
    expect(written(1, (w) => w.simple(0))).toBe("e0");
    expect(written(2, (w) => w.simple(32))).toBe("f820");
    expect(written(4, (w) => (w.indefinite(2), w.bytes(new Uint8Array([1])), w.breakCode()))).toBe("5f4101ff");
  });

  it("writes at an offset into a caller's buffer and normalises a Buffer", () => {
    const buf = Buffer.alloc(4);
    const w = new CborWriter(buf, 1);
    expect(w.buf.constructor).toBe(Uint8Array);
    w.uint(24);
    expect(toHex(buf)).toBe("00181800");
  });

  it("float16/float32 round to nearest, ties to even", () => {
    expect(written(3, (w) => w.float16(1 + 2 ** -11))).toBe("f93c00"); // tie, keep even
    expect(written(3, (w) => w.float16(1 + 3 * 2 ** -11))).toBe("f93c02"); // tie, round up to even
    expect(written(3, (w) => w.float16(1 + 2 ** -11 + 2 ** -30))).toBe("f93c01"); // above the tie
    expect(written(3, (w) => w.float16(65519))).toBe("f97bff");
    expect(written(3, (w) => w.float16(65520))).toBe("f97c00"); // rounds to Infinity
    expect(written(3, (w) => w.float16(1e10))).toBe("f97c00");
    expect(written(3, (w) => w.float16(-1e10))).toBe("f9fc00");
    expect(written(3, (w) => w.float16(2 ** -25))).toBe("f90000"); // tie to even zero
    expect(written(3, (w) => w.float16(3 * 2 ** -25))).toBe("f90002");
    expect(written(3, (w) => w.float16(-(2 ** -24)))).toBe("f98001");
    expect(written(3, (w) => w.float16(2 ** -14 - 2 ** -26))).toBe("f90400"); // subnormal rounds up to the smallest normal
    expect(written(3, (w) => w.float16(-1e-30))).toBe("f98000");
    expect(written(5, (w) => w.float32(1.1))).toBe("fa3f8ccccd");
  });
});

describe("float conversions", () => {
  it("every binary16 pattern survives number and back", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const x = halfToNumber(bits);
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (isNaN) {
        expect(x).toBeNaN();
        continue;
      }
      if (numberToHalf(x) !== bits) throw new Error(`half ${bits.toString(16)} -> ${x} -> ${numberToHalf(x).toString(16)}`);
      expect(floatWidth(x)).toBe(2);
    }
  });

  it("preferred width picks the shortest exact one", () => {
    expect(floatWidth(0.1)).toBe(8);
    expect(floatWidth(Math.fround(0.1))).toBe(4);
    expect(floatWidth(2 ** -24)).toBe(2);
    expect(floatWidth(2 ** -25)).toBe(4);
    expect(floatWidth(65504)).toBe(2);
    expect(floatWidth(65505)).toBe(4);
    expect(floatWidth(2 ** 128)).toBe(8);
  });

  it("the preferred float written is read back exactly", () => {
    const values = [0, -0, 1.5, 0.1, 1e-300, -1e300, 2 ** -149, 3.4028234663852886e38, Math.PI, Math.fround(Math.E), NaN, -Infinity];
    for (const x of values) {
      const w = CborWriter.alloc(floatSize(x));
      w.float(x);
      expect(w.pos).toBe(floatSize(x));
      const back = new CborReader(w.buf, { deterministic: true }).float();
      expect(Object.is(back, x)).toBe(true);
    }
  });
});
