import type { Length } from "../ir/types.js";
import { describeLength } from "./describe-type.js";
import type { Direction } from "./finding.js";
import { direction } from "./finding.js";

/**
 * Length bounds of byte strings, text, vectors and maps, normalised so that
 * a TPL vector's byte bounds and a CDDL array's item count compare.
 *
 * The limits that only the framing imposes are "unbounded" (Infinity): a
 * `<V>` length's 2^30-1 and a CDDL `*` count's 2^32-1. A TPL `<a..b>` keeps
 * its b: the draft wrote it.
 */
export interface Bounds {
  readonly unit: "bytes" | "items";
  readonly min: number;
  readonly max: number;
  /** Converted from bytes to items without a fixed element size: a best guess. */
  readonly approximate?: boolean;
}

const VARINT_MAX = 0x3fffffff;
const COUNT_MAX = 0xffffffff;

export function boundsOf(len: Length): Bounds {
  switch (len.kind) {
    case "varint":
      return { unit: "bytes", min: len.min, max: len.max >= VARINT_MAX ? Infinity : len.max };
    case "prefixed":
      return { unit: "bytes", min: len.min, max: len.max };
    case "fixed":
      return { unit: "bytes", min: len.bytes, max: len.bytes };
    case "count":
      return { unit: "items", min: len.min, max: len.max >= COUNT_MAX ? Infinity : len.max };
    case "field":
    case "context":
    case "rest":
      return { unit: "bytes", min: 0, max: Infinity };
  }
}

/** Map entry counts (CDDL `{ n*m K => V }`). */
export function mapBounds(min: number, max: number): Bounds {
  return { unit: "items", min, max: max >= COUNT_MAX ? Infinity : max };
}

/**
 * A vector's byte bounds as an item count. With a fixed TPL element size the
 * conversion is exact; without one, a non-zero byte minimum means at least
 * one item and b bytes hold at most b items (decoders reject zero-size
 * elements).
 */
export function inItems(b: Bounds, elementSize: number | undefined): Bounds {
  if (b.unit === "items") return b;
  if (elementSize !== undefined && elementSize > 0) {
    return { unit: "items", min: Math.ceil(b.min / elementSize), max: b.max === Infinity ? Infinity : Math.floor(b.max / elementSize) };
  }
  if (b.min === 0 && b.max === Infinity) return { unit: "items", min: 0, max: Infinity };
  return { unit: "items", min: b.min > 0 ? 1 : 0, max: b.max, approximate: true };
}

export function sameBounds(a: Bounds, b: Bounds): boolean {
  return a.unit === b.unit && a.min === b.min && a.max === b.max;
}

/** Left values fit the right bounds (forward) and the reverse (backward). */
export function boundsDirection(l: Bounds, r: Bounds): Direction {
  return direction(r.min <= l.min && l.max <= r.max, l.min <= r.min && r.max <= l.max);
}

export function showBounds(b: Bounds): string {
  const range = b.min === b.max ? `exactly ${b.min}` : `${b.min}..${b.max === Infinity ? "*" : b.max}`;
  return `${range} ${b.unit}${b.approximate ? " (approx.)" : ""}`;
}

/**
 * How TPL frames the length. A CDDL count vector's TPL image is a `<V>`
 * vector (the README's canonical mapping), so `count` frames like `varint`.
 * CBOR heads carry their own lengths: framing never matters there.
 */
export function tplFramingDirection(l: Length, r: Length): Direction {
  const kl = l.kind === "count" ? "varint" : l.kind;
  const kr = r.kind === "count" ? "varint" : r.kind;
  if (kl === "varint" && kr === "varint") return "both";
  if (l.kind === "prefixed" && r.kind === "prefixed") return l.width === r.width ? "both" : "neither";
  if (l.kind === "fixed" && r.kind === "fixed") return "both"; // the sizes are a limit finding
  if (l.kind === "rest" && r.kind === "rest") return "both";
  if (l.kind === "field" && r.kind === "field") return l.path.join(".") === r.path.join(".") ? "both" : "neither";
  if (l.kind === "context" && r.kind === "context") return l.key === r.key ? "both" : "neither";
  // a one-byte prefix and a varint agree below 64: the varint of n < 64 is the byte n
  const small = (x: Length) => (x.kind === "prefixed" ? x.width === 1 && x.max < 64 : x.kind === "varint" || x.kind === "count" ? x.max < 64 : false);
  const oneByte = (x: Length) => x.kind === "varint" || x.kind === "count" || (x.kind === "prefixed" && x.width === 1);
  if (oneByte(l) && oneByte(r) && small(l) && small(r)) return "both";
  return "neither";
}

export function describeFraming(len: Length): string {
  switch (len.kind) {
    case "varint":
    case "count":
      return "a varint length (<V>)";
    case "prefixed":
      return `a ${len.width}-byte length prefix (${describeLength(len)})`;
    case "fixed":
      return `a fixed length ${describeLength(len)}`;
    case "field":
      return `the length in field ${len.path.join(".")}`;
    case "context":
      return `a length from the context (${len.key})`;
    case "rest":
      return "all remaining bytes";
  }
}
