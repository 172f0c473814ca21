/**
 * The IANA registries an ExternalPart refers to by number.
 *
 * hashAlg: "Named Information Hash Algorithm Registry" (RFC 6920 §9.4).
 * 0 is "Reserved" there; the draft's conferencing example uses 0 for "no
 * hash" together with an empty contentHash, and so do we. The truncated
 * SHA-256 variants (2-6) are listed for the length check, but their
 * collision resistance is too low for content integrity, so attachments
 * hashed with them are not fetched.
 *
 * encAlg: "AEAD Algorithms" (RFC 5116 §6). 0 means not encrypted.
 */
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { sha3_256, sha3_384, sha3_512 } from "@noble/hashes/sha3.js";

export interface HashAlg {
  readonly name: string;
  /** octets of the (possibly truncated) hash value */
  readonly length: number;
  /** undefined: known, but not accepted for verifying content */
  readonly digest?: (data: Uint8Array) => Uint8Array;
}

export const HASH_NONE = 0;

export const HASH_ALGS: ReadonlyMap<number, HashAlg> = new Map<number, HashAlg>([
  [1, { name: "sha-256", length: 32, digest: (d) => sha256(d) }],
  [2, { name: "sha-256-128", length: 16 }],
  [3, { name: "sha-256-120", length: 15 }],
  [4, { name: "sha-256-96", length: 12 }],
  [5, { name: "sha-256-64", length: 8 }],
  [6, { name: "sha-256-32", length: 4 }],
  [7, { name: "sha-384", length: 48, digest: (d) => sha384(d) }],
  [8, { name: "sha-512", length: 64, digest: (d) => sha512(d) }],
  [9, { name: "sha3-224", length: 28 }],
  [10, { name: "sha3-256", length: 32, digest: (d) => sha3_256(d) }],
  [11, { name: "sha3-384", length: 48, digest: (d) => sha3_384(d) }],
  [12, { name: "sha3-512", length: 64, digest: (d) => sha3_512(d) }],
]);

export interface AeadAlg {
  readonly name: string;
  readonly keyLength: number;
  readonly nonceLength: number;
  /** can this implementation decrypt it (Web Crypto AES-GCM)? */
  readonly supported: boolean;
}

export const ENC_NONE = 0;
/** AEAD_AES_128_GCM: the algorithm MIMI clients MUST implement. */
export const ENC_AES_128_GCM = 1;

export const AEAD_ALGS: ReadonlyMap<number, AeadAlg> = new Map<number, AeadAlg>([
  [1, { name: "AEAD_AES_128_GCM", keyLength: 16, nonceLength: 12, supported: true }],
  [2, { name: "AEAD_AES_256_GCM", keyLength: 32, nonceLength: 12, supported: true }],
  [29, { name: "AEAD_CHACHA20_POLY1305", keyLength: 32, nonceLength: 12, supported: false }],
]);
