import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileWithImports } from "../../src/compile/compile-set.js";

/** CDDL over several files: `;# import` / `;# include`, --cddl-path, cddlc include lists, undefined names found beside the file. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mimi-cddl-imports-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const BASE = "base-type = [a: uint, b: helper]\nhelper = tstr\nunused = bool\n";
const names = (c: ReturnType<typeof compileWithImports>) => c.ir.definitions.map((d) => d.name).sort();
const notes = (c: ReturnType<typeof compileWithImports>) => c.diagnostics.filter((d) => d.severity !== "warning").map((d) => `${d.severity} ${d.code} ${d.loc.line}:${d.loc.col}`);

describe("CDDL imports", () => {
  it(";# import takes only what is used, with what that uses; ;# include takes everything", () => {
    const dir = folder({ "base.cddl": BASE, "imp.cddl": ";# import base\nmine = [x: base-type]\n", "inc.cddl": ";# include base\nmine = [x: base-type]\n" });
    const imp = compileWithImports(join(dir, "imp.cddl"));
    expect(names(imp)).toEqual(["base-type", "helper", "mine"]);
    expect(notes(imp)).toEqual([]);
    expect(imp.ir.definitions.find((d) => d.name === "helper")!.loc).toEqual({ file: join(dir, "base.cddl"), line: 2, col: 1 });
    expect(names(compileWithImports(join(dir, "inc.cddl")))).toEqual(["base-type", "helper", "mine", "unused"]);
  });

  it("a missing import is an error at its directive; --cddl-path finds it elsewhere", () => {
    const dir = folder({ "lib/base.cddl": BASE, "doc/imp.cddl": "; comment\n;# import base\nmine = [x: base-type]\n" });
    const missing = compileWithImports(join(dir, "doc/imp.cddl"));
    expect(notes(missing)).toContain("error cddl/missing-import 2:1");
    const found = compileWithImports(join(dir, "doc/imp.cddl"), { cddlPath: [join(dir, "lib")] });
    expect(names(found)).toEqual(["base-type", "helper", "mine"]);
    expect(found.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("an undefined name found in a .cddl file beside the document is taken from it, with a note naming the directive to write", () => {
    const dir = folder({ "base.cddl": BASE, "user.cddl": "mine = [x: base-type]\n" });
    const c = compileWithImports(join(dir, "user.cddl"));
    expect(names(c)).toEqual(["base-type", "helper", "mine"]);
    const note = c.diagnostics.find((d) => d.code === "cddl/implicit-import")!;
    expect(note.message).toContain("`;# import base`");
    expect([note.loc.line, note.loc.col]).toEqual([1, 12]);
  });

  it("a file that only names .cddl files beside it includes them (cddlc include lists)", () => {
    const dir = folder({ "base.cddl": BASE, "list.cddl": "base.cddl\n" });
    const c = compileWithImports(join(dir, "list.cddl"));
    expect(names(c)).toEqual(["base-type", "helper", "unused"]);
    expect(notes(c)).toEqual(["note cddl/file-list 1:1"]);
  });

  it("an import cycle ends: each file is read once", () => {
    const dir = folder({ "a.cddl": ";# include b\na-type = [b: b-type]\n", "b.cddl": ";# include a\nb-type = uint\n" });
    const c = compileWithImports(join(dir, "a.cddl"));
    expect(names(c)).toContain("b-type");
    expect(c.diagnostics.filter((d) => d.code.startsWith("cddl/duplicate") || d.code === "cddl/conflicting-rule")).toEqual([]);
  });
});
