/**
 * The fuzz loop and its oracle.
 *
 * Decoders: the only allowed outcomes of `decode(bytes)` are a value or a
 * CodecError whose offset is an integer within the input and whose path is a
 * string. Anything else is a finding: another exception; a CodecError that
 * wraps one ("internal error: ...", "call stack exhausted"); an offset
 * outside the input; a run longer than the per-input limit; an allocation
 * far beyond the input's size. A value must also survive the round trip
 * (encode, decode again, encode to the same bytes): an accepted value the
 * encoder rejects is a finding too.
 *
 * Parsers (parseCddl, parseTpl, parseEdn): they must return diagnostics,
 * never throw, and stay within time and memory limits.
 */
import { getHeapStatistics } from "node:v8";
import { isCodecError, type CodecContext } from "../src/runtime/index.js";
import { parseCddl } from "../src/cddl/parse-cddl.js";
import { parseEdn } from "../src/edn/parse-edn.js";
import { parseTpl } from "../src/tpl/parse-tpl.js";
import type { DecoderCorpus, Seed, TextCorpus } from "./corpus.js";
import { MAX_INPUT, mutateBytes, mutateText, stressText, type Lang } from "./mutate.js";
import { hash32, type Rng } from "./rng.js";
import type { DecoderTarget } from "./targets.js";

export interface Limits {
  /** An input taking longer than this (ms, measured after the fact) is a finding. */
  slowMs: number;
  /** Parsers: the same, for text (ms). */
  parserSlowMs: number;
  /** Bytes of heap + array buffers one decode may add, beyond `allocPerByte` x input length. */
  allocBase: number;
  allocPerByte: number;
}

export const DEFAULT_LIMITS: Limits = { slowMs: 250, parserSlowMs: 3000, allocBase: 64 * 1024 * 1024, allocPerByte: 512 };

export interface Finding {
  kind: string;
  target: string;
  /** bytes for decoders, text for parsers */
  input: Uint8Array | string;
  options: { context?: CodecContext; deterministic?: boolean; copy?: boolean };
  message: string;
  stack: string;
  /** same target, kind and message shape: the first one is kept */
  key: string;
}

export interface TargetStats {
  execs: number;
  values: number;
  errors: number;
  findings: number;
}

export interface ExecHooks {
  /** Called with every input before it runs (the worker records it for the hang watchdog). */
  before?(target: string, input: Uint8Array | string, options: Finding["options"]): void;
  finding(f: Finding): void;
}

const normalise = (s: string): string => s.replace(/\d+/g, "N").replace(/"[^"]*"/g, "S").slice(0, 160);

function topFrame(stack: string | undefined): string {
  const line = (stack ?? "").split("\n").find((l) => /^\s+at /.test(l)) ?? "";
  return line.trim().replace(/:\d+:\d+\)?$/, "");
}

