/**
 * CBOR map keys known at generation time: their encoding (so generated code
 * writes them as constant bytes) and RFC 8949 §4.2.1 order (bytewise by
 * encoded key), in which generated encoders write known fields.
 */

export type MapKey = string | number;

export function encodeKey(k: MapKey): number[] {
  if (typeof k === "string") {
    const bytes = [...new TextEncoder().encode(k)];
    return [...head(3, bytes.length), ...bytes];
  }
  return k >= 0 ? head(0, k) : head(1, -1 - k);
}

/** A byte string item (major type 2) with these bytes. */
export function encodeBytesItem(bytes: readonly number[]): number[] {
  return [...head(2, bytes.length), ...bytes];
}

/** Encoded-key order: bytewise lexicographic on the encoded keys. */
export function compareKeys(a: MapKey, b: MapKey): number {
  const ea = encodeKey(a);
  const eb = encodeKey(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

/** Size of the head of an array or map of `count` items. */
export function headSize(count: number): number {
  return head(4, count).length;
}

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  if (n < 0x100000000) return [(major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const big = BigInt(n);
  return [(major << 5) | 27, ...Array.from({ length: 8 }, (_x, i) => Number((big >> BigInt(56 - 8 * i)) & 0xffn))];
}
