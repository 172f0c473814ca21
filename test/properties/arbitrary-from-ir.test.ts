import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Definition, IRMember, IRType } from "../../src/ir/types.js";
import { TypeScope } from "../../src/ir/type-scope.js";
import { utf8Length } from "../../src/runtime/index.js";
import { arbitraryFor, arbitraryWithContext, type ValueWithContext } from "../../src/testing/arbitrary-from-ir.js";

/**
 * The value generator on hand-written IR, for constructs the built-in
 * documents do not use (or use once): every value it draws must respect the
 * bound the IR states. roundtrip.test.ts relies on this.
 */

const SEED = 20240917;
const loc = { file: "synthetic.tls", line: 1, col: 1 };
const def = (name: string, type: IRType): Definition => ({
  name,
  kind: type.kind === "record" ? "struct" : "alias",
  type,
  loc,
  section: "test",
  language: "tpl",
});
const field = (name: string, type: IRType, extra: { key?: string | number; omittable?: boolean } = {}): IRMember => ({
  kind: "field",
  name,
  type,
  loc,
  ...extra,
});
const ref = (name: string): IRType => ({ kind: "ref", name });
const u8: IRType = { kind: "uint", bits: 8 };

const closedCases = (members: IRMember[]) => [
  { labels: ["x"], isDefault: false, members, loc },
  { labels: [], isDefault: true, members: [], loc },
];

const scope = new TypeScope(
  [
    def("Small", { kind: "uint", bits: 16, min: 10, max: 20 }),
    def("Signed", { kind: "int", min: -5n, max: 5n }),
    def("Open", {
      kind: "enum",
      bits: 8,
      open: true,
      values: [
        { name: "a", value: 0 },
        { name: "b", value: 1 },
        { name: "r", value: 200, upTo: 210 },
      ],
    }),
    def("Closed", {
      kind: "enum",
      bits: 16,
      open: false,
      values: [
        { name: "x", value: 1 },
        { name: "y", value: 2 },
        { name: "priv", value: 0xff00, upTo: 0xffff },
      ],
    }),
    def("Pair", {
      kind: "record",
      members: [
        field("len", u8),
        field("data", { kind: "bytes", length: { kind: "field", path: ["len"] } }),
        field("label", { kind: "text", length: { kind: "prefixed", width: 1, min: 2, max: 10 } }),
      ],
    }),
    def("Point", {
      kind: "record",
      members: [
        field("X", { kind: "bytes", length: { kind: "context", key: "coord" } }),
        field("Y", { kind: "bytes", length: { kind: "context", key: "coord" } }),
      ],
    }),
    def("Shorts", { kind: "vector", of: { kind: "uint", bits: 16 }, length: { kind: "prefixed", width: 1, min: 2, max: 6 } }),
    def("Fixed", { kind: "vector", of: { kind: "uint", bits: 16 }, length: { kind: "fixed", bytes: 8 } }),
    def("Counted", { kind: "vector", of: { kind: "text", length: { kind: "varint", min: 0, max: 0x3fffffff } }, length: { kind: "count", min: 2, max: 3 } }),
    def("Num", { kind: "union", options: [{ kind: "uint", bits: 32 }, { kind: "float" }] }),
    def("Keyed", { kind: "map", key: u8, value: { kind: "bool" }, min: 1, max: 3 }),
    def("Sel", {
      kind: "record",
      members: [
        field("kind", ref("Closed")),
        { kind: "variant", discriminant: { kind: "field", path: ["kind"], enumType: "Closed" }, cases: closedCases([field("a", u8)]), loc },
      ],
    }),
    def("Ctx", {
      kind: "record",
      members: [{ kind: "variant", discriminant: { kind: "context", key: "Outer.kind", enumType: "Closed" }, cases: closedCases([field("p", u8)]), loc }],
    }),
    def("Outer", { kind: "record", members: [field("kind", ref("Closed")), field("inner", ref("Ctx"))] }),
    def("Tree", {
      kind: "record",
      members: [field("value", u8), field("children", { kind: "vector", of: ref("Tree"), length: { kind: "varint", min: 0, max: 0x3fffffff } })],
    }),
    def("Keys", {
      kind: "record",
      encoding: "map",
      members: [
        field("one", u8, { key: 1, omittable: true }),
        field("two", { kind: "text", length: { kind: "varint", min: 0, max: 0x3fffffff } }, { key: "two", omittable: true }),
      ],
      rest: { name: "more", key: { kind: "text", length: { kind: "varint", min: 0, max: 0x3fffffff } }, value: u8 },
    }),
    def("Arr", { kind: "record", encoding: "array", members: [field("a", u8), field("b", u8, { omittable: true }), field("c", u8, { omittable: true })] }),
  ],
  [],
);

