import type { SourceLoc } from "../diagnostics/index.js";
import type { Definition, EnumValue, IRCase, IRField, IRMember, IRType, IRVariant } from "../ir/types.js";
import { MergeError } from "./merge-error.js";
import { canonical } from "./canonical.js";
import { describeType } from "../compare/describe-type.js";

/**
 * OVERLAY: the type one codec of a merged definition is generated from.
 * The TypeScript type follows one side (the base); the codec of the other
 * side's format must accept and produce values of that type while
 * enforcing the other side's rules. So the result keeps the base's shape
 * (field names, nesting, enum names, JS representations) and takes from
 * the donor what decides that format's bytes and limits:
 *
 *   for CBOR (donor CDDL)  tags, length and count bounds, integer ranges,
 *                          enum values and openness, map keys of `{...}`;
 *   for TPL (donor TPL)    integer widths, length framing and bounds,
 *                          enum widths, values and openness.
 *
 * Where the donor allows values the base's TypeScript type cannot hold
 * (a CDDL enum that is open where the TPL one is closed), the codec
 * accepts only what the type can hold and a note says so. Where the two
 * shapes cannot meet (text on one side and a byte vector on the other,
 * a uint64 bigint against a uint8 number), a MergeError names the path.
 */
export type WireFormat = "tpl" | "cbor";

export interface OverlayNote {
  readonly path: string;
  readonly message: string;
  readonly loc: SourceLoc;
}

export interface OverlayEnv {
  /** The format whose codec the result is for; its rules come from the donor. */
  readonly take: WireFormat;
  /** A base-side definition by name (merged names). */
  readonly baseDef: (name: string) => Definition | undefined;
  /** A donor-side definition by the donor's own name. */
  readonly donorDef: (name: string) => Definition | undefined;
  /** Base name -> donor name of every paired definition: a ref to one is merged on its own. */
  readonly partner: ReadonlyMap<string, string>;
  /** Base-only definitions this overlay had to change, and the path that first did. */
  readonly shadows: Map<string, { readonly type: IRType; readonly path: string }>;
  readonly notes: OverlayNote[];
}

interface At {
  readonly base: SourceLoc;
  readonly donor: SourceLoc;
}

export function overlayDefinition(env: OverlayEnv, base: Definition, donor: Definition): IRType {
  return overlay(env, base.type, donor.type, base.name, { base: base.loc, donor: donor.loc });
}

