import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWithImports } from "../../src/compile/compile-set.js";

/** A struct or map that names a field twice has no trustworthy wire format: an error, located, and not compiled. */
function compile(text: string, ext: "tls" | "cddl") {
  const file = join(mkdtempSync(join(tmpdir(), "mimi-dup-")), `d.${ext}`);
  writeFileSync(file, text);
  const c = compileWithImports(file);
  return { c, dups: c.diagnostics.filter((d) => d.code === "ir/duplicate-field").map((d) => `${d.loc.line}:${d.loc.col} ${d.message}`) };
}

describe("duplicate fields", () => {
  it("a TPL struct with a field name twice is an error at the second field", () => {
    const { c, dups } = compile("struct {\n  uint8 a;\n  uint16 a;\n} X;\nstruct { uint8 b; } Y;\n", "tls");
    expect(dups).toEqual(['3:3 X: the field name "a" is used twice']);
    expect(c.broken.has("X")).toBe(true);
    expect(c.broken.has("Y")).toBe(false);
  });

  it("an arm may not repeat a field of its struct; two arms may share a name", () => {
    const ok = compile("enum { a(1), b(2) } K;\nstruct { K k; select (k) { case a: uint8 v; case b: uint16 v; }; } S;\n", "tls");
    expect(ok.dups).toEqual([]);
    const bad = compile("enum { a(1), b(2) } K;\nstruct { K k; uint8 v; select (k) { case a: uint8 v; case b: uint16 w; }; } S;\n", "tls");
    expect(bad.dups).toEqual(['2:45 S: the field name "v" is used twice']);
  });

  it("a CDDL map that gives two fields one key is an error", () => {
    const { c, dups } = compile("M = { 1: uint, a: tstr, 1: bstr }\n", "cddl");
    expect(dups.length).toBe(1);
    expect(dups[0]).toMatch(/M: the (map key 1|field name "1") is used twice/);
    expect(c.broken.has("M")).toBe(true);
  });
});
