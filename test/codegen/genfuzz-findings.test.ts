import { loadSchema } from "../../src/cli/load-schema.js";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fixedDraft, type DraftFile } from "../../fuzz/gen-drafts.js";
import { checkDrafts, type DraftReport } from "../../fuzz/gen-session.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import { TypeScope } from "../../src/ir/type-scope.js";
import { arbitraryFor } from "../../src/testing/arbitrary-from-ir.js";
import { codecsOf, loadSource } from "./helpers.js";

/**
 * Issue 15, item 2: what the generator fuzzer (fuzz/gen-fuzz.ts) found,
 * each reduced to a minimal draft and put through the fuzzer's own oracle
 * (compile and generate without an exception, located diagnostics, the
 * module type-checks, loads and round-trips values with no side effect,
 * exact wire keys, a complete JSON Schema), plus the specific symptom.
 * Every test here failed before its fix.
 */

const cache = new Map<string, CompiledDocument>();
const file = (name: string, text: string, dirs: string[] = []): DraftFile => ({ path: [...dirs, name], text });

const DRAFTS = {
  // G1: a field named after a member of Object.prototype is read through
  // $ownField, typed `unknown`: a type error wherever its value was used
  inheritedFields: [
    file(
      "inherited.cddl",
      [
        "P = { toString: tstr, valueOf: uint, constructor: bstr, hasOwnProperty: int, __lookupGetter__: [* uint .size 2], isPrototypeOf: bool, ? propertyIsEnumerable: float, toLocaleString: Q }",
        "Q = [ __defineGetter__: uint .size 4, __proto__: int ]",
      ].join("\n"),
    ),
  ],
  inheritedTplFields: [file("inherited.tls", "struct { uint8 a; } R;\nstruct {\n  uint32 hasOwnProperty;\n  opaque toString<V>;\n  uint64 valueOf;\n  R constructor;\n} S;\n")],
  // G2: a type named after a member of Object.prototype used as a field type: UINTS["valueOf"] is a function -> internal error
  inheritedTypeName: [file("valueOf.tls", "struct {\n  uint32 toString;\n} valueOf;\n\nstruct {\n  valueOf a<V>;\n} Q;\n")],
  // G3: aliases named `constructor` found the draft config's `{}` inherited `constructor`: an empty enum, a length of "the rest"
  inheritedAliasName: [file("alias.tls", "uint16 constructor;\nopaque toString[4];\nstruct {\n  constructor c;\n  toString t;\n  uint8 d;\n} S;\n")],
  // G4: one name for two values, or two names for one value: 2 decoded as `a` and written back as 0
  enumRepeats: [file("enums.cddl", "E = &( a: 0, b: 1, a: 2 )\nF = &( x: 0, y: 0 )\nG = &( ok: 0, fine: 1 )\n")],
  enumRepeatsTpl: [file("enums.tls", "enum { a(0), b(1), a(2), (255) } E;\nenum { x(0), y(0), (255) } F;\n")],
  // G5: `$defs` and `properties` built by assignment: `__proto__` replaced the prototype and vanished from the JSON Schema
  protoSchema: [file("proto.cddl", "__proto__ = [ a: uint, __proto__: tstr ]\nB = { __proto__: uint, c: __proto__ }\n")],
  // G6: an undefined CDDL name found PRIMITIVES' inherited `valueOf`: internal error instead of a diagnostic
  undefinedInherited: [file("undefined.cddl", "A = [ x: valueOf ]\nB = [ y: toString ]\nC = [ z: uint ]\n")],
} satisfies Record<string, DraftFile[]>;

const reports = new Map<string, DraftReport>();

beforeAll(async () => {
  const names = Object.keys(DRAFTS) as (keyof typeof DRAFTS)[];
  const undefinedRefs: Partial<Record<keyof typeof DRAFTS, string[]>> = { undefinedInherited: ["valueOf", "toString"] };
  const drafts = names.map((n) => fixedDraft(DRAFTS[n], { undefinedRefs: undefinedRefs[n] ?? [] }));
  const out = await checkDrafts(drafts, mkdtempSync(join(tmpdir(), "mimi-genfuzz-findings-")), cache);
  names.forEach((n, i) => reports.set(n, out[i]!));
}, 120_000);

