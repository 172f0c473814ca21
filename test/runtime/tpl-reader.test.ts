import { describe, expect, it } from "vitest";
import { CodecError, fromHex, TplReader } from "../../src/runtime/index.js";

function reader(hex: string): TplReader {
  return new TplReader(fromHex(hex));
}

/** Run `f` and return the CodecError it throws, failing if it throws anything else or nothing. */
function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    if (e instanceof CodecError) return e;
    throw e;
  }
  throw new Error("expected a CodecError");
}

function expectFail(f: () => unknown, offset: number, reason: string): void {
  const e = codecError(f);
  expect(e.reason).toBe(reason);
  expect(e.offset).toBe(offset);
}

describe("TplReader fixed-width integers", () => {
  it("reads every width big-endian", () => {
    const r = reader("ab 0102 030405 fffffffe ffffffffffffffff 0000000000000001 8000000000000000");
    expect(r.u8()).toBe(0xab);
    expect(r.u16()).toBe(0x0102);
    expect(r.u24()).toBe(0x030405);
    expect(r.u32()).toBe(0xfffffffe);
    expect(r.u64()).toBe(2n ** 64n - 1n);
    expect(r.u64()).toBe(1n);
    expect(r.u64()).toBe(2n ** 63n);
    r.finish();
  });

  it("reads fixed-width length prefixes with uint()", () => {
    const r = reader("05 0005 000005 00000005");
    expect([r.uint(1), r.uint(2), r.uint(3), r.uint(4)]).toEqual([5, 5, 5, 5]);
    expect(r.pos).toBe(10);
  });

  it("rejects truncated reads at the read's offset", () => {
    expectFail(() => reader("").u8(), 0, "truncated: need 1 bytes, have 0");
    const r16 = reader("00 01");
    r16.u8();
    expectFail(() => r16.u16(), 1, "truncated: need 2 bytes, have 1");
    expectFail(() => reader("0102").u24(), 0, "truncated: need 3 bytes, have 2");
    const r32 = reader("aa 010203");
    r32.u8();
    expectFail(() => r32.u32(), 1, "truncated: need 4 bytes, have 3");
    const r64 = reader("aabb 01020304050607");
    r64.u16();
    expectFail(() => r64.u64(), 2, "truncated: need 8 bytes, have 7");
    expectFail(() => reader("00").uint(2), 0, "truncated: need 2 bytes, have 1");
  });

  it("does not advance pos on failure", () => {
    const r = reader("aa 0102");
    r.u8();
    codecError(() => r.u32());
    expect(r.pos).toBe(1);
  });
});

