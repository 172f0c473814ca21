/**
 * Float width helpers for EDN: which IEEE 754 widths hold a value exactly,
 * and the preferred (shortest exact) width of RFC 8949 section 4.2.2.
 */

/** True if `v` is exactly representable as an IEEE 754 binary16 (NaN and the infinities are). */
export function fitsHalf(v: number): boolean {
  if (Number.isNaN(v) || !Number.isFinite(v) || v === 0) return true;
  if (Math.fround(v) !== v) return false;
  const a = Math.abs(v);
  if (a > 65504) return false;
  // binary16 has 10 fraction bits; subnormals step in units of 2^-24.
  if (a < 2 ** -14) return Number.isInteger(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return Number.isInteger(a * 2 ** (10 - e));
}

/** True if `v` is exactly representable as an IEEE 754 binary32. */
export function fitsSingle(v: number): boolean {
  return Number.isNaN(v) || Math.fround(v) === v;
}

/** Shortest width in bytes that holds `v` exactly: 2, 4 or 8. */
export function preferredFloatWidth(v: number): 2 | 4 | 8 {
  if (fitsHalf(v)) return 2;
  if (fitsSingle(v)) return 4;
  return 8;
}

/** A float in EDN: always with a "." or an exponent so it reads back as a float. */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v);
  const e = s.indexOf("e");
  if (e >= 0) {
    const mantissa = s.slice(0, e);
    return (mantissa.includes(".") ? mantissa : mantissa + ".0") + s.slice(e);
  }
  return s.includes(".") ? s : s + ".0";
}
