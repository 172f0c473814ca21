import { isLiteral, valueMatches, valueTestOf } from "../ir/union-options.js";
import { topFields } from "../ir/resolve-selects.js";
import type { TypeScope } from "../ir/type-scope.js";
import type { IRCase, IRField, IRMember, IRType, IRVariant } from "../ir/types.js";
import { decodeItem, encodeItem, fromHex, toHex, type CborItem } from "../runtime/index.js";

/**
 * The JSON form of codec values: what the CLI prints and reads, and what the
 * JSON Schemas of src/codegen/gen-json-schema.ts describe.
 *
 * | codec value (IR kind)            | JSON form                                                        |
 * |----------------------------------|------------------------------------------------------------------|
 * | uint8..uint32 (`number`)         | a JSON number                                                    |
 * | uint64 (`bigint`)                | a decimal string without leading zeros: "708234961"              |
 * | CDDL `int` (`bigint`)            | a decimal string, "-" for negatives: "-5"                        |
 * | bool, null                       | themselves                                                       |
 * | float                            | a JSON number; "NaN", "Infinity", "-Infinity" and "-0" as strings|
 * | bytes (`Uint8Array`)             | lowercase hex: "00ff"                                            |
 * | text, enum names                 | strings; open enums and reserved ranges also use numbers        |
 * | vector                           | an array                                                         |
 * | optional                         | null, or the value                                              |
 * | record                           | an object with the field names; omittable fields absent; select |
 * |                                  | arm fields sit beside the tag, as in the TypeScript types       |
 * | map, record rest (`Map`)         | an array of {"key": K, "value": V}, in Map order (CBOR order     |
 * |                                  | after a decode); keys need not be strings, so no JSON object     |
 * | any (`CborItem`)                 | {"cbor": "<hex of the item's encoding>"}: exact, widths and      |
 * |                                  | indefinite lengths included (EDN would need a parser to read)   |
 * | tagged                           | the JSON form of the tag content (the tag number is in the type) |
 * | union                            | the option's own JSON form, where the options' JSON types do not |
 * |                                  | collide; else the colliding option is wrapped: {"int": "5"}     |
 *
 * Unions: a union's options differ in CBOR major type, but two of them may
 * share a JSON type (CDDL `int / tstr`: both strings). Options are laid out
 * in order, a text option first: an option whose JSON types are still free
 * is written bare; one that collides is wrapped in a one-key object whose
 * key is its label (the referenced type's name, else `int`, `uint`, `uint64`,
 * `bytes`, `text`, `tag<N>`, ...). So `name = int / text` is "alice" or
 * {"int": "5"}.
 *
 * toJsonValue(v, scope, type) follows the IR type and is exact; without a
 * type it is best effort (bigint and Uint8Array as above, Maps as entry
 * arrays, values that look like a CborItem as {"cbor": ...}) and cannot wrap
 * union options. fromJsonValue reads the exact form and is lenient where the
 * meaning is unambiguous: uint64 and int also as safe-integer JSON numbers,
 * hex as fromHex reads it, a missing rest map as an empty Map.
 */
export function toJsonValue(v: unknown, scope?: TypeScope, t?: IRType): unknown {
  if (scope && t) return typedToJson(scope, t, v, false);
  return untypedToJson(v);
}

export class JsonFormError extends Error {
  override readonly name = "JsonFormError";
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(`${pointer || "/"}: ${message}`);
  }
}

