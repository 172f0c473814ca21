import { describe, expect, it } from "vitest";
import type { Mismatch } from "../../src/validate/index.js";
import { at, check } from "./helpers.js";

function one(ms: readonly Mismatch[]): Mismatch {
  expect(ms, JSON.stringify(ms, null, 1)).toHaveLength(1);
  return ms[0]!;
}

describe("arrays: occurrence indicators", () => {
  const C = `a = [+ int, ? tstr, 2*3 bool]
b = [1*2 int]
c = [* int, int, tstr]
d = [x: int, y: int]
`;
  it("match counts within the bounds", () => {
    expect(check(C, "a", [1, true, false])).toEqual([]);
    expect(check(C, "a", [1, 2, "s", true, false, true])).toEqual([]);
    expect(check(C, "b", [1])).toEqual([]);
  });
  it("are greedy and give nothing back (RFC 8610 Appendix A): c = [* int, int, tstr] matches no array", () => {
    expect(one(check(C, "c", [1, 2, 3, "x"]))).toEqual({
      path: "c[3]",
      offset: 4,
      message: '"x" matches none of * int / int; the greedy * int took element [2] 3, and occurrences never give items back (RFC 8610 Appendix A)',
      cddl: at(C, "[* int, int"),
      severity: "error",
    });
    expect(one(check(C, "c", [1, "x"]))).toMatchObject({ path: "c[1]", message: expect.stringMatching(/^"x" matches none of \* int \/ int; the greedy \* int took element \[0\] 1/) });
  });
  it("say so when the array ends where a greedy repetition took the element", () => {
    expect(one(check("s = [* int, int]\n", "s", [1]))).toEqual({
      path: "s",
      offset: 0,
      message:
        "the array ends after 1 element; element [1] is missing (expected int); the greedy * int took element [0] 1, and occurrences never give items back (RFC 8610 Appendix A)",
      cddl: at("s = [* int, int]\n", "int]"),
      severity: "error",
    });
    expect(one(check("s = [? int, int]\n", "s", [1]))).toMatchObject({ message: expect.stringMatching(/element \[1\] is missing \(expected int\); the greedy \? int took/) });
    // Different types: nothing to take, so an optional before a required entry works.
    expect(check("s = [? tstr, int]\n", "s", [1])).toEqual([]);
    expect(check("s = [? tstr, int]\n", "s", ["a", 1])).toEqual([]);
  });
  it("report a missing element at the array, with the entry that wanted it", () => {
    expect(one(check(C, "a", [1, true]))).toEqual({
      path: "a",
      offset: 0,
      message: "the array ends after 2 elements; element [2] is missing (expected 2*3 bool)",
      cddl: at(C, "2*3 bool"),
      severity: "error",
    });
    expect(one(check(C, "d", [1]))).toMatchObject({
      path: "d",
      message: "the array ends after 1 element; element [1] is missing (expected y: int)",
      cddl: at(C, "y: int"),
    });
  });
  it("report extra elements", () => {
    expect(one(check(C, "b", [1, 2, 3]))).toEqual({
      path: "b[2]",
      offset: 3,
      message: "unexpected element [2] 3: the array has 3 elements, the CDDL allows 2 here",
      cddl: at(C, "[1*2"),
      severity: "error",
    });
  });
  it("report the element that stops the match, with its member name", () => {
    expect(one(check(C, "d", [1, "two"]))).toEqual({
      path: "d[1].y",
      offset: 2,
      message: 'expected int, got "two"',
      cddl: at(C, "int]", 1),
      severity: "error",
    });
    // `? tstr` was tried (and skipped) at [1]; at [2] only the bools are left.
    expect(one(check(C, "a", [1, true, 3]))).toMatchObject({ path: "a[2]", message: "expected bool, got 3", cddl: at(C, "bool") });
  });
  it("report every element of a record that fails, not just the first", () => {
    expect(check(C, "d", ["a", "b"])).toEqual([
      { path: "d[0].x", offset: 1, message: 'expected int, got "a"', cddl: at(C, "int,", 3), severity: "error" },
      { path: "d[1].y", offset: 3, message: 'expected int, got "b"', cddl: at(C, "int]", 1), severity: "error" },
    ]);
  });
  it("report what is not an array", () => {
    expect(one(check(C, "d", new Map()))).toEqual({
      path: "d",
      offset: 0,
      message: "expected an array, got a map of 0 entries",
      cddl: at(C, "[x"),
      severity: "error",
    });
  });
});

