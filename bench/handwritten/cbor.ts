/**
 * A hand-written CBOR codec for draft-03's `MimiContent` as its CDDL
 * defines it (records as arrays in field order, the select's fields inline,
 * the url tag 32): the reference for the generated CBOR codec (bench/run.ts).
 * Like the generated one it checks every value before writing, writes
 * preferred serialization with the extension map's keys in RFC 8949 §4.2.1
 * order into one allocation, and decodes with full validation: well-formed
 * heads (any width, indefinite lengths), item types, ranges, enum values,
 * lengths, strict UTF-8, duplicate keys, the draft's depth and count limits,
 * no trailing bytes. No field paths, no options.
 */
import type { ExternalPart, inReplyTo, MimiContent, NestablePart } from "../../generated/mimi-content-03/index.js";
import {
  allocOutput,
  arrayOf,
  bytesOf,
  CARDINALITIES,
  cardinalityWire,
  DISPOSITIONS,
  dispositionWire,
  HandError,
  HASH_ALGS,
  hashAlgWire,
  mapOf,
  MAX_COUNT,
  MAX_DEPTH,
  objectOf,
  readText,
  SEMANTICS,
  semanticsWire,
  textLength,
  u64Of,
  uintOf,
  writeText,
} from "./common.js";

// ------------------------------------------------------------------ decode

let b: Uint8Array = new Uint8Array(0);
/** The input's ArrayBuffer and offset in it, read once (each is a getter) for the views. */
let ab: ArrayBufferLike = b.buffer;
let base = 0;
let p = 0;
let depth = 0;
/** High and low halves of the last 8-byte argument (for the uint64 field). */
let argHi = 0;
let argLo = 0;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const BREAK = 0xff;
const NULL = 0xf6;

export function decodeCbor(bytes: Uint8Array): MimiContent {
  b = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  ab = b.buffer;
  base = b.byteOffset;
  p = 0;
  depth = 0;
  const v = readMimiContent();
  if (p !== b.length) throw new HandError(`${b.length - p} trailing bytes`, p);
  return v;
}

/** The argument of the head at `p` (major type `major`), `p` moved past it; -1 for an indefinite length. */
function head(major: number): number {
  if (p >= b.length) throw new HandError("unexpected end of input", p);
  const ib = b[p]!;
  if (ib >>> 5 !== major) throw new HandError(`expected major type ${major}`, p);
  const ai = ib & 31;
  if (ai < 24) {
    p++;
    return ai;
  }
  return longArgument(major, ai);
}

