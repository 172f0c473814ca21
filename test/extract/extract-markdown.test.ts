import { describe, expect, it } from "vitest";
import { blockLoc, extractText } from "../../src/extract/index.js";

const md = (...lines: string[]) => extractText("doc.md", lines.join("\n") + "\n", "markdown");

describe("markdown fences", () => {
  it("extracts backtick and tilde fences with their lines", () => {
    const x = md("# Intro", "", "``` tls", "struct {", "} A;", "```", "", "~~~ cddl", "a = int", "~~~");
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks.map((b) => [b.index, b.lang, b.info, b.text, b.origin])).toEqual([
      [0, "tpl", "tls", "struct {\n} A;", "fence"],
      [1, "cddl", "cddl", "a = int", "fence"],
    ]);
    expect(x.blocks[0]!.lines).toEqual([
      { line: 4, colOffset: 0 },
      { line: 5, colOffset: 0 },
    ]);
    expect(x.blocks[1]!.lines).toEqual([{ line: 9, colOffset: 0 }]);
    expect(x.blocks[0]!.file).toBe("doc.md");
  });

  it("needs a closing fence of the same char at least as long", () => {
    const x = md("~~~~ CDDL", "a = 1", "~~~", "```", "b = 2", "~~~~~", "after");
    expect(x.blocks).toHaveLength(1);
    expect(x.blocks[0]!.text).toBe("a = 1\n~~~\n```\nb = 2");
    expect(x.blocks[0]!.lang).toBe("cddl");
    expect(x.blocks[0]!.info).toBe("CDDL");
  });

  it("decides the language from the first word of the info string, case-insensitively", () => {
    const x = md("~~~ TLS-Presentation", "x", "~~~", "~~~ CDDLx", "y", "~~~", "~~~", "00 01", "~~~", "~~~ cbor-diag", "[1]", "~~~");
    expect(x.blocks.map((b) => [b.lang, b.info])).toEqual([
      ["tpl", "TLS-Presentation"],
      ["other", "CDDLx"],
      ["other", ""],
      ["edn", "cbor-diag"],
    ]);
  });

  it("strips the opening fence's indentation from content lines", () => {
    const x = md("  ```", "    a", " b", "c", "  ```");
    expect(x.blocks[0]!.text).toBe("  a\nb\nc");
    expect(x.blocks[0]!.lines.map((l) => l.colOffset)).toEqual([2, 1, 0]);
  });

  it("runs an unclosed fence to the end of file with a warning at the opening line", () => {
    const x = md("para", "", "  ~~~ tls", "struct {", "} A;");
    expect(x.blocks).toHaveLength(1);
    expect(x.blocks[0]!.text).toBe("struct {\n} A;");
    expect(x.diagnostics).toHaveLength(1);
    expect(x.diagnostics[0]).toMatchObject({
      severity: "warning",
      code: "extract/unclosed-fence",
      loc: { file: "doc.md", line: 3, col: 3 },
    });
  });

  it("keeps an empty fence", () => {
    const x = md("```", "```");
    expect(x.blocks.map((b) => [b.text, b.lines.length])).toEqual([["", 0]]);
  });

  it("does not take a backtick fence whose info has a backtick", () => {
    // Line 1 is paragraph text, so the fence opens at line 3 and never closes.
    const x = md("``` a`b", "x", "```");
    expect(x.blocks.map((b) => b.text)).toEqual([""]);
    expect(x.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([["extract/unclosed-fence", 3]]);
  });
});

describe("markdown sections", () => {
  it("names the nearest heading, without anchors or closing hashes", () => {
    const x = md(
      "# External content {#external}", "", "```", "a", "```",
      "", "Example: Original Message", "-------------------------", "", "```", "b", "```",
      "", "### Closing ###", "```", "c", "```",
      "", ".# Abstract", "```", "d", "```",
      "", "Setext One", "==========", "```", "e", "```",
    );
    expect(x.blocks.map((b) => b.section)).toEqual(["External content", "Example: Original Message", "Closing", "Abstract", "Setext One"]);
  });

  it("is empty before any heading", () => {
    expect(md("```", "a", "```").blocks[0]!.section).toBe("");
  });
});

