/**
 * State and head parsing shared by the typed CborReader and the generic
 * walkers (skip, item) in cbor-walk.ts. Everything here checks RFC 8949 §3
 * well-formedness (and, in deterministic mode, §4.2.1) before it reads, and
 * fails with a CodecError at the offset where the offending item starts.
 *
 * The methods are public so cbor-walk.ts and generated code can share them,
 * but the typed methods on CborReader are the API to reach for first.
 */
import { CodecError } from "./codec-error.js";
import { floatIsReducible, halfToNumber, readFloat32, readFloat64 } from "./cbor-float.js";
import { firstInvalidUtf8 } from "./utf8.js";
import { resolveLimits, type DecodeLimits } from "./limits.js";

export interface CborReaderOptions extends DecodeLimits {
  /**
   * RFC 8949 §4.2.1 core deterministic encoding: reject non-shortest heads,
   * indefinite lengths, unsorted or duplicate map keys (bytewise order of the
   * encoded keys; generated decoders call checkKeyOrder), non-preferred floats
   * and (in skip/item) bignums that fit major type 0/1.
   */
  deterministic?: boolean;
  /** Default false: bytes() returns views into the input; true makes copies. */
  copy?: boolean;
  /** Default true: item() records non-preferred widths, chunks and indefinite lengths. */
  keepWidths?: boolean;
  /**
   * Default "reject": a map whose keys repeat a value (however each is
   * encoded) is refused, since decoders disagree on which value wins. Tools
   * that show or validate such input ask for "keep".
   */
  duplicateKeys?: "reject" | "keep";
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO_32 = 4294967296;

const MAJOR_NAMES = ["unsigned integer", "negative integer", "byte string", "text string", "array", "map", "tag"] as const;

export class CborReaderCore {
  readonly buf: Uint8Array;
  pos: number;
  depth: number;
  readonly deterministic: boolean;
  /** Refuse repeated map keys in skip()/item() (deterministic mode does through key order). */
  readonly rejectDuplicates: boolean;
  readonly maxDepth: number;
  /** Longest byte or text string, in bytes (maxLength option). */
  readonly maxLength: number;
  /** Most items of one array or entries of one map (maxCount option). */
  readonly maxCount: number;
  readonly copy: boolean;
  readonly keepWidths: boolean;
  /** The input's ArrayBuffer and where the input starts in it, for views (viewRange). */
  readonly ab: ArrayBufferLike;
  readonly base: number;
  /** High and low 32 bits of the most recent 8-byte argument, for exact results beyond 2^53. */
  argHi: number;
  argLo: number;

  constructor(buf: Uint8Array, options: CborReaderOptions | undefined, defaultMaxDepth: number) {
    // A Buffer (or other subclass) would make element access polymorphic and
    // Buffer#slice does not copy; a plain view over the same memory avoids both.
    this.buf = buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.ab = this.buf.buffer;
    this.base = this.buf.byteOffset;
    this.pos = 0;
    this.depth = 0;
    const limits = resolveLimits(options, defaultMaxDepth, this.buf.length);
    this.maxDepth = limits.maxDepth;
    this.maxLength = limits.maxLength;
    this.maxCount = limits.maxCount;
    this.deterministic = options !== undefined && options.deterministic === true;
    this.rejectDuplicates = !this.deterministic && (options === undefined || options.duplicateKeys !== "keep");
    this.copy = options !== undefined && options.copy === true;
    this.keepWidths = options === undefined || options.keepWidths !== false;
    this.argHi = 0;
    this.argLo = 0;
  }