describe("arrays: group choices and nested groups", () => {
  const C = `msg = [kind: 1, text: tstr // kind: 2, data: bstr // kind: 3]
part = [lang: tstr, (NullPart // SinglePart)]
NullPart = (card: 0)
SinglePart = (card: 1, body: bstr)
pairs = [* (k: tstr, v: int)]
`;
  it("take the choice that matches", () => {
    expect(check(C, "msg", [1, "t"])).toEqual([]);
    expect(check(C, "msg", [2, new Uint8Array(1)])).toEqual([]);
    expect(check(C, "msg", [3])).toEqual([]);
    expect(check(C, "part", ["en", 0])).toEqual([]);
    expect(check(C, "part", ["en", 1, new Uint8Array(0)])).toEqual([]);
    expect(check(C, "pairs", ["a", 1, "b", 2])).toEqual([]);
  });
  it("report the choice that got furthest", () => {
    expect(one(check(C, "msg", [2, "t"]))).toEqual({
      path: "msg[1].data",
      offset: 2,
      message: 'expected bstr, got "t"',
      cddl: at(C, "bstr"),
      severity: "error",
    });
    expect(one(check(C, "part", ["en", 1, "x"]))).toMatchObject({ path: "part[2].body", message: 'expected bstr, got "x"', cddl: at(C, "bstr", 1) });
  });
  it("summarise when every choice fails at the same element", () => {
    expect(one(check(C, "msg", [7]))).toEqual({
      path: "msg[0].kind",
      offset: 1,
      message: "7 matches none of kind: 1 / kind: 2 / kind: 3",
      cddl: at(C, "[kind"),
      severity: "error",
    });
  });
  it("repeat a group as a whole", () => {
    expect(one(check(C, "pairs", ["a", 1, "b"]))).toMatchObject({
      path: "pairs",
      message: "the array ends after 3 elements; element [3] is missing (expected v: int)",
    });
  });
});

describe("arrays: group choices are prioritized (RFC 8610 Appendix A)", () => {
  const C = `p = [(int // int, int)]
q = [(int, int // int)]
r = [(a // b), tstr]
a = (int)
b = (int, int)
`;
  it("the first choice that matches is kept, even when a later one would match the whole array", () => {
    expect(one(check(C, "p", [1, 2]))).toMatchObject({ path: "p[1]", message: "unexpected element [1] 2: the array has 2 elements, the CDDL allows 1 here" });
    expect(check(C, "p", [1])).toEqual([]);
    expect(check(C, "q", [1, 2])).toEqual([]);
    expect(check(C, "q", [1])).toEqual([]);
    expect(check(C, "r", [1, "x"])).toEqual([]);
    // `a` matches [0]; the choice is locked in, so `b` is not tried when tstr then fails at [1].
    expect(check(C, "r", [1, 2, "x"])[0]).toMatchObject({ path: "r[1]", message: "expected tstr, got 2" });
  });
});

