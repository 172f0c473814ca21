/**
 * Generic walks over one CBOR item: skip it (checking well-formedness, and
 * determinism in deterministic mode) or read it into the CborItem data model.
 * Both are depth-bounded through the reader's enter()/leave(), so hostile
 * nesting fails with a CodecError instead of exhausting the stack.
 */
import { floatWidth } from "./cbor-float.js";
import type { CborChunk, CborItem, HeadWidth } from "./cbor-types.js";
import type { CborReaderCore } from "./cbor-reader-core.js";
import { itemIdentity } from "./cbor-identity.js";
import { utf8DecodeRange } from "./utf8.js";

/** Argument width by additional information 0..27. */
function aiWidth(ai: number): HeadWidth {
  return ai < 24 ? 0 : ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : 8;
}

/** Preferred width of argument `n` (exact below 2^53; anything larger needs 8). */
export function preferredHeadWidth(n: number | bigint): HeadWidth {
  return n < 24 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x100000000 ? 4 : 8;
}

/** The width to record for the head with initial byte `ib` and argument `n`: undefined when preferred. */
function widthOf(r: CborReaderCore, ib: number, n: number): HeadWidth | undefined {
  if (!r.keepWidths) return undefined;
  const w = aiWidth(ib & 31);
  return w === preferredHeadWidth(n) ? undefined : w;
}

export function skipItem(r: CborReaderCore): void {
  const b = r.buf;
  const p = r.pos;
  if (p >= b.length) r.endOfInput(p);
  const ib = b[p]!;
  switch (ib >>> 5) {
    case 0:
    case 1:
      r.argument(p, ib);
      return;
    case 2:
    case 3:
      r.skipString(p, ib);
      return;
    case 4: {
      r.enter();
      const n = r.containerCount(p, ib, 1);
      r.checkCount(n, p, 1);
      if (n >= 0) {
        for (let i = 0; i < n; i++) skipItem(r);
      } else {
        for (let i = 0; !atBreak(r, p, "array"); i++) {
          if (i >= r.maxCount) r.tooMany(i + 1, p);
          skipItem(r);
        }
      }
      r.leave();
      return;
    }
    case 5: {
      r.enter();
      const n = r.containerCount(p, ib, 2);
      r.checkCount(n, p, 2);
      let prevStart = -1;
      let prevEnd = -1;
      // deterministic mode finds duplicates by key order; otherwise compare the keys' values
      const seen = r.rejectDuplicates ? new Set<string>() : null;
      let dup = -1;
      for (let i = 0; n < 0 ? !atBreak(r, p, "map") : i < n; i++) {
        if (n < 0 && i >= r.maxCount) r.tooMany(i + 1, p);
        const k = r.pos;
        if (seen) dup = noteKey(seen, readItem(r), k, dup);
        else skipItem(r);
        r.checkKeyOrder(prevStart, prevEnd, k, r.pos);
        prevStart = k;
        prevEnd = r.pos;
        skipItem(r);
      }
      if (dup >= 0) r.fail("duplicate map key", dup);
      r.leave();
      return;
    }
    case 6: {
      r.enter();
      const n = r.argument(p, ib);
      if (r.deterministic && (n === 2 || n === 3)) r.checkBignum(p, r.pos);
      skipItem(r);
      r.leave();
      return;
    }
    default:
      if (ib >= 0xf9 && ib <= 0xfb) r.floatAt(p, ib);
      else r.simpleAt(p, ib);
  }
}

/** In an indefinite-length array or map that started at `p`: is the next byte its break? Consumes the break. */
function atBreak(r: CborReaderCore, p: number, what: string): boolean {
  const q = r.pos;
  if (q >= r.buf.length) r.fail(`unterminated indefinite-length ${what}`, p);
  if (r.buf[q] !== 0xff) return false;
  r.pos = q + 1;
  return true;
}

export function readItem(r: CborReaderCore): CborItem {
  const b = r.buf;
  const p = r.pos;
  if (p >= b.length) r.endOfInput(p);
  const ib = b[p]!;
  switch (ib >>> 5) {
    case 0: {
      const n = r.argument(p, ib);
      const width = widthOf(r, ib, n);
      const value = r.argBig(n);
      return width === undefined ? { type: "uint", value } : { type: "uint", value, width };
    }
    case 1: {
      const n = r.argument(p, ib);
      const width = widthOf(r, ib, n);
      const value = -1n - r.argBig(n);
      return width === undefined ? { type: "nint", value } : { type: "nint", value, width };
    }
    case 2:
      return readBytes(r, p, ib);
    case 3:
      return readText(r, p, ib);
    case 4:
      return readArray(r, p, ib);
    case 5:
      return readMap(r, p, ib);
    case 6: {
      r.enter();
      const n = r.argument(p, ib);
      const width = widthOf(r, ib, n);
      const tag = r.argBig(n);
      if (r.deterministic && (n === 2 || n === 3)) r.checkBignum(p, r.pos);
      const item = readItem(r);
      r.leave();
      return width === undefined ? { type: "tag", tag, item } : { type: "tag", tag, item, width };
    }
    default: {
      if (ib >= 0xf9 && ib <= 0xfb) {
        const value = r.floatAt(p, ib);
        const w = ib === 0xf9 ? 2 : ib === 0xfa ? 4 : 8;
        return !r.keepWidths || w === floatWidth(value) ? { type: "float", value } : { type: "float", value, width: w };
      }
      return { type: "simple", value: r.simpleAt(p, ib) };
    }
  }
}

