import { describe, expect, it } from "vitest";
import { isValid, type Mismatch } from "../../src/validate/index.js";
import { at, check, checkBytes, encode, hex } from "./helpers.js";

function one(ms: readonly Mismatch[]): Mismatch {
  expect(ms, JSON.stringify(ms, null, 1)).toHaveLength(1);
  return ms[0]!;
}

describe(".size", () => {
  const C = `b = bstr .size 4
t = tstr .size (1..3)
u = uint .size 2
`;
  it("counts bytes of byte strings and of UTF-8 text", () => {
    expect(check(C, "b", new Uint8Array(4))).toEqual([]);
    expect(one(check(C, "b", new Uint8Array(3)))).toEqual({
      path: "b",
      offset: 0,
      message: "byte string is 3 bytes long, but .size 4 wants 4",
      cddl: at(C, ".size 4"),
      severity: "error",
    });
    expect(check(C, "t", "é")).toEqual([]); // 2 bytes
    expect(one(check(C, "t", "éé"))).toMatchObject({ message: "text string (UTF-8) is 4 bytes long, not in .size (1..3)", cddl: at(C, ".size (1") });
    expect(one(check(C, "t", ""))).toMatchObject({ message: "text string (UTF-8) is 0 bytes long, not in .size (1..3)" });
  });
  it("bounds an unsigned integer to 256^n", () => {
    expect(check(C, "u", 65535)).toEqual([]);
    expect(one(check(C, "u", 65536))).toMatchObject({ message: "65536 needs 3 bytes, more than .size 2 allows", cddl: at(C, ".size 2") });
  });
  it("checks the target first", () => {
    expect(one(check(C, "b", "abcd"))).toMatchObject({ message: 'expected bstr, got "abcd"', cddl: at(C, "bstr") });
  });
});

describe(".bits", () => {
  const C = `u = uint .bits (0..3)
b = bstr .bits flags
flags = &(a: 0, b: 9)
`;
  it("allows only the listed bits of a uint", () => {
    expect(check(C, "u", 5)).toEqual([]);
    expect(one(check(C, "u", 16))).toEqual({
      path: "u",
      offset: 0,
      message: "bit 4 is set, but .bits (0..3) does not allow it",
      cddl: at(C, ".bits (0"),
      severity: "error",
    });
  });
  it("numbers the bits of a byte string from the least significant bit of the first byte", () => {
    expect(check(C, "b", hex("0102"))).toEqual([]); // bits 0 and 9
    expect(one(check(C, "b", hex("02"))).message).toBe("bit 1 is set, but .bits flags does not allow it");
  });
});

describe(".regexp", () => {
  const C = `r = tstr .regexp "[a-z]+@[a-z]+(\\\\.[a-z]+)*"
sub = tstr .regexp "[a-z-[aeiou]]+"
bad = tstr .regexp "a{2,1}"
block = tstr .regexp "\\\\p{IsBasicLatin}+"
`;
  it("is anchored XSD syntax", () => {
    expect(check(C, "r", "me@example.org")).toEqual([]);
    expect(one(check(C, "r", "x me@example.org"))).toEqual({
      path: "r",
      offset: 0,
      message: String.raw`"x me@example.org" does not match the regexp "[a-z]+@[a-z]+(\\.[a-z]+)*"`,
      cddl: at(C, ".regexp"),
      severity: "error",
    });
    expect(check(C, "sub", "xyz")).toEqual([]);
    expect(one(check(C, "sub", "xaz")).message).toMatch(/does not match/);
  });
  it("reports a bad expression at the CDDL and warns about unsupported features", () => {
    expect(one(check(C, "bad", "aa"))).toMatchObject({
      severity: "error",
      cddl: at(C, '"a{2,1}"'),
      message: expect.stringMatching(/not a valid XSD regular expression/),
    });
    const w = one(check(C, "block", "abc"));
    expect(w).toMatchObject({ severity: "warning", message: expect.stringMatching(/not supported/) });
  });
});

describe("comparisons", () => {
  const C = `lt = int .lt 10
le = int .le 10
gt = int .gt 10
ge = int .ge 10
eq = tstr .eq "x"
ne = int .ne 0
fl = float .lt 1.5
`;
  it("compare against the controller", () => {
    for (const [rule, good, bad, sign] of [
      ["lt", 9, 10, "<"],
      ["le", 10, 11, "<="],
      ["gt", 11, 10, ">"],
      ["ge", 10, 9, ">="],
    ] as const) {
      expect(check(C, rule, good), rule).toEqual([]);
      expect(one(check(C, rule, bad)), rule).toEqual({
        path: rule,
        offset: 0,
        message: `${bad} is not ${sign} 10 (.${rule})`,
        cddl: at(C, `.${rule}`),
        severity: "error",
      });
    }
    expect(check(C, "fl", { float: 1.25 })).toEqual([]);
    expect(one(check(C, "fl", { float: 2.5 })).message).toBe("2.5 is not < 1.5 (.lt)");
  });
  it(".eq and .ne compare values", () => {
    expect(check(C, "eq", "x")).toEqual([]);
    expect(one(check(C, "eq", "y"))).toMatchObject({ message: '"y" is not equal to "x"', cddl: at(C, ".eq") });
    expect(check(C, "ne", 1)).toEqual([]);
    expect(one(check(C, "ne", 0))).toMatchObject({ message: "0 must not equal 0", cddl: at(C, ".ne") });
  });
});

