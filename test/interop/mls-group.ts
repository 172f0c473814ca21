/**
 * Builds a real three-member MLS group with ts-mls (the reference peer for
 * the interop tests in ts-mls.test.ts) and records every message that crosses
 * the "wire" as the exact MLSMessage bytes ts-mls serialises.
 *
 * Every wire message passes through a `relay` hook before the receiving
 * ts-mls client decodes it. The default relay forwards the bytes unchanged;
 * the interop test also runs the scenario with a relay that decodes and
 * re-encodes every message with our generated codec, so the whole group only
 * works if our bytes are accepted by ts-mls.
 *
 * Scenario (cipher suite MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519):
 *   epoch 0  alice creates the group
 *   epoch 1  alice commits Add(bob)   (PublicMessage), Welcome -> bob joins
 *   epoch 2  alice commits Add(cathy) (PublicMessage), bob processes it,
 *            Welcome -> cathy joins
 *   epoch 3  bob commits with no proposals (PublicMessage with an UpdatePath),
 *            alice and cathy process it
 *            alice publishes a GroupInfo (external_pub + ratchet_tree)
 *            alice sends an application message (PrivateMessage),
 *            bob and cathy decrypt it
 */
// ts-mls 1.6.4's root entry (index.js) re-exports its optional noble crypto
// provider, which imports @noble/hashes, a package ts-mls neither depends on
// nor lists as a peer; it is not installed here, so `import ... from "ts-mls"`
// throws ERR_MODULE_NOT_FOUND. The per-module subpaths ("ts-mls/<module>.js",
// allowed by its package.json "exports") avoid that import.
import { createApplicationMessage } from "ts-mls/createMessage.js";
import { createCommit, createGroupInfoWithExternalPubAndRatchetTree } from "ts-mls/createCommit.js";
import { createGroup, joinGroup, type ClientState } from "ts-mls/clientState.js";
import { decodeMlsMessage, encodeMlsMessage, type MLSMessage } from "ts-mls/message.js";
import { emptyPskIndex } from "ts-mls/pskIndex.js";
import { generateKeyPackage, type KeyPackage, type PrivateKeyPackage } from "ts-mls/keyPackage.js";
import { getCiphersuiteFromName, type CiphersuiteImpl } from "ts-mls/crypto/ciphersuite.js";
import { getCiphersuiteImpl } from "ts-mls/crypto/getCiphersuiteImpl.js";
import { processPrivateMessage, processPublicMessage } from "ts-mls/processMessages.js";
import type { Capabilities } from "ts-mls/capabilities.js";
import type { Credential } from "ts-mls/credential.js";
import type { GroupInfo } from "ts-mls/groupInfo.js";
import type { Lifetime } from "ts-mls/lifetime.js";
import type { PrivateMessage } from "ts-mls/privateMessage.js";
import type { PublicMessage } from "ts-mls/publicMessage.js";
import type { Welcome } from "ts-mls/welcome.js";

export const SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const;

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export const identityOf = (name: string): Uint8Array => utf8(`mimi://example.com/u/${name}`);

export const GROUP_ID = utf8("mimi://example.com/r/interop-room");

export const APPLICATION_TEXT = "hello from alice, via MLS";

/**
 * Fixed capabilities instead of ts-mls's defaultCapabilities(), which adds a
 * random subset of GREASE values on every call. These include one GREASE
 * value of each kind on purpose, so the open enums see unknown code points
 * deterministically: cipher suite 0x0A0A, credential type 0x1A1A, extension
 * type 0x2A2A, proposal type 0x3A3A.
 */
export const GREASE = { cipherSuite: 0x0a0a, credential: 0x1a1a, extension: 0x2a2a, proposal: 0x3a3a } as const;

