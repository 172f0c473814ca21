/** Attachments (AES-128-GCM, SHA-256 of the stored bytes), the MLS layer and the hub on their own. */
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { createApplicationMessage } from "ts-mls/createMessage.js";
import { encodeMlsMessage } from "ts-mls/message.js";
import { MLSMessage } from "../../generated/rfc9420/index.js";
import { cipherSuiteImpl } from "../../src/pipeline/mls-group.js";
import { fromTsPrivateMessage } from "../../src/pipeline/mls-convert.js";
import { SubmitMessageResponse } from "../../generated/mimi-protocol-06/index.js";
import {
  Hub,
  MemoryBlobStore,
  createMlsGroup,
  fetchAttachment,
  readSubmitResponse,
  submitRequest,
  unwrapFanout,
  uploadAttachment,
  userUriOf,
} from "../../src/pipeline/index.js";
import { toHex } from "../../src/runtime/index.js";

const data = new TextEncoder().encode("2 hours of key signing video (abridged)");
const counter = () => {
  let i = 0;
  return (n: number) => Uint8Array.from({ length: n }, () => i++ & 0xff);
};

describe("attachments", () => {
  it("upload then fetch: AES-128-GCM with a fresh key and nonce, empty aad, SHA-256 of the stored ciphertext", async () => {
    const store = new MemoryBlobStore();
    const part = await uploadAttachment(store, data, { contentType: "video/mp4", filename: "bigfile.mp4", description: "clip", random: counter() });
    expect(part).toMatchObject({ cardinality: "external", disposition: "attachment", encAlg: 1, hashAlg: 1, filename: "bigfile.mp4", size: BigInt(data.length + 16) });
    expect(part.key).toHaveLength(16);
    expect(part.nonce).toHaveLength(12);
    expect(part.aad).toHaveLength(0);
    expect(part.url).toMatch(/^https:\/\/example\.com\/storage\/[A-Za-z0-9_-]+\.mp4$/);
    const stored = (await store.get(part.url))!;
    expect(toHex(part.contentHash)).toBe(toHex(sha256(stored)));
    expect(await fetchAttachment(store, part, { now: 0 })).toEqual(data);
  });

  it("each failure has its rule: not found, expired, size, hash, decryption", async () => {
    const store = new MemoryBlobStore();
    const part = await uploadAttachment(store, data, { contentType: "video/mp4", expires: 100 });
    const rule = (p: Promise<unknown>) => p.then(() => "accepted", (e: { rule: string; path: string }) => `${e.rule} @ ${e.path}`);
    expect(await rule(fetchAttachment(store, { ...part, url: part.url + "x" }, { now: 0 }))).toBe("attachment/not-found @ nestedPart.url");
    expect(await rule(fetchAttachment(store, part, { now: 100_000 }))).toBe("attachment/expired @ nestedPart.expires");
    expect(await rule(fetchAttachment(store, { ...part, size: 5n }, { now: 0 }))).toBe("attachment/size-mismatch @ nestedPart.size");
    expect(await rule(fetchAttachment(store, { ...part, contentHash: new Uint8Array(32) }, { now: 0 }))).toBe("attachment/hash-mismatch @ nestedPart.contentHash");
    expect(await rule(fetchAttachment(store, { ...part, nonce: new Uint8Array(12) }, { now: 0 }))).toBe("attachment/decrypt-failed @ nestedPart.key");
    expect(await rule(fetchAttachment(store, { ...part, hashAlg: 2, contentHash: new Uint8Array(16) }, { now: 0 }))).toBe("external/hash-alg-unknown @ nestedPart.hashAlg");
  });
});

