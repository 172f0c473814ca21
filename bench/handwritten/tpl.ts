/**
 * A hand-written TPL codec for draft-03's `MimiContent` (the reference the
 * generated codec is measured against; bench/run.ts). It does what the
 * generated one does: every value checked before anything is written, one
 * output allocation, minimal RFC 9420 varints, byte strings as views into
 * the input, strict UTF-8, the draft's depth and count limits, no trailing
 * bytes. It differs in what a person writing one message's codec leaves
 * out: no field path in errors, no options, module-level state.
 */
import type { ExternalPart, inReplyTo, MimiContent, NestablePart } from "../../generated/mimi-content-03/index.js";
import {
  allocOutput,
  arrayOf,
  bytesOf,
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

/** Decoder state. `end`: reads stop here (the input's end, or the end of the vector being read). */
class In {
  p = 0;
  depth = 0;
  end: number;
  /** The input's ArrayBuffer and offset in it, read once (each is a getter) for the views. */
  readonly ab: ArrayBufferLike;
  readonly base: number;
  constructor(readonly b: Uint8Array) {
    this.end = b.length;
    this.ab = b.buffer;
    this.base = b.byteOffset;
  }
}

export function decodeTpl(bytes: Uint8Array): MimiContent {
  const r = new In(bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const v = readMimiContent(r);
  if (r.p !== r.b.length) throw new HandError(`${r.b.length - r.p} trailing bytes`, r.p);
  return v;
}

function truncated(r: In, need: number): never {
  throw new HandError(`truncated: need ${need} bytes`, r.p);
}

function u8(r: In): number {
  const p = r.p;
  if (p >= r.end) truncated(r, 1);
  r.p = p + 1;
  return r.b[p]!;
}

function u16(r: In): number {
  const p = r.p;
  if (p + 2 > r.end) truncated(r, 2);
  r.p = p + 2;
  return (r.b[p]! << 8) | r.b[p + 1]!;
}

function u32(r: In): number {
  const b = r.b;
  const p = r.p;
  if (p + 4 > r.end) truncated(r, 4);
  r.p = p + 4;
  return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
}

function u64(r: In): bigint {
  const hi = u32(r);
  const lo = u32(r);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function varint(r: In): number {
  const b = r.b;
  const p = r.p;
  if (p >= r.end) truncated(r, 1);
  const f = b[p]!;
  if (f < 0x40) {
    r.p = p + 1;
    return f;
  }
  if (f < 0x80) {
    if (p + 2 > r.end) truncated(r, 2);
    const v = ((f & 0x3f) << 8) | b[p + 1]!;
    if (v < 0x40) throw new HandError("non-minimal varint", p);
    r.p = p + 2;
    return v;
  }
  if (f < 0xc0) {
    if (p + 4 > r.end) truncated(r, 4);
    const v = ((f & 0x3f) << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
    if (v < 0x4000) throw new HandError("non-minimal varint", p);
    r.p = p + 4;
    return v;
  }
  throw new HandError("invalid varint prefix", p);
}

function view(r: In, n: number): Uint8Array {
  const p = r.p;
  if (n > r.end - p) truncated(r, n);
  r.p = p + n;
  return new Uint8Array(r.ab, r.base + p, n);
}

function text(r: In, n: number): string {
  const p = r.p;
  if (n > r.end - p) truncated(r, n);
  const s = readText(r.b, p, p + n);
  r.p = p + n;
  return s;
}

function presence(r: In): boolean {
  const v = u8(r);
  if (v > 1) throw new HandError("presence byte must be 0 or 1", r.p - 1);
  return v === 1;
}

/** A `<V>` vector's length, checked against what is left; returns its end. */
function vectorEnd(r: In): number {
  const at = r.p;
  const n = varint(r);
  if (n > r.end - r.p) throw new HandError(`length ${n} exceeds the remaining bytes`, at);
  return r.p + n;
}

function readMimiContent(r: In): MimiContent {
  const replaces = presence(r) ? view(r, 32) : null;
  const topicId = view(r, varint(r));
  const expires = u32(r);
  const inReplyTo = presence(r) ? readInReplyTo(r) : null;
  let e = vectorEnd(r);
  let saved = r.end;
  r.end = e;
  const lastSeen: Uint8Array[] = [];
  while (r.p < e) {
    lastSeen.push(view(r, 32));
    if (lastSeen.length > MAX_COUNT) throw new HandError("too many elements", r.p);
  }
  r.end = saved;
  e = vectorEnd(r);
  saved = r.end;
  r.end = e;
  const extensions = new Map<string, Uint8Array>();
  while (r.p < e) {
    const at = r.p;
    const kl = u8(r);
    if (kl === 0) throw new HandError("extension name of length 0", at);
    const key = text(r, kl);
    if (extensions.has(key)) throw new HandError("duplicate map key", at);
    extensions.set(key, view(r, u16(r)));
    if (extensions.size > MAX_COUNT) throw new HandError("too many entries", at);
  }
  r.end = saved;
  const body = readPart(r);
  return { replaces, topicId, expires, inReplyTo, lastSeen, extensions, body };
}

function readInReplyTo(r: In): inReplyTo {
  const message = view(r, 32);
  const h = u8(r);
  if (h > 1) throw new HandError("unknown HashAlgorithm", r.p - 1);
  return { message, hashAlg: HASH_ALGS[h]!, replyToHash: view(r, varint(r)) };
}

function readPart(r: In): NestablePart {
  if (++r.depth > MAX_DEPTH) throw new HandError("nesting too deep", r.p);
  const d = u8(r);
  if (d > 8) throw new HandError("unknown Disposition", r.p - 1);
  const disposition = DISPOSITIONS[d]!;
  const language = text(r, varint(r));
  const partIndex = u16(r);
  const c = u8(r);
  let v: NestablePart;
  switch (c) {
    case 0:
      v = { disposition, language, partIndex, cardinality: "null" };
      break;
    case 1: {
      const contentType = text(r, varint(r));
      v = { disposition, language, partIndex, cardinality: "single", part: { contentType, content: view(r, varint(r)) } };
      break;
    }
    case 2:
      v = { disposition, language, partIndex, cardinality: "external", part: readExternal(r) };
      break;
    case 3: {
      const s = u8(r);
      if (s > 2) throw new HandError("unknown MultiplePartSemantics", r.p - 1);
      const e = vectorEnd(r);
      const saved = r.end;
      r.end = e;
      const parts: NestablePart[] = [];
      while (r.p < e) {
        parts.push(readPart(r));
        if (parts.length > MAX_COUNT) throw new HandError("too many parts", r.p);
      }
      r.end = saved;
      v = { disposition, language, partIndex, cardinality: "multi", partSemantics: SEMANTICS[s]!, parts };
      break;
    }
    default:
      throw new HandError("unknown PartCardinality", r.p - 1);
  }
  r.depth--;
  return v;
}

function readExternal(r: In): ExternalPart {
  const contentType = text(r, varint(r));
  const url = text(r, varint(r));
  const expires = u32(r);
  const size = u64(r);
  const encAlg = u16(r);
  const key = view(r, varint(r));
  const nonce = view(r, varint(r));
  const aad = view(r, varint(r));
  const h = u8(r);
  if (h > 1) throw new HandError("unknown HashAlgorithm", r.p - 1);
  const contentHash = view(r, varint(r));
  const description = text(r, varint(r));
  return { contentType, url, expires, size, encAlg, key, nonce, aad, hashAlg: HASH_ALGS[h]!, contentHash, description };
}

// ------------------------------------------------------------------ encode

/** Size pass -> write pass: text lengths and vector lengths, in write order. */
const lens: number[] = [];
let ln = 0;
let li = 0;
let edepth = 0;
let out: Uint8Array = new Uint8Array(0);
let q = 0;

export function encodeTpl(v: MimiContent): Uint8Array {
  const n = measure(v);
  out = allocOutput(n);
  q = 0;
  writeMimiContent(v);
  if (q !== n) throw new HandError("the value changed while it was written", -1);
  return out;
}

export function encodeTplInto(v: MimiContent, buffer: Uint8Array, offset: number): number {
  const n = measure(v);
  if (offset < 0 || offset + n > buffer.length) throw new HandError("buffer too small", offset);
  out = buffer;
  q = offset;
  writeMimiContent(v);
  if (q !== offset + n) throw new HandError("the value changed while it was written", -1);
  return q;
}

export function measure(v: MimiContent): number {
  ln = 0;
  li = 0;
  edepth = 0;
  return sizeMimiContent(v);
}

function varintSize(n: number): number {
  if (n > 0x3fffffff) throw new HandError("too long for a varint", -1);
  return n < 0x40 ? 1 : n < 0x4000 ? 2 : 4;
}

function id32(v: unknown): void {
  if (bytesOf(v).length !== 32) throw new HandError("a MessageId has 32 bytes", -1);
}

function opaqueSize(v: unknown): number {
  const n = bytesOf(v).length;
  return varintSize(n) + n;
}

function textSize(v: unknown): number {
  const n = textLength(v);
  lens[ln++] = n;
  return varintSize(n) + n;
}

function sizeMimiContent(v: unknown): number {
  const o = objectOf(v);
  let n = 6; // presence x2, expires
  if (o.replaces !== null) {
    id32(o.replaces);
    n += 32;
  }
  n += opaqueSize(o.topicId);
  uintOf(o.expires, 0xffffffff);
  if (o.inReplyTo !== null) {
    const r = objectOf(o.inReplyTo);
    id32(r.message);
    hashAlgWire(r.hashAlg);
    n += 33 + opaqueSize(r.replyToHash);
  }
  const ls = arrayOf(o.lastSeen);
  for (let i = 0; i < ls.length; i++) id32(ls[i]);
  n += varintSize(ls.length * 32) + ls.length * 32;
  const m = mapOf(o.extensions);
  const slot = ln++;
  let c = 0;
  for (const [k, x] of m) {
    const kl = textLength(k);
    if (kl < 1 || kl > 255) throw new HandError("extension name of 1..255 bytes", -1);
    lens[ln++] = kl;
    const xl = bytesOf(x).length;
    if (xl > 0xffff) throw new HandError("extension value of 0..65535 bytes", -1);
    c += 3 + kl + xl;
  }
  lens[slot] = c;
  return n + varintSize(c) + c + sizePart(o.body);
}

function sizePart(v: unknown): number {
  if (++edepth > MAX_DEPTH) throw new HandError("nesting too deep", -1);
  const o = objectOf(v);
  dispositionWire(o.disposition, 8);
  let n = 4 + textSize(o.language); // disposition, partIndex, cardinality
  uintOf(o.partIndex, 0xffff);
  switch (cardinalityWire(o.cardinality)) {
    case 1: {
      const s = objectOf(o.part);
      n += textSize(s.contentType) + opaqueSize(s.content);
      break;
    }
    case 2:
      n += sizeExternal(o.part);
      break;
    case 3: {
      semanticsWire(o.partSemantics);
      const parts = arrayOf(o.parts);
      const slot = ln++;
      let c = 0;
      for (let i = 0; i < parts.length; i++) c += sizePart(parts[i]);
      lens[slot] = c;
      n += 1 + varintSize(c) + c;
      break;
    }
  }
  edepth--;
  return n;
}

function sizeExternal(v: unknown): number {
  const o = objectOf(v);
  let n = textSize(o.contentType) + textSize(o.url) + 15; // expires, size, encAlg, hashAlg
  uintOf(o.expires, 0xffffffff);
  u64Of(o.size);
  uintOf(o.encAlg, 0xffff);
  n += opaqueSize(o.key) + opaqueSize(o.nonce) + opaqueSize(o.aad);
  hashAlgWire(o.hashAlg);
  return n + opaqueSize(o.contentHash) + textSize(o.description);
}

function putVarint(n: number): void {
  if (n < 0x40) out[q++] = n;
  else if (n < 0x4000) {
    out[q] = 0x40 | (n >>> 8);
    out[q + 1] = n;
    q += 2;
  } else {
    out[q] = 0x80 | (n >>> 24);
    out[q + 1] = n >>> 16;
    out[q + 2] = n >>> 8;
    out[q + 3] = n;
    q += 4;
  }
}

function put16(n: number): void {
  out[q] = n >>> 8;
  out[q + 1] = n;
  q += 2;
}

function put32(n: number): void {
  out[q] = n >>> 24;
  out[q + 1] = n >>> 16;
  out[q + 2] = n >>> 8;
  out[q + 3] = n;
  q += 4;
}

function putBytes(x: Uint8Array): void {
  const n = x.length;
  if (n > 16) out.set(x, q);
  else for (let i = 0; i < n; i++) out[q + i] = x[i]!;
  q += n;
}

function putOpaque(x: Uint8Array): void {
  putVarint(x.length);
  putBytes(x);
}

function putText(s: string): void {
  const n = lens[li++]!;
  putVarint(n);
  q = writeText(out, q, s, n);
}

function writeMimiContent(v: MimiContent): void {
  if (v.replaces === null) out[q++] = 0;
  else {
    out[q++] = 1;
    putBytes(v.replaces);
  }
  putOpaque(v.topicId);
  put32(v.expires);
  if (v.inReplyTo === null) out[q++] = 0;
  else {
    out[q++] = 1;
    putBytes(v.inReplyTo.message);
    out[q++] = hashAlgWire(v.inReplyTo.hashAlg);
    putOpaque(v.inReplyTo.replyToHash);
  }
  putVarint(v.lastSeen.length * 32);
  for (const x of v.lastSeen) putBytes(x);
  putVarint(lens[li++]!);
  for (const [k, x] of v.extensions) {
    const kl = lens[li++]!;
    out[q++] = kl;
    q = writeText(out, q, k, kl);
    put16(x.length);
    putBytes(x);
  }
  writePart(v.body);
}

function writePart(v: NestablePart): void {
  out[q++] = dispositionWire(v.disposition, 8);
  putText(v.language);
  put16(v.partIndex);
  switch (v.cardinality) {
    case "null":
      out[q++] = 0;
      break;
    case "single":
      out[q++] = 1;
      putText(v.part.contentType);
      putOpaque(v.part.content);
      break;
    case "external":
      out[q++] = 2;
      writeExternal(v.part);
      break;
    case "multi":
      out[q++] = 3;
      out[q++] = semanticsWire(v.partSemantics);
      putVarint(lens[li++]!);
      for (const x of v.parts) writePart(x);
      break;
  }
}

function writeExternal(v: ExternalPart): void {
  putText(v.contentType);
  putText(v.url);
  put32(v.expires);
  put32(Number(v.size >> 32n));
  put32(Number(v.size & 0xffffffffn));
  put16(v.encAlg);
  putOpaque(v.key);
  putOpaque(v.nonce);
  putOpaque(v.aad);
  out[q++] = hashAlgWire(v.hashAlg);
  putOpaque(v.contentHash);
  putText(v.description);
}
