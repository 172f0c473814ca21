/**
 * The MLS layer (RFC 9420, via ts-mls 1.6.4): a group whose members hold
 * basic credentials with their mimi: user URIs, application messages as
 * PrivateMessages serialised with our generated MLSMessage codec (checked
 * against ts-mls's bytes), and decryption that reports the MLS-authenticated
 * sender: the credential of the leaf named by the decrypted sender data,
 * whose signature key verified the content.
 *
 * ts-mls's root entry imports an optional crypto provider that is not
 * installed, so its modules are imported by path ("ts-mls/<module>.js").
 */
import { MLSMessage } from "../../generated/rfc9420/index.js";
import { createGroup, joinGroup, type ClientState } from "ts-mls/clientState.js";
import { defaultClientConfig, type ClientConfig } from "ts-mls/clientConfig.js";
import { createCommit } from "ts-mls/createCommit.js";
import { createApplicationMessage } from "ts-mls/createMessage.js";
import type { Credential } from "ts-mls/credential.js";
import { getCiphersuiteFromName, type CiphersuiteImpl } from "ts-mls/crypto/ciphersuite.js";
import { getCiphersuiteImpl } from "ts-mls/crypto/getCiphersuiteImpl.js";
import { generateKeyPackage } from "ts-mls/keyPackage.js";
import { encodeMlsMessage } from "ts-mls/message.js";
import { decryptSenderData } from "ts-mls/privateMessage.js";
import { processPrivateMessage } from "ts-mls/processMessages.js";
import { emptyPskIndex } from "ts-mls/pskIndex.js";
import { leafToNodeIndex, toLeafIndex } from "ts-mls/treemath.js";
import { toHex } from "../runtime/index.js";
import { reject } from "./errors.js";
import { bytesEqual } from "./message-id.js";
import { fromTsPrivateMessage, toTsPrivateMessage } from "./mls-convert.js";

export const CIPHER_SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const;

let implPromise: Promise<CiphersuiteImpl> | undefined;
export function cipherSuiteImpl(): Promise<CiphersuiteImpl> {
  implPromise ??= getCiphersuiteImpl(getCiphersuiteFromName(CIPHER_SUITE));
  return implPromise;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The user URI a credential stands for: a basic credential whose identity is
 * a UTF-8 `mimi://<domain>/u/<user>` URI; undefined for anything else.
 */
export function userUriOf(credential: Credential): string | undefined {
  if (credential.credentialType !== "basic") return undefined;
  let s: string;
  try {
    s = utf8.decode(credential.identity);
  } catch {
    return undefined;
  }
  return /^mimi:\/\/[A-Za-z0-9.-]+(?::\d+)?\/u\/[^/\s?#]+$/.test(s) ? s : undefined;
}

/** ts-mls client configuration whose authentication service admits only mimi: user credentials. */
export const MIMI_CLIENT_CONFIG: ClientConfig = {
  ...defaultClientConfig,
  authService: { validateCredential: async (c) => userUriOf(c) !== undefined },
};

export interface Decrypted {
  readonly applicationData: Uint8Array;
  readonly senderLeafIndex: number;
  readonly senderCredential: Credential;
  readonly epoch: bigint;
}

export interface Encrypted {
  /** the MLSMessage as our generated codec's value */
  readonly message: MLSMessage;
  /** its bytes (our encoding, identical to ts-mls's) */
  readonly bytes: Uint8Array;
}

/** One member's MLS client state (a single device per user here). */
export class MlsMember {
  constructor(
    readonly userUri: string,
    public state: ClientState,
    private readonly impl: CiphersuiteImpl,
  ) {}

  get groupId(): Uint8Array {
    return this.state.groupContext.groupId;
  }

  get epoch(): bigint {
    return this.state.groupContext.epoch;
  }

  get leafIndex(): number {
    return this.state.privatePath.leafIndex;
  }

  /** Application data -> PrivateMessage -> MLSMessage bytes (ours, checked equal to ts-mls's). */
  async encrypt(applicationData: Uint8Array, authenticatedData?: Uint8Array): Promise<Encrypted> {
    const r = await createApplicationMessage(this.state, applicationData, this.impl, authenticatedData);
    this.state = r.newState;
    const message = fromTsPrivateMessage(r.privateMessage);
    const bytes = MLSMessage.tpl.encode(message);
    const theirs = encodeMlsMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage: r.privateMessage });
    if (!bytesEqual(bytes, theirs)) {
      reject("mls", "mls/encoding-mismatch", "MLSMessage", `generated codec wrote ${toHex(bytes).slice(0, 64)}..., ts-mls ${toHex(theirs).slice(0, 64)}...`);
    }
    return { message, bytes };
  }

  /**
   * Decrypt an application message. The MLS state advances whenever the
   * content decrypted (consumed keys are gone), even if later stages reject it.
   */
  async decrypt(message: MLSMessage, path = "MLSMessage"): Promise<Decrypted> {
    if (message.wire_format !== "mls_private_message") {
      reject("mls", "protocol/not-application", `${path}.wire_format`, `wire_format ${String(message.wire_format)} is not mls_private_message`);
    }
    const pm = toTsPrivateMessage(message.private_message, `${path}.private_message`);
    const at = `${path}.private_message`;
    if (pm.contentType !== "application") reject("mls", "protocol/not-application", `${at}.content_type`, `content_type ${pm.contentType} is not application`);
    if (!bytesEqual(pm.groupId, this.groupId)) reject("mls", "mls/wrong-group", `${at}.group_id`, `group ${toHex(pm.groupId)} is not this room's group ${toHex(this.groupId)}`);

    const current = pm.epoch === this.epoch;
    const past = current ? undefined : this.state.historicalReceiverData.get(pm.epoch);
    if (!current && !past) reject("mls", "mls/wrong-epoch", `${at}.epoch`, `epoch ${pm.epoch}: this member is at epoch ${this.epoch} and keeps no keys for it`);
    const senderDataSecret = current ? this.state.keySchedule.senderDataSecret : past!.senderDataSecret;
    const tree = current ? this.state.ratchetTree : past!.ratchetTree;

    let senderData;
    try {
      senderData = await decryptSenderData(pm, senderDataSecret, this.impl);
    } catch {
      senderData = undefined;
    }
    if (senderData === undefined) {
      reject("mls", "sender/not-member", `${at}.encrypted_sender_data`, `sender data does not decrypt with epoch ${pm.epoch}'s sender_data_secret: not sent by a member of this epoch`);
    }
    const node = tree[leafToNodeIndex(toLeafIndex(senderData.leafIndex))];
    if (node?.nodeType !== "leaf") reject("mls", "sender/not-member", `${at}.encrypted_sender_data`, `sender data names leaf ${senderData.leafIndex}, which holds no member`);

    let result;
    try {
      result = await processPrivateMessage(this.state, pm, emptyPskIndex, this.impl);
    } catch (e) {
      return reject("mls", "mls/decrypt-failed", `${at}.ciphertext`, `ts-mls: ${(e as Error).message}`, e);
    }
    if (result.kind !== "applicationMessage") reject("mls", "protocol/not-application", `${at}.content_type`, "not an application message");
    this.state = result.newState;
    return { applicationData: result.message, senderLeafIndex: senderData.leafIndex, senderCredential: node.leaf.credential, epoch: pm.epoch };
  }
}

