import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { parseCddl } from "../../src/cddl/parse-cddl.js";

/**
 * PEG parsers backtrack; a grammar that re-parses an alternative at every
 * level is exponential in the nesting depth. The CDDL grammar factors its
 * alternatives instead (see grammar/cddl.peggy), without peggy's cache.
 * Limits are generous for slow CI machines; the times measured on a
 * developer machine are in the comments.
 */
function timed(text: string): { ms: number; file: ReturnType<typeof parseCddl> } {
  const start = performance.now();
  const file = parseCddl(text);
  return { ms: performance.now() - start, file };
}

describe("pathological inputs", () => {
  parseCddl("warm = up"); // compile the grammar outside the timings

  it.each([16, 24, 64])("parses parenthesised groups nested %i deep (about 1 ms at 24)", (depth) => {
    const { ms, file } = timed(`a = ${"(".repeat(depth)}x: int${")".repeat(depth)}`);
    expect(file.errors).toEqual([]);
    expect(file.rules[0]?.kind).toBe("group-rule");
    expect(ms).toBeLessThan(500);
  });

  it("parses parenthesised types, arrays, maps and group entries nested 24 deep", () => {
    const d = 24;
    for (const text of [
      `a = ${"(".repeat(d)}int${")".repeat(d)}`,
      `a = ${"[".repeat(d)}int${"]".repeat(d)}`,
      `a = ${"{ x: ".repeat(d)}int${" }".repeat(d)}`,
      `a = [${"(".repeat(d)}int${")".repeat(d)}]`,
      `a = [${"(".repeat(d)}int${") .size 1".repeat(d)}]`,
      `a = {${"(".repeat(d)}int${")".repeat(d)} => 1}`,
      `a = {${"? (".repeat(d)}x: int${")".repeat(d)}}`,
    ]) {
      const { ms, file } = timed(text);
      expect(file.errors).toEqual([]);
      expect(ms).toBeLessThan(500);
    }
  });

  it("fails fast on a broken deep nesting (about 2 ms at 24)", () => {
    const { ms, file } = timed(`a = ${"[(".repeat(24)}int${")]".repeat(23)}`);
    expect(file.errors).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it("parses a 1000-way type choice and a 1000-way group choice (about 20 and 75 ms)", () => {
    const types = timed(`a = ${Array.from({ length: 1000 }, (_, i) => `t${i}`).join(" / ")}`);
    expect(types.file.errors).toEqual([]);
    expect(types.file.rules[0]).toMatchObject({ type: { kind: "type-choice" } });
    expect(types.ms).toBeLessThan(1000);
    const groups = timed(`a = [${Array.from({ length: 1000 }, (_, i) => `t${i}: int`).join(" // ")}]`);
    expect(groups.file.errors).toEqual([]);
    expect(groups.ms).toBeLessThan(1000);
  });

  it("recovers from a thousand broken rules (about 400 ms)", () => {
    const { ms, file } = timed(Array.from({ length: 1000 }, (_, i) => `t${i} = [int, `).join("\n"));
    expect(file.errors).toHaveLength(1000);
    expect(ms).toBeLessThan(3000);
  });

  it("reports nesting deeper than maxNesting (256) at the bracket, as an error of that rule, keeping the others", () => {
    const { file } = timed(`a = 1\nb = ${"[".repeat(20000)}int${"]".repeat(20000)}\nc = 2`);
    expect(file.rules.map((r) => r.name.name)).toEqual(["a", "c"]);
    expect(file.errors).toEqual([{ message: "nested deeper than 256 levels of brackets (maxNesting)", at: { line: 2, col: 5 + 256 }, rule: "b" }]);
    const ok = parseCddl(`b = ${"[".repeat(256)}int${"]".repeat(256)}`);
    expect(ok.errors).toEqual([]);
    const mixed = parseCddl(`b = ${"{ x: [(g<".repeat(64)}int${">)] }".repeat(64)}\nc = ${"(".repeat(3)} ; ((((\n  "(((" 'h(((' 2 )))`, { maxNesting: 3 });
    expect(mixed.errors.map((e) => [e.rule, e.at])).toEqual([["b", { line: 1, col: 13 }]]); // the fourth bracket, "<"
    expect(mixed.rules.map((r) => r.name.name)).toEqual(["c"]);
  });

  it("still turns a stack overflow into an error of that rule when the bound is lifted", () => {
    const { file } = timed(`a = 1\nb = ${"[".repeat(20000)}int${"]".repeat(20000)}\nc = 2`);
    expect(file.rules.map((r) => r.name.name)).toEqual(["a", "c"]);
    const unbounded = parseCddl(`a = 1\nb = ${"[".repeat(20000)}int${"]".repeat(20000)}\nc = 2`, { maxNesting: Infinity });
    expect(unbounded.rules.map((r) => r.name.name)).toEqual(["a", "c"]);
    expect(unbounded.errors).toEqual([{ message: "nested too deeply to parse (the parser ran out of stack)", at: { line: 2, col: 1 }, rule: "b" }]);
  });
});

/**
 * Unclosed parentheses in a CDDL group (fuzz/notes.md F8): at every "(" a
 * group entry first tries a parenthesized group, then a type, and each level
 * used to re-parse every level below it as a type: quadratic (3000 levels
 * took ~3 s with a stack deep enough to get there). The work is counted, not
 * timed: rule invocations of a traced parser of grammar/cddl.peggy must
 * double, not quadruple, when the input doubles.
 */
const grammar = fileURLToPath(new URL("../../grammar/cddl.peggy", import.meta.url));
const peggy = createRequire(import.meta.url).resolve("peggy");

function countRuleCalls(sizes: readonly number[]): Promise<number[]> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { readFileSync } = require("node:fs");
    const peggy = require(workerData.peggy);
    const parser = peggy.generate(readFileSync(workerData.grammar, "utf8"), { allowedStartRules: ["File"], trace: true });
    const counts = workerData.sizes.map((n) => {
      let ruleCalls = 0;
      const tracer = { trace: (e) => { if (e.type === "rule.enter") ruleCalls++; } };
      try { parser.parse("b = [" + "(".repeat(n) + "\\n", { tracer }); } catch (e) { if (!e.location) throw e; }
      return ruleCalls;
    });
    parentPort.postMessage(counts);
  `;
  const worker = new Worker(code, { eval: true, workerData: { peggy, grammar, sizes }, resourceLimits: { stackSizeMb: 64 } });
  return new Promise((resolve, reject) => {
    worker.once("message", (m: number[]) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", reject);
  });
}

describe("unclosed parentheses in a group (F8)", () => {
  it("1,500 and 3,000 unclosed `(` take linear work", async () => {
    const [small, large] = await countRuleCalls([1500, 3000]);
    const ratio = large! / small!;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  });

  it("still reports the missing `)` where the input ends", () => {
    const r = parseCddl("b = [" + "(".repeat(50) + "\n");
    expect(r.rules).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.at).toEqual({ line: 1, col: 56 }); // right after the last "(", as before the fix
  });
});
