import { describe, expect, it } from "vitest";
import { genJsonSchema } from "../../src/codegen/gen-json-schema.js";
import { TypeScope } from "../../src/ir/type-scope.js";
import type { Definition, IRDocument, IRMember, IRType } from "../../src/ir/types.js";
import { fromJsonValue, JsonFormError, toJsonValue, unionOptions } from "../../src/json/json-form.js";
import { validateJson } from "../../src/json/validate-json.js";
import { decodeItem, fromHex, type CborItem } from "../../src/runtime/index.js";

/** A small document exercising the kinds and shapes the drafts do not use. */
const loc = { file: "synthetic.cddl", line: 1, col: 1 };
const def = (name: string, type: IRType, kind: Definition["kind"] = "alias"): Definition => ({
  name,
  kind,
  type,
  loc,
  section: "Synthetic",
  language: "cddl",
});
const field = (
  name: string,
  type: IRType,
  extra: Partial<{ omittable: boolean; key: string | number }> = {},
): IRMember => ({ kind: "field", name, type, loc, ...extra });
const ref = (name: string): IRType => ({ kind: "ref", name });
const u8: IRType = { kind: "uint", bits: 8 };

const doc: IRDocument = {
  name: "synthetic",
  source: "synthetic.cddl",
  imports: [],
  definitions: [
    def(
      "Color",
      {
        kind: "enum",
        bits: 8,
        open: true,
        values: [
          { name: "red", value: 0 },
          { name: "green", value: 1 },
        ],
      },
      "enum",
    ),
    def(
      "Kind",
      {
        kind: "enum",
        bits: 16,
        open: false,
        values: [
          { name: "a", value: 1 },
          { name: "b", value: 2 },
          { name: "c", value: 3 },
          { name: "priv", value: 0xff00, upTo: 0xffff },
        ],
      },
      "enum",
    ),
    def("BytesOrText", {
      kind: "union",
      options: [
        { kind: "bytes", length: { kind: "varint", min: 0, max: 10 } },
        { kind: "text", length: { kind: "varint", min: 0, max: 10 } },
      ],
    }),
    def("Small", { kind: "int", min: -10n, max: 300n }),
    def("Real", { kind: "float", bits: 64 }),
    def("Link", { kind: "tagged", tag: 32, of: { kind: "text", length: { kind: "varint", min: 0, max: 100 } } }),
    def("Zeros", { kind: "bytes", length: { kind: "fixed", bytes: 3 }, allZero: true }),
    def("Code", { kind: "text", length: { kind: "fixed", bytes: 8 } }),
    def("AnyMap", { kind: "map", key: { kind: "any" }, value: u8, min: 1, max: 3 }),
    def(
      "Open",
      {
        kind: "record",
        encoding: "map",
        members: [
          field("id", u8, { key: 1 }),
          field(
            "note",
            { kind: "text", length: { kind: "varint", min: 0, max: 20 } },
            { key: "note", omittable: true },
          ),
        ],
        rest: { name: "others", key: { kind: "any" }, value: u8 },
      },
      "struct",
    ),
    def(
      "Shape",
      {
        kind: "record",
        members: [
          field("color", ref("Color")),
          {
            kind: "variant",
            discriminant: { kind: "field", path: ["color"], enumType: "Color" },
            loc,
            cases: [
              { labels: ["red"], isDefault: false, loc, members: [field("radius", u8)] },
              {
                labels: [],
                isDefault: true,
                loc,
                members: [
                  field("side", u8),
                  field("kind", ref("Kind")),
                  {
                    kind: "variant",
                    discriminant: { kind: "field", path: ["kind"], enumType: "Kind" },
                    loc,
                    cases: [
                      { labels: ["a"], isDefault: false, loc, members: [field("x", ref("Small"))] },
                      { labels: ["b", "c"], isDefault: false, loc, members: [] },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      "struct",
    ),
    def(
      "Box",
      {
        kind: "record",
        members: [
          field("real", ref("Real")),
          field("link", ref("Link")),
          field("zeros", ref("Zeros")),
          field("code", ref("Code")),
          field("bt", { kind: "vector", of: ref("BytesOrText"), length: { kind: "count", min: 1, max: 2 } }),
          field("m", ref("AnyMap")),
          field("opt", { kind: "optional", of: { kind: "optional", of: u8 } }),
        ],
      },
      "struct",
    ),
  ],
};
const scope = new TypeScope(doc.definitions, []);
const schema = genJsonSchema(doc, [], new Set());
const t = (n: string) => scope.definition(n)!.type;
const item = (hex: string) => decodeItem(fromHex(hex));
const check = (type: string, json: unknown) => validateJson([schema], "synthetic", type, json);
const roundTrip = (type: string, v: unknown) => {
  const json = JSON.parse(JSON.stringify(toJsonValue(v, scope, t(type))));
  expect(check(type, json)).toEqual([]);
  expect(fromJsonValue(scope, t(type), json)).toEqual(v);
  return json;
};

describe("JSON form: unions", () => {
  it("writes colliding options wrapped, the text option bare", () => {
    expect(unionOptions(scope, t("BytesOrText") as IRType & { kind: "union" }).map((o) => o.label)).toEqual([
      "bytes",
      undefined,
    ]);
    expect(toJsonValue(new Uint8Array([1, 2]), scope, t("BytesOrText"))).toEqual({ bytes: "0102" });
    expect(toJsonValue("0102", scope, t("BytesOrText"))).toBe("0102");
    expect(fromJsonValue(scope, t("BytesOrText"), { bytes: "0102" })).toEqual(new Uint8Array([1, 2]));
    expect(fromJsonValue(scope, t("BytesOrText"), "0102")).toBe("0102");
    expect(() => fromJsonValue(scope, t("BytesOrText"), 5, "/x")).toThrow(/\/x: matches no option of the union/);
  });
});

describe("JSON form: the kinds the drafts do not use, validated against their schema", () => {
  it("floats, tagged URIs, all-zero bytes, fixed text, unions, maps with any keys, optional of optional", () => {
    const box = {
      real: NaN,
      link: "https://example.com/a",
      zeros: new Uint8Array(3),
      code: "abcdefgh",
      bt: [new Uint8Array([255]), "text"],
      m: new Map<CborItem, number>([
        [item("1903e8"), 1],
        [item("6161"), 2],
      ]),
      opt: 7,
    };
    const json = roundTrip("Box", box);
    expect(json).toEqual({
      real: "NaN",
      link: "https://example.com/a",
      zeros: "000000",
      code: "abcdefgh",
      bt: [{ bytes: "ff" }, "text"],
      m: [
        { key: { cbor: "1903e8" }, value: 1 },
        { key: { cbor: "6161" }, value: 2 },
      ],
      opt: 7,
    });
    for (const real of [-0, Infinity, -Infinity, 1.5]) roundTrip("Box", { ...box, real });
    expect(check("Box", { ...json, zeros: "000100", link: "not a uri", code: "abcdefghi", m: [], bt: [] })).toEqual([
      { pointer: "/link", message: 'must match format "uri"' },
      { pointer: "/zeros", message: "must be all-zero bytes (hex 00 pairs)" },
      { pointer: "/code", message: "must NOT have more than 8 characters" },
      { pointer: "/bt", message: "must NOT have fewer than 1 items" },
      { pointer: "/m", message: "must NOT have fewer than 1 items" },
    ]);
    expect(check("Box", { ...json, real: "nan" })).toEqual([
      { pointer: "/real", message: 'must be one of "NaN", "Infinity", "-Infinity", "-0"' },
    ]);
    expect(check("Box", { ...json, opt: "x" })).toEqual([{ pointer: "/opt", message: "must be null or integer" }]);
  });

  it("int ranges as decimal strings", () => {
    for (const v of [-10n, 0n, 300n]) roundTrip("Small", v);
    for (const bad of ["-11", "301", "1.0"])
      expect(check("Small", bad), bad).toEqual([
        { pointer: "", message: "must be a CDDL int as a decimal string without leading zeros in -10..300" },
      ]);
    expect(() => fromJsonValue(scope, t("Small"), "301")).toThrow(/out of range -10\.\.300/);
  });

  it("a map record with a rest: keys as readMapKey gives them, field keys excluded", () => {
    const v = {
      id: 1,
      others: new Map<unknown, number>([
        [5n, 1],
        ["x", 2],
        [item("f5"), 3],
      ]),
    };
    const json = roundTrip("Open", v);
    expect(json).toEqual({
      id: 1,
      others: [
        { key: { cbor: "05" }, value: 1 },
        { key: { cbor: "6178" }, value: 2 },
        { key: { cbor: "f5" }, value: 3 },
      ],
    });
    expect(
      check("Open", {
        id: 1,
        others: [
          { key: { cbor: "01" }, value: 1 },
          { key: { cbor: "646e6f7465" }, value: 1 },
        ],
      }),
    ).toEqual([
      { pointer: "/others/0/key", message: 'must not be one of {"cbor":"01"}, {"cbor":"646e6f7465"}' },
      { pointer: "/others/1/key", message: 'must not be one of {"cbor":"01"}, {"cbor":"646e6f7465"}' },
    ]);
    expect(() => fromJsonValue(scope, t("Open"), { id: 1, others: [{ key: { cbor: "01" }, value: 1 }] })).toThrow(
      /\/others\/0\/key: key .* belongs to a field/,
    );
    expect(() =>
      fromJsonValue(scope, t("Open"), {
        id: 1,
        others: [
          { key: { cbor: "05" }, value: 1 },
          { key: { cbor: "05" }, value: 2 },
        ],
      }),
    ).toThrow(/\/others\/1\/key: duplicate key/);
    expect(() => fromJsonValue(scope, t("Open"), { id: 1, others: [{ key: { cbor: "1c" }, value: 1 }] })).toThrow(
      /\/others\/0\/key\/cbor: bad CBOR item/,
    );
    // a missing rest reads as an empty Map
    expect(fromJsonValue(scope, t("Open"), { id: 1 })).toEqual({ id: 1, others: new Map() });
  });

  it("selects: a default arm on an open enum (no discriminator), a nested select in an arm, closed enums with ranges", () => {
    const shape = schema["$defs"] as Record<string, Record<string, unknown>>;
    expect(shape["Shape"]!["discriminator"]).toBeUndefined();
    roundTrip("Shape", { color: "red", radius: 3 });
    roundTrip("Shape", { color: "green", side: 2, kind: "a", x: -3n });
    roundTrip("Shape", { color: 77, side: 2, kind: "b" });
    roundTrip("Shape", { color: 77, side: 2, kind: "c" });
    // a number in the reserved range is a Kind, but no arm of the select on kind takes it
    expect(check("Shape", { color: 77, side: 2, kind: 0xff10 })).toEqual([
      { pointer: "/kind", message: "selects no arm of the select" },
    ]);
    expect(check("Shape", { color: "green", side: 2, kind: "a", x: "5", radius: 1 })).toEqual([
      {
        pointer: "/radius",
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      },
    ]);
    expect(check("Shape", { color: "green", side: 2, kind: "b", x: "5" })).toEqual([
      { pointer: "/x", message: "not allowed here: the field belongs to another arm than the one the tag selects" },
    ]);
    expect(check("Shape", { color: "green", side: 2, kind: 7 })).toEqual([
      { pointer: "/kind", message: "must be >= 65280" },
    ]);
    expect(check("Shape", { color: "green", side: 2, kind: "d" })).toEqual([
      { pointer: "/kind", message: 'must be one of "a", "b", "c"' },
    ]);
    expect(check("Shape", { color: "red" })).toEqual([{ pointer: "/radius", message: "required property is missing" }]);
    expect(check("Shape", { color: 5, radius: 1 })).toEqual([
      { pointer: "/side", message: "required property is missing" },
      { pointer: "/kind", message: "required property is missing" },
      {
        pointer: "/radius",
        message: "not allowed here: the field belongs to another arm than the one the tag selects",
      },
    ]);
    expect(() => fromJsonValue(scope, t("Shape"), { color: "red", radius: 3, side: 1 }, "")).toThrow(
      /\/side: field "side" belongs to another variant/,
    );
    expect(() => fromJsonValue(scope, t("Shape"), { color: "green", side: 2, kind: 7 })).toThrow(
      /\/kind: 7 is not a value of this enum/,
    );
    expect(() => fromJsonValue(scope, t("Shape"), { color: "blue", radius: 3 })).toThrow(
      /\/color: unknown enum name "blue"/,
    );
  });
});

describe("JSON form: fromJsonValue errors carry pointers", () => {
  it("uints, bools, records", () => {
    const rec: IRType = { kind: "record", members: [field("a/b", u8), field("c", { kind: "bool" })] };
    expect(() => fromJsonValue(scope, rec, { "a/b": 256, c: true })).toThrow(/^\/a~1b: 256 is out of range 0\.\.255$/);
    expect(() => fromJsonValue(scope, rec, { "a/b": 1, c: 1 })).toThrow(/^\/c: expected true or false$/);
    expect(() => fromJsonValue(scope, rec, { "a/b": 1 })).toThrow(/missing field "c"/);
    expect(() => fromJsonValue(scope, rec, { "a/b": 1, c: true, d: 1 })).toThrow(/\/d: unknown field "d"/);
    expect(() => fromJsonValue(scope, rec, [])).toThrow(JsonFormError);
    // lenient: a uint64 as a safe JSON number
    expect(fromJsonValue(scope, { kind: "uint", bits: 64 }, 5)).toBe(5n);
    expect(() => fromJsonValue(scope, { kind: "uint", bits: 64 }, "18446744073709551616")).toThrow(/out of range/);
    expect(() => fromJsonValue(scope, { kind: "uint", bits: 64 }, "05")).toThrow(/decimal string/);
  });
});

describe("JSON form without a type (best effort)", () => {
  it("bigint, bytes, Maps, CBOR items, non-finite numbers", () => {
    expect(
      toJsonValue({
        a: 1n,
        b: new Uint8Array([0xab]),
        m: new Map<unknown, unknown>([[1n, "x"]]),
        i: item("8201f6"),
        f: -Infinity,
        u: undefined,
        arr: [null, true],
      }),
    ).toEqual({
      a: "1",
      b: "ab",
      m: [{ key: "1", value: "x" }],
      i: { cbor: "8201f6" },
      f: "-Infinity",
      arr: [null, true],
    });
    // a record that merely has a `type` field is not taken for a CBOR item
    expect(toJsonValue({ type: "uint", value: 3 })).toEqual({ type: "uint", value: 3 });
  });
});
