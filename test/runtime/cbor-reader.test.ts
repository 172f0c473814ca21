/** The typed CborReader API as generated decoders use it. */
import { describe, expect, it } from "vitest";
import { CborReader, CodecError, toHex } from "../../src/runtime/index.js";
import { array, expectFail, h, map, text, uint } from "./cbor-test-helpers.js";

const r = (hex: string): CborReader => new CborReader(h(hex));

describe("CborReader integers", () => {
  it("uint stops at 2^53-1, uint64 does not", () => {
    expect(r("1b001fffffffffffff").uint()).toBe(Number.MAX_SAFE_INTEGER);
    expectFail(() => r("1b0020000000000000").uint(), 0, "unsigned integer 9007199254740992 exceeds 2^53-1");
    expect(r("1b0020000000000001").uint64()).toBe(9007199254740993n);
    expect(r("1bfffffffffffffffe").uint64()).toBe(18446744073709551614n);
    expect(r("17").uint64()).toBe(23n);
  });

  it("int covers the safe range both ways; int64 the full 65-bit range", () => {
    expect(r("3b001ffffffffffffe").int()).toBe(-Number.MAX_SAFE_INTEGER);
    expectFail(() => r("3b001fffffffffffff").int(), 0, "integer -9007199254740992 is below -(2^53-1)");
    expectFail(() => r("1b0020000000000000").int(), 0, "integer 9007199254740992 exceeds 2^53-1");
    expect(r("3b0020000000000000").int64()).toBe(-9007199254740993n);
    expect(r("37").int()).toBe(-24);
  });

  it("names what it expected and what it got", () => {
    expectFail(() => r("6161").uint(), 0, "expected unsigned integer, got text string");
    expectFail(() => r("20").uint(), 0, "expected unsigned integer, got negative integer");
    expectFail(() => r("20").uint64(), 0, "expected unsigned integer, got negative integer");
    expectFail(() => r("f6").text(), 0, "expected text string, got null");
    expectFail(() => r("4100").text(), 0, "expected text string, got byte string");
    expectFail(() => r("6100").bytes(), 0, "expected byte string, got text string");
    expectFail(() => r("a0").arrayHead(), 0, "expected array, got map");
    expectFail(() => r("80").mapHead(), 0, "expected map, got array");
    expectFail(() => r("01").tag(), 0, "expected tag, got unsigned integer");
    expectFail(() => r("f6").bool(), 0, "expected boolean, got null");
    expectFail(() => r("f4").null(), 0, "expected null, got false");
    expectFail(() => r("f5").undefined(), 0, "expected undefined, got true");
    expectFail(() => r("01").float(), 0, "expected float, got unsigned integer");
    expectFail(() => r("f0").float(), 0, "expected float, got simple value");
    expectFail(() => r("6161").number(), 0, "expected number, got text string");
    expectFail(() => r("80").int64(), 0, "expected integer, got array");
    expectFail(() => r("ff").int(), 0, "expected integer, got break");
    expectFail(() => r("").uint(), 0, "unexpected end of input, expected unsigned integer");
    expectFail(() => r("8101").consumeBreak(), 0, "expected break, got array");
    const e = expectFail(() => r("").int(), 0, "unexpected end of input, expected integer");
    expect(e).toBeInstanceOf(CodecError);
  });

  it("reports errors at the offending item inside a larger input", () => {
    const x = r("83 01 02 6161");
    expect(x.arrayHead()).toBe(3);
    expect(x.uint()).toBe(1);
    expect(x.uint()).toBe(2);
    expectFail(() => x.uint(), 3, "expected unsigned integer, got text string");
    expect(x.pos).toBe(3);
  });
});

describe("CborReader strings", () => {
  it("returns views by default and copies with copy: true", () => {
    const input = h("4401020304");
    const view = new CborReader(input).bytes();
    const copy = new CborReader(input, { copy: true }).bytes();
    expect(view.buffer).toBe(input.buffer);
    expect(copy.buffer).not.toBe(input.buffer);
    expect(toHex(copy)).toBe("01020304");
  });

  it("accepts a Buffer as input", () => {
    const x = new CborReader(Buffer.from("6449455446", "hex"));
    expect(x.buf.constructor).toBe(Uint8Array);
    expect(x.text()).toBe("IETF");
  });

  it("joins indefinite chunks (and empty ones)", () => {
    expect(toHex(r("5f 40 4101 40 420203 ff").bytes())).toBe("010203");
    expect(r("7f 60 6161 60 626263 ff").text()).toBe("abc");
    expect(r("7fff").text()).toBe("");
    const x = r("5f 4101 ff 01");
    expect(toHex(x.bytes())).toBe("01");
    expect(x.pos).toBe(4);
  });

  it("decodes text strictly, and a leading BOM is content", () => {
    expect(r("63efbbbf").text()).toBe("\ufeff");
    expectFail(() => r("61ff").text(), 1, "invalid UTF-8");
    expectFail(() => r("62c0af").text(), 1, "invalid UTF-8"); // overlong
  });
});

