import { describe, expect, it } from "vitest";
import { blockLoc, extractText } from "../../src/extract/index.js";

const txt = (...lines: string[]) => extractText("rfc.txt", lines.join("\n") + "\n", "text");

const BODY = "   This paragraph is ordinary body text of a request for comments, wrapped";
const BODY2 = "   at seventy-two columns like every other paragraph in the document body.";

describe("plain-text RFCs", () => {
  it("finds indented code, strips the common indent and names the section", () => {
    const x = txt("2.1.  Data Types", "", BODY, BODY2, "", "      struct {", "          uint8 a;", "      } A;", "", BODY);
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks).toHaveLength(1);
    const b = x.blocks[0]!;
    expect([b.lang, b.origin, b.section, b.info, b.text]).toEqual(["tpl", "text", "Data Types", "", "struct {\n    uint8 a;\n} A;"]);
    expect(b.lines).toEqual([
      { line: 6, colOffset: 6 },
      { line: 7, colOffset: 6 },
      { line: 8, colOffset: 6 },
    ]);
  });

  it("merges a code block broken by a page break; origins skip the furniture", () => {
    const x = txt(
      "3.  Rules",
      "",
      BODY,
      BODY2,
      "",
      "      a = {", // 6
      "        b: int,", // 7
      "",
      "",
      "Bormann                      Standards Track                    [Page 3]", // 10
      "\f",
      "RFC 9682              Updates to the CDDL Grammar          November 2024", // 12
      "",
      "        c: tstr,", // 14
      "      }", // 15
      "",
      "      d = [* a]", // 17
      "",
      BODY,
    );
    expect(x.blocks).toHaveLength(1);
    const b = x.blocks[0]!;
    expect(b.lang).toBe("cddl");
    expect(b.text).toBe("a = {\n  b: int,\n  c: tstr,\n}\n\nd = [* a]");
    expect(b.lines.map((l) => l.line)).toEqual([6, 7, 14, 15, 16, 17]);
    expect(blockLoc(b, 3, 3)).toEqual({ file: "rfc.txt", line: 14, col: 9 });
  });

  it("does not glue prose across a page break onto code", () => {
    const x = txt(BODY, "", "", "Author     Informational     [Page 1]", "\f", "Internet-Draft     Title     May 2024", "", "      x = 1", "", BODY);
    expect(x.blocks.map((b) => [b.text, b.lines[0]!.line])).toEqual([["x = 1", 8]]);
  });

  it("finds code at body indent when every line is code (RFC 9682 style)", () => {
    const x = txt(
      "2.2.  Examples",
      "",
      BODY,
      "",
      "   start = [a, b]",
      "",
      "   ; a comment",
      "   a = \"x\"       ; trailing",
      "   b = h'",
      "      00",
      "   '",
      "",
      "        Figure 5: Example",
      "",
      "   ; ABNF from RFC 8610:",
      "   text = %x22 *SCHAR %x22",
      "",
      "   Notes: a = b is not a rule when written inside a sentence like this.",
    );
    expect(x.blocks.map((b) => [b.lang, b.lines[0]!.line, b.lines.length, b.section])).toEqual([
      ["cddl", 5, 7, "Examples"],
      ["other", 15, 2, "Examples"],
    ]);
    expect(x.blocks[0]!.lines[0]!.colOffset).toBe(3);
  });

  it("leaves deeper-indented prose (reference continuations) alone", () => {
    const x = txt("6.  References", "", "   [STD68]    Internet Standard 68,", "", "              Crocker, D., Ed. and P. Overell, \"Augmented BNF for Syntax", "              Specifications: ABNF\", STD 68, RFC 5234, January 2008.");
    expect(x.blocks).toEqual([]);
  });

  it("drops a form-feed line carrying the header and keeps line numbers", () => {
    const x = txt("      x = 1", "Foo   Bar   [Page 1]", "\fRFC 1   T   May", "      y = 2");
    expect(x.blocks.map((b) => [b.text, b.lines.map((l) => l.line)])).toEqual([["x = 1\ny = 2", [1, 4]]]);
  });
});