describe("front matter and comments", () => {
  it("ignores YAML front matter and fences inside it", () => {
    const x = md("---", "title: x", "```", "not code", "```", "---", "", "# A", "```", "code", "```");
    expect(x.blocks.map((b) => b.text)).toEqual(["code"]);
  });

  it("ignores kramdown-rfc front matter that ends at --- abstract", () => {
    const x = md("---", "title: x", "~~~", "no", "--- abstract", "", "Abstract text", "", "--- middle", "", "~~~ tls", "} A;", "~~~");
    expect(x.blocks.map((b) => [b.text, b.lines[0]!.line])).toEqual([["} A;", 12]]);
  });

  it("ignores mmark TOML front matter", () => {
    const x = md("%%%", "title = \"x\"", "```", "no", "%%%", "", "```", "yes", "```");
    expect(x.blocks.map((b) => b.text)).toEqual(["yes"]);
  });

  it("skips fences inside multi-line HTML comments", () => {
    const x = md("<!--", "```", "hidden", "```", "-->", "<!-- one line -->", "```", "shown", "```");
    expect(x.blocks.map((b) => b.text)).toEqual(["shown"]);
  });
});

describe("indented code blocks", () => {
  it("extracts them after a blank line, strips four columns and classifies by content", () => {
    const x = md("Text:", "", "       struct {", "\t\t   uint8 a;", "", "       } A;", "", "back to text");
    expect(x.blocks).toHaveLength(1);
    const b = x.blocks[0]!;
    expect(b.origin).toBe("indented");
    expect(b.lang).toBe("tpl");
    expect(b.info).toBe("");
    expect(b.text).toBe("   struct {\n\t   uint8 a;\n\n   } A;");
    expect(b.lines).toEqual([
      { line: 3, colOffset: 4 },
      { line: 4, colOffset: 1 },
      { line: 5, colOffset: 0 },
      { line: 6, colOffset: 4 },
    ]);
    // `uint8` is column 5 of block line 2 (tab, 3 spaces): draft column 6.
    expect(blockLoc(b, 2, 5)).toEqual({ file: "doc.md", line: 4, col: 6 });
  });

  it("classifies non-TPL indented blocks as other", () => {
    const x = md("Hex:", "", "      CF 21 AD 74", "      C2 A2 11 16");
    expect(x.blocks.map((b) => [b.lang, b.text])).toEqual([["other", "  CF 21 AD 74\n  C2 A2 11 16"]]);
  });

  it("does not start inside a paragraph (lazy continuation)", () => {
    expect(md("para", "    struct { } A;").blocks).toEqual([]);
  });

  it("starts right after an RFC 8446 %%% marker line", () => {
    const x = md("Some text.", "", "%%% Key Exchange Messages", "       struct {", "           NamedGroup g;", "       } K;");
    expect(x.blocks.map((b) => [b.lang, b.lines[0]!.line])).toEqual([["tpl", 4]]);
  });

  it("treats four-space paragraphs inside list items as list text", () => {
    const x = md("- item", "", "    continued item text", "", "text", "", "    code()");
    expect(x.blocks.map((b) => [b.text, b.lines[0]!.line])).toEqual([["code()", 7]]);
  });

  it("treats content under an empty definition as definition text", () => {
    const x = md("Additional information:", ":", "", "    Magic number(s):", "    : N/A");
    expect(x.blocks).toEqual([]);
  });

  it("tab-indented single line block has colOffset 1", () => {
    const x = md("", "\topaque x<0..255>;");
    expect(x.blocks.map((b) => [b.lang, b.text, b.lines])).toEqual([["tpl", "opaque x<0..255>;", [{ line: 2, colOffset: 1 }]]]);
  });
});