  /**
   * Parse the head at `p` (initial byte `ib`, major type already checked,
   * not 7) and move `pos` past it. Returns the argument, which is exact up
   * to 2^53-1 (beyond that use argBig()), or -1 for an indefinite length.
   */
  argument(p: number, ib: number): number {
    const b = this.buf;
    const ai = ib & 31;
    if (ai < 24) {
      this.pos = p + 1;
      return ai;
    }
    let n: number;
    let end: number;
    if (ai === 24) {
      end = p + 2;
      if (end > b.length) this.truncatedHead(p, 2);
      n = b[p + 1]!;
      if (n < 24 && this.deterministic) this.nonShortest(p, n, 1);
    } else if (ai === 25) {
      end = p + 3;
      if (end > b.length) this.truncatedHead(p, 3);
      n = (b[p + 1]! << 8) | b[p + 2]!;
      if (n < 0x100 && this.deterministic) this.nonShortest(p, n, 2);
    } else if (ai === 26) {
      end = p + 5;
      if (end > b.length) this.truncatedHead(p, 5);
      n = b[p + 1]! * 0x1000000 + ((b[p + 2]! << 16) | (b[p + 3]! << 8) | b[p + 4]!);
      if (n < 0x10000 && this.deterministic) this.nonShortest(p, n, 4);
    } else if (ai === 27) {
      end = p + 9;
      if (end > b.length) this.truncatedHead(p, 9);
      const hi = b[p + 1]! * 0x1000000 + ((b[p + 2]! << 16) | (b[p + 3]! << 8) | b[p + 4]!);
      const lo = b[p + 5]! * 0x1000000 + ((b[p + 6]! << 16) | (b[p + 7]! << 8) | b[p + 8]!);
      this.argHi = hi;
      this.argLo = lo;
      n = hi * TWO_32 + lo;
      if (hi === 0 && this.deterministic) this.nonShortest(p, n, 8);
    } else if (ai === 31) {
      return this.indefiniteHead(p, ib);
    } else {
      return this.fail(`reserved additional information ${ai}`, p);
    }
    this.pos = end;
    return n;
  }

  /** The exact argument as a bigint, given the number argument() returned. */
  argBig(n: number): bigint {
    return n <= MAX_SAFE ? BigInt(n) : (BigInt(this.argHi) << 32n) | BigInt(this.argLo);
  }

  /** Length of a byte/text string whose head is at `p`, checked against the remaining input; -1 if indefinite. */
  stringLength(p: number, ib: number): number {
    const n = this.argument(p, ib);
    if (n > this.buf.length - this.pos) {
      this.fail(`${MAJOR_NAMES[ib >>> 5]} length ${this.argBig(n)} exceeds remaining ${this.buf.length - this.pos} bytes`, p);
    }
    if (n > this.maxLength) this.fail(`${MAJOR_NAMES[ib >>> 5]} of ${n} bytes exceeds maxLength ${this.maxLength}`, p);
    return n;
  }

  /**
   * Element count of an array (`perItem` 1) or map (2) whose head is at `p`;
   * a count that cannot fit in the remaining input (each item takes at least
   * one byte) fails before anyone allocates for it. -1 if indefinite.
   */
  containerCount(p: number, ib: number, perItem: 1 | 2): number {
    const n = this.argument(p, ib);
    const remaining = this.buf.length - this.pos;
    if (n * perItem > remaining) {
      const what = perItem === 1 ? "array count" : "map entry count";
      this.fail(`${what} ${this.argBig(n)} exceeds remaining ${remaining} bytes`, p);
    }
    return n;
  }

  /**
   * maxCount for a collection (a vector, a map, or an array or map inside an
   * `any` item) whose definite count `n` was read at `p`; -1 (indefinite)
   * passes, and its loop counts with tooMany. Records are not collections:
   * their item count is the schema's.
   */
  checkCount(n: number, p: number, perItem: 1 | 2): void {
    if (n > this.maxCount) this.fail(`${perItem === 1 ? "array of" : "map of"} ${n} ${perItem === 1 ? "items" : "entries"} exceeds maxCount ${this.maxCount}`, p);
  }

