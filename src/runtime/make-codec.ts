import { allocOutput, slabOutput } from "./alloc-output.js";
import { CodecError, isCodecError, rethrowWithPath } from "./codec-error.js";
import type { DecodeLimits } from "./limits.js";
import { SizeCache } from "./size-cache.js";

export { SizeCache } from "./size-cache.js";

/** Values from outside a struct that its selects or lengths depend on. */
export type CodecContext = Record<string, unknown>;

/** Encode options every format shares: the context, and the decode limits the output must respect. */
export interface EncodeLimits {
  readonly context?: CodecContext;
  /** Nesting of recursive types; default the document's, else 32. A cyclic value fails here. */
  readonly maxDepth?: number;
  /** The whole output, in bytes. */
  readonly maxSize?: number;
  /** Elements of one vector, array or map. */
  readonly maxCount?: number;
  /** One byte or text string, in bytes. */
  readonly maxLength?: number;
  /**
   * `encode` only: carve the output from a shared 8 KiB slab instead of
   * giving it an ArrayBuffer of its own (faster for small messages).
   * `result.buffer` then holds other messages' bytes too: pass the array
   * itself, never its `.buffer`, and never transfer it (README, "Output
   * memory"). Default false.
   */
  readonly slab?: boolean;
}

/**
 * How a verifying codec compares the value it decoded back with the one it
 * was given (same-value.ts's whereDiffers): passed in by the generated
 * modules that need it, so other codecs do not carry it into a bundle.
 */
export type WhereDiffers = (decoded: unknown, given: unknown) => string | null;

/** What the codec object needs of a format's writer and reader. */
interface Writer {
  readonly buf: Uint8Array;
  readonly pos: number;
}
interface Reader {
  finish(): void;
}

export interface WireCodec<T, EO extends { readonly context?: CodecContext }, DO extends { readonly context?: CodecContext }> {
  readonly typeName: string;
  encodedSize(value: T, options?: EO): number;
  encode(value: T, options?: EO): Uint8Array;
  /** Write into a caller's buffer (which must have room); returns the end offset. */
  encodeInto(value: T, buffer: Uint8Array, offset?: number, options?: EO): number;
  decode(bytes: Uint8Array, options?: DO): T;
}

/**
 * The codec object of one generated type in one wire format: size pass,
 * one allocation, write pass; strict decode with no trailing bytes; the type
 * name as the root of every error path. TPL and CBOR differ only in their
 * writer and reader.
 */
