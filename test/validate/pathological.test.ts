import { describe, expect, it } from "vitest";
import type { CborItem } from "../../src/runtime/index.js";
import { validate, validateWithStats, type Mismatch } from "../../src/validate/index.js";
import { schemaOf } from "./helpers.js";

/**
 * Validate and time it: every case here must finish well under a second.
 * The bound is on the CPU time of the process (user + system), which is
 * what the validator spends; the wall clock also counts whatever else the
 * machine is doing, and is only shown.
 */
function timed(cddl: string, rule: string, item: CborItem, options = {}): { ms: readonly Mismatch[]; steps: number } {
  const schema = schemaOf(cddl);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = validateWithStats(schema, rule, item, options);
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1000;
  expect(cpu, `${rule}: ${cpu.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall, ${r.steps} steps`).toBeLessThan(1000);
  return { ms: r.mismatches, steps: r.steps };
}

function nest(depth: number, leaf: CborItem): CborItem {
  let item = leaf;
  for (let i = 0; i < depth; i++) item = { type: "array", items: [item] };
  return item;
}

const int = (n: number): CborItem => ({ type: "uint", value: BigInt(n) });
const arr = (items: CborItem[]): CborItem => ({ type: "array", items });

describe("pathological inputs finish under a second", () => {
  it("a = [* [* [* int]]] against 10,000 levels of nesting fails at the fourth", () => {
    const { ms } = timed("a = [* [* [* int]]]\n", "a", nest(10_000, int(1)));
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ path: "a[0][0][0]", message: "expected int, got an array of 1 element" });
  });

  it("a = [* [* [* int]]] against 27,000 ints (30 x 30 x 30) is valid", () => {
    const item = arr(Array.from({ length: 30 }, () => arr(Array.from({ length: 30 }, () => arr(Array.from({ length: 30 }, (_, i) => int(i)))))));
    const { ms } = timed("a = [* [* [* int]]]\n", "a", item);
    expect(ms).toEqual([]);
  });

  it("a recursive rule against deep nesting stops at the depth limit", () => {
    const { ms } = timed("t = [* t] / int\n", "t", nest(50_000, int(1)));
    expect(ms).toHaveLength(1);
    expect(ms[0]!.message).toMatch(/^validation budget exhausted: nested deeper than 256 levels/);
    // Within the limit, the same rule works.
    expect(timed("t = [* t] / int\n", "t", nest(50, int(1))).ms).toEqual([]);
  });

  it("a choice of 5,000 literals, matched and not", () => {
    const cddl = `a = ${Array.from({ length: 5000 }, (_, i) => String(i)).join(" / ")}\n`;
    expect(timed(cddl, "a", int(4999)).ms).toEqual([]);
    const { ms } = timed(cddl, "a", int(5000));
    expect(ms).toHaveLength(1);
    expect(ms[0]!.message).toMatch(/^5000 matches none of 0 \/ 1 \/ 2/);
  });

  it("an array of 300 items against a 300-alternative choice each", () => {
    const cddl = `a = [* e]\ne = ${Array.from({ length: 300 }, (_, i) => `"v${i}"`).join(" / ")}\n`;
    const item = arr(Array.from({ length: 300 }, (_, i): CborItem => ({ type: "text", value: `v${299 - i}` })));
    expect(timed(cddl, "a", item).ms).toEqual([]);
  });

  it("ambiguous occurrences do not backtrack exponentially", () => {
    const item = arr([...Array.from({ length: 400 }, (_, i) => int(i)), { type: "simple", value: 22 }]);
    // Every split of the ints between the three stars would be a match attempt for a backtracker; greedy, the first star takes them all.
    const { ms } = timed("a = [* int, * int, * int, tstr]\n", "a", item);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ path: "a[400]", message: "null matches none of * int / tstr" });
  });

  it("choices that share a prefix group are matched once per position (memoized), not 2^depth times", () => {
    // g(k) = (g(k-1), tstr // g(k-1)): each level tries g(k-1) twice at the same position.
    const rules = Array.from({ length: 40 }, (_, k) => `g${k + 1} = (g${k}, tstr // g${k})`);
    const cddl = `a = [g40]\ng0 = (int)\n${rules.join("\n")}\n`;
    const { ms, steps } = timed(cddl, "a", arr([int(1)]));
    expect(ms).toEqual([]);
    expect(steps).toBeLessThan(5_000);
  });

  it("nested optional groups that can match nothing terminate", () => {
    const item = arr(Array.from({ length: 200 }, (_, i) => int(i)));
    expect(timed("a = [* (* (? int))]\n", "a", item).ms).toEqual([]);
    expect(timed("a = [1000000*1000000 (? int)]\n", "a", item).ms).toEqual([]);
    expect(timed("a = [1000000* int]\n", "a", item).ms[0]!.message).toMatch(/the array ends after 200 elements/);
  });

  it("a group that contains itself does not loop", () => {
    const { ms } = timed("a = [g]\ng = (g // int)\n", "a", arr([int(1)]));
    expect(ms).toEqual([]);
    const again = timed("a = [g]\ng = (g, int)\n", "a", arr([int(1)]));
    expect(again.ms).toHaveLength(1);
  });

  it("the step budget ends any remaining blow-up with one mismatch", () => {
    // 3,000 items, each tried against up to 200 alternatives: more work than the budget allows.
    const cddl = `a = [* e, int]\ne = ${Array.from({ length: 200 }, (_, i) => `"v${i}"`).join(" / ")}\n`;
    const item = arr(Array.from({ length: 3000 }, (): CborItem => ({ type: "text", value: "v199" })));
    const { ms } = timed(cddl, "a", item, { maxSteps: 100_000 });
    expect(ms).toHaveLength(1);
    expect(ms[0]!.message).toBe("validation budget exhausted: more than 100000 steps");
    expect(ms[0]!.path).toBe("a");
  });

  it("a map of 10,000 entries against * int => tstr", () => {
    const map: CborItem = { type: "map", entries: Array.from({ length: 10_000 }, (_, i) => [int(i), { type: "text", value: "x" }] as const) };
    expect(timed("m = {* int => tstr}\n", "m", map).ms).toEqual([]);
    expect(validate(schemaOf("m = {* int => tstr, x: int}\n"), "m", map)[0]!.message).toBe("missing entry x: int");
  });
});
