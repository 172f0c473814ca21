/**
 * Builders for NestedParts (draft-ietf-mimi-content, "Message Bodies" and
 * "External content"). Each returns the generated `NestedPart` type, so what
 * they build is exactly what the codec encodes.
 */
import type { NestedPart, NestedPart_disposition, NestedPart_partSemantics } from "../../generated/mimi-content-main/index.js";
import { escapeRawHtml } from "./media.js";

export const MARKDOWN = "text/markdown;variant=GFM-MIMI";
export const PLAIN_TEXT = "text/plain;charset=utf-8";
export const HTML = "text/html;charset=utf-8";

export type Single = Extract<NestedPart, { cardinality: "single" }>;
export type External = Extract<NestedPart, { cardinality: "external" }>;
export type Multi = Extract<NestedPart, { cardinality: "multi" }>;
export type Null = Extract<NestedPart, { cardinality: "nullpart" }>;

export interface PartOptions {
  readonly disposition?: NestedPart_disposition;
  /** "" or a comma-separated list of RFC 5646 language tags */
  readonly language?: string;
}

const utf8 = new TextEncoder();

export function singlePart(contentType: string, content: Uint8Array | string, opts: PartOptions = {}): Single {
  return {
    disposition: opts.disposition ?? "render",
    language: opts.language ?? "",
    cardinality: "single",
    contentType,
    content: typeof content === "string" ? utf8.encode(content) : content,
  };
}

/**
 * GFM-MIMI markdown. Unless `raw` is set, the "<" of any raw HTML tag is
 * replaced with "&lt;" as the GFM-MIMI "No HTML" extension requires.
 */
export function markdownPart(text: string, opts: PartOptions & { readonly raw?: boolean } = {}): Single {
  return singlePart(MARKDOWN, opts.raw ? text : escapeRawHtml(text), opts);
}

export function plainTextPart(text: string, opts: PartOptions = {}): Single {
  return singlePart(PLAIN_TEXT, text, opts);
}

export function htmlPart(html: string, opts: PartOptions = {}): Single {
  return singlePart(HTML, html, opts);
}

/** One reaction (typically one emoji grapheme cluster) with disposition reaction. */
export function reactionPart(reaction: string, opts: { readonly language?: string } = {}): Single {
  return plainTextPart(reaction, { disposition: "reaction", language: opts.language ?? "" });
}

export function nullPart(disposition: NestedPart_disposition = "render"): Null {
  return { disposition, language: "", cardinality: "nullpart" };
}

export function multiPart(partSemantics: NestedPart_partSemantics, parts: readonly NestedPart[], opts: PartOptions = {}): Multi {
  return { disposition: opts.disposition ?? "render", language: opts.language ?? "", cardinality: "multi", partSemantics, parts: [...parts] };
}

/** `chooseOne`: the receiver renders the one it prefers (like multipart/alternative). */
export const alternatives = (parts: readonly NestedPart[], opts?: PartOptions): Multi => multiPart("chooseOne", parts, opts);
/** `processAll`: the receiver processes as many as it can (like multipart/mixed). */
export const mixed = (parts: readonly NestedPart[], opts?: PartOptions): Multi => multiPart("processAll", parts, opts);
/** `singleUnit`: all or nothing (like multipart/related). */
export const related = (parts: readonly NestedPart[], opts?: PartOptions): Multi => multiPart("singleUnit", parts, opts);

export interface ExternalInit extends PartOptions {
  readonly contentType: string;
  readonly url: string;
  /** seconds since the UNIX epoch after which the content is invalid; 0 = never */
  readonly expires?: number;
  /** octets at the url; 0 = not given */
  readonly size?: bigint;
  readonly encAlg?: number;
  readonly key?: Uint8Array;
  readonly nonce?: Uint8Array;
  readonly aad?: Uint8Array;
  readonly hashAlg?: number;
  readonly contentHash?: Uint8Array;
  readonly description?: string;
  readonly filename?: string;
}

export function externalPart(init: ExternalInit): External {
  return {
    disposition: init.disposition ?? "attachment",
    language: init.language ?? "",
    cardinality: "external",
    contentType: init.contentType,
    url: init.url,
    expires: init.expires ?? 0,
    size: init.size ?? 0n,
    encAlg: init.encAlg ?? 0,
    key: init.key ?? new Uint8Array(0),
    nonce: init.nonce ?? new Uint8Array(0),
    aad: init.aad ?? new Uint8Array(0),
    hashAlg: init.hashAlg ?? 0,
    contentHash: init.contentHash ?? new Uint8Array(0),
    description: init.description ?? "",
    filename: init.filename ?? "",
  };
}

/** A session (conference) link: an unencrypted ExternalPart with disposition session. */
export function sessionPart(url: string, description: string, opts: PartOptions & { readonly contentType?: string } = {}): External {
  return externalPart({ contentType: opts.contentType ?? "", url, description, disposition: opts.disposition ?? "session", language: opts.language ?? "" });
}
