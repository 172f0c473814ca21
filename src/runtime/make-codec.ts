import { CodecError, rethrowWithPath } from "./codec-error.js";

/** Values from outside a struct that its selects or lengths depend on. */
export type CodecContext = Record<string, unknown>;

/** Vector and text lengths the size pass computed, consumed in order by the write pass. */
export interface SizeCache {
  readonly a: number[];
  i: number;
}

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
  size: (v: T, c: CodecContext, s: number[]) => number,
  write: (w: W, v: T, c: CodecContext, s: SizeCache) => void,
  read: (r: R, c: CodecContext) => T,
  newWriter: (buf: Uint8Array, pos: number) => W,
  newReader: (bytes: Uint8Array, options: DO | undefined) => R,
): WireCodec<T, EO, DO> {
  const measure = (value: T, options: EO | undefined, sizes: number[]): number => {
    try {
      return size(value, { ...options?.context }, sizes);
    } catch (e) {
      return rethrowWithPath(e, typeName);
    }
  };
  return {
    typeName,
    encodedSize: (value, options) => measure(value, options, []),
    encode(value, options) {
      const sizes: number[] = [];
      const w = newWriter(new Uint8Array(measure(value, options, sizes)), 0);
      write(w, value, { ...options?.context }, { a: sizes, i: 0 });
      return w.buf;
    },
    encodeInto(value, buffer, offset = 0, options) {
      const sizes: number[] = [];
      const n = measure(value, options, sizes);
      if (offset < 0 || offset + n > buffer.length) throw new CodecError(`buffer too small: need ${n} bytes at offset ${offset}`, offset, typeName);
      const w = newWriter(buffer, offset);
      write(w, value, { ...options?.context }, { a: sizes, i: 0 });
      return w.pos;
    },
    decode(bytes, options) {
      const r = newReader(bytes, options);
      try {
        const v = read(r, { ...options?.context });
        r.finish();
        return v;
      } catch (e) {
        return rethrowWithPath(e, typeName);
      }
    },
  };
}
