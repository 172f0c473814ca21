/**
 * Loop one operation for a few seconds, for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts tpl-encode small
 * then `npx tsx bench/summarize-profile.ts /tmp/prof/<file>.cpuprofile`.
 * Ops 03-tpl-encode ... 03-cbor-decode run the draft-03 codec, hand-tpl-encode
 * ... hand-cbor-decode the hand-written one (bench/fixtures03.ts messages).
 */
import { Encoder } from "cbor-x";
import { mimiContent } from "../generated/mimi-content-main/index.js";
import { KeyPackage, MLSMessage } from "../generated/rfc9420/index.js";
import { buildGroup } from "../test/interop/mls-group.js";
import { mimiMessages } from "./fixtures.js";
import { MimiContent } from "../generated/mimi-content-03/index.js";
import { mimiMessages03 } from "./fixtures03.js";
import * as handTpl from "./handwritten/tpl.js";
import * as handCbor from "./handwritten/cbor.js";

const [op = "tpl-encode", size = "small", secondsArg = "4"] = process.argv.slice(2);
const seconds = Number(secondsArg);
const cborx = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true } as never);
const m = mimiMessages().find((x) => x.label === size) ?? mimiMessages()[0]!;
const tpl = mimiContent.tpl.encode(m.value);
const cbor = mimiContent.cbor.encode(m.value);
const m3 = mimiMessages03().find((x) => x.label === size) ?? mimiMessages03()[0]!;
const tpl3 = MimiContent.tpl.encode(m3.value);
const cbor3 = MimiContent.cbor.encode(m3.value);
let fn: () => unknown;
switch (op) {
  case "03-tpl-encode": fn = () => MimiContent.tpl.encode(m3.value); break;
  case "03-tpl-decode": fn = () => MimiContent.tpl.decode(tpl3); break;
  case "03-cbor-encode": fn = () => MimiContent.cbor.encode(m3.value); break;
  case "03-cbor-decode": fn = () => MimiContent.cbor.decode(cbor3); break;
  case "hand-tpl-encode": fn = () => handTpl.encodeTpl(m3.value); break;
  case "hand-tpl-decode": fn = () => handTpl.decodeTpl(tpl3); break;
  case "hand-cbor-encode": fn = () => handCbor.encodeCbor(m3.value); break;
  case "hand-cbor-decode": fn = () => handCbor.decodeCbor(cbor3); break;
  case "tpl-encode": fn = () => mimiContent.tpl.encode(m.value); break;
  case "tpl-decode": fn = () => mimiContent.tpl.decode(tpl); break;
  case "cbor-encode": fn = () => mimiContent.cbor.encode(m.value); break;
  case "cbor-decode": fn = () => mimiContent.cbor.decode(cbor); break;
  case "cborx-encode": fn = () => cborx.encode(m.value); break;
  case "cborx-decode": fn = () => cborx.decode(cbor); break;
  case "mls-encode":
  case "mls-decode": {
    const g = await buildGroup();
    const bytes = g.message(size === "small" ? "commit:bob-update" : size).bytes;
    const v = MLSMessage.tpl.decode(bytes);
    fn = op === "mls-encode" ? () => MLSMessage.tpl.encode(v) : () => MLSMessage.tpl.decode(bytes);
    void KeyPackage;
    break;
  }
  default: throw new Error(`unknown op ${op}`);
}
let sink = 0;
const end = performance.now() + seconds * 1000;
let n = 0;
while (performance.now() < end) {
  for (let i = 0; i < 1000; i++) { const r = fn() as { length?: number }; sink ^= r.length ?? 1; }
  n += 1000;
}
console.log(`${op} ${size}: ${((seconds * 1e9) / n).toFixed(0)} ns/op (sink ${sink})`);
