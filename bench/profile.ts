/**
 * Loop one operation for a few seconds, for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts tpl-encode small
 * then `npx tsx bench/summarize-profile.ts /tmp/prof/<file>.cpuprofile`.
 */
import { Encoder } from "cbor-x";
import { mimiContent } from "../generated/mimi-content-main/index.js";
import { KeyPackage, MLSMessage } from "../generated/rfc9420/index.js";
import { buildGroup } from "../test/interop/mls-group.js";
import { mimiMessages } from "./fixtures.js";

const [op = "tpl-encode", size = "small", secondsArg = "4"] = process.argv.slice(2);
const seconds = Number(secondsArg);
const cborx = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true } as never);
const m = mimiMessages().find((x) => x.label === size) ?? mimiMessages()[0]!;
const tpl = mimiContent.tpl.encode(m.value);
const cbor = mimiContent.cbor.encode(m.value);
let fn: () => unknown;
switch (op) {
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