export const capabilities = (): Capabilities => ({
  versions: ["mls10"],
  // ts-mls names its GREASE cipher suites by their decimal id.
  ciphersuites: [SUITE, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", "MLS_256_XWING_AES256GCM_SHA512_Ed25519", String(GREASE.cipherSuite) as never],
  extensions: [GREASE.extension],
  proposals: [GREASE.proposal],
  credentials: ["basic", "x509", String(GREASE.credential) as never],
});

/** A fixed lifetime, so the test can assert the uint64 values exactly. */
export const LIFETIME: Lifetime = { notBefore: 1_700_000_000n, notAfter: 0xffff_ffff_ffff_fff0n };

export type WireKind = "key_package" | "welcome" | "commit" | "group_info" | "application";

/** The bytes as ts-mls produced them, before the relay saw them. */
export interface WireMessage {
  kind: WireKind;
  /** who sent it, e.g. "bob" for bob's key package, "alice" for commits */
  from: string;
  /** short label, unique per scenario, e.g. "commit:add-bob" */
  label: string;
  bytes: Uint8Array;
  /** the bytes the relay handed to the receiver */
  relayed: Uint8Array;
}

export type Relay = (bytes: Uint8Array, kind: WireKind, label: string) => Uint8Array;

export interface Member {
  name: string;
  credential: Credential;
  publicPackage: KeyPackage;
  privatePackage: PrivateKeyPackage;
}

export interface GroupScenario {
  impl: CiphersuiteImpl;
  alice: Member;
  bob: Member;
  cathy: Member;
  /** all wire messages in order */
  wire: WireMessage[];
  /** look a wire message up by label; throws if absent */
  message(label: string): WireMessage;
  /** ts-mls objects, for comparing the unwrapped encodings */
  welcomeForBob: Welcome;
  welcomeForCathy: Welcome;
  commitAddCathy: PublicMessage;
  commitBobUpdate: PublicMessage;
  groupInfo: GroupInfo;
  applicationMessage: PrivateMessage;
  /** client states */
  aliceState: ClientState;
  /** bob's state at epoch 2, before he processed the application message */
  bobBeforeApplication: ClientState;
  cathyBeforeApplication: ClientState;
  bobState: ClientState;
  cathyState: ClientState;
  /** the plaintexts bob and cathy got out of the application message */
  bobReceived: Uint8Array;
  cathyReceived: Uint8Array;
}

let implPromise: Promise<CiphersuiteImpl> | undefined;
export function suiteImpl(): Promise<CiphersuiteImpl> {
  implPromise ??= getCiphersuiteImpl(getCiphersuiteFromName(SUITE));
  return implPromise;
}

export async function makeMember(name: string, impl: CiphersuiteImpl): Promise<Member> {
  const credential: Credential = { credentialType: "basic", identity: identityOf(name) };
  const { publicPackage, privatePackage } = await generateKeyPackage(credential, capabilities(), LIFETIME, [], impl);
  return { name, credential, publicPackage, privatePackage };
}

/** ts-mls decodes a whole MLSMessage and must consume every byte. */
export function tsMlsDecode(bytes: Uint8Array): MLSMessage {
  const r = decodeMlsMessage(bytes, 0);
  if (r === undefined) throw new Error("ts-mls could not decode the MLSMessage");
  const [msg, end] = r;
  if (end !== bytes.length) throw new Error(`ts-mls decoded ${end} of ${bytes.length} bytes`);
  return msg;
}

function expectWire<K extends MLSMessage["wireformat"]>(msg: MLSMessage, k: K): Extract<MLSMessage, { wireformat: K }> {
  if (msg.wireformat !== k) throw new Error(`expected ${k}, got ${msg.wireformat}`);
  return msg as Extract<MLSMessage, { wireformat: K }>;
}

export async function buildGroup(relay: Relay = (b) => b): Promise<GroupScenario> {
  const impl = await suiteImpl();
  const wire: WireMessage[] = [];
  const send = (kind: WireKind, from: string, label: string, msg: MLSMessage): MLSMessage => {
    const bytes = encodeMlsMessage(msg);
    const relayed = relay(bytes.slice(), kind, label);
    wire.push({ kind, from, label, bytes, relayed });
    return tsMlsDecode(relayed);
  };

  const [alice, bob, cathy] = await Promise.all(["alice", "bob", "cathy"].map((n) => makeMember(n, impl)));
  if (!alice || !bob || !cathy) throw new Error("unreachable");

  // bob and cathy publish their key packages; alice fetches them
  const kpBob = expectWire(
    send("key_package", "bob", "key_package:bob", { version: "mls10", wireformat: "mls_key_package", keyPackage: bob.publicPackage }),
    "mls_key_package",
  ).keyPackage;
  const kpCathy = expectWire(
    send("key_package", "cathy", "key_package:cathy", { version: "mls10", wireformat: "mls_key_package", keyPackage: cathy.publicPackage }),
    "mls_key_package",
  ).keyPackage;

  // epoch 0
  let aliceState = await createGroup(GROUP_ID, alice.publicPackage, alice.privatePackage, [], impl);

  // epoch 1: add bob
  const c1 = await createCommit(
    { state: aliceState, cipherSuite: impl },
    { wireAsPublicMessage: true, ratchetTreeExtension: true, extraProposals: [{ proposalType: "add", add: { keyPackage: kpBob } }] },
  );
  aliceState = c1.newState;
  send("commit", "alice", "commit:add-bob", c1.commit);
  if (!c1.welcome) throw new Error("no welcome for bob");
  const welcomeForBob = c1.welcome;
  const w1 = expectWire(send("welcome", "alice", "welcome:bob", { version: "mls10", wireformat: "mls_welcome", welcome: c1.welcome }), "mls_welcome");
  let bobState = await joinGroup(w1.welcome, bob.publicPackage, bob.privatePackage, emptyPskIndex, impl);

  // epoch 2: add cathy; bob processes the PublicMessage commit
  const c2 = await createCommit(
    { state: aliceState, cipherSuite: impl },
    { wireAsPublicMessage: true, ratchetTreeExtension: true, extraProposals: [{ proposalType: "add", add: { keyPackage: kpCathy } }] },
  );
  aliceState = c2.newState;
  const commitAddCathy = expectWire(c2.commit, "mls_public_message").publicMessage;
  const c2Received = expectWire(send("commit", "alice", "commit:add-cathy", c2.commit), "mls_public_message");
  bobState = (await processPublicMessage(bobState, c2Received.publicMessage, emptyPskIndex, impl)).newState;
  if (!c2.welcome) throw new Error("no welcome for cathy");
  const welcomeForCathy = c2.welcome;
  const w2 = expectWire(send("welcome", "alice", "welcome:cathy", { version: "mls10", wireformat: "mls_welcome", welcome: c2.welcome }), "mls_welcome");
  let cathyState = await joinGroup(w2.welcome, cathy.publicPackage, cathy.privatePackage, emptyPskIndex, impl);

  // epoch 3: bob commits with no proposals, which forces an UpdatePath (a
  // "commit" leaf node, parent nodes, HPKE-encrypted path secrets); alice and
  // cathy process it
  const c3 = await createCommit({ state: bobState, cipherSuite: impl }, { wireAsPublicMessage: true });
  bobState = c3.newState;
  const commitBobUpdate = expectWire(c3.commit, "mls_public_message").publicMessage;
  const c3Received = expectWire(send("commit", "bob", "commit:bob-update", c3.commit), "mls_public_message");
  aliceState = (await processPublicMessage(aliceState, c3Received.publicMessage, emptyPskIndex, impl)).newState;
  cathyState = (await processPublicMessage(cathyState, c3Received.publicMessage, emptyPskIndex, impl)).newState;

  // alice publishes a GroupInfo (what a would-be external joiner fetches)
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(aliceState, [], impl);
  send("group_info", "alice", "group_info", { version: "mls10", wireformat: "mls_group_info", groupInfo });

  // alice sends an application message; bob and cathy decrypt it
  const app = await createApplicationMessage(aliceState, utf8(APPLICATION_TEXT), impl);
  aliceState = app.newState;
  const appReceived = expectWire(
    send("application", "alice", "application", { version: "mls10", wireformat: "mls_private_message", privateMessage: app.privateMessage }),
    "mls_private_message",
  );
  const bobBeforeApplication = bobState;
  const cathyBeforeApplication = cathyState;
  const bobResult = await processPrivateMessage(bobState, appReceived.privateMessage, emptyPskIndex, impl);
  if (bobResult.kind !== "applicationMessage") throw new Error("bob expected an application message");
  bobState = bobResult.newState;
  const cathyResult = await processPrivateMessage(cathyState, appReceived.privateMessage, emptyPskIndex, impl);
  if (cathyResult.kind !== "applicationMessage") throw new Error("cathy expected an application message");
  cathyState = cathyResult.newState;

  return {
    impl,
    alice,
    bob,
    cathy,
    wire,
    message(label) {
      const m = wire.find((w) => w.label === label);
      if (!m) throw new Error(`no wire message ${label}`);
      return m;
    },
    welcomeForBob,
    welcomeForCathy,
    commitAddCathy,
    commitBobUpdate,
    groupInfo,
    applicationMessage: app.privateMessage,
    aliceState,
    bobBeforeApplication,
    cathyBeforeApplication,
    bobState,
    cathyState,
    bobReceived: bobResult.message,
    cathyReceived: cathyResult.message,
  };
}
