/**
 * Interop between our generated RFC 9420 codecs (generated/rfc9420) and an
 * independent MLS implementation, ts-mls 1.6.4.
 *
 * ts-mls builds a real three-member group (see mls-group.ts). We decode every
 * MLSMessage it put on the wire, assert the fields that matter, re-encode and
 * demand the identical bytes; then feed bytes our encoder produced back to
 * ts-mls and check it accepts and *uses* them (adds a key package, joins via
 * a Welcome, joins externally via a GroupInfo, decrypts a PrivateMessage).
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  Capabilities as CapabilitiesCodec,
  Commit as CommitCodec,
  Credential as CredentialCodec,
  ExternalPub,
  FramedContent as FramedContentCodec,
  FramedContentAuthData as FramedContentAuthDataCodec,
  GroupContext as GroupContextCodec,
  GroupInfo as GroupInfoCodec,
  KeyPackage as KeyPackageCodec,
  KeyPackageTBS as KeyPackageTBSCodec,
  LeafNode as LeafNodeCodec,
  MLSMessage,
  PrivateMessage as PrivateMessageCodec,
  PublicMessage as PublicMessageCodec,
  SenderDataAAD as SenderDataAADCodec,
  Welcome as WelcomeCodec,
  ratchet_tree,
  type KeyPackage,
  type LeafNode,
  type Node,
} from "../../generated/rfc9420/index.js";
import { CodecError, isCodecError } from "../../src/runtime/index.js";

import { encodeCapabilities } from "ts-mls/capabilities.js";
import { getGroupMembers, joinGroup } from "ts-mls/clientState.js";
import { encodeCommit } from "ts-mls/commit.js";
import { createCommit, joinGroupExternal } from "ts-mls/createCommit.js";
import { encodeCredential } from "ts-mls/credential.js";
import { encodeFramedContent, encodeFramedContentAuthData } from "ts-mls/framedContent.js";
import { encodeGroupContext } from "ts-mls/groupContext.js";
import { encodeGroupInfo } from "ts-mls/groupInfo.js";
import { encodeKeyPackage, encodeKeyPackageTBS, makeKeyPackageRef, verifyKeyPackage } from "ts-mls/keyPackage.js";
import { encodeLeafNode } from "ts-mls/leafNode.js";
import { encodeMlsMessage } from "ts-mls/message.js";
import { encodePrivateMessage } from "ts-mls/privateMessage.js";
import { processPrivateMessage, processPublicMessage } from "ts-mls/processMessages.js";
import { emptyPskIndex } from "ts-mls/pskIndex.js";
import { encodePublicMessage } from "ts-mls/publicMessage.js";
import { encodeRatchetTree } from "ts-mls/ratchetTree.js";
import { encodeSenderDataAAD } from "ts-mls/sender.js";
import { encodeWelcome } from "ts-mls/welcome.js";

import {
  APPLICATION_TEXT,
  GREASE,
  GROUP_ID,
  LIFETIME,
  SUITE,
  buildGroup,
  identityOf,
  makeMember,
  tsMlsDecode,
  type GroupScenario,
  type Relay,
} from "./mls-group.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Assert byte equality, reporting the first differing offset as hex context. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length === expected.length && actual.every((x, i) => x === expected[i])) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const ctx = (b: Uint8Array) => hex(b.subarray(Math.max(0, i - 8), i + 16));
  expect.fail(
    `bytes differ at offset ${i} (lengths: actual ${actual.length}, expected ${expected.length})\n` +
      `  actual   …${ctx(actual)}\n  expected …${ctx(expected)}`,
  );
}

/**
 * Decode with our MLSMessage codec, then re-encode three ways (encode,
 * encodeInto a larger buffer at an offset, encodedSize) and require ts-mls's
 * exact bytes back.
 */
