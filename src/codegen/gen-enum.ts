import type { EnumValue, IRType } from "../ir/types.js";
import { code, lines, lit, type Code } from "./code.js";
import type { GenContext } from "./gen-context.js";

/**
 * Enums in both formats: name <-> wire number look-ups (switches, which V8
 * compiles to compares and jump tables), then the TPL codec (the enum's
 * width) and the CBOR codec (a uint).
 */

type EnumType = Extract<IRType, { kind: "enum" }>;

/**
 * The look-ups of an enum: its name for a wire number, the wire number of a
 * value, and the value a wire number stands for, with the enum's openness
 * and ranges. `cbor` makes the second set of a merged document whose CBOR
 * enum rules differ from its TPL ones.
 */
export function genEnumLookups(ctx: GenContext, name: string, t: EnumType, cbor = false): Code {
  const n = ctx.names;
  const self = { name };
  const [nameFn, wireFn, fromWireFn] = cbor ? [n.fn("cborEnumName", self), n.fn("cborEnumWire", self), n.fn("cborEnumFromWire", self)] : [n.fn("enumName", self), n.fn("enumWire", self), n.fn("enumFromWire", self)];
  const type = n.type(self);
  const named = t.values.filter((v) => v.upTo === undefined);
  const ranges = t.values.filter((v) => v.upTo !== undefined);
  const byName = new Map<string, number>();
  for (const v of named) if (!byName.has(v.name)) byName.set(v.name, v.value);
  const byValue = new Map<number, string>();
  for (const v of named) if (!byValue.has(v.value)) byValue.set(v.value, v.name);
  const max = t.bits === 32 ? 0xffffffff : 2 ** t.bits - 1;
  const numberOk = t.open ? code`x <= ${max}` : ranges.length > 0 ? rangeTest(ranges) : code`false`;
  return lines([
    code`export function ${nameFn}(x: number): ${type} | undefined {`,
    code`switch (x) {`,
    ...[...byValue].map(([v, nm]) => code`case ${v}: return ${lit(nm)};`),
    code`default: return undefined;`,
    code`}`,
    code`}`,
    code``,
    code`/** The wire value of an enum value; accepts a name, or a number where the enum allows it. */`,
    code`export function ${wireFn}(v: ${type}): number {`,
    code`switch (v) {`,
    ...[...byName].map(([nm, v]) => code`case ${lit(nm)}: return ${v};`),
    code`}`,
    // after the names: a number (open enums, reserved ranges), or a wrong value
    code`const x = v as unknown as number;`,
    code`if (typeof x === "number" && Number.isInteger(x) && x >= 0 && (${nameFn}(x) !== undefined || ${numberOk})) return x;`,
    code`throw new ${n.rt("CodecError")}(${lit(`not a value of ${name}: `)} + ${n.rt("describe")}(x), -1);`,
    code`}`,
    code``,
    code`/** The value a wire number stands for: its name, the number itself where the enum allows it, else undefined. */`,
    code`export function ${fromWireFn}(x: number): ${type} | undefined {`,
    code`const name = ${nameFn}(x);`,
    code`if (name !== undefined) return name;`,
    ...(t.open || ranges.length > 0 ? [code`if (${numberOk}) return x as ${type};`] : []),
    code`return undefined;`,
    code`}`,
  ]);
}

function rangeTest(ranges: readonly EnumValue[]): Code {
  return code`(${ranges.map((r, i) => code`${i > 0 ? code` || ` : code``}(x >= ${r.value} && x <= ${r.upTo!})`)})`;
}

/** An enum's TPL codec: the wire number in the enum's width. */
export function genTplEnum(ctx: GenContext, name: string, t: EnumType): Code {
  const n = ctx.names;
  const self = { name };
  const type = n.type(self);
  const rw = code`u${t.bits}`;
  return lines([
    genEnumLookups(ctx, name, t),
    code``,
    code`export function ${n.fn("tplSize", self)}(v: ${type}, _c: ${n.rtType("CodecContext")}, _s: ${n.rtType("SizeCache")}): number {`,
    code`${n.fn("enumWire", self)}(v);`,
    code`return ${t.bits / 8};`,
    code`}`,
    code``,
    code`export function ${n.fn("tplWrite", self)}(w: ${n.rtType("TplWriter")}, v: ${type}, _c: ${n.rtType("CodecContext")}, _s: ${n.rtType("SizeCache")}): void {`,
    code`w.${rw}(${n.fn("enumWire", self)}(v));`,
    code`}`,
    code``,
    code`export function ${n.fn("tplRead", self)}(r: ${n.rtType("TplReader")}, _c: ${n.rtType("CodecContext")}): ${type} {`,
    code`const p = r.pos;`,
    code`const x = r.${rw}();`,
    code`const v = ${n.fn("enumFromWire", self)}(x);`,
    code`if (v === undefined) r.fail(${lit(`unknown ${name} value `)} + x, p);`,
    code`return v;`,
    code`}`,
  ]);
}

/** An enum's CBOR codec: a uint. `own`: a merged document's CBOR rules differ from the TPL's, so it has its own look-ups. */
export function genCborEnum(ctx: GenContext, name: string, t: EnumType, own: boolean): Code {
  const n = ctx.names;
  const self = { name };
  const type = n.type(self);
  const wire = own ? n.fn("cborEnumWire", self) : n.fn("enumWire", self);
  const fromWire = own ? n.fn("cborEnumFromWire", self) : n.fn("enumFromWire", self);
  return lines([
    ...(own ? [genEnumLookups(ctx, name, t, true), code``] : []),
    code`export function ${n.fn("cborSize", self)}(v: ${type}, _c: ${n.rtType("CodecContext")}, _s: ${n.rtType("SizeCache")}): number {`,
    code`return ${n.rt("cborHeadSize")}(${wire}(v));`,
    code`}`,
    code``,
    code`export function ${n.fn("cborWrite", self)}(w: ${n.rtType("CborWriter")}, v: ${type}, _c: ${n.rtType("CodecContext")}, _s: ${n.rtType("SizeCache")}): void {`,
    code`w.uint(${wire}(v));`,
    code`}`,
    code``,
    code`export function ${n.fn("cborRead", self)}(r: ${n.rtType("CborReader")}, _c: ${n.rtType("CodecContext")}): ${type} {`,
    code`const p = r.pos;`,
    code`const x = r.uint();`,
    code`const v = ${fromWire}(x);`,
    code`if (v === undefined) r.fail(${lit(`unknown ${name} value `)} + x, p);`,
    code`return v;`,
    code`}`,
  ]);
}
