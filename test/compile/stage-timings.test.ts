import { describe, expect, it } from "vitest";
import { emptyTimings, formatTimings, stagesTotal, sumTimings, timeStage, timeStageAsync, timingsOf, type DocumentTimings } from "../../src/compile/stage-timings.js";

/** src/compile/stage-timings.ts: the accumulator behind `gen --timings`. */
describe("stage timings", () => {
  it("timeStage returns the work's value and adds its time to the stage only", () => {
    const t = emptyTimings();
    expect(timeStage(t, "parse", () => 42)).toBe(42);
    expect(t.parse).toBeGreaterThanOrEqual(0);
    expect({ ...t, parse: 0 }).toEqual(emptyTimings());
  });

  it("adds up over calls, counts work that throws, and does nothing without timings", async () => {
    const t = emptyTimings();
    const before = performance.now();
    timeStage(t, "lower", () => {
      for (let i = 0; i < 1e5; i++) Math.sqrt(i);
    });
    expect(() => timeStage(t, "lower", () => {
      throw new Error("boom");
    })).toThrow("boom");
    await timeStageAsync(t, "prettier", async () => "x");
    const elapsed = performance.now() - before;
    expect(t.lower).toBeGreaterThan(0);
    expect(stagesTotal(t)).toBeLessThanOrEqual(elapsed);
    expect(timeStage(undefined, "emit", () => "no timings")).toBe("no timings");
    expect(await timeStageAsync(undefined, "emit", async () => 1)).toBe(1);
  });

  it("keeps one entry per document and sums them stage by stage", () => {
    const all: DocumentTimings = new Map();
    timingsOf(all, "a").parse = 2;
    timingsOf(all, "b").parse = 3;
    timingsOf(all, "a").emit = 5;
    expect([...all.keys()]).toEqual(["a", "b"]);
    expect(sumTimings(all.values())).toEqual({ ...emptyTimings(), parse: 5, emit: 5 });
  });

  it("formats each stage with its share of the total", () => {
    const t = { extract: 40, parse: 210, lower: 90, check: 30, emit: 1800, prettier: 3900 };
    expect(formatTimings(t, 6100)).toBe(
      "extract 40 ms (1 %), parse 210 ms (3 %), lower 90 ms (1 %), check 30 ms (0 %), emit 1800 ms (30 %), prettier 3900 ms (64 %); total 6.1 s",
    );
    expect(formatTimings(emptyTimings(), 12)).toMatch(/; total 12 ms$/);
  });
});