/** The JSON form back to codec values, directed by the IR type. */
export function fromJsonValue(scope: TypeScope, t: IRType, v: unknown, pointer = ""): unknown {
  return typedFromJson(scope, t, v, pointer, false);
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(s: string | number): string {
  return String(s).replace(/~/g, "~0").replace(/\//g, "~1");
}

// ------------------------------------------------------------ shared with gen-json-schema

export type JsonClass = "string" | "number" | "boolean" | "null" | "array" | "object";

const U64_MAX = 2n ** 64n - 1n;
const INT_MIN = -(2n ** 64n);
const FLOAT_SPECIALS = ["NaN", "Infinity", "-Infinity", "-0"] as const;

/** The JSON types a value of `t` can take in its JSON form. */
export function jsonClasses(scope: TypeScope, t: IRType, depth = 0): Set<JsonClass> {
  const u = depth < 64 ? scope.underlying(t) : t;
  switch (u.kind) {
    case "checked":
      return jsonClasses(scope, u.of, depth + 1);
    case "literal":
      return new Set([u.value.type === "bool" ? "boolean" : u.value.type === "float" ? "number" : "string"]);
    case "uint":
      return new Set([u.bits === 64 ? "string" : "number"]);
    case "int":
    case "bytes":
    case "text":
      return new Set(["string"]);
    case "bool":
      return new Set(["boolean"]);
    case "null":
      return new Set(["null"]);
    case "float":
      return new Set(["number", "string"]);
    case "validated":
    case "any":
    case "record":
      return new Set(["object"]);
    case "tagged":
      return jsonClasses(scope, u.of, depth + 1);
    case "map":
    case "vector":
      return new Set(["array"]);
    case "optional":
      return new Set<JsonClass>(["null", ...jsonClasses(scope, u.of, depth + 1)]);
    case "enum":
      return new Set(u.open || u.values.some((x) => x.upTo !== undefined) ? ["string", "number"] : ["string"]);
    case "union": {
      const out = new Set<JsonClass>();
      for (const o of unionOptions(scope, u))
        for (const c of o.label ? (["object"] as const) : jsonClasses(scope, o.type, depth + 1)) out.add(c);
      return out;
    }
    case "ref":
      return new Set(["string", "number", "boolean", "null", "array", "object"]);
  }
}

export function jsonClassOf(v: unknown): JsonClass | undefined {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "object":
      return "object";
    default:
      return undefined;
  }
}

export interface UnionOption {
  readonly type: IRType;
  readonly index: number;
  /** Set: the option is written as {"<label>": <its JSON form>}. */
  readonly label?: string;
}

/** How each option of a union appears in JSON (see the header comment). */
export function unionOptions(scope: TypeScope, t: IRType & { kind: "union" }): UnionOption[] {
  const order = t.options.map((o, index) => ({ o, index })).sort((a, b) => rank(a.o) - rank(b.o) || a.index - b.index);
  const claimed = new Set<JsonClass>();
  const labels = new Set<string>();
  const out: UnionOption[] = [];
  function rank(o: IRType): number {
    return scope.underlying(o).kind === "text" ? 0 : 1;
  }
  for (const { o, index } of order) {
    const cls = jsonClasses(scope, o);
    if ([...cls].every((c) => !claimed.has(c))) {
      cls.forEach((c) => claimed.add(c));
      out.push({ type: o, index });
      continue;
    }
    let label = optionLabel(scope, o);
    if (labels.has(label)) label = `${label}_${index + 1}`;
    labels.add(label);
    out.push({ type: o, index, label });
  }
  return out.sort((a, b) => a.index - b.index);
}

function optionLabel(scope: TypeScope, o: IRType): string {
  if (o.kind === "ref") return o.name;
  if (o.kind === "tagged") return `tag${o.tag}`;
  if (o.kind === "uint") return o.bits === 64 ? "uint64" : "uint";
  if (o.kind === "vector") return "array";
  void scope;
  return o.kind;
}

/** A select whose tag is a field of the same object: a discriminated union in JSON. */
export function hasSiblingTag(
  v: IRVariant,
): v is IRVariant & { discriminant: { kind: "field"; path: readonly [string]; enumType: string } } {
  return v.discriminant.kind === "field" && v.discriminant.path.length === 1;
}

/** The arm of a sibling-tag select for a tag value (an enum name), or the default arm. */
export function caseForTag(v: IRVariant, tag: unknown): IRCase | undefined {
  if (typeof tag === "string") {
    const c = v.cases.find((x) => x.labels.includes(tag));
    if (c) return c;
  }
  const covered = v.cases.flatMap((x) => x.labels);
  if (typeof tag === "string" && covered.includes(tag)) return undefined;
  return v.cases.find((x) => x.isDefault);
}

/**
 * The fields an object may carry, given its tag values: plain fields, the
 * fields of the selected arm of each sibling-tag select, and every arm's
 * fields for selects on a value outside the object. A name can have several
 * candidates (the same field name in two arms of a context select).
 */
function activeFields(members: readonly IRMember[], obj: Record<string, unknown>): Map<string, IRField[]> {
  const out = new Map<string, IRField[]>();
  const add = (f: IRField) => {
    const list = out.get(f.name);
    if (list) list.push(f);
    else out.set(f.name, [f]);
  };
  const walk = (ms: readonly IRMember[]) => {
    for (const m of ms) {
      if (m.kind === "field") add(m);
      else if (hasSiblingTag(m)) {
        const c = caseForTag(m, obj[m.discriminant.path[0]]);
        if (c) walk(c.members);
        else m.cases.forEach((x) => walk(x.members));
      } else m.cases.forEach((x) => topFields(x.members).forEach(add));
    }
  };
  walk(members);
  return out;
}

/** Does a codec value belong to type `t`, by its JavaScript type (as the generated union guards test)? */
function fitsRuntime(scope: TypeScope, t: IRType, v: unknown, depth = 0): boolean {
  const u = depth < 64 ? scope.underlying(t) : t;
  // the generated union guards' own table (src/ir/union-options.ts)
  const test = valueTestOf(scope, u);
  if (test) return valueMatches(test, v);
  switch (u.kind) {
    case "optional":
      return v === null || fitsRuntime(scope, u.of, v, depth + 1);
    case "validated":
    case "any":
      return isCborItem(v);
    case "union":
      return u.options.some((o) => fitsRuntime(scope, o, v, depth + 1));
    default:
      return false;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Uint8Array);
}

const ITEM_KEYS = new Set(["type", "value", "width", "chunks", "items", "entries", "indefinite", "tag", "item"]);

/** A value shaped like the runtime's generic CBOR item. */
export function isCborItem(v: unknown): v is CborItem {
  if (!isPlainObject(v) || typeof v["type"] !== "string") return false;
  if (!Object.keys(v).every((k) => ITEM_KEYS.has(k))) return false;
  switch (v["type"]) {
    case "uint":
    case "nint":
      return typeof v["value"] === "bigint";
    case "bytes":
      return v["value"] instanceof Uint8Array;
    case "text":
      return typeof v["value"] === "string";
    case "array":
      return Array.isArray(v["items"]);
    case "map":
      return Array.isArray(v["entries"]);
    case "tag":
      return typeof v["tag"] === "bigint" && v["item"] !== undefined;
    case "simple":
    case "float":
      return typeof v["value"] === "number";
    default:
      return false;
  }
}

// ------------------------------------------------------------ to JSON

function untypedToJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return floatToJson(v);
  if (Array.isArray(v)) return v.map(untypedToJson);
  if (v instanceof Map) return [...v].map(([key, value]) => ({ key: untypedToJson(key), value: untypedToJson(value) }));
  if (isCborItem(v)) return itemToJson(v);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = untypedToJson(x);
    return out;
  }
  return v;
}

