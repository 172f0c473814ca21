import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockLoc, extractFile } from "../../src/extract/index.js";

let dir = "";
const write = (name: string, lines: string[]) => writeFileSync(join(dir, name), lines.join("\n") + "\n");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mimi-extract-"));
  mkdirSync(join(dir, "examples"));
  write("schema.cddl", ["msg = [", "  id: bstr,", "]"]);
  write("examples/one.edn", ["[1, 2]"]);
  write("types.tls", ["struct {", "  uint8 a;", "} A;"]);
  write("grammar.abnf", ["a = b"]);
  write("part.md", ["## Included Part", "", "~~~ cddl", "inc = int", "~~~"]);
  write("loop.md", ["{::include loop.md}"]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("includes", () => {
  it("resolves mmark <{{file}} relative to the draft, lang from the extension", () => {
    write("mmark.md", ["# Schemas", "", "<{{schema.cddl}}", "", "## Example", "", "<{{examples/one.edn}}", "", "<{{grammar.abnf}}"]);
    const x = extractFile(join(dir, "mmark.md"));
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks.map((b) => [b.lang, b.origin, b.file, b.section, b.info])).toEqual([
      ["cddl", "include", join(dir, "schema.cddl"), "Schemas", ""],
      ["edn", "include", join(dir, "examples/one.edn"), "Example", ""],
      ["other", "include", join(dir, "grammar.abnf"), "Example", ""],
    ]);
    const cddl = x.blocks[0]!;
    expect(cddl.text).toBe("msg = [\n  id: bstr,\n]");
    expect(cddl.lines).toEqual([
      { line: 1, colOffset: 0 },
      { line: 2, colOffset: 0 },
      { line: 3, colOffset: 0 },
    ]);
    expect(blockLoc(cddl, 2, 3)).toEqual({ file: join(dir, "schema.cddl"), line: 2, col: 3 });
  });

  it("resolves a top-level kramdown {::include file}", () => {
    write("kd.md", ["# T", "", "{::include types.tls}"]);
    const x = extractFile(join(dir, "kd.md"));
    expect(x.blocks.map((b) => [b.lang, b.origin, b.file, b.text])).toEqual([["tpl", "include", join(dir, "types.tls"), "struct {\n  uint8 a;\n} A;"]]);
  });

  it("replaces the content of a fence that wraps an include and keeps the fence's lang", () => {
    write("fence.md", ["# T", "", "~~~~ CDDL", "{::include grammar.abnf}", "~~~~", "", "```tls", "<{{schema.cddl}}", "```"]);
    const x = extractFile(join(dir, "fence.md"));
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks.map((b) => [b.lang, b.info, b.origin, b.file, b.text])).toEqual([
      ["cddl", "CDDL", "fence", join(dir, "grammar.abnf"), "a = b"],
      ["tpl", "tls", "fence", join(dir, "schema.cddl"), "msg = [\n  id: bstr,\n]"],
    ]);
    expect(x.blocks[0]!.lines).toEqual([{ line: 1, colOffset: 0 }]);
  });

  it("marks own lines of a fence that mixes text and an include with the draft file", () => {
    write("mixed.md", ["```cddl", "top = msg", "{::include schema.cddl}", "```"]);
    const b = extractFile(join(dir, "mixed.md")).blocks[0]!;
    expect(b.file).toBe(join(dir, "schema.cddl"));
    expect(b.text).toBe("top = msg\nmsg = [\n  id: bstr,\n]");
    expect(b.lines[0]).toEqual({ line: 2, colOffset: 0, file: join(dir, "mixed.md") });
    expect(blockLoc(b, 1, 1)).toEqual({ file: join(dir, "mixed.md"), line: 2, col: 1 });
    expect(blockLoc(b, 2, 1)).toEqual({ file: join(dir, "schema.cddl"), line: 1, col: 1 });
  });

  it("reports a missing include at the directive and carries on", () => {
    write("missing.md", ["# T", "", "  <{{nothere.cddl}}", "", "~~~ cddl", "{::include gone.cddl}", "~~~", "", "~~~ tls", "} A;", "~~~"]);
    const x = extractFile(join(dir, "missing.md"));
    expect(x.diagnostics.map((d) => [d.severity, d.code, d.loc.line, d.loc.col])).toEqual([
      ["error", "extract/missing-include", 3, 3],
      ["error", "extract/missing-include", 6, 1],
    ]);
    expect(x.diagnostics[0]!.loc.file).toBe(join(dir, "missing.md"));
    expect(x.blocks.map((b) => [b.lang, b.text, b.index])).toEqual([["tpl", "} A;", 0]]);
  });

  it("splices an included markdown file, whose fences map to it", () => {
    write("main.md", ["# Top", "", "{::include part.md}", "", "```tls", "} B;", "```"]);
    const x = extractFile(join(dir, "main.md"));
    expect(x.blocks.map((b) => [b.lang, b.file, b.lines[0]!.line, b.section, b.index])).toEqual([
      ["cddl", join(dir, "part.md"), 4, "Included Part", 0],
      ["tpl", join(dir, "main.md"), 6, "Included Part", 1],
    ]);
  });

  it("stops an include cycle with an error", () => {
    const x = extractFile(join(dir, "loop.md"));
    expect(x.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([["extract/include-cycle", 1]]);
    expect(x.blocks).toEqual([]);
  });

  it("warns that an mmark address is not applied", () => {
    write("addr.md", ["<{{schema.cddl}}[lines:1-2]"]);
    const x = extractFile(join(dir, "addr.md"));
    expect(x.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "extract/include-address"]]);
    expect(x.blocks[0]!.lines).toHaveLength(3);
  });
});
