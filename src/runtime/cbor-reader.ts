/**
 * Input side of CBOR (RFC 8949) for generated decoders that know which type
 * comes next. Strict: well-formedness per §3 and Appendix F is checked before
 * anything is read or allocated, and in deterministic mode so is §4.2.1.
 * Every failure is a CodecError at the offset where the offending item starts
 * (invalid UTF-8: at the offending byte).
 */
import { copyRange, viewRange } from "./alloc-output.js";
import type { CborItem } from "./cbor-types.js";
import { CborReaderCore, MAX_SAFE, type CborReaderOptions } from "./cbor-reader-core.js";
import { readItem, skipItem } from "./cbor-walk.js";
import { SHORT_ASCII, shortAscii, utf8DecodeNative, utf8DecodeRange } from "./utf8.js";

export type { CborReaderOptions } from "./cbor-reader-core.js";

export type CborType = "uint" | "nint" | "bytes" | "text" | "array" | "map" | "tag" | "simple" | "float" | "break";

const TYPES_BY_MAJOR: readonly CborType[] = ["uint", "nint", "bytes", "text", "array", "map", "tag"];

export class CborReader extends CborReaderCore {
  /** UTF-8 bytes of the text text() read last (its bounds are in bytes, and the decoded string need not be measured again). */
  textBytes = 0;

  constructor(buf: Uint8Array, options?: CborReaderOptions) {
    super(buf, options, 32);
  }

  /** Major type 0..7 of the next item, without consuming it. */
  peekMajor(): number {
    const p = this.pos;
    if (p >= this.buf.length) this.endOfInput(p);
    return this.buf[p]! >>> 5;
  }

  /** Kind of the next item, without consuming it; reserved additional information fails here already. */
  peekType(): CborType {
    const p = this.pos;
    if (p >= this.buf.length) this.endOfInput(p);
    const ib = this.buf[p]!;
    const ai = ib & 31;
    if (ai >= 28 && ai <= 30) this.fail(`reserved additional information ${ai}`, p);
    const major = ib >>> 5;
    if (major < 7) return TYPES_BY_MAJOR[major]!;
    return ai >= 25 && ai <= 27 ? "float" : ai === 31 ? "break" : "simple";
  }

  /** Is the next item null (0xf6)? Does not consume it. */
  isNull(): boolean {
    return this.buf[this.pos] === 0xf6;
  }

