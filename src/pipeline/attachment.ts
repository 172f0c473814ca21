/**
 * Attachments ("External content"): the sender encrypts the content with a
 * fresh AES-128-GCM key and nonce (Web Crypto), uploads the ciphertext, and
 * sends key, nonce, aad (empty unless an extension says otherwise) and the
 * SHA-256 of the uploaded bytes in an ExternalPart. The receiver downloads,
 * checks size and hash of what it got, then decrypts.
 *
 * Interpretation (the draft leaves it open): `contentHash` and `size` both
 * describe "the content at the target url", i.e. the ciphertext as stored;
 * the hash is checked before anything is decrypted.
 */
import { AEAD_ALGS, ENC_AES_128_GCM, ENC_NONE, HASH_ALGS } from "./algorithms.js";
import { randomBytes } from "./compose.js";
import { reject } from "./errors.js";
import { HASH_ALG_SHA256, bytesEqual } from "./message-id.js";
import { externalPart, type External, type PartOptions } from "./parts-builders.js";
import { toHex } from "../runtime/index.js";

/** Where external content lives: an HTTP store in real life, a Map in tests and the CLI. */
export interface BlobStore {
  put(name: string, bytes: Uint8Array): Promise<string>;
  get(url: string): Promise<Uint8Array | undefined>;
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();
  constructor(readonly baseUrl = "https://example.com/storage/") {}

  async put(name: string, bytes: Uint8Array): Promise<string> {
    const url = new URL(encodeURIComponent(name), this.baseUrl).href;
    this.blobs.set(url, bytes.slice());
    return url;
  }

  async get(url: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(url)?.slice();
  }

  /** Replace stored bytes (what a compromised storage server could do). */
  tamper(url: string, f: (b: Uint8Array) => Uint8Array): void {
    const b = this.blobs.get(url);
    if (!b) throw new Error(`nothing stored at ${url}`);
    this.blobs.set(url, f(b.slice()));
  }
}

export interface UploadOptions extends PartOptions {
  readonly contentType: string;
  readonly filename?: string;
  readonly description?: string;
  /** seconds since the UNIX epoch after which the content is invalid; 0 = never */
  readonly expires?: number;
  /** the name under which the store keeps it (default: 11 random URL-safe characters + the filename's extension) */
  readonly name?: string;
  readonly random?: (n: number) => Uint8Array;
}

async function aesGcm(op: "encrypt" | "decrypt", key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  // Web Crypto as browsers, Node 20+, Deno and Bun all provide it (no node:crypto, so the pipeline bundles for a browser)
  const k = await globalThis.crypto.subtle.importKey("raw", key, { name: "AES-GCM" }, false, [op]);
  const params = { name: "AES-GCM", iv: nonce, additionalData: aad, tagLength: 128 };
  return new Uint8Array(op === "encrypt" ? await globalThis.crypto.subtle.encrypt(params, k, data) : await globalThis.crypto.subtle.decrypt(params, k, data));
}

/** Encrypt, upload and describe: the ExternalPart to put in a message. */
export async function uploadAttachment(store: BlobStore, data: Uint8Array, opts: UploadOptions): Promise<External> {
  const random = opts.random ?? randomBytes;
  const alg = AEAD_ALGS.get(ENC_AES_128_GCM)!;
  const key = random(alg.keyLength);
  const nonce = random(alg.nonceLength);
  const aad = new Uint8Array(0);
  const stored = await aesGcm("encrypt", key, nonce, aad, data);
  const ext = opts.filename?.match(/\.[A-Za-z0-9]{1,8}$/)?.[0] ?? "";
  const name = opts.name ?? Buffer.from(random(8)).toString("base64url") + ext;
  const url = await store.put(name, stored);
  return externalPart({
    disposition: opts.disposition ?? "attachment",
    language: opts.language ?? "",
    contentType: opts.contentType,
    url,
    expires: opts.expires ?? 0,
    size: BigInt(stored.length),
    encAlg: ENC_AES_128_GCM,
    key,
    nonce,
    aad,
    hashAlg: HASH_ALG_SHA256,
    contentHash: HASH_ALGS.get(HASH_ALG_SHA256)!.digest!(stored),
    description: opts.description ?? "",
    filename: opts.filename ?? "",
  });
}

/**
 * Download and verify: expiry, size, hash (before decrypting), then AEAD.
 * `path` is the part's field path, for the violation.
 */
export async function fetchAttachment(store: BlobStore, part: External, opts: { readonly now: number; readonly path?: string }): Promise<Uint8Array> {
  const path = opts.path ?? "nestedPart";
  if (part.expires !== 0 && part.expires * 1000 <= opts.now) {
    reject("attachment", "attachment/expired", `${path}.expires`, `the external content expired at ${new Date(part.expires * 1000).toISOString()}`);
  }
  const stored = await store.get(part.url);
  if (stored === undefined) reject("attachment", "attachment/not-found", `${path}.url`, `nothing stored at ${part.url}`);
  if (part.size !== 0n && BigInt(stored.length) !== part.size) {
    reject("attachment", "attachment/size-mismatch", `${path}.size`, `downloaded ${stored.length} octets, the message says ${part.size}`);
  }
  if (part.hashAlg !== 0) {
    const h = HASH_ALGS.get(part.hashAlg);
    if (!h?.digest) reject("attachment", "external/hash-alg-unknown", `${path}.hashAlg`, `hash algorithm ${part.hashAlg} is not accepted for verifying content`);
    const got = h.digest(stored);
    if (!bytesEqual(got, part.contentHash)) {
      reject("attachment", "attachment/hash-mismatch", `${path}.contentHash`, `${h.name} of the downloaded content is ${toHex(got)}, the message says ${toHex(part.contentHash)}`);
    }
  }
  if (part.encAlg === ENC_NONE) return stored;
  const a = AEAD_ALGS.get(part.encAlg);
  if (!a?.supported) reject("attachment", "external/enc-alg-unknown", `${path}.encAlg`, `AEAD algorithm ${part.encAlg} is not supported`);
  try {
    return await aesGcm("decrypt", part.key, part.nonce, part.aad, stored);
  } catch (e) {
    return reject("attachment", "attachment/decrypt-failed", `${path}.key`, `${a.name} decryption failed: the content, key, nonce or aad is wrong`, e);
  }
}
