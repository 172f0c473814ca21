/**
 * Output side of the TLS presentation language. The generated size pass has
 * already validated every value and sized the buffer, so writers neither
 * range-check nor grow: they store bytes and advance `pos`.
 */
import { BYTE_SWAP, scratch64, scratch8 } from "./u64-scratch.js";
import { utf8Write } from "./utf8.js";

// Below this many bytes a JS loop beats Uint8Array#set's call overhead.
const SHORT_COPY = 12;

export class TplWriter {
  buf: Uint8Array;
  pos: number;

  constructor(buf: Uint8Array, pos = 0) {
    // A Buffer or other subclass would make element access polymorphic; a
    // plain view over the same memory keeps it monomorphic.
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = pos;
  }

  static alloc(size: number): TplWriter {
    return new TplWriter(new Uint8Array(size), 0);
  }

  // Uint8Array stores truncate mod 256, so no masking is needed below.
  u8(v: number): void {
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 8;
    b[p + 1] = v;
    this.pos = p + 2;
  }

  u24(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 16;
    b[p + 1] = v >>> 8;
    b[p + 2] = v;
    this.pos = p + 3;
  }

  u32(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.pos = p + 4;
  }

  u64(v: bigint): void {
    scratch64[0] = v;
    const b = this.buf;
    const p = this.pos;
    const x = BYTE_SWAP;
    b[p] = scratch8[x]!;
    b[p + 1] = scratch8[x ^ 1]!;
    b[p + 2] = scratch8[x ^ 2]!;
    b[p + 3] = scratch8[x ^ 3]!;
    b[p + 4] = scratch8[x ^ 4]!;
    b[p + 5] = scratch8[x ^ 5]!;
    b[p + 6] = scratch8[x ^ 6]!;
    b[p + 7] = scratch8[x ^ 7]!;
    this.pos = p + 8;
  }

  /** RFC 9420 varint in minimal form; `n` was checked by varintSize in the size pass. */
  varint(n: number): void {
    const b = this.buf;
    const p = this.pos;
    if (n < 0x40) {
      b[p] = n;
      this.pos = p + 1;
    } else if (n < 0x4000) {
      b[p] = 0x40 | (n >>> 8);
      b[p + 1] = n;
      this.pos = p + 2;
    } else {
      b[p] = 0x80 | (n >>> 24);
      b[p + 1] = n >>> 16;
      b[p + 2] = n >>> 8;
      b[p + 3] = n;
      this.pos = p + 4;
    }
  }

  /** Fixed-width TPL length prefix of 1..4 bytes. */
  uint(v: number, width: 1 | 2 | 3 | 4): void {
    const b = this.buf;
    let p = this.pos;
    // Big-endian: the top (width-1) bytes first, falling through.
    switch (width) {
      case 4:
        b[p++] = v >>> 24;
      // falls through
      case 3:
        b[p++] = v >>> 16;
      // falls through
      case 2:
        b[p++] = v >>> 8;
      // falls through
      default:
        b[p++] = v;
    }
    this.pos = p;
  }

  bytes(src: Uint8Array): void {
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

  /** `byteLength` is `utf8Length(s)` from the size pass, so no re-measuring here. */
  utf8(s: string, byteLength: number): void {
    this.pos = utf8Write(this.buf, this.pos, s, byteLength);
  }
}
