/**
 * RFC 8949 Appendix F.1 examples of malformed CBOR (typed in from the RFC),
 * each rejected at a specific offset with a specific reason, by every
 * generic entry point (decodeItem, skip, itemEnd, isDeterministic).
 */
import { describe, expect, it } from "vitest";
import { CborReader, decodeItem, decodeSequence, isDeterministic } from "../../src/runtime/index.js";
import { expectFail, h } from "./cbor-test-helpers.js";

const TRUNCATED_HEAD = /^truncated head: need \d bytes, have \d$/;
const UNTERMINATED_ARRAY = "unterminated indefinite-length array";
const UNTERMINATED_MAP = "unterminated indefinite-length map";
const BREAK = "unexpected break";

/** [hex, offset, reason] */
const MALFORMED: [string, number, string | RegExp][] = [
  // End of input in a head
  ["18", 0, "truncated head: need 2 bytes, have 1"],
  ["19", 0, TRUNCATED_HEAD],
  ["1a", 0, TRUNCATED_HEAD],
  ["1b", 0, TRUNCATED_HEAD],
  ["1901", 0, "truncated head: need 3 bytes, have 2"],
  ["1a0102", 0, "truncated head: need 5 bytes, have 3"],
  ["1b01020304050607", 0, "truncated head: need 9 bytes, have 8"],
  ["38", 0, TRUNCATED_HEAD],
  ["58", 0, TRUNCATED_HEAD],
  ["78", 0, TRUNCATED_HEAD],
  ["98", 0, TRUNCATED_HEAD],
  ["9a01ff00", 0, "truncated head: need 5 bytes, have 4"],
  ["b8", 0, TRUNCATED_HEAD],
  ["d8", 0, TRUNCATED_HEAD],
  ["f8", 0, TRUNCATED_HEAD],
  ["f900", 0, "truncated head: need 3 bytes, have 2"],
  ["fa0000", 0, "truncated head: need 5 bytes, have 3"],
  ["fb000000", 0, "truncated head: need 9 bytes, have 4"],
  // Definite-length strings with short data
  ["41", 0, "byte string length 1 exceeds remaining 0 bytes"],
  ["61", 0, "text string length 1 exceeds remaining 0 bytes"],
  ["5affffffff00", 0, "byte string length 4294967295 exceeds remaining 1 bytes"],
  ["5bffffffffffffffff010203", 0, "byte string length 18446744073709551615 exceeds remaining 3 bytes"],
  ["7affffffff00", 0, "text string length 4294967295 exceeds remaining 1 bytes"],
  ["7b7fffffffffffffff010203", 0, "text string length 9223372036854775807 exceeds remaining 3 bytes"],
  // Definite-length maps and arrays not closed with enough items
  ["81", 0, "array count 1 exceeds remaining 0 bytes"],
  ["818181818181818181", 8, "array count 1 exceeds remaining 0 bytes"],
  ["8200", 0, "array count 2 exceeds remaining 1 bytes"],
  ["a1", 0, "map entry count 1 exceeds remaining 0 bytes"],
  ["a20102", 0, "map entry count 2 exceeds remaining 2 bytes"],
  ["a100", 0, "map entry count 1 exceeds remaining 1 bytes"],
  ["a2000000", 0, "map entry count 2 exceeds remaining 3 bytes"],
  // Tag number not followed by tag content
  ["c0", 1, "unexpected end of input"],
  // Indefinite-length strings not closed by a break
  ["5f4100", 0, "unterminated indefinite-length byte string"],
  ["7f6100", 0, "unterminated indefinite-length text string"],
  // Indefinite-length maps and arrays not closed by a break
  ["9f", 0, UNTERMINATED_ARRAY],
  ["9f0102", 0, UNTERMINATED_ARRAY],
  ["bf", 0, UNTERMINATED_MAP],
  ["bf01020102", 0, UNTERMINATED_MAP],
  ["819f", 1, UNTERMINATED_ARRAY],
  ["9f8000", 0, UNTERMINATED_ARRAY],
  ["9f9f9f9f9fffffffff", 0, UNTERMINATED_ARRAY],
  ["9f819f819f9fffffff", 0, UNTERMINATED_ARRAY],
  // Reserved additional information values
  ...["1c", "1d", "1e", "3c", "3d", "3e", "5c", "5d", "5e", "7c", "7d", "7e", "9c", "9d", "9e", "bc", "bd", "be", "dc", "dd", "de", "fc", "fd", "fe"].map(
    (hex): [string, number, string] => [hex, 0, `reserved additional information ${parseInt(hex, 16) & 31}`],
  ),
  // Reserved two-byte encodings of simple values
  ["f800", 0, "invalid two-byte simple value 0 (must be >= 32)"],
  ["f801", 0, "invalid two-byte simple value 1 (must be >= 32)"],
  ["f818", 0, "invalid two-byte simple value 24 (must be >= 32)"],
  ["f81f", 0, "invalid two-byte simple value 31 (must be >= 32)"],
  // Indefinite-length string chunks not of the correct type
  ["5f00ff", 1, "chunk of an indefinite-length byte string must be a byte string, got unsigned integer"],
  ["5f21ff", 1, "chunk of an indefinite-length byte string must be a byte string, got negative integer"],
  ["5f6100ff", 1, "chunk of an indefinite-length byte string must be a byte string, got text string"],
  ["5f80ff", 1, "chunk of an indefinite-length byte string must be a byte string, got array"],
  ["5fa0ff", 1, "chunk of an indefinite-length byte string must be a byte string, got map"],
  ["5fc000ff", 1, "chunk of an indefinite-length byte string must be a byte string, got tag"],
  ["5fe0ff", 1, "chunk of an indefinite-length byte string must be a byte string, got simple value"],
  ["7f4100ff", 1, "chunk of an indefinite-length text string must be a text string, got byte string"],
  // Indefinite-length string chunks not definite length
  ["5f5f4100ffff", 1, "chunk of an indefinite-length byte string must have a definite length"],
  ["7f7f6100ffff", 1, "chunk of an indefinite-length text string must have a definite length"],
  // Break occurring on its own outside of an indefinite-length item
  ["ff", 0, BREAK],
  // Break occurring in a definite-length array or map or a tag
  ["81ff", 1, BREAK],
  ["8200ff", 2, BREAK],
  ["a1ff", 0, "map entry count 1 exceeds remaining 1 bytes"],
  ["a1ff00", 1, BREAK],
  ["a100ff", 2, BREAK],
  ["a20000ff", 0, "map entry count 2 exceeds remaining 3 bytes"],
  ["9f81ff", 2, BREAK],
  ["9f829f819f9fffffffff", 9, BREAK],
  ["c0ff", 1, BREAK],
  // Break in an indefinite-length map that would lead to an odd number of items (break in a value position)
  ["bf00ff", 2, BREAK],
  ["bf000000ff", 4, BREAK],
  // Major type 0, 1, 6 with additional information 31
  ["1f", 0, "indefinite length (additional information 31) is not allowed for unsigned integer"],
  ["3f", 0, "indefinite length (additional information 31) is not allowed for negative integer"],
  ["df", 0, "indefinite length (additional information 31) is not allowed for tag"],
];

