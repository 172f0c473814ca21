/**
 * Writes the stored seeds. The RFC 9420 ones: every MLSMessage a real ts-mls group puts on
 * the wire (test/interop/mls-group.ts), as fuzz/corpus/rfc9420/<label>.bin.
 * Stored rather than made per run, because ts-mls draws fresh keys each time
 * and a fixed-seed fuzz run must start from the same inputs.
 * Then fuzz/corpus/seeds.json: the three smallest seeds of every decoder,
 * which the bounded test (test/fuzz) starts from without harvesting.
 * And fuzz/corpus/synthesised.json: inputs synthesised (deterministically,
 * seed 1) for the types no real input reaches, so runs need not redo it.
 *   npx tsx fuzz/make-corpus.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildGroup } from "../test/interop/mls-group.js";
import { buildDecoderCorpus, CORPUS_DIR, STORED_FILE, SYNTH_FILE, synthesised } from "./corpus.js";

const g = await buildGroup();
const dir = join(CORPUS_DIR, "rfc9420");
mkdirSync(dir, { recursive: true });
for (const w of g.wire) {
  const name = w.label.replace(/[^a-z0-9-]+/gi, "_") + ".bin";
  writeFileSync(join(dir, name), w.bytes);
  console.log(`${name}: ${w.bytes.length} bytes (${w.kind} from ${w.from})`);
}

const t0 = performance.now();
const c = buildDecoderCorpus({ synthesise: true, seed: 1 });
writeFileSync(SYNTH_FILE, JSON.stringify(synthesised, null, 0).replace(/\},\{/g, "},\n{") + "\n");
const missing = c.targets.filter((t) => !c.seeds.get(t.id)?.length).map((t) => t.id);
console.log(`${synthesised.length} synthesised seeds in ${((performance.now() - t0) / 1000).toFixed(1)} s; still without a seed: ${missing.length ? missing.join(", ") : "none"}`);
const small: { id: string; hex: string; context: unknown; origin: string }[] = [];
for (const t of c.targets) {
  const list = [...(c.seeds.get(t.id) ?? [])].sort((a, b) => a.bytes.length - b.bytes.length).slice(0, 3);
  for (const s of list) small.push({ id: t.id, hex: Buffer.from(s.bytes).toString("hex"), context: s.context, origin: s.origin });
}
writeFileSync(STORED_FILE, "[\n" + small.map((x) => JSON.stringify(x)).join(",\n") + "\n]\n");
console.log(`${small.length} seeds stored in ${STORED_FILE}`);