function floatToJson(v: number): unknown {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (Object.is(v, -0)) return "-0";
  return v;
}

function itemToJson(item: CborItem): { cbor: string } {
  return { cbor: toHex(encodeItem(item)) };
}

/** A map key read by readMapKey (int as bigint, text as string) as the item it stands for. */
function keyAsItem(v: unknown): CborItem | undefined {
  if (typeof v === "bigint") return v >= 0n ? { type: "uint", value: v } : { type: "nint", value: v };
  if (typeof v === "string") return { type: "text", value: v };
  return isCborItem(v) ? v : undefined;
}

function typedToJson(scope: TypeScope, t: IRType, v: unknown, asKey: boolean): unknown {
  switch (t.kind) {
    case "uint":
      if (typeof v === "bigint") return t.bits === 64 ? v.toString() : Number(v);
      if (t.bits === 64 && typeof v === "number" && Number.isSafeInteger(v)) return String(v);
      return untypedToJson(v);
    case "int":
      return typeof v === "number" && Number.isSafeInteger(v) ? String(v) : untypedToJson(v);
    case "float":
      return typeof v === "number" ? floatToJson(v) : untypedToJson(v);
    case "validated":
    case "any": {
      const item = asKey ? keyAsItem(v) : isCborItem(v) ? v : undefined;
      return item ? itemToJson(item) : untypedToJson(v);
    }
    case "tagged":
    case "checked":
      return typedToJson(scope, t.of, v, asKey);
    case "map":
      if (!(v instanceof Map)) return untypedToJson(v);
      return mapToJson(scope, t.key, t.value, v);
    case "union": {
      const opt = unionOptions(scope, t).find((o) => fitsRuntime(scope, o.type, v));
      if (!opt) return untypedToJson(v);
      const json = typedToJson(scope, opt.type, v, asKey);
      return opt.label ? { [opt.label]: json } : json;
    }
    case "vector":
      return Array.isArray(v) ? v.map((x) => typedToJson(scope, t.of, x, false)) : untypedToJson(v);
    case "optional":
      return v === null || v === undefined ? null : typedToJson(scope, t.of, v, asKey);
    case "ref": {
      const d = scope.definition(t.name, t.document);
      return d ? typedToJson(scope, d.type, v, asKey) : untypedToJson(v);
    }
    case "record":
      return isPlainObject(v) ? recordToJson(scope, t, v) : untypedToJson(v);
    case "literal":
    case "bool":
    case "null":
    case "bytes":
    case "text":
    case "enum":
      return untypedToJson(v);
  }
}

