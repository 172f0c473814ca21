import { describe, expect, it } from "vitest";
import type { Mismatch } from "../../src/validate/index.js";
import { validate } from "../../src/validate/index.js";
import { at, cbor, check, checkBytes, hex, schemaOf } from "./helpers.js";

/** The one mismatch there is. */
function one(ms: readonly Mismatch[]): Mismatch {
  expect(ms, JSON.stringify(ms, null, 1)).toHaveLength(1);
  return ms[0]!;
}

describe("literals", () => {
  const C = `i = 42
n = -7
f = 1.5
t = "hi"
b = h'0102'
u = 'ab'
`;
  it("match equal values of the same kind", () => {
    for (const [rule, v] of [
      ["i", 42],
      ["n", -7],
      ["f", { float: 1.5 }],
      ["t", "hi"],
      ["b", hex("0102")],
      ["u", new TextEncoder().encode("ab")],
    ] as const) {
      expect(check(C, rule, v), rule).toEqual([]);
    }
  });
  it("report the literal and the item", () => {
    expect(one(check(C, "i", 43))).toEqual({ path: "i", offset: 0, message: "expected 42, got 43", cddl: at(C, "42"), severity: "error" });
    expect(one(check(C, "n", 7)).message).toBe("expected -7, got 7");
    expect(one(check(C, "f", 1)).message).toBe("expected 1.5, got 1"); // an integer is not a float
    expect(one(check(C, "t", "ho"))).toMatchObject({ message: 'expected "hi", got "ho"', cddl: at(C, '"hi"') });
    expect(one(check(C, "b", hex("0103")))).toMatchObject({ message: "expected h'0102', got h'0103'", cddl: at(C, "h'0102'") });
    expect(one(check(C, "u", "ab")).message).toBe(`expected 'ab', got "ab"`);
  });
});

describe("type choices", () => {
  const C = `a = int / tstr
b = null / [int, int]
c = x / y
x = [1, tstr]
y = [2, bstr]
`;
  it("match any alternative", () => {
    expect(check(C, "a", 1)).toEqual([]);
    expect(check(C, "a", "s")).toEqual([]);
    expect(check(C, "b", null)).toEqual([]);
    expect(check(C, "b", [1, 2])).toEqual([]);
  });
  it("summarise when no alternative gets inside the item", () => {
    expect(one(check(C, "a", hex("00")))).toEqual({
      path: "a",
      offset: 0,
      message: "h'00' matches none of int / tstr",
      cddl: at(C, "int / tstr"),
      severity: "error",
    });
  });
  it("report the alternative that got furthest", () => {
    expect(one(check(C, "b", [1, "x"]))).toEqual({ path: "b[1]", offset: 2, message: 'expected int, got "x"', cddl: at(C, "int]"), severity: "error" });
    // [2, "s"]: y gets past its first element, x does not.
    expect(one(check(C, "c", [2, "s"]))).toMatchObject({ path: "c[1]", message: 'expected bstr, got "s"', cddl: at(C, "bstr") });
  });
});

describe("names, generics and unwrapping", () => {
  const C = `pair<K, V> = [K, V]
a = pair<tstr, uint>
base = [x: int, y: int]
ext = [~base, z: tstr]
big = ~biguint
top = [field: thing]
thing = other
other = bstr
loop = loop2
loop2 = loop
`;
  it("bind generic parameters to the arguments, located where the argument is written", () => {
    expect(check(C, "a", ["k", 1])).toEqual([]);
    expect(one(check(C, "a", ["k", -1]))).toEqual({ path: "a[1]", offset: 3, message: "expected uint, got -1", cddl: at(C, "uint>"), severity: "error" });
  });
  it("unwrap an array's group into another array, and a tag to its content", () => {
    expect(check(C, "ext", [1, 2, "z"])).toEqual([]);
    expect(one(check(C, "ext", [1, "y", "z"]))).toMatchObject({ path: "ext[1].y", message: 'expected int, got "y"', cddl: at(C, "int]") });
    expect(check(C, "big", hex("01"))).toEqual([]);
    expect(one(check(C, "big", 1)).message).toBe("expected bstr, got 1");
  });
  it("report a kind mismatch at the reference, naming it", () => {
    expect(one(check(C, "top", [5]))).toEqual({ path: "top[0].field", offset: 1, message: "expected thing, got 5", cddl: at(C, "thing]"), severity: "error" });
  });
  it("stop a cycle that consumes nothing", () => {
    expect(one(check(C, "loop", 1)).message).toMatch(/refers to itself/);
  });
  it("bind arguments of generic groups, in arrays and in maps", () => {
    const G = `kv<K, V> = (key: K, val: V)
row = [kv<tstr, uint>, kv<int, bool>]
dict<K, V> = {* K => V}
d = dict<tstr, [* int]>
`;
    expect(check(G, "row", ["a", 1, -1, true])).toEqual([]);
    expect(one(check(G, "row", ["a", 1, -1, 0]))).toEqual({
      path: "row[3].val",
      offset: 5,
      message: "expected bool, got 0",
      cddl: at(G, "bool"),
      severity: "error",
    });
    expect(check(G, "d", new Map([["x", [1, 2]]]))).toEqual([]);
    expect(one(check(G, "d", new Map([["x", [1, "2"]]])))).toMatchObject({ path: 'd{"x"}[1]', message: 'expected int, got "2"', cddl: at(G, "int]>") });
  });
  it("report undefined names", () => {
    const S = "a = [nothing]\n";
    expect(one(check(S, "a", [1]))).toMatchObject({ path: "a[0]", message: "nothing is not defined", cddl: at(S, "nothing") });
  });
});

