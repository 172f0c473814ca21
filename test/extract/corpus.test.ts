import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blockLoc, extractFile, readSourceLine, type CodeBlock, type Extraction } from "../../src/extract/index.js";
import { draft, hasDrafts } from "./drafts-dir.js";

const count = (blocks: readonly CodeBlock[], pred: (b: CodeBlock) => boolean) => blocks.filter(pred).length;
const cache = new Map<string, Extraction>();
const extract = (rel: string): Extraction => {
  let x = cache.get(rel);
  if (!x) cache.set(rel, (x = extractFile(draft(rel))));
  return x;
};
const rawLines = (rel: string) => readFileSync(draft(rel), "utf8").split("\n");

describe.skipIf(!hasDrafts)("corpus: ../shared/drafts", () => {
  it("mls/rfc9420.md: 48 tls-presentation fences", () => {
    const x = extract("mls/rfc9420.md");
    expect(x.diagnostics).toEqual([]);
    const tpl = x.blocks.filter((b) => b.lang === "tpl");
    expect(tpl).toHaveLength(48);
    expect(tpl.every((b) => b.origin === "fence" && b.info === "tls-presentation")).toBe(true);
    expect(blockLoc(tpl[0]!, 1, 1)).toEqual({ file: draft("mls/rfc9420.md"), line: 281, col: 1 });
    expect(tpl[0]!.section).toBe("Optional Value");
    expect(tpl[0]!.text.split("\n")[0]).toBe("struct {");
  });

  it("mimi-protocol/06: 21 tpl fences (18 tls + 3 tls-presentation) and one cbor-diag", () => {
    const x = extract("mimi-protocol/06/draft-ietf-mimi-protocol.md");
    expect(x.diagnostics).toEqual([]);
    expect(count(x.blocks, (b) => b.lang === "tpl")).toBe(21);
    expect(count(x.blocks, (b) => b.info === "tls")).toBe(18);
    expect(count(x.blocks, (b) => b.info === "tls-presentation")).toBe(3);
    expect(count(x.blocks, (b) => b.lang === "edn")).toBe(1);
    const first = x.blocks.find((b) => b.lang === "tpl")!;
    expect([first.lines[0]!.line, first.section]).toEqual([720, "MIMI Endpoints and Framing"]);
  });

  it("mimi-content/03 md: 8 tpl fences, cddl and edn through <{{...}} includes", () => {
    const rel = "mimi-content/03/draft-ietf-mimi-content.md";
    const x = extract(rel);
    expect(x.diagnostics).toEqual([]);
    const includes = rawLines(rel).flatMap((l) => /^<\{\{(.+)\}\}$/.exec(l)?.[1] ?? []);
    expect(includes).toHaveLength(15);
    const inc = x.blocks.filter((b) => b.origin === "include");
    expect(inc.map((b) => b.file)).toEqual(includes.map((p) => draft(`mimi-content/03/${p}`)));
    expect(count(inc, (b) => b.lang === "edn")).toBe(12);
    expect(count(inc, (b) => b.lang === "cddl")).toBe(3);
    expect(count(x.blocks, (b) => b.lang === "tpl" && b.origin === "fence" && b.info === "tls")).toBe(8);
    expect(count(x.blocks, (b) => b.origin === "fence" && b.lang === "cddl")).toBe(0);
    for (const b of inc) {
      expect(b.lines[0]).toEqual({ line: 1, colOffset: 0 });
      expect(blockLoc(b, 1, 1)).toEqual({ file: b.file, line: 1, col: 1 });
      expect(b.text.startsWith(readFileSync(b.file, "utf8").split("\n")[0]!)).toBe(true);
    }
    const cddl = inc.find((b) => b.lang === "cddl")!;
    expect([cddl.section, cddl.file]).toEqual(["Message Format", draft("mimi-content/03/mimi-content.cddl")]);
    expect(inc[0]!.section).toBe("Original message");
  });

  it("mimi-content/03 xml: 8 tpl, 3 cddl, 12 edn sourcecode elements, same TPL text as the md", () => {
    const x = extract("mimi-content/03/draft-ietf-mimi-content-03.xml");
    expect(x.diagnostics).toEqual([]);
    const tpl = x.blocks.filter((b) => b.lang === "tpl");
    expect([tpl.length, count(x.blocks, (b) => b.lang === "cddl"), count(x.blocks, (b) => b.lang === "edn")]).toEqual([8, 3, 12]);
    expect(tpl.every((b) => b.origin === "xml" && b.info === "tls")).toBe(true);
    expect(blockLoc(tpl[0]!, 1, 1)).toEqual({ file: draft("mimi-content/03/draft-ietf-mimi-content-03.xml"), line: 172, col: 33 });
    expect(tpl[0]!.section).toBe("Message Behavior Fields");
    const mdTpl = extract("mimi-content/03/draft-ietf-mimi-content.md").blocks.filter((b) => b.lang === "tpl");
    expect(tpl.map((b) => b.text)).toEqual(mdTpl.map((b) => b.text));
  });

  it("cddl-spec/rfc8610: 46 CDDL fences, none of the 3 CDDLx, 5 more from the included examples", () => {
    const x = extract("cddl-spec/rfc8610/draft-ietf-cbor-cddl.md");
    expect(x.diagnostics).toEqual([]);
    const examples = draft("cddl-spec/rfc8610/cddl-examples.md");
    const cddl = x.blocks.filter((b) => b.lang === "cddl");
    expect(cddl.every((b) => b.origin === "fence" && b.info === "CDDL")).toBe(true);
    expect(count(cddl, (b) => b.file !== examples)).toBe(46);
    expect(count(cddl, (b) => b.file === examples)).toBe(5);
    const cddlx = x.blocks.filter((b) => b.info === "CDDLx");
    expect(cddlx.map((b) => b.lang)).toEqual(["other", "other", "other"]);
    const prelude = cddl.find((b) => b.file === draft("cddl-spec/rfc8610/cddl.prelude"))!;
    expect([prelude.section, prelude.lines[0], prelude.text.split("\n")[0]]).toEqual(["Standard Prelude", { line: 1, colOffset: 0 }, "any = #"]);
  });

  it("cddl-spec/rfc9682.txt: finds the four CDDL examples, the same as the XML's cddl sourcecode", () => {
    const x = extract("cddl-spec/rfc9682/rfc9682.txt");
    const cddl = x.blocks.filter((b) => b.lang === "cddl");
    expect(cddl.map((b) => [b.lines[0]!.line, b.lines[0]!.colOffset, b.text.split("\n")[0]])).toEqual([
      [227, 3, "start = [a, b, c, x, y, z]"],
      [339, 3, "ct-tag<content> = #6.<ct-tag-number>(content)"],
      [635, 3, "foo = h'"],
      [643, 3, "foo = h'"],
    ]);
    expect(cddl[0]!.section).toBe("Examples Demonstrating the Updated String Syntaxes");
    expect(cddl[0]!.lines).toHaveLength(12);
    const xmlBlocks = extract("cddl-spec/rfc9682/rfc9682.xml").blocks;
    expect(x.blocks.map((b) => [b.lang, b.text])).toEqual(xmlBlocks.map((b) => [b.lang, b.text]));
  });

  it("tls/rfc8446.md: 41 TPL indented blocks, one after every %%% marker", () => {
    const rel = "tls/rfc8446.md";
    const x = extract(rel);
    const tpl = x.blocks.filter((b) => b.lang === "tpl");
    expect(tpl).toHaveLength(41);
    expect(tpl.every((b) => b.origin === "indented")).toBe(true);
    const first = tpl[0]!;
    expect([first.lines[0], first.section, first.text.split("\n")[0]]).toEqual([{ line: 962, colOffset: 4 }, "Numbers", "   uint8 uint16[2];"]);
    expect(blockLoc(first, 1, 4)).toEqual({ file: draft(rel), line: 962, col: 8 });
    const markers = rawLines(rel).flatMap((l, i) => (l.startsWith("%%%") ? [i + 1] : []));
    expect(markers).toHaveLength(30);
    for (const m of markers) expect(tpl.some((b) => b.lines[0]!.line === m + 1 || b.lines[0]!.line === m + 2)).toBe(true);
    // The HandshakeType enum has two tab-indented lines: one tab stripped each.
    const hs = tpl.find((b) => b.lines[0]!.line === 1145)!;
    expect(hs.lines.filter((l) => l.colOffset === 1).map((l) => l.line)).toEqual([1161, 1162]);
    expect(hs.section).toBe("Handshake Protocol");
  });

  it.each([
    "mls/rfc9420.md",
    "tls/rfc8446.md",
    "mimi-protocol/06/draft-ietf-mimi-protocol.md",
    "mimi-content/03/draft-ietf-mimi-content.md",
    "mimi-content/03/draft-ietf-mimi-content-03.xml",
    "mimi-content/04/draft-ietf-mimi-content-04.xml",
    "cddl-spec/rfc8610/draft-ietf-cbor-cddl.md",
    "cddl-spec/rfc9682/rfc9682.txt",
    "cddl-spec/rfc9682/rfc9682.xml",
  ])("%s: every block line is found at its mapped draft location", (rel) => {
    const x = extract(rel);
    expect(x.blocks.length).toBeGreaterThan(0);
    for (const b of x.blocks) {
      b.text.split("\n").forEach((text, k) => {
        const loc = blockLoc(b, k + 1, 1);
        const source = readSourceLine(loc);
        expect(source, `${rel} block ${b.index} line ${k + 1}`).toBeDefined();
        const origin = b.lines[k]!;
        if (origin.colMap) {
          for (let c = 0; c < text.length; c++) expect(["&", text[c]]).toContain(source![origin.colMap[c]! - 1]);
        } else {
          expect(source!.slice(loc.col - 1).startsWith(text), `${rel} block ${b.index} line ${k + 1}`).toBe(true);
        }
      });
    }
  });
});
