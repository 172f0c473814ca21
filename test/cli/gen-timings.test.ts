import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STAGES } from "../../src/compile/stage-timings.js";
import { runCli } from "../helpers/run-cli.js";

/**
 * `mimi-codec gen --timings` reports every stage, in all and per document.
 * Nothing here depends on how fast the machine is: the stages must be
 * there, be non-negative, and add up to no more than the time the command
 * took, measured around it.
 */
const scratch = mkdtempSync(join(tmpdir(), "mimi-gen-timings-"));
const tls = join(scratch, "paint.tls");
writeFileSync(tls, ["enum { red(0), green(1), (255) } Color;", "struct {", "    Color color;", "    opaque name<V>;", "} Paint;", ""].join("\n"));
const cddl = join(scratch, "note.cddl");
writeFileSync(cddl, ["note = { text: tstr, ? at: uint }", ""].join("\n"));

/** `extract 3 ms (1 %), parse 5 ms (2 %), ...; total 1.2 s` -> ms per stage and the total. */
function parseTimings(line: string): { stages: Map<string, number>; totalMs: number } {
  const [stagePart, totalPart] = line.split("; total ");
  const stages = new Map<string, number>();
  for (const m of (stagePart ?? "").matchAll(/(\w+) (-?[\d.]+) ms(?: \(\d+ %\))?/g)) stages.set(m[1]!, Number(m[2]));
  const total = /^(-?[\d.]+) (ms|s)$/.exec((totalPart ?? "").trim());
  return { stages, totalMs: total ? Number(total[1]) * (total[2] === "s" ? 1000 : 1) : NaN };
}

describe("mimi-codec gen --timings", () => {
  it("reports every stage with a non-negative time, adding up to no more than the wall time", async () => {
    const started = performance.now();
    const r = await runCli(["gen", tls, cddl, "--out", join(scratch, "out"), "--timings"]);
    const wallMs = performance.now() - started;
    expect(r.code, r.err).toBe(0);

    const summary = /^timings \((\d+) documents\): (.*)$/m.exec(r.out);
    expect(summary, r.out).not.toBeNull();
    const all = parseTimings(summary![2]!);
    expect([...all.stages.keys()]).toEqual([...STAGES]);
    for (const [stage, ms] of all.stages) {
      expect(Number.isFinite(ms), stage).toBe(true);
      expect(ms, stage).toBeGreaterThanOrEqual(0);
    }
    const sum = [...all.stages.values()].reduce((a, b) => a + b, 0);
    // each printed figure is rounded to 1 ms
    expect(sum).toBeLessThanOrEqual(all.totalMs + STAGES.length);
    // the total is printed to 1 ms, or to 0.1 s from one second on
    expect(all.totalMs).toBeLessThanOrEqual(wallMs + (all.totalMs >= 1000 ? 50 : 1));
    expect(sum).toBeLessThanOrEqual(wallMs + STAGES.length);
    // the two documents were generated, so they were formatted
    expect(all.stages.get("prettier")).toBeGreaterThan(0);

    // one line per document compiled (rfc9420 too: a draft imports it by default)
    const perDocument = [...r.out.matchAll(/^ {2}([\w-]+): (.*)$/gm)].map((m) => ({ name: m[1]!, ...parseTimings(m[2]!) }));
    expect(perDocument.map((d) => d.name)).toEqual(expect.arrayContaining(["paint", "note"]));
    expect(perDocument).toHaveLength(Number(summary![1]));
    for (const d of perDocument) {
      expect([...d.stages.keys()], d.name).toEqual([...STAGES]);
      for (const ms of d.stages.values()) expect(ms, d.name).toBeGreaterThanOrEqual(0);
    }
    for (const stage of STAGES) {
      const perDocumentSum = perDocument.reduce((a, d) => a + d.stages.get(stage)!, 0);
      expect(Math.abs(perDocumentSum - all.stages.get(stage)!), stage).toBeLessThanOrEqual(perDocument.length);
    }
  });

  it("prints no timings without --timings", async () => {
    const r = await runCli(["gen", tls, "--out", join(scratch, "out2")]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^timings/m);
  });
});
