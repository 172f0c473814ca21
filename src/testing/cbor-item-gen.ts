import { encodeItem } from "../runtime/cbor-item.js";
import type { CborItem } from "../runtime/cbor-types.js";
import type { Draw } from "./draw.js";

/**
 * Small CBOR items for CDDL `any`, in RFC 8949 §4.2.1 core deterministic
 * form: no recorded widths (preferred heads), definite lengths, map keys
 * distinct and in bytewise order of their encodings, no bignum tags (2, 3:
 * their content has its own determinism rules). The decoders return exactly
 * such an item for such bytes, so these survive a round trip unchanged.
 */
export function drawCborItem(d: Draw, depth = 0): CborItem {
  const containers = depth < 2;
  const kind = d.pick(containers ? KINDS : SCALARS);
  switch (kind) {
    case "uint":
      return { type: "uint", value: d.bigint(0n, U64_MAX) };
    case "nint":
      return { type: "nint", value: -1n - d.bigint(0n, U64_MAX) };
    case "bytes":
      return { type: "bytes", value: d.bytes(d.int(0, 8)) };
    case "text":
      return { type: "text", value: d.string(6) };
    case "float":
      return { type: "float", value: d.double() };
    case "simple":
      return { type: "simple", value: d.pick(SIMPLE_RANGES) === "low" ? d.int(0, 23) : d.int(32, 255) };
    case "tag": {
      const tag = d.pick(TAGS);
      return { type: "tag", tag: tag === -1n ? d.bigint(4n, U64_MAX) : tag, item: drawCborItem(d, depth + 1) };
    }
    case "array":
      return { type: "array", items: Array.from({ length: d.int(0, 3) }, () => drawCborItem(d, depth + 1)) };
    case "map": {
      const n = d.int(0, 3);
      const entries: Array<[Uint8Array, CborItem, CborItem]> = [];
      for (let i = 0; i < n; i++) {
        const key = drawCborItem(d, depth + 1);
        const enc = encodeItem(key);
        if (entries.some(([e]) => compareBytes(e, enc) === 0)) continue;
        entries.push([enc, key, drawCborItem(d, depth + 1)]);
      }
      entries.sort(([a], [b]) => compareBytes(a, b));
      return { type: "map", entries: entries.map(([, k, v]) => [k, v] as const) };
    }
  }
}

type Kind = "uint" | "nint" | "bytes" | "text" | "float" | "simple" | "tag" | "array" | "map";
const SCALARS: readonly Kind[] = ["uint", "nint", "bytes", "text", "float", "simple"];
const KINDS: readonly Kind[] = [...SCALARS, "tag", "array", "map"];
const SIMPLE_RANGES = ["low", "high"] as const;
/** -1n: any tag from 4 up. */
const TAGS: readonly bigint[] = [0n, 1n, 24n, 32n, 1001n, 55799n, -1n];
const U64_MAX = 0xffffffffffffffffn;

/** Bytewise lexicographic order; equal prefixes: shorter first (RFC 8949 §4.2.1). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