function readBytes(r: CborReaderCore, p: number, ib: number): CborItem {
  const b = r.buf;
  const n = r.stringLength(p, ib);
  if (n >= 0) {
    const s = r.pos;
    r.pos = s + n;
    const value = r.copy ? b.slice(s, s + n) : b.subarray(s, s + n);
    const width = widthOf(r, ib, n);
    return width === undefined ? { type: "bytes", value } : { type: "bytes", value, width };
  }
  const total = r.scanChunks(p, 2, false);
  const end = r.pos;
  const value = new Uint8Array(total);
  const chunks: CborChunk<Uint8Array>[] = [];
  let q = p + 1;
  let at = 0;
  while (q < end - 1) {
    const cib = b[q]!;
    const len = r.argument(q, cib);
    const s = r.pos;
    value.set(b.subarray(s, s + len), at);
    at += len;
    if (r.keepWidths) {
      // A chunk is its own copy when asked, else a view like definite strings.
      const chunk = r.copy ? b.slice(s, s + len) : b.subarray(s, s + len);
      const width = widthOf(r, cib, len);
      chunks.push(width === undefined ? { value: chunk } : { value: chunk, width });
    }
    q = s + len;
  }
  r.pos = end;
  return r.keepWidths ? { type: "bytes", value, chunks } : { type: "bytes", value };
}

function readText(r: CborReaderCore, p: number, ib: number): CborItem {
  const b = r.buf;
  const n = r.stringLength(p, ib);
  if (n >= 0) {
    const s = r.pos;
    const value = utf8DecodeRange(b, s, s + n);
    r.pos = s + n;
    const width = widthOf(r, ib, n);
    return width === undefined ? { type: "text", value } : { type: "text", value, width };
  }
  r.scanChunks(p, 3, false);
  const end = r.pos;
  const chunks: CborChunk<string>[] = [];
  let value = "";
  let q = p + 1;
  while (q < end - 1) {
    const cib = b[q]!;
    const len = r.argument(q, cib);
    const s = r.pos;
    // Each chunk must be well-formed UTF-8 on its own (RFC 8949 §3.2.3).
    const chunk = utf8DecodeRange(b, s, s + len);
    value += chunk;
    if (r.keepWidths) {
      const width = widthOf(r, cib, len);
      chunks.push(width === undefined ? { value: chunk } : { value: chunk, width });
    }
    q = s + len;
  }
  r.pos = end;
  return r.keepWidths ? { type: "text", value, chunks } : { type: "text", value };
}

function readArray(r: CborReaderCore, p: number, ib: number): CborItem {
  r.enter();
  const n = r.containerCount(p, ib, 1);
  r.checkCount(n, p, 1);
  const items: CborItem[] = [];
  if (n >= 0) {
    for (let i = 0; i < n; i++) items.push(readItem(r));
  } else {
    for (let i = 0; !atBreak(r, p, "array"); i++) {
      if (i >= r.maxCount) r.tooMany(i + 1, p);
      items.push(readItem(r));
    }
  }
  r.leave();
  if (n < 0) return r.keepWidths ? { type: "array", items, indefinite: true } : { type: "array", items };
  const width = widthOf(r, ib, n);
  return width === undefined ? { type: "array", items } : { type: "array", items, width };
}

function readMap(r: CborReaderCore, p: number, ib: number): CborItem {
  r.enter();
  const n = r.containerCount(p, ib, 2);
  r.checkCount(n, p, 2);
  const entries: (readonly [CborItem, CborItem])[] = [];
  let prevStart = -1;
  let prevEnd = -1;
  const seen = r.rejectDuplicates ? new Set<string>() : null;
  let dup = -1;
  for (let i = 0; n < 0 ? !atBreak(r, p, "map") : i < n; i++) {
    if (n < 0 && i >= r.maxCount) r.tooMany(i + 1, p);
    const k = r.pos;
    const key = readItem(r);
    if (seen) dup = noteKey(seen, key, k, dup);
    r.checkKeyOrder(prevStart, prevEnd, k, r.pos);
    prevStart = k;
    prevEnd = r.pos;
    entries.push([key, readItem(r)]);
  }
  if (dup >= 0) r.fail("duplicate map key", dup);
  r.leave();
  if (n < 0) return r.keepWidths ? { type: "map", entries, indefinite: true } : { type: "map", entries };
  const width = widthOf(r, ib, n);
  return width === undefined ? { type: "map", entries } : { type: "map", entries, width };
}

/**
 * Outside deterministic mode: a map key equal in value to an earlier one
 * (however each is encoded) is a duplicate, which RFC 8949 §5.6 leaves to
 * each decoder to resolve; a strict decoder refuses it. Returns the offset
 * of the first duplicate, reported once the map has been read, so a
 * malformed map is reported as malformed.
 */
function noteKey(seen: Set<string>, key: CborItem, at: number, firstDup: number): number {
  const id = itemIdentity(key);
  if (seen.has(id)) return firstDup >= 0 ? firstDup : at;
  seen.add(id);
  return firstDup;
}
