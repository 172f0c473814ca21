import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_DOCUMENTS, loadBuiltinConfig } from "../../src/compile/builtin.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { readIdentity, splitDocname } from "../../src/compile/read-identity.js";
import { recogniseBuiltin } from "../../src/compile/recognise-builtin.js";
import { wireDiff } from "../../src/compare/wire-diff.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * Built-in documents are recognised by what the file says about itself
 * (docname, RFC number, title, fingerprint), never by where it lives.
 */
describe("reading a document's identity", () => {
  it("kramdown YAML front matter: docname, number, folded title", () => {
    const id = readIdentity(["---", "title: >", "  Concise data definition", "  language (CDDL)", "docname: draft-ietf-cbor-cddl-08", "number: 8610", "---", "# Intro"].join("\n"), "markdown");
    expect(id).toMatchObject({ docname: "draft-ietf-cbor-cddl-08", family: "draft-ietf-cbor-cddl", version: "08", rfc: 8610, title: "Concise data definition language (CDDL)" });
  });

  it("mmark TOML front matter: [seriesInfo] value and title", () => {
    const id = readIdentity(['%%%', 'title = "MIMI content"', "[seriesInfo]", 'name = "Internet-Draft"', 'value = "draft-ietf-mimi-content-latest"', "%%%"].join("\n"), "markdown");
    expect(id).toMatchObject({ family: "draft-ietf-mimi-content", version: "latest", title: "MIMI content" });
  });

  it("xml2rfc: docName and number on <rfc>; plain text: the RFC number in the header", () => {
    expect(readIdentity('<?xml version="1.0"?>\n<rfc docName="draft-ietf-cbor-update-8610-grammar-06" number="9682"><front><title>Updates</title>', "xml")).toMatchObject({
      family: "draft-ietf-cbor-update-8610-grammar",
      version: "06",
      rfc: 9682,
      title: "Updates",
    });
    expect(readIdentity("Internet Engineering Task Force (IETF)     C. Bormann\nRequest for Comments: 9682      Universität Bremen\n", "text")).toMatchObject({ rfc: 9682 });
  });

  it("the fingerprint ignores CRLF line ends and a BOM, nothing else", () => {
    const a = readIdentity("a\nb\n", "markdown").sha256;
    expect(readIdentity("\uFEFFa\r\nb\r\n", "markdown").sha256).toBe(a);
    expect(readIdentity("a\nb \n", "markdown").sha256).not.toBe(a);
  });

  it("splits a docname into family and version", () => {
    expect(splitDocname("draft-ietf-mimi-protocol-06")).toEqual({ family: "draft-ietf-mimi-protocol", version: "06" });
    expect(splitDocname("draft-ietf-mimi-protocol-latest")).toEqual({ family: "draft-ietf-mimi-protocol", version: "latest" });
    expect(splitDocname("draft-foo")).toEqual({ family: "draft-foo" });
  });
});

describe("recognising a built-in document", () => {
  const id = (docname: string, extra: object = {}) => ({ sha256: "0".repeat(64), ...splitDocname(docname), docname, ...extra });

  it("the configured version is exact; another version gets the family's nearest config", () => {
    expect(recogniseBuiltin(id("draft-ietf-mimi-content-04"))).toMatchObject({ name: "mimi-content-04", exact: true });
    expect(recogniseBuiltin(id("draft-ietf-mimi-content-03"))).toMatchObject({ name: "mimi-content-03", exact: true });
    expect(recogniseBuiltin(id("draft-ietf-mimi-content-07"))).toMatchObject({ name: "mimi-content-04", exact: false });
    expect(recogniseBuiltin(id("draft-ietf-mimi-content-02"))).toMatchObject({ name: "mimi-content-03", exact: false });
    expect(recogniseBuiltin(id("draft-ietf-mimi-content-latest"))).toMatchObject({ name: "mimi-content-main", exact: false });
    expect(recogniseBuiltin(id("draft-ietf-mimi-protocol-07"))).toMatchObject({ name: "mimi-protocol-06", exact: false });
    expect(recogniseBuiltin(id("draft-ietf-mimi-protocol-01"))).toMatchObject({ name: "mimi-protocol-06", exact: false });
  });

  it("the fingerprint of the configured text, the RFC number, or the title as a last resort", () => {
    const sha = loadBuiltinConfig("mimi-protocol-06").identity!.sha256!;
    expect(recogniseBuiltin(id("draft-ietf-mimi-protocol-latest", { sha256: sha }))).toMatchObject({ name: "mimi-protocol-06", exact: true });
    expect(recogniseBuiltin({ sha256: "1", rfc: 9420 })).toMatchObject({ name: "rfc9420", exact: true });
    expect(recogniseBuiltin({ sha256: "1", title: "The Messaging Layer Security (MLS) protocol" })).toMatchObject({ name: "rfc9420", exact: false });
    expect(recogniseBuiltin(id("draft-ralston-mimi-protocol-latest"))).toBeUndefined();
  });

  it("never answers with the CDDL half of a merged pair", () => {
    const halves = BUILTIN_DOCUMENTS.flatMap((b) => loadBuiltinConfig(b).merge?.with ?? []);
    expect(halves).toEqual(["mimi-content-03-cddl"]);
    expect(recogniseBuiltin(id("draft-ietf-mimi-content-03"))?.name).not.toBe("mimi-content-03-cddl");
  });
});