function overlay(env: OverlayEnv, b: IRType, d: IRType, path: string, at: At): IRType {
  if (b.kind === "ref") return overlayRef(env, b, d, path, at);
  if (d.kind === "ref") {
    const dd = d.document ? undefined : env.donorDef(d.name);
    return dd ? overlay(env, b, dd.type, path, at) : b;
  }
  if (d.kind === "tagged") {
    if (env.take === "cbor") return { kind: "tagged", tag: d.tag, of: overlay(env, b.kind === "tagged" ? b.of : b, d.of, path, at) };
    return b.kind === "tagged" ? { ...b, of: overlay(env, b.of, d.of, path, at) } : overlay(env, b, d.of, path, at);
  }
  if (b.kind === "tagged") {
    // The donor writes no tag: the CBOR codec writes none; TPL never has tags.
    return env.take === "cbor" ? overlay(env, b.of, d, path, at) : { ...b, of: overlay(env, b.of, d, path, at) };
  }
  const mismatch = () => new MergeError(path, `the TypeScript type has ${describeType(b)} where the ${otherSide(env)} side has ${describeType(d)}`, at.base, at.donor);
  switch (b.kind) {
    case "optional":
      if (d.kind !== "optional") throw mismatch();
      return { kind: "optional", of: overlay(env, b.of, d.of, path, at) };
    case "uint":
      if (d.kind === "uint") return overlayUint(env, b, d, path, at);
      if (d.kind === "enum") return uintFromEnum(env, b, d, path, at);
      throw mismatch();
    case "enum":
      if (d.kind === "enum") return overlayEnum(env, b, d.values, d.open, d.bits, path, at);
      if (d.kind === "uint") {
        if (env.take === "tpl" && d.bits === 64) throw mismatch();
        // 2^53-1 stands for the top of a uint64 range (only its printing in notes sees it).
        const max = d.max ?? (d.bits === 64 ? Number.MAX_SAFE_INTEGER : 2 ** d.bits - 1);
        return overlayEnum(env, b, [{ name: "", value: d.min ?? 0, upTo: max }], false, d.bits === 64 ? b.bits : d.bits, path, at);
      }
      throw mismatch();
    case "int":
      if (d.kind !== "int") throw mismatch();
      return env.take === "cbor" ? { kind: "int", ...(d.min !== undefined ? { min: d.min } : {}), ...(d.max !== undefined ? { max: d.max } : {}) } : b;
    case "float":
      if (d.kind !== "float") throw mismatch();
      return d.bits !== undefined ? { kind: "float", bits: d.bits } : { kind: "float" };
    case "bool":
    case "null":
    case "validated":
    case "any":
      if (d.kind !== b.kind) throw mismatch();
      return b;
    case "checked":
      return d.kind === "checked" ? { ...d, of: overlay(env, b.of, d.of, path, at) } : overlay(env, b.of, d, path, at);
    case "literal":
      if (d.kind !== "literal" || JSON.stringify(d.value) !== JSON.stringify(b.value)) throw mismatch();
      return b;
    case "text":
      if (d.kind !== "text") throw mismatch();
      return { kind: "text", length: d.length };
    case "bytes":
      if (d.kind !== "bytes") throw mismatch();
      return { kind: "bytes", length: d.length, ...(d.allZero ? { allZero: true } : {}) };
    case "vector":
      if (d.kind !== "vector") throw mismatch();
      return { kind: "vector", of: overlay(env, b.of, d.of, `${path}[]`, at), length: d.length };
    case "map":
      if (d.kind !== "map") throw mismatch();
      return { kind: "map", key: overlay(env, b.key, d.key, `${path}{key}`, at), value: overlay(env, b.value, d.value, `${path}{value}`, at), min: d.min, max: d.max };
    case "union":
      if (d.kind !== "union" || d.options.length !== b.options.length) throw mismatch();
      return { kind: "union", options: b.options.map((o, i) => overlay(env, o, d.options[i]!, `${path}|${i + 1}`, at)) };
    case "record":
      if (d.kind !== "record") throw mismatch();
      return overlayRecord(env, b, d, path, at);
  }
}

/** A ref on the base side: a paired definition is merged on its own; a base-only one is overlaid where used. */
function overlayRef(env: OverlayEnv, b: Extract<IRType, { kind: "ref" }>, d: IRType, path: string, at: At): IRType {
  if (b.document) return b;
  const partner = env.partner.get(b.name);
  if (partner !== undefined) {
    if (!reaches(env, d, partner)) {
      throw new MergeError(path, `${b.name} pairs with ${partner}, but here the ${otherSide(env)} side has ${describeType(d)}`, at.base, at.donor);
    }
    return b;
  }
  const def = env.baseDef(b.name);
  if (!def) return b;
  const o = overlay(env, def.type, d, path, { base: def.loc, donor: at.donor });
  if (canonical(o) === canonical(def.type)) return b;
  const prev = env.shadows.get(b.name);
  if (prev && canonical(prev.type) !== canonical(o)) {
    throw new MergeError(path, `${b.name} is used at ${prev.path} and at ${path} where the ${otherSide(env)} side differs; give the two uses their own definitions`, def.loc, at.donor);
  }
  if (!prev) env.shadows.set(b.name, { type: o, path });
  return b;
}

function reaches(env: OverlayEnv, d: IRType, name: string): boolean {
  let cur: IRType | undefined = d;
  for (let i = 0; i < 64 && cur?.kind === "ref"; i++) {
    if (cur.name === name) return true;
    cur = env.donorDef(cur.name)?.type;
  }
  return false;
}

