/**
 * MLS framing for the size report, with ts-mls 1.6.4 as the reference MLS
 * implementation: a three-member group (alice creates it, adds bob and
 * cathy in one commit), alice's KeyPackage-like key packages, the Welcome,
 * and application messages as PrivateMessages with a chosen padding.
 *
 * ts-mls pads PrivateMessageContent by `clientConfig.paddingConfig`; its
 * default (`defaultPaddingConfig`) is `{ kind: "padUntilLength",
 * padUntilLength: 256 }`: content shorter than 256 bytes is padded to 256.
 * "No padding" is `{ kind: "alwaysPad", paddingLength: 0 }`.
 *
 * Every size is deterministic: the key and signature sizes are fixed by
 * the cipher suite, the capabilities and lifetime are fixed (no GREASE,
 * which ts-mls's defaultCapabilities() picks at random), and the epoch and
 * leaf indices are the same on every run.
 */
// ts-mls's root entry re-exports an optional crypto provider; import its
// modules by path (see test/interop/mls-group.ts).
import { createApplicationMessage } from "ts-mls/createMessage.js";
import { createCommit } from "ts-mls/createCommit.js";
import { createGroup, joinGroup, type ClientState } from "ts-mls/clientState.js";
import { emptyPskIndex } from "ts-mls/pskIndex.js";
import { encodeMlsMessage } from "ts-mls/message.js";
import { generateKeyPackage, type KeyPackage as TsKeyPackage, type PrivateKeyPackage } from "ts-mls/keyPackage.js";
import { getCiphersuiteFromName, type CiphersuiteImpl } from "ts-mls/crypto/ciphersuite.js";
import { getCiphersuiteImpl } from "ts-mls/crypto/getCiphersuiteImpl.js";
import { defaultPaddingConfig, type PaddingConfig } from "ts-mls/paddingConfig.js";
import type { Capabilities } from "ts-mls/capabilities.js";
import type { Credential } from "ts-mls/credential.js";
import { MLSMessage } from "../../generated/rfc9420/index.js";
import { FanoutMessage, SubmitMessageRequest } from "../../generated/mimi-protocol-06/index.js";

export const MLS_SUITE = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const;
export const ROOM_GROUP_ID = "mimi://example.com/r/engineering_team";
/** The draft's users (mimi-content examples). */
export const MEMBERS = {
  alice: "mimi://example.com/u/alice-smith",
  bob: "mimi://example.com/u/bob-jones",
  cathy: "mimi://example.com/u/cathy-washington",
} as const;
export type MemberName = keyof typeof MEMBERS;

/** The hub's accepted timestamp in the FanoutMessages (the original message's, from the draft). */
export const FANOUT_TIMESTAMP = 1644387225019n;
export const MLS10_CONTEXT = { protocol: "mls10" } as const;

export type Padding = "none" | "default";
export const PADDING: Readonly<Record<Padding, PaddingConfig>> = {
  none: { kind: "alwaysPad", paddingLength: 0 },
  default: defaultPaddingConfig,
};

