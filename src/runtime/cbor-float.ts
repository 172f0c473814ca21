/**
 * IEEE 754 binary16/32/64 for CBOR major type 7 (RFC 8949 §3.3, Appendix D):
 * conversions through shared scratch arrays (no DataView, no allocation),
 * and the "shortest width that keeps the value" rule of preferred
 * serialization (§4.1) and core deterministic encoding (§4.2.1).
 */
import { BYTE_SWAP } from "./u64-scratch.js";

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const f64w = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const f32w = new Uint32Array(f32.buffer);

// XOR with a big-endian byte index gives the scratch index on this platform.
const SWAP8 = BYTE_SWAP;
const SWAP4 = BYTE_SWAP === 7 ? 3 : 0;
// Index of the high and low 32-bit words of a float64.
const HI = BYTE_SWAP === 7 ? 1 : 0;
const LO = 1 - HI;

// 2^(e-25) for the 5-bit half exponent e, built by exact doubling.
const HALF_SCALE: number[] = [];
for (let e = 0, v = 2 ** -25; e < 32; e++, v *= 2) HALF_SCALE.push(v);
const TWO_POW_24 = 16777216;

/** The number a binary16 bit pattern denotes (any NaN becomes NaN). */
export function halfToNumber(h: number): number {
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  const v = e === 0 ? m / TWO_POW_24 : e === 31 ? (m === 0 ? Infinity : NaN) : (m + 1024) * HALF_SCALE[e]!;
  return (h & 0x8000) !== 0 ? -v : v;
}

/** binary16 bits for `x`, rounded to nearest, ties to even; NaN becomes the quiet NaN 0x7e00. */
export function numberToHalf(x: number): number {
  f64[0] = x;
  const hi = f64w[HI]!;
  const lo = f64w[LO]!;
  const sign = (hi >>> 16) & 0x8000;
  const e = (hi >>> 20) & 0x7ff;
  if (e === 0x7ff) return (hi & 0xfffff) !== 0 || lo !== 0 ? 0x7e00 : sign | 0x7c00;
  const exp = e - 1023;
  if (exp >= -14) {
    if (exp > 15) return sign | 0x7c00;
    const m = hi & 0xfffff; // top 20 of the 52 mantissa bits
    const keep = m >>> 10;
    const rest = m & 0x3ff;
    let h = ((exp + 15) << 10) | keep;
    // A carry out of the mantissa bumps the exponent, which is exactly right (up to 0x7c00 = Infinity).
    if (rest > 0x200 || (rest === 0x200 && (lo !== 0 || (keep & 1) === 1))) h++;
    return sign | h;
  }
  // Subnormal (or zero) in binary16: units of 2^-24; the scaling is exact.
  const m = Math.abs(x) * TWO_POW_24;
  let f = Math.floor(m);
  const d = m - f;
  if (d > 0.5 || (d === 0.5 && (f & 1) === 1)) f++;
  return sign | f; // f may reach 0x400, the smallest normal, which is the right encoding
}

/** True when binary16 holds `x` exactly (NaN counts: it is written as f97e00). */
export function isHalfExact(x: number): boolean {
  return x !== x || halfToNumber(numberToHalf(x)) === x;
}

/** Preferred float width: 2 if binary16 is exact, else 4 if binary32 is, else 8. */
export function floatWidth(x: number): 2 | 4 | 8 {
  if (isHalfExact(x)) return 2;
  return Math.fround(x) === x ? 4 : 8;
}

export function readFloat32(buf: Uint8Array, p: number): number {
  f32b[SWAP4] = buf[p]!;
  f32b[1 ^ SWAP4] = buf[p + 1]!;
  f32b[2 ^ SWAP4] = buf[p + 2]!;
  f32b[3 ^ SWAP4] = buf[p + 3]!;
  return f32[0]!;
}

export function readFloat64(buf: Uint8Array, p: number): number {
  for (let i = 0; i < 8; i++) f64b[i ^ SWAP8] = buf[p + i]!;
  return f64[0]!;
}

/** Writes binary32 (rounded by the platform); NaN is written as the quiet NaN 7fc00000. */
export function writeFloat32(buf: Uint8Array, p: number, x: number): void {
  if (x !== x) {
    buf[p] = 0x7f;
    buf[p + 1] = 0xc0;
    buf[p + 2] = 0;
    buf[p + 3] = 0;
    return;
  }
  f32[0] = x;
  buf[p] = f32b[SWAP4]!;
  buf[p + 1] = f32b[1 ^ SWAP4]!;
  buf[p + 2] = f32b[2 ^ SWAP4]!;
  buf[p + 3] = f32b[3 ^ SWAP4]!;
}

/** Writes binary64; NaN is written as the quiet NaN 7ff8000000000000. */
export function writeFloat64(buf: Uint8Array, p: number, x: number): void {
  if (x !== x) {
    buf[p] = 0x7f;
    buf[p + 1] = 0xf8;
    for (let i = 2; i < 8; i++) buf[p + i] = 0;
    return;
  }
  f64[0] = x;
  for (let i = 0; i < 8; i++) buf[p + i] = f64b[i ^ SWAP8]!;
}

/**
 * Would a shorter float width represent the `width`-byte float at `buf[p..]`
 * exactly? Decided on the bits, so a NaN payload that a shorter width cannot
 * carry keeps the longer form preferred.
 */
export function floatIsReducible(buf: Uint8Array, p: number, width: 2 | 4 | 8): boolean {
  if (width === 2) return false;
  if (width === 4) {
    const x = readFloat32(buf, p);
    if (x === x) return isHalfExact(x);
    return (f32w[0]! & 0x1fff) === 0; // the low 13 payload bits do not fit in binary16
  }
  const x = readFloat64(buf, p);
  if (x === x) return Math.fround(x) === x;
  return (f64w[LO]! & 0x1fffffff) === 0; // the low 29 payload bits do not fit in binary32
}
