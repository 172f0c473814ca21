import fc from "fast-check";

/**
 * The random choices the IR value generator makes, drawn through fast-check's
 * `fc.gen()` so that runs are seeded, replayable and (roughly) shrinkable.
 * The generator is imperative because what comes next depends on what was
 * drawn before: a select's case on its discriminant, a `[field]` length on an
 * earlier field, a vector's remaining room on the sizes of its elements.
 */
export interface Draw {
  /** An integer in min..max inclusive (fast-check's bias: small values and bounds more often). */
  int(min: number, max: number): number;
  bigint(min: bigint, max: bigint): bigint;
  bool(): boolean;
  /** True about `percent` times in 100. */
  chance(percent: number): boolean;
  bytes(length: number): Uint8Array;
  /** A well-formed string (no lone surrogates) of at most `maxCodePoints` code points, any script. */
  string(maxCodePoints: number): string;
  /** Any double, NaN, -0 and the infinities included. */
  double(): number;
  pick<T>(xs: readonly T[]): T;
}

const SPECIAL = ["\u0000", "\u007f", "\u0080", "\u00e9", "\u07ff", "\u0800", "\u20ac", "\ufeff", "\ufffd", "\uffff", "\u{10000}", "\u{1f600}", "\u{10ffff}"];

/** One code point: mostly printable ASCII, also any scalar value, and the UTF-8 edge cases above. */
const CODE_POINT: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map((c) => String.fromCodePoint(c < 0xd800 ? c : c + 0x800)) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
);

/** Longer byte strings are expanded from a drawn seed. */
const SHORT_BYTES = 64;

/** xorshift32 bytes from a seed (not for cryptography: just varied content). */
function expand(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const PERCENT = fc.noBias(fc.nat({ max: 99 }));
const percent = (): fc.Arbitrary<number> => PERCENT;

export function drawFrom(g: fc.GeneratorValue): Draw {
  const int = (min: number, max: number): number => (min >= max ? min : g(fc.integer, { min, max }));
  return {
    int,
    bigint: (min, max) => (min >= max ? min : g(fc.bigInt, { min, max })),
    bool: () => g(fc.boolean),
    chance: (p) => g(percent) < p,
    bytes: (length) => {
      if (length === 0) return new Uint8Array(0);
      if (length <= SHORT_BYTES) return g(fc.uint8Array, { minLength: length, maxLength: length });
      // fast-check draws arrays element by element: for long ones, draw a seed and expand it
      return expand(g(fc.integer, { min: 1, max: 0x7fffffff }), length);
    },
    string: (maxCodePoints) => (maxCodePoints <= 0 ? "" : g(fc.string, { unit: CODE_POINT, maxLength: maxCodePoints })),
    double: () => g(fc.double),
    pick: <T>(xs: readonly T[]): T => {
      if (xs.length === 0) throw new Error("pick from an empty list");
      return xs[int(0, xs.length - 1)]!;
    },
  };
}
