import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { parseTpl } from "../../src/tpl/parse-tpl.js";

/**
 * Unclosed nesting in TPL (fuzz/RESULTS.md F6): thousands of `struct {`
 * with no closing brace used to take quadratic time, because every failed
 * level fell back to the junk rule, whose Braced rescanned the rest of the
 * input for each `{`, and every statement starting at a `struct {` descended
 * again through all those after it. The work is counted, not timed: rule
 * invocations of a traced parser of grammar/tpl.peggy must double, not
 * quadruple, when the input doubles.
 */
const grammar = fileURLToPath(new URL("../../grammar/tpl.peggy", import.meta.url));
const peggy = createRequire(import.meta.url).resolve("peggy");

interface Count {
  n: number;
  ruleCalls: number;
  junk: number;
  statements: number;
}

/**
 * Parse `unit.repeat(n)` for each n with a traced parser, in a worker whose
 * stack holds 10,000 levels (the main thread's holds under 2,000; parseTpl
 * turns that overflow into one junk statement, F2).
 */
function countRuleCalls(unit: string, sizes: readonly number[]): Promise<Count[]> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { readFileSync } = require("node:fs");
    const peggy = require(workerData.peggy);
    const parser = peggy.generate(readFileSync(workerData.grammar, "utf8"), { allowedStartRules: ["File"], trace: true });
    const counts = workerData.sizes.map((n) => {
      let ruleCalls = 0;
      const tracer = { trace: (e) => { if (e.type === "rule.enter") ruleCalls++; } };
      const { statements } = parser.parse(workerData.unit.repeat(n), { tracer });
      return { n, ruleCalls, junk: statements.filter((s) => s.kind === "junk").length, statements: statements.length };
    });
    parentPort.postMessage(counts);
  `;
  const worker = new Worker(code, { eval: true, workerData: { peggy, grammar, unit, sizes }, resourceLimits: { stackSizeMb: 64 } });
  return new Promise((resolve, reject) => {
    worker.once("message", (m: Count[]) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", reject);
  });
}

describe("unclosed struct nesting (F6)", () => {
  it.each([
    ["on one line", "struct { ", () => 1],
    ["one per line", "struct {\n", (n: number) => n],
  ])("parses 5,000 and 10,000 unclosed `struct {` %s in linear work", async (_label, unit, junkStatements) => {
    const [small, large] = await countRuleCalls(unit, [5000, 10000]);
    for (const c of [small!, large!]) {
      // the input is junk, one statement per line, as before
      expect(c.junk).toBe(junkStatements(c.n));
      expect(c.statements).toBe(c.junk);
    }
    const ratio = large!.ruleCalls / small!.ruleCalls;
    // linear: twice the input, twice the rule calls (quadratic was 4x)
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });

  it("gives the same statements as before for unclosed nesting within maxNesting", () => {
    const r = parseTpl("struct {\n".repeat(250));
    expect(r.deviations).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.statements).toHaveLength(250);
    expect(r.statements.every((s) => s.kind === "junk" && s.text === "struct {")).toBe(true);
    expect(r.statements[249]!.at).toEqual({ line: 250, col: 1 });
    const oneLine = parseTpl("struct { ".repeat(250));
    expect(oneLine.statements.map((s) => ({ ...s, text: s.kind === "junk" && s.text === "struct { ".repeat(250) ? "(the whole input)" : s }))).toEqual([
      { kind: "junk", text: "(the whole input)", at: { line: 1, col: 1 } },
    ]);
  });

  it("reports unclosed nesting beyond maxNesting (256) at the brace that goes too deep, whatever the stack holds", () => {
    for (const [unit, at] of [
      ["struct {\n", { line: 257, col: 8 }],
      ["struct { ", { line: 1, col: 256 * 9 + 8 }],
    ] as const) {
      const r = parseTpl(unit.repeat(10_000));
      expect(r.statements).toEqual([]);
      expect(r.errors).toEqual([{ message: "nested deeper than 256 levels of brackets (maxNesting); the block is not parsed", at }]);
    }
  });

  it("still parses a struct nested 256 deep (maxNesting), with positions", () => {
    const d = 256;
    const r = parseTpl(`${"struct {\n".repeat(d)}uint8 x;\n${"} s;\n".repeat(d - 1)}} S;\n`);
    expect(r.deviations).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.statements).toHaveLength(1);
    let node = r.statements[0] as { kind: string; members?: Array<{ type: { kind: string; members?: unknown[]; at: unknown } }>; at: unknown };
    expect(node).toMatchObject({ kind: "struct", name: "S", at: { line: 1, col: 1 } });
    for (let level = 2; level <= d; level++) {
      const inner = node.members![0]!.type as typeof node;
      expect(inner.kind).toBe("inline-struct");
      expect(inner.at).toEqual({ line: level, col: 1 });
      node = inner;
    }
    const deeper = parseTpl(`${"struct {\n".repeat(d + 1)}uint8 x;\n${"} s;\n".repeat(d)}} S;\n`);
    expect(deeper.errors.map((e) => e.at)).toEqual([{ line: d + 1, col: 8 }]);
    // the bound is an option
    expect(parseTpl(`${"struct {\n".repeat(d + 1)}uint8 x;\n${"} s;\n".repeat(d)}} S;\n`, { maxNesting: 300 }).errors).toEqual([]);
  });
});
