/**
 * The generic CBOR data model (see cbor-types.ts) for tools that do not know
 * the schema: the EDN tool, the CDDL validator, diagnostics. Decoding keeps
 * the encoding details (non-preferred widths, indefinite lengths, chunks) so
 * that encodeItem(decodeItem(b)) gives back b; the one exception is NaN,
 * whose payload and sign a JS number cannot carry (re-encoded as the quiet
 * NaN of the same width).
 */
import { CodecError, isCodecError, rethrowWithPath } from "./codec-error.js";
import { floatWidth, isHalfExact } from "./cbor-float.js";
import { CborReader } from "./cbor-reader.js";
import type { CborItem, HeadWidth } from "./cbor-types.js";
import { preferredHeadWidth } from "./cbor-walk.js";
import { CborWriter } from "./cbor-writer.js";
import { utf8Length, utf8Write } from "./utf8.js";

export type { CborChunk, CborItem, CborItemType, HeadWidth } from "./cbor-types.js";
export { itemIdentity } from "./cbor-identity.js";

export interface DecodeItemOptions {
  /** Reject anything that is not RFC 8949 §4.2.1 core deterministic encoding. */
  deterministic?: boolean;
  /** Default 64: nesting bound for arrays, maps and tags. */
  maxDepth?: number;
  /** Default true: record non-preferred widths, chunks and indefinite lengths in the items. */
  keepWidths?: boolean;
  /** Default false: byte strings are views into `bytes`; true makes copies. */
  copy?: boolean;
  /** Default "reject": repeated map keys are refused; "keep" returns them in order (tools that show or validate input). */
  duplicateKeys?: "reject" | "keep";
}

const DEFAULT_ITEM_DEPTH = 64;
const U64_MAX = 0xffffffffffffffffn;

function reader(bytes: Uint8Array, options: DecodeItemOptions | undefined): CborReader {
  return new CborReader(bytes, {
    deterministic: options?.deterministic === true,
    maxDepth: options?.maxDepth ?? DEFAULT_ITEM_DEPTH,
    keepWidths: options?.keepWidths !== false,
    copy: options?.copy === true,
    duplicateKeys: options?.duplicateKeys ?? "reject",
  });
}

/** Exactly one item; trailing bytes are an error. */
export function decodeItem(bytes: Uint8Array, options?: DecodeItemOptions): CborItem {
  const r = reader(bytes, options);
  try {
    const item = r.item();
    r.finish();
    return item;
  } catch (e) {
    return rethrowWithPath(e, "");
  }
}

/** An RFC 8742 CBOR sequence: zero or more items back to back. */
export function decodeSequence(bytes: Uint8Array, options?: DecodeItemOptions): CborItem[] {
  const r = reader(bytes, options);
  const items: CborItem[] = [];
  try {
    while (r.pos < r.buf.length) items.push(r.item());
  } catch (e) {
    rethrowWithPath(e, "");
  }
  return items;
}

/**
 * Is `bytes` exactly one item in RFC 8949 §4.2.1 core deterministic encoding?
 * A malformed input is not; the answer then says where and why.
 */
export function isDeterministic(
  bytes: Uint8Array,
  options?: { maxDepth?: number },
): { ok: true } | { ok: false; offset: number; reason: string } {
  const r = new CborReader(bytes, { deterministic: true, maxDepth: options?.maxDepth ?? DEFAULT_ITEM_DEPTH });
  try {
    r.skip();
    r.finish();
    return { ok: true };
  } catch (e) {
    if (isCodecError(e)) return { ok: false, offset: e.offset, reason: e.reason };
    throw e;
  }
}

/**
 * Encode an item, honouring recorded widths, chunks and indefinite lengths,
 * else in preferred serialization. An item that cannot be encoded as given
 * (a width too small for its value, chunks that do not add up to the value,
 * an out-of-range integer) is a CodecError at offset -1 whose path names the
 * place in the item, e.g. `items[2].entries[0][1]`.
 */
export function encodeItem(item: CborItem): Uint8Array {
  let size = 0;
  try {
    size = itemSize(item);
  } catch (e) {
    rethrowWithPath(e, "");
  }
  const w = CborWriter.alloc(size);
  writeItem(w, item);
  return w.buf;
}

function bad(reason: string): never {
  throw new CodecError(reason, -1);
}

/** Bytes after the initial byte for argument `n` with the requested width (validated). */
function argBytes(n: bigint, width: HeadWidth | undefined): HeadWidth {
  if (width === undefined) return preferredHeadWidth(n);
  const max = width === 0 ? 23n : width === 1 ? 0xffn : width === 2 ? 0xffffn : width === 4 ? 0xffffffffn : width === 8 ? U64_MAX : -1n;
  if (max < 0n) bad(`invalid head width ${String(width)} (must be 0, 1, 2, 4 or 8)`);
  if (n > max) bad(`argument ${n} does not fit in head width ${width}`);
  return width;
}

function checkArg(v: unknown, what: string): bigint {
  if (typeof v !== "bigint" || v < 0n || v > U64_MAX) bad(`${what} must be a bigint in 0..2^64-1, got ${String(v)}`);
  return v;
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800) continue;
    if (c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else return true;
  }
  return false;
}

function stringSize(n: number, width: HeadWidth | undefined): number {
  return 1 + argBytes(BigInt(n), width) + n;
}

/** Size of a child item; a failure inside gets the path segment `name`, `name[index]` or `name[index][sub]`. */
function sizeAt(item: CborItem, name: string, index = -1, sub = -1): number {
  try {
    return itemSize(item);
  } catch (e) {
    return rethrowWithPath(e, index < 0 ? name : sub < 0 ? `${name}[${index}]` : `${name}[${index}][${sub}]`);
  }
}

