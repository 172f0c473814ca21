import { allocOutput } from "./alloc-output.js";
import { CodecError, rethrowWithPath } from "./codec-error.js";
import { SizeCache } from "./size-cache.js";

export { SizeCache } from "./size-cache.js";

/** Values from outside a struct that its selects or lengths depend on. */
export type CodecContext = Record<string, unknown>;

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
export function makeCodec<T, W extends Writer, R extends Reader, EO extends { readonly context?: CodecContext }, DO extends { readonly context?: CodecContext }>(
  typeName: string,
  size: (v: T, c: CodecContext, s: SizeCache) => number,
  write: (w: W, v: T, c: CodecContext, s: SizeCache) => void,
  read: (r: R, c: CodecContext) => T,
  newWriter: (buf: Uint8Array, pos: number) => W,
  newReader: (bytes: Uint8Array, options: DO | undefined) => R,
): WireCodec<T, EO, DO> {
  const measure = (value: T, options: EO | undefined, s: SizeCache): number => {
    try {
      return size(value, freshContext(options?.context), s);
    } catch (e) {
      return rethrowWithPath(e, typeName);
    }
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
        const w = newWriter(allocOutput(n), 0);
        write(w, value, freshContext(options?.context), s);
        if (w.pos !== n) shortWrite(typeName, w.pos, n);
        return w.buf;
      } finally {
        releaseCache(s);
      }
    },
    encodeInto(value, buffer, offset = 0, options) {
      const s = takeCache();
      try {
        const n = measure(value, options, s);
        if (offset < 0 || offset + n > buffer.length) throw new CodecError(`buffer too small: need ${n} bytes at offset ${offset}`, offset, typeName);
        const w = newWriter(buffer, offset);
        write(w, value, freshContext(options?.context), s);
        if (w.pos !== offset + n) shortWrite(typeName, w.pos - offset, n);
        return w.pos;
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
  if (s.a.length > KEEP_SLOTS) return;
  s.reset();
  spare = s;
}

/**
 * The write pass must end exactly where the size pass said: the output may
 * be uninitialised memory (alloc-output.ts), so a byte left unwritten would
 * leak whatever was there before. Never happens unless the generator has a bug.
 */
function shortWrite(typeName: string, wrote: number, expected: number): never {
  throw new CodecError(`internal error: the write pass wrote ${wrote} bytes, the size pass measured ${expected}`, -1, typeName);
}
