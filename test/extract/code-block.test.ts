import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockLoc, readSourceLine, type CodeBlock, type ExtractIo } from "../../src/extract/index.js";

const block: CodeBlock = {
  lang: "tpl",
  info: "",
  text: "struct {\n\tuint8 a;\n} A;",
  file: "d.md",
  lines: [
    { line: 10, colOffset: 4 },
    { line: 11, colOffset: 1 },
    { line: 14, colOffset: 4, file: "other.tls" },
  ],
  section: "S",
  origin: "indented",
  index: 0,
};

describe("blockLoc", () => {
  it("adds the stripped columns and follows the line table", () => {
    expect(blockLoc(block, 1, 1)).toEqual({ file: "d.md", line: 10, col: 5 });
    expect(blockLoc(block, 1, 8)).toEqual({ file: "d.md", line: 10, col: 12 });
    expect(blockLoc(block, 2, 2)).toEqual({ file: "d.md", line: 11, col: 3 });
  });

  it("uses a line's own file when it has one", () => {
    expect(blockLoc(block, 3, 3)).toEqual({ file: "other.tls", line: 14, col: 7 });
  });

  it("maps a position past the last line to the end of the last line", () => {
    expect(blockLoc(block, 4, 1)).toEqual({ file: "other.tls", line: 14, col: 9 });
  });

  it("clamps line and column below 1", () => {
    expect(blockLoc(block, 0, 0)).toEqual({ file: "d.md", line: 10, col: 5 });
  });

  it("uses a colMap when the line has one", () => {
    const b: CodeBlock = { ...block, text: "a<b", lines: [{ line: 3, colOffset: 2, colMap: [3, 4, 8, 9] }] };
    expect([1, 2, 3, 4, 5].map((c) => blockLoc(b, 1, c).col)).toEqual([3, 4, 8, 9, 10]);
  });

  it("points an empty block at its file's start", () => {
    expect(blockLoc({ ...block, text: "", lines: [] }, 1, 1)).toEqual({ file: "d.md", line: 1, col: 1 });
  });
});

describe("readSourceLine", () => {
  it("reads the line from an io and caches the file", () => {
    let reads = 0;
    const io: ExtractIo = {
      exists: (p) => p === "f.md",
      readFile: () => {
        reads += 1;
        return "\uFEFFone\r\ntwo\nthree\n";
      },
    };
    expect(readSourceLine({ file: "f.md", line: 1, col: 1 }, io)).toBe("one");
    expect(readSourceLine({ file: "f.md", line: 3, col: 1 }, io)).toBe("three");
    expect(readSourceLine({ file: "f.md", line: 4, col: 1 }, io)).toBeUndefined();
    expect(readSourceLine({ file: "nope.md", line: 1, col: 1 }, io)).toBeUndefined();
    expect(reads).toBe(1);
  });

  it("reads from disk by default", () => {
    const dir = mkdtempSync(join(tmpdir(), "mimi-src-"));
    try {
      writeFileSync(join(dir, "a.txt"), "x\ny\n");
      expect(readSourceLine({ file: join(dir, "a.txt"), line: 2, col: 1 })).toBe("y");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
