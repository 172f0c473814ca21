/**
 * Input side of the TLS presentation language. Strict: every read is bounds
 * checked before it touches memory, and every failure is a CodecError at the
 * offset where the offending item starts.
 */
import { copyRange, viewRange } from "./alloc-output.js";
import { CodecError } from "./codec-error.js";
import { BYTE_SWAP, scratch64, scratch8 } from "./u64-scratch.js";
import { utf8DecodeRange } from "./utf8.js";
import { resolveLimits, type DecodeLimits } from "./limits.js";

export interface ReaderOptions extends DecodeLimits {
  /** Default false: opaque fields are subarray views into the input. */
  copy?: boolean;
}

export const DEFAULT_MAX_DEPTH = 32;

export class TplReader {
  readonly buf: Uint8Array;
  pos: number;
  depth: number;
  readonly maxDepth: number;
  /** Longest byte or text string, in bytes (maxLength option). */
  readonly maxLength: number;
  /** Most elements of one vector or map (maxCount option). */
  readonly maxCount: number;
  readonly copy: boolean;
  /** The input's ArrayBuffer and where the input starts in it, for views (viewRange). */
  readonly ab: ArrayBufferLike;
  readonly base: number;
  /**
   * Reads stop here: the input's end, or inside a vector the vector's end,
   * so an element can never read into what follows its vector.
   */
  end: number;
  /** How many vectors the reader is inside (for the wording of errors). */
  narrowed = 0;

  constructor(buf: Uint8Array, options?: ReaderOptions) {
    // A Buffer (or other subclass) would make element access polymorphic and
    // Buffer#slice does not copy; a plain view over the same memory avoids both.
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.ab = this.buf.buffer;
    this.base = this.buf.byteOffset;
    this.pos = 0;
    this.end = this.buf.length;
    this.depth = 0;
    const limits = resolveLimits(options, DEFAULT_MAX_DEPTH, this.buf.length);
    this.maxDepth = limits.maxDepth;
    this.maxLength = limits.maxLength;
    this.maxCount = limits.maxCount;
    this.copy = options?.copy === true;
  }

  u8(): number {
    const p = this.pos;
    if (p >= this.end) this.truncated(1);
    this.pos = p + 1;
    return this.buf[p]!;
  }

