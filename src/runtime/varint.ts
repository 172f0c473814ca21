/** RFC 9420 §2.1.2 variable-size lengths: 1, 2 or 4 bytes, prefix 00/01/10; 11 is invalid. */
import { CodecError } from "./codec-error.js";

/** Largest value a 4-byte varint can hold (30 usable bits). */
export const VARINT_MAX = 0x3fffffff;

/** Encoded size of `n` in minimal form; the size pass calls this, so it is also where values get validated. */
export function varintSize(n: number): 1 | 2 | 4 {
  // `(n | 0) === n` rejects NaN, fractions and anything outside int32 in one test.
  if ((n | 0) !== n || n < 0 || n > VARINT_MAX) {
    throw new CodecError(`varint value out of range: ${n} (must be an integer in 0..${VARINT_MAX})`, -1);
  }
  return n < 0x40 ? 1 : n < 0x4000 ? 2 : 4;
}
