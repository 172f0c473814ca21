/**
 * Building large output text in memory proportional to its size. `s += x`
 * a character or a byte at a time makes a rope of one node per append (a
 * 40 MiB byte string printed as hex peaked at 2.7 GB); these helpers write
 * whole runs at once instead.
 */

const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
const ascii = new TextDecoder("latin1");
/** Bytes converted per step, so the temporary buffer stays small. */
const HEX_STEP = 1 << 20;

/** Lower-case hex of `b`, built a megabyte at a time. */
export function hexOf(b: Uint8Array): string {
  const out = new TextBuilder();
  const buf = new Uint8Array(2 * Math.min(b.length, HEX_STEP));
  for (let from = 0; from < b.length; from += HEX_STEP) {
    const to = Math.min(b.length, from + HEX_STEP);
    for (let i = from, o = 0; i < to; i++, o += 2) {
      const x = b[i]!;
      buf[o] = HEX_DIGITS[x >> 4]!;
      buf[o + 1] = HEX_DIGITS[x & 15]!;
    }
    out.add(ascii.decode(buf.subarray(0, 2 * (to - from))));
  }
  return out.toString();
}

/** Appends pieces, joining each 4096 into one chunk, so there is never a rope of millions of nodes. */
export class TextBuilder {
  private readonly chunks: string[] = [];
  private parts: string[] = [];

  add(piece: string): void {
    this.parts.push(piece);
    if (this.parts.length >= 4096) {
      this.chunks.push(this.parts.join(""));
      this.parts = [];
    }
  }

  toString(): string {
    return this.chunks.join("") + this.parts.join("");
  }
}
