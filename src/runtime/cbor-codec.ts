import { withDefaults, type DecodeLimits } from "./limits.js";
import { CodecError, isCodecError } from "./codec-error.js";
import { decodeItem, encodeItem, type CborItem } from "./cbor-item.js";
import { itemIdentity } from "./cbor-identity.js";
import { CborReader, type CborReaderOptions } from "./cbor-reader.js";
import { cborHeadSize, CborWriter } from "./cbor-writer.js";
import { utf8Length } from "./utf8.js";
import { isHalfExact } from "./cbor-float.js";
import { makeCodec, SizeCache, type CodecContext, type EncodeLimits, type WhereDiffers } from "./make-codec.js";
import { describe } from "./value-checks.js";
import type { TplReader } from "./tpl-reader.js";

export type CborSizeFn<T> = (v: T, c: CodecContext, s: SizeCache) => number;
export type CborWriteFn<T> = (w: CborWriter, v: T, c: CodecContext, s: SizeCache) => void;
export type CborReadFn<T> = (r: CborReader, c: CodecContext) => T;

export interface CborEncodeOptions extends EncodeLimits {
  readonly context?: CodecContext;
}

export interface CborDecodeOptions extends CborReaderOptions {
  readonly context?: CodecContext;
}

/** The CBOR codec of one generated type (RFC 8949 preferred serialization). */
export interface CborCodec<T> {
  readonly typeName: string;
  encodedSize(value: T, options?: CborEncodeOptions): number;
  encode(value: T, options?: CborEncodeOptions): Uint8Array;
  encodeInto(value: T, buffer: Uint8Array, offset?: number, options?: CborEncodeOptions): number;
  /** `deterministic: true` rejects anything not in RFC 8949 §4.2.1 core deterministic form. */
  decode(bytes: Uint8Array, options?: CborDecodeOptions): T;
}

/** `verify` (whereDiffers): decode every encoding back and compare, for types whose arrays a decoder could read differently from what was meant. */
export function cborCodec<T>(typeName: string, size: CborSizeFn<T>, write: CborWriteFn<T>, read: CborReadFn<T>, defaults?: DecodeLimits, verify?: WhereDiffers): CborCodec<T> {
  return makeCodec<T, CborWriter, CborReader, CborEncodeOptions, CborDecodeOptions>(
    typeName,
    size,
    write,
    read,
    (buf, pos) => new CborWriter(buf, pos),
    (bytes, options) => new CborReader(bytes, withDefaults(options, defaults)),
    defaults,
    verify,
  );
}

// ---- helpers the generated record decoders call

/**
 * The item count of an array-encoded record: a definite count, -1 for an
 * indefinite-length array (ended by a break), or SEQUENCE for the top level
 * of a CBOR sequence (RFC 8742: items until the end of the input).
 */
export const SEQUENCE = -2;

/** Before a required field of an array-encoded record: is there an item left? */
export function arrayItem(r: CborReader, n: number, k: number): void {
  if (!arrayHasItem(r, n, k)) r.fail(n === SEQUENCE ? `the sequence has ${k} items; item ${k + 1} is missing` : `array has ${n >= 0 ? n : k} items; field ${k + 1} is missing`);
}

/** Before an optional or repeated field of an array-encoded record: is there an item left? */
export function arrayHasItem(r: CborReader, n: number, k: number): boolean {
  return n >= 0 ? k < n : n === SEQUENCE ? r.pos < r.buf.length : !r.isBreak();
}

/** After the last field: the array must end exactly there (a sequence ends where its input does). */
export function arrayEnd(r: CborReader, n: number, k: number, start: number): void {
  if (n === SEQUENCE) return;
  if (n < 0) {
    if (!r.isBreak()) r.fail(`indefinite array has more than the ${k} items expected`, start);
    r.consumeBreak();
  } else if (k !== n) {
    r.fail(`array has ${n} items, expected ${k}`, start);
  }
}

