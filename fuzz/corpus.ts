/**
 * Starting inputs. Decoders: the mimi-content CBOR examples (main-2026-03,
 * 04, 03), their TPL encodings made with the generated codecs,
 * mimi-content-03's annotated TPL hex dumps, and RFC 9420 messages produced
 * by ts-mls (stored in fuzz/corpus/rfc9420, made by fuzz/make-corpus.ts).
 * Every value those decode to is walked and each sub-value that some other
 * type of the same document encodes becomes a seed of that type too; types
 * still without a seed (most of RFC 8446 and mimi-protocol-06, which have no
 * example messages) get one synthesised by following the decoder's own
 * error offsets. Parsers: the CDDL, TPL and EDN texts of shared/drafts and
 * of test/fixtures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hexFromAnnotatedDump, looksLikeHexDump } from "../src/extract/annotated-hex.js";
import { extractFile } from "../src/extract/index.js";
import { isCodecError, type CodecContext } from "../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../test/helpers/drafts.js";
import { hash32, Rng } from "./rng.js";
import { codecOf, contextsFor, decoderTargets, typeNames, type DecoderTarget, type Format } from "./targets.js";
import type { Lang } from "./mutate.js";

export interface Seed {
  readonly bytes: Uint8Array;
  readonly context: CodecContext;
  readonly origin: string;
}

export const CORPUS_DIR = fileURLToPath(new URL("./corpus/", import.meta.url));
const MAX_SEEDS = 24;

function files(dir: string, filter: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p, filter));
    else if (filter(p)) out.push(p);
  }
  return out;
}

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));

class SeedSet {
  readonly byTarget = new Map<string, Seed[]>();
  private readonly seen = new Set<string>();

  add(id: string, bytes: Uint8Array, context: CodecContext, origin: string): boolean {
    const list = this.byTarget.get(id) ?? [];
    if (list.length >= MAX_SEEDS) return false;
    const key = `${id}|${hash32(bytes)}|${bytes.length}|${JSON.stringify(context)}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    list.push({ bytes: bytes.slice(), context, origin });
    this.byTarget.set(id, list);
    return true;
  }

  count(id: string): number {
    return this.byTarget.get(id)?.length ?? 0;
  }
}

/** Objects, arrays, Maps and byte strings inside `v` (depth-first, each once). */
function subvalues(v: unknown, out: unknown[] = [], seen = new Set<unknown>()): unknown[] {
  if (v === null || typeof v !== "object" || seen.has(v)) return out;
  seen.add(v);
  out.push(v);
  if (v instanceof Uint8Array) return out;
  if (v instanceof Map) {
    for (const [k, x] of v) {
      subvalues(k, out, seen);
      subvalues(x, out, seen);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) subvalues(x, out, seen);
  } else {
    for (const x of Object.values(v)) subvalues(x, out, seen);
  }
  return out;
}

interface Root {
  doc: string;
  value: unknown;
  context: CodecContext;
  origin: string;
}

/** Encode every sub-value of the roots with every type of their document; successes become seeds. */
function harvest(roots: readonly Root[], seeds: SeedSet): void {
  for (const r of roots) {
    // the root's own context, and none: trying every context value of a
    // document on every sub-value costs minutes for RFC 8446
    const ctxs = Object.keys(r.context).length ? [{}, r.context] : [{}];
    const names = typeNames(r.doc);
    for (const x of subvalues(r.value)) {
      for (const type of names) {
        for (const fmt of ["tpl", "cbor"] as Format[]) {
          const id = `${r.doc}:${type}:${fmt}`;
          if (seeds.count(id) >= MAX_SEEDS) continue;
          const codec = codecOf(r.doc, type, fmt);
          if (!codec) continue;
          for (const context of ctxs) {
            try {
              const bytes = codec.encode(x, { context });
              // keep it only if it decodes back (a seed the decoder rejects teaches little)
              codec.decode(bytes, { context });
              seeds.add(id, bytes, context, `${r.origin} (part)`);
              break;
            } catch {
              // not a value of this type
            }
          }
        }
      }
    }
  }
}

function mimiContentType(file: string): string {
  return file.startsWith("report") ? "MessageStatusReport" : file.startsWith("implied") ? "MessageDerivedValues" : "mimiContent";
}

/**
 * Grow an input the decoder accepts by following its errors: past the end
 * -> append a byte; a bad byte at the offset -> try another value there;
 * trailing bytes -> cut. Deterministic for a given rng.
 */
