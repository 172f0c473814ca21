import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as v04 from "../../generated/mimi-content-04/index.js";
import * as main from "../../generated/mimi-content-main/index.js";
import { codecsOf } from "../../src/report/corpus.js";
import { MlsRoom } from "../../src/report/mls-framing.js";
import { bodySamples, locate, runSeries } from "../../src/report/scaling.js";
import { mainInputs, v04Inputs } from "../../src/report/scaling-inputs.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

describe("locating steps and crossovers", () => {
  it("finds every step of a piecewise-constant difference by bisection, and the sign changes", async () => {
    // TPL - CBOR = +1 below 24, 0 up to 63, -2 from 64, +1 from 1000
    const f = (n: number) => ({ tpl: 100 + (n < 24 ? 1 : n < 64 ? 0 : n < 1000 ? -2 : 1), cbor: 100 });
    const { result } = await locate("content", f, bodySamples(5000, 8, 1.5), false);
    expect(result.segments.map((g) => [g.from, g.to, g.diffFrom])).toEqual([
      [0, 23, 1],
      [24, 63, 0],
      [64, 999, -2],
      [1000, 5000, 1],
    ]);
    expect(result.crossovers.map((c) => c.at)).toEqual([24, 64, 1000]);
    expect(result.runs.map((r) => [r.from, r.to, r.sign])).toEqual([
      [0, 23, 1],
      [24, 63, 0],
      [64, 999, -1],
      [1000, 5000, 1],
    ]);
  });

  it("describes an exhaustively evaluated difference as exact linear pieces", async () => {
    // -2 per item, with an extra byte from 24 on (an array head growing)
    const f = (n: number) => ({ tpl: 32 * n, cbor: 34 * n + (n < 24 ? 1 : 2) - 1 });
    const samples = Array.from({ length: 101 }, (_, i) => i);
    const { result } = await locate("content", f, samples, true);
    expect(result.segments).toEqual([
      { from: 0, to: 23, diffFrom: 0, diffTo: -46, slope: -2 },
      { from: 24, to: 100, diffFrom: -49, diffTo: -201, slope: -2 },
    ]);
    expect(result.runs.map((r) => [r.from, r.to, r.sign])).toEqual([
      [0, 0, 0],
      [1, 100, -1],
    ]);
  });
});

describe.skipIf(!HAVE_DRAFTS)("scaling series on the drafts' messages (short ranges)", () => {
  let room: MlsRoom;
  let original04: v04.mimiContent;
  let originalMain: main.mimiContent;
  beforeAll(async () => {
    room = await MlsRoom.create();
    const read = (p: string) => new Uint8Array(readFileSync(join(DRAFTS, "mimi-content", p)));
    original04 = v04.mimiContent.cbor.decode(read("04/examples/original.cbor"));
    originalMain = main.mimiContent.cbor.decode(read("main-2026-03/examples/original.cbor"));
  });

  it("body length: the difference steps exactly where a length prefix grows, found from the encodings", async () => {
    const s = await runSeries("body", mainInputs(originalMain), codecsOf("mimi-content-main", "mimiContent"), room, { quick: true, limit: 70_000, mlsVersions: [] });
    expect(s.growth).toEqual({ tpl: [64, 16384], cbor: [24, 256, 65536] });
    const content = s.metrics.find((m) => m.metric === "content")!;
    expect(content.segments.slice(1).map((g) => g.from)).toEqual([24, 64, 256, 16384, 65536]);
    // every point agrees with the codecs
    for (const p of s.points.filter((x) => [0, 23, 24, 65536].includes(x.n))) {
      const v = mainInputs(originalMain).body(p.n) as main.mimiContent;
      expect([p.tpl, p.cbor]).toEqual([main.mimiContent.tpl.encode(v).length, main.mimiContent.cbor.encode(v).length]);
    }
  });

  it("body length after MLS: sizes come from ts-mls, and padding to 256 bytes hides small differences", async () => {
    const s = await runSeries("body", mainInputs(originalMain), codecsOf("mimi-content-main", "mimiContent"), room, { quick: true, limit: 300 });
    const padded = s.metrics.find((m) => m.metric === "mls-default")!;
    const none = s.metrics.find((m) => m.metric === "mls-none")!;
    expect(padded.runs[0]).toMatchObject({ from: 0, sign: 0 });
    expect(none.runs.every((r) => r.sign === -1)).toBe(true);
    // the cached length-only framing agrees with framing the real bytes
    const p = s.points.find((x) => x.n === 256)!;
    const v = mainInputs(originalMain).body(256) as main.mimiContent;
    const real = await room.frame("bob", main.mimiContent.tpl.encode(v), "none");
    expect(p.mls?.none?.tpl).toBe(real.mlsMessage.length);
  });

  it("lastSeen ids: two bytes per id in favour of TPL, with the head and varint boundaries as pieces", async () => {
    const s = await runSeries("ids", v04Inputs(original04), codecsOf("mimi-content-04", "mimiContent"), room, { limit: 300 });
    const m = s.metrics[0]!;
    expect(m.segments.map((g) => g.slope)).toEqual(m.segments.map(() => -2));
    expect(m.segments.map((g) => g.from)).toEqual([0, 2, 24, 256]);
    expect(m.runs.map((r) => r.sign)).toEqual([0, -1]);
    expect(s.points.find((p) => p.n === 300)!.diff).toBe(m.segments[m.segments.length - 1]!.diffTo);
  });

  it("parts and depth start where the version allows", async () => {
    const parts = await runSeries("parts", v04Inputs(original04), codecsOf("mimi-content-04", "mimiContent"), room, { limit: 30 });
    expect(parts.from).toBe(2);
    const depth = await runSeries("depth", mainInputs(originalMain), codecsOf("mimi-content-main", "mimiContent"), room, { limit: 5 });
    expect(depth.points.map((p) => p.n)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