/** The oracle's findings for a draft, one line each (none expected). */
const findings = (name: keyof typeof DRAFTS): string[] => reports.get(name)!.findings.map((f) => `${f.kind}: ${f.message.split("\n")[0]}`);

describe("generator fuzz findings, reduced", () => {
  it("G1: fields named after Object.prototype members type-check, load and round-trip (CDDL maps and arrays, TPL structs)", () => {
    expect(findings("inheritedFields")).toEqual([]);
    expect(findings("inheritedTplFields")).toEqual([]);
    expect(reports.get("inheritedFields")!.values).toBeGreaterThan(0);
    expect(reports.get("inheritedTplFields")!.values).toBeGreaterThan(0);
  });

  it("G2: a TPL type named valueOf is a struct, not a uint whose width is Object.prototype.valueOf", async () => {
    expect(findings("inheritedTypeName")).toEqual([]);
    const schema = await loadSource("struct {\n  uint32 toString;\n} valueOf;\n\nstruct {\n  valueOf a<V>;\n} Q;\n", "tls");
    const q = codecsOf(schema, "Q");
    const value = { a: [{ toString: 7 }] };
    expect(q.tpl.encode(value)).toEqual(new Uint8Array([4, 0, 0, 0, 7]));
    expect(q.tpl.decode(q.tpl.encode(value))).toEqual(value);
  });

  it("G3: TPL aliases named constructor and toString keep their own wire format", async () => {
    expect(findings("inheritedAliasName")).toEqual([]);
    const schema = await loadSource(DRAFTS.inheritedAliasName[0]!.text, "tls");
    const s = codecsOf(schema, "S");
    const value = { c: 0x102, t: new Uint8Array([1, 2, 3, 4]), d: 9 };
    // uint16, exactly four bytes, then d: the alias is neither an empty enum nor "the rest of the input"
    expect(s.tpl.encode(value)).toEqual(new Uint8Array([1, 2, 1, 2, 3, 4, 9]));
    expect(s.tpl.decode(new Uint8Array([1, 2, 1, 2, 3, 4, 9]))).toEqual(value);
  });

  it("G4: an enum repeating a name or a value is settled with a located diagnostic (numbers for a repeated name, the first name for a value), in CDDL and TPL", async () => {
    for (const name of ["enumRepeats", "enumRepeatsTpl"] as const) {
      expect(findings(name)).toEqual([]);
      expect(reports.get(name)!.errors).toBe(0);
    }
    const dir = mkdtempSync(join(tmpdir(), "mimi-enum-"));
    const compiled = compileWithImports(writeDraft(dir, DRAFTS.enumRepeats), { cache });
    const settled = compiled.diagnostics.filter((d) => d.code.startsWith("ir/enum-")).map((d) => `${d.loc.line}:${d.loc.col} ${d.severity} ${d.code}: ${d.message}`);
    expect(settled).toEqual([
      '1:1 note ir/enum-name-repeated: E: the name "a" is used for 0, 2; these values are numbers in TypeScript',
      '2:1 note ir/enum-value-renamed: F: the value 0 is named both "x" and "y"; it is "x" in TypeScript',
    ]);
    expect([...compiled.broken.keys()]).toEqual([]);
    const tpl = compileWithImports(writeDraft(mkdtempSync(join(tmpdir(), "mimi-enum-")), DRAFTS.enumRepeatsTpl), { cache });
    expect(tpl.diagnostics.filter((d) => d.code.startsWith("ir/enum-")).map((d) => d.severity)).toEqual(["warning", "warning"]);
    // the wire keeps every value: 2 decodes as the number 2 and is written back as 2, 1 as "b"
    const schema = await loadSchema(writeDraft(mkdtempSync(join(tmpdir(), "mimi-enum-")), DRAFTS.enumRepeats));
    const E = (schema.module as any).E;
    expect(E.cbor.decode(Uint8Array.of(0x02))).toBe(2);
    expect(E.cbor.decode(Uint8Array.of(0x01))).toBe("b");
    expect([...E.cbor.encode(2)]).toEqual([0x02]);
    expect(() => E.cbor.decode(Uint8Array.of(0x03))).toThrow(/3/);
    const F = (schema.module as any).F;
    expect(F.cbor.decode(Uint8Array.of(0x00))).toBe("x");
  });

  it("G5: the JSON Schema keeps a definition and a property named __proto__", () => {
    expect(findings("protoSchema")).toEqual([]);
    expect(reports.get("protoSchema")!.definitions).toBe(2);
  });

  it("G6: an undefined CDDL name that Object.prototype has is a located diagnostic, not an internal error", () => {
    expect(findings("undefinedInherited")).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "mimi-undef-"));
    const compiled = compileWithImports(writeDraft(dir, DRAFTS.undefinedInherited), { cache });
    const errors = compiled.diagnostics.filter((d) => d.severity === "error" && d.code === "cddl/undefined-name").map((d) => `${d.loc.line}:${d.loc.col} ${d.message}`);
    // (check-rules and the lowering both report an undefined name: the same diagnostic twice, for any name)
    expect([...new Set(errors)]).toEqual(["1:10 valueOf is not defined", "2:10 toString is not defined"]);
    expect(compiled.broken.has("C")).toBe(false);
  });

  it("G7: a TPL struct named constructor has no case-label mapping from Object's properties", () => {
    const dir = mkdtempSync(join(tmpdir(), "mimi-case-"));
    const text = "enum { Object(0), b(1), (255) } E;\nstruct {\n  E e;\n  select (constructor.e) {\n    case name: uint8 x;\n    case b: uint8 y;\n  };\n} constructor;\n";
    const compiled = compileWithImports(writeDraft(dir, [file("case.tls", text)]), { cache });
    const about = compiled.diagnostics.filter((d) => d.loc.line === 5).map((d) => `${d.severity} ${d.code}`);
    expect(about).toEqual(["error tpl/unknown-case-label"]);
  });

  it("G9: a CDDL rule defined differently in two fences of one markdown draft is reported, located at the second", () => {
    const md = ["# A", "", "~~~ cddl", "name = [ n: bstr ]", "~~~", "", "# B", "", "~~~ cddl", "name = &( a: 0, b: 1 )", "other = [ x: uint ]", "~~~", ""].join("\n");
    const dir = mkdtempSync(join(tmpdir(), "mimi-twice-"));
    const path = writeDraft(dir, [file("twice.md", md, ["`${x}`"])]);
    const compiled = compileWithImports(path, { cache });
    const conflicts = compiled.diagnostics.filter((d) => d.code === "cddl/conflicting-rule");
    expect(conflicts.map((d) => `${d.severity} ${d.loc.line}:${d.loc.col} ${d.message}`)).toEqual([
      "warning 10:1 name is defined differently in two blocks of this document; the first definition is used",
    ]);
    expect(conflicts[0]!.related?.line).toBe(4);
    expect(compiled.ir.definitions.find((d) => d.name === "name")?.type.kind).toBe("record");
  });

  it("G8: values drawn from the IR for a field named __proto__ hold it as an own property", () => {
    const dir = mkdtempSync(join(tmpdir(), "mimi-proto-"));
    const compiled = compileWithImports(writeDraft(dir, [file("p.cddl", "P = { __proto__: uint .size 1, toString: tstr }\n")]), { cache });
    const scope = new TypeScope(compiled.ir.definitions, []);
    for (const v of fc.sample(arbitraryFor(scope, { kind: "ref", name: "P" }), { seed: 1, numRuns: 20 }) as Record<string, unknown>[]) {
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(Object.hasOwn(v, "__proto__")).toBe(true);
      expect(typeof v["__proto__"]).toBe("number");
    }
  });
});

function writeDraft(dir: string, files: readonly DraftFile[]): string {
  for (const f of files) {
    mkdirSync(join(dir, ...f.path.slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...f.path), f.text);
  }
  return join(dir, ...files[files.length - 1]!.path);
}
