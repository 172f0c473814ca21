/**
 * Output side of CBOR (RFC 8949). Like TplWriter, the generated size pass has
 * already validated values and sized the buffer (with the *Size functions
 * below), so writers store bytes and advance `pos` without checks. Every
 * method writes preferred serialization (shortest heads, shortest exact
 * floats) unless its name says otherwise.
 */
import { CodecError } from "./codec-error.js";
import type { HeadWidth } from "./cbor-types.js";
import { floatWidth, numberToHalf, writeFloat32, writeFloat64 } from "./cbor-float.js";
import { BYTE_SWAP, scratch64, scratch8 } from "./u64-scratch.js";
import { utf8Write } from "./utf8.js";

// Below this many bytes a JS loop beats Uint8Array#set's call overhead.
const SHORT_COPY = 12;
const TWO_32 = 4294967296;
const TWO_64 = 18446744073709551616;
const U32_MAX_BIG = 0xffffffffn;
const U64_MAX_BIG = 0xffffffffffffffffn;

/**
 * Size of a head whose argument is `n` in preferred form. Also the check of
 * `n`: a non-integer, negative or >= 2^64 argument is a CodecError (offset -1).
 */
export function cborHeadSize(n: number | bigint): 1 | 2 | 3 | 5 | 9 {
  if (typeof n === "number") {
    if (n >>> 0 === n) return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
    if (Number.isInteger(n) && n > 0 && n < TWO_64) return 9;
  } else if (n >= 0n && n <= U64_MAX_BIG) {
    return n <= U32_MAX_BIG ? cborHeadSize(Number(n)) : 9;
  }
  throw new CodecError(`CBOR head argument out of range: ${String(n)} (must be an integer in 0..2^64-1)`, -1);
}

/** Head plus content of a text (or byte) string of `byteLength` bytes. */
export function cborTextSize(byteLength: number): number {
  return cborHeadSize(byteLength) + byteLength;
}

/** Size of an integer item (major 0 for n >= 0, major 1 otherwise). */
export function cborIntSize(n: number | bigint): 1 | 2 | 3 | 5 | 9 {
  if (typeof n === "number") return cborHeadSize(n >= 0 ? n : -1 - n);
  return cborHeadSize(n >= 0n ? n : -1n - n);
}

/** Size of `x` as a preferred float: 3, 5 or 9 bytes. */
export function floatSize(x: number): 3 | 5 | 9 {
  const w = floatWidth(x);
  return w === 2 ? 3 : w === 4 ? 5 : 9;
}

export class CborWriter {
  buf: Uint8Array;
  pos: number;

  constructor(buf: Uint8Array, pos = 0) {
    // A Buffer or other subclass would make element access polymorphic.
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = pos;
  }

  static alloc(n: number): CborWriter {
    return new CborWriter(new Uint8Array(n), 0);
  }

  /** Preferred (shortest) head of major type `major` (0..7) with argument `n`. */
  head(major: number, n: number | bigint): void {
    if (typeof n !== "number") {
      if (n > U32_MAX_BIG) {
        this.head64(major << 5, n);
        return;
      }
      n = Number(n);
    }
    const b = this.buf;
    const p = this.pos;
    const m = major << 5;
    if (n < 24) {
      b[p] = m | n;
      this.pos = p + 1;
    } else if (n < 0x100) {
      b[p] = m | 24;
      b[p + 1] = n;
      this.pos = p + 2;
    } else if (n < 0x10000) {
      b[p] = m | 25;
      b[p + 1] = n >>> 8;
      b[p + 2] = n;
      this.pos = p + 3;
    } else if (n < TWO_32) {
      b[p] = m | 26;
      b[p + 1] = n >>> 24;
      b[p + 2] = n >>> 16;
      b[p + 3] = n >>> 8;
      b[p + 4] = n;
      this.pos = p + 5;
    } else {
      // Division by a power of two and ToUint32 are both exact for integers below 2^64.
      this.head32x2(major << 5, Math.floor(n / TWO_32), n >>> 0);
    }
  }

  /**
   * Head with an explicit argument width (0 = in the initial byte, else
   * 1/2/4/8 bytes after it), for re-encoding items that recorded a
   * non-preferred width. The caller checked that `n` fits.
   */
  headWidth(major: number, n: number | bigint, width: HeadWidth): void {
    if (width === 8) {
      if (typeof n === "bigint") this.head64(major << 5, n);
      else this.head32x2(major << 5, Math.floor(n / TWO_32), n >>> 0);
      return;
    }
    const v = Number(n);
    const b = this.buf;
    let p = this.pos;
    const m = major << 5;
    if (width === 0) {
      b[p++] = m | v;
    } else if (width === 1) {
      b[p++] = m | 24;
      b[p++] = v;
    } else if (width === 2) {
      b[p++] = m | 25;
      b[p++] = v >>> 8;
      b[p++] = v;
    } else {
      b[p++] = m | 26;
      b[p++] = v >>> 24;
      b[p++] = v >>> 16;
      b[p++] = v >>> 8;
      b[p++] = v;
    }
    this.pos = p;
  }

