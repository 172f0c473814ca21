import { CodecError } from "./codec-error.js";
import { utf8Length } from "./utf8.js";

/**
 * Checks the generated size pass runs on values before anything is written,
 * so the write pass can trust them. Each throws a CodecError at offset -1
 * (encode side); the generated code adds the field path.
 */
const U64_MAX = 0xffffffffffffffffn;

export function checkUint(v: unknown, bits: 8 | 16 | 24 | 32): number {
  // the bound by integer arithmetic (a table lookup or `2 ** bits` took a tenth of a small encode)
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > (bits === 32 ? 0xffffffff : (1 << bits) - 1)) {
    throw new CodecError(`expected uint${bits}, got ${describe(v)}`, -1);
  }
  return v;
}

export function checkUint64(v: unknown): bigint {
  if (typeof v !== "bigint" || v < 0n || v > U64_MAX) throw new CodecError(`expected uint64 (bigint), got ${describe(v)}`, -1);
  return v;
}

export function checkBytes(v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new CodecError(`expected bytes (Uint8Array), got ${describe(v)}`, -1);
  return v;
}

/** A lone UTF-16 surrogate has no UTF-8 encoding; encoding it as U+FFFD would change the text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function checkText(v: unknown): string {
  if (typeof v !== "string") throw new CodecError(`expected text (string), got ${describe(v)}`, -1);
  if (LONE_SURROGATE.test(v)) throw new CodecError("text contains a lone UTF-16 surrogate, which UTF-8 cannot encode", -1);
  return v;
}

/**
 * checkText and utf8Length in one: the UTF-8 byte length of a string with no
 * lone surrogate. Equal lengths mean ASCII (every other UTF-16 unit takes
 * more than one byte), which needs no surrogate check.
 */
export function textByteLength(v: unknown): number {
  if (typeof v !== "string") throw new CodecError(`expected text (string), got ${describe(v)}`, -1);
  const len = utf8Length(v);
  if (len !== v.length && LONE_SURROGATE.test(v)) throw new CodecError("text contains a lone UTF-16 surrogate, which UTF-8 cannot encode", -1);
  return len;
}

export function checkArray(v: unknown): readonly unknown[] {
  if (!Array.isArray(v)) throw new CodecError(`expected an array, got ${describe(v)}`, -1);
  return v;
}

export function checkObject(v: unknown): object {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new CodecError(`expected an object, got ${describe(v)}`, -1);
  return v;
}

/** Byte length bounds of a vector, text or opaque field, inclusive. */
export function checkLength(len: number, min: number, max: number, offset = -1): void {
  if (len < min || len > max) throw new CodecError(`length ${len} outside ${min}..${max}`, offset);
}

export function checkAllZero(b: Uint8Array, offset = -1): void {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) throw new CodecError(`padding byte ${i} is not zero`, offset < 0 ? -1 : offset + i);
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
  return typeof v === "object" ? "object" : String(v);
}

// ---- field access that a value's (or a draft's) property names cannot subvert

/**
 * A field whose name every object inherits (`constructor`, `toString`,
 * `__proto__`): its value only where the object has it as its own property,
 * so a missing field reads as undefined, not as Object.prototype's member.
 * Typed `any` like the `o.name` it stands for (generated code reads fields
 * of an `any` value and checks them itself): `unknown` made every use of a
 * field named `toString` or `constructor` a type error.
 */
export function ownField(o: object, name: string): any {
  return Object.prototype.hasOwnProperty.call(o, name) ? (o as Record<string, unknown>)[name] : undefined;
}

/** Store a decoded field as an own, plain property (for `__proto__`, assignment would replace the prototype). */
export function defineField(o: object, name: string, value: unknown): void {
  Object.defineProperty(o, name, { value, writable: true, enumerable: true, configurable: true });
}

/** A record value: an object that is not an array, Map or byte string. */
export function isRecordValue(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Uint8Array);
}

/**
 * The `* K => V` entries of a keyed record must not repeat a known field's
 * key: written to CBOR the map would carry that key twice, and decoders
 * differ on which value wins. `offset` is where a decoder found the entries.
 */
export function checkRestKeys(rest: unknown, known: readonly (string | number)[], offset = -1): void {
  if (!(rest instanceof Map) || rest.size === 0) return;
  for (const k of known) {
    if (rest.has(k) || (typeof k === "number" && rest.has(BigInt(k)))) {
      throw new CodecError(`the extra entries repeat the key ${JSON.stringify(k)} of a known field`, offset);
    }
  }
}

/** Two byte strings with the same content (a literal byte string type). */
export function bytesEqual(v: unknown, expected: Uint8Array): boolean {
  if (!(v instanceof Uint8Array) || v.length !== expected.length) return false;
  for (let i = 0; i < v.length; i++) if (v[i] !== expected[i]) return false;
  return true;
}

/** `.ne` / `.default`: is `x` the constant? Integers compare by value, whether number or bigint; bytes by content. */
export function equalsConst(x: unknown, c: unknown): boolean {
  if (typeof c === "bigint") return (typeof x === "bigint" && x === c) || (typeof x === "number" && Number.isInteger(x) && BigInt(x) === c);
  if (c instanceof Uint8Array) return x instanceof Uint8Array && x.length === c.length && x.every((b, i) => b === c[i]);
  return Object.is(x, c);
}

/** `.bits`: only the allowed bit numbers are set (of an unsigned integer, or bit n of byte n >> 3 of a byte string). */
export function bitsAllowed(x: unknown, allowed: readonly number[]): boolean {
  if (x instanceof Uint8Array) {
    for (let i = 0; i < x.length; i++) for (let b = 0; b < 8; b++) if ((x[i]! & (1 << b)) !== 0 && !allowed.includes(i * 8 + b)) return false;
    return true;
  }
  if (typeof x !== "number" && typeof x !== "bigint") return false;
  let v = BigInt(x);
  for (let b = 0; v > 0n; b++, v >>= 1n) if ((v & 1n) === 1n && !allowed.includes(b)) return false;
  return true;
}