describe("sockets and plugs", () => {
  const C = `msg = [$kind]
$kind /= int
$kind /= tstr
open = int / $ext
closed = [$nothing]
m = {a: int, * $$more}
m2 = {a: int, * $$more2}
$$more2 //= (b: tstr)
`;
  it("match any plug of a type socket", () => {
    expect(check(C, "msg", [1])).toEqual([]);
    expect(check(C, "msg", ["x"])).toEqual([]);
    expect(one(check(C, "msg", [hex("00")]))).toMatchObject({ path: "msg[0]", message: "expected $kind, got h'00'", cddl: at(C, "$kind]") });
  });
  it("an undefined type socket matches nothing, but is legal", () => {
    expect(check(C, "open", 1)).toEqual([]);
    expect(one(check(C, "open", "x"))).toMatchObject({ path: "open", message: `"x" matches none of int / $ext` });
    expect(one(check(C, "closed", [1]))).toMatchObject({
      path: "closed[0]",
      message: "got 1, but the socket $nothing has no definitions (nothing is added to it with /=)",
      cddl: at(C, "$nothing"),
    });
  });
  it("an undefined group socket is an empty group", () => {
    expect(check(C, "m", new Map([["a", 1]]))).toEqual([]);
    expect(
      one(
        check(
          C,
          "m",
          new Map<string, number | string>([
            ["a", 1],
            ["b", "x"],
          ]),
        ),
      ).path,
    ).toBe('m{"b"}');
    expect(
      check(
        C,
        "m2",
        new Map<string, number | string>([
          ["a", 1],
          ["b", "x"],
        ]),
      ),
    ).toEqual([]);
  });
});

describe("enumerations with &", () => {
  const C = `color = &(red: 0, green: 1, blue: 2)
dispo = &base / &(unknown: 9..255)
base = (a: 0, b: 1)
`;
  it("match the values of the group's members", () => {
    expect(check(C, "color", 2)).toEqual([]);
    expect(check(C, "dispo", 1)).toEqual([]);
    expect(check(C, "dispo", 42)).toEqual([]);
  });
  it("report a value outside", () => {
    expect(one(check(C, "color", 5))).toEqual({
      path: "color",
      offset: 0,
      message: "5 matches none of &(red: 0, green: 1, blue: 2)",
      cddl: at(C, "&(red"),
      severity: "error",
    });
    expect(one(check(C, "dispo", 300))).toMatchObject({ message: "300 matches none of &base / &(unknown: 9..255)", cddl: at(C, "&base") });
  });
});

describe("ranges", () => {
  const C = `in = 1..10
ex = 1...10
fl = 0.0..1.0
named = lo .. hi
lo = -3
hi = 3
`;
  it("include or exclude the upper bound", () => {
    expect(check(C, "in", 10)).toEqual([]);
    expect(one(check(C, "ex", 10))).toEqual({ path: "ex", offset: 0, message: "10 is not in the range 1...10", cddl: at(C, "1...10"), severity: "error" });
    expect(one(check(C, "in", "x")).message).toBe('expected an integer in 1..10, got "x"');
  });
  it("compare floats with float bounds and follow named bounds", () => {
    expect(check(C, "fl", { float: 0.5 })).toEqual([]);
    expect(one(check(C, "fl", { float: 1.5 })).message).toBe("1.5 is not in the range 0.0..1.0");
    expect(check(C, "named", -3)).toEqual([]);
    expect(one(check(C, "named", 4)).message).toBe("4 is not in the range lo..hi");
  });
  it("refuse a range with an integer and a float bound, whatever the item (RFC 8610 Appendix C leaves it undefined)", () => {
    const M = "mixed = 1..10e1\nmixed2 = 0.5...2\n";
    const message = "the range 1..10e1 mixes an integer and a float bound; a range needs two integers or two floats (RFC 8610 Appendix C)";
    expect(one(check(M, "mixed", 5))).toEqual({ path: "mixed", offset: 0, message, cddl: at(M, "1..10e1"), severity: "error" });
    expect(one(check(M, "mixed", { float: 5.5 })).message).toBe(message);
    expect(one(check(M, "mixed2", { float: 1 })).message).toMatch(/^the range 0.5...2 mixes an integer and a float bound/);
  });
});

