import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { parseCddl } from "../../src/cddl/index.js";

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