  u16(): number {
    const b = this.buf;
    const p = this.pos;
    if (p + 2 > this.end) this.truncated(2);
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  u24(): number {
    const b = this.buf;
    const p = this.pos;
    if (p + 3 > this.end) this.truncated(3);
    this.pos = p + 3;
    return (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  }

  u32(): number {
    const b = this.buf;
    const p = this.pos;
    if (p + 4 > this.end) this.truncated(4);
    this.pos = p + 4;
    // >>> 0: values >= 2^31 must stay positive.
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  u64(): bigint {
    const b = this.buf;
    const p = this.pos;
    if (p + 8 > this.end) this.truncated(8);
    const x = BYTE_SWAP;
    scratch8[x] = b[p]!;
    scratch8[x ^ 1] = b[p + 1]!;
    scratch8[x ^ 2] = b[p + 2]!;
    scratch8[x ^ 3] = b[p + 3]!;
    scratch8[x ^ 4] = b[p + 4]!;
    scratch8[x ^ 5] = b[p + 5]!;
    scratch8[x ^ 6] = b[p + 6]!;
    scratch8[x ^ 7] = b[p + 7]!;
    this.pos = p + 8;
    return scratch64[0]!;
  }

  /** RFC 9420 §2.1.2 varint; errors point at the first byte of the varint. */
  varint(): number {
    const b = this.buf;
    const p = this.pos;
    if (p >= this.end) this.truncated(1);
    const first = b[p]!;
    const prefix = first >>> 6;
    if (prefix === 0) {
      this.pos = p + 1;
      return first;
    }
    if (prefix === 1) {
      if (p + 2 > this.end) this.truncated(2);
      const v = ((first & 0x3f) << 8) | b[p + 1]!;
      if (v < 0x40) this.fail(`non-minimal varint: ${v} encoded in 2 bytes`, p);
      this.pos = p + 2;
      return v;
    }
    if (prefix === 2) {
      if (p + 4 > this.end) this.truncated(4);
      // The top byte is at most 0x3f after masking, so the result stays a positive int32.
      const v = ((first & 0x3f) << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
      if (v < 0x4000) this.fail(`non-minimal varint: ${v} encoded in 4 bytes`, p);
      this.pos = p + 4;
      return v;
    }
    return this.fail("invalid varint prefix 0b11", p);
  }

  /** Fixed-width TPL length prefix of 1..4 bytes. */
  uint(width: 1 | 2 | 3 | 4): number {
    switch (width) {
      case 1:
        return this.u8();
      case 2:
        return this.u16();
      case 3:
        return this.u24();
      default:
        return this.u32();
    }
  }

  /**
   * Check a length prefix against the remaining input before anything is
   * allocated for it; `at` is where the prefix started. Returns the end offset.
   */
  limit(len: number, at: number): number {
    const p = this.pos;
    const remaining = this.end - p;
    if (len > remaining) this.fail(`length ${len} exceeds remaining ${remaining} bytes`, at);
    return p + len;
  }

  /** `n` bytes as a view into the input, or a copy when the reader was made with `copy: true`. */
  bytes(n: number): Uint8Array {
    const b = this.buf;
    const p = this.pos;
    // `>>> 0` turns a (buggy) negative n into a huge one, so one test covers both.
    if (n >>> 0 > this.end - p) this.truncated(n);
    if (n > this.maxLength) this.tooLong(n);
    this.pos = p + n;
    return this.copy ? copyRange(b, p, n) : viewRange(this.ab, this.base + p, n);
  }

  /** `n` bytes of strict UTF-8. */
  utf8(n: number): string {
    const b = this.buf;
    const p = this.pos;
    if (n >>> 0 > this.end - p) this.truncated(n);
    if (n > this.maxLength) this.tooLong(n);
    const s = utf8DecodeRange(b, p, p + n);
    this.pos = p + n;
    return s;
  }

  /** optional<T> presence byte. */
  presence(): boolean {
    const p = this.pos;
    if (p >= this.end) this.truncated(1);
    const v = this.buf[p]!;
    if (v > 1) this.fail(`presence byte must be 0 or 1, got ${v}`, p);
    this.pos = p + 1;
    return v === 1;
  }

  /** After a vector's element loop: the last element must end exactly at the vector's end. */
  expectEnd(end: number, what: string): void {
    const p = this.pos;
    if (p !== end) {
      this.fail(`vector content is not a whole number of elements: ${what} ends at offset ${end}, last element ends at ${p}`, p);
    }
  }

  /** Top level: the whole input must have been consumed. */
  finish(): void {
    const extra = this.end - this.pos;
    if (extra !== 0) this.fail(`${extra} trailing bytes`, this.pos);
  }

  /** Entering a nested struct/vector; bounds recursion on hostile input. */
  enter(): void {
    if (++this.depth > this.maxDepth) this.fail(`nesting depth exceeds ${this.maxDepth}`, this.pos);
  }

  leave(): void {
    this.depth--;
  }

  /** A string longer than maxLength, at the current position. */
  tooLong(n: number): never {
    this.fail(`string of ${n} bytes exceeds maxLength ${this.maxLength}`, this.pos);
  }

  /** Generated vector and map loops: the element just read is number `i` (1-based), from the one at `p`. */
  tooMany(i: number, p: number): never {
    this.fail(`more than ${this.maxCount} elements (maxCount), at element ${i}`, p);
  }

  /** Limit reads to `end` (a vector's end); returns the previous limit for widen(). */
  narrow(end: number): number {
    const saved = this.end;
    this.end = end;
    this.narrowed++;
    return saved;
  }

  widen(saved: number): void {
    this.end = saved;
    this.narrowed--;
  }

  fail(reason: string, offset?: number): never {
    throw new CodecError(reason, offset ?? this.pos);
  }

  // Out of line so the happy paths above stay small enough to inline.
  private truncated(need: number): never {
    if (this.narrowed > 0) {
      // inside a vector: the element does not fit in what the vector's length left
      throw new CodecError(`vector content is not a whole number of elements: need ${need} bytes, ${this.end - this.pos} left in the vector`, this.pos);
    }
    throw new CodecError(`truncated: need ${need} bytes, have ${this.end - this.pos}`, this.pos);
  }
}
