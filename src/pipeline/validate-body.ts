/**
 * Checks on the body (the NestedPart tree) beyond what the CDDL says: part
 * count and depth, NullPart placement, content ID references between parts,
 * text bodies, reactions, and the ExternalPart's algorithm/length agreement.
 */
import type { NestedPart, mimiContent } from "../../generated/mimi-content-main/index.js";
import { AEAD_ALGS, ENC_NONE, HASH_ALGS, HASH_NONE } from "./algorithms.js";
import { violation, type Violation } from "./errors.js";
import {
  contentIdRefs,
  findRawHtml,
  graphemeCount,
  isAbsoluteUri,
  isGfmMimi,
  isLanguageList,
  isUtf8Text,
  isValidUtf8,
  mayReferenceParts,
  parseMediaType,
} from "./media.js";
import { indexParts, type IndexedPart } from "./parts.js";

/** "more than 1024" body parts is nonsensical (Security Considerations). */
export const MAX_PARTS = 1024;
/** NestedParts MUST NOT be nested more than 4 levels deep. */
export const MAX_PART_DEPTH = 4;

export interface BodyCheckOptions {
  readonly direction: "send" | "receive";
}

const utf8 = new TextDecoder();

export function checkBody(content: mimiContent, opts: BodyCheckOptions, out: Violation[]): void {
  const parts = indexParts(content.nestedPart, { maxDepth: MAX_PART_DEPTH, maxParts: MAX_PARTS });
  if (parts.length > MAX_PARTS) out.push(violation("body/too-many-parts", "mimiContent.nestedPart", `the body has more than ${MAX_PARTS} parts`));
  const tooDeep = parts.find((p) => p.depth > MAX_PART_DEPTH);
  if (tooDeep) out.push(violation("body/too-deep", tooDeep.path, `part ${tooDeep.index} is at nesting level ${tooDeep.depth}; at most ${MAX_PART_DEPTH} levels are allowed`));

  const body = content.nestedPart;
  if (body.cardinality === "nullpart" && content.replaces === null) {
    out.push(violation("body/null-without-replaces", "mimiContent.nestedPart", "an empty (NullPart) body is only meaningful when deleting or unliking (replaces is null)"));
  }
  const top = body.disposition;
  if (top === "reaction" && body.cardinality !== "nullpart" && content.inReplyTo === null && content.replaces === null) {
    out.push(violation("reaction/no-target", "mimiContent.inReplyTo", "a reaction with no inReplyTo reacts to no message; it is shown as a message"));
  }

  for (const p of parts) checkPart(p, parts, opts, out);
}

function checkPart(p: IndexedPart, all: readonly IndexedPart[], opts: BodyCheckOptions, out: Violation[]): void {
  const part = p.part;
  if (typeof part.disposition === "number") {
    out.push(violation("disposition/unknown", `${p.path}.disposition`, `unknown disposition ${part.disposition}; treated as render`));
  }
  if (!isLanguageList(part.language)) {
    out.push(violation("language/invalid", `${p.path}.language`, `${JSON.stringify(part.language)} is not a comma-separated list of RFC 5646 language tags`));
  }
  if (part.cardinality === "nullpart" && p.parent >= 0) {
    out.push(violation("multipart/nullpart-inside", p.path, "a NullPart inside a MultiPart carries nothing"));
  }
  if (part.cardinality === "single") checkSingle(p, part, all, opts, out);
  if (part.cardinality === "external") checkExternal(p, part, out);
}

type Single = Extract<NestedPart, { cardinality: "single" }>;
type External = Extract<NestedPart, { cardinality: "external" }>;