  /** Start of an indefinite-length string, array or map (major 2..5); end it with breakCode(). */
  indefinite(major: number): void {
    this.buf[this.pos++] = (major << 5) | 31;
  }

  /** The "break" stop code 0xff. */
  breakCode(): void {
    this.buf[this.pos++] = 0xff;
  }

  uint(n: number | bigint): void {
    this.head(0, n);
  }

  /** `n` is the negative value itself (-1 for 0x20). */
  nint(n: number | bigint): void {
    if (typeof n === "number") this.head(1, -1 - n);
    else this.head(1, -1n - n);
  }

  int(n: number | bigint): void {
    if (n >= 0) this.uint(n);
    else this.nint(n);
  }

  bytes(src: Uint8Array): void {
    const n = src.length;
    this.head(2, n);
    this.raw(src);
  }

  /** `byteLength` is `utf8Length(s)` from the size pass, so no re-measuring here. */
  text(s: string, byteLength: number): void {
    this.head(3, byteLength);
    this.pos = utf8Write(this.buf, this.pos, s, byteLength);
  }

  arrayHead(n: number): void {
    this.head(4, n);
  }

  mapHead(n: number): void {
    this.head(5, n);
  }

  tag(n: number | bigint): void {
    this.head(6, n);
  }

  bool(b: boolean): void {
    this.buf[this.pos++] = b ? 0xf5 : 0xf4;
  }

  null(): void {
    this.buf[this.pos++] = 0xf6;
  }

  undefined(): void {
    this.buf[this.pos++] = 0xf7;
  }

  /** Simple value `n`: 0..23 in the initial byte, 32..255 in one more byte (24..31 are not valid). */
  simple(n: number): void {
    const b = this.buf;
    if (n < 24) {
      b[this.pos++] = 0xe0 | n;
    } else {
      b[this.pos] = 0xf8;
      b[this.pos + 1] = n;
      this.pos += 2;
    }
  }

  /** Preferred float: binary16 if exact, else binary32 if exact, else binary64; NaN is f97e00. */
  float(x: number): void {
    const w = floatWidth(x);
    if (w === 2) this.float16(x);
    else if (w === 4) this.float32(x);
    else this.float64(x);
  }

  float64(x: number): void {
    this.buf[this.pos] = 0xfb;
    writeFloat64(this.buf, this.pos + 1, x);
    this.pos += 9;
  }

  /** binary32, rounded to nearest if `x` is not exact. */
  float32(x: number): void {
    this.buf[this.pos] = 0xfa;
    writeFloat32(this.buf, this.pos + 1, x);
    this.pos += 5;
  }

  /** binary16, rounded to nearest (ties to even) if `x` is not exact. */
  float16(x: number): void {
    const h = numberToHalf(x);
    const b = this.buf;
    const p = this.pos;
    b[p] = 0xf9;
    b[p + 1] = h >>> 8;
    b[p + 2] = h;
    this.pos = p + 3;
  }

  /** A pre-encoded item (or any bytes), copied as is. */
  raw(src: Uint8Array): void {
    const n = src.length;
    const b = this.buf;
    const p = this.pos;
    if (n > SHORT_COPY) {
      b.set(src, p);
    } else {
      for (let i = 0; i < n; i++) b[p + i] = src[i]!;
    }
    this.pos = p + n;
  }

  private head32x2(initial: number, hi: number, lo: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = initial | 27;
    b[p + 1] = hi >>> 24;
    b[p + 2] = hi >>> 16;
    b[p + 3] = hi >>> 8;
    b[p + 4] = hi;
    b[p + 5] = lo >>> 24;
    b[p + 6] = lo >>> 16;
    b[p + 7] = lo >>> 8;
    b[p + 8] = lo;
    this.pos = p + 9;
  }

  private head64(initial: number, n: bigint): void {
    scratch64[0] = n;
    const b = this.buf;
    const p = this.pos;
    const x = BYTE_SWAP;
    b[p] = initial | 27;
    for (let i = 0; i < 8; i++) b[p + 1 + i] = scratch8[i ^ x]!;
    this.pos = p + 9;
  }
}