/** Bits of the major types (and floats apart from other simple values) for `nextIsOneOf`. */
export const MAJOR_BITS: Readonly<Record<string, number>> = { uint: 1, nint: 2, bytes: 4, text: 8, array: 16, map: 32, tag: 64, simple: 128, float: 256 };

/**
 * Greedy matching in an array (RFC 8610 Appendix A): is there a next item,
 * and is its major type one of `mask` (MAJOR_BITS)? An optional field takes
 * the item only then; a repeated one takes items while it holds.
 */
export function nextIsOneOf(r: CborReader, n: number, k: number, mask: number): boolean {
  if (!arrayHasItem(r, n, k)) return false;
  const ib = r.buf[r.pos]!;
  const major = ib >>> 5;
  const ai = ib & 31;
  const bit = major < 7 ? 1 << major : ai >= 25 && ai <= 27 ? 256 : 128;
  return (mask & bit) !== 0;
}

/**
 * Group choices inside a map (IR `choices`): at most one option present
 * (exactly one unless optional), and the present one complete.
 */
export function checkChoices(
  o: Record<string, unknown>,
  choices: readonly { readonly options: readonly { readonly fields: readonly string[]; readonly required: readonly string[] }[]; readonly optional: boolean }[],
  offset = -1,
): void {
  for (const choice of choices) {
    const present = choice.options.filter((opt) => opt.fields.some((f) => Object.prototype.hasOwnProperty.call(o, f) && o[f] !== undefined));
    if (present.length > 1) throw new CodecError(`only one of ${present.map((p) => p.fields.join("+")).join(" / ")} may be present`, offset);
    if (present.length === 0) {
      if (!choice.optional) throw new CodecError(`one of ${choice.options.map((p) => p.fields.join("+")).join(" / ")} must be present`, offset);
      continue;
    }
    const missing = present[0]!.required.filter((f) => !Object.prototype.hasOwnProperty.call(o, f) || o[f] === undefined);
    if (missing.length > 0) throw new CodecError(`${missing.join(", ")} must be present with ${present[0]!.fields.filter((f) => !missing.includes(f)).join(", ")}`, offset);
  }
}

/** A map key as the generated switch compares it: integers as numbers (bigint beyond 2^53), text as string. */
export function readMapKey(r: CborReader): number | bigint | string | CborItem {
  // the common key, an unsigned integer below 24: one byte, no BigInt
  const p = r.pos;
  if (p < r.buf.length) {
    const ib = r.buf[p]!;
    if (ib < 24) {
      r.pos = p + 1;
      return ib;
    }
  }
  switch (r.peekType()) {
    case "uint":
    case "nint": {
      // small integers as numbers: no BigInt per key on the hot path
      const v = r.int64();
      return v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn ? Number(v) : v;
    }
    case "text":
      return r.text();
    default:
      return r.item();
  }
}

// ---- value checks for CBOR-only kinds (encode side)

const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

export function checkInt64(v: unknown): bigint {
  // CBOR ints reach -2^64; CDDL `int` in practice stays within int64 plus uint64
  if (typeof v !== "bigint" || v < -(2n ** 64n) || v > U64_MAX) throw new CodecError(`expected an integer (bigint), got ${describe(v)}`, -1);
  void I64_MIN;
  return v;
}

export function checkBool(v: unknown): boolean {
  if (typeof v !== "boolean") throw new CodecError(`expected a boolean, got ${describe(v)}`, -1);
  return v;
}

export function checkNumber(v: unknown): number {
  if (typeof v !== "number") throw new CodecError(`expected a number, got ${describe(v)}`, -1);
  return v;
}

// any: generated size passes hand the entries to typed functions that check them
export function checkMap(v: unknown): Map<any, any> {
  if (!(v instanceof Map)) throw new CodecError(`expected a Map, got ${describe(v)}`, -1);
  return v;
}

/** `any`: a CborItem; returns its encoding (the size pass needs the length). */
export function checkItem(v: unknown): Uint8Array {
  if (v === null || typeof v !== "object" || typeof (v as { type?: unknown }).type !== "string") {
    throw new CodecError(`expected a CBOR item ({ type, ... }), got ${describe(v)}`, -1);
  }
  try {
    return encodeItem(v as CborItem);
  } catch (e) {
    throw new CodecError(`not a valid CBOR item: ${(e as Error).message}`, -1);
  }
}

