/** RFC 8949 §4.2.1 core deterministic encoding: what deterministic mode rejects, and where. */
import { describe, expect, it } from "vitest";
import { CborReader, decodeItem, isDeterministic } from "../../src/runtime/index.js";
import { expectFail, float, h } from "./cbor-test-helpers.js";

/** [hex, offset, reason]: well-formed, but not core deterministic. */
const NOT_DETERMINISTIC: [string, number, string][] = [
  ["1817", 0, "non-shortest head: argument 23 uses a 1-byte encoding"],
  ["190017", 0, "non-shortest head: argument 23 uses a 2-byte encoding"],
  ["1900ff", 0, "non-shortest head: argument 255 uses a 2-byte encoding"],
  ["1a0000ffff", 0, "non-shortest head: argument 65535 uses a 4-byte encoding"],
  ["1b00000000ffffffff", 0, "non-shortest head: argument 4294967295 uses a 8-byte encoding"],
  ["3800", 0, "non-shortest head: argument 0 uses a 1-byte encoding"],
  ["580161", 0, "non-shortest head: argument 1 uses a 1-byte encoding"],
  ["780161", 0, "non-shortest head: argument 1 uses a 1-byte encoding"],
  ["980100", 0, "non-shortest head: argument 1 uses a 1-byte encoding"],
  ["b8010000", 0, "non-shortest head: argument 1 uses a 1-byte encoding"],
  ["d80100", 0, "non-shortest head: argument 1 uses a 1-byte encoding"],
  ["821817 00", 1, "non-shortest head: argument 23 uses a 1-byte encoding"],
  // Indefinite lengths
  ["9fff", 0, "indefinite-length array not allowed in deterministic mode"],
  ["bfff", 0, "indefinite-length map not allowed in deterministic mode"],
  ["5f4101ff", 0, "indefinite-length byte string not allowed in deterministic mode"],
  ["7f6161ff", 0, "indefinite-length text string not allowed in deterministic mode"],
  ["81 9fff", 1, "indefinite-length array not allowed in deterministic mode"],
  // Map keys: bytewise lexicographic order of the encoded keys, no duplicates
  ["a2 6162 01 6161 02", 4, "map keys not in bytewise lexicographic order"],
  ["a2 6161 01 6161 02", 4, "duplicate map key"],
  ["a2 01 00 01 00", 3, "duplicate map key"],
  ["a2 20 00 0a 00", 3, "map keys not in bytewise lexicographic order"], // 0x0a < 0x20: 10 sorts before -1
  ["a2 626161 00 617a 00", 5, "map keys not in bytewise lexicographic order"], // "z" (617a) < "aa" (626161)
  ["a2 6161 00 6161 00", 4, "duplicate map key"],
  ["a2 8101 00 8100 00", 4, "map keys not in bytewise lexicographic order"], // [0] < [1]
  ["a2 6161 00 01 00", 4, "map keys not in bytewise lexicographic order"], // 0x01 < 0x61: 1 sorts before "a"
  ["81 a2 02 00 01 00", 4, "map keys not in bytewise lexicographic order"],
  // Floats: the shortest width that keeps the value (bits, for NaN)
  ["fb3ff8000000000000", 0, "non-preferred float: 8-byte float has a shorter exact encoding"],
  ["fa3fc00000", 0, "non-preferred float: 4-byte float has a shorter exact encoding"],
  ["fb40f86a0000000000", 0, "non-preferred float: 8-byte float has a shorter exact encoding"], // 100000.0
  ["fa7f800000", 0, "non-preferred float: 4-byte float has a shorter exact encoding"],
  ["fa7fc00000", 0, "non-preferred float: 4-byte float has a shorter exact encoding"],
  ["fb7ff8000000000000", 0, "non-preferred float: 8-byte float has a shorter exact encoding"],
  ["fb0000000000000000", 0, "non-preferred float: 8-byte float has a shorter exact encoding"],
  ["fa33800000", 0, "non-preferred float: 4-byte float has a shorter exact encoding"], // 2^-24 is binary16 subnormal f90001
  ["fa80000000", 0, "non-preferred float: 4-byte float has a shorter exact encoding"], // -0.0
  // Bignums that fit an integer (RFC 8949 §3.4.3 preferred serialization)
  ["c240", 0, "non-preferred bignum: 0 bytes fit in an integer"],
  ["c24801020304050607ff", 0, "non-preferred bignum: 8 bytes fit in an integer"],
  ["c349000100000000000000", 0, "non-preferred bignum: leading zero byte"],
];