function overlayUint(env: OverlayEnv, b: Extract<IRType, { kind: "uint" }>, d: Extract<IRType, { kind: "uint" }>, path: string, at: At): IRType {
  const bigB = b.bits === 64;
  const bigD = d.bits === 64;
  const range = { ...(d.min !== undefined ? { min: d.min } : {}), ...(d.max !== undefined ? { max: d.max } : {}) };
  if (bigB === bigD) return { kind: "uint", bits: d.bits, ...range };
  if (env.take === "tpl") {
    throw new MergeError(path, `the TypeScript type is a ${bigB ? "bigint" : "number"} (uint${b.bits}) but TPL writes uint${d.bits}, a ${bigD ? "bigint" : "number"}`, at.base, at.donor);
  }
  if (bigB) return { kind: "uint", bits: 64, min: d.min ?? 0, max: d.max ?? 2 ** d.bits - 1 };
  // A number in TypeScript, a uint64 in the CDDL: the codec accepts what the number type holds.
  env.notes.push({ path, message: `CBOR accepts 0..${2 ** b.bits - 1}: the CDDL allows up to 2^64-1 but the TypeScript type is uint${b.bits}`, loc: at.donor });
  return { kind: "uint", bits: b.bits, ...(d.min !== undefined ? { min: d.min } : {}), ...(b.max !== undefined ? { max: b.max } : {}) };
}

function uintFromEnum(env: OverlayEnv, b: Extract<IRType, { kind: "uint" }>, d: Extract<IRType, { kind: "enum" }>, path: string, at: At): IRType {
  const nums = d.values.flatMap((v) => (v.upTo === undefined ? [v.value] : [v.value, v.upTo]));
  // reduce, not Math.min(...nums): an enum may have more values than a call takes arguments
  const min = nums.reduce((m, x) => Math.min(m, x), Infinity);
  const max = nums.reduce((m, x) => Math.max(m, x), -Infinity);
  const contiguous = d.values.reduce((n, v) => n + (v.upTo === undefined ? 1 : v.upTo - v.value + 1), 0) === max - min + 1;
  if (env.take === "tpl" && b.bits === 64) {
    throw new MergeError(path, `the TypeScript type is a bigint (uint64) but TPL writes an enum of ${d.bits} bits, a number`, at.base, at.donor);
  }
  if (d.open || !contiguous) {
    throw new MergeError(path, `the TypeScript type is a uint${b.bits} where the ${otherSide(env)} side has an enum that is not one range of values`, at.base, at.donor);
  }
  return { kind: "uint", bits: env.take === "tpl" ? d.bits : b.bits, min, max };
}

/** Base enum names, restricted to the donor's values; open only if both are. */
function overlayEnum(env: OverlayEnv, b: Extract<IRType, { kind: "enum" }>, dValues: readonly EnumValue[], dOpen: boolean, dBits: number, path: string, at: At): IRType {
  const allowed = (v: number) => dOpen || dValues.some((x) => (x.upTo === undefined ? x.value === v : v >= x.value && v <= x.upTo));
  const values: EnumValue[] = [];
  for (const v of b.values) {
    if (v.upTo === undefined) {
      if (allowed(v.value)) values.push(v);
      else env.notes.push({ path: `${path}.${v.name}`, message: `${env.take.toUpperCase()} rejects ${v.name} (${v.value}): the ${otherSide(env)} side has no such value`, loc: at.donor });
      continue;
    }
    if (v.upTo - v.value > 0xffff) throw new MergeError(`${path}.${v.name}`, `range ${v.value}..${v.upTo} is too large to intersect`, at.base, at.donor);
    for (let lo = v.value; lo <= v.upTo; lo++) {
      if (!allowed(lo)) continue;
      let hi = lo;
      while (hi + 1 <= v.upTo && allowed(hi + 1)) hi++;
      values.push(hi === lo && v.value === v.upTo ? v : { name: v.name, value: lo, upTo: hi });
      lo = hi;
    }
  }
  const open = b.open && dOpen;
  const dropped = uncovered(b.values.filter((v) => v.upTo !== undefined), values);
  if (dropped !== "" || (b.open && !open)) {
    const what = [dropped, b.open && !open ? "values it does not name" : ""].filter(Boolean).join(" and ");
    env.notes.push({ path, message: `${env.take.toUpperCase()} rejects ${what}, which the TypeScript type allows: the ${otherSide(env)} enum is closed`, loc: at.donor });
  }
  if (!b.open) {
    const extra = dOpen ? "values it does not know" : uncovered(dValues, b.values);
    if (extra !== "") env.notes.push({ path, message: `${env.take.toUpperCase()} rejects ${extra}, which the ${otherSide(env)} side allows: the TypeScript type is a closed enum`, loc: at.donor });
  }
  const bits = (env.take === "tpl" ? dBits : b.bits) as 8 | 16 | 24 | 32;
  return { kind: "enum", bits, values, open };
}