// ---- canonical TPL images of CBOR-only constructs (README, "Both encodings")

/** CDDL int in TPL: 8 octets, two's complement; values beyond int64 have no image. */
export function tplInt64(v: bigint): bigint {
  if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new CodecError(`integer ${v} is outside int64, the TPL image of CDDL int`, -1);
  return BigInt.asUintN(64, v);
}

const f64 = new DataView(new ArrayBuffer(8));

/** CDDL float16 / float32: is the number exactly a value of that width (NaN and the infinities are)? */
export function floatFits(x: number, bits: 16 | 32): boolean {
  if (Number.isNaN(x) || !Number.isFinite(x)) return true;
  return bits === 32 ? Math.fround(x) === x : isHalfExact(x);
}

/** CDDL float in TPL: an IEEE 754 binary64, 8 octets big-endian. */
export function float64Bits(x: number): bigint {
  f64.setFloat64(0, x);
  return f64.getBigUint64(0);
}

export function fromFloat64Bits(b: bigint): number {
  f64.setBigUint64(0, b);
  return f64.getFloat64(0);
}

/**
 * CDDL any in TPL: the next `len` bytes of a TPL reader hold one CBOR item.
 * It obeys the reader's limits (the depth left, counts, string lengths) like
 * any other part of the message; errors point into the whole input.
 */
export function decodeItemIn(r: TplReader, len: number): CborItem {
  const start = r.pos;
  const bytes = r.bytes(len);
  const cr = new CborReader(bytes, {
    maxDepth: Math.max(0, r.maxDepth - r.depth),
    ...(r.maxCount !== Infinity ? { maxCount: r.maxCount } : {}),
    ...(r.maxLength !== Infinity ? { maxLength: r.maxLength } : {}),
    keepWidths: true,
    copy: r.copy,
  });
  try {
    const item = cr.item();
    cr.finish();
    return item;
  } catch (e) {
    if (isCodecError(e) && e.offset >= 0) throw new CodecError(e.reason, start + e.offset);
    throw e;
  }
}

/**
 * Map keys that JavaScript compares by identity (byte strings, CBOR items):
 * remembers each by content and answers false for one seen before.
 */
