/**
 * One fuzz session: builds the corpora and cycles over every decoder target
 * and the three parsers, either for a time budget (the long run) or for a
 * fixed number of inputs per target (the bounded test). In-process; the
 * long run wraps it in a worker with a hang watchdog (run.ts).
 */
import { buildDecoderCorpus, buildTextCorpus, type DecoderCorpus, type TextCorpus } from "./corpus.js";
import { DecoderFuzzer, DEFAULT_LIMITS, minimise, ParserFuzzer, checkDecode, PARSERS, findingKey, type ExecHooks, type Finding, type Limits, type TargetStats } from "./engine.js";
import type { Lang } from "./mutate.js";
import { Rng } from "./rng.js";

export interface SessionOptions {
  seed: number;
  /** time budget in seconds (ignored when `count` is set) */
  seconds?: number;
  /** inputs per decoder target and per parser (bounded mode) */
  count?: { decoder: number; parser: number };
  /** only targets whose id contains one of these */
  filter?: readonly string[];
  /** share of the time for the parsers (default 0.2) */
  parserShare?: number;
  /** ms per decoder target per cycle (default 100) */
  sliceMs?: number;
  limits?: Limits;
  /** minimise each new finding's input (default true) */
  minimise?: boolean;
}

export interface SessionResult {
  decoders: Map<string, TargetStats>;
  parsers: Map<string, TargetStats>;
  findings: Finding[];
  /** first instance of each finding key, with its minimised input */
  unique: Map<string, Finding & { minimised: Uint8Array | string; count: number }>;
  corpusMs: number;
  seeds: number;
  seedlessTargets: string[];
}

const LANGS: Lang[] = ["cddl", "tpl", "edn"];

export interface SessionHooks {
  before?: ExecHooks["before"];
  onFinding?(f: Finding & { minimised: Uint8Array | string; count: number }, isNew: boolean): void;
  onProgress?(r: SessionResult): void;
  onReady?(): void;
}

