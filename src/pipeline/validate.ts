/**
 * Semantic validation of one MIMI content message, before sending and after
 * receiving. The CDDL itself is enforced by the generated codec (encode and
 * decode); these are the rules the draft states in prose, chiefly in its
 * Security Considerations ("General handling"). Each violation names its rule
 * (rules.ts) and the field path. Stateful rules (duplicates, reply loops,
 * edit authorization) live in the conversation view.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { PipelineError, isNotice, violation, type Stage, type Violation } from "./errors.js";
import { MESSAGE_ID_HASH_ALGS } from "./message-id.js";
import { checkBody } from "./validate-body.js";
import { checkExtensions } from "./validate-extensions.js";

export const MAX_TOPIC_ID_OCTETS = 4096;
/** "more than a year" in the past or future; 366 days so no leap year trips it. */
export const YEAR_MS = 366 * 24 * 3600 * 1000;
/** Local policy: the largest encoded content accepted (the MLS message carries it whole). */
export const DEFAULT_MAX_CONTENT_BYTES = 1 << 20;

export interface ValidateOptions {
  readonly direction: "send" | "receive";
  /** the local clock, ms since the UNIX epoch (expiry checks) */
  readonly now: number;
  /** the encoded size, when known (body/too-large) */
  readonly encodedSize?: number;
  readonly maxContentBytes?: number;
}

export interface ValidationResult {
  /** violations that reject the message */
  readonly errors: readonly Violation[];
  /** how a legitimate message is handled (e.g. an unknown disposition rendered as render) */
  readonly notices: readonly Violation[];
}

export function validateContent(content: mimiContent, opts: ValidateOptions): ValidationResult {
  const all: Violation[] = [];

  if (opts.direction === "send" && content.salt.length === 16 && content.salt.every((b) => b === content.salt[0])) {
    all.push(violation("salt/weak", "mimiContent.salt", "all 16 salt octets are equal; the salt MUST be cryptographically random"));
  }
  if (content.topicId.length > MAX_TOPIC_ID_OCTETS) {
    all.push(violation("topicId/too-long", "mimiContent.topicId", `topicId has ${content.topicId.length} octets; more than ${MAX_TOPIC_ID_OCTETS} is nonsensical`));
  }
  for (const field of ["replaces", "inReplyTo"] as const) {
    const id = content[field];
    if (id !== null && id.length > 0 && !MESSAGE_ID_HASH_ALGS.has(id[0]!)) {
      all.push(violation("message-id/unknown-hash-alg", `mimiContent.${field}`, `message ID starts with hash algorithm ${id[0]}; only 1 (SHA-256) is defined`));
    }
  }
  checkExpires(content, opts.now, all);
  const max = opts.maxContentBytes ?? DEFAULT_MAX_CONTENT_BYTES;
  if (opts.encodedSize !== undefined && opts.encodedSize > max) {
    all.push(violation("body/too-large", "mimiContent", `encoded content is ${opts.encodedSize} octets; the local limit is ${max}`));
  }
  checkExtensions(content.mimiExtensions, all);
  checkBody(content, { direction: opts.direction }, all);

  return { errors: all.filter((v) => !isNotice(v)), notices: all.filter(isNotice) };
}

/** validateContent, throwing a PipelineError with every error; returns the notices. */
export function assertValidContent(content: mimiContent, opts: ValidateOptions, stage: Stage = "validate"): readonly Violation[] {
  const r = validateContent(content, opts);
  if (r.errors.length > 0) throw new PipelineError(stage, r.errors);
  return r.notices;
}

function checkExpires(content: mimiContent, now: number, out: Violation[]): void {
  const e = content.expires;
  if (e === null) return;
  const path = "mimiContent.expires.time";
  if (e.relative) {
    if (e.time * 1000 > YEAR_MS) out.push(violation("expires/too-far-future", path, `relative expiration of ${e.time} s is more than a year`));
    return;
  }
  const at = e.time * 1000;
  if (at < now - YEAR_MS) out.push(violation("expires/too-far-past", path, `absolute expiration ${iso(at)} is more than a year before ${iso(now)}`));
  if (at > now + YEAR_MS) out.push(violation("expires/too-far-future", path, `absolute expiration ${iso(at)} is more than a year after ${iso(now)}`));
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