  /**
   * Walk the chunks of the indefinite-length string whose head (0x5f or 0x7f)
   * is at `p`, checking each is a definite string of the same major type
   * (and, if `checkUtf8`, well-formed UTF-8 on its own, RFC 8949 §3.2.3).
   * Leaves `pos` after the break; returns the total content length.
   */
  scanChunks(p: number, major: number, checkUtf8: boolean): number {
    const b = this.buf;
    let q = p + 1;
    let total = 0;
    for (;;) {
      if (q >= b.length) this.fail(`unterminated indefinite-length ${MAJOR_NAMES[major]}`, p);
      const ib = b[q]!;
      if (ib === 0xff) break;
      if (ib >>> 5 !== major) {
        this.fail(`chunk of an indefinite-length ${MAJOR_NAMES[major]} must be a ${MAJOR_NAMES[major]}, got ${this.typeName(q)}`, q);
      }
      if ((ib & 31) === 31) this.fail(`chunk of an indefinite-length ${MAJOR_NAMES[major]} must have a definite length`, q);
      const n = this.stringLength(q, ib);
      const s = this.pos;
      if (checkUtf8) this.checkUtf8(s, s + n);
      total += n;
      if (total > this.maxLength) this.fail(`${MAJOR_NAMES[ib >>> 5]} of more than ${this.maxLength} bytes exceeds maxLength`, p);
      q = s + n;
    }
    this.pos = q + 1;
    return total;
  }

  /** Generated loops over an indefinite-length array or map: item number `i` (1-based) of the one at `p`. */
  tooMany(i: number, p: number): never {
    this.fail(`more than ${this.maxCount} items (maxCount), at item ${i}`, p);
  }

  checkUtf8(start: number, end: number): void {
    const bad = firstInvalidUtf8(this.buf, start, end);
    if (bad >= 0) this.fail("invalid UTF-8", bad);
  }

  /** Skip the string (major 2 or 3) at `p`, checking UTF-8 of text. */
  skipString(p: number, ib: number): void {
    const n = this.stringLength(p, ib);
    if (n < 0) {
      this.scanChunks(p, ib >>> 5, ib >>> 5 === 3);
      return;
    }
    const s = this.pos;
    if (ib >>> 5 === 3) this.checkUtf8(s, s + n);
    this.pos = s + n;
  }

  /** Read the float (initial byte 0xf9, 0xfa or 0xfb) at `p`; deterministic mode wants the shortest exact width. */
  floatAt(p: number, ib: number): number {
    const b = this.buf;
    const width = ib === 0xf9 ? 2 : ib === 0xfa ? 4 : 8;
    if (p + 1 + width > b.length) this.truncatedHead(p, 1 + width);
    if (this.deterministic && floatIsReducible(b, p + 1, width)) {
      this.fail(`non-preferred float: ${width}-byte float has a shorter exact encoding`, p);
    }
    this.pos = p + 1 + width;
    return width === 2 ? halfToNumber((b[p + 1]! << 8) | b[p + 2]!) : width === 4 ? readFloat32(b, p + 1) : readFloat64(b, p + 1);
  }

  /** Read the simple value (major 7, not a float) at `p`. */
  simpleAt(p: number, ib: number): number {
    const ai = ib & 31;
    if (ai < 24) {
      this.pos = p + 1;
      return ai;
    }
    if (ai === 24) {
      if (p + 2 > this.buf.length) this.truncatedHead(p, 2);
      const v = this.buf[p + 1]!;
      if (v < 32) this.fail(`invalid two-byte simple value ${v} (must be >= 32)`, p);
      this.pos = p + 2;
      return v;
    }
    if (ai === 31) return this.fail("unexpected break", p);
    if (ai < 28) return this.fail("expected simple value, got float", p);
    return this.fail(`reserved additional information ${ai}`, p);
  }