  /** Major type 0 up to 2^53-1. */
  uint(): number {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length) {
      const ib = b[p]!;
      if (ib < 24) {
        this.pos = p + 1;
        return ib;
      }
      if (ib < 32) {
        const n = this.argument(p, ib);
        if (n > MAX_SAFE) this.fail(`unsigned integer ${this.argBig(n)} exceeds 2^53-1`, p);
        return n;
      }
    }
    return this.expected("unsigned integer", p);
  }

  /** Major type 0, the full 64-bit range. */
  uint64(): bigint {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length && b[p]! < 32) return this.argBig(this.argument(p, b[p]!));
    return this.expected("unsigned integer", p);
  }

  /** Major type 0 or 1 within -(2^53-1)..2^53-1. */
  int(): number {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length) {
      const ib = b[p]!;
      if (ib < 24) {
        this.pos = p + 1;
        return ib;
      }
      if (ib < 64) {
        const n = this.argument(p, ib);
        if (ib < 32) {
          if (n > MAX_SAFE) this.fail(`integer ${this.argBig(n)} exceeds 2^53-1`, p);
          return n;
        }
        if (n >= MAX_SAFE) this.fail(`integer ${-1n - this.argBig(n)} is below -(2^53-1)`, p);
        return -1 - n;
      }
    }
    return this.expected("integer", p);
  }

  /** Major type 0 or 1, the full range -2^64..2^64-1 (wider than int64: range checks are the caller's). */
  int64(): bigint {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length) {
      const ib = b[p]!;
      if (ib < 32) return this.argBig(this.argument(p, ib));
      if (ib < 64) return -1n - this.argBig(this.argument(p, ib));
    }
    return this.expected("integer", p);
  }

  /** Major type 2: a view (or a copy with `copy: true`); indefinite chunks are concatenated into a new array. */
  bytes(): Uint8Array {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length && b[p]! >>> 5 === 2) {
      const n = this.stringLength(p, b[p]!);
      if (n < 0) return this.joinBytes(p);
      const s = this.pos;
      this.pos = s + n;
      return this.copy ? copyRange(b, s, n) : viewRange(this.ab, this.base + s, n);
    }
    return this.expected("byte string", p);
  }

  /** Major type 3, strict UTF-8 (indefinite: each chunk on its own). */
  text(): string {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length && b[p]! >>> 5 === 3) {
      const n = this.stringLength(p, b[p]!);
      if (n < 0) return this.joinText(p);
      this.textBytes = n;
      const s = this.pos;
      // short ASCII (most keys, types, languages, URIs) without the two calls of the general path
      const str = (n <= SHORT_ASCII ? shortAscii(b, s, s + n) : null) ?? utf8DecodeNative(b, s, s + n);
      this.pos = s + n;
      return str;
    }
    return this.expected("text string", p);
  }

  /** Definite count, or -1 for indefinite (then loop until isBreak(), then consumeBreak()). */
  arrayHead(): number {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length && b[p]! >>> 5 === 4) return this.containerCount(p, b[p]!, 1);
    return this.expected("array", p);
  }

  /** Definite entry count, or -1 for indefinite. In deterministic mode call checkKeyOrder after each key. */
  mapHead(): number {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length && b[p]! >>> 5 === 5) return this.containerCount(p, b[p]!, 2);
    return this.expected("map", p);
  }

  /** In an indefinite-length array or map: is the next byte the break? End of input is an error. */
  isBreak(): boolean {
    const p = this.pos;
    if (p >= this.buf.length) this.fail("unexpected end of input in an indefinite-length item, expected break", p);
    return this.buf[p] === 0xff;
  }

  consumeBreak(): void {
    const p = this.pos;
    if (this.buf[p] !== 0xff) this.expected("break", p);
    this.pos = p + 1;
  }

  /** Major type 6 head; the tag number. */
  tag(): bigint {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length && b[p]! >>> 5 === 6) return this.argBig(this.argument(p, b[p]!));
    return this.expected("tag", p);
  }

  /** Consume the head of tag `n`, failing on any other tag or item. */
  expectTag(n: number | bigint): void {
    const b = this.buf;
    const p = this.pos;
    if (p >= b.length || b[p]! >>> 5 !== 6) this.expected(`tag ${n}`, p);
    const t = this.argument(p, b[p]!);
    // A number `n` is a safe integer; a tag beyond 2^53 only matches a bigint.
    const ok = typeof n === "number" ? t === n && t <= MAX_SAFE : this.argBig(t) === n;
    if (!ok) this.fail(`expected tag ${n}, got tag ${this.argBig(t)}`, p);
  }

  bool(): boolean {
    const p = this.pos;
    const ib = this.buf[p];
    if (ib === 0xf4 || ib === 0xf5) {
      this.pos = p + 1;
      return ib === 0xf5;
    }
    return this.expected("boolean", p);
  }

  null(): void {
    const p = this.pos;
    if (this.buf[p] !== 0xf6) this.expected("null", p);
    this.pos = p + 1;
  }

  undefined(): void {
    const p = this.pos;
    if (this.buf[p] !== 0xf7) this.expected("undefined", p);
    this.pos = p + 1;
  }

  /** Major type 7 half/single/double; integers are not accepted (use number()). */
  float(): number {
    const p = this.pos;
    const ib = this.buf[p];
    if (ib === 0xf9 || ib === 0xfa || ib === 0xfb) return this.floatAt(p, ib);
    return this.expected("float", p);
  }

  /** An integer (within the safe range) or a float. */
  number(): number {
    const p = this.pos;
    const ib = this.buf[p];
    if (ib !== undefined) {
      if (ib < 64) return this.int();
      if (ib === 0xf9 || ib === 0xfa || ib === 0xfb) return this.floatAt(p, ib);
    }
    return this.expected("number", p);
  }

  /** Skip any one well-formed item (depth-bounded; deterministic mode checks determinism too). */
  skip(): void {
    skipItem(this);
  }

  /** Read any one item into the generic data model. */
  item(): CborItem {
    return readItem(this);
  }

  /** Offset just after the next item, without consuming it (the item is fully checked). */
  itemEnd(): number {
    const p = this.pos;
    const d = this.depth;
    skipItem(this);
    const end = this.pos;
    this.pos = p;
    this.depth = d;
    return end;
  }

  private joinBytes(p: number): Uint8Array {
    const total = this.scanChunks(p, 2, false);
    const end = this.pos;
    const b = this.buf;
    const out = new Uint8Array(total);
    let q = p + 1;
    let at = 0;
    while (q < end - 1) {
      const len = this.argument(q, b[q]!);
      const s = this.pos;
      out.set(b.subarray(s, s + len), at);
      at += len;
      q = s + len;
    }
    this.pos = end;
    return out;
  }

  private joinText(p: number): string {
    this.textBytes = this.scanChunks(p, 3, false);
    const end = this.pos;
    const b = this.buf;
    let out = "";
    let q = p + 1;
    while (q < end - 1) {
      const len = this.argument(q, b[q]!);
      const s = this.pos;
      out += utf8DecodeRange(b, s, s + len);
      q = s + len;
    }
    this.pos = end;
    return out;
  }
}
