import type { CborItem } from "../index.js";

/**
 * The byte offset of every item of `item`, found by walking `bytes` (the
 * encoding `item` was decoded from, well-formed) alongside the item tree.
 * Offsets are `base` plus the position in `bytes`; they go into `into`,
 * keyed by item identity. The runtime's items carry no offsets, and this
 * keeps it that way.
 */
export function itemOffsets(bytes: Uint8Array, item: CborItem, base = 0, into = new Map<CborItem, number>()): Map<CborItem, number> {
  new OffsetWalk(bytes, base, into).walk(item);
  return into;
}

/** Offsets of the items of a CBOR sequence, back to back in `bytes`. */
export function sequenceOffsets(bytes: Uint8Array, items: readonly CborItem[], base = 0, into = new Map<CborItem, number>()): Map<CborItem, number> {
  const w = new OffsetWalk(bytes, base, into);
  for (const item of items) w.walk(item);
  return into;
}

/** Bytes of the head of a definite-length string or container holding `n`. */
export function headLength(ai: number): number {
  return ai < 24 ? 1 : ai === 24 ? 2 : ai === 25 ? 3 : ai === 26 ? 5 : ai === 27 ? 9 : 1;
}

class OffsetWalk {
  private p = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly base: number,
    private readonly into: Map<CborItem, number>,
  ) {}

  walk(item: CborItem): void {
    const start = this.p;
    this.into.set(item, this.base + start);
    const ib = this.bytes[start] ?? 0;
    const ai = ib & 31;
    switch (item.type) {
      case "bytes":
      case "text":
        if (ai === 31) {
          this.p = start + 1;
          while ((this.bytes[this.p] ?? 0xff) !== 0xff) this.p += this.definiteString(this.p);
          this.p += 1;
        } else {
          this.p = start + this.definiteString(start);
        }
        return;
      case "array":
        this.p = start + headLength(ai);
        for (const x of item.items) this.walk(x);
        if (ai === 31) this.p += 1;
        return;
      case "map":
        this.p = start + headLength(ai);
        for (const [k, v] of item.entries) {
          this.walk(k);
          this.walk(v);
        }
        if (ai === 31) this.p += 1;
        return;
      case "tag":
        this.p = start + headLength(ai);
        this.walk(item.item);
        return;
      default:
        this.p = start + headLength(ai);
    }
  }

  /** Total bytes of the definite-length string whose head is at `at`. */
  private definiteString(at: number): number {
    const ai = (this.bytes[at] ?? 0) & 31;
    const h = headLength(ai);
    let n = ai < 24 ? ai : 0;
    for (let i = 1; i < h; i++) n = n * 256 + (this.bytes[at + i] ?? 0);
    return h + n;
  }
}
