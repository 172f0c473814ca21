import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractFile, nodeIo, nodeIoWith, type Extraction } from "../../src/extract/index.js";

/**
 * Drafts are untrusted (issue 15): an include may not read outside the
 * draft's folder tree unless allowed, and what a draft makes the extractor
 * read is bounded. A refused include names the path, never the content.
 */
let root = "";
let draftDir = "";
let outside = "";
const SECRET = "secret = 4242424242";

const write = (dir: string, name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const codes = (x: Extraction) => x.diagnostics.map((d) => [d.severity, d.code, d.loc.line]);
const everything = (x: Extraction) => JSON.stringify(x);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mimi-include-policy-"));
  draftDir = join(root, "drafts", "mine");
  outside = join(root, "elsewhere");
  mkdirSync(join(draftDir, "sub"), { recursive: true });
  mkdirSync(outside);
  write(outside, "secret.cddl", SECRET + "\n");
  write(draftDir, "ok.cddl", "ok = uint\n");
  symlinkSync(join(outside, "secret.cddl"), join(draftDir, "link.cddl"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("includes outside the draft's folder", () => {
  it("refuses ../ paths in both syntaxes, at top level and in a fence, without reading them", () => {
    const draft = write(
      draftDir,
      "escape.md",
      ["# T", "", "{::include ../../elsewhere/secret.cddl}", "", "<{{../../elsewhere/secret.cddl}}", "", "~~~ cddl", "{::include ../../elsewhere/secret.cddl}", "~~~", ""].join("\n"),
    );
    const x = extractFile(draft);
    expect(codes(x)).toEqual([
      ["error", "extract/include-outside", 3],
      ["error", "extract/include-outside", 5],
      ["error", "extract/include-outside", 8],
    ]);
    expect(x.diagnostics[0]!.message).toContain(join(outside, "secret.cddl"));
    expect(x.diagnostics[0]!.message).toContain("--allow-include");
    expect(everything(x)).not.toContain("4242424242");
    expect(x.blocks).toEqual([]);
  });

  it("reads an absolute path as relative to the draft, and refuses a symlink that leads out of the folder", () => {
    const draft = write(draftDir, "abs.md", [`<{{${join(outside, "secret.cddl")}}}`, "", "<{{link.cddl}}", "", "<{{sub/../ok.cddl}}", ""].join("\n"));
    const x = extractFile(draft);
    expect(codes(x)).toEqual([
      ["error", "extract/missing-include", 1],
      ["error", "extract/include-outside", 3],
    ]);
    expect(x.diagnostics[0]!.message).toContain(`looked for ${join(draftDir, outside, "secret.cddl")}`);
    expect(everything(x)).not.toContain("4242424242");
    expect(x.blocks.map((b) => b.text)).toEqual(["ok = uint"]);
  });

  it("refuses an xml2rfc src= outside the folder", () => {
    const draft = write(draftDir, "x.xml", `<rfc><sourcecode type="cddl" src="../../elsewhere/secret.cddl"></sourcecode><sourcecode type="cddl" src="ok.cddl"></sourcecode></rfc>`);
    const x = extractFile(draft);
    expect(codes(x)).toEqual([["error", "extract/include-outside", 1]]);
    expect(everything(x)).not.toContain("4242424242");
  });

  it("reads a folder named by allowInclude (the CLI's --allow-include)", () => {
    const draft = write(draftDir, "allowed.md", ["<{{../../elsewhere/secret.cddl}}", "", "<{{link.cddl}}", ""].join("\n"));
    const x = extractFile(draft, nodeIoWith({ allowInclude: [outside] }));
    expect(x.diagnostics.map((d) => d.code)).toEqual(["extract/include-repeated"]);
    expect(x.blocks.map((b) => b.text)).toEqual([SECRET, SECRET]);
  });
});

describe("include cycles, repeats and budgets", () => {
  it("notes a file included twice and keeps both blocks", () => {
    const draft = write(draftDir, "twice.md", ["# One", "", "<{{ok.cddl}}", "", "# Two", "", "{::include ./sub/../ok.cddl}", ""].join("\n"));
    const x = extractFile(draft);
    expect(codes(x)).toEqual([["note", "extract/include-repeated", 7]]);
    expect(x.diagnostics[0]!.message).toBe(`"./sub/../ok.cddl" is included again (first included at line 3:1)`);
    expect(x.diagnostics[0]!.related).toEqual({ file: draft, line: 3, col: 1 });
    expect(x.blocks.map((b) => [b.section, b.text])).toEqual([
      ["One", "ok = uint"],
      ["Two", "ok = uint"],
    ]);
  });

  it("stops a cycle through two markdown files", () => {
    write(draftDir, "b.md", "{::include a.md}\n");
    const a = write(draftDir, "a.md", "{::include b.md}\n");
    const x = extractFile(a);
    expect(x.diagnostics.map((d) => d.code)).toEqual(["extract/include-cycle"]);
    expect(x.diagnostics[0]!.loc).toEqual({ file: join(draftDir, "b.md"), line: 1, col: 1 });
  });

  it("follows at most maxIncludes includes (20,000 of one file: one error, 1,000 blocks)", () => {
    const draft = write(draftDir, "many.md", "<{{ok.cddl}}\n\n".repeat(20_000));
    const x = extractFile(draft);
    expect(x.blocks).toHaveLength(1000);
    const errors = x.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.loc.line])).toEqual([["extract/too-many-includes", 2001]]);
    expect(x.diagnostics.filter((d) => d.code === "extract/include-repeated")).toHaveLength(999);
  });

  it("bounds the bytes included in all, repeats counted", () => {
    const draft = write(draftDir, "bytes.md", "<{{ok.cddl}}\n\n".repeat(5));
    const x = extractFile(draft, { ...nodeIo, policy: { maxIncludedBytes: 25 } });
    expect(x.blocks).toHaveLength(2); // "ok = uint\n" is 10 bytes
    expect(x.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.loc.line])).toEqual([
      ["extract/include-too-large", 5],
      ["extract/include-too-large", 7],
      ["extract/include-too-large", 9],
    ]);
  });

  it("refuses a draft larger than maxInputBytes before reading it", () => {
    const draft = write(draftDir, "big.md", "~~~ cddl\nbig = uint\n~~~\n");
    let read = false;
    const x = extractFile(draft, { ...nodeIo, readFile: (p) => ((read = true), nodeIo.readFile(p)), policy: { maxInputBytes: 10 } });
    expect(read).toBe(false);
    expect(x.blocks).toEqual([]);
    expect(x.diagnostics.map((d) => [d.code, d.message])).toEqual([["extract/input-too-large", `${draft} is 24 bytes, more than the 10 a draft may have (maxInputBytes)`]]);
  });
});
