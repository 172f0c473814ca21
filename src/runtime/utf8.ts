/**
 * UTF-8 for TLS `opaque` text fields. Short strings go through plain JS loops
 * because a native TextEncoder/TextDecoder call costs ~70ns of fixed overhead;
 * long ones go native. Decoding is strict (fatal): no replacement characters.
 */
import { CodecError } from "./codec-error.js";

const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is content, not a marker to strip silently.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Up to these lengths the JS loop beats the native call (measured on Node 20:
// Buffer.byteLength costs ~30 ns whatever the length, the loop ~3 ns a unit;
// Buffer#latin1Write ~85-120 ns, the unrolled ASCII loop ~2.3 ns a character).
const SHORT_ENCODE = 64;
const SHORT_LENGTH = 8;
const SHORT_ASCII_WRITE = 40;

// Node's native counter is ~10x faster on long strings and counts lone
// surrogates as 3 bytes like TextEncoder; absent elsewhere, so feature-detect.
const NodeBuffer = (globalThis as { Buffer?: { byteLength?: (s: string) => number } }).Buffer;
const nativeByteLength: ((s: string) => number) | null = NodeBuffer !== undefined && typeof NodeBuffer.byteLength === "function" ? NodeBuffer.byteLength.bind(NodeBuffer) : null;

type Latin1Write = (this: Uint8Array, s: string, offset: number, length: number) => number;

/**
 * Node's native Latin-1 writer, for long ASCII strings (where Latin-1 and
 * UTF-8 agree). Used on plain Uint8Arrays, so it is checked once here that it
 * accepts one and writes what it should; elsewhere it is absent.
 */
const nativeLatin1Write: Latin1Write | null = (() => {
  try {
    const f = (globalThis as { Buffer?: { prototype?: { latin1Write?: unknown } } }).Buffer?.prototype?.latin1Write;
    if (typeof f !== "function") return null;
    const probe = new Uint8Array(4);
    const written = (f as Latin1Write).call(probe, "ab", 1, 2);
    return written === 2 && probe[0] === 0 && probe[1] === 0x61 && probe[2] === 0x62 && probe[3] === 0 ? (f as Latin1Write) : null;
  } catch {
    return null;
  }
})();

/** Exact UTF-8 size of `s` as TextEncoder would write it (lone surrogates become U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  const n = s.length;
  if (n > SHORT_LENGTH && nativeByteLength !== null) return nativeByteLength(s);
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 UTF-16 units become 4 bytes.
      i++;
      bytes += 2;
    } else {
      bytes += 2; // BMP char or lone surrogate (U+FFFD): 3 bytes
    }
  }
  return bytes;
}

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Write the UTF-8 of `s` at `pos`; `byteLength` must be `utf8Length(s)` and
 * the buffer must have room. Returns the position after the text.
 */
export function utf8Write(buf: Uint8Array, pos: number, s: string, byteLength: number): number {
  const n = s.length;
  if (byteLength === n) {
    // one byte per UTF-16 unit: only ASCII does that
    if (n > SHORT_ASCII_WRITE && nativeLatin1Write !== null) {
      nativeLatin1Write.call(buf, s, pos, n);
      return pos + n;
    }
    // four units per iteration: ~25% faster than one on Node 20
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const p = pos + i;
      buf[p] = s.charCodeAt(i);
      buf[p + 1] = s.charCodeAt(i + 1);
      buf[p + 2] = s.charCodeAt(i + 2);
      buf[p + 3] = s.charCodeAt(i + 3);
    }
    for (; i < n; i++) buf[pos + i] = s.charCodeAt(i);
    return pos + n;
  }
  if (n > SHORT_ENCODE) {
    encoder.encodeInto(s, buf.subarray(pos, pos + byteLength));
    return pos + byteLength;
  }
  let p = pos;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if ((c & 0xf800) !== 0xd800) {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = c < 0xdc00 && i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if ((d & 0xfc00) === 0xdc00) {
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[p++] = 0xf0 | (c >> 18);
        buf[p++] = 0x80 | ((c >> 12) & 0x3f);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        // Lone surrogate: U+FFFD, as TextEncoder does.
        buf[p++] = 0xef;
        buf[p++] = 0xbf;
        buf[p++] = 0xbd;
      }
    }
  }
  return p;
}

/** Strict decode of a whole array; error offsets are `offset` + index. */
export function utf8Decode(bytes: Uint8Array, offset: number): string {
  return decodeRange(bytes, 0, bytes.length, offset);
}

/** Strict decode of `buf[start..end)` without the caller making a view; error offsets are indices in `buf`. */
export function utf8DecodeRange(buf: Uint8Array, start: number, end: number): string {
  return decodeRange(buf, start, end, 0);
}

const fcc = String.fromCharCode;

/**
 * ASCII-only text of up to SHORT_ASCII bytes, 8 characters per fixed-arity
 * call; null at the first byte >= 0x80. (Node's native latin1Slice after an
 * ASCII check won a microbenchmark from 24 bytes on, and lost 6-19% of whole
 * decodes in bench/ab.ts: not used.)
 */
export function shortAscii(b: Uint8Array, p: number, e: number): string | null {
  let out = "";
  while (e - p >= 8) {
    const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!, c4 = b[p + 4]!, c5 = b[p + 5]!, c6 = b[p + 6]!, c7 = b[p + 7]!;
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) & 0x80) return null;
    out += fcc(c0, c1, c2, c3, c4, c5, c6, c7);
    p += 8;
  }
  // the last 0..7 in at most three pieces, not one a character
  if (e - p >= 4) {
    const c0 = b[p]!, c1 = b[p + 1]!, c2 = b[p + 2]!, c3 = b[p + 3]!;
    if ((c0 | c1 | c2 | c3) & 0x80) return null;
    out += fcc(c0, c1, c2, c3);
    p += 4;
  }
  if (e - p >= 2) {
    const c0 = b[p]!, c1 = b[p + 1]!;
    if ((c0 | c1) & 0x80) return null;
    out += fcc(c0, c1);
    p += 2;
  }
  if (p < e) {
    const c = b[p]!;
    if (c & 0x80) return null;
    out += fcc(c);
  }
  return out;
}
export const SHORT_ASCII = 64;

function decodeRange(buf: Uint8Array, start: number, end: number, delta: number): string {
  const n = end - start;
  if (n <= SHORT_ASCII) {
    if (n === 0) return "";
    const s = shortAscii(buf, start, end);
    if (s !== null) return s;
  }
  return decodeNative(buf, start, end, delta);
}

/** Strict decode by the native decoder, for callers that tried shortAscii themselves. */
export function utf8DecodeNative(buf: Uint8Array, start: number, end: number): string {
  return decodeNative(buf, start, end, 0);
}

function decodeNative(buf: Uint8Array, start: number, end: number, delta: number): string {
  try {
    return decoder.decode(buf.subarray(start, end));
  } catch {
    const at = firstInvalidUtf8(buf, start, end);
    throw new CodecError("invalid UTF-8", (at < 0 ? start : at) + delta);
  }
}

/**
 * Index of the first byte of the first ill-formed sequence in
 * `buf[start..end)` (Unicode Table 3-7), or -1. Only run after the native
 * decoder has already failed, to say where.
 */
export function firstInvalidUtf8(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      else if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      else if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i; // continuation byte as lead, C0/C1 overlong lead, or F5..FF
    // Truncation and bad continuation bytes both blame the sequence's lead byte.
    for (let k = 1; k <= need; k++) {
      const j = i + k;
      if (j >= end) return i;
      const c = buf[j]!;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
