/**
 * Scaling series: how TPL - CBOR changes as one thing in a message grows
 * (body length 0 B to 1 MiB, lastSeen ids, parts, nesting depth,
 * extensions), and where it changes: every step of the difference is
 * located exactly (by evaluating every integer, or for the body length by
 * bisection between samples), and a crossover is a step where its sign
 * changes. Nothing here knows where the varint or CBOR head boundaries are;
 * they come out of the encodings.
 */
import type { CborCodec, TplCodec } from "../runtime/index.js";
import type { Codecs } from "./corpus.js";
import type { MlsRoom, Padding } from "./mls-framing.js";
import type { VersionInputs, SeriesVersion } from "./scaling-inputs.js";

export type SeriesKind = "body" | "ids" | "parts" | "depth" | "extensions";
export type Metric = "content" | "mls-none" | "mls-default";

export interface SeriesPoint {
  readonly n: number;
  readonly tpl: number;
  readonly cbor: number;
  readonly diff: number;
  /** MLSMessage sizes (body-length series only), per padding */
  readonly mls?: Readonly<Partial<Record<Padding, { readonly tpl: number; readonly cbor: number; readonly diff: number }>>>;
}

/** diff(at - 1) = before, diff(at) = after */
export interface Step {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

/** A maximal range of n over which the sign of TPL - CBOR stays the same. */
export interface SignRun {
  readonly from: number;
  readonly to: number;
  /** -1: TPL smaller; 0: equal; 1: CBOR smaller */
  readonly sign: -1 | 0 | 1;
  readonly minDiff: number;
  readonly maxDiff: number;
}

/** A maximal range where TPL - CBOR is linear in n: diff(n) = diffFrom + slope * (n - from). */
export interface Segment {
  readonly from: number;
  readonly to: number;
  readonly diffFrom: number;
  readonly diffTo: number;
  readonly slope: number;
}

export interface MetricResult {
  readonly metric: Metric;
  /** TPL - CBOR over the whole range, exactly, as linear pieces */
  readonly segments: readonly Segment[];
  /** the steps where the sign of TPL - CBOR changes */
  readonly crossovers: readonly Step[];
  readonly runs: readonly SignRun[];
  /** how the steps were found */
  readonly method: string;
}

export interface SeriesResult {
  readonly id: string;
  readonly kind: SeriesKind;
  readonly version: SeriesVersion;
  readonly title: string;
  readonly unit: string;
  readonly from: number;
  readonly to: number;
  readonly points: readonly SeriesPoint[];
  readonly metrics: readonly MetricResult[];
  /** average bytes per unit over the whole range */
  readonly slope: { readonly tpl: number; readonly cbor: number; readonly diff: number };
  /** body length: the n where each format's bytes beyond the body's content grow (its length prefix or head) */
  readonly growth?: { readonly tpl: readonly number[]; readonly cbor: readonly number[] };
}

export interface ScalingOptions {
  /** fewer and smaller points (tests) */
  readonly quick?: boolean;
  /** versions whose body series is also framed in MLS (default: all) */
  readonly mlsVersions?: readonly SeriesVersion[];
  /** cap every series at this n (tests) */
  readonly limit?: number;
}

interface Plan {
  readonly title: string;
  readonly unit: string;
  readonly to: number;
  readonly quickTo: number;
}

export const PLANS: Readonly<Record<SeriesKind, Plan>> = {
  body: { title: "body length", unit: "content bytes of the single body part", to: 1 << 20, quickTo: 70_000 },
  ids: { title: "lastSeen / inReplyTo ids", unit: "message ids", to: 1024, quickTo: 300 },
  parts: { title: "parts", unit: "single parts in one multipart", to: 1024, quickTo: 300 },
  depth: { title: "nesting depth", unit: "multipart levels above one single part", to: 30, quickTo: 10 },
  extensions: { title: "extensions", unit: "extensions (5-byte names, 8-byte values)", to: 1024, quickTo: 300 },
};

type Sizes = { tpl: number; cbor: number };

/** The series grow messages past the drafts' decode limits on purpose (4 levels, 1024 parts): sizes, not validity. */
const BEYOND_LIMITS = { maxDepth: 1024, maxCount: Number.MAX_SAFE_INTEGER } as const;
type Eval = (n: number) => Promise<Sizes> | Sizes;

export async function runSeries(kind: SeriesKind, inputs: VersionInputs, codecs: Codecs, room: MlsRoom, options: ScalingOptions = {}): Promise<SeriesResult> {
  const plan = PLANS[kind];
  const from = kind === "parts" ? inputs.minParts : 0;
  let to = options.quick ? plan.quickTo : plan.to;
  if (kind === "ids" && inputs.maxIds !== null) to = Math.min(to, inputs.maxIds);
  if (options.limit !== undefined) to = Math.max(from, Math.min(to, options.limit));
  const build = (n: number): unknown => inputs[kind](n);
  const content: Eval = (n) => {
    const v = build(n);
    return { tpl: (codecs.tpl as TplCodec<unknown>).encodedSize(v, BEYOND_LIMITS), cbor: (codecs.cbor as CborCodec<unknown>).encodedSize(v, BEYOND_LIMITS) };
  };

  const exhaustive = kind !== "body";
  const samples = exhaustive ? range(from, to) : bodySamples(to, 512, 1.05);
  const contentRun = await locate("content", content, samples, exhaustive);
  const metrics: MetricResult[] = [contentRun.result];

  const framed = kind === "body" && (options.mlsVersions ?? ["03-tpl", "04", "main"]).includes(inputs.version);
  // the MLSMessage size depends only on the plaintext's length: frame that length (cached across series)
  const mlsEval = (p: Padding): Eval => async (n) => {
    const s = await contentRun.sizes(n);
    return { tpl: await room.frameLength(s.tpl, p), cbor: await room.frameLength(s.cbor, p) };
  };
  const mlsRuns: Array<{ padding: Padding; run: Located; f: Eval }> = [];
  if (framed) {
    const coarse = [...new Set([...mlsSamples(to, options.quick ? 16 : 4, options.quick ? 256 : 512, options.quick ? 2 : 1.25), ...contentRun.result.segments.flatMap((g) => [g.from - 1, g.from])])]
      .filter((n) => n >= from && n <= to)
      .sort((a, b) => a - b);
    for (const p of ["none", "default"] as const) {
      const f = mlsEval(p);
      const run = await locate(`mls-${p}`, f, coarse, false);
      metrics.push(run.result);
      mlsRuns.push({ padding: p, run, f });
    }
  }

  // points to show: small n, a geometric grid, and both sides of every step;
  // MLS sizes on a sparser set (powers of two and the MLS steps)
  const inRange = (n: number) => n >= from && n <= to;
  const shown = new Set<number>([from, to]);
  for (const n of range(from, Math.min(to, exhaustive ? 64 : 32))) shown.add(n);
  for (let n = Math.max(1, from); n <= to; n = Math.max(n + 1, Math.round(n * 1.25))) shown.add(n);
  for (const m of metrics) for (const g of m.segments) for (const n of [g.from - 1, g.from, g.to]) if (inRange(n)) shown.add(n);
  const mlsShown = new Set<number>([from, to]);
  for (let n = 1; n <= to; n *= 2) if (inRange(n)) mlsShown.add(n);
  for (const { run } of mlsRuns) for (const g of run.result.segments) for (const n of [g.from - 1, g.from]) if (inRange(n)) mlsShown.add(n);
  for (const n of mlsShown) shown.add(n);
  const points: SeriesPoint[] = [];
  for (const n of [...shown].sort((a, b) => a - b)) {
    const s = await contentRun.sizes(n);
    const mls: Partial<Record<Padding, { tpl: number; cbor: number; diff: number }>> = {};
    if (mlsShown.has(n)) {
      for (const { padding, run } of mlsRuns) {
        const f = await run.sizes(n);
        mls[padding] = { ...f, diff: f.tpl - f.cbor };
      }
    }
    points.push({ n, tpl: s.tpl, cbor: s.cbor, diff: s.tpl - s.cbor, ...(Object.keys(mls).length > 0 ? { mls } : {}) });
  }

  let growth: SeriesResult["growth"];
  if (kind === "body") {
    const beyond = (which: "tpl" | "cbor"): Eval => async (n) => ({ tpl: (await contentRun.sizes(n))[which] - n, cbor: 0 });
    const at = async (which: "tpl" | "cbor") => (await locate("content", beyond(which), samples, false)).result.segments.slice(1).map((g) => g.from);
    growth = { tpl: await at("tpl"), cbor: await at("cbor") };
  }

  const first = points[0]!;
  const last = points[points.length - 1]!;
  const span = Math.max(1, last.n - first.n);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    id: `${kind}/${inputs.version}`,
    kind,
    version: inputs.version,
    title: plan.title,
    unit: plan.unit,
    from,
    to,
    points,
    metrics,
    slope: { tpl: round((last.tpl - first.tpl) / span), cbor: round((last.cbor - first.cbor) / span), diff: round((last.diff - first.diff) / span) },
    ...(growth ? { growth } : {}),
  };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let n = a; n <= b; n++) out.push(n);
  return out;
}

