import { describe, expect, it } from "vitest";
import { checkRules, type CddlDiagnostic } from "../../src/cddl/check-rules.js";
import { parseCddl } from "../../src/cddl/parse-cddl.js";
import { preludeRules } from "../../src/cddl/prelude.js";
import { rulesOf } from "./helpers.js";

function check(text: string): CddlDiagnostic[] {
  return checkRules(rulesOf(text), preludeRules());
}

function codes(text: string): string[] {
  return check(text).map((d) => `${d.at.line}:${d.at.col} ${d.severity} ${d.code}`);
}

describe("checkRules", () => {
  it("accepts a clean specification", () => {
    expect(check("a = [b, * c]\nb = uint\nc = (x: tstr // y: $s)\n$s /= int\n$s /= bool\n$$g //= (z: a)")).toEqual([]);
  });

  it("reports a name defined twice with = at the second, citing the first", () => {
    expect(check("a = int\nb = 1\n\n  a = tstr")).toEqual([
      {
        code: "cddl/duplicate-rule",
        severity: "error",
        message: 'a is defined twice with "=" (first at 1:1); use "/=" or "//=" to add choices',
        at: { line: 4, col: 3 },
        relatedAt: { line: 1, col: 1 },
      },
    ]);
  });

  it("warns about an identical redefinition, whatever its spacing and comments", () => {
    expect(check("a = bstr .size 32\nb = a\na = bstr  .size   32 ; again")).toEqual([
      {
        code: "cddl/duplicate-rule-identical",
        severity: "warning",
        message: "a is defined again, identically (first at 1:1)",
        at: { line: 3, col: 1 },
        relatedAt: { line: 1, col: 1 },
      },
    ]);
  });

  it("warns about redefining a prelude name differently, not identically", () => {
    expect(codes("uint = 0..10\nbiguint = #6.2(bstr)")).toEqual(["1:1 warning cddl/redefines-prelude"]);
  });

  it("notes /= and //= on a name no = defines, except sockets", () => {
    expect(codes("a /= int\nb //= (x: int)\n$c /= int\n$$d //= (y: int)\nuse = [a, b, $c, $$d]")).toEqual([
      "1:1 note cddl/choice-without-base",
      "2:1 note cddl/choice-without-base",
    ]);
    expect(codes("a = int\na /= tstr")).toEqual([]);
  });

  it("reports a name extended with both /= and //=", () => {
    expect(check("$$a //= (x: int)\n$$a /= int")).toContainEqual({
      code: "cddl/mixed-choice-kinds",
      severity: "error",
      message: '$$a gets type choices ("/=") and group choices ("//="); it must be one or the other',
      at: { line: 2, col: 1 },
      relatedAt: { line: 1, col: 1 },
    });
  });

  it("warns when a socket's sigil does not match its assignment", () => {
    expect(codes("$a //= (x: int)\n$$b /= int")).toEqual(["1:1 warning cddl/socket-kind", "2:1 warning cddl/socket-kind"]);
  });

  it("reports undefined names where they are used; sockets may stay undefined", () => {
    expect(check("a = [b, ~c, &d, x: $e, * $$f, #6.<g>(h)]")).toEqual(
      ["b", "c", "d", "g", "h"].map((name) => ({
        code: "cddl/undefined-name",
        severity: "error",
        message: `${name} is not defined`,
        at: { line: 1, col: { b: 6, c: 10, d: 14, g: 35, h: 38 }[name] },
      })),
    );
  });

  it("sees generic parameters as defined inside their rule only", () => {
    expect(codes("m<t> = [t, u]\nn = t\nuse = m<int>")).toEqual(["1:12 error cddl/undefined-name", "2:5 error cddl/undefined-name"]);
  });

  it("does not report uses of rules that failed to parse, when told their names", () => {
    const file = parseCddl("a = [b]\nb = [\nc = 1");
    expect(file.errors.map((e) => e.rule)).toEqual(["b"]);
    const unparsed = file.errors.flatMap((e) => (e.rule ? [e.rule] : []));
    expect(checkRules(file.rules, preludeRules(), { unparsed })).toEqual([]);
    expect(checkRules(file.rules, preludeRules()).map((d) => d.code)).toEqual(["cddl/undefined-name"]);
  });

  it("reports generic arity mismatches at the use, citing the definition", () => {
    const text = "m<a, b> = [a, b]\nx = m<int>\ny = m\nz = uint<8>\nw = m<int, int>\nv<t> = t<int>";
    expect(check(text)).toEqual([
      {
        code: "cddl/generic-arity",
        severity: "error",
        message: "m takes 2 generic arguments (a, b), but 1 is given",
        at: { line: 2, col: 5 },
        relatedAt: { line: 1, col: 1 },
      },
      {
        code: "cddl/generic-arity",
        severity: "error",
        message: "m takes 2 generic arguments (a, b), but 0 are given",
        at: { line: 3, col: 5 },
        relatedAt: { line: 1, col: 1 },
      },
      {
        code: "cddl/generic-arity",
        severity: "error",
        message: "uint is not generic, but 1 generic argument is given",
        at: { line: 4, col: 5 },
        relatedAt: { line: 3, col: 1 },
      },
      {
        code: "cddl/generic-arity",
        severity: "error",
        message: "t is a generic parameter of v and takes no arguments",
        at: { line: 6, col: 8 },
      },
    ]);
  });

  it("reports a group used where only a type is allowed", () => {
    const text = [
      "g = (x: int, y: int)",
      "alias = g",
      "ok = [g, ? alias, (g), * g]",
      "bad1 = [k: g]",
      "bad2 = g .size 3",
      "bad3 = [g / int]",
      "bad4 = #6.1(alias)",
      "bad5 = ~g",
      "t = [int]",
      "bad6 = &t",
      "ok2 = &g / &alias",
    ].join("\n");
    expect(codes(text)).toEqual([
      "4:12 error cddl/group-as-type",
      "5:8 error cddl/group-as-type",
      "6:9 error cddl/group-as-type",
      "7:13 error cddl/group-as-type",
      "8:9 error cddl/group-as-type",
      "10:9 error cddl/type-as-group",
    ]);
  });

  it("reads the prelude's positions as positions in the prelude, never in the block", () => {
    expect(check("x = uint<1>")[0]?.relatedAt).toEqual({ line: 3, col: 1 });
  });
});
