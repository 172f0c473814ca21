import { withDefaults, type DecodeLimits } from "./limits.js";
import { makeCodec, type CodecContext, type EncodeLimits, type SizeCache } from "./make-codec.js";
import { TplReader, type ReaderOptions } from "./tpl-reader.js";
import { TplWriter } from "./tpl-writer.js";

export type { CodecContext } from "./make-codec.js";
export { SizeCache } from "./size-cache.js";

export type SizeFn<T> = (v: T, c: CodecContext, s: SizeCache) => number;
export type WriteFn<T> = (w: TplWriter, v: T, c: CodecContext, s: SizeCache) => void;
export type ReadFn<T> = (r: TplReader, c: CodecContext) => T;

export interface EncodeOptions extends EncodeLimits {
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
export function tplCodec<T>(typeName: string, size: SizeFn<T>, write: WriteFn<T>, read: ReadFn<T>, defaults?: DecodeLimits): TplCodec<T> {
  return makeCodec<T, TplWriter, TplReader, EncodeOptions, DecodeOptions>(
    typeName,
    size,
    write,
    read,
    (buf, pos) => new TplWriter(buf, pos),
    (bytes, options) => new TplReader(bytes, withDefaults(options, defaults)),
    defaults,
  );
}