export function synthesize(t: DecoderTarget, context: CodecContext, rng: Rng, steps = 1500): Uint8Array | undefined {
  let b: number[] = [];
  let lastOffset = -1;
  let triesHere = 0;
  for (let i = 0; i < steps; i++) {
    const bytes = Uint8Array.from(b);
    try {
      t.codec.decode(bytes, { context });
      return bytes;
    } catch (e) {
      if (!isCodecError(e)) return undefined;
      const off = e.offset;
      const reason = e.reason;
      if (/trailing bytes/.test(reason) && off >= 0 && off < b.length) {
        b = b.slice(0, off);
        continue;
      }
      if (off < 0) return undefined;
      if (off >= b.length || /truncated|end of input|need \d+ bytes|exceeds remaining|missing/.test(reason)) {
        if (/exceeds remaining|not a whole number/.test(reason) && off < b.length && rng.chance(0.5)) {
          b[off] = 0;
          continue;
        }
        if (b.length > 2048) return undefined;
        b.push(t.fmt === "cbor" ? rng.pick([0x00, 0x01, 0x40, 0x60, 0x80, 0xa0, 0xf6, 0xf4, 0x18, 0x41]) : rng.pick([0, 0, 0, 1, 2, 3]));
        continue;
      }
      if (off === lastOffset) triesHere++;
      else {
        lastOffset = off;
        triesHere = 0;
      }
      if (triesHere > 300) return undefined;
      b[off] = triesHere < 16 ? triesHere : rng.int(256);
      if (t.fmt === "cbor" && triesHere >= 16 && rng.chance(0.3)) b[off] = rng.pick([0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xa0, 0xa1, 0x40, 0x60, 0xf6, 0xf5, 0x00, 0x20]);
    }
  }
  return undefined;
}

/** Milliseconds spent in the last buildDecoderCorpus, by stage. */
export const timings: Record<string, number> = {};

export interface DecoderCorpus {
  targets: DecoderTarget[];
  seeds: Map<string, Seed[]>;
}

export const STORED_FILE = join(CORPUS_DIR, "seeds.json");

/** The seeds make-corpus.ts stored (the smallest few per decoder), for the bounded test: no harvesting. */
export function loadStoredCorpus(): DecoderCorpus {
  const targets = decoderTargets();
  const seeds = new Map<string, Seed[]>();
  const stored = JSON.parse(readFileSync(STORED_FILE, "utf8")) as (StoredSeed & { origin: string })[];
  for (const e of stored) {
    if (e.hex === null) continue;
    const list = seeds.get(e.id) ?? [];
    list.push({ bytes: Uint8Array.from(Buffer.from(e.hex, "hex")), context: e.context, origin: e.origin });
    seeds.set(e.id, list);
  }
  return { targets, seeds };
}

export interface CorpusOptions {
  /** Synthesise seeds for seedless types even if fuzz/corpus/synthesised.json has them. */
  readonly synthesise?: boolean;
  readonly seed?: number;
}

interface StoredSeed {
  id: string;
  /** null: synthesis failed for this target (so runs need not retry it) */
  hex: string | null;
  context: CodecContext;
}

export const SYNTH_FILE = join(CORPUS_DIR, "synthesised.json");

function loadSynthesised(): StoredSeed[] | undefined {
  return existsSync(SYNTH_FILE) ? (JSON.parse(readFileSync(SYNTH_FILE, "utf8")) as StoredSeed[]) : undefined;
}

/** Seeds synthesised by the last buildDecoderCorpus (for make-corpus.ts to store). */
export const synthesised: StoredSeed[] = [];