function mapToJson(scope: TypeScope, key: IRType, value: IRType, m: Map<unknown, unknown>): unknown[] {
  return [...m].map(([k, x]) => ({
    key: typedToJson(scope, key, k, true),
    value: typedToJson(scope, value, x, false),
  }));
}

function recordToJson(
  scope: TypeScope,
  t: IRType & { kind: "record" },
  v: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, candidates] of activeFields(t.members, v)) {
    const x = v[name];
    if (x === undefined || !Object.hasOwn(v, name)) continue;
    const f = candidates.find((c) => fitsRuntime(scope, c.type, x)) ?? candidates[0]!;
    out[name] = typedToJson(scope, f.type, x, false);
  }
  if (t.rest) {
    const r = v[t.rest.name];
    if (r !== undefined)
      out[t.rest.name] = r instanceof Map ? mapToJson(scope, t.rest.key, t.rest.value, r) : untypedToJson(r);
  }
  for (const [k, x] of Object.entries(v)) if (!(k in out) && x !== undefined) out[k] = untypedToJson(x);
  return out;
}

/**
 * The JSON forms of the map keys a record's keyed fields use, under the
 * type of its rest entries' keys: those keys cannot appear among the rest.
 */
export function restExcludedKeys(scope: TypeScope, t: IRType & { kind: "record" }): unknown[] {
  if (!t.rest) return [];
  const keyType = t.rest.key;
  const keyed = topFields(t.members).filter((f) => f.key !== undefined);
  return keyed.map((f) => typedToJson(scope, keyType, typeof f.key === "number" ? BigInt(f.key) : f.key, true));
}

// ------------------------------------------------------------ from JSON

const DECIMAL = /^(0|-?[1-9][0-9]*)$/;

function bigintFromJson(v: unknown, min: bigint, max: bigint, what: string, pointer: string): bigint {
  let n: bigint;
  if (typeof v === "string" && DECIMAL.test(v)) n = BigInt(v);
  else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
  else throw new JsonFormError(`expected ${what} as a decimal string`, pointer);
  if (n < min || n > max) throw new JsonFormError(`${v} is out of range ${min}..${max}`, pointer);
  return n;
}

