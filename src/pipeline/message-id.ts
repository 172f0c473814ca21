/**
 * The MIMI content message ID (draft-ietf-mimi-content, "Message ID"):
 *
 *   hash_output = hash( senderUriLength || senderUri ||
 *                       roomUriLength   || roomUri   ||
 *                       message         || salt )
 *   messageId = hashAlg || hash_output[0..30]
 *
 * The lengths are big-endian uint16 octet counts of the UTF-8 URIs, `message`
 * is the entire encoded MIMI content (which already contains the salt) and the
 * salt is appended once more against SHA-256 length extension. The first
 * octet is the IANA Named Information hash algorithm; SHA-256 (1) is the only
 * one defined for message IDs.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { PipelineError, violation } from "./errors.js";

/** IANA "Named Information Hash Algorithm Registry": sha-256. */
export const HASH_ALG_SHA256 = 1;
export const MESSAGE_ID_LENGTH = 32;

/** Hash algorithms a message ID may start with (only SHA-256 today). */
export const MESSAGE_ID_HASH_ALGS: ReadonlySet<number> = new Set([HASH_ALG_SHA256]);

const utf8 = new TextEncoder();

export interface MessageIdInput {
  /** The sender's user URI: on receipt, the identity in the MLS credential of the sender leaf. */
  readonly senderUri: string;
  readonly roomUri: string;
  /** The encoded MIMI content exactly as sent (it begins with the salt). */
  readonly message: Uint8Array;
  /** The 16-octet salt of that content. */
  readonly salt: Uint8Array;
}

export function computeMessageId(input: MessageIdInput): Uint8Array {
  const sender = utf8.encode(input.senderUri);
  const room = utf8.encode(input.roomUri);
  for (const [name, b] of [["senderUri", sender], ["roomUri", room]] as const) {
    if (b.length > 0xffff) throw new PipelineError("encode", [violation("cddl/invalid", name, `${name} is ${b.length} octets; its length must fit 16 bits`)]);
  }
  if (input.salt.length !== 16) throw new PipelineError("encode", [violation("cddl/invalid", "salt", `salt is ${input.salt.length} octets, not 16`)]);
  const h = sha256.create();
  h.update(u16(sender.length)).update(sender).update(u16(room.length)).update(room).update(input.message).update(input.salt);
  const out = new Uint8Array(MESSAGE_ID_LENGTH);
  out[0] = HASH_ALG_SHA256;
  out.set(h.digest().subarray(0, MESSAGE_ID_LENGTH - 1), 1);
  return out;
}

function u16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}

/** Constant-time-enough equality for IDs and hashes (all public values here). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
