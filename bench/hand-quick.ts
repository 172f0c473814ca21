/**
 * Quick look while tuning: the generated draft-03 codec against the
 * hand-written one, chosen ops only. `npx tsx bench/hand-quick.ts [op...]`
 * with op among tpl-enc, tpl-into, tpl-dec, cbor-enc, cbor-into, cbor-dec.
 */
import { MimiContent } from "../generated/mimi-content-03/index.js";
import { mimiMessages03 } from "./fixtures03.js";
import { decodeCbor, encodeCbor, encodeCborInto } from "./handwritten/cbor.js";
import { decodeTpl, encodeTpl, encodeTplInto } from "./handwritten/tpl.js";
import { compare, fmtNs, median, synchronousJit, type Contender } from "./harness.js";

synchronousJit();
const want = process.argv.slice(2);
const opts = { rounds: Number(process.env.ROUNDS ?? 9), batchMs: 20, warmupMs: 100 };
for (const m of mimiMessages03()) {
  const tpl = MimiContent.tpl.encode(m.value);
  const cbor = MimiContent.cbor.encode(m.value);
  const scratch = new Uint8Array(Math.max(tpl.length, cbor.length));
  const ops: Record<string, [Contender, Contender]> = {
    "tpl-enc": [{ name: "gen", fn: () => MimiContent.tpl.encode(m.value) }, { name: "hand", fn: () => encodeTpl(m.value) }],
    "tpl-into": [{ name: "gen", fn: () => MimiContent.tpl.encodeInto(m.value, scratch, 0) }, { name: "hand", fn: () => encodeTplInto(m.value, scratch, 0) }],
    "tpl-dec": [{ name: "gen", fn: () => MimiContent.tpl.decode(tpl) }, { name: "hand", fn: () => decodeTpl(tpl) }],
    "cbor-enc": [{ name: "gen", fn: () => MimiContent.cbor.encode(m.value) }, { name: "hand", fn: () => encodeCbor(m.value) }],
    "cbor-into": [{ name: "gen", fn: () => MimiContent.cbor.encodeInto(m.value, scratch, 0) }, { name: "hand", fn: () => encodeCborInto(m.value, scratch, 0) }],
    "cbor-dec": [{ name: "gen", fn: () => MimiContent.cbor.decode(cbor) }, { name: "hand", fn: () => decodeCbor(cbor) }],
  };
  for (const [op, cs] of Object.entries(ops)) {
    if (want.length && !want.includes(op)) continue;
    const c = compare(op, cs, opts);
    const r = median(c.timings[0]!.rounds.map((x, i) => x / c.timings[1]!.rounds[i]!));
    console.log(`${m.label.padEnd(7)} ${op.padEnd(10)} gen ${fmtNs(c.timings[0]!.ns).padStart(9)}  hand ${fmtNs(c.timings[1]!.ns).padStart(9)}  gen/hand ${r.toFixed(2)}`);
  }
}
