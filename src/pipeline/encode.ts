/**
 * MIMI content on the wire: CBOR (the draft's encoding, media type
 * application/mimi-content, RFC 8949 §4.2.1 deterministic) or TPL (the
 * canonical TPL image of the same CDDL, for the WG's size comparison; it has
 * no registered media type, so a group uses it only by prior agreement).
 *
 * Both directions go through the generated codec, which enforces the CDDL;
 * failures become PipelineErrors naming the rule and the field path.
 */
import { mimiContent } from "../../generated/mimi-content-main/index.js";
import { PipelineError, codecViolation } from "./errors.js";

export const MIMI_CONTENT_MEDIA_TYPE = "application/mimi-content";

export type ContentFormat = "cbor" | "tpl";

export function encodeContent(content: mimiContent, format: ContentFormat = "cbor"): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = format === "cbor" ? mimiContent.cbor.encode(content) : mimiContent.tpl.encode(content);
  } catch (e) {
    throw new PipelineError("encode", [codecViolation(e)], { cause: e });
  }
  if (format === "cbor") {
    // The draft requires deterministic CBOR with unique map keys. Check what
    // the generated encoder wrote instead of trusting it: it writes an
    // unknownExtension key 1 or 2 next to senderUri/roomUri (a duplicate key).
    try {
      mimiContent.cbor.decode(bytes);
    } catch (e) {
      const v = codecViolation(e);
      const rule = /duplicate map key/.test(v.message) ? "extensions/duplicate-key" : v.rule;
      throw new PipelineError("encode", [{ ...v, rule, message: `the encoder wrote bytes the decoder rejects: ${v.message}` }], { cause: e });
    }
    try {
      mimiContent.cbor.decode(bytes, { deterministic: true });
    } catch (e) {
      throw new PipelineError("encode", [codecViolation(e, true)], { cause: e });
    }
  }
  return bytes;
}

/**
 * Strict decoding of received bytes: first against the CDDL, then (CBOR) in
 * deterministic mode, so a rejection says which of the two failed. The
 * result owns its bytes (no views into `bytes`).
 */
export function decodeContent(bytes: Uint8Array, format: ContentFormat = "cbor"): mimiContent {
  const own = bytes.slice();
  const codec = format === "cbor" ? mimiContent.cbor : mimiContent.tpl;
  let value: mimiContent;
  try {
    value = codec.decode(own);
  } catch (e) {
    throw new PipelineError("decode", [codecViolation(e)], { cause: e });
  }
  if (format === "cbor") {
    try {
      mimiContent.cbor.decode(own, { deterministic: true });
    } catch (e) {
      throw new PipelineError("decode", [codecViolation(e, true)], { cause: e });
    }
  }
  return value;
}

/** The encoded size; a value that breaks the CDDL is rejected here, before anything is written. */
export function encodedSize(content: mimiContent, format: ContentFormat = "cbor"): number {
  try {
    return format === "cbor" ? mimiContent.cbor.encodedSize(content) : mimiContent.tpl.encodedSize(content);
  } catch (e) {
    throw new PipelineError("encode", [codecViolation(e)], { cause: e });
  }
}

/** Encoded size in both formats (for the size comparison). */
export function contentSizes(content: mimiContent): { cbor: number; tpl: number } {
  return { cbor: mimiContent.cbor.encodedSize(content), tpl: mimiContent.tpl.encodedSize(content) };
}