describe("tags and major types", () => {
  const C = `t = #6.32(tstr)
ct = #6.<num>(int)
num = 100..200
anytag = #6(int)
m24 = #0.24
f16 = #7.25
nul = #7.22
t2 = #3.2
tag1 = #6.1
`;
  it("check the tag number and the content", () => {
    expect(check(C, "t", { tag: 32, item: "x" })).toEqual([]);
    expect(one(check(C, "t", { tag: 33, item: "x" }))).toEqual({
      path: "t",
      offset: 0,
      message: "expected tag 32, got tag 33",
      cddl: at(C, "#6.32"),
      severity: "error",
    });
    expect(one(check(C, "t", { tag: 32, item: 1 }))).toEqual({
      path: "t#6.32",
      offset: 2,
      message: "expected tstr, got 1",
      cddl: at(C, "tstr"),
      severity: "error",
    });
    expect(one(check(C, "t", "x")).message).toBe('expected tag 32, got "x"');
  });
  it("take tag numbers from a type (RFC 9682) or any tag", () => {
    expect(check(C, "ct", { tag: 150, item: 1 })).toEqual([]);
    expect(one(check(C, "ct", { tag: 99, item: 1 })).message).toBe("expected a tag num, got tag 99");
    expect(check(C, "anytag", { tag: 7, item: 1 })).toEqual([]);
  });
  it("read #n.m as the set of values with that additional information", () => {
    expect(check(C, "m24", 200)).toEqual([]);
    expect(one(check(C, "m24", 300))).toMatchObject({ message: "expected #0.24, got 300", cddl: at(C, "#0.24") });
    expect(check(C, "f16", { float: 1.5 })).toEqual([]);
    expect(one(check(C, "f16", { float: 1.1 })).message).toBe("expected #7.25, got 1.1");
    expect(check(C, "nul", null)).toEqual([]);
    expect(one(check(C, "nul", false)).message).toBe("expected #7.22, got false");
    expect(check(C, "t2", "ab")).toEqual([]);
    expect(one(check(C, "t2", "abc")).message).toBe('expected #3.2, got "abc"');
    expect(check(C, "tag1", { tag: 1, item: "anything" })).toEqual([]);
    expect(one(check(C, "tag1", { tag: 2, item: 0 })).message).toBe("expected #6.1, got tag 2");
  });
  it("any matches everything", () => {
    const S = "a = [any, #]\n";
    expect(check(S, "a", [new Map([[1, 2]]), { tag: 5, item: null }])).toEqual([]);
    expect(one(check(S, "a", [1])).message).toMatch(/^the array ends after 1 element; element \[1\] is missing/);
  });
  it("tell an integer from a float from a simple value", () => {
    const S = "a = [int, float, bool, null]\n";
    expect(check(S, "a", [1, { float: 1 }, true, null])).toEqual([]);
    expect(one(check(S, "a", [1, 1, true, null]))).toMatchObject({ path: "a[1]", message: "expected float, got 1", cddl: at(S, "float") });
  });
});

describe("byte offsets", () => {
  it("point at the item in the input, also after indefinite-length items", () => {
    const S = "a = [* tstr]\n";
    // 9f (indefinite array) 6161 ("a") 7f 6162 ff (indefinite "b") 01 ff
    expect(one(checkBytes(S, "a", hex("9f 6161 7f6162ff 01 ff")))).toMatchObject({ path: "a[2]", offset: 7, message: "expected tstr, got 1" });
    // 3-byte head for the array: 99 0002, then "a" and 01
    expect(one(checkBytes(S, "a", hex("990002 6161 01")))).toMatchObject({ path: "a[1]", offset: 5 });
  });
});

describe("validate() on an item built in memory", () => {
  const C = "a = [* a] / int\n";
  it("reports without offsets", () => {
    expect(validate(schemaOf(C), "a", cbor([[["x"]]]))).toEqual([{ path: "a[0][0][0]", message: 'expected a, got "x"', cddl: at(C, "a]"), severity: "error" }]);
  });
  it("takes its limits as options", () => {
    expect(validate(schemaOf(C), "a", cbor([[[[1]]]]), { maxDepth: 4 })).toEqual([
      { path: "a[0][0]", message: "validation budget exhausted: nested deeper than 4 levels", cddl: { file: "t.cddl", line: 1, col: 1 }, severity: "error" },
    ]);
  });
});