function check(name: string, predicate: (x: ValueWithContext) => void, numRuns = 150): void {
  // a block body: vitest assertions return a value, and a property that returns false fails
  fc.assert(
    fc.property(arbitraryWithContext(scope, ref(name)), (x) => {
      predicate(x);
    }),
    { seed: SEED, numRuns },
  );
}

const sample = (name: string, n = 300) => fc.sample(arbitraryWithContext(scope, ref(name)), { seed: SEED, numRuns: n });

describe("arbitraryWithContext on hand-written IR", () => {
  it("uint and int ranges", () => {
    check("Small", ({ value }) => expect(value).toSatisfy((v: unknown) => typeof v === "number" && v >= 10 && v <= 20));
    check("Signed", ({ value }) => expect(value).toSatisfy((v: unknown) => typeof v === "bigint" && v >= -5n && v <= 5n));
  });

  it("enums: canonical names, and numbers only where the enum keeps them and none has a name", () => {
    check("Open", ({ value }) => expect(value === "a" || value === "b" || (typeof value === "number" && value >= 2 && value <= 255)).toBe(true));
    check("Closed", ({ value }) => expect(value === "x" || value === "y" || (typeof value === "number" && value >= 0xff00 && value <= 0xffff)).toBe(true));
    expect(sample("Open").some((s) => typeof s.value === "number")).toBe(true);
  });

  it("[field] lengths follow the field; text bounds count UTF-8 bytes", () => {
    check("Pair", ({ value }) => {
      const v = value as { len: number; data: Uint8Array; label: string };
      expect(v.data.length).toBe(v.len);
      expect(utf8Length(v.label)).toBeGreaterThanOrEqual(2);
      expect(utf8Length(v.label)).toBeLessThanOrEqual(10);
    });
  });

  it("[context] lengths: one length per key, returned in the context", () => {
    check("Point", ({ value, context }) => {
      const v = value as { X: Uint8Array; Y: Uint8Array };
      expect(context).toEqual({ coord: v.X.length });
      expect(v.Y.length).toBe(v.X.length);
    });
  });

  it("vector byte bounds, fixed byte lengths and element counts", () => {
    check("Shorts", ({ value }) => expect((value as number[]).length).toSatisfy((n: number) => n >= 1 && n <= 3));
    check("Fixed", ({ value }) => expect((value as number[]).length).toBe(4));
    check("Counted", ({ value }) => expect((value as string[]).length).toSatisfy((n: number) => n >= 2 && n <= 3));
  });

  it("unions: a value the JavaScript-type dispatch sends to the option it was made for", () => {
    // uint32 comes first: a non-negative integral number always goes there (src/ir/union-options.ts), so float values must not be one
    check("Num", ({ value }) => expect(typeof value === "number" && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) > 0xffffffff)).toBe(true));
    expect(sample("Num").some((s) => !Number.isInteger(s.value))).toBe(true);
  });

  it("maps: size bounds, distinct keys in encoded order", () => {
    check("Keyed", ({ value }) => {
      const keys = [...(value as Map<number, boolean>).keys()];
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(keys.length).toBeLessThanOrEqual(3);
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
      expect(new Set(keys).size).toBe(keys.length);
    });
  });

  it("field selects: the case the discriminant names; the default case for the rest", () => {
    check("Sel", ({ value }) => {
      const v = value as { kind: unknown; a?: number };
      expect(v.a !== undefined).toBe(v.kind === "x");
    });
    expect(sample("Sel").some((s) => (s.value as { kind: unknown }).kind !== "x")).toBe(true);
  });

  it("context selects: the caller's context, or what an enclosing struct published", () => {
    check("Ctx", ({ value, context }) => {
      const d = context["Outer.kind"];
      expect(d).toBeDefined();
      expect((value as { p?: number }).p !== undefined).toBe(d === "x");
    });
    check("Outer", ({ value, context }) => {
      const v = value as { kind: unknown; inner: { p?: number } };
      expect(context).toEqual({});
      expect(v.inner.p !== undefined).toBe(v.kind === "x");
    });
  });

  it("recursion stops after maxDepth", () => {
    const depth = (t: { children: unknown[] }): number => 1 + Math.max(0, ...t.children.map((c) => depth(c as { children: unknown[] })));
    fc.assert(
      fc.property(arbitraryFor(scope, ref("Tree"), { maxDepth: 3 }), (t) => {
        expect(depth(t as { children: unknown[] })).toBeLessThanOrEqual(4);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("map records: rest keys never reuse a declared key; omittable fields in CBOR arrays stay a prefix", () => {
    check("Keys", ({ value }) => expect((value as { more: Map<string, number> }).more.has("two")).toBe(false));
    check("Arr", ({ value }) => {
      const v = value as { b?: number; c?: number };
      if (v.b === undefined) expect(v.c).toBeUndefined();
    });
  });
});