describe("RFC 8949 Appendix F malformed CBOR", () => {
  it.each(MALFORMED)("%s is rejected at offset %d", (hex, offset, reason) => {
    expectFail(() => decodeItem(h(hex)), offset, reason);
    expectFail(() => new CborReader(h(hex)).skip(), offset, reason);
    expectFail(() => new CborReader(h(hex)).itemEnd(), offset, reason);
    expectFail(() => decodeSequence(h(hex)), offset, reason);
    const d = isDeterministic(h(hex));
    if (d.ok) throw new Error("malformed input reported deterministic");
    // Deterministic mode may fail earlier (e.g. at an indefinite-length head), never later.
    expect(d.offset).toBeLessThanOrEqual(offset);
  });

  it("also rejects malformed items nested inside well-formed ones, at the inner offset", () => {
    expectFail(() => decodeItem(h("83 01 02 1c")), 3, "reserved additional information 28");
    expectFail(() => decodeItem(h("a1 6161 f8 10")), 3, "invalid two-byte simple value 16 (must be >= 32)");
    expectFail(() => decodeItem(h("c1 c2 5a 00000010 00")), 2, "byte string length 16 exceeds remaining 1 bytes");
  });

  it("rejects invalid UTF-8 at the offending byte, in definite and chunked text", () => {
    expectFail(() => decodeItem(h("62 c3 28")), 1, "invalid UTF-8");
    expectFail(() => new CborReader(h("62 c3 28")).skip(), 1, "invalid UTF-8");
    expectFail(() => new CborReader(h("63 61 ed a0")).text(), 2, "invalid UTF-8");
    // A chunk boundary may not split a character (RFC 8949 §3.2.3): c3 | bc.
    const split = "7f 61 c3 61 bc ff";
    expectFail(() => decodeItem(h(split)), 2, "invalid UTF-8");
    expectFail(() => new CborReader(h(split)).text(), 2, "invalid UTF-8");
    expectFail(() => new CborReader(h(split)).skip(), 2, "invalid UTF-8");
  });

  it("rejects a huge claimed count or length before allocating", () => {
    expectFail(() => decodeItem(h("9b ffffffffffffffff 00")), 0, "array count 18446744073709551615 exceeds remaining 1 bytes");
    expectFail(() => decodeItem(h("bb 0000000100000000 00")), 0, "map entry count 4294967296 exceeds remaining 1 bytes");
    expectFail(() => new CborReader(h("9a 7fffffff")).arrayHead(), 0, "array count 2147483647 exceeds remaining 0 bytes");
    expectFail(() => new CborReader(h("ba 00000002 000000")).mapHead(), 0, "map entry count 2 exceeds remaining 3 bytes");
    expectFail(() => new CborReader(h("5b 0000000100000000")).bytes(), 0, "byte string length 4294967296 exceeds remaining 0 bytes");
  });

  it("rejects trailing bytes after one item, but not in a sequence", () => {
    expectFail(() => decodeItem(h("00 01")), 1, "1 trailing bytes");
    expect(decodeSequence(h("00 01")).length).toBe(2);
    expect(isDeterministic(h("00 01"))).toEqual({ ok: false, offset: 1, reason: "1 trailing bytes" });
  });

  it("reports an empty input as missing an item", () => {
    expectFail(() => decodeItem(new Uint8Array(0)), 0, "unexpected end of input");
    expect(decodeSequence(new Uint8Array(0))).toEqual([]);
  });
});