describe("maps", () => {
  const C = `person = {name: tstr, ? age: uint, * tstr => any}
closed = {name: tstr}
ints = {* int => tstr}
counted = {2*2 int => tstr}
`;
  it("match entries in any order, with optional and repeated members", () => {
    expect(
      check(
        C,
        "person",
        new Map<string, string | number>([
          ["age", 3],
          ["name", "x"],
        ]),
      ),
    ).toEqual([]);
    expect(
      check(
        C,
        "person",
        new Map<string, string | number>([
          ["name", "x"],
          ["nick", "y"],
          ["z", 1],
        ]),
      ),
    ).toEqual([]);
    expect(
      check(
        C,
        "ints",
        new Map([
          [1, "a"],
          [-2, "b"],
        ]),
      ),
    ).toEqual([]);
    expect(
      check(
        C,
        "counted",
        new Map([
          [1, "a"],
          [2, "b"],
        ]),
      ),
    ).toEqual([]);
  });
  it("report a missing key at the map", () => {
    expect(one(check(C, "closed", new Map()))).toEqual({
      path: "closed",
      offset: 0,
      message: "missing entry name: tstr",
      cddl: at(C, "name: tstr}"),
      severity: "error",
    });
    expect(one(check(C, "counted", new Map([[1, "a"]])))).toMatchObject({
      path: "counted",
      message: "missing entry 2*2 int => tstr (needed 2 times, found 1)",
    });
  });
  it("report a value of the wrong type at its key (name: is a cut)", () => {
    expect(one(check(C, "person", new Map<string, string | number>([["name", 5]])))).toEqual({
      path: 'person{"name"}',
      offset: 6,
      message: "expected tstr, got 5",
      cddl: at(C, "tstr"),
      severity: "error",
    });
  });
  it("report an entry no member takes, at its key", () => {
    expect(
      one(
        check(
          C,
          "closed",
          new Map<string | number, string>([
            ["name", "x"],
            [1, "y"],
          ]),
        ),
      ),
    ).toEqual({
      path: "closed{1}",
      offset: 8,
      message: "unexpected key 1; the map allows name: tstr",
      cddl: at(C, "{name: tstr}"),
      severity: "error",
    });
    expect(one(check(C, "ints", new Map<number, string | number>([[1, 2]])))).toMatchObject({
      path: "ints{1}",
      message: "expected tstr, got 2",
      cddl: at(C, "tstr}", 1),
    });
  });
  it("report duplicate keys", () => {
    const dup = {
      item: {
        type: "map" as const,
        entries: [
          [
            { type: "uint" as const, value: 1n },
            { type: "text" as const, value: "a" },
          ],
          [
            { type: "uint" as const, value: 1n, width: 1 as const },
            { type: "text" as const, value: "b" },
          ],
        ] as const,
      },
    };
    expect(one(check(C, "ints", dup))).toEqual({
      path: "ints{1}",
      offset: 4,
      message: "duplicate map key 1 (entries 0 and 1): a map must not repeat a key",
      cddl: at(C, "{* int"),
      severity: "error",
    });
  });
  it("report what is not a map", () => {
    expect(one(check(C, "closed", [1]))).toMatchObject({ path: "closed", message: "expected a map, got an array of 1 element" });
  });
});

describe("maps: cuts", () => {
  const C = `cut = {? "x" ^ => int, * tstr => any}
nocut = {? "x" => int, * tstr => any}
keyed = {? 1 => int, * int => tstr}
`;
  it("a cut makes a matching key final", () => {
    expect(check(C, "cut", new Map([["x", 1]]))).toEqual([]);
    expect(one(check(C, "cut", new Map([["x", "s"]])))).toEqual({
      path: 'cut{"x"}',
      offset: 3,
      message: 'expected int, got "s"',
      cddl: at(C, "int,"),
      severity: "error",
    });
  });
  it("without a cut another member may take the entry", () => {
    expect(check(C, "nocut", new Map([["x", "s"]]))).toEqual([]);
    expect(check(C, "keyed", new Map([[1, "s"]]))).toEqual([]);
  });
});

describe("maps: group choices and groups", () => {
  const C = `shape = {kind: "circle", r: uint // kind: "rect", w: uint, h: uint}
opts = {? (verbose: bool, level: uint)}
base = {a: int}
more = {~base, b: int}
`;
  it("take the choice that accounts for every entry", () => {
    expect(
      check(
        C,
        "shape",
        new Map<string, string | number>([
          ["kind", "rect"],
          ["w", 1],
          ["h", 2],
        ]),
      ),
    ).toEqual([]);
    expect(check(C, "opts", new Map())).toEqual([]);
    expect(
      check(
        C,
        "opts",
        new Map<string, boolean | number>([
          ["verbose", true],
          ["level", 2],
        ]),
      ),
    ).toEqual([]);
    expect(
      check(
        C,
        "more",
        new Map([
          ["a", 1],
          ["b", 2],
        ]),
      ),
    ).toEqual([]);
  });
  it("report the best choice's problems", () => {
    const ms = check(
      C,
      "shape",
      new Map<string, string | number>([
        ["kind", "rect"],
        ["w", 1],
      ]),
    );
    expect(ms).toEqual([{ path: "shape", offset: 0, message: "missing entry h: uint", cddl: at(C, "h: uint"), severity: "error" }]);
  });
  it("an optional group is all or nothing", () => {
    expect(one(check(C, "opts", new Map([["verbose", true]])))).toMatchObject({
      path: 'opts{"verbose"}',
      message: 'key "verbose" matches verbose: bool, but the group ? (verbose: bool, level: uint) it belongs to does not match as a whole',
      cddl: at(C, "verbose"),
    });
    expect(one(check(C, "more", new Map([["b", 2]])))).toMatchObject({ path: "more", message: "missing entry a: int", cddl: at(C, "a: int") });
  });
});
