import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyBlocks, classifyText } from "../../src/compile/classify-blocks.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { extractFile, extractText } from "../../src/extract/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/** Every code block goes by what it parses as; a label decides only for languages the compiler does not read. */
describe("classifying a block by its content", () => {
  it.each([
    ["TPL", "struct {\n    opaque id<V>;\n    uint16 n;\n} Thing;", "tpl"],
    ["a TPL enum", "enum { a(0), b(1), (255) } E;", "tpl"],
    ["CDDL", "thing = [\n  id: bstr,\n  n: uint .size 2,\n]", "cddl"],
    ["EDN", "{ 1: h'0102', 2: [true, null] }", "edn"],
    ["JSON (EDN is a superset)", '{ "a": [1, 2] }', "edn"],
    ["an annotated hex dump", "0x00 a\n0x01 b\n0x0203 c\n0x04 d", "hex"],
    ["bare hex", "  44 4F 57 4E 47 52 44 01", "hex"],
    ["prose", "The sender MUST check the signature; otherwise it is dropped.", "other"],
    ["ABNF", 'cddl = S 1*(rule S)\nrule = typename [genericparm] S assignt S type', "other"],
    ["ABNF with core rules", "name = ALPHA *(ALPHA / DIGIT)", "other"],
    ["C-like pseudocode", 'body.expires = 0;\nbody.url = "https://example.com/join";', "other"],
    ["a function call", "franking_tag = HMAC_SHA256( salt, application_data)", "other"],
    ["RFC 8446's syntax illustration", "enum { e1(v1), e2(v2), ... , en(vn) [[, (n)]] } Te;", "other"],
    ["a lone alias with nothing TPL in it", "Foo bar;", "other"],
    ["empty", "  \n ", "other"],
  ] as const)("%s -> %s", (_what, text, lang) => {
    expect(classifyText(text)).toBe(lang);
  });

  const md = (info: string, body: string) => extractText("x.md", ["# S", "", "```" + info, body, "```", ""].join("\n"), "markdown").blocks;
  it("a TPL, CDDL or EDN label stands (errors are reported in that language); a foreign label stands too", () => {
    expect(classifyBlocks(md("tls-syntax", "struct { uint8 a; } A;"))[0]).toMatchObject({ lang: "tpl" });
    expect(classifyBlocks(md("tls", "not really tpl"))[0]).toMatchObject({ lang: "tpl" });
    expect(classifyBlocks(md("abnf", "thing = [ a: uint ]"))[0]).toMatchObject({ lang: "other" });
    expect(classifyBlocks(md("c++", "struct Foo { uint8 a; };"))[0]).toMatchObject({ lang: "other" });
    expect(classifyBlocks(md("cbor-pretty", "82 01 02"))[0]).toMatchObject({ lang: "hex" });
  });

  it("an unknown label or none: the content decides, and the block says so", () => {
    expect(classifyBlocks(md("", "struct { uint8 a; } A;"))[0]).toMatchObject({ lang: "tpl", classifiedBy: "content" });
    expect(classifyBlocks(md("CDDLx", "person = { name: tstr }"))[0]).toMatchObject({ lang: "cddl", classifiedBy: "content" });
    expect(classifyBlocks(md("text", "just words here"))[0]).toMatchObject({ lang: "other", classifiedBy: "content" });
  });
});

describe("drafts with TPL anywhere", () => {
  const dir = mkdtempSync(join(tmpdir(), "mimi-classify-"));
  const draft = join(dir, "draft.md");
  writeFileSync(
    draft,
    [
      "# Types",
      "",
      "```",
      "struct { opaque id<V>; } A;",
      "```",
      "",
      "~~~",
      "struct { A a; uint32 n; } B;",
      "~~~",
      "",
      "~~~ tls-syntax",
      "struct { B b; } C;",
      "~~~",
      "",
      "~~~",
      "a = SignWithLabel(key, \"label\", content)",
      "~~~",
      "",
    ].join("\n"),
  );

  it("unlabelled ``` and ~~~ fences and tls-syntax fences compile; the unlabelled ones are noted; pseudocode is not taken", () => {
    const c = compileWithImports(draft, { cache: new Map() });
    expect(c.blocks).toBe(3);
    expect(c.ir.definitions.map((d) => d.name)).toEqual(["A", "B", "C"]);
    expect(c.broken.size).toBe(0);
    expect(c.diagnostics.filter((d) => d.code === "extract/unlabelled").map((d) => [d.loc.line, d.message])).toEqual([
      [4, "an unlabelled code block read as TPL: it parses as TPL"],
      [8, "an unlabelled code block read as TPL: it parses as TPL"],
    ]);
  });

  it("a .txt rendering with its TPL at the figure indent compiles to the same definitions as the markdown", () => {
    const txt = join(dir, "draft.txt");
    const body = "   This paragraph is ordinary body text of an internet draft, wrapped at";
    writeFileSync(
      txt,
      [
        "Internet-Draft                 Example                        May 2026",
        "",
        "1.  Types",
        "",
        body,
        "   seventy-two columns like the other paragraphs of the document body.",
        "",
        "   struct { opaque id<V>; } A;",
        "",
        body,
        "",
        "   struct {",
        "       A a;",
        "       uint32 n;",
        "   } B;",
        "",
        "   struct { B b; } C;",
        "",
      ].join("\n"),
    );
    const fromMd = compileWithImports(draft, { cache: new Map() });
    const fromTxt = compileWithImports(txt, { cache: new Map() });
    expect(definitionsOf(fromTxt)).toEqual(definitionsOf(fromMd));
  });
});

