import type { EnumValue, IRType, Length } from "../ir/types.js";
import { valueMatches, valueTestOf, type ResolvingScope } from "../ir/union-options.js";
import { encodeItem } from "../runtime/cbor-item.js";
import type { CborItem } from "../runtime/cbor-types.js";
import { varintSize } from "../runtime/varint.js";
import type { IrPlan } from "./ir-plan.js";

/**
 * How the generated encoders see a value without a schema walk: the
 * JavaScript type test that picks a union option (the one table of
 * src/ir/union-options.ts, which the generated guards are written from),
 * and the CBOR encoding of a map key, which decides key order and key
 * equality.
 */

/** Does `v` pass the encoders' JavaScript type test of `t`? null: `t` has no such test. */
export function passesGuard(plan: IrPlan, t: IRType, v: unknown, doc: string | undefined): boolean | null {
  const test = valueTestOf(scopeAt(plan, doc), t);
  return test ? valueMatches(test, v) : null;
}

/** The plan's view of one document, as the union-option table asks for it. */
function scopeAt(plan: IrPlan, doc: string | undefined): ResolvingScope {
  return { underlying: (x) => plan.underlying(x, doc).type };
}

/** The option of a union the encoders pick for `v`: the first whose test it passes; -1 if none. */
export function guardIndex(plan: IrPlan, options: readonly IRType[], v: unknown, doc: string | undefined): number {
  return options.findIndex((o) => passesGuard(plan, o, v, doc) === true);
}

/** The CBOR encoding of a map key of type `t`, or null for key types the generator does not handle. */
export function cborKey(plan: IrPlan, t: IRType, v: unknown, doc: string | undefined): Uint8Array | null {
  const item = asItem(plan, t, v, doc);
  return item ? encodeItem(item) : null;
}

function asItem(plan: IrPlan, t: IRType, v: unknown, doc: string | undefined): CborItem | null {
  const { type: u, doc: d } = plan.underlying(t, doc);
  switch (u.kind) {
    case "uint":
      return { type: "uint", value: BigInt(v as number | bigint) };
    case "int":
      return (v as bigint) < 0n ? { type: "nint", value: v as bigint } : { type: "uint", value: v as bigint };
    case "text":
      return { type: "text", value: v as string };
    case "bytes":
      return { type: "bytes", value: v as Uint8Array };
    case "bool":
      return { type: "simple", value: v ? 21 : 20 };
    case "null":
      return { type: "simple", value: 22 };
    case "float":
      return { type: "float", value: v as number };
    case "enum": {
      const wire = typeof v === "number" ? v : u.values.find((x) => x.name === v && x.upTo === undefined)?.value;
      return wire === undefined ? null : { type: "uint", value: BigInt(wire) };
    }
    case "tagged": {
      const inner = asItem(plan, u.of, v, d);
      return inner ? { type: "tag", tag: BigInt(u.tag), item: inner } : null;
    }
    case "union": {
      const i = guardIndex(plan, u.options, v, d);
      return i < 0 ? null : asItem(plan, u.options[i]!, v, d);
    }
    default:
      return null;
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Names that encode and decode as themselves: the first name of each wire value. */
export function canonicalNames(values: readonly EnumValue[]): string[] {
  const byValue = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const v of values) {
    if (v.upTo !== undefined) continue;
    if (!byValue.has(v.value)) byValue.set(v.value, v.name);
    if (!byName.has(v.name)) byName.set(v.name, v.value);
  }
  return [...byName].filter(([n, v]) => byValue.get(v) === n).map(([n]) => n);
}

/** The TPL length prefix of `n` bytes under this framing. */
export function prefixSize(len: Length, n: number): number {
  if (len.kind === "varint" || len.kind === "count") return varintSize(n);
  if (len.kind === "prefixed") return len.width;
  return 0;
}

/** The encoded CBOR key of a declared map field (`1:` -> uint 1, `name:` -> text). */
export function declaredKeyBytes(k: string | number): Uint8Array {
  if (typeof k === "string") return encodeItem({ type: "text", value: k });
  return encodeItem(k >= 0 ? { type: "uint", value: BigInt(k) } : { type: "nint", value: BigInt(k) });
}