function longArgument(major: number, ai: number): number {
  const at = p;
  let n: number;
  if (ai === 24) {
    if (at + 2 > b.length) throw new HandError("truncated head", at);
    n = b[at + 1]!;
    p = at + 2;
  } else if (ai === 25) {
    if (at + 3 > b.length) throw new HandError("truncated head", at);
    n = (b[at + 1]! << 8) | b[at + 2]!;
    p = at + 3;
  } else if (ai === 26) {
    if (at + 5 > b.length) throw new HandError("truncated head", at);
    n = b[at + 1]! * 0x1000000 + ((b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!);
    p = at + 5;
  } else if (ai === 27) {
    if (at + 9 > b.length) throw new HandError("truncated head", at);
    argHi = b[at + 1]! * 0x1000000 + ((b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!);
    argLo = b[at + 5]! * 0x1000000 + ((b[at + 6]! << 16) | (b[at + 7]! << 8) | b[at + 8]!);
    n = argHi * 4294967296 + argLo;
    p = at + 9;
  } else if (ai === 31 && major >= 2 && major <= 5) {
    p = at + 1;
    return -1;
  } else throw new HandError("reserved or invalid additional information", at);
  return n;
}

function uint(max: number): number {
  const at = p;
  if (at < b.length && b[at]! < 24) {
    p++;
    if (b[at]! > max) throw new HandError("integer out of range", at);
    return b[at]!;
  }
  const n = head(0);
  if (n > MAX_SAFE || n > max) throw new HandError("integer out of range", at);
  return n;
}

function uint64(): bigint {
  const n = head(0);
  return n <= MAX_SAFE ? BigInt(n) : (BigInt(argHi) << 32n) | BigInt(argLo);
}

/** A byte or text string's length, checked against the rest of the input; -1 for an indefinite one (read by chunks). */
function stringLength(major: number): number {
  const at = p;
  const n = head(major);
  if (n > b.length - p) throw new HandError("string longer than the input", at);
  return n;
}

function bytes(): Uint8Array {
  const n = stringLength(2);
  if (n < 0) return joinedBytes();
  const v = new Uint8Array(ab, base + p, n);
  p += n;
  return v;
}

/** UTF-8 bytes of the last text read (the extension names' bounds are in bytes). */
let textBytes = 0;

function text(): string {
  const n = stringLength(3);
  if (n < 0) return joinedText();
  const s = readText(b, p, p + n);
  p += n;
  textBytes = n;
  return s;
}

/** Chunks of an indefinite-length string: definite strings of the same major type until the break. */
function chunks(major: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (;;) {
    if (p >= b.length) throw new HandError("unterminated indefinite-length string", p);
    if (b[p] === BREAK) {
      p++;
      return out;
    }
    const n = stringLength(major);
    if (n < 0) throw new HandError("nested indefinite-length string", p - 1);
    out.push([p, n]);
    p += n;
  }
}

function joinedBytes(): Uint8Array {
  const cs = chunks(2);
  const v = new Uint8Array(cs.reduce((t, c) => t + c[1], 0));
  let at = 0;
  for (const [s, n] of cs) {
    v.set(b.subarray(s, s + n), at);
    at += n;
  }
  return v;
}

function joinedText(): string {
  let s = "";
  textBytes = 0;
  for (const [start, n] of chunks(3)) {
    s += readText(b, start, start + n);
    textBytes += n;
  }
  return s;
}

/** Is there another item for field `k` of an array of `n` items (-1: indefinite)? */
function item(n: number, k: number): void {
  if (n >= 0) {
    if (k >= n) throw new HandError("array too short", p);
  } else if (p >= b.length) throw new HandError("unexpected end of input", p);
  else if (b[p] === BREAK) throw new HandError("array too short", p);
}

function arrayEnd(n: number, k: number, at: number): void {
  if (n >= 0) {
    if (k !== n) throw new HandError(`array has ${n} items, expected ${k}`, at);
  } else {
    if (p >= b.length || b[p] !== BREAK) throw new HandError("array too long", at);
    p++;
  }
}

function arrayHead(): number {
  const at = p;
  const n = head(4);
  if (n > b.length - p) throw new HandError("array count beyond the input", at);
  return n;
}

/** A vector's next element? (definite: i < n; indefinite: until the break, counting.) */
function more(n: number, i: number, at: number): boolean {
  if (n >= 0) return i < n;
  if (p >= b.length) throw new HandError("unexpected end of input", p);
  if (b[p] === BREAK) {
    p++;
    return false;
  }
  if (i >= MAX_COUNT) throw new HandError("too many items", at);
  return true;
}

function countLimit(n: number, at: number): void {
  if (n > MAX_COUNT) throw new HandError("too many items", at);
}

function id32(): Uint8Array {
  const at = p;
  const v = bytes();
  if (v.length !== 32) throw new HandError("a MessageId has 32 bytes", at);
  return v;
}

function readMimiContent(): MimiContent {
  const start = p;
  const n = arrayHead();
  item(n, 0);
  let replaces: Uint8Array | null = null;
  if (b[p] === NULL) p++;
  else replaces = id32();
  item(n, 1);
  const topicId = bytes();
  item(n, 2);
  const expires = uint(0xffffffff);
  item(n, 3);
  let inReplyTo: inReplyTo | null = null;
  if (b[p] === NULL) p++;
  else inReplyTo = readInReplyTo();
  item(n, 4);
  let at = p;
  const ln = arrayHead();
  countLimit(ln, at);
  const lastSeen: Uint8Array[] = [];
  for (let i = 0; more(ln, i, at); i++) lastSeen.push(id32());
  item(n, 5);
  at = p;
  const mn = head(5);
  if (mn * 2 > b.length - p) throw new HandError("map count beyond the input", at);
  countLimit(mn, at);
  const extensions = new Map<string, Uint8Array>();
  for (let i = 0; more(mn, i, at); i++) {
    const ks = p;
    const key = text();
    if (textBytes < 1 || textBytes > 255) throw new HandError("extension name of 1..255 bytes", ks);
    if (extensions.has(key)) throw new HandError("duplicate map key", ks);
    const vs = p;
    const value = bytes();
    if (value.length > 4095) throw new HandError("extension value of 0..4095 bytes", vs);
    extensions.set(key, value);
  }
  item(n, 6);
  const body = readPart();
  arrayEnd(n, 7, start);
  return { replaces, topicId, expires, inReplyTo, lastSeen, extensions, body };
}

function readInReplyTo(): inReplyTo {
  const start = p;
  const n = arrayHead();
  item(n, 0);
  const message = id32();
  item(n, 1);
  const hashAlg = HASH_ALGS[uint(1)]!;
  item(n, 2);
  const replyToHash = bytes();
  arrayEnd(n, 3, start);
  return { message, hashAlg, replyToHash };
}

function readPart(): NestablePart {
  if (++depth > MAX_DEPTH) throw new HandError("nesting too deep", p);
  const start = p;
  const n = arrayHead();
  item(n, 0);
  const d = uint(255);
  const disposition = d <= 8 ? DISPOSITIONS[d]! : d;
  item(n, 1);
  const language = text();
  item(n, 2);
  const partIndex = uint(0xffff);
  item(n, 3);
  const c = uint(3);
  let v: NestablePart;
  let k = 4;
  switch (CARDINALITIES[c]) {
    case "null":
      v = { disposition, language, partIndex, cardinality: "null" };
      break;
    case "single": {
      item(n, k++);
      const contentType = text();
      item(n, k++);
      v = { disposition, language, partIndex, cardinality: "single", part: { contentType, content: bytes() } };
      break;
    }
    case "external":
      v = { disposition, language, partIndex, cardinality: "external", part: readExternal(n) };
      k += 11;
      break;
    default: {
      item(n, k++);
      const partSemantics = SEMANTICS[uint(2)]!;
      item(n, k++);
      const at = p;
      const pn = arrayHead();
      countLimit(pn, at);
      const parts: NestablePart[] = [];
      for (let i = 0; more(pn, i, at); i++) parts.push(readPart());
      if (parts.length < 2) throw new HandError("a multipart has at least 2 parts", at);
      v = { disposition, language, partIndex, cardinality: "multi", partSemantics, parts };
    }
  }
  arrayEnd(n, k, start);
  depth--;
  return v;
}

function readExternal(n: number): ExternalPart {
  item(n, 4);
  const contentType = text();
  item(n, 5);
  const at = p;
  if (head(6) !== 32) throw new HandError("expected tag 32", at);
  const url = text();
  item(n, 6);
  const expires = uint(0xffffffff);
  item(n, 7);
  const size = uint64();
  item(n, 8);
  const encAlg = uint(0xffff);
  item(n, 9);
  const key = bytes();
  item(n, 10);
  const nonce = bytes();
  item(n, 11);
  const aad = bytes();
  item(n, 12);
  const hashAlg = HASH_ALGS[uint(1)]!;
  item(n, 13);
  const contentHash = bytes();
  item(n, 14);
  return { contentType, url, expires, size, encAlg, key, nonce, aad, hashAlg, contentHash, description: text() };
}

// ------------------------------------------------------------------ encode

/** Size pass -> write pass: text lengths in write order, and the extension entries in key order. */
const lens: number[] = [];
let ln = 0;
let li = 0;
let edepth = 0;
let entries: Array<[string, Uint8Array, number]> = [];
let out: Uint8Array = new Uint8Array(0);
let q = 0;

export function encodeCbor(v: MimiContent): Uint8Array {
  const n = measure(v);
  out = allocOutput(n);
  q = 0;
  writeMimiContent(v);
  if (q !== n) throw new HandError("the value changed while it was written", -1);
  return out;
}

export function encodeCborInto(v: MimiContent, buffer: Uint8Array, offset: number): number {
  const n = measure(v);
  if (offset < 0 || offset + n > buffer.length) throw new HandError("buffer too small", offset);
  out = buffer;
  q = offset;
  writeMimiContent(v);
  if (q !== offset + n) throw new HandError("the value changed while it was written", -1);
  return q;
}

function measure(v: MimiContent): number {
  ln = 0;
  li = 0;
  edepth = 0;
  return sizeMimiContent(v);
}

function headSize(n: number): number {
  return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 4294967296 ? 5 : 9;
}

function u64Size(v: bigint): number {
  return v <= 0xffffffffn ? headSize(Number(v)) : 9;
}

function bstrSize(v: unknown): number {
  const n = bytesOf(v).length;
  return headSize(n) + n;
}

function tstrSize(v: unknown): number {
  const n = textLength(v);
  lens[ln++] = n;
  return headSize(n) + n;
}

function id32Size(v: unknown): number {
  if (bytesOf(v).length !== 32) throw new HandError("a MessageId has 32 bytes", -1);
  return 34;
}

/** RFC 8949 §4.2.1 order of text keys: by encoded length, then by UTF-8 bytes (code points). */
function keyOrder(a: [string, Uint8Array, number], c: [string, Uint8Array, number]): number {
  if (a[2] !== c[2]) return a[2] - c[2];
  const x = a[0];
  const y = c[0];
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    const u = x.codePointAt(i)!;
    const w = y.codePointAt(j)!;
    if (u !== w) return u - w;
    i += u > 0xffff ? 2 : 1;
    j += w > 0xffff ? 2 : 1;
  }
  return 0;
}

function sizeMimiContent(v: unknown): number {
  const o = objectOf(v);
  let n = 1; // array(7)
  n += o.replaces === null ? 1 : id32Size(o.replaces);
  n += bstrSize(o.topicId);
  n += headSize(uintOf(o.expires, 0xffffffff));
  if (o.inReplyTo === null) n += 1;
  else {
    const r = objectOf(o.inReplyTo);
    n += 1 + id32Size(r.message) + 1 + bstrSize(r.replyToHash);
    hashAlgWire(r.hashAlg);
  }
  const ls = arrayOf(o.lastSeen);
  n += headSize(ls.length);
  for (let i = 0; i < ls.length; i++) n += id32Size(ls[i]);
  const m = mapOf(o.extensions);
  n += headSize(m.size);
  const es: Array<[string, Uint8Array, number]> = [];
  for (const [k, x] of m) {
    const kl = textLength(k);
    if (kl < 1 || kl > 255) throw new HandError("extension name of 1..255 bytes", -1);
    const xl = bytesOf(x).length;
    if (xl > 4095) throw new HandError("extension value of 0..4095 bytes", -1);
    n += headSize(kl) + kl + headSize(xl) + xl;
    es.push([k as string, x as Uint8Array, kl]);
  }
  if (es.length > 1) es.sort(keyOrder);
  entries = es;
  return n + sizePart(o.body);
}

function sizePart(v: unknown): number {
  if (++edepth > MAX_DEPTH) throw new HandError("nesting too deep", -1);
  const o = objectOf(v);
  let n = 2 + headSize(dispositionWire(o.disposition, 255)) + tstrSize(o.language) + headSize(uintOf(o.partIndex, 0xffff)); // array head, cardinality
  switch (cardinalityWire(o.cardinality)) {
    case 1: {
      const s = objectOf(o.part);
      n += tstrSize(s.contentType) + bstrSize(s.content);
      break;
    }
    case 2:
      n += sizeExternal(o.part);
      break;
    case 3: {
      semanticsWire(o.partSemantics);
      const parts = arrayOf(o.parts);
      if (parts.length < 2) throw new HandError("a multipart has at least 2 parts", -1);
      n += 1 + headSize(parts.length);
      for (let i = 0; i < parts.length; i++) n += sizePart(parts[i]);
      break;
    }
  }
  edepth--;
  return n;
}

function sizeExternal(v: unknown): number {
  const o = objectOf(v);
  let n = tstrSize(o.contentType) + 2 + tstrSize(o.url);
  n += headSize(uintOf(o.expires, 0xffffffff)) + u64Size(u64Of(o.size)) + headSize(uintOf(o.encAlg, 0xffff));
  n += bstrSize(o.key) + bstrSize(o.nonce) + bstrSize(o.aad) + 1 + bstrSize(o.contentHash);
  hashAlgWire(o.hashAlg);
  return n + tstrSize(o.description);
}

function putHead(major: number, n: number): void {
  const m = major << 5;
  if (n < 24) out[q++] = m | n;
  else if (n < 0x100) {
    out[q] = m | 24;
    out[q + 1] = n;
    q += 2;
  } else if (n < 0x10000) {
    out[q] = m | 25;
    out[q + 1] = n >>> 8;
    out[q + 2] = n;
    q += 3;
  } else if (n < 4294967296) {
    out[q] = m | 26;
    out[q + 1] = n >>> 24;
    out[q + 2] = n >>> 16;
    out[q + 3] = n >>> 8;
    out[q + 4] = n;
    q += 5;
  } else putHead64(m, BigInt(n));
}

function putHead64(m: number, n: bigint): void {
  out[q] = m | 27;
  const hi = Number(n >> 32n);
  const lo = Number(n & 0xffffffffn);
  out[q + 1] = hi >>> 24;
  out[q + 2] = hi >>> 16;
  out[q + 3] = hi >>> 8;
  out[q + 4] = hi;
  out[q + 5] = lo >>> 24;
  out[q + 6] = lo >>> 16;
  out[q + 7] = lo >>> 8;
  out[q + 8] = lo;
  q += 9;
}

function putBstr(x: Uint8Array): void {
  const n = x.length;
  putHead(2, n);
  if (n > 16) out.set(x, q);
  else for (let i = 0; i < n; i++) out[q + i] = x[i]!;
  q += n;
}

function putTstr(s: string): void {
  const n = lens[li++]!;
  putHead(3, n);
  q = writeText(out, q, s, n);
}

function writeMimiContent(v: MimiContent): void {
  out[q++] = 0x87;
  if (v.replaces === null) out[q++] = NULL;
  else putBstr(v.replaces);
  putBstr(v.topicId);
  putHead(0, v.expires);
  if (v.inReplyTo === null) out[q++] = NULL;
  else {
    out[q++] = 0x83;
    putBstr(v.inReplyTo.message);
    out[q++] = hashAlgWire(v.inReplyTo.hashAlg);
    putBstr(v.inReplyTo.replyToHash);
  }
  putHead(4, v.lastSeen.length);
  for (const x of v.lastSeen) putBstr(x);
  putHead(5, entries.length);
  for (const [k, x, kl] of entries) {
    putHead(3, kl);
    q = writeText(out, q, k, kl);
    putBstr(x);
  }
  writePart(v.body);
}

function writePart(v: NestablePart): void {
  switch (v.cardinality) {
    case "null":
      out[q++] = 0x84;
      break;
    case "external":
      out[q++] = 0x8f;
      break;
    default:
      out[q++] = 0x86;
  }
  putHead(0, dispositionWire(v.disposition, 255));
  putTstr(v.language);
  putHead(0, v.partIndex);
  switch (v.cardinality) {
    case "null":
      out[q++] = 0;
      break;
    case "single":
      out[q++] = 1;
      putTstr(v.part.contentType);
      putBstr(v.part.content);
      break;
    case "external":
      out[q++] = 2;
      writeExternal(v.part);
      break;
    case "multi":
      out[q++] = 3;
      out[q++] = semanticsWire(v.partSemantics);
      putHead(4, v.parts.length);
      for (const x of v.parts) writePart(x);
      break;
  }
}

function writeExternal(v: ExternalPart): void {
  putTstr(v.contentType);
  out[q] = 0xd8;
  out[q + 1] = 32;
  q += 2;
  putTstr(v.url);
  putHead(0, v.expires);
  if (v.size > 0xffffffffn) putHead64(0, v.size);
  else putHead(0, Number(v.size));
  putHead(0, v.encAlg);
  putBstr(v.key);
  putBstr(v.nonce);
  putBstr(v.aad);
  out[q++] = hashAlgWire(v.hashAlg);
  putBstr(v.contentHash);
  putTstr(v.description);
}