describe(".default, .within, .and", () => {
  const C = `d = uint .default 5
w = int .within uint
a = uint .and (0..9)
`;
  it(".default checks the target and, as the .ne it implies (RFC 8610 section 3.8.6), refuses the default value itself", () => {
    expect(check(C, "d", 3)).toEqual([]);
    expect(one(check(C, "d", "x")).message).toBe('expected uint, got "x"');
    expect(one(check(C, "d", 5))).toMatchObject({ message: "5 is the default value (.default 5), which is not sent: leave it out", cddl: at(C, ".default") });
  });
  it(".within and .and need both sides", () => {
    expect(check(C, "w", 3)).toEqual([]);
    expect(one(check(C, "w", -1))).toMatchObject({ message: "expected uint, got -1", cddl: at(C, "uint", 1) });
    expect(check(C, "a", 9)).toEqual([]);
    expect(one(check(C, "a", 10))).toMatchObject({ message: "10 is not in the range 0..9", cddl: at(C, "0..9") });
  });
});

describe(".cbor and .cborseq", () => {
  const C = `c = bstr .cbor [int, tstr]
s = bstr .cborseq [* int]
`;
  it("validate the item a byte string holds, with offsets into the outer input", () => {
    expect(check(C, "c", encode([1, "a"]))).toEqual([]);
    // outer: 44 (bstr of 4) | inner: 82 01 02 ... the 2 is at inner offset 2 -> outer 1 + 2
    const inner = encode([1, 2]);
    expect(inner.length).toBe(3);
    expect(one(check(C, "c", inner))).toEqual({ path: "c<cbor>[1]", offset: 3, message: "expected tstr, got 2", cddl: at(C, "tstr"), severity: "error" });
  });
  it("report a byte string that is not CBOR", () => {
    expect(one(check(C, "c", hex("ff")))).toMatchObject({ path: "c", cddl: at(C, ".cbor"), message: expect.stringMatching(/does not hold one CBOR item/) });
  });
  it("take a sequence as an array", () => {
    expect(check(C, "s", hex("010203"))).toEqual([]);
    expect(check(C, "s", new Uint8Array(0))).toEqual([]);
    expect(one(check(C, "s", hex("01 6161")))).toEqual({
      path: "s<cborseq>[1]",
      offset: 2,
      message: 'expected int, got "a"',
      cddl: at(C, "int]"),
      severity: "error",
    });
  });
  it("has no offsets inside a chunked byte string", () => {
    // 5f 41 82 42 0102 ff: the chunks hold 82 01 02 = [1, 2]
    const ms = checkBytes(C, "c", hex("5f 4182 420102 ff"));
    expect(one(ms)).toMatchObject({ path: "c<cbor>[1]", message: "expected tstr, got 2" });
    expect(ms[0]!.offset).toBeUndefined();
  });
});

describe(".cat, .det, .plus", () => {
  const C = `c = "foo" .cat "bar"
b = h'01' .cat h'02'
named = prefix .cat "-x"
prefix = "p"
d = "  a\\n  b" .det "c"
p = 1 .plus 2
`;
  it("compute a literal the item must equal", () => {
    expect(check(C, "c", "foobar")).toEqual([]);
    expect(one(check(C, "c", "foo"))).toEqual({ path: "c", offset: 0, message: 'expected "foobar", got "foo"', cddl: at(C, ".cat"), severity: "error" });
    expect(check(C, "b", hex("0102"))).toEqual([]);
    expect(check(C, "named", "p-x")).toEqual([]);
    expect(check(C, "d", "a\nbc")).toEqual([]);
    expect(one(check(C, "d", "  a\n  bc")).message).toBe(String.raw`expected "a\nbc", got "  a\n  bc"`);
    expect(check(C, "p", 3)).toEqual([]);
    expect(one(check(C, "p", 4))).toMatchObject({ message: "expected 3, got 4", cddl: at(C, ".plus") });
  });
});

describe(".feature and unknown controls", () => {
  const C = `f = tstr .feature "extended"
u = tstr .frobnicate 3
`;
  it(".feature accepts and notes the feature", () => {
    const ms = check(C, "f", "x");
    expect(isValid(ms)).toBe(true);
    expect(one(ms)).toEqual({ path: "f", offset: 0, message: 'uses the feature "extended"', cddl: at(C, ".feature"), severity: "note" });
    expect(one(check(C, "f", 1)).severity).toBe("error");
  });
  it("an unknown control checks the target and warns", () => {
    const ms = check(C, "u", "x");
    expect(isValid(ms)).toBe(true);
    expect(one(ms)).toEqual({
      path: "u",
      offset: 0,
      message: "unknown control operator .frobnicate: only the target type tstr is checked",
      cddl: at(C, ".frobnicate"),
      severity: "warning",
    });
    expect(one(check(C, "u", 1)).message).toBe("expected tstr, got 1");
  });
});