/** The donor's numbers the base values leave out, as ranges ("2..255"). */
function uncovered(donor: readonly EnumValue[], base: readonly EnumValue[]): string {
  const taken = (n: number) => base.some((v) => (v.upTo === undefined ? v.value === n : n >= v.value && n <= v.upTo));
  const out: string[] = [];
  for (const x of donor) {
    const top = x.upTo ?? x.value;
    let lo: number | undefined;
    // Beyond 2^16 the base (an enum of at most a few hundred names) cannot cover: one open range.
    const limit = Math.min(top, x.value + 0x10000);
    for (let n = x.value; n <= limit + 1; n++) {
      const free = n <= limit && !taken(n);
      if (free && lo === undefined) lo = n;
      if (!free && lo !== undefined) {
        const hi = n - 1 === limit ? top : n - 1;
        out.push(lo === hi ? `${lo}` : `${lo}..${hi >= Number.MAX_SAFE_INTEGER ? "2^64-1" : hi}`);
        lo = undefined;
      }
    }
  }
  return out.join(", ");
}

function overlayRecord(env: OverlayEnv, b: Extract<IRType, { kind: "record" }>, d: Extract<IRType, { kind: "record" }>, path: string, at: At): IRType {
  const keyed = env.take === "cbor" && d.encoding === "map";
  if (!!b.rest !== !!d.rest) {
    throw new MergeError(path, `${b.rest ? "the TypeScript type keeps unknown map entries" : `the ${otherSide(env)} side has a rest of unknown map entries`} and the other does not`, at.base, at.donor);
  }
  const members = overlayMembers(env, b.members, d.members, path, at, keyed);
  // A record without an encoding is an array already (the canonical image of a TPL struct).
  const encoding = env.take === "cbor" && d.encoding === "map" ? "map" : b.encoding;
  return {
    kind: "record",
    members,
    ...(encoding ? { encoding } : {}),
    ...(b.rest && d.rest ? { rest: { name: b.rest.name, key: overlay(env, b.rest.key, d.rest.key, `${path}{key}`, at), value: overlay(env, b.rest.value, d.rest.value, `${path}{value}`, at) } } : {}),
  };
}

