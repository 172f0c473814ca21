/**
 * A/B a runtime or generator change in one process: loads the generated
 * codecs (and so the runtime) of this tree and of a second tree, and times
 * the same operations side by side with cbor-x / ts-mls as the yardstick.
 *
 *   npx tsx bench/ab.ts /path/to/other/tree [--rounds N] [--filter text]
 *
 * The other tree is a copy of this repository with the proposal applied
 * (a copy of the tree with the change applied, generated/ regenerated
 * there). "speedup" columns are theirs (cbor-x / ts-mls) over each tree's
 * ns/op, medians of per-round ratios. The `encodeInto` rows time the codecs'
 * work without the result's allocation (into a reused buffer), which is
 * what to compare when the allocation noise of a loaded machine swamps a
 * change.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Encoder } from "cbor-x";
import { encodeKeyPackage } from "ts-mls/keyPackage.js";
import { decodeMlsMessage, encodeMlsMessage } from "ts-mls/message.js";
import { decodeKeyPackage } from "ts-mls/keyPackage.js";
import * as mainA from "../generated/mimi-content-main/index.js";
import * as c03A from "../generated/mimi-content-03/index.js";
import { mimiMessages03 } from "./fixtures03.js";
import * as handTpl from "./handwritten/tpl.js";
import * as handCbor from "./handwritten/cbor.js";
import * as mlsA from "../generated/rfc9420/index.js";
import { buildGroup } from "../test/interop/mls-group.js";
import { bigBodyMessage, mimiMessages } from "./fixtures.js";
import { compare, fmtNs, synchronousJit, type Contender } from "./harness.js";

const a = parseArgs({ allowPositionals: true, options: { rounds: { type: "string" }, "batch-ms": { type: "string" }, filter: { type: "string", multiple: true } } });
const other = a.positionals[0];
if (!other) throw new Error("usage: tsx bench/ab.ts <other tree> [--rounds N] [--filter text]");
synchronousJit();
const mainB = (await import(pathToFileURL(resolve(other, "generated/mimi-content-main/index.ts")).href)) as typeof mainA;
const mlsB = (await import(pathToFileURL(resolve(other, "generated/rfc9420/index.ts")).href)) as typeof mlsA;
const c03B = (await import(pathToFileURL(resolve(other, "generated/mimi-content-03/index.ts")).href)) as typeof c03A;
// many short batches keep a round that another process interrupted from deciding the median (a loaded machine)
const opts = { rounds: Number(a.values.rounds ?? 9), batchMs: Number(a.values["batch-ms"] ?? 25), warmupMs: 100 };
const filters = a.values.filter ?? [];
const cborx = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true } as never);

function row(title: string, ref: Contender, opA: () => unknown, opB: () => unknown): void {
  if (filters.length && !filters.some((f) => title.includes(f))) return;
  const c = compare(title, [{ name: "A (this tree)", fn: opA }, { name: "B (other)", fn: opB }, ref], opts);
  const [ta, tb, tr] = c.timings;
  // ratios are relative to contender 0 (A): ratio[2] = ref/A; ref/B = ratio[2] / ratio[1]
  // the fastest round of each: what a contender takes when nothing else interferes
  const min = (t: { rounds: readonly number[] }) => Math.min(...t.rounds);
  console.log(
    `| ${title} | ${fmtNs(ta!.ns)} | ${fmtNs(tb!.ns)} | ${fmtNs(tr!.ns)} | ${c.ratios[2]!.toFixed(2)}x | ${(c.ratios[2]! / c.ratios[1]!).toFixed(2)}x | ${(1 / c.ratios[1]!).toFixed(2)}x | ${(min(ta!) / min(tb!)).toFixed(2)}x |`,
  );
}

console.log(`| op | A ns/op | B ns/op | ${"reference"} | speedup A | speedup B | B faster by | B faster by (fastest rounds) |`);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
// draft-03 MimiContent, with the hand-written codec (bench/handwritten/) as the reference
for (const m of mimiMessages03()) {
  const A = c03A.MimiContent;
  const B = c03B.MimiContent;
  const tpl = A.tpl.encode(m.value);
  const cbor = A.cbor.encode(m.value);
  const into = new Uint8Array(Math.max(tpl.length, cbor.length));
  const v = m.value as never;
  row(`03 tpl encode ${m.label}`, { name: "hand", fn: () => handTpl.encodeTpl(m.value) }, () => A.tpl.encode(m.value), () => B.tpl.encode(v));
  row(`03 tpl encodeInto ${m.label}`, { name: "hand", fn: () => handTpl.encodeTplInto(m.value, into, 0) }, () => A.tpl.encodeInto(m.value, into, 0), () => B.tpl.encodeInto(v, into, 0));
  row(`03 tpl decode ${m.label}`, { name: "hand", fn: () => handTpl.decodeTpl(tpl) }, () => A.tpl.decode(tpl), () => B.tpl.decode(tpl));
  row(`03 cbor encode ${m.label}`, { name: "hand", fn: () => handCbor.encodeCbor(m.value) }, () => A.cbor.encode(m.value), () => B.cbor.encode(v));
  row(`03 cbor encodeInto ${m.label}`, { name: "hand", fn: () => handCbor.encodeCborInto(m.value, into, 0) }, () => A.cbor.encodeInto(m.value, into, 0), () => B.cbor.encodeInto(v, into, 0));
  row(`03 cbor decode ${m.label}`, { name: "hand", fn: () => handCbor.decodeCbor(cbor) }, () => A.cbor.decode(cbor), () => B.cbor.decode(cbor));
}
for (const m of mimiMessages()) {
  const tpl = mainA.mimiContent.tpl.encode(m.value);
  const cbor = mainA.mimiContent.cbor.encode(m.value);
  const objBytes = cborx.encode(m.value) as Uint8Array;
  row(`tpl encode ${m.label}`, { name: "cbor-x", fn: () => cborx.encode(m.value) }, () => mainA.mimiContent.tpl.encode(m.value), () => mainB.mimiContent.tpl.encode(m.value));
  row(`tpl decode ${m.label}`, { name: "cbor-x", fn: () => cborx.decode(objBytes) }, () => mainA.mimiContent.tpl.decode(tpl), () => mainB.mimiContent.tpl.decode(tpl));
  row(`cbor encode ${m.label}`, { name: "cbor-x", fn: () => cborx.encode(m.value) }, () => mainA.mimiContent.cbor.encode(m.value), () => mainB.mimiContent.cbor.encode(m.value));
  row(`cbor decode ${m.label}`, { name: "cbor-x same bytes", fn: () => cborx.decode(cbor) }, () => mainA.mimiContent.cbor.decode(cbor), () => mainB.mimiContent.cbor.decode(cbor));
  const into = new Uint8Array(Math.max(tpl.length, cbor.length));
  row(`tpl encodeInto ${m.label}`, { name: "cbor-x", fn: () => cborx.encode(m.value) }, () => mainA.mimiContent.tpl.encodeInto(m.value, into, 0), () => mainB.mimiContent.tpl.encodeInto(m.value, into, 0));
  row(`cbor encodeInto ${m.label}`, { name: "cbor-x", fn: () => cborx.encode(m.value) }, () => mainA.mimiContent.cbor.encodeInto(m.value, into, 0), () => mainB.mimiContent.cbor.encodeInto(m.value, into, 0));
}
{
  const v = bigBodyMessage();
  const bytes = mainA.mimiContent.cbor.encode(v);
  const n = bytes.length;
  const scratch = new Uint8Array(n + 64);
  const plain = { name: "alloc+set", fn: () => { const b = new Uint8Array(n); b.set(bytes); return b; } };
  row("64k cbor encode", plain, () => mainA.mimiContent.cbor.encode(v), () => mainB.mimiContent.cbor.encode(v));
  row("64k cbor encodeInto", plain, () => mainA.mimiContent.cbor.encodeInto(v, scratch, 16), () => mainB.mimiContent.cbor.encodeInto(v, scratch, 16));
  row("64k tpl encode", plain, () => mainA.mimiContent.tpl.encode(v), () => mainB.mimiContent.tpl.encode(v));
}
const g = await buildGroup();
{
  const kpBytes = g.message("key_package:bob").bytes.subarray(4);
  const kpA = mlsA.KeyPackage.tpl.decode(kpBytes);
  const kpT = decodeKeyPackage(kpBytes, 0)![0];
  row("mls encode KeyPackage", { name: "ts-mls", fn: () => encodeKeyPackage(kpT) }, () => mlsA.KeyPackage.tpl.encode(kpA), () => mlsB.KeyPackage.tpl.encode(kpA as never));
}
for (const label of ["key_package:bob", "commit:bob-update", "welcome:cathy", "group_info", "application"]) {
  const bytes = g.message(label).bytes;
  const ours = mlsA.MLSMessage.tpl.decode(bytes);
  const theirs = decodeMlsMessage(bytes, 0)![0];
  row(`mls encode ${label}`, { name: "ts-mls", fn: () => encodeMlsMessage(theirs) }, () => mlsA.MLSMessage.tpl.encode(ours), () => mlsB.MLSMessage.tpl.encode(ours as never));
  const into = new Uint8Array(bytes.length);
  row(`mls encodeInto ${label}`, { name: "ts-mls", fn: () => encodeMlsMessage(theirs) }, () => mlsA.MLSMessage.tpl.encodeInto(ours, into, 0), () => mlsB.MLSMessage.tpl.encodeInto(ours as never, into, 0));
  row(`mls decode ${label}`, { name: "ts-mls", fn: () => decodeMlsMessage(bytes, 0) }, () => mlsA.MLSMessage.tpl.decode(bytes), () => mlsB.MLSMessage.tpl.decode(bytes));
}
