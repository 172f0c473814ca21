import { beforeAll, describe, expect, it, vi } from "vitest";
import type { LoadedSchema } from "../../src/cli/load-schema.js";
import { cborDecodeFailure, cborRoundTrip, codecsOf, failure, hex, loadSource, tplRoundTrip } from "./helpers.js";

/**
 * CDDL's integers of any size (RFC 8610 prelude: integer, unsigned,
 * bigint, biguint, bignint) are bigints, written as RFC 8949 section 3.4.3
 * bignums: tag 2 around the magnitude n, tag 3 around -1 - n.
 */
vi.mock("prettier", () => ({ format: (text: string) => Promise.resolve(text) }));

const TWO_64 = 1n << 64n;

describe("bignums", () => {
  let s: LoadedSchema;
  const c = (name: string) => codecsOf(s, name);
  beforeAll(async () => {
    s = await loadSource("I = integer\nU = unsigned\nB = bigint\nBU = biguint\nBN = bignint\nD = decfrac\n", "cddl");
  }, 60_000);

  it("integer: major type 0/1 while the value fits (preferred serialization), tags 2/3 past it (RFC 8949 Appendix A)", () => {
    cborRoundTrip(c("I").cbor, 0n, "00");
    cborRoundTrip(c("I").cbor, TWO_64 - 1n, "1b ffffffffffffffff");
    cborRoundTrip(c("I").cbor, TWO_64, "c2 49 010000000000000000");
    cborRoundTrip(c("I").cbor, -TWO_64, "3b ffffffffffffffff");
    cborRoundTrip(c("I").cbor, -TWO_64 - 1n, "c3 49 010000000000000000");
  });

  it("integer reads a small bignum too, but not in deterministic mode (RFC 8949 section 4.2.1 prefers the integer)", () => {
    expect(c("I").cbor.decode(hex("c2 41 01"))).toBe(1n);
    expect(c("I").cbor.decode(hex("c3 41 01"))).toBe(-2n);
    expect(cborDecodeFailure(c("I").cbor, "c2 41 01", { deterministic: true }).reason).toMatch(/non-preferred bignum/);
    expect(cborDecodeFailure(c("I").cbor, "c4 41 01").reason).toBe("expected tag 2 or 3 (bignum), got tag 4");
  });

  it("bigint, biguint, bignint are always tagged, and keep their sign (a negative bignum is not written as tag 2)", () => {
    cborRoundTrip(c("B").cbor, 5n, "c2 41 05");
    cborRoundTrip(c("B").cbor, -5n, "c3 41 04");
    cborRoundTrip(c("BU").cbor, 0n, "c2 40");
    cborRoundTrip(c("BN").cbor, -1n, "c3 40");
    expect(failure(() => c("BU").cbor.encode(-1n)).reason).toBe("value -1 is below 0");
    expect(cborDecodeFailure(c("BN").cbor, "c2 41 05").reason).toBe("value 5 is above -1");
    expect(cborDecodeFailure(c("B").cbor, "05").reason).toMatch(/expected bignum/);
    expect(failure(() => c("U").cbor.encode(-1n)).reason).toBe("value -1 is below 0");
  });

  it("TPL image: a sign octet and the magnitude as opaque<V>, one encoding per number", () => {
    tplRoundTrip(c("I").tpl, 0n, "00 00");
    tplRoundTrip(c("I").tpl, -1n, "01 00");
    tplRoundTrip(c("B").tpl, -5n, "01 01 04");
    tplRoundTrip(c("I").tpl, TWO_64, "00 09 010000000000000000");
    expect(failure(() => c("I").tpl.decode(hex("00 02 0001"))).reason).toMatch(/leading zero/);
    expect(failure(() => c("I").tpl.decode(hex("02 00"))).reason).toMatch(/sign octet/);
  });

  it("a prelude type built on integer (decfrac = #6.4([e10: int, m: integer])) carries a bignum mantissa", () => {
    const v = c("D").cbor.decode(hex("c4 82 21 c2 49 010000000000000000"));
    expect(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x))).toContain(TWO_64.toString());
    expect(c("D").cbor.encode(v)).toEqual(hex("c4 82 21 c2 49 010000000000000000"));
  });
});