/** Every n up to `dense`, then a geometric grid with `ratio`, then `to`. */
export function bodySamples(to: number, dense: number, ratio: number): number[] {
  const out = new Set<number>();
  for (let n = 0; n <= Math.min(dense, to); n++) out.add(n);
  for (let n = Math.max(1, dense); n < to; n = Math.max(n + 1, Math.floor(n * ratio))) out.add(n);
  out.add(to);
  return [...out].sort((a, b) => a - b);
}

/** A metric's steps, and its (cached) sizes at any n. */
export interface Located {
  readonly result: MetricResult;
  sizes(n: number): Promise<Sizes>;
}

/** Every `step`-th n up to `dense`, then a geometric grid with `ratio`, then `to`. */
export function mlsSamples(to: number, step: number, dense: number, ratio: number): number[] {
  const out = new Set<number>([0, to]);
  for (let n = 0; n <= Math.min(dense, to); n += step) out.add(n);
  for (let n = Math.max(1, dense); n < to; n = Math.max(n + 1, Math.floor(n * ratio))) out.add(n);
  return [...out].sort((a, b) => a - b);
}

/**
 * Every n in the samples' range where diff(n) != diff(n - 1): exact when
 * the samples are every integer, else by bisection between neighbouring
 * samples whose differences differ (which finds every step there unless two
 * steps in one gap cancel out).
 */