/** Deterministic encodings that a too-eager checker might reject. */
const DETERMINISTIC: string[] = [
  "17",
  "1818",
  "19ffff",
  "1a00010000",
  "1b0000000100000000",
  "a2 0a 00 20 00", // 10, -1
  "a3 18 64 00 20 00 61 7a 00", // 100, -1, "z"
  "a2 617a 00 626161 00", // "z", "aa"
  "a2 8100 00 818100 00", // [0], [[0]]
  "f93e00",
  "fa47c35000",
  "fb3ff199999999999a",
  "f97e00",
  "f97e01", // a NaN payload binary16 can hold is already shortest
  "fa7fc00001", // a NaN payload binary16 cannot hold
  "fb7ff8000000000001",
  "fa33000000", // 2^-25 is below binary16's smallest subnormal
  "c249010000000000000000",
  "c349010000000000000000",
  "d9d9f7 80", // self-described CBOR tag 55799
];

describe("deterministic mode", () => {
  it.each(NOT_DETERMINISTIC)("%s is rejected at offset %d", (hex, offset, reason) => {
    expect(isDeterministic(h(hex))).toEqual({ ok: false, offset, reason });
    expectFail(() => decodeItem(h(hex), { deterministic: true }), offset, reason);
    expectFail(() => new CborReader(h(hex), { deterministic: true }).skip(), offset, reason);
    // ...and the same bytes are fine when determinism is not asked for (repeated keys only where the caller keeps them).
    const repeats = reason === "duplicate map key";
    expect(() => decodeItem(h(hex), { duplicateKeys: "keep" })).not.toThrow();
    expect(() => new CborReader(h(hex), { duplicateKeys: "keep" }).skip()).not.toThrow();
    if (repeats) expectFail(() => decodeItem(h(hex)), offset, reason);
    else expect(() => decodeItem(h(hex))).not.toThrow();
  });

  it.each(DETERMINISTIC.map((x) => [x]))("%s is accepted", (hex) => {
    expect(isDeterministic(h(hex))).toEqual({ ok: true });
    expect(() => decodeItem(h(hex), { deterministic: true })).not.toThrow();
  });

  it("1.5 as a binary64 is rejected in deterministic mode and read as 1.5 otherwise", () => {
    expectFail(() => new CborReader(h("fb3ff8000000000000"), { deterministic: true }).float(), 0, /^non-preferred float/);
    expect(new CborReader(h("fb3ff8000000000000")).float()).toBe(1.5);
    expect(decodeItem(h("fb3ff8000000000000"))).toStrictEqual(float(1.5, 8));
  });

  it("the typed reader rejects non-shortest heads and indefinite lengths", () => {
    const det = (hex: string): CborReader => new CborReader(h(hex), { deterministic: true });
    expectFail(() => det("1817").uint(), 0, "non-shortest head: argument 23 uses a 1-byte encoding");
    expectFail(() => det("3817").int(), 0, "non-shortest head: argument 23 uses a 1-byte encoding");
    expectFail(() => det("1b0000000000000001").uint64(), 0, "non-shortest head: argument 1 uses a 8-byte encoding");
    expectFail(() => det("9fff").arrayHead(), 0, "indefinite-length array not allowed in deterministic mode");
    expectFail(() => det("bfff").mapHead(), 0, "indefinite-length map not allowed in deterministic mode");
    expectFail(() => det("5f4101ff").bytes(), 0, "indefinite-length byte string not allowed in deterministic mode");
    expectFail(() => det("7f6161ff").text(), 0, "indefinite-length text string not allowed in deterministic mode");
    expectFail(() => det("d80100").tag(), 0, "non-shortest head: argument 1 uses a 1-byte encoding");
    expectFail(() => det("fa3fc00000").number(), 0, /^non-preferred float/);
    expect(det("1818").uint()).toBe(24);
    expect(det("f93e00").number()).toBe(1.5);
  });

  it("checkKeyOrder as a generated decoder uses it", () => {
    const decodeKeys = (hex: string, deterministic: boolean): string[] => {
      const r = new CborReader(h(hex), { deterministic });
      const keys: string[] = [];
      let prevStart = -1;
      let prevEnd = -1;
      for (let n = r.mapHead(); n > 0; n--) {
        const start = r.pos;
        keys.push(r.text());
        r.checkKeyOrder(prevStart, prevEnd, start, r.pos);
        prevStart = start;
        prevEnd = r.pos;
        r.skip();
      }
      r.finish();
      return keys;
    };
    expect(decodeKeys("a2 6161 01 6162 02", true)).toEqual(["a", "b"]);
    expectFail(() => decodeKeys("a2 6162 01 6161 02", true), 4, "map keys not in bytewise lexicographic order");
    expectFail(() => decodeKeys("a2 6161 01 6161 02", true), 4, "duplicate map key");
    // Outside deterministic mode key order is not the reader's business.
    expect(decodeKeys("a2 6162 01 6161 02", false)).toEqual(["b", "a"]);
  });

  it("isDeterministic reports the nesting bound like any other failure", () => {
    expect(isDeterministic(h("818180"), { maxDepth: 2 })).toEqual({ ok: false, offset: 2, reason: "nesting depth exceeds 2" });
    expect(isDeterministic(h("818180"), { maxDepth: 3 })).toEqual({ ok: true });
  });
});
