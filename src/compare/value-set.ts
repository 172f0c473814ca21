import type { EnumValue, IRType } from "../ir/types.js";

/**
 * The integers a uint, int or enum accepts on decode, as sorted disjoint
 * closed intervals. Comparing two of them decides the verdict of every
 * integer finding: left bytes decode under the right schema exactly when
 * the left set is a subset of the right one.
 */
export type ValueSet = readonly (readonly [bigint, bigint])[];

const U64_MAX = (1n << 64n) - 1n;

export function uintMax(bits: number): bigint {
  return bits >= 64 ? U64_MAX : (1n << BigInt(bits)) - 1n;
}

export function normalize(ranges: readonly (readonly [bigint, bigint])[]): ValueSet {
  const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1n) last[1] = b > last[1] ? b : last[1];
    else out.push([a, b]);
  }
  return out;
}

/** Every value a closed enum names, or the whole width when it is open. */
export function enumSet(t: { readonly bits: number; readonly values: readonly EnumValue[]; readonly open: boolean }): ValueSet {
  if (t.open) return [[0n, uintMax(t.bits)]];
  return normalize(t.values.map((v) => [BigInt(v.value), BigInt(v.upTo ?? v.value)] as const));
}

/** The accepted integers of an integer-like IR type; undefined for other kinds. */
export function integerSet(t: IRType): ValueSet | undefined {
  switch (t.kind) {
    case "uint":
      return [[BigInt(t.min ?? 0), t.max !== undefined ? BigInt(t.max) : uintMax(t.bits)]];
    case "int":
      return [[t.min ?? -(1n << 64n), t.max ?? U64_MAX]];
    case "enum":
      return enumSet(t);
    default:
      return undefined;
  }
}

export function contains(set: ValueSet, v: bigint): boolean {
  return set.some(([a, b]) => a <= v && v <= b);
}

/** a ⊆ b */
export function subset(a: ValueSet, b: ValueSet): boolean {
  return a.every(([lo, hi]) => b.some(([x, y]) => x <= lo && hi <= y));
}

export function showSet(s: ValueSet): string {
  return s.map(([a, b]) => (a === b ? `${a}` : `${a}..${b}`)).join(", ");
}
