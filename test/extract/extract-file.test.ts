import { describe, expect, it } from "vitest";
import { extractFile, type ExtractIo } from "../../src/extract/index.js";

const files: Record<string, string> = {
  "d/a.md": "# A\n\n```tls\n} A;\n```\n",
  "d/a.mkd": "~~~ cddl\na = 1\n~~~\n",
  "d/a.xml": '<rfc><sourcecode type="edn">[1]</sourcecode></rfc>\n',
  "d/a.txt": "1.  Intro\n\n      struct { uint8 a; } A;\n",
  "d/b.tls": "struct {\n  uint8 a;\n} B;\n",
  "d/b.tpl": "opaque x<V>;\n",
  "d/b.cddl": "b = int\n",
  "d/b.edn": "[1]\n",
  "d/b.diag": "{}\n",
  "d/b.abnf": "a = b\n",
};
const io: ExtractIo = { exists: (p) => p in files, readFile: (p) => files[p]! };

describe("extractFile", () => {
  it.each([
    ["d/a.md", "tpl", "fence"],
    ["d/a.mkd", "cddl", "fence"],
    ["d/a.xml", "edn", "xml"],
    ["d/a.txt", "tpl", "text"],
    ["d/b.tls", "tpl", "include"],
    ["d/b.tpl", "tpl", "include"],
    ["d/b.cddl", "cddl", "include"],
    ["d/b.edn", "edn", "include"],
    ["d/b.diag", "edn", "include"],
    ["d/b.abnf", "other", "include"],
  ] as const)("%s is one %s block from a %s", (path, lang, origin) => {
    const x = extractFile(path, io);
    expect(x.file).toBe(path);
    expect(x.diagnostics).toEqual([]);
    expect(x.blocks.map((b) => [b.lang, b.origin, b.file, b.index])).toEqual([[lang, origin, path, 0]]);
  });

  it("a bare file keeps every line at column 1", () => {
    const b = extractFile("d/b.tls", io).blocks[0]!;
    expect(b.text).toBe("struct {\n  uint8 a;\n} B;");
    expect(b.lines).toEqual([1, 2, 3].map((line) => ({ line, colOffset: 0 })));
    expect(b.section).toBe("");
  });

  it("reports a missing file instead of throwing", () => {
    const x = extractFile("d/none.md", io);
    expect(x.blocks).toEqual([]);
    expect(x.diagnostics.map((d) => [d.severity, d.code, d.loc])).toEqual([["error", "extract/missing-file", { file: "d/none.md", line: 1, col: 1 }]]);
  });
});
