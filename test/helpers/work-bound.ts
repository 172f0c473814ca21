import { expect } from "vitest";

/**
 * Run `work` and check that it took less than `ms` of this process's CPU
 * time. The bounds are generous (they catch a quadratic blow-up, which
 * takes tens of seconds at these sizes, not a slow machine); the wall clock
 * is shown alongside.
 */
export function withinCpu<T>(ms: number, what: string, work: () => T): T {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = work();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1000;
  expect(cpu, `${what}: ${cpu.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall`).toBeLessThan(ms);
  return out;
}