function overlayMembers(env: OverlayEnv, bm: readonly IRMember[], dm: readonly IRMember[], path: string, at: At, keyed: boolean): IRMember[] {
  if (bm.length !== dm.length) {
    // One side nests a struct where the other writes its fields inline (TPL `SinglePart part;`).
    const nested = bm.length === 1 && bm[0]!.kind === "field" ? recordOf(env.baseDef, bm[0]!.type) : undefined;
    if (nested && dm.every((m) => m.kind === "field")) {
      const f = bm[0] as IRField;
      return [{ ...f, type: overlay(env, f.type, { kind: "record", members: dm, encoding: "array" }, `${path}.${f.name}`, { base: f.loc, donor: at.donor }) }];
    }
    const donorNested = dm.length === 1 && dm[0]!.kind === "field" ? recordOf(env.donorDef, dm[0]!.type) : undefined;
    if (donorNested) return overlayMembers(env, bm, donorNested.members, path, at, keyed);
    throw new MergeError(path, `the TypeScript type has ${bm.length} members where the ${otherSide(env)} side has ${dm.length}`, at.base, at.donor);
  }
  return bm.map((m, i) => {
    const o = dm[i]!;
    if (m.kind === "field" && o.kind === "field") {
      const p = `${path}.${m.name}`;
      if (!!m.omittable !== !!o.omittable) throw new MergeError(p, `one side may leave the field out and the other may not`, m.loc, o.loc);
      const type = overlay(env, m.type, o.type, p, { base: m.loc, donor: o.loc });
      const { key: _drop, ...rest } = m;
      void _drop;
      const key = keyed ? o.key : m.key;
      return { ...rest, type, ...(key !== undefined ? { key } : {}) };
    }
    if (m.kind === "variant" && o.kind === "variant") return overlayVariant(env, m, o, path);
    throw new MergeError(`${path}.${m.kind === "field" ? m.name : "select"}`, `a ${m.kind === "field" ? "field" : "select"} faces a ${o.kind === "field" ? "field" : "select"} on the ${otherSide(env)} side`, at.base, at.donor);
  });
}

function recordOf(lookup: (n: string) => Definition | undefined, t: IRType): Extract<IRType, { kind: "record" }> | undefined {
  let cur: IRType | undefined = t;
  for (let i = 0; i < 64 && cur?.kind === "ref" && !cur.document; i++) cur = lookup(cur.name)?.type;
  return cur?.kind === "record" && cur.members.every((m) => m.kind === "field") && !cur.rest ? cur : undefined;
}

/** Select arms pair by the numbers of their labels (TPL `null` is CDDL `nullpart`: both 0). */
function overlayVariant(env: OverlayEnv, b: IRVariant, d: IRVariant, path: string): IRVariant {
  const bNum = labelNumbers(env.baseDef, b);
  const dNum = labelNumbers(env.donorDef, d);
  const cases: IRCase[] = [];
  const used = new Set<number>();
  b.cases.forEach((c, i) => {
    const j = d.cases.findIndex((x, k) => !used.has(k) && (c.isDefault ? x.isDefault : bNum[i] === dNum[k]));
    const label = c.isDefault ? "default" : c.labels.join(",");
    if (j < 0) throw new MergeError(`${path}.case(${label})`, `this arm has no counterpart on the ${otherSide(env)} side`, c.loc, d.loc);
    used.add(j);
    const o = d.cases[j]!;
    cases.push({ ...c, members: overlayMembers(env, c.members, o.members, `${path}.case(${label})`, { base: c.loc, donor: o.loc }, false) });
  });
  d.cases.forEach((x, k) => {
    if (!used.has(k)) env.notes.push({ path: `${path}.case(${x.labels.join(",") || "default"})`, message: `${env.take.toUpperCase()} rejects this arm of the ${otherSide(env)} side: the TypeScript type has no such case`, loc: x.loc });
  });
  return { ...b, cases };
}

function labelNumbers(lookup: (n: string) => Definition | undefined, v: IRVariant): string[] {
  const enumType = v.discriminant.kind === "unresolved" ? undefined : v.discriminant.enumType;
  let t: IRType | undefined = enumType ? lookup(enumType)?.type : undefined;
  for (let i = 0; i < 64 && t?.kind === "ref" && !t.document; i++) t = lookup(t.name)?.type;
  return v.cases.map((c) => {
    if (t?.kind !== "enum") return c.labels.join(",");
    const values = t.values;
    return c.labels
      .map((l) => values.find((x) => x.name === l)?.value ?? l)
      .map(String)
      .sort()
      .join(",");
  });
}

function otherSide(env: OverlayEnv): string {
  return env.take === "cbor" ? "CDDL" : "TPL";
}
