/**
 * What the page does with a document, a type and some bytes, without the
 * page: decode in one format into a tree with byte spans, re-encode in the
 * other, where each format spends its bytes, the message ID of a MIMI
 * content message, and encoding an edited JSON value. The UI (playground/)
 * only renders these results; tests run them under Node too.
 */
import { findField } from "../check/check-examples.js";
import { assignIdentifiers } from "../codegen/names.js";
import type { IRDocument } from "../ir/types.js";
import { fromJsonValue, toJsonValue, JsonFormError } from "../json/json-form.js";
import { computeMessageId } from "../pipeline/message-id.js";
import { byField, type Row } from "../report/breakdown.js";
import { walkValueTree } from "../report/ir-walk.js";
import { SchemaDocuments } from "../report/schema-set.js";
import { isCodecError, toHex, type CborCodec, type TplCodec } from "../runtime/index.js";
import { TypeScope } from "../ir/type-scope.js";
import { builtinEntry, isBuiltinName, type BuiltinDocument } from "./builtins.js";
import { layoutSpans, type Format, type SpanNode } from "./spans.js";

export type { Format, SpanNode };

/** A document the page can decode with: its IR, its module, and the walker's view of it and its imports. */
export interface Schema {
  readonly name: string;
  readonly doc: IRDocument;
  readonly module: Record<string, unknown>;
  readonly scope: TypeScope;
  readonly set: SchemaDocuments;
}

function documentsWith(own?: IRDocument): SchemaDocuments {
  return new SchemaDocuments((name) => {
    if (own && name === own.name) return { doc: own };
    if (!isBuiltinName(name)) throw new Error(`no document ${name} in the page`);
    const e = builtinEntry(name);
    return { doc: e.ir.doc, ...(e.ir.wire ? { wire: e.ir.wire } : {}), contextAliases: e.config.contextAliases ?? {} };
  });
}

export function builtinSchema(name: BuiltinDocument): Schema {
  const e = builtinEntry(name);
  const imports = e.ir.doc.imports.filter(isBuiltinName).map((i) => builtinEntry(i).ir.doc);
  return { name, doc: e.ir.doc, module: e.module, scope: new TypeScope(e.ir.doc.definitions, imports), set: documentsWith() };
}

/** A compiled pasted source and its loaded module. */
export function sourceSchema(doc: IRDocument, module: Record<string, unknown>): Schema {
  const imports = doc.imports.filter(isBuiltinName).map((i) => builtinEntry(i).ir.doc);
  return { name: doc.name, doc, module, scope: new TypeScope(doc.definitions, imports), set: documentsWith(doc) };
}

/** The types of a schema that have at least one codec, in definition order. */
export function codecTypes(schema: Schema): string[] {
  return schema.doc.definitions.map((d) => d.name).filter((n) => codecOf(schema, n, "tpl") || codecOf(schema, n, "cbor"));
}

type AnyCodec = TplCodec<unknown> | CborCodec<unknown>;

export function codecOf(schema: Schema, type: string, format: Format): AnyCodec | undefined {
  const id = assignIdentifiers(schema.doc.definitions.map((d) => d.name)).get(type) ?? type;
  const entry = Object.prototype.hasOwnProperty.call(schema.module, id) ? (schema.module[id] as { tpl?: AnyCodec; cbor?: AnyCodec } | undefined) : undefined;
  return entry?.[format];
}

/** A failure with where it happened: a byte offset (decode) and a field path, or a JSON pointer (edit). */
export interface Failure {
  readonly message: string;
  readonly offset?: number;
  readonly path?: string;
  readonly pointer?: string;
}

/** Both encodings of one value, and where each spends its bytes. */
export interface Encodings {
  readonly value: unknown;
  /** The JSON form of the value (what the editor shows). */
  readonly json: unknown;
  readonly bytes: Partial<Record<Format, Uint8Array>>;
  readonly errors: Partial<Record<Format, Failure>>;
  /** Spans in each format's bytes (null where they cannot be placed). */
  readonly spans: Partial<Record<Format, SpanNode | null>>;
  /** Bytes per field path in both formats (the report's breakdown). */
  readonly fields: readonly Row[];
  readonly walkError?: string;
}