function typedFromJson(scope: TypeScope, t: IRType, v: unknown, pointer: string, asKey: boolean): unknown {
  switch (t.kind) {
    case "checked":
      // the codec checks the controls when the value is encoded
      return typedFromJson(scope, t.of, v, pointer, asKey);
    case "uint": {
      if (t.bits === 64) {
        return bigintFromJson(
          v,
          BigInt(t.min ?? 0),
          t.max !== undefined ? BigInt(t.max) : U64_MAX,
          "a uint64",
          pointer,
        );
      }
      const max = t.max ?? 2 ** t.bits - 1;
      const min = t.min ?? 0;
      if (typeof v !== "number" || !Number.isInteger(v))
        throw new JsonFormError(`expected a uint${t.bits} as a JSON number`, pointer);
      if (v < min || v > max) throw new JsonFormError(`${v} is out of range ${min}..${max}`, pointer);
      // readMapKey hands every integer key of a rest map over as a bigint.
      return asKey ? BigInt(v) : v;
    }
    case "int":
      return bigintFromJson(v, t.min ?? INT_MIN, t.max ?? U64_MAX, "an integer", pointer);
    case "literal": {
      const l = t.value;
      const value = l.type === "bytes" ? (typeof v === "string" && /^[0-9a-fA-F]*$/.test(v) && v.length % 2 === 0 ? fromHex(v) : v) : v;
      if (!isLiteral(l, value)) throw new JsonFormError(`expected ${l.type === "bytes" ? `"${l.hex}"` : JSON.stringify(l.value)}`, pointer);
      return value;
    }
    case "bool":
      if (typeof v !== "boolean") throw new JsonFormError("expected true or false", pointer);
      return v;
    case "null":
      if (v !== null) throw new JsonFormError("expected null", pointer);
      return null;
    case "float":
      if (typeof v === "number") return v;
      if (v === "NaN") return NaN;
      if (v === "Infinity") return Infinity;
      if (v === "-Infinity") return -Infinity;
      if (v === "-0") return -0;
      throw new JsonFormError(`expected a number (or one of ${FLOAT_SPECIALS.join(", ")})`, pointer);
    case "validated":
    case "any": {
      if (!isPlainObject(v) || typeof v["cbor"] !== "string" || Object.keys(v).length !== 1) {
        throw new JsonFormError('expected a CBOR item as {"cbor": "<hex>"}', pointer);
      }
      let item: CborItem;
      try {
        item = decodeItem(fromHex(v["cbor"]));
      } catch (e) {
        throw new JsonFormError(`bad CBOR item: ${(e as Error).message}`, `${pointer}/cbor`);
      }
      // readMapKey hands integer and text keys over as bigint and string.
      if (asKey && (item.type === "uint" || item.type === "nint")) return item.value;
      if (asKey && item.type === "text") return item.value;
      return item;
    }
    case "tagged":
      return typedFromJson(scope, t.of, v, pointer, asKey);
    case "map":
      return mapFromJson(scope, t.key, t.value, v, pointer, { rest: false, excluded: [], min: t.min, max: t.max });
    case "union": {
      const opts = unionOptions(scope, t);
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        const wrapped = keys.length === 1 ? opts.find((o) => o.label === keys[0]) : undefined;
        if (wrapped)
          return typedFromJson(
            scope,
            wrapped.type,
            v[wrapped.label!],
            `${pointer}/${pointerToken(wrapped.label!)}`,
            asKey,
          );
      }
      const cls = jsonClassOf(v);
      const bare = opts.find((o) => !o.label && cls !== undefined && jsonClasses(scope, o.type).has(cls));
      if (!bare) {
        const expected = opts
          .map((o) => (o.label ? `{"${o.label}": ...}` : [...jsonClasses(scope, o.type)].join("/")))
          .join(" or ");
        throw new JsonFormError(`matches no option of the union: expected ${expected}`, pointer);
      }
      return typedFromJson(scope, bare.type, v, pointer, asKey);
    }
    case "bytes":
      if (typeof v !== "string") throw new JsonFormError("expected bytes as a hex string", pointer);
      try {
        return fromHex(v);
      } catch (e) {
        throw new JsonFormError(`bad hex: ${(e as Error).message}`, pointer);
      }
    case "text":
      if (typeof v !== "string") throw new JsonFormError("expected a string", pointer);
      return v;
    case "enum": {
      if (typeof v === "string") {
        if (t.values.some((x) => x.upTo === undefined && x.name === v)) return v;
        throw new JsonFormError(`unknown enum name "${v}"`, pointer);
      }
      if (typeof v === "number" && Number.isInteger(v)) {
        const max = 2 ** t.bits - 1;
        if (t.open ? v >= 0 && v <= max : t.values.some((x) => x.upTo !== undefined && v >= x.value && v <= x.upTo))
          return v;
        throw new JsonFormError(`${v} is not a value of this enum`, pointer);
      }
      throw new JsonFormError("expected an enum name", pointer);
    }
    case "vector":
      if (!Array.isArray(v)) throw new JsonFormError("expected an array", pointer);
      return v.map((x, i) => typedFromJson(scope, t.of, x, `${pointer}/${i}`, false));
    case "optional":
      return v === null || v === undefined ? null : typedFromJson(scope, t.of, v, pointer, asKey);
    case "ref": {
      const d = scope.definition(t.name, t.document);
      if (!d) throw new JsonFormError(`unknown type ${t.name}`, pointer);
      return typedFromJson(scope, d.type, v, pointer, asKey);
    }
    case "record":
      return recordFromJson(scope, t, v, pointer);
  }
}

