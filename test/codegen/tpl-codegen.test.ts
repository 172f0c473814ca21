import { beforeAll, describe, expect, it } from "vitest";
import type { LoadedSchema } from "../../src/cli/load-schema.js";
import { codecsOf, cborDecodeFailure, cborRoundTrip, failure, hex, loadSource, tplRoundTrip, type Codecs } from "./helpers.js";

/**
 * src/codegen/gen-tpl-codec.ts and the canonical CBOR image of TPL types
 * (gen-cbor-codec.ts) end to end: a bare .tls file compiled by loadSchema,
 * exact TPL bytes for structs, enums, selects, optionals and vectors, and
 * exact CBOR for the same values (struct -> array, optional -> null, enum
 * -> uint, select -> discriminator then the case's fields inline, a case
 * whose only member is a struct -> that struct's fields inline).
 */
const SCHEMA = `
enum { red(0), green(1), blue(2), (255) } Color;
enum { small(1), large(0x1234), (65535) } Size;

struct {
  uint8 a;
  uint16 b;
} A;

struct {
  opaque x<V>;
} Bx;

struct {
  Color color;
  select (Shape.color) {
    case red: A;
    case green: Bx bx; uint8 tail;
    case blue: struct {};
  };
} Shape;

struct {
  optional<A> maybe;
  A items<V>;
  opaque fixed[2];
  opaque var<0..255>;
  uint16 nums<0..2^16-1>;
  uint24 u24;
  uint32 u32;
  uint64 u64;
  Size size;
} Holder;

struct {
  Shape s;
  uint8 after;
} Outer;

struct {} Nothing;

struct {
  Nothing items<V>;
  A pairs<V>;
} Vectors;
`;

let schema: LoadedSchema;
const c = (name: string): Codecs => codecsOf(schema, name);

beforeAll(async () => {
  schema = await loadSource(SCHEMA, "tls");
});

const EMPTY_HOLDER = { maybe: null, items: [], fixed: hex("0102"), var: new Uint8Array(0), nums: [], u24: 0, u32: 0, u64: 0n, size: "large" };
const FULL_HOLDER = {
  maybe: { a: 1, b: 2 },
  items: [
    { a: 3, b: 4 },
    { a: 5, b: 6 },
  ],
  fixed: hex("0102"),
  var: hex("aa"),
  nums: [1, 300],
  u24: 0x123456,
  u32: 7,
  u64: 2n ** 40n,
  size: "small",
};

