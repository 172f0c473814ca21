/**
 * One corpus entry measured: its size in TPL, in CBOR (preferred
 * serialization, what the generated codec writes) and in deterministic CBOR
 * (RFC 8949 §4.2.1), where the bytes go in each, and its size after MLS
 * framing with and without padding.
 *
 * Every number comes from encoding with the generated codecs (or from
 * ts-mls, for the MLS framing); the IR walk only says where the bytes go,
 * and must add up to exactly the encoded sizes.
 */
import { decodeItem, encodeItem, isDeterministic, type CborItem } from "../runtime/index.js";
import { byConstruct, byField, splitBytes, totalsOf, type Category, type Charge, type Row, type Split } from "./breakdown.js";
import type { CorpusEntry } from "./corpus.js";
import { walkValue } from "./ir-walk.js";
import type { MlsRoom, Padding } from "./mls-framing.js";
import type { SchemaSet } from "./schemas.js";

export interface Pair {
  readonly tpl: number;
  readonly cbor: number;
}

export interface Measurement {
  readonly id: string;
  readonly group: string;
  readonly label: string;
  readonly kind: CorpusEntry["kind"];
  readonly document: string;
  readonly typeName: string;
  readonly source: string;
  readonly publishedSize?: number;
  readonly sender?: string;
  readonly tpl: number;
  /** preferred serialization, as the generated codec writes it */
  readonly cbor: number;
  /** RFC 8949 §4.2.1 core deterministic encoding of the same value */
  readonly cborDeterministic: number;
  /** tpl - cbor */
  readonly diff: number;
  /** (tpl - cbor) / cbor, in percent */
  readonly diffPercent: number;
  readonly framing: { readonly tpl: Split; readonly cbor: Split };
  readonly categories: { readonly tpl: Record<Category, number>; readonly cbor: Record<Category, number> };
  readonly fields: readonly Row[];
  readonly constructs: readonly Row[];
  /** MLSMessage (PrivateMessage) carrying the TPL and the CBOR encoding, per padding */
  readonly mls?: Readonly<Record<Padding, Pair>>;
  /** SubmitMessageRequest and FanoutMessage around it, default padding (conversation) */
  readonly wire?: { readonly submit: Pair; readonly fanout: Pair };
}

export interface Measured {
  readonly measurement: Measurement;
  readonly charges: readonly Charge[];
}

export function percent(diff: number, base: number): number {
  return base === 0 ? 0 : Math.round((diff / base) * 10000) / 100;
}

export async function measureEntry(entry: CorpusEntry, set: SchemaSet, room: MlsRoom, options: { wire?: boolean } = {}): Promise<Measured> {
  const opts = entry.context ? { context: entry.context } : undefined;
  const tplBytes = entry.codecs.tpl.encode(entry.value, opts);
  const cborBytes = entry.codecs.cbor.encode(entry.value, opts);
  const det = deterministicCbor(cborBytes);
  // the deterministic form must still be this type, and pass the strict decoder
  entry.codecs.cbor.decode(det, { deterministic: true, ...opts });

  const walk = walkValue(set, entry.document, entry.typeName, entry.value, entry.context ?? {});
  if (walk.tpl !== tplBytes.length || walk.cbor !== cborBytes.length) {
    throw new Error(`${entry.id}: framing + payload is TPL ${walk.tpl} / CBOR ${walk.cbor} bytes, the codecs wrote ${tplBytes.length} / ${cborBytes.length}`);
  }
  const categories = totalsOf(walk.charges);

  let mls: Record<Padding, Pair> | undefined;
  let wire: Measurement["wire"];
  if (entry.framed) {
    const sender = entry.sender ?? "alice";
    const frame = (bytes: Uint8Array, p: Padding) => room.frame(sender, bytes, p);
    const [tn, cn, td, cd] = await Promise.all([frame(tplBytes, "none"), frame(cborBytes, "none"), frame(tplBytes, "default"), frame(cborBytes, "default")]);
    mls = { none: { tpl: tn.mlsMessage.length, cbor: cn.mlsMessage.length }, default: { tpl: td.mlsMessage.length, cbor: cd.mlsMessage.length } };
    if (options.wire) wire = { submit: { tpl: td.submit.length, cbor: cd.submit.length }, fanout: { tpl: td.fanout.length, cbor: cd.fanout.length } };
  }

  const diff = tplBytes.length - cborBytes.length;
  const measurement: Measurement = {
    id: entry.id,
    group: entry.group,
    label: entry.label,
    kind: entry.kind,
    document: entry.document,
    typeName: entry.typeName,
    source: entry.source,
    ...(entry.publishedSize !== undefined ? { publishedSize: entry.publishedSize } : {}),
    ...(entry.sender ? { sender: entry.sender } : {}),
    tpl: tplBytes.length,
    cbor: cborBytes.length,
    cborDeterministic: det.length,
    diff,
    diffPercent: percent(diff, cborBytes.length),
    framing: { tpl: splitBytes(categories.tpl), cbor: splitBytes(categories.cbor) },
    categories,
    fields: byField(walk.charges),
    constructs: byConstruct(walk.charges),
    ...(mls ? { mls } : {}),
    ...(wire ? { wire } : {}),
  };
  return { measurement, charges: walk.charges };
}

/**
 * The RFC 8949 §4.2.1 core deterministic encoding of a CBOR item: preferred
 * heads and floats, definite lengths, map keys in bytewise order of their
 * encodings. The generated encoders already write preferred serialization;
 * they keep a data map's insertion order, which is the only thing this can
 * change (and it does not change the size).
 */
export function deterministicCbor(bytes: Uint8Array): Uint8Array {
  const out = encodeItem(sortMaps(decodeItem(bytes, { keepWidths: false })));
  const check = isDeterministic(out);
  if (!check.ok) throw new Error(`not deterministic at offset ${check.offset}: ${check.reason}`);
  return out;
}

function sortMaps(item: CborItem): CborItem {
  switch (item.type) {
    case "array":
      return { type: "array", items: item.items.map(sortMaps) };
    case "map": {
      const entries = item.entries.map(([k, v]) => ({ k: sortMaps(k), v: sortMaps(v) })).map((e) => ({ ...e, key: encodeItem(e.k) }));
      entries.sort((a, b) => compareBytes(a.key, b.key));
      return { type: "map", entries: entries.map((e) => [e.k, e.v] as const) };
    }
    case "tag":
      return { type: "tag", tag: item.tag, item: sortMaps(item.item) };
    default:
      return item;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