function mapFromJson(
  scope: TypeScope,
  keyType: IRType,
  valueType: IRType,
  v: unknown,
  pointer: string,
  opts: { readonly rest: boolean; readonly excluded: readonly unknown[]; readonly min: number; readonly max: number },
): Map<unknown, unknown> {
  const { min, max, excluded } = opts;
  if (!Array.isArray(v)) throw new JsonFormError('expected a map as an array of {"key": ..., "value": ...}', pointer);
  if (v.length < min || v.length > max)
    throw new JsonFormError(`expected ${min}..${max} entries, got ${v.length}`, pointer);
  const out = new Map<unknown, unknown>();
  const seen = new Set<string>();
  const taken = new Set(excluded.map((k) => JSON.stringify(k)));
  v.forEach((e, i) => {
    const at = `${pointer}/${i}`;
    if (!isPlainObject(e) || !("key" in e) || !("value" in e) || Object.keys(e).length !== 2) {
      throw new JsonFormError('expected an entry {"key": ..., "value": ...}', at);
    }
    const id = JSON.stringify(e["key"]);
    if (taken.has(id)) throw new JsonFormError(`key ${id} belongs to a field of the record`, `${at}/key`);
    if (seen.has(id)) throw new JsonFormError(`duplicate key ${id}`, `${at}/key`);
    seen.add(id);
    // Rest entries are keyed as readMapKey reads them: an `any` key that is an int or text is a bigint or string.
    out.set(
      typedFromJson(scope, keyType, e["key"], `${at}/key`, opts.rest),
      typedFromJson(scope, valueType, e["value"], `${at}/value`, false),
    );
  });
  return out;
}

function recordFromJson(
  scope: TypeScope,
  t: IRType & { kind: "record" },
  v: unknown,
  pointer: string,
): Record<string, unknown> {
  if (!isPlainObject(v)) throw new JsonFormError("expected an object", pointer);
  const active = activeFields(t.members, v);
  const everywhere = new Set(topFields(t.members).map((f) => f.name));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const at = `${pointer}/${pointerToken(k)}`;
    if (t.rest && k === t.rest.name) {
      out[k] = mapFromJson(scope, t.rest.key, t.rest.value, x, at, {
        rest: true,
        excluded: restExcludedKeys(scope, t),
        min: 0,
        max: Infinity,
      });
      continue;
    }
    const candidates = active.get(k);
    if (!candidates) {
      throw new JsonFormError(
        everywhere.has(k)
          ? `field "${k}" belongs to another variant than the one the tag selects`
          : `unknown field "${k}"`,
        at,
      );
    }
    const cls = jsonClassOf(x);
    const f = candidates.find((c) => cls !== undefined && jsonClasses(scope, c.type).has(cls)) ?? candidates[0]!;
    out[k] = typedFromJson(scope, f.type, x, at, false);
  }
  for (const m of t.members) {
    if (m.kind === "field" && !m.omittable && !(m.name in out))
      throw new JsonFormError(`missing field "${m.name}"`, pointer);
  }
  if (t.rest && !(t.rest.name in out)) out[t.rest.name] = new Map();
  return out;
}
