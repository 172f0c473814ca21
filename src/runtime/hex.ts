/** Hex helpers for test vectors and diagnostics (not on the codec hot path). */
import { CodecError } from "./codec-error.js";

const HEX_PAIRS: string[] = [];
for (let i = 0; i < 256; i++) HEX_PAIRS.push(i.toString(16).padStart(2, "0"));

/** Lower-case hex, no prefix or separators. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX_PAIRS[b[i]!]!;
  return s;
}

/**
 * Parse hex as found in specs and test vectors: whitespace anywhere is
 * ignored and one leading `0x` is allowed. Errors carry the index in `s`.
 */
export function fromHex(s: string): Uint8Array {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78) i += 2;

  // Upper bound on the output; the exact size is known only after skipping whitespace.
  const out = new Uint8Array((s.length - i) >> 1);
  let n = 0;
  let hi = -1; // pending high nibble
  let hiAt = -1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    const d = nibble(c);
    if (d < 0) throw new CodecError(`invalid hex digit ${JSON.stringify(s[i])}`, i);
    if (hi < 0) {
      hi = d;
      hiAt = i;
    } else {
      out[n++] = (hi << 4) | d;
      hi = -1;
    }
  }
  if (hi >= 0) throw new CodecError("odd number of hex digits", hiAt);
  return n === out.length ? out : out.slice(0, n);
}

function nibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20; // fold A-F to a-f
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b;
}
