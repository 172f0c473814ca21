import { CodecError, rethrowWithPath } from "./codec-error.js";
import { TplReader, type ReaderOptions } from "./tpl-reader.js";
import { TplWriter } from "./tpl-writer.js";

/** Values from outside a struct that its selects or lengths depend on. */
export type CodecContext = Record<string, unknown>;

/** Vector and text lengths the size pass computed, consumed in order by the write pass. */
export interface SizeCache {
  readonly a: number[];
  i: number;
}

export type SizeFn<T> = (v: T, c: CodecContext, s: number[]) => number;
export type WriteFn<T> = (w: TplWriter, v: T, c: CodecContext, s: SizeCache) => void;
export type ReadFn<T> = (r: TplReader, c: CodecContext) => T;

export interface EncodeOptions {
  readonly context?: CodecContext;
}

export interface DecodeOptions extends ReaderOptions {
  readonly context?: CodecContext;
}

/** The TLS presentation language codec of one generated type. */
export interface TplCodec<T> {
  readonly typeName: string;
  encodedSize(value: T, options?: EncodeOptions): number;
  encode(value: T, options?: EncodeOptions): Uint8Array;
  /** Write into a caller's buffer (which must have room); returns the end offset. */
  encodeInto(value: T, buffer: Uint8Array, offset?: number, options?: EncodeOptions): number;
  decode(bytes: Uint8Array, options?: DecodeOptions): T;
}

/** Wraps the generated size/write/read functions of a type; adds the root of every error path. */
export function tplCodec<T>(typeName: string, size: SizeFn<T>, write: WriteFn<T>, read: ReadFn<T>): TplCodec<T> {
  const measure = (value: T, options: EncodeOptions | undefined, sizes: number[]): number => {
    try {
      return size(value, { ...options?.context }, sizes);
    } catch (e) {
      return rethrowWithPath(e, typeName);
    }
  };
  const encodeInto = (value: T, buffer: Uint8Array, offset = 0, options?: EncodeOptions): number => {
    const sizes: number[] = [];
    const n = measure(value, options, sizes);
    if (offset < 0 || offset + n > buffer.length) throw new CodecError(`buffer too small: need ${n} bytes at offset ${offset}`, offset, typeName);
    const w = new TplWriter(buffer, offset);
    write(w, value, { ...options?.context }, { a: sizes, i: 0 });
    return w.pos;
  };
  return {
    typeName,
    encodedSize: (value, options) => measure(value, options, []),
    encode(value, options) {
      const sizes: number[] = [];
      const n = measure(value, options, sizes);
      const w = TplWriter.alloc(n);
      write(w, value, { ...options?.context }, { a: sizes, i: 0 });
      return w.buf;
    },
    encodeInto,
    decode(bytes, options) {
      const r = new TplReader(bytes, options);
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