  /**
   * Deterministic mode, tag 2/3 whose content starts at `q`: RFC 8949 §3.4.3
   * prefers major type 0/1 for values that fit, so a bignum of <= 8 bytes or
   * with a leading zero byte is not preferred serialization.
   */
  checkBignum(p: number, q: number): void {
    const b = this.buf;
    if (q >= b.length || b[q]! >>> 5 !== 2) return;
    const save = this.pos;
    const n = this.stringLength(q, b[q]!);
    const first = b[this.pos];
    this.pos = save;
    if (n <= 8) this.fail(`non-preferred bignum: ${n} bytes fit in an integer`, p);
    if (first === 0) this.fail("non-preferred bignum: leading zero byte", p);
  }

  /**
   * Deterministic mode: map keys must be strictly increasing by their encoded
   * bytes (RFC 8949 §4.2.1). Pass the start/end offsets of the previous and
   * current key; prevStart < 0 means there is no previous key. No-op otherwise.
   */
  checkKeyOrder(prevStart: number, prevEnd: number, start: number, end: number): void {
    if (!this.deterministic || prevStart < 0) return;
    const b = this.buf;
    const n1 = prevEnd - prevStart;
    const n2 = end - start;
    const n = n1 < n2 ? n1 : n2;
    for (let i = 0; i < n; i++) {
      const x = b[prevStart + i]!;
      const y = b[start + i]!;
      if (x !== y) {
        if (x > y) this.fail("map keys not in bytewise lexicographic order", start);
        return;
      }
    }
    if (n1 === n2) this.fail("duplicate map key", start);
    if (n1 > n2) this.fail("map keys not in bytewise lexicographic order", start);
  }

  /** Entering an array, map or tag; bounds recursion on hostile input. */
  enter(): void {
    if (++this.depth > this.maxDepth) this.fail(`nesting depth exceeds ${this.maxDepth}`, this.pos);
  }

  leave(): void {
    this.depth--;
  }

  /** Top level: the whole input must have been consumed. */
  finish(): void {
    const extra = this.buf.length - this.pos;
    if (extra !== 0) this.fail(`${extra} trailing bytes`, this.pos);
  }

  fail(reason: string, offset?: number): never {
    throw new CodecError(reason, offset ?? this.pos);
  }

  /** A readable name for the item at `p`, for "expected X, got Y" messages. */
  typeName(p: number): string {
    const b = this.buf;
    if (p >= b.length) return "end of input";
    const ib = b[p]!;
    const major = ib >>> 5;
    if (major < 7) return MAJOR_NAMES[major]!;
    switch (ib) {
      case 0xf4:
        return "false";
      case 0xf5:
        return "true";
      case 0xf6:
        return "null";
      case 0xf7:
        return "undefined";
      case 0xf9:
      case 0xfa:
      case 0xfb:
        return "float";
      case 0xff:
        return "break";
      default:
        return "simple value";
    }
  }

  /** Fail for an item of the wrong type (or the end of input) at `p`. */
  expected(what: string, p: number): never {
    if (p >= this.buf.length) return this.fail(`unexpected end of input, expected ${what}`, p);
    return this.fail(`expected ${what}, got ${this.typeName(p)}`, p);
  }

  endOfInput(p: number): never {
    return this.fail("unexpected end of input", p);
  }

  truncatedHead(p: number, need: number): never {
    return this.fail(`truncated head: need ${need} bytes, have ${this.buf.length - p}`, p);
  }

  private nonShortest(p: number, n: number, width: number): never {
    return this.fail(`non-shortest head: argument ${n} uses a ${width}-byte encoding`, p);
  }

  private indefiniteHead(p: number, ib: number): number {
    const major = ib >>> 5;
    if (major < 2 || major > 5) {
      return this.fail(`indefinite length (additional information 31) is not allowed for ${MAJOR_NAMES[major] ?? "major type 7"}`, p);
    }
    if (this.deterministic) this.fail(`indefinite-length ${MAJOR_NAMES[major]} not allowed in deterministic mode`, p);
    this.pos = p + 1;
    return -1;
  }
}