export function firstKey(seen: Set<string>, key: unknown): boolean {
  const id = key instanceof Uint8Array ? itemIdentity({ type: "bytes", value: key }) : typeof key === "object" && key !== null && "type" in key ? itemIdentity(key as CborItem) : `${typeof key}:${String(key)}`;
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

/** CDDL any in TPL: an opaque<V> holding the item's CBOR; errors point into the whole input. */
export function decodeItemAt(bytes: Uint8Array, offset: number): CborItem {
  try {
    return decodeItem(bytes);
  } catch (e) {
    if (e instanceof CodecError && e.offset >= 0) throw new CodecError(e.reason, offset + e.offset);
    throw e;
  }
}

// ---- deterministic map order (RFC 8949 §4.2.1: bytewise by encoded key)

/** The deterministic encoding of a map key as the generated codecs write it, for sorting. */
function encodedKey(k: unknown): Uint8Array | null {
  const w = CborWriter.alloc(keySize(k));
  if (typeof k === "string") w.text(k, utf8Length(k));
  else if (typeof k === "bigint" || typeof k === "number") w.int(k);
  else if (k instanceof Uint8Array) w.bytes(k);
  else return null;
  return w.buf;
}

function keySize(k: unknown): number {
  if (typeof k === "string") {
    const n = utf8Length(k);
    return cborHeadSize(n) + n;
  }
  if (typeof k === "bigint" || typeof k === "number") return cborHeadSize(k < 0 ? -1n - BigInt(k) : k);
  if (k instanceof Uint8Array) return cborHeadSize(k.length) + k.length;
  return 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const NO_ENTRIES: never[] = [];

/**
 * A Map's entries in deterministic key order. Maps of one entry (and keys
 * that cannot be sorted here) keep their order; an empty map gives a shared
 * empty array. Text keys (the usual case) sort by UTF-8 length, then by code
 * point, which is the order of their encodings, without encoding them.
 * Generated size passes sort once and keep the result for the write pass
 * (SizeCache.e).
 */
export function sortedMapEntries<K, V>(m: Map<K, V>): Array<[K, V]> {
  if (m.size === 0) return NO_ENTRIES;
  // for...of and push: spreading a Map ([...m]) took ~120 ns for one entry, this ~35
  const entries: Array<[K, V]> = [];
  for (const e of m) entries.push(e);
  if (entries.length < 2) return entries;
  if (entries.every((e) => typeof e[0] === "string")) {
    const keyed = entries.map((e) => ({ e, n: utf8Length(e[0] as string) }));
    keyed.sort((x, y) => x.n - y.n || compareCodePoints(x.e[0] as string, y.e[0] as string));
    return keyed.map((x) => x.e);
  }
  const keyed = entries.map((e) => ({ e, b: encodedKey(e[0]) }));
  if (keyed.some((x) => x.b === null)) return entries;
  keyed.sort((x, y) => compareBytes(x.b!, y.b!));
  return keyed.map((x) => x.e);
}

/** Strings by code point, the order of their UTF-8 bytes (UTF-16 units put surrogates before U+E000..U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/**
 * A keyed record's known fields (their pre-encoded keys, sorted, and which
 * are present) interleaved with its `* K => V` entries in deterministic
 * order: a number is the index of a known field, a pair a rest entry.
 */
export function mergeMapEntries(known: readonly Uint8Array[], present: readonly boolean[], rest: Map<unknown, unknown>): Array<number | [unknown, unknown]> {
  if (rest.size === 0) {
    // the common case (no unknown extensions): the known fields, already in order
    const only: number[] = [];
    for (let i = 0; i < known.length; i++) if (present[i]) only.push(i);
    return only;
  }
  const restSorted = sortedMapEntries(rest).map((e) => ({ e, b: encodedKey(e[0]) }));
  const out: Array<number | [unknown, unknown]> = [];
  let j = 0;
  for (let i = 0; i < known.length; i++) {
    if (!present[i]) continue;
    while (j < restSorted.length && restSorted[j]!.b !== null && compareBytes(restSorted[j]!.b!, known[i]!) < 0) out.push(restSorted[j++]!.e);
    out.push(i);
  }
  while (j < restSorted.length) out.push(restSorted[j++]!.e);
  return out;
}

/**
 * `.cbor` / `.cborseq`: the byte string holds the CBOR of a type (or a
 * sequence of it). The value stays the bytes (a signature covers exactly
 * them); this only checks them, with the type's own decoder.
 */
export function checkNestedCbor(bytes: Uint8Array, read: CborReadFn<unknown>, sequence: boolean, offset = -1): void {
  // a sequence is the items of the controller's array (RFC 8610 section 3.8.4): read as one indefinite-length array
  let input = bytes;
  if (sequence) {
    input = new Uint8Array(bytes.length + 2);
    input[0] = 0x9f;
    input.set(bytes, 1);
    input[bytes.length + 1] = 0xff;
  }
  const r = new CborReader(input);
  try {
    read(r, {});
    r.finish();
  } catch (e) {
    const why = isCodecError(e) ? `${e.reason}${e.path ? ` (${e.path})` : ""} at byte ${e.offset} inside` : String(e);
    throw new CodecError(`the byte string does not hold the CBOR its .cbor${sequence ? "seq" : ""} control names: ${why}`, offset);
  }
}

/** `.within` / `.and`: the value is also of another type, as that type's encoder judges it. */
export function fitsAlso(v: unknown, size: (v: never, c: CodecContext, s: SizeCache) => number): boolean {
  try {
    size(v as never, {}, new SizeCache());
    return true;
  } catch (e) {
    if (isCodecError(e)) return false;
    throw e;
  }
}