/** Heap in use plus array-buffer (external) memory; ~1 µs, where process.memoryUsage() takes ~40 µs. */
function heap(): number {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

export interface DecodeOutcome {
  kind: "value" | "error" | "finding";
  finding?: Omit<Finding, "target" | "input" | "options" | "key">;
  /** for a CodecError: where it points (progress heuristic) */
  offset?: number;
}

/** The oracle for one decode. */
export function checkDecode(t: DecoderTarget, input: Uint8Array, options: Finding["options"], limits: Limits = DEFAULT_LIMITS): DecodeOutcome {
  const m0 = heap();
  const t0 = performance.now();
  let value: unknown;
  let failed: unknown;
  let ok = false;
  try {
    value = t.codec.decode(input, options);
    ok = true;
  } catch (e) {
    failed = e;
  }
  const dt = performance.now() - t0;
  const grew = heap() - m0;
  if (dt > limits.slowMs) return { kind: "finding", finding: { kind: "slow", message: `decode took ${dt.toFixed(0)} ms for ${input.length} bytes`, stack: "" } };
  if (grew > limits.allocBase + limits.allocPerByte * input.length) {
    return { kind: "finding", finding: { kind: "allocation", message: `decode grew heap + array buffers by ${(grew / 2 ** 20).toFixed(0)} MiB for ${input.length} bytes`, stack: "" } };
  }
  if (!ok) {
    const e = failed;
    if (!isCodecError(e)) {
      const err = e as Error;
      return { kind: "finding", finding: { kind: "foreign-exception", message: `${err?.name ?? typeof e}: ${err?.message ?? String(e)}`, stack: err?.stack ?? "" } };
    }
    if (typeof e.offset !== "number" || !Number.isInteger(e.offset) || typeof e.path !== "string") {
      return { kind: "finding", finding: { kind: "malformed-error", message: `offset ${String(e.offset)} path ${typeof e.path}: ${e.message}`, stack: e.stack ?? "" } };
    }
    if (e.reason.startsWith("internal error")) {
      const cause = e.cause as Error | undefined;
      return { kind: "finding", finding: { kind: "internal-error", message: e.message, stack: cause?.stack ?? e.stack ?? "" } };
    }
    if (e.reason.startsWith("nesting too deep")) {
      return { kind: "finding", finding: { kind: "stack-overflow", message: e.message, stack: (e.cause as Error | undefined)?.stack ?? "" } };
    }
    if (e.offset < 0 || e.offset > input.length) {
      return { kind: "finding", finding: { kind: "offset-out-of-range", message: `${e.message} (input is ${input.length} bytes)`, stack: e.stack ?? "" } };
    }
    return { kind: "error", offset: e.offset };
  }
  // round trip: what the decoder accepts, the encoder must take back
  const encodeOptions = { context: options.context ?? {} };
  let first: Uint8Array;
  try {
    first = t.codec.encode(value, encodeOptions);
  } catch (e) {
    const err = e as Error;
    return { kind: "finding", finding: { kind: "roundtrip-encode", message: `decoded value does not encode: ${err.message}`, stack: err.stack ?? "" } };
  }
  try {
    const again = t.codec.encode(t.codec.decode(first, encodeOptions), encodeOptions);
    if (again.length !== first.length || again.some((x, i) => x !== first[i])) {
      return { kind: "finding", finding: { kind: "roundtrip-unstable", message: `encode(decode(encode(v))) differs from encode(v) (${first.length} vs ${again.length} bytes)`, stack: "" } };
    }
  } catch (e) {
    const err = e as Error;
    return { kind: "finding", finding: { kind: "roundtrip-decode", message: `re-encoding does not decode: ${err.message}`, stack: err.stack ?? "" } };
  }
  return { kind: "value" };
}

export function findingKey(target: string, kind: string, message: string, stack: string): string {
  // a stack overflow's top frame is wherever the stack ran out: not part of its identity
  const frame = /Maximum call stack/.test(message) ? "" : topFrame(stack);
  return `${target}|${kind}|${normalise(message)}|${frame}`;
}

// ---------------------------------------------------------------- decoder loop

export class DecoderFuzzer {
  readonly stats = new Map<string, TargetStats>();
  /** accepted or deep-reaching mutated inputs, per target (a cheap stand-in for coverage feedback) */
  private readonly pool = new Map<string, Seed[]>();
  private readonly donors = new Map<string, Uint8Array[]>();

  constructor(
    readonly corpus: DecoderCorpus,
    private readonly rng: Rng,
    private readonly hooks: ExecHooks,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {
    // donors: every seed of the same document and format (crossover material, and
    // the starting points of the few types no seed reaches)
    for (const t of corpus.targets) {
      const key = `${t.doc}:${t.fmt}`;
      const list = this.donors.get(key) ?? [];
      for (const s of corpus.seeds.get(t.id) ?? []) list.push(s.bytes);
      this.donors.set(key, list);
    }
  }

  private statsOf(id: string): TargetStats {
    let s = this.stats.get(id);
    if (!s) this.stats.set(id, (s = { execs: 0, values: 0, errors: 0, findings: 0 }));
    return s;
  }

  private pickStart(t: DecoderTarget): Seed {
    const rng = this.rng;
    const seeds = this.corpus.seeds.get(t.id) ?? [];
    const pool = this.pool.get(t.id) ?? [];
    if (pool.length && rng.chance(0.3)) return rng.pick(pool);
    if (seeds.length && rng.chance(0.95)) return rng.pick(seeds);
    const donors = this.donors.get(`${t.doc}:${t.fmt}`) ?? [];
    return { bytes: donors.length ? rng.pick(donors) : new Uint8Array(0), context: rng.pick(t.contexts), origin: "donor" };
  }

  /** Run one mutated input of `t`. */
  step(t: DecoderTarget): void {
    const rng = this.rng;
    const start = this.pickStart(t);
    const donors = this.donors.get(`${t.doc}:${t.fmt}`) ?? [];
    let input = start.bytes;
    for (let k = 1 + rng.small(4); k > 0; k--) input = mutateBytes(input, rng, t.fmt, donors);
    const options: Finding["options"] = { context: rng.chance(0.85) ? start.context : rng.pick(t.contexts) };
    if (t.fmt === "cbor" && rng.chance(0.3)) options.deterministic = true;
    if (rng.chance(0.1)) options.copy = true;
    this.exec(t, input, options);
  }

  exec(t: DecoderTarget, input: Uint8Array, options: Finding["options"]): DecodeOutcome {
    this.hooks.before?.(t.id, input, options);
    const out = checkDecode(t, input, options, this.limits);
    const st = this.statsOf(t.id);
    st.execs++;
    if (out.kind === "value") {
      st.values++;
      this.remember(t, input, options);
    } else if (out.kind === "error") {
      st.errors++;
      if (out.offset !== undefined && input.length > 8 && out.offset > 0.8 * input.length && this.rng.chance(0.02)) this.remember(t, input, options);
    } else {
      st.findings++;
      // the loop runs with Error.stackTraceLimit = 0 (see session.ts): run it again with stacks
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      const again = checkDecode(t, input, options, this.limits);
      Error.stackTraceLimit = limit;
      const f = again.kind === "finding" ? again.finding! : out.finding!;
      this.hooks.finding({ ...f, target: t.id, input, options, key: findingKey(t.id, f.kind, f.message, f.stack) });
    }
    return out;
  }

  private remember(t: DecoderTarget, input: Uint8Array, options: Finding["options"]): void {
    if (input.length > 16384) return;
    const pool = this.pool.get(t.id) ?? [];
    const s = { bytes: input, context: options.context ?? {}, origin: "mutant" };
    if (pool.length < 64) pool.push(s);
    else pool[this.rng.int(pool.length)] = s;
    this.pool.set(t.id, pool);
  }

  /** Fuzz `t` for `ms` milliseconds (checking the clock every 16 inputs). */
  runFor(t: DecoderTarget, ms: number): void {
    const end = performance.now() + ms;
    do {
      for (let i = 0; i < 16; i++) this.step(t);
    } while (performance.now() < end);
  }

  /** Fuzz `t` for exactly `n` inputs. */
  runCount(t: DecoderTarget, n: number): void {
    for (let i = 0; i < n; i++) this.step(t);
  }
}

// ---------------------------------------------------------------- parsers

export const PARSERS: Record<Lang, (text: string) => unknown> = {
  cddl: (t) => {
    const r = parseCddl(t);
    if (!Array.isArray(r.rules) || !Array.isArray(r.errors)) throw new Error("parseCddl returned no rules/errors arrays");
    return r;
  },
  tpl: (t) => {
    const r = parseTpl(t);
    if (!Array.isArray(r.statements) || !Array.isArray(r.deviations)) throw new Error("parseTpl returned no statements/deviations arrays");
    return r;
  },
  edn: (t) => {
    const r = parseEdn(t);
    if (!Array.isArray(r.items) || !Array.isArray(r.errors)) throw new Error("parseEdn returned no items/errors arrays");
    return r;
  },
};

export class ParserFuzzer {
  readonly stats = new Map<string, TargetStats>();

  constructor(
    readonly texts: TextCorpus,
    private readonly rng: Rng,
    private readonly hooks: ExecHooks,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  step(lang: Lang): void {
    const rng = this.rng;
    const texts = this.texts[lang];
    let text: string;
    if (texts.length === 0 || rng.chance(0.05)) text = stressText(lang, rng).slice(0, MAX_INPUT);
    else {
      text = rng.pick(texts);
      for (let k = 1 + rng.small(6); k > 0; k--) text = mutateText(text, rng, texts);
    }
    this.exec(lang, text);
  }

  exec(lang: Lang, text: string): void {
    const id = `parse:${lang}`;
    this.hooks.before?.(id, text, {});
    let st = this.stats.get(id);
    if (!st) this.stats.set(id, (st = { execs: 0, values: 0, errors: 0, findings: 0 }));
    st.execs++;
    const m0 = heap();
    const t0 = performance.now();
    let f: Omit<Finding, "target" | "input" | "options" | "key"> | undefined;
    try {
      PARSERS[lang](text);
      st.values++;
    } catch (first) {
      // again with stacks (the loop runs with Error.stackTraceLimit = 0); the
      // message is the first error's, since a stack overflow near the limit
      // may not recur (optimised frames are smaller)
      const e1 = first as Error;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      let stack = "";
      try {
        PARSERS[lang](text);
      } catch (e) {
        stack = (e as Error)?.stack ?? "";
      } finally {
        Error.stackTraceLimit = limit;
      }
      f = { kind: "parser-threw", message: `${e1?.name}: ${e1?.message}`, stack };
    }
    const dt = performance.now() - t0;
    const grew = heap() - m0;
    // slow: over the limit and over 20 µs a character (long texts may take seconds at a linear rate)
    if (!f && dt > this.limits.parserSlowMs && (dt * 1000) / Math.max(1, text.length) > 20) f = { kind: "parser-slow", message: `took ${dt.toFixed(0)} ms for ${text.length} characters`, stack: "" };
    if (!f && grew > this.limits.allocBase * 4 + this.limits.allocPerByte * 8 * text.length) {
      f = { kind: "parser-allocation", message: `grew heap by ${(grew / 2 ** 20).toFixed(0)} MiB for ${text.length} characters`, stack: "" };
    }
    if (f) {
      st.findings++;
      this.hooks.finding({ ...f, target: id, input: text, options: {}, key: findingKey(id, f.kind, f.message.replace(/took \d+ ms/, "took N ms"), f.stack) });
    }
  }

  runFor(lang: Lang, ms: number): void {
    const end = performance.now() + ms;
    do this.step(lang);
    while (performance.now() < end);
  }

  runCount(lang: Lang, n: number): void {
    for (let i = 0; i < n; i++) this.step(lang);
  }
}

/** Make the input of a finding smaller while the same kind and message shape persist (ddmin over bytes or characters). */
export function minimise<T extends Uint8Array | string>(input: T, reproduces: (x: T) => boolean, budget = 3000, ms = 20_000): T {
  let cur = input;
  let chunk = Math.max(1, cur.length >> 1);
  let tries = 0;
  const deadline = performance.now() + ms;
  const cut = (x: T, at: number, n: number): T =>
    (typeof x === "string" ? x.slice(0, at) + x.slice(at + n) : Uint8Array.from([...(x as Uint8Array).subarray(0, at), ...(x as Uint8Array).subarray(at + n)])) as T;
  while (chunk >= 1 && tries < budget && performance.now() < deadline) {
    let progressed = false;
    for (let at = 0; at < cur.length && tries < budget && performance.now() < deadline; ) {
      const cand = cut(cur, at, chunk);
      tries++;
      if (cand.length < cur.length && reproduces(cand)) {
        cur = cand;
        progressed = true;
      } else at += chunk;
    }
    if (!progressed) chunk >>= 1;
  }
  return cur;
}

export const inputHash = (x: Uint8Array | string): string => hash32(x);
