import { describe } from "./value-checks.js";
import type { CborReader } from "./cbor-reader.js";
import type { CborWriter } from "./cbor-writer.js";
import { cborHeadSize } from "./cbor-writer.js";
import { CodecError } from "./codec-error.js";
import type { TplReader } from "./tpl-reader.js";
import type { TplWriter } from "./tpl-writer.js";
import { varintSize } from "./varint.js";

/**
 * Integers of any size (CDDL `integer`, `unsigned`, `bigint`, `biguint`,
 * `bignint`) as JavaScript bigints. CBOR (RFC 8949 §3.4.3): tag 2 holds the
 * big-endian magnitude n, tag 3 holds -1 - n. "preferred" writes a value
 * that fits major type 0/1 that way and only larger ones as bignums (the
 * preferred serialization); "tagged" always writes the tag, as `biguint`
 * and `bignint` demand. TPL has no such integer: its image is one octet of
 * sign (0 for n >= 0, 1 for n < 0) and the CBOR bignum's magnitude as
 * `opaque<V>`, so both encodings carry the same numbers.
 */
export type BigForm = "preferred" | "tagged";

const U64_LIMIT = 1n << 64n;

export function checkBigInteger(v: unknown): bigint {
  if (typeof v !== "bigint") throw new CodecError(`expected an integer (bigint), got ${describe(v)}`, -1);
  return v;
}

/** Big-endian magnitude without leading zero bytes (0 has none). */
export function magnitudeBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = "0" + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** magnitudeBytes(n).length without making the bytes (the size pass runs before the write pass). */
function magnitudeLength(n: bigint): number {
  return n === 0n ? 0 : (n.toString(16).length + 1) >> 1;
}

/** Linear in the length: hex digits of a power-of-two radix parse without quadratic work. */
export function magnitudeOf(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i]! < 16 ? "0" : "") + bytes[i]!.toString(16);
  return BigInt("0x" + hex);
}

function fitsHead(v: bigint): boolean {
  return v >= -U64_LIMIT && v < U64_LIMIT;
}

export function bigIntegerSize(v: bigint, form: BigForm): number {
  if (form === "preferred" && fitsHead(v)) return cborHeadSize(v < 0n ? -1n - v : v);
  const m = magnitudeLength(v < 0n ? -1n - v : v);
  return 1 + cborHeadSize(m) + m;
}

export function writeBigInteger(w: CborWriter, v: bigint, form: BigForm): void {
  if (form === "preferred" && fitsHead(v)) {
    w.int(v);
    return;
  }
  w.tag(v < 0n ? 3 : 2);
  w.bytes(magnitudeBytes(v < 0n ? -1n - v : v));
}

/** An integer item, or tag 2/3 around a byte string; "tagged" takes only the latter. */
export function readBigInteger(r: CborReader, form: BigForm): bigint {
  const p = r.pos;
  const b = r.buf;
  if (p < b.length && form === "preferred" && b[p]! >>> 5 < 2) return r.int64();
  if (p >= b.length || b[p]! >>> 5 !== 6) return r.expected(form === "tagged" ? "bignum (tag 2 or 3)" : "integer or bignum", p);
  const tag = r.tag();
  if (tag !== 2n && tag !== 3n) r.fail(`expected tag 2 or 3 (bignum), got tag ${tag}`, p);
  if (form === "preferred" && r.deterministic) r.checkBignum(p, r.pos);
  const n = magnitudeOf(r.bytes());
  return tag === 2n ? n : -1n - n;
}

export function tplBigIntegerSize(v: bigint): number {
  const m = magnitudeLength(v < 0n ? -1n - v : v);
  return 1 + varintSize(m) + m;
}

export function tplWriteBigInteger(w: TplWriter, v: bigint): void {
  const m = magnitudeBytes(v < 0n ? -1n - v : v);
  w.u8(v < 0n ? 1 : 0);
  w.varint(m.length);
  w.bytes(m);
}

export function tplReadBigInteger(r: TplReader): bigint {
  const p = r.pos;
  const sign = r.u8();
  if (sign > 1) r.fail(`integer sign octet must be 0 or 1, got ${sign}`, p);
  const q = r.pos;
  const m = r.bytes(r.varint());
  // one encoding per number: no leading zero byte in the magnitude
  if (m.length > 0 && m[0] === 0) r.fail("integer magnitude has a leading zero byte", q);
  const n = magnitudeOf(m);
  return sign === 0 ? n : -1n - n;
}
