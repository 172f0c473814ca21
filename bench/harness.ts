/**
 * Side-by-side timing for a noisy 2-core machine: the contenders of one
 * comparison run interleaved (order rotated every round) in the same process,
 * each round times a batch calibrated to `batchMs`, and the report is the
 * median over rounds of ns/op and of the per-round ratio. A ratio taken
 * within one round compares runs made moments apart, so load from other
 * processes mostly cancels out.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface Contender {
  readonly name: string;
  /** One operation; its result is folded into a sink so it cannot be optimised away. */
  readonly fn: () => unknown;
}

export interface Timing {
  readonly name: string;
  /** median ns per operation over rounds */
  readonly ns: number;
  /** all rounds, ns/op */
  readonly rounds: readonly number[];
}

export interface Comparison {
  readonly title: string;
  readonly timings: readonly Timing[];
  /** ratios[i] = median over rounds of (ns of contender i) / (ns of contender 0) */
  readonly ratios: readonly number[];
}

export interface BenchOptions {
  rounds: number;
  batchMs: number;
  warmupMs: number;
  /** a full GC before each batch (see gcBetweenBatches) */
  gc?: boolean;
}

// more, shorter rounds than before (9 of 40 ms): the median of per-round ratios then rides out more interrupted rounds for the same time
export const DEFAULT_OPTIONS: BenchOptions = { rounds: 15, batchMs: 20, warmupMs: 150 };

/**
 * Optimise on the main thread: on a loaded 2-core machine the background
 * compiler thread can be starved for seconds, and a contender would then be
 * timed in the interpreter. Call before the first comparison.
 */
export function synchronousJit(): void {
  setFlagsFromString("--no-concurrent-recompilation");
}

/**
 * Makes a full GC available before every timed batch (untimed; for
 * comparisons run with `gc: true`), so the garbage one contender left behind
 * is not collected on the next contender's clock: with 64 KiB outputs that
 * attribution error dominated the figures.
 */
let collect: (() => void) | undefined;
export function gcBetweenBatches(): void {
  setFlagsFromString("--expose-gc");
  collect = runInNewContext("gc") as () => void;
}

let sink = 0;
function consume(v: unknown): void {
  if (v instanceof Uint8Array) sink ^= v.length;
  else if (typeof v === "number") sink ^= v;
  else if (v !== null && typeof v === "object") sink ^= 1;
  else if (v === undefined) sink ^= 2;
}

/** Keeps the sink observable so the JIT cannot drop the work. */
export function sinkValue(): number {
  return sink;
}

/**
 * The clock batches are timed by. "cpu" (the default): CPU time this
 * process used (process.cpuUsage, user + system, all its threads, so the
 * GC and ArrayBuffer work a contender causes on helper threads counts too).
 * On a loaded machine it leaves out the time other processes held the
 * core, which wall time adds to whichever contender was running then.
 * "wall": elapsed time (process.hrtime).
 */
export type Clock = "cpu" | "wall";
let clock: Clock = "cpu";
export function useClock(c: Clock): void {
  clock = c;
}
export function clockName(): Clock {
  return clock;
}

function now(): number {
  if (clock === "wall") return Number(process.hrtime.bigint());
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

function runBatch(fn: () => unknown, iters: number): number {
  const t0 = now();
  for (let i = 0; i < iters; i++) consume(fn());
  return now() - t0;
}

function calibrate(fn: () => unknown, batchMs: number, warmupMs: number): number {
  // Warm up until the JIT has settled: at least warmupMs, then until three
  // consecutive ~2 ms batches agree within 15% (at most 10x warmupMs).
  let iters = 1;
  let spent = 0;
  const recent: number[] = [];
  for (;;) {
    const t = runBatch(fn, iters);
    spent += t;
    if (t < 2e6) {
      iters *= 2;
      recent.length = 0;
      continue;
    }
    recent.push(t / iters);
    if (recent.length > 3) recent.shift();
    const settled = recent.length === 3 && Math.max(...recent) <= 1.15 * Math.min(...recent);
    if ((spent >= warmupMs * 1e6 && settled) || spent >= 10 * warmupMs * 1e6) break;
  }
  const perOp = median(recent.length ? recent : [spent / iters]);
  return Math.max(1, Math.round((batchMs * 1e6) / Math.max(perOp, 1)));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function compare(title: string, contenders: readonly Contender[], opts: BenchOptions = DEFAULT_OPTIONS): Comparison {
  const iters = contenders.map((c) => calibrate(c.fn, opts.batchMs, opts.warmupMs));
  const rounds: number[][] = contenders.map(() => []);
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + r) % contenders.length;
      if (opts.gc) collect?.();
      rounds[i]!.push(runBatch(contenders[i]!.fn, iters[i]!) / iters[i]!);
    }
  }
  const timings = contenders.map((c, i) => ({ name: c.name, ns: median(rounds[i]!), rounds: rounds[i]! }));
  const ratios = contenders.map((_, i) => median(rounds[i]!.map((t, r) => t / rounds[0]![r]!)));
  return { title, timings, ratios };
}

export function fmtNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** MB/s (10^6 bytes per second) for `bytes` processed per op. */
export function mbps(bytes: number, ns: number): string {
  return ((bytes / ns) * 1e3).toFixed(0);
}
