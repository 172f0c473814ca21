/**
 * Inputs for the benchmarks: MIMI content messages of three sizes built from
 * the main-2026-03 examples, a 64 KiB body, and real MLS messages made by
 * ts-mls (the same three-member group the interop test builds).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mimiContent, type NestedPart } from "../generated/mimi-content-main/index.js";
import { DRAFTS } from "../test/helpers/drafts.js";

export const MAIN_EXAMPLES = join(DRAFTS, "mimi-content", "main-2026-03", "examples");

export function readExample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(MAIN_EXAMPLES, name)));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Markdown text of exactly `n` bytes (ASCII), deterministic. */
export function markdown(n: number, seed = 0): Uint8Array {
  const words = ["release", "shipped", "__Good__", "work", "team,", "the", "build", "is", "green.", "Thanks", "everyone", "for", "`2.0`", "*review*", "and", "testing!"];
  let s = "";
  let i = seed;
  while (s.length < n) s += words[i++ % words.length] + (i % 11 === 0 ? "\n" : " ");
  return utf8(s.slice(0, n));
}

function singlePart(content: Uint8Array, contentType = "text/markdown;variant=GFM-MIMI"): NestedPart {
  return { disposition: "render", language: "", cardinality: "single", contentType, content };
}

export interface SizedMessage {
  label: string;
  value: mimiContent;
}

/**
 * Three MIMI content messages, each derived from original.cbor:
 * - small (~100 B): the original with a short body and only the sender URI,
 * - medium (~1.3 KB): the original with a 1.1 KB markdown body,
 * - large (~69 KB): a processAll multipart of 60 markdown parts of 1.1 KB.
 */
export function mimiMessages(): SizedMessage[] {
  const original = mimiContent.cbor.decode(readExample("original.cbor"));
  const small: mimiContent = {
    ...original,
    mimiExtensions: { senderUri: original.mimiExtensions.senderUri!, unknownExtension: new Map() },
    nestedPart: singlePart(utf8("Hi everyone, release 2.0 shipped!")),
  };
  const medium: mimiContent = { ...original, nestedPart: singlePart(markdown(1100)) };
  const parts: NestedPart[] = [];
  for (let i = 0; i < 60; i++) parts.push(singlePart(markdown(1100, i)));
  const large: mimiContent = {
    ...original,
    nestedPart: { disposition: "render", language: "", cardinality: "multi", partSemantics: "processAll", parts },
  };
  return [
    { label: "small", value: small },
    { label: "medium", value: medium },
    { label: "large", value: large },
  ];
}

/** A single-part message whose content is exactly 64 KiB. */
export function bigBodyMessage(): mimiContent {
  const original = mimiContent.cbor.decode(readExample("original.cbor"));
  const body = new Uint8Array(64 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = (i * 131 + 7) & 0xff;
  return { ...original, nestedPart: singlePart(body, "application/octet-stream") };
}

/**
 * The CDDL's own shape of a value, as a generic CBOR library sees it:
 * arrays for records, Maps with integer keys for `{ 1: ..., 2: ... }`,
 * integers for enums. Obtained by decoding the generated codec's bytes with
 * a generic decoder that keeps Maps.
 */
export async function cddlShape(bytes: Uint8Array): Promise<unknown> {
  const { Decoder } = await import("cbor-x");
  return new Decoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false } as never).decode(bytes);
}
