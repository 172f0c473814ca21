import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { loadSchema, type LoadedSchema } from "../../src/cli/load-schema.js";
import { assignIdentifiers } from "../../src/codegen/names.js";
import { fromHex, isCodecError, toHex, type CborCodec, type CborDecodeOptions, type TplCodec } from "../../src/runtime/index.js";

/**
 * Shared by the codegen tests: compile a bare .cddl or .tls source on the
 * fly through the CLI's loadSchema (compile -> emitModule -> transpile ->
 * import) and reach its generated codecs.
 */

export async function loadSource(source: string, ext: "cddl" | "tls"): Promise<LoadedSchema> {
  const dir = mkdtempSync(join(tmpdir(), "mimi-codegen-test-"));
  const file = join(dir, `schema.${ext}`);
  writeFileSync(file, source);
  return loadSchema(file);
}

export interface Codecs {
  readonly cbor: CborCodec<any>;
  readonly tpl: TplCodec<any>;
}

/** A generated type's codecs; fails the test if the type or a codec is missing. */
export function codecsOf(schema: LoadedSchema, name: string): Codecs {
  // a draft name (`foo-bar`) reaches its codecs under its TypeScript name (`foo_bar`)
  const id = assignIdentifiers(schema.doc.definitions.map((d) => d.name)).get(name) ?? name;
  const entry = (Object.prototype.hasOwnProperty.call(schema.module, id) ? schema.module[id] : undefined) as Partial<Codecs> | undefined;
  if (!entry) throw new Error(`the generated module has no ${name}`);
  if (!entry.cbor) throw new Error(`${name} has no CBOR codec`);
  if (!entry.tpl) throw new Error(`${name} has no TPL codec`);
  return entry as Codecs;
}

/** Whitespace-tolerant hex -> bytes. */
export const hex = (s: string): Uint8Array => fromHex(s);
/** Canonical hex of bytes (spaces stripped from the expectation). */
export const norm = (s: string): string => s.replace(/\s+/g, "").toLowerCase();

export interface Failure {
  readonly reason: string;
  readonly offset: number;
  readonly path: string;
}

/** Run `fn`, expect a CodecError, return where and why. */
export function failure(fn: () => unknown): Failure {
  try {
    fn();
  } catch (e) {
    if (!isCodecError(e)) throw e;
    return { reason: e.reason, offset: e.offset, path: e.path };
  }
  throw new Error("expected a CodecError, but nothing was thrown");
}

/** CBOR: encode gives exactly `expected`, and decoding it gives the value back. */
export function cborRoundTrip(codec: CborCodec<any>, value: unknown, expected: string, decoded: unknown = value): void {
  const bytes = codec.encode(value);
  expect(toHex(bytes)).toBe(norm(expected));
  expect(codec.encodedSize(value)).toBe(bytes.length);
  expect(codec.decode(bytes)).toEqual(decoded);
  expect(codec.decode(bytes, { deterministic: true })).toEqual(decoded);
}

/** TPL: encode gives exactly `expected`, and decoding it gives the value back. */
export function tplRoundTrip(codec: TplCodec<any>, value: unknown, expected: string, decoded: unknown = value): void {
  const bytes = codec.encode(value);
  expect(toHex(bytes)).toBe(norm(expected));
  expect(codec.encodedSize(value)).toBe(bytes.length);
  expect(codec.decode(bytes)).toEqual(decoded);
}

export function cborDecodeFailure(codec: CborCodec<any>, input: string, options?: CborDecodeOptions): Failure {
  return failure(() => codec.decode(hex(input), options));
}

export { toHex };