export function makeCodec<T, W extends Writer, R extends Reader, EO extends EncodeLimits, DO extends { readonly context?: CodecContext }>(
  typeName: string,
  size: (v: T, c: CodecContext, s: SizeCache) => number,
  write: (w: W, v: T, c: CodecContext, s: SizeCache) => void,
  read: (r: R, c: CodecContext) => T,
  newWriter: (buf: Uint8Array, pos: number) => W,
  newReader: (bytes: Uint8Array, options: DO | undefined) => R,
  defaults?: DecodeLimits,
  verify?: WhereDiffers,
): WireCodec<T, EO, DO> {
  // the document's limits, looked up once (an encode without options, the usual one, reads nothing else)
  const defaultDepth = defaults?.maxDepth ?? 32;
  const defaultCount = defaults?.maxCount ?? Infinity;
  const defaultLength = defaults?.maxLength ?? Infinity;
  const defaultSize = defaults?.maxSize ?? Infinity;
  const measure = (value: T, options: EO | undefined, s: SizeCache): number => {
    // the encoder keeps to the decoder's limits, so it never writes what its decoder refuses
    let maxSize = defaultSize;
    if (options === undefined) {
      s.maxDepth = defaultDepth;
      s.maxCount = defaultCount;
      s.maxLength = defaultLength;
    } else {
      s.maxDepth = options.maxDepth ?? defaultDepth;
      s.maxCount = options.maxCount ?? defaultCount;
      s.maxLength = options.maxLength ?? defaultLength;
      maxSize = options.maxSize ?? defaultSize;
    }
    let n: number;
    try {
      n = size(value, freshContext(options?.context), s);
    } catch (e) {
      return rethrowWithPath(e, typeName);
    }
    if (n > maxSize) throw new CodecError(`the encoding would take ${n} bytes, more than maxSize ${maxSize}`, -1, typeName);
    return n;
  };
  /**
   * The write pass trusts what the size pass checked. A value whose getters
   * or Proxy answer differently the second time can still break that trust:
   * the writer only ever sees the measured region, and whatever goes wrong
   * becomes a CodecError, never a raw error or a write past the region.
   */
  const writeMeasured = (w: W, value: T, options: EO | undefined, s: SizeCache, n: number, base: number): void => {
    try {
      write(w, value, freshContext(options?.context), s);
    } catch (e) {
      if (isCodecError(e)) rethrowWithPath(e, typeName);
      throw changed(typeName, e);
    }
    if (w.pos !== base + n) throw changed(typeName, `it wrote ${w.pos - base} bytes, measured ${n}`);
    if (verify !== undefined) readsBack(w.buf.subarray(base, base + n), value, options, verify);
  };
  /**
   * Types whose arrays have an optional or repeated field that the next
   * field could be mistaken for (RFC 8610 Appendix A: a decoder gives an item
   * to the first field it matches): the encoding must decode to the value.
   */
  const readsBack = (bytes: Uint8Array, value: T, options: EO | undefined, whereDiffers: WhereDiffers): void => {
    let back: T;
    try {
      // the same limits and context the encode was given (the option names are shared)
      const r = newReader(bytes, options as unknown as DO | undefined);
      back = read(r, freshContext(options?.context));
      r.finish();
    } catch (e) {
      throw new CodecError(`the encoding would not decode (${isCodecError(e) ? e.message : String(e)}): an optional or repeated field takes items meant for the next`, -1, typeName);
    }
    const where = whereDiffers(back, value);
    if (where !== null) throw new CodecError(`the encoding would decode differently at ${where}: an optional or repeated field takes items meant for the next`, -1, typeName);
  };
  return {
    typeName,
    encodedSize(value, options) {
      const s = takeCache();
      try {
        return measure(value, options, s);
      } finally {
        releaseCache(s);
      }
    },
    encode(value, options) {
      const s = takeCache();
      try {
        const n = measure(value, options, s);
        const w = newWriter(options?.slab === true ? slabOutput(n) : allocOutput(n), 0);
        writeMeasured(w, value, options, s, n, 0);
        return w.buf;
      } finally {
        releaseCache(s);
      }
    },
    encodeInto(value, buffer, offset = 0, options) {
      const s = takeCache();
      try {
        const n = measure(value, options, s);
        if (!Number.isInteger(offset) || offset < 0 || offset + n > buffer.length) throw new CodecError(`buffer too small: need ${n} bytes at offset ${offset}`, offset, typeName);
        // a view of exactly the measured region: nothing past it can be touched
        // (subarray: a view by the constructor has to read buffer and byteOffset, two getters, and took longer)
        const w = newWriter(buffer.subarray(offset, offset + n), 0);
        writeMeasured(w, value, options, s, n, 0);
        return offset + n;
      } finally {
        releaseCache(s);
      }
    },
    decode(bytes, options) {
      try {
        const r = newReader(bytes, options);
        const v = read(r, freshContext(options?.context));
        r.finish();
        return v;
      } catch (e) {
        return rethrowWithPath(e, typeName);
      }
    },
  };
}

/**
 * Each pass gets its own context object, since selects write the fields
 * they depend on into it: a copy of the caller's, or (the common case, no
 * context given) an empty object literal, which costs far less than a spread.
 */
function freshContext(context: CodecContext | undefined): CodecContext {
  return context === undefined ? {} : { ...context };
}

/**
 * One SizeCache kept between encodes, so its array keeps its capacity. An
 * encode that starts while another is running (a getter on a value that
 * encodes something itself) finds none spare and makes its own.
 */
let spare: SizeCache | null = null;
/** A cache that grew beyond this many slots is not kept. */
const KEEP_SLOTS = 4096;

function takeCache(): SizeCache {
  const s = spare;
  if (s === null) return new SizeCache();
  spare = null;
  return s;
}

function releaseCache(s: SizeCache): void {
  if (s.a.length > KEEP_SLOTS || s.e.length > KEEP_SLOTS) return;
  s.reset();
  spare = s;
}

/**
 * The write pass did not match the size pass: the value changed in between
 * (a getter, a Proxy, another thread of control). The output may be
 * uninitialised memory (alloc-output.ts), so it is never returned.
 */
function changed(typeName: string, cause: unknown): CodecError {
  const why = typeof cause === "string" ? cause : cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  const e = new CodecError(`the value changed between measuring and writing it (${why})`, -1, typeName);
  if (typeof cause !== "string") e.cause = cause;
  return e;
}