export function runSession(opts: SessionOptions, hooks: SessionHooks = {}, corpora?: { decoders: DecoderCorpus; texts: TextCorpus }): SessionResult {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const t0 = performance.now();
  const decoders = corpora?.decoders ?? buildDecoderCorpus({ seed: opts.seed });
  const texts = corpora?.texts ?? buildTextCorpus();
  const corpusMs = performance.now() - t0;
  const want = (id: string): boolean => !opts.filter?.length || opts.filter.some((f) => id.includes(f));
  const targets = decoders.targets.filter((t) => want(t.id));
  const langs = LANGS.filter((l) => want(`parse:${l}`));
  const result: SessionResult = {
    decoders: new Map(),
    parsers: new Map(),
    findings: [],
    unique: new Map(),
    corpusMs,
    seeds: [...decoders.seeds.values()].reduce((a, s) => a + s.length, 0),
    seedlessTargets: decoders.targets.filter((t) => !decoders.seeds.get(t.id)?.length).map((t) => t.id),
  };
  const onFinding = (f: Finding): void => {
    result.findings.push(f);
    const known = result.unique.get(f.key);
    if (known) {
      known.count++;
      hooks.onFinding?.(known, false);
      return;
    }
    let minimised: Uint8Array | string = f.input;
    if (opts.minimise !== false && f.kind !== "slow" && f.kind !== "allocation" && f.kind !== "parser-slow" && f.kind !== "parser-allocation") {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 50;
      try {
        if (typeof f.input === "string") {
          const lang = f.target.slice("parse:".length) as Lang;
          minimised = minimise(f.input, (x) => {
            hooks.before?.(f.target, x, {}); // keeps the watchdog fed
            try {
              PARSERS[lang](x);
              return false;
            } catch (e) {
              const err = e as Error;
              return findingKey(f.target, "parser-threw", `${err?.name}: ${err?.message}`, err?.stack ?? "") === f.key;
            }
          }, 1500);
        } else {
          const t = decoders.targets.find((x) => x.id === f.target)!;
          minimised = minimise(f.input, (x) => {
            hooks.before?.(f.target, x, f.options);
            const o = checkDecode(t, x, f.options, limits);
            return o.kind === "finding" && findingKey(f.target, o.finding!.kind, o.finding!.message, o.finding!.stack) === f.key;
          });
        }
      } finally {
        Error.stackTraceLimit = limit;
      }
    }
    const u = { ...f, minimised, count: 1 };
    result.unique.set(f.key, u);
    hooks.onFinding?.(u, true);
  };
  const execHooks: ExecHooks = { finding: onFinding, ...(hooks.before ? { before: hooks.before } : {}) };
  const rng = new Rng(opts.seed);
  const df = new DecoderFuzzer(decoders, rng, execHooks, limits);
  const pf = new ParserFuzzer(texts, rng, execHooks, limits);
  result.decoders = df.stats;
  result.parsers = pf.stats;
  hooks.onReady?.();

  // Expected CodecErrors are the common case and capturing their stacks
  // would take most of the time; a finding is run again with stacks.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return loop();
  } finally {
    Error.stackTraceLimit = stackLimit;
  }

  function loop(): SessionResult {
  if (opts.count) {
    for (const t of targets) df.runCount(t, opts.count.decoder);
    for (const l of langs) {
      // the deep-nesting and long-chain inputs first, then mutations
      for (let i = 0; i < Math.min(8, opts.count.parser); i++) pf.exec(l, stressTextFixed(l, i));
      pf.runCount(l, Math.max(0, opts.count.parser - 8));
    }
    return result;
  }
  const seconds = opts.seconds ?? 10;
  const deadline = performance.now() + seconds * 1000;
  const slice = opts.sliceMs ?? 100;
  const parserShare = langs.length ? (opts.parserShare ?? 0.2) : 0;
  const order = targets.map((t) => t);
  let lastProgress = performance.now();
  let next = order.length; // index into the current shuffled cycle
  let parserMs = 0;
  let decoderMs = 0;
  while (performance.now() < deadline) {
    const now = performance.now();
    // keep the parsers' share of the elapsed time at parserShare
    const parsersDue = langs.length > 0 && (order.length === 0 || parserMs < parserShare * (parserMs + decoderMs));
    if (parsersDue) {
      pf.runFor(rng.pick(langs), Math.min(deadline - now, slice * 2));
      parserMs += performance.now() - now;
    } else if (order.length > 0) {
      if (next >= order.length) {
        // a new cycle, shuffled, so a short run still spreads over all targets
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        next = 0;
      }
      df.runFor(order[next++]!, Math.min(slice, deadline - now));
      decoderMs += performance.now() - now;
    } else break;
    if (hooks.onProgress && performance.now() - lastProgress > 2000) {
      lastProgress = performance.now();
      hooks.onProgress(result);
    }
  }
  hooks.onProgress?.(result);
  return result;
  }
}

/** The fixed stress inputs of the bounded run: deep nesting and long chains. */
export function stressTextFixed(lang: Lang, i: number): string {
  const d = [50, 400, 2000, 6000]![i % 4]!;
  const n = [100, 1000, 3000, 8000]![i % 4]!;
  switch (lang) {
    case "cddl":
      return i < 4 ? `a = ${"(".repeat(d)}int${")".repeat(d)}\n` : `a = ${Array.from({ length: n }, (_, k) => `t${k}`).join(" / ")}\nb = (${Array.from({ length: n / 10 }, (_, k) => `f${k}: int`).join(" // ")})\n`;
    case "tpl":
      return i < 4 ? `${"struct { ".repeat(d / 2)}uint8 x;${" } s;".repeat(d / 2)}` : `enum { ${Array.from({ length: n }, (_, k) => `v${k}(${k})`).join(", ")}, (65535) } E;`;
    default:
      return i < 4 ? `${"[".repeat(d)}1${"]".repeat(d)}` : `[${Array.from({ length: n }, (_, k) => String(k)).join(", ")}]`;
  }
}