describe.skipIf(!HAVE_DRAFTS)("each built-in's identity", () => {
  it("its fingerprint is its source's, and recognising its source gives it, exactly", () => {
    for (const name of BUILTIN_DOCUMENTS) {
      const config = loadBuiltinConfig(name);
      if (!config.identity) continue;
      const text = readFileSync(join(DRAFTS, config.source), "utf8");
      const id = readIdentity(text, "markdown");
      expect(config.identity.sha256, `${name}: set identity.sha256 to the source's`).toBe(id.sha256);
      expect(recogniseBuiltin(id), name).toMatchObject({ name, exact: true });
    }
  });
});

describe.skipIf(!HAVE_DRAFTS)("a copy of a built-in draft anywhere compiles as the built-in", () => {
  const scratch = mkdtempSync(join(tmpdir(), "mimi-copy-"));
  const sources = [...new Set(BUILTIN_DOCUMENTS.map((b) => loadBuiltinConfig(b).source))];
  // copy each draft's folder (its includes come along), byte for byte
  for (const s of sources) cpSync(join(DRAFTS, s, ".."), join(scratch, s, ".."), { recursive: true });

  const counts = (c: CompiledDocument) => ({
    blocks: c.blocks,
    cddlBlocks: c.cddlBlocks,
    definitions: c.ir.definitions.length,
    compiled: c.ir.definitions.length - c.broken.size,
    errors: c.diagnostics.filter((d) => d.severity === "error").length,
    warnings: c.diagnostics.filter((d) => d.severity === "warning").length,
  });

  for (const name of BUILTIN_DOCUMENTS.filter((b) => !BUILTIN_DOCUMENTS.some((o) => loadBuiltinConfig(o).merge?.with === b))) {
    it(`${name}: same counts, same config, and diff finds no change`, () => {
      const copy = join(scratch, loadBuiltinConfig(name).source);
      expect(readFileSync(copy).equals(readFileSync(join(DRAFTS, loadBuiltinConfig(name).source)))).toBe(true);
      const cache = new Map<string, CompiledDocument>();
      const builtin = compileWithImports(name, { cache, drafts: DRAFTS });
      const copied = compileWithImports(copy, { cache });
      expect(copied.config.document).toBe(name);
      expect(counts(copied)).toEqual(counts(builtin));
      const diff = wireDiff(name, copy, { cache });
      expect(diff.summary).toMatchObject({ changed: 0, affected: 0, added: 0, removed: 0, renamed: 0 });
      expect(diff.summary.unchanged).toBe(builtin.ir.definitions.length);
    });
  }

  it("lint of the copy prints the built-in's summary and says which config it used", async () => {
    const copy = join(scratch, "mimi-content/03/draft-ietf-mimi-content.md");
    const r = await runCli(["lint", copy]);
    expect(r.out).toContain(`${copy}: 8 TPL blocks, 0 CDDL blocks, 18 definitions (18 compiled), 0 errors`);
    expect(r.out).toContain("note config/builtin: recognised by its text as the built-in document mimi-content-03");
    // the merge with its CDDL twin comes from the copy too
    expect(r.out).toMatch(new RegExp(`${copy.replace(/[.]/g, "\\.")}:405:3: note merge/narrowed: Disposition`));
  });

  it("another version of a known draft compiles with the family's config and a note naming the configured version", async () => {
    const other = join(scratch, "draft-ietf-mimi-protocol.md");
    writeFileSync(other, readFileSync(join(DRAFTS, "mimi-protocol/01/draft-ietf-mimi-protocol.md")));
    const c = compileWithImports(other);
    expect(c.config.document).toBe("mimi-protocol-06");
    const note = c.diagnostics.find((d) => d.code === "config/builtin-version");
    expect(note?.message).toMatch(/configuration was written for draft-ietf-mimi-protocol-06/);
  });
});
