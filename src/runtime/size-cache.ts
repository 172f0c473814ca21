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
import { textByteLength } from "./value-checks.js";

export class SizeCache {
  /** The recorded numbers; slots at or after `n` are left over from an earlier encode. */
  readonly a: number[] = [];
  /** Size pass: the next slot to fill. */
  n = 0;
  /** Write pass: the next slot to read (`s.a[s.i++]`). */
  i = 0;

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
    this.a[this.n++] = len;
    return len;
  }

  /** Ready for the next size pass. */
  reset(): void {
    this.n = 0;
    this.i = 0;
  }
}
