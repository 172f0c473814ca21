/**
 * What the size pass of a generated encoder hands to its write pass: the
 * byte length of every text, the content length of every TPL vector and the
 * item count of every CBOR array or map whose count is not a constant, in
 * the order the write pass will need them.
 *
 * One cache is reused from one encode to the next (see make-codec.ts): the
 * array keeps its capacity, the size pass overwrites it from slot 0 and the
 * write pass reads back only what this size pass wrote.
 */
import { CodecError } from "./codec-error.js";
import { textByteLength } from "./value-checks.js";

export class SizeCache {
  /** The recorded numbers; slots at or after `n` are left over from an earlier encode. */
  readonly a: number[] = [];
  /** Size pass: the next slot to fill. */
  n = 0;
  /** Write pass: the next slot to read (`s.a[s.i++]`). */
  i = 0;
  /**
   * A CBOR map's entries in the order the size pass measured them (sorted
   * once, RFC 8949 §4.2.1), for the write pass: `s.e[s.en++] = entries`,
   * then `s.e[s.ei++]`. Apart from `a`, which stays an array of numbers.
   */
  readonly e: unknown[] = [];
  en = 0;
  ei = 0;
  /**
   * Nesting of recursive types in the value being measured, and its bound:
   * the decoder's maxDepth, so an encoder never writes what its own decoder
   * refuses, and a cyclic value fails here, before anything is written.
   */
  depth = 0;
  maxDepth = 32;
  /** The decoder's maxCount and maxLength, enforced on the value for the same reason. */
  maxCount = Infinity;
  maxLength = Infinity;

  // Generated code reserves a slot as `const k = s.n++; s.a[k] = 0;` (so the
  // array never gets a hole, which would make it slower for good), fills it
  // with `s.a[k] = x` and reads with `s.a[s.i++]`: plain field accesses, as
  // method calls were not always inlined into the larger generated functions.

  /** Size pass: record `x` in the next slot. */
  push(x: number): void {
    this.a[this.n++] = x;
  }

  /**
   * Size pass of a text field: checks that `v` is a string UTF-8 can encode
   * (no lone surrogate), records its UTF-8 byte length and returns it.
   */
  text(v: unknown): number {
    const len = textByteLength(v);
    if (len > this.maxLength) this.tooLong(len);
    this.a[this.n++] = len;
    return len;
  }

  /** A vector, array or map of `n` elements is more than the decoder accepts. */
  tooMany(n: number): never {
    throw new CodecError(`${n} elements exceed maxCount ${this.maxCount}`, -1);
  }

  /** A byte or text string of `n` bytes is longer than the decoder accepts. */
  tooLong(n: number): never {
    throw new CodecError(`a string of ${n} bytes exceeds maxLength ${this.maxLength}`, -1);
  }

  /** Size pass, entering a value of a recursive type. */
  enter(): void {
    if (++this.depth > this.maxDepth) throw new CodecError(`the value nests deeper than maxDepth ${this.maxDepth} (or contains itself)`, -1);
  }

  leave(): void {
    this.depth--;
  }

  /** Ready for the next size pass; drops the entries it kept, so no value outlives its encode here. */
  reset(): void {
    for (let k = 0; k < this.en; k++) this.e[k] = null;
    this.en = 0;
    this.ei = 0;
    this.n = 0;
    this.i = 0;
    this.depth = 0;
    this.maxDepth = 32;
    this.maxCount = Infinity;
    this.maxLength = Infinity;
  }
}
