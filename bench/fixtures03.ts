/**
 * Draft-03 `MimiContent` messages of three sizes for the hand-written
 * reference codecs (bench/handwritten/): the same bodies as fixtures.ts's
 * small / medium / large (a short text, a 1.1 KB markdown body, a multipart
 * of 60 such parts), in draft 03's shape. Built from constants, so tests can
 * use them without the drafts.
 */
import type { MimiContent, NestablePart } from "../generated/mimi-content-03/index.js";
import { markdown } from "./fixtures.js";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** 32 deterministic bytes (a MessageId or a hash). */
function id32(seed: number): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[i] = (seed * 73 + i * 29 + 11) & 0xff;
  return b;
}

function single(content: Uint8Array, partIndex: number): NestablePart {
  return { disposition: "render", language: "", partIndex, cardinality: "single", part: { contentType: "text/markdown;variant=GFM-MIMI", content } };
}

export interface SizedMessage03 {
  label: string;
  value: MimiContent;
}

export function mimiMessages03(): SizedMessage03[] {
  const sender = utf8("mimi://example.com/u/alice-smith");
  const room = utf8("mimi://example.com/r/engineering_team");
  const small: MimiContent = {
    replaces: null,
    topicId: new Uint8Array(0),
    expires: 0,
    inReplyTo: null,
    lastSeen: [],
    extensions: new Map([["senderUri", sender]]),
    body: single(utf8("Hi everyone, release 2.0 shipped!"), 0),
  };
  const header = {
    replaces: null,
    topicId: utf8("release-2.0"),
    expires: 1_900_000_000,
    inReplyTo: { message: id32(1), hashAlg: "sha256" as const, replyToHash: id32(2) },
    lastSeen: [id32(3), id32(4)],
    extensions: new Map([
      ["senderUri", sender],
      ["roomUri", room],
    ]),
  };
  const medium: MimiContent = { ...header, body: single(markdown(1100), 0) };
  const parts: NestablePart[] = [];
  for (let i = 0; i < 60; i++) parts.push(single(markdown(1100, i), i + 1));
  const large: MimiContent = { ...header, body: { disposition: "render", language: "en", partIndex: 0, cardinality: "multi", partSemantics: "processAll", parts } };
  return [
    { label: "small", value: small },
    { label: "medium", value: medium },
    { label: "large", value: large },
  ];
}