export interface GroupMemberSpec {
  readonly userUri: string;
}

/**
 * The first member creates the group and adds all others in one commit;
 * they join from the Welcome (with the ratchet tree extension).
 */
export async function createMlsGroup(groupId: Uint8Array, specs: readonly GroupMemberSpec[]): Promise<MlsMember[]> {
  const impl = await cipherSuiteImpl();
  const capabilities = { versions: ["mls10" as const], ciphersuites: [CIPHER_SUITE], extensions: [], proposals: [], credentials: ["basic" as const] };
  const lifetime = { notBefore: 0n, notAfter: 0xffff_ffff_ffff_ffffn };
  const packages = await Promise.all(
    specs.map(async (s) => {
      const credential: Credential = { credentialType: "basic", identity: new TextEncoder().encode(s.userUri) };
      if (userUriOf(credential) === undefined) throw new TypeError(`${s.userUri} is not a mimi://<domain>/u/<user> URI`);
      return { spec: s, ...(await generateKeyPackage(credential, capabilities, lifetime, [], impl)) };
    }),
  );
  const [first, ...rest] = packages;
  if (!first) throw new TypeError("a group needs at least one member");
  let creator = await createGroup(groupId, first.publicPackage, first.privatePackage, [], impl, MIMI_CLIENT_CONFIG);
  if (rest.length === 0) return [new MlsMember(first.spec.userUri, creator, impl)];
  const commit = await createCommit(
    { state: creator, cipherSuite: impl },
    { ratchetTreeExtension: true, extraProposals: rest.map((p) => ({ proposalType: "add" as const, add: { keyPackage: p.publicPackage } })) },
  );
  creator = commit.newState;
  if (!commit.welcome) throw new Error("ts-mls produced no Welcome");
  const welcome = commit.welcome;
  const joined = await Promise.all(rest.map((p) => joinGroup(welcome, p.publicPackage, p.privatePackage, emptyPskIndex, impl, undefined, undefined, MIMI_CLIENT_CONFIG)));
  return [new MlsMember(first.spec.userUri, creator, impl), ...rest.map((p, i) => new MlsMember(p.spec.userUri, joined[i]!, impl))];
}