describe("CborReader structure", () => {
  it("peekMajor/peekType/isNull do not consume", () => {
    const types = ["00", "20", "40", "60", "80", "a0", "c000", "f0", "f4", "f6", "f93c00", "fa00000000", "fb0000000000000000", "f820", "ff"].map(
      (hex) => {
        const x = r(hex);
        const t = x.peekType();
        expect(x.pos).toBe(0);
        return [x.peekMajor(), t];
      },
    );
    expect(types).toEqual([
      [0, "uint"],
      [1, "nint"],
      [2, "bytes"],
      [3, "text"],
      [4, "array"],
      [5, "map"],
      [6, "tag"],
      [7, "simple"],
      [7, "simple"],
      [7, "simple"],
      [7, "float"],
      [7, "float"],
      [7, "float"],
      [7, "simple"],
      [7, "break"],
    ]);
    expect(r("f6").isNull()).toBe(true);
    expect(r("f7").isNull()).toBe(false);
    expect(r("").isNull()).toBe(false);
    expectFail(() => r("").peekMajor(), 0, "unexpected end of input");
    expectFail(() => r("").peekType(), 0, "unexpected end of input");
    expectFail(() => r("1c").peekType(), 0, "reserved additional information 28");
  });

  it("reads optional fields the way generated code does", () => {
    const x = r("82 f6 6161");
    expect(x.arrayHead()).toBe(2);
    const first = x.isNull() ? (x.null(), null) : x.text();
    const second = x.isNull() ? (x.null(), null) : x.text();
    expect([first, second]).toEqual([null, "a"]);
    x.finish();
  });

  it("walks an indefinite map with isBreak/consumeBreak", () => {
    const x = r("bf 6161 01 6162 02 ff");
    expect(x.mapHead()).toBe(-1);
    const got: [string, number][] = [];
    while (!x.isBreak()) got.push([x.text(), x.uint()]);
    x.consumeBreak();
    x.finish();
    expect(got).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    const y = r("9f 01");
    y.arrayHead();
    y.uint();
    expectFail(() => y.isBreak(), 2, "unexpected end of input in an indefinite-length item, expected break");
  });

  it("expectTag matches number and bigint tag numbers", () => {
    const x = r("c1 01");
    x.expectTag(1);
    expect(x.uint()).toBe(1);
    r("c1 01").expectTag(1n);
    expectFail(() => r("c1 01").expectTag(2), 0, "expected tag 2, got tag 1");
    expectFail(() => r("01").expectTag(2), 0, "expected tag 2, got unsigned integer");
    r("dbffffffffffffffff 00").expectTag(18446744073709551615n);
    expectFail(() => r("db0020000000000001 00").expectTag(2 ** 53), 0, "expected tag 9007199254740992, got tag 9007199254740993");
    expect(r("dbffffffffffffffff 00").tag()).toBe(18446744073709551615n);
  });

  it("float() accepts all three widths; number() also integers", () => {
    expect(r("f93e00").float()).toBe(1.5);
    expect(r("fa3fc00000").float()).toBe(1.5);
    expect(r("fb3ff8000000000000").float()).toBe(1.5);
    expect(r("fa00000001").float()).toBe(1.401298464324817e-45); // binary32 subnormal
    expect(r("f903ff").float()).toBe(0.00006097555160522461); // largest binary16 subnormal
    expect(r("1a000f4240").number()).toBe(1000000);
    expect(r("3903e7").number()).toBe(-1000);
    expect(r("fbc010666666666666").number()).toBe(-4.1);
  });

  it("skip, item and itemEnd handle any item", () => {
    const x = r("83 a1 6161 81 01 c1 1a514b67b0 f5");
    expect(x.arrayHead()).toBe(3);
    const start = x.pos;
    expect(x.itemEnd()).toBe(6);
    expect(x.pos).toBe(start);
    expect(x.item()).toStrictEqual(map([text("a"), array(uint(1))]));
    x.skip();
    expect(x.pos).toBe(12);
    expect(x.bool()).toBe(true);
    x.finish();
  });

  it("enter/leave bound the depth; finish rejects trailing bytes", () => {
    const x = new CborReader(h("00"), { maxDepth: 1 });
    x.enter();
    expectFail(() => x.enter(), 0, "nesting depth exceeds 1");
    x.leave();
    x.leave();
    x.enter();
    expect(x.depth).toBe(1);
    const y = r("0000");
    y.uint();
    expectFail(() => y.finish(), 1, "1 trailing bytes");
    expectFail(() => y.fail("custom"), 1, "custom");
    expectFail(() => y.fail("custom", 0), 0, "custom");
  });

  it("itemEnd restores the depth after nested items", () => {
    const x = new CborReader(h("81818100"), { maxDepth: 3 });
    expect(x.itemEnd()).toBe(4);
    expect(x.depth).toBe(0);
    expectFail(() => new CborReader(h("81818100"), { maxDepth: 2 }).itemEnd(), 2, "nesting depth exceeds 2");
  });
});