describe("TplReader vectors and optionals", () => {
  it("limit returns the end offset", () => {
    const r = reader("03 616263 ff");
    const at = r.pos;
    const len = r.varint();
    const end = r.limit(len, at);
    expect(end).toBe(4);
    expect(r.utf8(end - r.pos)).toBe("abc");
    r.expectEnd(end, "name");
    expect(r.u8()).toBe(0xff);
    r.finish();
  });

  it("limit rejects a length beyond the remaining input at the prefix's offset", () => {
    const r = reader("ffff 4040 0102");
    r.u16();
    const at = r.pos;
    const len = r.varint(); // 64
    expectFail(() => r.limit(len, at), 2, "length 64 exceeds remaining 2 bytes");
  });

  it("limit runs before any allocation can be attempted for a huge claim", () => {
    const r = reader("bfffffff");
    const len = r.varint();
    expectFail(() => r.limit(len, 0), 0, `length ${2 ** 30 - 1} exceeds remaining 0 bytes`);
  });

  it("accepts a length exactly equal to the remaining input", () => {
    const r = reader("02 aabb");
    const len = r.u8();
    expect(r.limit(len, 0)).toBe(3);
  });

  it("expectEnd rejects an element that overruns the vector", () => {
    // uint16 elements<V> with 3 content bytes: the second element ends at 5, the vector at 4.
    const r = reader("03 0001 0002");
    const len = r.varint();
    const end = r.limit(len, 0);
    const items: number[] = [];
    while (r.pos < end) items.push(r.u16());
    expect(items).toEqual([1, 2]);
    expectFail(
      () => r.expectEnd(end, "values"),
      5,
      "vector content is not a whole number of elements: values ends at offset 4, last element ends at 5",
    );
  });

  it("expectEnd accepts the exact end", () => {
    const r = reader("04 0001 0002");
    const end = r.limit(r.varint(), 0);
    while (r.pos < end) r.u16();
    expect(() => r.expectEnd(end, "values")).not.toThrow();
  });

  it("presence accepts 0 and 1 only", () => {
    const r = reader("00 01 02");
    expect(r.presence()).toBe(false);
    expect(r.presence()).toBe(true);
    expectFail(() => r.presence(), 2, "presence byte must be 0 or 1, got 2");
    expectFail(() => reader("ff").presence(), 0, "presence byte must be 0 or 1, got 255");
    expectFail(() => reader("").presence(), 0, "truncated: need 1 bytes, have 0");
  });

  it("finish rejects trailing bytes at the first unread byte", () => {
    const r = reader("00 01 02");
    r.u8();
    expectFail(() => r.finish(), 1, "2 trailing bytes");
    const r1 = reader("0000");
    r1.u8();
    expectFail(() => r1.finish(), 1, "1 trailing bytes");
    const ok = reader("0000");
    ok.u16();
    expect(() => ok.finish()).not.toThrow();
    expect(() => reader("").finish()).not.toThrow();
  });
});

describe("TplReader bytes and text", () => {
  it("returns views that share the input by default", () => {
    const input = fromHex("01 aabbcc 02");
    const r = new TplReader(input);
    expect(r.copy).toBe(false);
    r.u8();
    const v = r.bytes(3);
    expect(Array.from(v)).toEqual([0xaa, 0xbb, 0xcc]);
    expect(v.buffer).toBe(input.buffer);
    expect(v.byteOffset).toBe(input.byteOffset + 1);
    input[1] = 0x11;
    expect(v[0]).toBe(0x11);
    expect(r.pos).toBe(4);
  });

  it("returns independent copies with copy: true", () => {
    const input = fromHex("01 aabbcc 02");
    const r = new TplReader(input, { copy: true });
    expect(r.copy).toBe(true);
    r.u8();
    const c = r.bytes(3);
    expect(Array.from(c)).toEqual([0xaa, 0xbb, 0xcc]);
    expect(c.buffer).not.toBe(input.buffer);
    input[1] = 0x11;
    expect(c[0]).toBe(0xaa);
    expect(c.constructor).toBe(Uint8Array);
  });

  it("copies even when given a Node Buffer (whose slice() would be a view)", () => {
    const input = Buffer.from([1, 2, 3]);
    const r = new TplReader(input, { copy: true });
    const c = r.bytes(3);
    input[0] = 9;
    expect(c[0]).toBe(1);
    expect(c.constructor).toBe(Uint8Array);
    const view = new TplReader(input).bytes(3);
    expect(view.constructor).toBe(Uint8Array);
    expect(view[0]).toBe(9);
  });

  it("works on a subarray input with a non-zero byteOffset", () => {
    const backing = fromHex("ffff 0102 ffff");
    const r = new TplReader(backing.subarray(2, 4));
    expect(r.u16()).toBe(0x0102);
    r.finish();
  });

  it("bytes(0) is fine at the end of input; over-long reads fail before slicing", () => {
    const r = reader("aa");
    r.u8();
    expect(r.bytes(0).length).toBe(0);
    expectFail(() => r.bytes(1), 1, "truncated: need 1 bytes, have 0");
    expectFail(() => reader("aabb").bytes(3), 0, "truncated: need 3 bytes, have 2");
  });

  it("decodes UTF-8 text", () => {
    const r = reader("68c3a9 e697a5 f09f9880 efbbbf");
    expect(r.utf8(3)).toBe("hé");
    expect(r.utf8(3)).toBe("日");
    expect(r.utf8(4)).toBe("😀");
    // A BOM is content, not stripped.
    expect(r.utf8(3)).toBe("\ufeff");
    r.finish();
  });

  it("rejects invalid UTF-8 at the offending sequence", () => {
    // "ab" then: overlong "/" (c0 af) at 3
    const overlong = reader("ff 6162 c0af");
    overlong.u8();
    expectFail(() => overlong.utf8(4), 3, "invalid UTF-8");
    // 3-byte overlong (e0 80 af) at 1
    const overlong3 = reader("ff e080af");
    overlong3.u8();
    expectFail(() => overlong3.utf8(3), 1, "invalid UTF-8");
    // lone continuation byte at 2
    const cont = reader("ff 61 80 62");
    cont.u8();
    expectFail(() => cont.utf8(3), 2, "invalid UTF-8");
    // encoded surrogate U+D800 (ed a0 80) at 2
    const sur = reader("ff 41 eda080 42");
    sur.u8();
    expectFail(() => sur.utf8(5), 2, "invalid UTF-8");
    // above U+10FFFF (f4 90 80 80)
    expectFail(() => reader("f4908080").utf8(4), 0, "invalid UTF-8");
    // sequence cut off by the field's end, although the input continues
    const cut = reader("61 e697 a5");
    expectFail(() => cut.utf8(3), 1, "invalid UTF-8");
    // long string (native decoder path) with the error deep inside
    const long = new Uint8Array(100).fill(0x61);
    long[77] = 0xff;
    expectFail(() => new TplReader(long).utf8(100), 77, "invalid UTF-8");
  });

  it("does not advance pos when UTF-8 is invalid", () => {
    const r = reader("ff80");
    codecError(() => r.utf8(2));
    expect(r.pos).toBe(0);
  });

  it("rejects text longer than the input", () => {
    expectFail(() => reader("6162").utf8(3), 0, "truncated: need 3 bytes, have 2");
  });
});