describe("MLS group and hub", () => {
  it("credentials must be mimi: user URIs (checked when creating, and by the group's authentication service)", async () => {
    await expect(createMlsGroup(new Uint8Array(4), [{ userUri: "https://example.com/alice" }])).rejects.toThrow(/mimi:/);
    expect(userUriOf({ credentialType: "basic", identity: new TextEncoder().encode("mimi://example.com/u/alice") })).toBe("mimi://example.com/u/alice");
    expect(userUriOf({ credentialType: "basic", identity: new TextEncoder().encode("mimi://example.com/r/room") })).toBeUndefined();
    expect(userUriOf({ credentialType: "x509", certificates: [] })).toBeUndefined();
  });

  it("an application message: our MLSMessage bytes, the hub's fanout, decrypted by the others with the authenticated sender", async () => {
    const [alice, bob, cathy] = await createMlsGroup(new Uint8Array(32).fill(9), ["alice", "bob", "cathy"].map((n) => ({ userUri: `mimi://example.com/u/${n}` })));
    const enc = await alice!.encrypt(new TextEncoder().encode("hi"));
    expect(enc.message.wire_format).toBe("mls_private_message");
    const hub = new Hub({ roomUri: "mimi://example.com/r/x", groupId: alice!.groupId, epoch: alice!.epoch, participants: ["mimi://example.com/u/alice", "mimi://example.com/u/bob"], clock: () => 1234 });
    const out = hub.submit(submitRequest(enc.message, "mimi://example.com/u/alice"));
    if (!out.accepted) throw new Error(out.violation.message);
    expect(readSubmitResponse(out.response)).toEqual({ protocol: "mls10", statusCode: "accepted", accepted_timestamp: 1234n, frank: null });
    const { timestamp, message } = unwrapFanout(out.fanout);
    expect(timestamp).toBe(1234n);
    for (const m of [bob!, cathy!]) {
      const d = await m.decrypt(message);
      expect(new TextDecoder().decode(d.applicationData)).toBe("hi");
      expect(d.senderLeafIndex).toBe(alice!.leafIndex);
      expect(userUriOf(d.senderCredential)).toBe("mimi://example.com/u/alice");
    }
    // cathy is in the MLS group but not in the hub's participant list
    const fromCathy = await cathy!.encrypt(new Uint8Array([1]));
    const denied = hub.submit(submitRequest(fromCathy.message, "mimi://example.com/u/cathy"));
    expect(denied.accepted ? "accepted" : denied.violation.rule).toBe("hub/not-participant");
  });

  it("the hub answers epochTooOld with the current epoch, and refuses a future epoch and another group", async () => {
    const [alice] = await createMlsGroup(new Uint8Array(8).fill(1), [{ userUri: "mimi://example.com/u/alice" }, { userUri: "mimi://example.com/u/bob" }]);
    const enc = await alice!.encrypt(new Uint8Array([1]));
    const hub = (epoch: bigint, groupId = alice!.groupId) => new Hub({ roomUri: "mimi://example.com/r/x", groupId, epoch, participants: ["mimi://example.com/u/alice"], clock: () => 0 });
    const req = submitRequest(enc.message, "mimi://example.com/u/alice");
    const old = hub(5n).submit(req);
    expect(old.accepted).toBe(false);
    if (!old.accepted) {
      expect(old.violation.rule).toBe("hub/epoch-too-old");
      expect(SubmitMessageResponse.tpl.decode(old.response!)).toEqual({ protocol: "mls10", statusCode: "epochTooOld", currentEpoch: 5n });
    }
    const ahead = hub(0n).submit(req);
    expect(ahead.accepted ? "" : ahead.violation.rule).toBe("hub/epoch-in-future");
    const other = hub(1n, new Uint8Array(8)).submit(req);
    expect(other.accepted ? "" : other.violation.rule).toBe("hub/wrong-group");
    expect(() => hub(1n).submit(req.subarray(0, 10))).toThrow(expect.objectContaining({ rule: "hub/malformed" }));
  });

  it("the generated MLSMessage codec writes exactly ts-mls's bytes for a PrivateMessage (the check inside encrypt)", async () => {
    const [alice] = await createMlsGroup(new Uint8Array(3), [{ userUri: "mimi://example.com/u/alice" }, { userUri: "mimi://example.com/u/bob" }]);
    const { privateMessage } = await createApplicationMessage(alice!.state, new Uint8Array(300).fill(7), await cipherSuiteImpl());
    const ours = MLSMessage.tpl.encode(fromTsPrivateMessage(privateMessage));
    const theirs = encodeMlsMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage });
    expect(toHex(ours)).toBe(toHex(theirs));
  });
});