export function buildDecoderCorpus(options: CorpusOptions = {}): DecoderCorpus {
  // thousands of expected CodecErrors below: capturing their stacks would dominate
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build(options.seed ?? 1, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function build(seed: number, options: CorpusOptions): DecoderCorpus {
  const targets = decoderTargets();
  const seeds = new SeedSet();
  const roots: Root[] = [];
  const mods = { "main-2026-03": "mimi-content-main", "04": "mimi-content-04", "03": "mimi-content-03-cddl" } as const;
  if (HAVE_DRAFTS) {
    // mimi-content CBOR examples, with their own version's codecs
    for (const [dir, doc] of Object.entries(mods)) {
      for (const f of files(join(DRAFTS, "mimi-content", dir, "examples"), (p) => p.endsWith(".cbor"))) {
        const name = f.split("/").pop()!;
        const type = mimiContentType(name);
        const bytes = read(f);
        seeds.add(`${doc}:${type}:cbor`, bytes, {}, `${dir}/${name}`);
        try {
          roots.push({ doc, value: codecOf(doc, type, "cbor")!.decode(bytes), context: {}, origin: `${dir}/${name}` });
        } catch {
          // a damaged example is still a seed
        }
      }
    }
    // mimi-content-03's annotated TPL hex dumps (some are damaged: still real inputs)
    const md = join(DRAFTS, "mimi-content", "03", "draft-ietf-mimi-content.md");
    if (existsSync(md)) {
      for (const blk of extractFile(md).blocks) {
        if (blk.lang !== "other" || !looksLikeHexDump(blk.text)) continue;
        const type = /^TLS Presentation Language Example$/.test(blk.section) ? "MessageStatusReport" : "MimiContent";
        const { bytes } = hexFromAnnotatedDump(blk.text);
        seeds.add(`mimi-content-03:${type}:tpl`, bytes, {}, `03 hex dump "${blk.section}"`);
        try {
          roots.push({ doc: "mimi-content-03", value: codecOf("mimi-content-03", type, "tpl")!.decode(bytes), context: {}, origin: `03 hex dump "${blk.section}"` });
        } catch {
          // damaged dump
        }
      }
    }
  }
  // RFC 9420 messages from ts-mls
  for (const f of files(join(CORPUS_DIR, "rfc9420"), (p) => p.endsWith(".bin"))) {
    const name = f.split("/").pop()!;
    const bytes = read(f);
    seeds.add("rfc9420:MLSMessage:tpl", bytes, {}, `ts-mls ${name}`);
    try {
      roots.push({ doc: "rfc9420", value: codecOf("rfc9420", "MLSMessage", "tpl")!.decode(bytes), context: {}, origin: `ts-mls ${name}` });
    } catch {
      // keep going
    }
  }
  let t0 = performance.now();
  harvest(roots, seeds);
  timings.harvest = performance.now() - t0;
  t0 = performance.now();
  // synthesise what is still missing (or load what make-corpus.ts stored),
  // then harvest the synthesised values too
  const synthRoots: Root[] = [];
  const stored = options.synthesise ? undefined : loadSynthesised();
  const gaveUp = new Set<string>();
  if (stored) {
    for (const e of stored) {
      const t = targets.find((x) => x.id === e.id);
      if (!t || seeds.count(t.id) > 0) continue;
      if (e.hex === null) {
        gaveUp.add(t.id);
        continue;
      }
      const bytes = Uint8Array.from(Buffer.from(e.hex, "hex"));
      try {
        const value = t.codec.decode(bytes, { context: e.context });
        seeds.add(t.id, bytes, e.context, "synthesised");
        synthRoots.push({ doc: t.doc, value, context: e.context, origin: `synthesised ${t.type}` });
      } catch {
        // generated code changed since make-corpus.ts ran: synthesise anew below
      }
    }
  }
  const rng = new Rng(seed);
  for (const t of targets) {
    if (seeds.count(t.id) > 0 || gaveUp.has(t.id)) continue;
    const ctxs = [t.contexts[0]!, ...Array.from({ length: Math.min(6, t.contexts.length - 1) }, () => t.contexts[1 + rng.int(t.contexts.length - 1)]!)];
    for (const context of ctxs) {
      const bytes = synthesize(t, context, rng);
      if (!bytes) continue;
      seeds.add(t.id, bytes, context, "synthesised");
      synthesised.push({ id: t.id, hex: Buffer.from(bytes).toString("hex"), context });
      synthRoots.push({ doc: t.doc, value: t.codec.decode(bytes, { context }), context, origin: `synthesised ${t.type}` });
      break;
    }
    if (seeds.count(t.id) === 0) synthesised.push({ id: t.id, hex: null, context: {} });
  }
  timings.synthesise = performance.now() - t0;
  t0 = performance.now();
  harvest(synthRoots, seeds);
  timings.harvestSynthesised = performance.now() - t0;
  return { targets, seeds: seeds.byTarget };
}

// ---------------------------------------------------------------- parser texts

export interface TextCorpus {
  cddl: string[];
  tpl: string[];
  edn: string[];
}

export function buildTextCorpus(): TextCorpus {
  const out: TextCorpus = { cddl: [], tpl: [], edn: [] };
  const add = (lang: Lang, text: string): void => {
    if (text.trim() !== "" && !out[lang].includes(text)) out[lang].push(text);
  };
  if (HAVE_DRAFTS) {
    for (const f of files(DRAFTS, () => true)) {
      if (/\.(cddl|prelude)$/.test(f)) add("cddl", readFileSync(f, "utf8"));
      else if (/\.(edn|diag)$/.test(f)) add("edn", readFileSync(f, "utf8"));
      else if (/\.(md|xml)$/.test(f)) {
        try {
          for (const b of extractFile(f).blocks) if (b.lang !== "other" && b.lang !== "hex") add(b.lang, b.text);
        } catch {
          // extraction is not what is fuzzed here
        }
      }
    }
  }
  const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
  for (const f of files(join(fixtures, "cddl"), (p) => p.endsWith(".cddl"))) add("cddl", readFileSync(f, "utf8"));
  for (const f of files(join(fixtures, "tpl"), (p) => /\.(tls|tpl)$/.test(p))) add("tpl", readFileSync(f, "utf8"));
  return out;
}