describe("TplReader nesting and failures", () => {
  it("allows maxDepth levels and rejects one more", () => {
    const r = new TplReader(fromHex("00 00 00 00"), { maxDepth: 3 });
    r.u8();
    r.enter();
    r.enter();
    r.enter();
    expect(r.depth).toBe(3);
    expectFail(() => r.enter(), 1, "nesting depth exceeds 3");
  });

  it("leave() restores depth", () => {
    const r = new TplReader(new Uint8Array(0), { maxDepth: 1 });
    for (let i = 0; i < 100; i++) {
      r.enter();
      r.leave();
    }
    expect(r.depth).toBe(0);
  });

  it("defaults to maxDepth 32", () => {
    const r = new TplReader(new Uint8Array(0));
    expect(r.maxDepth).toBe(32);
    for (let i = 0; i < 32; i++) r.enter();
    expectFail(() => r.enter(), 0, "nesting depth exceeds 32");
  });

  it("maxDepth 0 forbids any nesting", () => {
    expectFail(() => new TplReader(new Uint8Array(0), { maxDepth: 0 }).enter(), 0, "nesting depth exceeds 0");
  });

  it("rejects a nonsensical maxDepth", () => {
    expectFail(() => new TplReader(new Uint8Array(0), { maxDepth: -1 }), -1, "maxDepth must be a non-negative integer, got -1");
    expect(() => new TplReader(new Uint8Array(0), { maxDepth: 1.5 })).toThrow(CodecError);
  });

  it("fail() throws at pos by default or at the given offset", () => {
    const r = reader("0000");
    r.u8();
    expectFail(() => r.fail("unknown enum value 7"), 1, "unknown enum value 7");
    expectFail(() => r.fail("unknown enum value 7", 0), 0, "unknown enum value 7");
  });
});