export function describePadding(p: Padding): string {
  const c = PADDING[p];
  return c.kind === "alwaysPad" ? (c.paddingLength === 0 ? "no padding" : `${c.paddingLength} bytes of padding`) : `padded to ${c.padUntilLength} bytes (ts-mls default)`;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const CAPABILITIES: Capabilities = { versions: ["mls10"], ciphersuites: [MLS_SUITE], extensions: [], proposals: [], credentials: ["basic"] };
/** Fixed, and wide enough that ts-mls accepts it whenever the report runs. */
const LIFETIME = { notBefore: 1_700_000_000n, notAfter: 0xffff_ffff_ffff_fff0n };

/** The bytes of one framed application message and of the MIMI protocol messages around it. */
export interface FramedMessage {
  /** MLSMessage (mls_private_message) as ts-mls serialises it */
  readonly mlsMessage: Uint8Array;
  /** SubmitMessageRequest carrying it, from the sender to the hub (mimi-protocol-06, TPL) */
  readonly submit: Uint8Array;
  /** FanoutMessage carrying it, from the hub to every receiver */
  readonly fanout: Uint8Array;
  /** the MLSMessage value as the generated rfc9420 codec decodes it */
  readonly value: MLSMessage;
}

export class MlsRoom {
  private constructor(
    readonly impl: CiphersuiteImpl,
    private states: Record<MemberName, ClientState>,
    /** MLSMessage bytes of bob's key package, as ts-mls serialises it */
    readonly keyPackage: Uint8Array,
    /** MLSMessage bytes of the Welcome for bob and cathy */
    readonly welcome: Uint8Array,
  ) {}

  static async create(): Promise<MlsRoom> {
    const impl = await getCiphersuiteImpl(getCiphersuiteFromName(MLS_SUITE));
    const member = async (name: MemberName): Promise<{ pub: TsKeyPackage; priv: PrivateKeyPackage }> => {
      const credential: Credential = { credentialType: "basic", identity: utf8(MEMBERS[name]) };
      const kp = await generateKeyPackage(credential, CAPABILITIES, LIFETIME, [], impl);
      return { pub: kp.publicPackage, priv: kp.privatePackage };
    };
    const alice = await member("alice");
    const bob = await member("bob");
    const cathy = await member("cathy");
    const aliceState = await createGroup(utf8(ROOM_GROUP_ID), alice.pub, alice.priv, [], impl);
    const commit = await createCommit(
      { state: aliceState, cipherSuite: impl },
      {
        wireAsPublicMessage: true,
        ratchetTreeExtension: true,
        extraProposals: [
          { proposalType: "add", add: { keyPackage: bob.pub } },
          { proposalType: "add", add: { keyPackage: cathy.pub } },
        ],
      },
    );
    if (!commit.welcome) throw new Error("ts-mls gave no Welcome for the add commit");
    const bobState = await joinGroup(commit.welcome, bob.pub, bob.priv, emptyPskIndex, impl);
    const cathyState = await joinGroup(commit.welcome, cathy.pub, cathy.priv, emptyPskIndex, impl);
    const keyPackage = encodeMlsMessage({ version: "mls10", wireformat: "mls_key_package", keyPackage: bob.pub });
    const welcome = encodeMlsMessage({ version: "mls10", wireformat: "mls_welcome", welcome: commit.welcome });
    return new MlsRoom(impl, { alice: commit.newState, bob: bobState, cathy: cathyState }, keyPackage, welcome);
  }

  private readonly lengths = new Map<string, number>();

  /**
   * The MLSMessage size of an application message of `length` bytes. It
   * depends on nothing but the length (and the padding), so the scaling
   * series frame a plaintext of that length once and reuse the result.
   */
  async frameLength(length: number, padding: Padding): Promise<number> {
    const key = `${padding}:${length}`;
    let n = this.lengths.get(key);
    if (n === undefined) {
      n = (await this.frame("alice", new Uint8Array(length), padding)).mlsMessage.length;
      this.lengths.set(key, n);
    }
    return n;
  }

  /**
   * `content` as an application message from `sender`, with the given
   * padding, then in a SubmitMessageRequest and a FanoutMessage. With
   * `advance` the sender's state moves on (a conversation); without, the
   * same generation is reused (a measurement: sizes do not depend on it).
   */
  async frame(sender: MemberName, content: Uint8Array, padding: Padding, advance = false): Promise<FramedMessage> {
    const state = this.states[sender];
    const padded: ClientState = { ...state, clientConfig: { ...state.clientConfig, paddingConfig: PADDING[padding] } };
    const app = await createApplicationMessage(padded, content, this.impl);
    if (advance) this.states[sender] = { ...app.newState, clientConfig: state.clientConfig };
    const mlsMessage = encodeMlsMessage({ version: "mls10", wireformat: "mls_private_message", privateMessage: app.privateMessage });
    const value = decodeMls(mlsMessage);
    const submit = SubmitMessageRequest.tpl.encode({ protocol: "mls10", appMessage: value, sendingUri: { uri: utf8(MEMBERS[sender]) } });
    const fanout = FanoutMessage.tpl.encode({ timestamp: FANOUT_TIMESTAMP, message: value, frank: null }, { context: MLS10_CONTEXT });
    return { mlsMessage, submit, fanout, value };
  }
}

/** Decode with the generated codec and insist it re-encodes to ts-mls's bytes exactly. */
export function decodeMls(bytes: Uint8Array): MLSMessage {
  const value = MLSMessage.tpl.decode(bytes);
  const again = MLSMessage.tpl.encode(value);
  if (!sameBytes(again, bytes)) throw new Error("the generated MLSMessage codec does not re-encode ts-mls's bytes");
  return value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