describe("TPL bytes", () => {
  it("the generated module has every type", () => {
    expect(schema.module["TYPE_NAMES"]).toEqual(["Color", "Size", "A", "Bx", "Shape", "Holder", "Outer", "Nothing", "Vectors"]);
  });

  it("enums take their declared width", () => {
    tplRoundTrip(c("Color").tpl, "green", "01");
    tplRoundTrip(c("Size").tpl, "large", "1234");
    expect(failure(() => c("Color").tpl.decode(hex("ff")))).toEqual({ reason: "unknown Color value 255", offset: 0, path: "Color" });
    expect(failure(() => c("Color").tpl.encode(3))).toEqual({ reason: "not a value of Color: 3", offset: -1, path: "Color" });
  });

  it("a struct is its fields in order, big-endian", () => {
    tplRoundTrip(c("A").tpl, { a: 1, b: 258 }, "01 0102");
    expect(failure(() => c("A").tpl.encode({ a: 256, b: 0 }))).toEqual({ reason: "expected uint8, got 256", offset: -1, path: "A.a" });
  });

  it("a select is the discriminator then the case's fields", () => {
    tplRoundTrip(c("Shape").tpl, { color: "red", red: { a: 1, b: 2 } }, "00 01 0002");
    tplRoundTrip(c("Shape").tpl, { color: "green", bx: { x: hex("ab") }, tail: 9 }, "01 01ab 09");
    tplRoundTrip(c("Shape").tpl, { color: "blue" }, "02");
    expect(failure(() => c("Shape").tpl.decode(hex("03")))).toEqual({ reason: "unknown Color value 3", offset: 0, path: "Shape.color" });
    expect(failure(() => c("Shape").tpl.decode(hex("00 01")))).toEqual({ reason: "truncated: need 2 bytes, have 0", offset: 2, path: "Shape.red.b" });
  });

  it("optional, vectors (<V>, <0..255>, <0..2^16-1>, [2]) and fixed-width uints", () => {
    tplRoundTrip(
      c("Holder").tpl,
      FULL_HOLDER,
      "01 01 0002" + // maybe: present, A
        " 06 030004 050006" + // items<V>: 6 bytes
        " 0102" + // fixed[2]
        " 01 aa" + // var<0..255>: 1-byte length
        " 0004 0001 012c" + // nums<0..2^16-1>: 2-byte length
        " 123456 00000007 0000010000000000" + // u24 u32 u64
        " 0001", // size
    );
    tplRoundTrip(c("Holder").tpl, EMPTY_HOLDER, "00 00 0102 00 0000 000000 00000000 0000000000000000 1234");
  });

  it("a <V> length of 64 or more takes a two-byte varint", () => {
    tplRoundTrip(c("Bx").tpl, { x: new Uint8Array(64) }, "4040" + "00".repeat(64));
    tplRoundTrip(c("Bx").tpl, { x: new Uint8Array(63) }, "3f" + "00".repeat(63));
    expect(failure(() => c("Bx").tpl.decode(hex("4001 00")))).toEqual({ reason: "non-minimal varint: 1 encoded in 2 bytes", offset: 0, path: "Bx.x" });
  });

  it("a vector whose elements can take no bytes fails instead of looping (the check is generated only for such elements)", () => {
    expect(failure(() => c("Vectors").tpl.decode(hex("01 00 00")))).toEqual({ reason: "vector element of zero size", offset: 1, path: "Vectors.items[0]" });
    tplRoundTrip(c("Vectors").tpl, { items: [], pairs: [{ a: 1, b: 2 }] }, "00 03 010002");
    expect(failure(() => c("Vectors").tpl.decode(hex("00 02 0100")))).toEqual({
      reason: "vector content is not a whole number of elements: need 2 bytes, 1 left in the vector",
      offset: 3,
      path: "Vectors.pairs[0].b",
    });
  });

  it("nested: a struct holding a select", () => {
    tplRoundTrip(c("Outer").tpl, { s: { color: "red", red: { a: 1, b: 2 } }, after: 7 }, "00 01 0002 07");
  });

  it("strict decoding: presence octet, whole elements, unknown enum, trailing bytes, bounds on encode", () => {
    const body = "000000 00000000 0000000000000000 1234";
    expect(failure(() => c("Holder").tpl.decode(hex("02 00 0102 00 0000 " + body)))).toEqual({ reason: "presence byte must be 0 or 1, got 2", offset: 0, path: "Holder.maybe" });
    expect(failure(() => c("Holder").tpl.decode(hex("00 00 0102 00 0001 00 " + body)))).toEqual({
      reason: "vector content is not a whole number of elements: need 2 bytes, 1 left in the vector",
      offset: 7,
      path: "Holder.nums[0]",
    });
    expect(failure(() => c("Holder").tpl.decode(hex("00 00 0102 00 0000 000000 00000000 0000000000000000 0002")))).toEqual({ reason: "unknown Size value 2", offset: 22, path: "Holder.size" });
    expect(failure(() => c("Holder").tpl.decode(hex("00 00 0102 00 0000 " + body + " 00")))).toEqual({ reason: "1 trailing bytes", offset: 24, path: "Holder" });
    expect(failure(() => c("Holder").tpl.encode({ ...EMPTY_HOLDER, fixed: hex("010203") }))).toEqual({ reason: "length 3 outside 2..2", offset: -1, path: "Holder.fixed" });
    expect(failure(() => c("Holder").tpl.encode({ ...EMPTY_HOLDER, u24: 2 ** 24 }))).toEqual({ reason: "expected uint24, got 16777216", offset: -1, path: "Holder.u24" });
  });
});

