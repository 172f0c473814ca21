import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWithImports } from "../../src/compile/compile-set.js";

/** Union options a codec cannot keep apart are reported, with what goes wrong. */
function alike(text: string, ext: "tls" | "cddl" = "cddl") {
  const file = join(mkdtempSync(join(tmpdir(), "mimi-union-")), `d.${ext}`);
  writeFileSync(file, text);
  const c = compileWithImports(file);
  return c.diagnostics.filter((d) => d.code === "ir/union-options-alike").map((d) => `${d.severity} ${d.loc.line} ${d.message}`);
}

describe("union options alike", () => {
  it("two arrays with the same items under other names are the same on the wire: a warning, the later never decoded", () => {
    const found = alike("M = S / A\nS = [p: bstr, u: {* int => any}, s: bstr]\nA = [q: bstr, v: {* int => any}, t: bstr]\n");
    expect(found).toEqual(["warning 1 M: options S and A are the same on the wire; a decoder always gives S, never A"]);
  });

  it("a type and its tagged form take the same values: a note, since a tagged value is written back untagged", () => {
    const found = alike("M = S / #6.99(S)\nS = [bstr, int]\n");
    expect(found.length).toBe(1);
    expect(found[0]).toMatch(/^note 1 M: options S and #6\.99\(…\) take the same values; an encoder always writes S/);
  });

  it("options that differ in a map key or an item type are not reported", () => {
    expect(alike("M = {1: int} / {2: int}\n")).toEqual([]);
    expect(alike("M = [int, bstr] / [int, tstr]\n")).toEqual([]);
  });

  it("two tags around one type differ on the wire but not as values: only the note", () => {
    const found = alike("M = #6.1(S) / #6.2(S)\nS = [int]\n");
    expect(found.length).toBe(1);
    expect(found[0]).toMatch(/^note 1 M: options #6\.1\(…\) and #6\.2\(…\) take the same values/);
  });

  it("recursive options end (a pair under comparison is assumed alike)", () => {
    const found = alike("M = T / U\nT = [int, * T]\nU = [int, * U]\n");
    expect(found).toEqual(["warning 1 M: options T and U are the same on the wire; a decoder always gives T, never U"]);
  });
});