function itemSize(item: CborItem): number {
  switch (item.type) {
    case "uint":
      return 1 + argBytes(checkArg(item.value, "uint value"), item.width);
    case "nint":
      return 1 + argBytes(checkArg(typeof item.value === "bigint" ? -1n - item.value : item.value, "-1 - nint value"), item.width);
    case "bytes": {
      if (!(item.value instanceof Uint8Array)) bad("bytes value must be a Uint8Array");
      if (item.chunks === undefined) return stringSize(item.value.length, item.width);
      let size = 2;
      let at = 0;
      for (const c of item.chunks) {
        const v = c.value;
        if (!(v instanceof Uint8Array)) bad("chunk value must be a Uint8Array");
        for (let k = 0; k < v.length; k++) if (item.value[at + k] !== v[k]) bad("chunks do not add up to the value");
        at += v.length;
        size += stringSize(v.length, c.width);
      }
      if (at !== item.value.length) bad("chunks do not add up to the value");
      return size;
    }
    case "text": {
      if (typeof item.value !== "string") bad("text value must be a string");
      if (hasLoneSurrogate(item.value)) bad("text value contains a lone surrogate, which UTF-8 cannot encode");
      if (item.chunks === undefined) return stringSize(utf8Length(item.value), item.width);
      let size = 2;
      let joined = "";
      for (const c of item.chunks) {
        if (typeof c.value !== "string") bad("chunk value must be a string");
        joined += c.value;
        size += stringSize(utf8Length(c.value), c.width);
      }
      if (joined !== item.value) bad("chunks do not add up to the value");
      return size;
    }
    case "array": {
      let size = item.indefinite === true ? 2 : 1 + argBytes(BigInt(item.items.length), item.width);
      const items = item.items;
      for (let i = 0; i < items.length; i++) size += sizeAt(items[i]!, "items", i);
      return size;
    }
    case "map": {
      let size = item.indefinite === true ? 2 : 1 + argBytes(BigInt(item.entries.length), item.width);
      const entries = item.entries;
      for (let i = 0; i < entries.length; i++) {
        const [k, v] = entries[i]!;
        size += sizeAt(k, "entries", i, 0) + sizeAt(v, "entries", i, 1);
      }
      return size;
    }
    case "tag":
      return 1 + argBytes(checkArg(item.tag, "tag number"), item.width) + sizeAt(item.item, "item");
    case "simple": {
      const v = item.value;
      if (!Number.isInteger(v) || v < 0 || v > 255 || (v >= 24 && v < 32)) bad(`invalid simple value ${v} (must be 0..23 or 32..255)`);
      const w = item.width ?? (v < 24 ? 0 : 1);
      if (w !== (v < 24 ? 0 : 1)) bad(`simple value ${v} cannot be encoded with head width ${w}`);
      return 1 + w;
    }
    case "float": {
      const x = item.value;
      if (typeof x !== "number") bad("float value must be a number");
      const w = item.width ?? floatWidth(x);
      const exact = w === 8 || (w === 4 ? x !== x || Math.fround(x) === x : w === 2 && isHalfExact(x));
      if (!exact) bad(w === 2 || w === 4 ? `float ${x} is not exactly representable in ${w} bytes` : `invalid float width ${String(w)}`);
      return 1 + w;
    }
    default:
      return bad(`unknown CBOR item type ${JSON.stringify((item as { type?: unknown }).type)}`);
  }
}

function writeItem(w: CborWriter, item: CborItem): void {
  switch (item.type) {
    case "uint":
      w.headWidth(0, item.value, argBytes(item.value, item.width));
      return;
    case "nint": {
      const n = -1n - item.value;
      w.headWidth(1, n, argBytes(n, item.width));
      return;
    }
    case "bytes":
      if (item.chunks === undefined) {
        w.headWidth(2, item.value.length, argBytes(BigInt(item.value.length), item.width));
        w.raw(item.value);
        return;
      }
      w.indefinite(2);
      for (const c of item.chunks) {
        w.headWidth(2, c.value.length, argBytes(BigInt(c.value.length), c.width));
        w.raw(c.value);
      }
      w.breakCode();
      return;
    case "text":
      if (item.chunks === undefined) {
        writeText(w, item.value, item.width);
        return;
      }
      w.indefinite(3);
      for (const c of item.chunks) writeText(w, c.value, c.width);
      w.breakCode();
      return;
    case "array":
      if (item.indefinite === true) w.indefinite(4);
      else w.headWidth(4, item.items.length, argBytes(BigInt(item.items.length), item.width));
      for (const x of item.items) writeItem(w, x);
      if (item.indefinite === true) w.breakCode();
      return;
    case "map":
      if (item.indefinite === true) w.indefinite(5);
      else w.headWidth(5, item.entries.length, argBytes(BigInt(item.entries.length), item.width));
      for (const [k, v] of item.entries) {
        writeItem(w, k);
        writeItem(w, v);
      }
      if (item.indefinite === true) w.breakCode();
      return;
    case "tag":
      w.headWidth(6, item.tag, argBytes(item.tag, item.width));
      writeItem(w, item.item);
      return;
    case "simple":
      w.simple(item.value);
      return;
    case "float": {
      const width = item.width ?? floatWidth(item.value);
      if (width === 2) w.float16(item.value);
      else if (width === 4) w.float32(item.value);
      else w.float64(item.value);
      return;
    }
  }
}

function writeText(w: CborWriter, s: string, width: HeadWidth | undefined): void {
  // Not w.text(): that writes its own preferred head, and this one may be wider.
  const n = utf8Length(s);
  w.headWidth(3, n, argBytes(BigInt(n), width));
  w.pos = utf8Write(w.buf, w.pos, s, n);
}