function roundTrip(bytes: Uint8Array): MLSMessage {
  const v = MLSMessage.tpl.decode(bytes);
  expectSameBytes(MLSMessage.tpl.encode(v), bytes);
  expect(MLSMessage.tpl.encodedSize(v)).toBe(bytes.length);
  const buf = new Uint8Array(bytes.length + 7).fill(0xee);
  expect(MLSMessage.tpl.encodeInto(v, buf, 3)).toBe(3 + bytes.length);
  expectSameBytes(buf.subarray(3, 3 + bytes.length), bytes);
  expect([...buf.subarray(0, 3), ...buf.subarray(3 + bytes.length)]).toEqual([0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
  return v;
}

function narrow<W extends MLSMessage["wire_format"]>(m: MLSMessage, w: W): Extract<MLSMessage, { wire_format: W }> {
  expect(m.version).toBe("mls10");
  expect(m.wire_format).toBe(w);
  return m as Extract<MLSMessage, { wire_format: W }>;
}

function basicIdentity(leaf: LeafNode): string {
  const c = leaf.credential;
  if (c.credential_type !== "basic") throw new Error(`expected a basic credential, got ${String(c.credential_type)}`);
  return new TextDecoder().decode(c.identity);
}

/** Decode a whole message with our codec, re-encode it, hand ts-mls our bytes. */
const ourCodecRelay: Relay = (bytes) => {
  // structuredClone: a fresh object graph (new Uint8Arrays, no views into the
  // input), so the encoder sees values that merely look like decoded ones.
  const ours = MLSMessage.tpl.encode(structuredClone(MLSMessage.tpl.decode(bytes)));
  expectSameBytes(ours, bytes);
  return ours;
};

/**
 * Rebuild a KeyPackage value from scratch, field by field, copying every byte
 * string: what an application that constructs key packages itself would pass
 * to our encoder.
 */
function rebuildKeyPackage(kp: KeyPackage): KeyPackage {
  const ln = kp.leaf_node;
  if (ln.leaf_node_source !== "key_package") throw new Error("key package leaf must have source key_package");
  const cred = ln.credential;
  if (cred.credential_type !== "basic") throw new Error("expected a basic credential");
  const leaf_node: LeafNode = {
    encryption_key: Uint8Array.from(ln.encryption_key),
    signature_key: Uint8Array.from(ln.signature_key),
    credential: { credential_type: "basic", identity: Uint8Array.from(cred.identity) },
    capabilities: {
      versions: [...ln.capabilities.versions],
      cipher_suites: [...ln.capabilities.cipher_suites],
      extensions: [...ln.capabilities.extensions],
      proposals: [...ln.capabilities.proposals],
      credentials: [...ln.capabilities.credentials],
    },
    leaf_node_source: "key_package",
    lifetime: { not_before: ln.lifetime.not_before, not_after: ln.lifetime.not_after },
    extensions: ln.extensions.map((e) => ({ extension_type: e.extension_type, extension_data: Uint8Array.from(e.extension_data) })),
    signature: Uint8Array.from(ln.signature),
  };
  return {
    version: "mls10",
    cipher_suite: kp.cipher_suite,
    init_key: Uint8Array.from(kp.init_key),
    leaf_node,
    extensions: kp.extensions.map((e) => ({ extension_type: e.extension_type, extension_data: Uint8Array.from(e.extension_data) })),
    signature: Uint8Array.from(kp.signature),
  };
}

let g: GroupScenario;

beforeAll(async () => {
  g = await buildGroup();
});

describe("ts-mls scenario (sanity)", () => {
  it("ts-mls built a 3-member group and both receivers decrypted the application message", () => {
    expect(new TextDecoder().decode(g.bobReceived)).toBe(APPLICATION_TEXT);
    expect(new TextDecoder().decode(g.cathyReceived)).toBe(APPLICATION_TEXT);
    expect(g.aliceState.groupContext.epoch).toBe(3n);
    expect(g.bobState.groupContext.epoch).toBe(3n);
    expect(getGroupMembers(g.aliceState).map((l) => new TextDecoder().decode((l.credential as { identity: Uint8Array }).identity))).toEqual([
      "mimi://example.com/u/alice",
      "mimi://example.com/u/bob",
      "mimi://example.com/u/cathy",
    ]);
    expect(g.wire.map((w) => w.label)).toEqual([
      "key_package:bob",
      "key_package:cathy",
      "commit:add-bob",
      "welcome:bob",
      "commit:add-cathy",
      "welcome:cathy",
      "commit:bob-update",
      "group_info",
      "application",
    ]);
  });
});

describe("ts-mls bytes -> our MLSMessage decoder -> same bytes", () => {
  it.each([
    "key_package:bob",
    "key_package:cathy",
    "commit:add-bob",
    "welcome:bob",
    "commit:add-cathy",
    "welcome:cathy",
    "commit:bob-update",
    "group_info",
    "application",
  ])("%s re-encodes byte for byte", (label) => {
    const w = g.message(label);
    const m = roundTrip(w.bytes);
    const expected = {
      key_package: "mls_key_package",
      welcome: "mls_welcome",
      commit: "mls_public_message",
      group_info: "mls_group_info",
      application: "mls_private_message",
    }[w.kind];
    expect(m.wire_format).toBe(expected);
    expect(m.version).toBe("mls10");
  });

  it("KeyPackage (mls_key_package): suite, credential identity, lifetime, capabilities, keys", () => {
    const m = narrow(roundTrip(g.message("key_package:bob").bytes), "mls_key_package");
    const kp = m.key_package;
    const ts = g.bob.publicPackage;
    expect(kp.version).toBe("mls10");
    expect(kp.cipher_suite).toBe(SUITE);
    expect(kp.init_key).toEqual(ts.initKey);
    expect(kp.init_key.length).toBe(32); // X25519
    expect(kp.extensions).toEqual([]);
    expect(kp.signature).toEqual(ts.signature);
    expect(kp.signature.length).toBe(64); // Ed25519

    const ln = kp.leaf_node;
    expect(basicIdentity(ln)).toBe("mimi://example.com/u/bob");
    expect(ln.credential).toEqual({ credential_type: "basic", identity: identityOf("bob") });
    expect(ln.encryption_key).toEqual(ts.leafNode.hpkePublicKey);
    expect(ln.signature_key).toEqual(ts.leafNode.signaturePublicKey);
    expect(ln.signature).toEqual(ts.leafNode.signature);
    expect(ln.leaf_node_source).toBe("key_package");
    if (ln.leaf_node_source !== "key_package") throw new Error("unreachable");
    expect(ln.lifetime).toEqual({ not_before: LIFETIME.notBefore, not_after: LIFETIME.notAfter });
    expect(typeof ln.lifetime.not_after).toBe("bigint");
    // Known code points decode to the RFC's names, the rest stay numbers:
    // 83 is ts-mls's X-Wing suite (not in RFC 9420), 0x?A?A are GREASE.
    expect(ln.capabilities).toEqual({
      versions: ["mls10"],
      cipher_suites: [SUITE, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", 83, GREASE.cipherSuite],
      extensions: [GREASE.extension],
      proposals: [GREASE.proposal],
      credentials: ["basic", "x509", GREASE.credential],
    });
  });

  it("Welcome (mls_welcome): new_member is the KeyPackageRef ts-mls computes for the joiner", async () => {
    for (const [label, member, welcome] of [
      ["welcome:bob", g.bob, g.welcomeForBob],
      ["welcome:cathy", g.cathy, g.welcomeForCathy],
    ] as const) {
      const w = narrow(roundTrip(g.message(label).bytes), "mls_welcome").welcome;
      expect(w.cipher_suite).toBe(SUITE);
      expect(w.secrets).toHaveLength(1);
      const s = w.secrets[0]!;
      expect(s.new_member).toEqual(await makeKeyPackageRef(member.publicPackage, g.impl.hash));
      expect(s.new_member.length).toBe(32); // SHA-256
      expect(s.encrypted_group_secrets.kem_output).toEqual(welcome.secrets[0]!.encryptedGroupSecrets.kemOutput);
      expect(s.encrypted_group_secrets.kem_output.length).toBe(32);
      expect(s.encrypted_group_secrets.ciphertext).toEqual(welcome.secrets[0]!.encryptedGroupSecrets.ciphertext);
      expect(w.encrypted_group_info).toEqual(welcome.encryptedGroupInfo);
    }
  });

  it("PublicMessage commit Add(cathy): group_id, epoch, member sender, content_type commit, the added key package, tags", () => {
    const m = narrow(roundTrip(g.message("commit:add-cathy").bytes), "mls_public_message");
    const pm = m.public_message;
    const ts = g.commitAddCathy;
    expect(pm.content.group_id).toEqual(GROUP_ID);
    expect(pm.content.group_id).toEqual(g.aliceState.groupContext.groupId);
    expect(pm.content.epoch).toBe(1n);
    expect(pm.content.sender).toEqual({ sender_type: "member", leaf_index: 0 });
    expect(pm.content.authenticated_data).toEqual(new Uint8Array(0));
    expect(pm.content.content_type).toBe("commit");
    if (pm.content.content_type !== "commit") throw new Error("unreachable");
    const commit = pm.content.commit;
    expect(commit.path).toBeNull(); // ts-mls omits the path for an add-only commit
    expect(commit.proposals).toHaveLength(1);
    const por = commit.proposals[0]!;
    expect(por.type).toBe("proposal");
    if (por.type !== "proposal") throw new Error("unreachable");
    expect(por.proposal.proposal_type).toBe("add");
    if (por.proposal.proposal_type !== "add") throw new Error("unreachable");
    const added = por.proposal.add.key_package;
    expect(basicIdentity(added.leaf_node)).toBe("mimi://example.com/u/cathy");
    // the embedded key package is exactly the one cathy published
    expectSameBytes(KeyPackageCodec.tpl.encode(added), encodeKeyPackage(g.cathy.publicPackage));
    if (ts.auth.contentType !== "commit" || ts.senderType !== "member") throw new Error("ts-mls shape");
    expect(pm.auth.signature).toEqual(ts.auth.signature);
    expect(pm.auth.confirmation_tag).toEqual(ts.auth.confirmationTag);
    expect(pm.auth.confirmation_tag?.length).toBe(32);
    expect(pm.membership_tag).toEqual(ts.membershipTag);
    expect(pm.membership_tag?.length).toBe(32);
  });

  it("PublicMessage commit with UpdatePath (bob, empty commit): commit leaf node, parent_hash, path nodes", () => {
    const m = narrow(roundTrip(g.message("commit:bob-update").bytes), "mls_public_message");
    const c = m.public_message.content;
    const ts = g.commitBobUpdate;
    expect(c.group_id).toEqual(GROUP_ID);
    expect(c.epoch).toBe(2n);
    expect(c.sender).toEqual({ sender_type: "member", leaf_index: 1 });
    if (c.content_type !== "commit" || ts.content.contentType !== "commit") throw new Error("expected a commit");
    expect(c.commit.proposals).toEqual([]);
    const path = c.commit.path;
    const tsPath = ts.content.commit.path;
    if (path === null || tsPath === undefined) throw new Error("expected an UpdatePath");
    expect(basicIdentity(path.leaf_node)).toBe("mimi://example.com/u/bob");
    expect(path.leaf_node.leaf_node_source).toBe("commit");
    if (path.leaf_node.leaf_node_source !== "commit" || tsPath.leafNode.leafNodeSource !== "commit") throw new Error("unreachable");
    expect(path.leaf_node.parent_hash).toEqual(tsPath.leafNode.parentHash);
    expect(path.leaf_node.parent_hash.length).toBe(32);
    expect(path.leaf_node.encryption_key).toEqual(tsPath.leafNode.hpkePublicKey);
    // 3 leaves: bob (leaf 1) has filtered direct path [node 1, node 3]; each
    // copath resolution is a single leaf (alice, cathy): one ciphertext each.
    expect(path.nodes).toHaveLength(2);
    path.nodes.forEach((n, i) => {
      expect(n.encryption_key).toEqual(tsPath.nodes[i]!.hpkePublicKey);
      expect(n.encrypted_path_secret).toHaveLength(1);
      expect(n.encrypted_path_secret[0]!.kem_output).toEqual(tsPath.nodes[i]!.encryptedPathSecret[0]!.kemOutput);
    });
    expect(m.public_message.auth.confirmation_tag).toBeDefined();
    expect(m.public_message.membership_tag).toBeDefined();
  });

  it("GroupInfo (mls_group_info): group context, signer, external_pub and ratchet_tree extensions", () => {
    const gi = narrow(roundTrip(g.message("group_info").bytes), "mls_group_info").group_info;
    const ts = g.groupInfo;
    const gc = gi.group_context;
    expect(gc.version).toBe("mls10");
    expect(gc.cipher_suite).toBe(SUITE);
    expect(gc.group_id).toEqual(GROUP_ID);
    expect(gc.epoch).toBe(3n);
    expect(gc.epoch).toBe(g.aliceState.groupContext.epoch);
    expect(gc.tree_hash).toEqual(ts.groupContext.treeHash);
    expect(gc.confirmed_transcript_hash).toEqual(ts.groupContext.confirmedTranscriptHash);
    expect(gc.extensions).toEqual([]);
    expect(gi.confirmation_tag).toEqual(ts.confirmationTag);
    expect(gi.signer).toBe(0);
    expect(gi.signature).toEqual(ts.signature);
    expect(gi.extensions.map((e) => e.extension_type)).toEqual(["external_pub", "ratchet_tree"]);

    // ts-mls 1.6.4 deviates from RFC 9420 here (a ts-mls bug, not ours): the
    // RFC (section 12.4.3.2) defines the extension_data as
    //   struct { HPKEPublicKey external_pub; } ExternalPub;  with  opaque HPKEPublicKey<V>;
    // i.e. a varint length 0x20 followed by the 32-byte X25519 key (33 bytes),
    // but createGroupInfoWithExternalPub* stores the bare 32-byte key, and its
    // joinGroupExternal reads it back the same way. Our strict ExternalPub
    // codec therefore rejects ts-mls's extension_data: the first key byte is
    // taken as a varint length. Pinned here so a ts-mls upgrade that fixes it
    // shows up as a failing assertion.
    const extPub = gi.extensions[0]!.extension_data;
    expect(extPub.length).toBe(32);
    // The key is random, so the misreading fails in different places (bad
    // varint prefix, length beyond the input, trailing bytes) or, when the
    // first byte happens to be 0x1f, "succeeds" with a 31-byte key. Never
    // does it yield the 32-byte key.
    let misread: number | undefined;
    try {
      misread = ExternalPub.tpl.decode(extPub).external_pub.length;
    } catch (e) {
      expect(e).toBeInstanceOf(CodecError);
      expect((e as CodecError).path.startsWith("ExternalPub")).toBe(true);
    }
    expect(misread).not.toBe(32);
    // the RFC-conformant encoding of the same key round-trips
    const conformant = ExternalPub.tpl.encode({ external_pub: extPub });
    expect(hex(conformant)).toBe("20" + hex(extPub));
    expect(ExternalPub.tpl.decode(conformant).external_pub).toEqual(extPub);

    // the ratchet tree: 3 leaves, trailing blank node stripped -> 5 nodes
    const treeBytes = gi.extensions[1]!.extension_data;
    const tree = ratchet_tree.tpl.decode(treeBytes);
    expectSameBytes(ratchet_tree.tpl.encode(tree), treeBytes);
    expectSameBytes(treeBytes, encodeRatchetTree(g.aliceState.ratchetTree));
    expect(tree).toHaveLength(5);
    expect(tree.map((n) => n?.node_type ?? null)).toEqual(["leaf", "parent", "leaf", "parent", "leaf"]);
    const leaves = [tree[0], tree[2], tree[4]].map((n: Node | null | undefined) => {
      if (n?.node_type !== "leaf") throw new Error("expected a leaf");
      return n.leaf_node;
    });
    expect(leaves.map(basicIdentity)).toEqual(["mimi://example.com/u/alice", "mimi://example.com/u/bob", "mimi://example.com/u/cathy"]);
    expect(leaves.map((l) => l.leaf_node_source)).toEqual(["key_package", "commit", "key_package"]);
    for (const i of [1, 3]) {
      const n = tree[i];
      if (n?.node_type !== "parent") throw new Error("expected a parent node");
      expect(n.parent_node.encryption_key.length).toBe(32);
      expect(n.parent_node.unmerged_leaves).toEqual([]);
    }
  });

  it("PrivateMessage (mls_private_message): group_id, epoch, content_type application, ciphertexts", () => {
    const pm = narrow(roundTrip(g.message("application").bytes), "mls_private_message").private_message;
    const ts = g.applicationMessage;
    expect(pm.group_id).toEqual(GROUP_ID);
    expect(pm.group_id).toEqual(g.bobState.groupContext.groupId);
    expect(pm.epoch).toBe(3n);
    expect(pm.content_type).toBe("application");
    expect(pm.authenticated_data).toEqual(new Uint8Array(0));
    expect(pm.encrypted_sender_data).toEqual(ts.encryptedSenderData);
    expect(pm.ciphertext).toEqual(ts.ciphertext);
    // SenderData is 4+4+4 bytes, AES-128-GCM adds a 16-byte tag
    expect(pm.encrypted_sender_data.length).toBe(28);
  });

  it("a truncated message fails with a CodecError that names the field and offset", () => {
    const bytes = g.message("application").bytes;
    let err: unknown;
    try {
      MLSMessage.tpl.decode(bytes.subarray(0, bytes.length - 1));
    } catch (e) {
      err = e;
    }
    expect(isCodecError(err)).toBe(true);
    const ce = err as CodecError;
    expect(ce.path).toBe("MLSMessage.private_message.ciphertext");
    expect(ce.offset).toBeGreaterThan(bytes.length - 300);
    expect(ce.offset).toBeLessThan(bytes.length);
    // and a trailing byte is rejected too
    expect(() => MLSMessage.tpl.decode(Uint8Array.from([...bytes, 0]))).toThrow(CodecError);
  });
});

describe("ts-mls unwrapped encodings -> our inner-type codecs", () => {
  const same = <T>(codec: { tpl: { decode(b: Uint8Array, o?: { context?: Record<string, unknown> }): T; encode(v: T, o?: { context?: Record<string, unknown> }): Uint8Array } }, bytes: Uint8Array, context?: Record<string, unknown>): T => {
    const v = codec.tpl.decode(bytes, context ? { context } : undefined);
    expectSameBytes(codec.tpl.encode(v, context ? { context } : undefined), bytes);
    return v;
  };

  it("KeyPackage, KeyPackageTBS, LeafNode, Credential, Capabilities", () => {
    const ts = g.cathy.publicPackage;
    const kp = same(KeyPackageCodec, encodeKeyPackage(ts));
    // equal to the key package inside cathy's MLSMessage, decoded separately
    expect(kp).toEqual(narrow(MLSMessage.tpl.decode(g.message("key_package:cathy").bytes), "mls_key_package").key_package);
    const tbs = same(KeyPackageTBSCodec, encodeKeyPackageTBS(ts));
    expect(tbs).toEqual({ version: kp.version, cipher_suite: kp.cipher_suite, init_key: kp.init_key, leaf_node: kp.leaf_node, extensions: kp.extensions });
    const leaf = same(LeafNodeCodec, encodeLeafNode(ts.leafNode));
    expect(leaf).toEqual(kp.leaf_node);
    expect(same(CredentialCodec, encodeCredential(ts.leafNode.credential))).toEqual({ credential_type: "basic", identity: identityOf("cathy") });
    expect(same(CapabilitiesCodec, encodeCapabilities(ts.leafNode.capabilities))).toEqual(kp.leaf_node.capabilities);
  });

  it("Welcome and GroupInfo", () => {
    const w = same(WelcomeCodec, encodeWelcome(g.welcomeForCathy));
    expect(w).toEqual(narrow(MLSMessage.tpl.decode(g.message("welcome:cathy").bytes), "mls_welcome").welcome);
    const gi = same(GroupInfoCodec, encodeGroupInfo(g.groupInfo));
    expect(gi.group_context.epoch).toBe(3n);
    expect(gi).toEqual(narrow(MLSMessage.tpl.decode(g.message("group_info").bytes), "mls_group_info").group_info);
  });

  it("GroupContext of each member's state", () => {
    for (const s of [g.aliceState, g.bobState, g.cathyState]) {
      const gc = same(GroupContextCodec, encodeGroupContext(s.groupContext));
      expect(gc.group_id).toEqual(GROUP_ID);
      expect(gc.epoch).toBe(3n);
      expect(gc.cipher_suite).toBe(SUITE);
    }
    // all three members agree on the tree hash
    expect(g.bobState.groupContext.treeHash).toEqual(g.aliceState.groupContext.treeHash);
    expect(g.cathyState.groupContext.treeHash).toEqual(g.aliceState.groupContext.treeHash);
  });

  it("PublicMessage, FramedContent, FramedContentAuthData (needs the content_type context), Commit", () => {
    for (const ts of [g.commitAddCathy, g.commitBobUpdate]) {
      const pm = same(PublicMessageCodec, encodePublicMessage(ts));
      expect(pm.content.content_type).toBe("commit");
      const fc = same(FramedContentCodec, encodeFramedContent(ts.content));
      expect(fc).toEqual(pm.content);
      const authBytes = encodeFramedContentAuthData(ts.auth);
      const auth = same(FramedContentAuthDataCodec, authBytes, { "FramedContent.content_type": "commit" });
      expect(auth).toEqual(pm.auth);
      // without the context the select cannot be resolved
      expect(() => FramedContentAuthDataCodec.tpl.decode(authBytes)).toThrow(/FramedContent\.content_type/);
      if (ts.content.contentType !== "commit") throw new Error("expected a commit");
      const commit = same(CommitCodec, encodeCommit(ts.content.commit));
      if (pm.content.content_type !== "commit") throw new Error("unreachable");
      expect(commit).toEqual(pm.content.commit);
    }
  });

  it("PrivateMessage and SenderDataAAD", () => {
    const pm = same(PrivateMessageCodec, encodePrivateMessage(g.applicationMessage));
    expect(pm.epoch).toBe(3n);
    const aad = same(SenderDataAADCodec, encodeSenderDataAAD({ groupId: GROUP_ID, epoch: 3n, contentType: "application" }));
    expect(aad).toEqual({ group_id: GROUP_ID, epoch: 3n, content_type: "application" });
  });

  it("ratchet_tree of alice's state (parent nodes included)", () => {
    const tree = same(ratchet_tree, encodeRatchetTree(g.aliceState.ratchetTree));
    expect(tree).toHaveLength(5);
  });
});

describe("our encoder -> ts-mls", () => {
  it("a KeyPackage rebuilt field by field and encoded by us is decoded, verified and used by ts-mls", async () => {
    const impl = g.impl;
    const dave = await makeMember("dave", impl);
    const tsBytes = encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: dave.publicPackage });

    const decoded = narrow(MLSMessage.tpl.decode(tsBytes), "mls_key_package");
    const ours = MLSMessage.tpl.encode({ version: "mls10", wire_format: "mls_key_package", key_package: rebuildKeyPackage(decoded.key_package) });
    expectSameBytes(ours, tsBytes);

    const back = tsMlsDecode(ours);
    if (back.wireformat !== "mls_key_package") throw new Error(`ts-mls decoded ${back.wireformat}`);
    expect(back.keyPackage).toEqual(dave.publicPackage);
    expect(await verifyKeyPackage(back.keyPackage, impl.signature)).toBe(true);

    // alice adds dave with the key package ts-mls read from our bytes; dave
    // joins from a Welcome that also went through our codec
    const c = await createCommit(
      { state: g.aliceState, cipherSuite: impl },
      { wireAsPublicMessage: true, ratchetTreeExtension: true, extraProposals: [{ proposalType: "add", add: { keyPackage: back.keyPackage } }] },
    );
    if (!c.welcome) throw new Error("no welcome");
    const welcomeBytes = ourCodecRelay(encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: c.welcome }), "welcome", "welcome:dave");
    const welcome = tsMlsDecode(welcomeBytes);
    if (welcome.wireformat !== "mls_welcome") throw new Error("expected a welcome");
    const daveState = await joinGroup(welcome.welcome, dave.publicPackage, dave.privatePackage, emptyPskIndex, impl);
    expect(daveState.groupContext.epoch).toBe(4n);
    expect(daveState.groupContext.groupId).toEqual(GROUP_ID);
    expect(daveState.groupContext.treeHash).toEqual(c.newState.groupContext.treeHash);
    expect(getGroupMembers(daveState)).toHaveLength(4);
  });

  it("bob's ts-mls state decrypts the PrivateMessage as re-encoded by our codec", async () => {
    const ours = MLSMessage.tpl.encode(MLSMessage.tpl.decode(g.message("application").bytes));
    const msg = tsMlsDecode(ours);
    if (msg.wireformat !== "mls_private_message") throw new Error("expected a private message");
    for (const state of [g.bobBeforeApplication, g.cathyBeforeApplication]) {
      const r = await processPrivateMessage(state, msg.privateMessage, emptyPskIndex, g.impl);
      expect(r.kind).toBe("applicationMessage");
      if (r.kind !== "applicationMessage") throw new Error("unreachable");
      expect(new TextDecoder().decode(r.message)).toBe(APPLICATION_TEXT);
    }
    // a single flipped ciphertext bit is rejected: the check above is not vacuous
    const tampered = narrow(MLSMessage.tpl.decode(ours), "mls_private_message");
    tampered.private_message.ciphertext[5]! ^= 1;
    const bad = tsMlsDecode(MLSMessage.tpl.encode(tampered));
    if (bad.wireformat !== "mls_private_message") throw new Error("unreachable");
    await expect(processPrivateMessage(g.bobBeforeApplication, bad.privateMessage, emptyPskIndex, g.impl)).rejects.toThrow();
  });

  it("the whole scenario works when every wire message is relayed through our decoder and encoder", async () => {
    const relayed = await buildGroup(ourCodecRelay);
    expect(relayed.wire).toHaveLength(9);
    for (const w of relayed.wire) expectSameBytes(w.relayed, w.bytes);
    expect(new TextDecoder().decode(relayed.bobReceived)).toBe(APPLICATION_TEXT);
    expect(new TextDecoder().decode(relayed.cathyReceived)).toBe(APPLICATION_TEXT);
    expect(relayed.cathyState.groupContext.epoch).toBe(3n);
    expect(relayed.cathyState.groupContext.treeHash).toEqual(relayed.aliceState.groupContext.treeHash);
  });

  it("an external joiner uses the GroupInfo our codec re-encoded; its new_member_commit round-trips and alice accepts it", async () => {
    const impl = g.impl;
    const erin = await makeMember("erin", impl);
    const giBytes = ourCodecRelay(g.message("group_info").bytes, "group_info", "group_info");
    const gi = tsMlsDecode(giBytes);
    if (gi.wireformat !== "mls_group_info") throw new Error("expected a group info");

    const { publicMessage, newState: erinState } = await joinGroupExternal(gi.groupInfo, erin.publicPackage, erin.privatePackage, false, impl);
    const tsBytes = encodeMlsMessage({ version: "mls10", wireformat: "mls_public_message", publicMessage });
    const m = narrow(roundTrip(tsBytes), "mls_public_message");
    expect(m.public_message.content.sender).toEqual({ sender_type: "new_member_commit" });
    expect(m.public_message.content.epoch).toBe(3n);
    expect("membership_tag" in m.public_message).toBe(false); // not a member: no membership tag
    const c = m.public_message.content;
    if (c.content_type !== "commit" || c.commit.path === null) throw new Error("an external commit carries a path");
    expect(basicIdentity(c.commit.path.leaf_node)).toBe("mimi://example.com/u/erin");
    expect(c.commit.proposals.map((p) => (p.type === "proposal" ? p.proposal.proposal_type : p.type))).toContain("external_init");

    const back = tsMlsDecode(MLSMessage.tpl.encode(m));
    if (back.wireformat !== "mls_public_message") throw new Error("unreachable");
    const alice = await processPublicMessage(g.aliceState, back.publicMessage, emptyPskIndex, impl);
    expect(alice.newState.groupContext.epoch).toBe(4n);
    expect(alice.newState.groupContext.treeHash).toEqual(erinState.groupContext.treeHash);
    expect(getGroupMembers(alice.newState)).toHaveLength(4);
  });
});