function checkSingle(p: IndexedPart, part: Single, all: readonly IndexedPart[], opts: BodyCheckOptions, out: Violation[]): void {
  const mt = parseMediaType(part.contentType);
  if (!mt) {
    out.push(violation("contentType/invalid", `${p.path}.contentType`, `${JSON.stringify(part.contentType)} is not a media type (type/subtype;param=value)`));
    return;
  }
  if (!isUtf8Text(mt)) return;
  if (!isValidUtf8(part.content)) {
    out.push(violation("content/invalid-utf8", `${p.path}.content`, `${part.contentType} content is not valid UTF-8`));
    return;
  }
  const text = utf8.decode(part.content);
  if (opts.direction === "send" && isGfmMimi(mt)) {
    const at = findRawHtml(text);
    if (at >= 0) out.push(violation("markdown/raw-html", `${p.path}.content`, `raw HTML at character ${at}; GFM-MIMI replaces the "<" of an HTML tag with "&lt;" before sending`));
  }
  if (part.disposition === "reaction" && mt.subtype === "plain" && graphemeCount(text) > 1) {
    out.push(violation("reaction/multiple-in-one-part", `${p.path}.content`, `${graphemeCount(text)} grapheme clusters in one reaction part; send each reaction as its own part`));
  }
  if (mayReferenceParts(mt)) {
    for (const ref of new Set(contentIdRefs(text))) {
      const target = all[ref];
      const path = `${p.path}.content`;
      if (target === undefined || ref >= all.length) {
        out.push(violation("partIndex/out-of-range", path, `cid:${ref}@local.invalid names part ${ref}, but the message has parts 0..${all.length - 1}`));
      } else if (ref === p.index) {
        out.push(violation("partIndex/self-reference", path, `cid:${ref}@local.invalid names the part that contains it`));
      } else if (target.part.cardinality !== "single" && target.part.cardinality !== "external") {
        out.push(violation("partIndex/not-single-or-external", path, `cid:${ref}@local.invalid names a ${target.part.cardinality} part (${target.path})`));
      }
    }
  }
}

function checkExternal(p: IndexedPart, part: External, out: Violation[]): void {
  if (part.contentType !== "" && !parseMediaType(part.contentType)) {
    out.push(violation("contentType/invalid", `${p.path}.contentType`, `${JSON.stringify(part.contentType)} is not a media type`));
  }
  if (!isAbsoluteUri(part.url)) out.push(violation("external/url-invalid", `${p.path}.url`, `${JSON.stringify(part.url)} is not an absolute URL`));

  if (part.hashAlg === HASH_NONE) {
    if (part.contentHash.length !== 0) out.push(violation("external/hash-length", `${p.path}.contentHash`, `hashAlg is 0 (none) but contentHash has ${part.contentHash.length} octets`));
  } else {
    const h = HASH_ALGS.get(part.hashAlg);
    if (!h) out.push(violation("external/hash-alg-unknown", `${p.path}.hashAlg`, `hashAlg ${part.hashAlg} is not in the Named Information Hash Algorithm registry`));
    else if (part.contentHash.length !== h.length) {
      out.push(violation("external/hash-length", `${p.path}.contentHash`, `hashAlg ${part.hashAlg} (${h.name}) gives ${h.length} octets, contentHash has ${part.contentHash.length}`));
    }
  }

  if (part.encAlg === ENC_NONE) {
    const extra = (["key", "nonce", "aad"] as const).filter((f) => part[f].length !== 0);
    if (extra.length > 0) out.push(violation("external/enc-none-with-key", `${p.path}.${extra[0]}`, `encAlg is 0 (not encrypted) but ${extra.join(", ")} ${extra.length > 1 ? "are" : "is"} not empty`));
  } else {
    const a = AEAD_ALGS.get(part.encAlg);
    if (!a) out.push(violation("external/enc-alg-unknown", `${p.path}.encAlg`, `encAlg ${part.encAlg} is not a known AEAD algorithm`));
    else {
      if (part.key.length !== a.keyLength) out.push(violation("external/enc-key-length", `${p.path}.key`, `${a.name} needs a ${a.keyLength}-octet key, got ${part.key.length}`));
      if (part.nonce.length !== a.nonceLength) out.push(violation("external/enc-nonce-length", `${p.path}.nonce`, `${a.name} needs a ${a.nonceLength}-octet nonce, got ${part.nonce.length}`));
    }
  }
}