export type DecodeResult = ({ readonly ok: true; readonly from: Format } & Encodings) | { readonly ok: false; readonly error: Failure };

export function failureOf(e: unknown): Failure {
  if (isCodecError(e)) return { message: e.reason, offset: e.offset, path: e.path };
  if (e instanceof JsonFormError) return { message: e.message, pointer: e.pointer };
  return { message: e instanceof Error ? e.message : String(e) };
}

/** Decode `bytes` as `type` in `format`; then both encodings, with spans. */
export function decodeBytes(schema: Schema, type: string, format: Format, bytes: Uint8Array): DecodeResult {
  const codec = codecOf(schema, type, format);
  if (!codec) return { ok: false, error: { message: `${type} has no ${format.toUpperCase()} codec` } };
  let value: unknown;
  try {
    value = codec.decode(bytes);
  } catch (e) {
    return { ok: false, error: failureOf(e) };
  }
  return { ok: true, from: format, ...encodingsOf(schema, type, value, { [format]: bytes }) };
}

/** A JSON value (the editor's) as `type`: both encodings, or where the value is wrong. */
export function encodeJson(schema: Schema, type: string, json: unknown): { ok: true; encodings: Encodings } | { ok: false; error: Failure } {
  const def = schema.doc.definitions.find((d) => d.name === type);
  if (!def) return { ok: false, error: { message: `no type ${type}` } };
  let value: unknown;
  try {
    value = fromJsonValue(schema.scope, { kind: "ref", name: type }, json);
  } catch (e) {
    return { ok: false, error: failureOf(e) };
  }
  return { ok: true, encodings: encodingsOf(schema, type, value, {}) };
}

function encodingsOf(schema: Schema, type: string, value: unknown, given: Partial<Record<Format, Uint8Array>>): Encodings {
  const bytes: Partial<Record<Format, Uint8Array>> = { ...given };
  const errors: Partial<Record<Format, Failure>> = {};
  for (const f of ["tpl", "cbor"] as const) {
    if (bytes[f]) continue;
    const codec = codecOf(schema, type, f);
    if (!codec) {
      errors[f] = { message: `${type} has no ${f.toUpperCase()} codec` };
      continue;
    }
    try {
      bytes[f] = (codec as { encode(v: unknown): Uint8Array }).encode(value);
    } catch (e) {
      errors[f] = failureOf(e);
    }
  }
  const json = toJsonValue(value, schema.scope, { kind: "ref", name: type });
  const spans: Partial<Record<Format, SpanNode | null>> = {};
  try {
    const walked = walkValueTree(schema.set, schema.name, type, value);
    for (const f of ["tpl", "cbor"] as const) {
      const b = bytes[f];
      if (b) spans[f] = layoutSpans(walked.tree, f, b);
    }
    return { value, json, bytes, errors, spans, fields: byField(walked.charges) };
  } catch (e) {
    return { value, json, bytes, errors, spans, fields: [], walkError: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The message ID of a MIMI content message (it carries a 16-octet salt):
 * the draft's hash over sender, room and the encoded message. The sender
 * and room come from the value's own senderUri/roomUri where it has them
 * (as `check` reads the drafts' examples), else from the page's fields.
 */
export function messageIdOf(value: unknown, encoded: Uint8Array, senderUri: string, roomUri: string): { id: string; senderUri: string; roomUri: string } | null {
  const salt = findField(value, "salt");
  if (!(salt instanceof Uint8Array) || salt.length !== 16) return null;
  const ownSender = findField(value, "senderUri");
  const ownRoom = findField(value, "roomUri");
  const sender = typeof ownSender === "string" ? ownSender : senderUri;
  const room = typeof ownRoom === "string" ? ownRoom : roomUri;
  return { id: toHex(computeMessageId({ senderUri: sender, roomUri: room, message: encoded, salt })), senderUri: sender, roomUri: room };
}