/** Names, kinds and types, without locations: what "the same definitions" means across renderings. */
function definitionsOf(c: CompiledDocument): string[] {
  // in name order: an xml rendering expands the includes where the markdown names them, so the order differs
  return [...c.ir.definitions].sort((a, b) => a.name.localeCompare(b.name)).map((d) => `${d.kind} ${d.name} ${JSON.stringify(d.type, (k, v: unknown) => (k === "loc" ? undefined : typeof v === "bigint" ? String(v) : v))}`);
}

describe.skipIf(!HAVE_DRAFTS)("renderings of one draft version compile to the same definitions", () => {
  const sets = [
    ["mimi-content/03/draft-ietf-mimi-content.md", "mimi-content/03/draft-ietf-mimi-content-03.xml"],
    ["mimi-content/04/draft-ietf-mimi-content.md", "mimi-content/04/draft-ietf-mimi-content-04.xml"],
    ["cddl-spec/rfc9682/draft-ietf-cbor-update-8610-grammar.md", "cddl-spec/rfc9682/rfc9682.xml", "cddl-spec/rfc9682/rfc9682.txt"],
  ];
  it.each(sets)("%s and its other renderings", (...files) => {
    const [first, ...rest] = files.map((f) => compileWithImports(join(DRAFTS, f), { cache: new Map() }));
    expect(definitionsOf(first!).length).toBeGreaterThan(0);
    for (const c of rest) expect(definitionsOf(c), c.path).toEqual(definitionsOf(first!));
  });

  it("and with a default config too (mimi-content-03's TPL and CDDL together, not its built-in split)", () => {
    const opts = (f: string) => ({ cache: new Map(), configFile: writeDefaultConfig(), ...{ f } });
    const [md, xml] = sets[0]!.map((f) => compileWithImports(join(DRAFTS, f), opts(f)));
    expect(md!.ir.definitions.length).toBeGreaterThan(18);
    expect(definitionsOf(xml!)).toEqual(definitionsOf(md!));
  });
});

function writeDefaultConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), "mimi-cfg-")), "default.json");
  writeFileSync(file, JSON.stringify({ document: "content" }));
  return file;
}

describe.skipIf(!HAVE_DRAFTS)("false positives on the whole corpus", () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|xml|txt)$/.test(f) && f !== "MANIFEST.md" && !p.includes("/examples/")) files.push(p);
    }
  };
  if (HAVE_DRAFTS) walk(DRAFTS);

  it("every block read as TPL or CDDL by its content, pinned: the room-policy figures, RFC 8446's indented TPL, RFC 8610's examples, RFC 9682's .txt figures", () => {
    const taken = new Map<string, number>();
    for (const f of files) {
      for (const b of classifyBlocks(extractFile(f).blocks)) {
        if (b.classifiedBy !== "content" || (b.lang !== "tpl" && b.lang !== "cddl")) continue;
        const key = `${relative(DRAFTS, f)} ${b.lang}`;
        taken.set(key, (taken.get(key) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries([...taken].sort())).toEqual({
      "cddl-spec/rfc8610/draft-ietf-cbor-cddl.md cddl": 8,
      "cddl-spec/rfc9682/rfc9682.txt cddl": 3,
      "mimi-other/mimi-room-policy/draft-ietf-mimi-room-policy.md tpl": 3,
      "tls/rfc8446.md tpl": 38,
    });
  });

  it("none of mimi-content-02's c++ blocks, no pseudocode fence, no ABNF is taken", () => {
    for (const f of files) {
      for (const b of classifyBlocks(extractFile(f).blocks)) {
        if (b.lang !== "tpl" && b.lang !== "cddl") continue;
        expect(/^(c\+\+|pseudocode|abnf)$/i.test(b.info.trim()), `${f}:${b.lines[0]?.line}`).toBe(false);
        expect(f.includes("mimi-content/02/") && b.lang === "tpl", `${f}:${b.lines[0]?.line}`).toBe(false);
      }
    }
  });
});
