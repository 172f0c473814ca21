/**
 * What both hand-written reference codecs share: their error, the output
 * allocation, UTF-8 and the value checks. Written for this benchmark alone
 * (no import from src/runtime), the way a careful engineer would write one
 * message's codec by hand: small functions the JIT inlines, no per-field
 * bookkeeping, errors with an offset but no field path.
 */

/** A decode (offset >= 0) or encode (offset -1) failure. */
export class HandError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
  }
}

/** The draft's limits, as the generated module's DOCUMENT_LIMITS: 4 levels of parts, 1024 elements per vector or map. */
export const MAX_DEPTH = 4;
export const MAX_COUNT = 1024;

type Allocator = { allocUnsafeSlow(n: number): Uint8Array };
const B = (globalThis as { Buffer?: Allocator }).Buffer;

/** One output per message, whose ArrayBuffer is exactly it; uninitialised from 8 KiB (the write fills every byte). */
export function allocOutput(n: number): Uint8Array {
  if (n >= 8192 && B !== undefined) {
    const b = B.allocUnsafeSlow(n);
    return new Uint8Array(b.buffer, b.byteOffset, n);
  }
  return new Uint8Array(n);
}

// ---- UTF-8

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
const byteLength = (globalThis as { Buffer?: { byteLength(s: string): number } }).Buffer?.byteLength;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** UTF-8 length of a string, which must have no lone surrogate (UTF-8 cannot encode one). */
export function textLength(v: unknown): number {
  if (typeof v !== "string") throw new HandError("expected a string", -1);
  const n = v.length;
  let len = n;
  if (n > 8 && byteLength !== undefined) len = byteLength(v); // a fast native call, cheaper than the loop beyond a few characters
  else {
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80) len += c < 0x800 ? 1 : 2; // a surrogate pair: 2 + 2 = 4 bytes
    }
  }
  if (len !== n && LONE_SURROGATE.test(v)) throw new HandError("lone surrogate", -1);
  return len;
}

/** Writes `s` (UTF-8 length `len`) at `p`; returns the end. */
export function writeText(b: Uint8Array, p: number, s: string, len: number): number {
  const n = s.length;
  if (len === n) {
    // ASCII, four characters a step
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      b[p + i] = s.charCodeAt(i);
      b[p + i + 1] = s.charCodeAt(i + 1);
      b[p + i + 2] = s.charCodeAt(i + 2);
      b[p + i + 3] = s.charCodeAt(i + 3);
    }
    for (; i < n; i++) b[p + i] = s.charCodeAt(i);
    return p + n;
  }
  encoder.encodeInto(s, b.subarray(p, p + len));
  return p + len;
}

const fcc = String.fromCharCode;
/** Strict UTF-8 of b[start..end): ASCII up to 64 bytes in JS (8, then 4, 2, 1 characters a call); the rest by the fatal TextDecoder. */
export function readText(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let out = "";
    let i = start;
    for (; i + 8 <= end; i += 8) {
      const c0 = b[i]!, c1 = b[i + 1]!, c2 = b[i + 2]!, c3 = b[i + 3]!, c4 = b[i + 4]!, c5 = b[i + 5]!, c6 = b[i + 6]!, c7 = b[i + 7]!;
      if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) & 0x80) break;
      out += fcc(c0, c1, c2, c3, c4, c5, c6, c7);
    }
    if (i + 4 <= end && ((b[i]! | b[i + 1]! | b[i + 2]! | b[i + 3]!) & 0x80) === 0) {
      out += fcc(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
      i += 4;
    }
    if (i + 2 <= end && ((b[i]! | b[i + 1]!) & 0x80) === 0) {
      out += fcc(b[i]!, b[i + 1]!);
      i += 2;
    }
    if (i < end && (b[i]! & 0x80) === 0) {
      out += fcc(b[i]!);
      i++;
    }
    if (i === end) return out;
  }
  try {
    return decoder.decode(b.subarray(start, end));
  } catch {
    throw new HandError("invalid UTF-8", start);
  }
}

// ---- value checks (encode side)

export function bytesOf(v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new HandError("expected bytes", -1);
  return v;
}

export function uintOf(v: unknown, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new HandError("integer out of range", -1);
  return v;
}

export function u64Of(v: unknown): bigint {
  if (typeof v !== "bigint" || v < 0n || v > 0xffffffffffffffffn) throw new HandError("expected a uint64 bigint", -1);
  return v;
}

export function objectOf(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new HandError("expected an object", -1);
  return v as Record<string, unknown>;
}

export function arrayOf(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new HandError("expected an array", -1);
  if (v.length > MAX_COUNT) throw new HandError("too many elements", -1);
  return v;
}

export function mapOf(v: unknown): Map<unknown, unknown> {
  if (!(v instanceof Map)) throw new HandError("expected a Map", -1);
  if (v.size > MAX_COUNT) throw new HandError("too many entries", -1);
  return v;
}

/** Enum values by name, or (where the enum allows) by number. */
export function hashAlgWire(v: unknown): number {
  if (v === "none" || v === 0) return 0;
  if (v === "sha256" || v === 1) return 1;
  throw new HandError("not a HashAlgorithm", -1);
}

export const HASH_ALGS = ["none", "sha256"] as const;
export const SEMANTICS = ["chooseOne", "singleUnit", "processAll"] as const;
export const DISPOSITIONS = ["unspecified", "render", "reaction", "profile", "inline", "icon", "attachment", "session", "preview"] as const;

export function semanticsWire(v: unknown): number {
  switch (v) {
    case "chooseOne":
      return 0;
    case "singleUnit":
      return 1;
    case "processAll":
      return 2;
  }
  if (v === 0 || v === 1 || v === 2) return v;
  throw new HandError("not a MultiplePartSemantics", -1);
}

/** Disposition: TPL's enum is closed (0..8); CBOR's is open (`maxOpen` 255). */
export function dispositionWire(v: unknown, maxOpen: number): number {
  switch (v) {
    case "unspecified":
      return 0;
    case "render":
      return 1;
    case "reaction":
      return 2;
    case "profile":
      return 3;
    case "inline":
      return 4;
    case "icon":
      return 5;
    case "attachment":
      return 6;
    case "session":
      return 7;
    case "preview":
      return 8;
  }
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= maxOpen) return v;
  throw new HandError("not a Disposition", -1);
}

/** The cardinality selects the case: by name only. */
export function cardinalityWire(v: unknown): number {
  switch (v) {
    case "null":
      return 0;
    case "single":
      return 1;
    case "external":
      return 2;
    case "multi":
      return 3;
  }
  throw new HandError("not a PartCardinality", -1);
}

export const CARDINALITIES = ["null", "single", "external", "multi"] as const;
