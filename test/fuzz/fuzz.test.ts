/**
 * The bounded fuzz run: a few seconds, fixed seed, every decoder of the
 * built-in documents (TPL and CBOR) and the CDDL, TPL and EDN parsers, from
 * the stored seeds (fuzz/corpus). The long run is `npm run fuzz`.
 *
 * A finding is an input that makes a decoder end in anything but a value or
 * a CodecError (offset inside the input, string path), or a decoded value
 * that does not survive the round trip; or a parser that throws. The test
 * asserts there are none beyond those listed in fuzz/known.ts (already
 * reported, each with its fix) and prints each one with its input.
 */
import { describe, expect, it } from "vitest";
import { buildTextCorpus, loadStoredCorpus } from "../../fuzz/corpus.js";
import { runSession, type SessionResult } from "../../fuzz/session.js";
import { sumStats } from "../../fuzz/report.js";
import { isKnown } from "../../fuzz/known.js";

const hex = (b: Uint8Array | string): string => (typeof b === "string" ? JSON.stringify(b.length > 200 ? b.slice(0, 200) + "…" : b) : Buffer.from(b).toString("hex"));

/** Findings not in fuzz/known.ts, described; the known ones are printed as warnings. */
function describeFindings(r: SessionResult): string {
  const all = [...r.unique.values()];
  for (const f of all) {
    const k = isKnown(f);
    if (k) console.warn(`known finding (fuzz/known.ts), ${f.kind} in ${f.target}: ${f.message.slice(0, 120)}\n  ${k.why}`);
  }
  return all.filter((f) => !isKnown(f)).map((f) => `${f.kind} in ${f.target} (x${f.count}): ${f.message}\n  minimised input: ${hex(f.minimised)}\n  options: ${JSON.stringify(f.options)}\n  ${f.stack.split("\n").slice(0, 4).join("\n  ")}`).join("\n\n");
}

describe("bounded fuzzing (seed 20261126)", () => {
  const decoders = loadStoredCorpus();
  // the shorter source texts only: peggy takes ~0.1 s on a whole draft's block, and this run is meant to take seconds
  const all = buildTextCorpus();
  const texts = { cddl: all.cddl.filter((t) => t.length <= 3000), tpl: all.tpl.filter((t) => t.length <= 3000), edn: all.edn.filter((t) => t.length <= 3000) };

  it("every decoder: mutated inputs end in a value or a CodecError", () => {
    const r = runSession({ seed: 20261126, count: { decoder: 40, parser: 0 }, filter: ["rfc", "mimi"], minimise: false }, {}, { decoders, texts: { cddl: [], tpl: [], edn: [] } });
    const s = sumStats(r.decoders);
    expect(r.decoders.size).toBeGreaterThan(500);
    expect(s.execs).toBe(40 * r.decoders.size);
    expect(s.values).toBeGreaterThan(0);
    expect(describeFindings(r)).toBe("");
  });

  it("the CDDL, TPL and EDN parsers return diagnostics for mutated drafts, deep nesting and long chains", () => {
    const r = runSession({ seed: 20261126, count: { decoder: 0, parser: 16 }, filter: ["parse:"], minimise: false }, {}, { decoders, texts });
    expect(sumStats(r.parsers).execs).toBe(3 * 16);
    expect(describeFindings(r)).toBe("");
  });
});