describe("canonical CBOR image of TPL types", () => {
  it("enum -> uint", () => {
    cborRoundTrip(c("Color").cbor, "green", "01");
    cborRoundTrip(c("Size").cbor, "large", "191234");
    expect(cborDecodeFailure(c("Color").cbor, "1864")).toEqual({ reason: "unknown Color value 100", offset: 0, path: "Color" });
  });

  it("struct -> array in field order", () => {
    cborRoundTrip(c("A").cbor, { a: 1, b: 258 }, "82 01 190102");
    expect(cborDecodeFailure(c("A").cbor, "82 01 1a00010000")).toEqual({ reason: "value 65536 does not fit uint16", offset: 2, path: "A.b" });
  });

  it("optional -> null or the value; vectors -> arrays; opaque -> bstr; uint64 -> bigint head", () => {
    cborRoundTrip(
      c("Holder").cbor,
      FULL_HOLDER,
      "89" + " 82 01 02" + " 82 8203 04 8205 06" + " 42 0102" + " 41 aa" + " 82 01 19012c" + " 1a00123456 07 1b0000010000000000" + " 01",
    );
    cborRoundTrip(c("Holder").cbor, EMPTY_HOLDER, "89 f6 80 42 0102 40 80 00 00 00 191234");
    expect(cborDecodeFailure(c("Holder").cbor, "89 f6 80 42 0102 40 80 1a01000000 00 00 191234")).toEqual({ reason: "value 16777216 does not fit uint24", offset: 8, path: "Holder.u24" });
    expect(cborDecodeFailure(c("Holder").cbor, "89 f6 80 42 0102 40 80 00 00 00 02")).toEqual({ reason: "unknown Size value 2", offset: 11, path: "Holder.size" });
  });

  it("select -> discriminator then the case's fields inline", () => {
    cborRoundTrip(c("Shape").cbor, { color: "green", bx: { x: hex("ab") }, tail: 9 }, "83 01 8141ab 09");
    cborRoundTrip(c("Shape").cbor, { color: "blue" }, "81 02");
    expect(cborDecodeFailure(c("Shape").cbor, "82 02 00")).toEqual({ reason: "array has 2 items, expected 1", offset: 0, path: "Shape" });
    expect(cborDecodeFailure(c("Shape").cbor, "81 03")).toEqual({ reason: "unknown Color value 3", offset: 1, path: "Shape.color" });
  });

  it("a case whose only member is a struct (`case red: A;`) carries A's fields inline, no nested array", () => {
    cborRoundTrip(c("Shape").cbor, { color: "red", red: { a: 1, b: 2 } }, "83 00 01 02");
    expect(cborDecodeFailure(c("Shape").cbor, "82 00 82 01 02")).toEqual({ reason: "expected unsigned integer, got array", offset: 2, path: "Shape.red.a" });
    expect(cborDecodeFailure(c("Shape").cbor, "82 00 01")).toEqual({ reason: "array has 2 items; field 3 is missing", offset: 3, path: "Shape.red.b" });
    expect(cborDecodeFailure(c("Shape").cbor, "84 00 01 02 03")).toEqual({ reason: "array has 4 items, expected 3", offset: 0, path: "Shape" });
  });

  it("the inlined case inside another struct stays one nested array", () => {
    cborRoundTrip(c("Outer").cbor, { s: { color: "red", red: { a: 1, b: 2 } }, after: 7 }, "82 83 00 01 02 07");
  });

  it("deterministic decoding rejects non-shortest heads and indefinite arrays of TPL types too", () => {
    expect(cborDecodeFailure(c("A").cbor, "82 1801 190102", { deterministic: true })).toEqual({
      reason: "non-shortest head: argument 1 uses a 1-byte encoding",
      offset: 1,
      path: "A.a",
    });
    expect(c("A").cbor.decode(hex("9f 01 190102 ff"))).toEqual({ a: 1, b: 258 });
    expect(cborDecodeFailure(c("A").cbor, "9f 01 190102 ff", { deterministic: true })).toEqual({
      reason: "indefinite-length array not allowed in deterministic mode",
      offset: 0,
      path: "A",
    });
  });
});
