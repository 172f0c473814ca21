import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockLoc, extractText } from "../../src/extract/index.js";

const xml = (...lines: string[]) => extractText("doc.xml", lines.join("\n") + "\n", "xml");

describe("xml2rfc v3", () => {
  it("extracts CDATA sourcecode with its type and XML line origins", () => {
    const x = xml(
      '<?xml version="1.0"?>',
      "<rfc><middle>",
      '<section anchor="a"><name>Message <tt>Fields</tt></name>',
      '<sourcecode type="tls"><![CDATA[struct {',
      "    uint8 a;",
      "} A;",
      "]]></sourcecode>",
      "</section></middle></rfc>",
    );
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks).toHaveLength(1);
    const b = x.blocks[0]!;
    expect([b.lang, b.info, b.origin, b.section, b.file, b.index]).toEqual(["tpl", "tls", "xml", "Message Fields", "doc.xml", 0]);
    expect(b.text).toBe("struct {\n    uint8 a;\n} A;");
    expect(b.lines).toEqual([
      { line: 4, colOffset: 32 },
      { line: 5, colOffset: 0 },
      { line: 6, colOffset: 0 },
    ]);
    expect(blockLoc(b, 1, 1)).toEqual({ file: "doc.xml", line: 4, col: 33 });
  });

  it("decodes entities and maps each character back to its source column", () => {
    const x = xml("<section><name>E</name>", "<artwork type=\"cddl\">", "a = &lt;&#x41;&gt; &amp; b", "c = &quot;&apos;&#65;&unknown;", "</artwork></section>");
    const b = x.blocks[0]!;
    expect(b.lang).toBe("cddl");
    expect(b.text).toBe("a = <A> & b\nc = \"'A&unknown;");
    expect(b.lines[0]!.line).toBe(3);
    expect(b.lines[0]!.colOffset).toBe(0);
    // `<` at block col 5 is `&lt;` at col 5; `A` (col 6) is `&#x41;` at col 9; `b` (col 11) is at col 26.
    expect(blockLoc(b, 1, 5)).toEqual({ file: "doc.xml", line: 3, col: 5 });
    expect(blockLoc(b, 1, 6)).toEqual({ file: "doc.xml", line: 3, col: 9 });
    expect(blockLoc(b, 1, 7)).toEqual({ file: "doc.xml", line: 3, col: 15 });
    expect(blockLoc(b, 1, 11)).toEqual({ file: "doc.xml", line: 3, col: 26 });
    expect(blockLoc(b, 1, 12)).toEqual({ file: "doc.xml", line: 3, col: 27 });
    expect(b.lines[1]!.line).toBe(4);
  });

  it("drops layout blank lines at either end but keeps inner ones", () => {
    const x = xml("<artwork>", "", "  0x00 length", "", "  0x01 x", "  ", "</artwork>");
    expect(x.blocks[0]!.text).toBe("  0x00 length\n\n  0x01 x");
    expect(x.blocks[0]!.lines.map((l) => l.line)).toEqual([3, 4, 5]);
  });

  it("classifies untyped artwork by content and leaves svg alone", () => {
    const x = xml(
      "<artwork><![CDATA[struct { uint8 a; } A;]]></artwork>",
      "<artwork><![CDATA[0x00 optional replaces]]></artwork>",
      '<artwork type="svg"><svg><path d="M0"/></svg></artwork>',
      '<sourcecode type="cbor-diag">[1]</sourcecode>',
      "<sourcecode/>",
    );
    expect(x.blocks.map((b) => [b.lang, b.info, b.text])).toEqual([
      ["tpl", "", "struct { uint8 a; } A;"],
      ["other", "", "0x00 optional replaces"],
      ["other", "svg", '<svg><path d="M0"/></svg>'],
      ["edn", "cbor-diag", "[1]"],
    ]);
  });

  it("takes the section's own name, not a figure's, and pops nested sections", () => {
    const x = xml(
      "<section><name>Outer</name>",
      "<section><name>Inner</name>",
      "<figure><name>Figure title</name>",
      "<sourcecode>x</sourcecode></figure>",
      "</section>",
      "<sourcecode>y</sourcecode>",
      "</section>",
      "<!-- <sourcecode>commented</sourcecode> -->",
      "<sourcecode>z</sourcecode>",
      '<section title="Old Style"><artwork>w</artwork></section>',
    );
    expect(x.blocks.map((b) => [b.text, b.section])).toEqual([
      ["x", "Inner"],
      ["y", "Outer"],
      ["z", ""],
      ["w", "Old Style"],
    ]);
  });

  it("mixes CDATA and escaped text in one element", () => {
    const x = xml("<sourcecode>a &lt; <![CDATA[<b>]]> &gt;</sourcecode>");
    expect(x.blocks[0]!.text).toBe("a < <b> >");
  });

  it("reads sourcecode src= files and reports missing ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "mimi-xml-"));
    try {
      writeFileSync(join(dir, "s.cddl"), "a = int\n");
      const x = extractText(join(dir, "d.xml"), '<rfc>\n<sourcecode src="s.cddl"></sourcecode>\n  <artwork src="none.txt"></artwork>\n</rfc>\n', "xml");
      expect(x.blocks.map((b) => [b.lang, b.origin, b.file, b.text])).toEqual([["cddl", "include", join(dir, "s.cddl"), "a = int"]]);
      expect(x.diagnostics.map((d) => [d.code, d.loc.line, d.loc.col])).toEqual([["extract/missing-include", 3, 3]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("skips a DOCTYPE with an internal subset", () => {
    const x = xml('<!DOCTYPE rfc [ <!ENTITY nbsp "&#160;"> ]>', "<rfc><artwork>a&nbsp;b</artwork></rfc>");
    expect(x.blocks.map((b) => b.text)).toEqual(["a\u00A0b"]);
  });
});
