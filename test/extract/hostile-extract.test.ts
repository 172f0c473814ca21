import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { textFormFeeds, xmlSectionName, xmlUnbalanced } from "../../bench/hostile-inputs.js";
import { extractFile, extractText } from "../../src/extract/index.js";
import { withinCpu } from "../helpers/work-bound.js";

/**
 * Extractors on hostile drafts (issue 15): time linear in the input. Each
 * size here took tens of seconds (or overflowed the stack) before; the
 * measured times are in bench/HOSTILE.md.
 */
const dir = mkdtempSync(join(tmpdir(), "mimi-hostile-extract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("extractors on hostile drafts", () => {
  it("a .txt of 20,000 form-feed lines (was quadratic: 16 s)", () => {
    const x = withinCpu(3000, "20,000 form feeds", () => extractText("d.txt", textFormFeeds(20_000), "text"));
    expect(x.blocks).toEqual([]);
  });

  it("XML with 100,000 unclosed start tags and 100,000 stray end tags (was quadratic)", () => {
    const x = withinCpu(3000, "100,000 unbalanced tags", () => extractText("d.xml", xmlUnbalanced(100_000), "xml"));
    expect(x.blocks.map((b) => [b.lang, b.text])).toEqual([["cddl", "x = int"]]);
  });

  it("an XML section title of 200,000 `<` (was quadratic)", () => {
    const x = withinCpu(3000, "200,000 <", () => extractText("d.xml", xmlSectionName(200_000), "xml"));
    expect(x.blocks[0]!.section).toBe("<".repeat(200_000));
  });

  it("a markdown heading of 100,000 spaces and trailing #s (was quadratic)", () => {
    const text = `# Title${" ".repeat(100_000)}x ##  \n\n~~~ cddl\na = 1\n~~~\n`;
    const x = withinCpu(3000, "long heading", () => extractText("d.md", text, "markdown"));
    expect(x.blocks[0]!.section).toBe(`Title${" ".repeat(100_000)}x`);
  });

  it("a markdown include of a 200,000-line markdown file (the splice overflowed the stack)", () => {
    writeFileSync(join(dir, "big.md"), "~~~ cddl\n" + "x = 1\n".repeat(200_000) + "~~~\n");
    writeFileSync(join(dir, "top.md"), "# Top\n\n{::include big.md}\n\n~~~ cddl\ny = 2\n~~~\n");
    const x = withinCpu(5000, "200,000 included lines", () => extractFile(join(dir, "top.md")));
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks.map((b) => b.lines.length)).toEqual([200_000, 1]);
  });
});