export async function locate(metric: Metric, f: Eval, samples: readonly number[], exhaustive: boolean): Promise<Located> {
  const cache = new Map<number, Sizes>();
  const sizes = async (n: number): Promise<Sizes> => {
    let s = cache.get(n);
    if (s === undefined) {
      s = await f(n);
      cache.set(n, s);
    }
    return s;
  };
  const diff = async (n: number): Promise<number> => {
    const s = await sizes(n);
    return s.tpl - s.cbor;
  };
  const steps: Step[] = [];
  const bisect = async (a: number, b: number): Promise<void> => {
    const da = await diff(a);
    const db = await diff(b);
    if (da === db) return;
    if (b === a + 1) {
      steps.push({ at: b, before: da, after: db });
      return;
    }
    const mid = Math.floor((a + b) / 2);
    await bisect(a, mid);
    await bisect(mid, b);
  };
  for (let i = 1; i < samples.length; i++) await bisect(samples[i - 1]!, samples[i]!);
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const runs = signRuns(first, last, await diff(first), steps);
  const sign = (x: number) => Math.sign(x);
  const segments = exhaustive ? linearPieces(first, last, (n) => cache.get(n)!) : constantPieces(first, last, await diff(first), steps);
  const result: MetricResult = {
    metric,
    segments,
    crossovers: steps.filter((s) => sign(s.before) !== sign(s.after)),
    runs,
    method: exhaustive ? `every n from ${first} to ${last}` : `bisection between ${samples.length} samples from ${first} to ${last}`,
  };
  return { result, sizes };
}

/** Piecewise-constant diff between bisected steps. */
function constantPieces(from: number, to: number, start: number, steps: readonly Step[]): Segment[] {
  const out: Segment[] = [];
  let cur = { from, diff: start };
  for (const s of steps) {
    out.push({ from: cur.from, to: s.at - 1, diffFrom: cur.diff, diffTo: cur.diff, slope: 0 });
    cur = { from: s.at, diff: s.after };
  }
  out.push({ from: cur.from, to, diffFrom: cur.diff, diffTo: cur.diff, slope: 0 });
  return out;
}

/** Maximal linear pieces of a diff known at every integer. */
function linearPieces(from: number, to: number, at: (n: number) => Sizes): Segment[] {
  const d = (n: number) => {
    const s = at(n);
    return s.tpl - s.cbor;
  };
  const out: Segment[] = [];
  let i = from;
  while (i <= to) {
    if (i === to) {
      out.push({ from: i, to: i, diffFrom: d(i), diffTo: d(i), slope: 0 });
      break;
    }
    const slope = d(i + 1) - d(i);
    let j = i + 1;
    while (j < to && d(j + 1) - d(j) === slope) j++;
    out.push({ from: i, to: j, diffFrom: d(i), diffTo: d(j), slope });
    i = j + 1;
  }
  return out;
}

function signRuns(from: number, to: number, start: number, steps: readonly Step[]): SignRun[] {
  const runs: SignRun[] = [];
  const sign = (x: number) => Math.sign(x) as -1 | 0 | 1;
  let cur = { from, sign: sign(start), minDiff: start, maxDiff: start };
  for (const s of steps) {
    if (sign(s.after) !== cur.sign) {
      runs.push({ ...cur, to: s.at - 1 });
      cur = { from: s.at, sign: sign(s.after), minDiff: s.after, maxDiff: s.after };
    } else {
      cur.minDiff = Math.min(cur.minDiff, s.after);
      cur.maxDiff = Math.max(cur.maxDiff, s.after);
    }
  }
  runs.push({ ...cur, to });
  return runs;
}
