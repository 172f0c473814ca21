/**
 * One member's MIMI client: the whole pipeline for its messages.
 *
 * send:    compose -> validate -> encode (CBOR or TPL) -> message ID ->
 *          local view check -> MLS PrivateMessage (MLSMessage, our codec ==
 *          ts-mls) -> SubmitMessageRequest
 * receive: FanoutMessage -> MLSMessage -> MLS decrypt (authenticated sender)
 *          -> credential -> hub timestamp -> strict decode -> validate ->
 *          sender/room URIs -> message ID from the MLS sender and the room ->
 *          attachments fetched and verified -> conversation view
 *
 * Every rejection is a PipelineError naming the rule and the field path;
 * nothing reaches the view unless every check passed.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { toHex } from "../runtime/index.js";
import { fetchAttachment, type BlobStore } from "./attachment.js";
import { Composer } from "./compose.js";
import { decodeContent, encodeContent, encodedSize, type ContentFormat } from "./encode.js";
import { PipelineError, reject, type Violation } from "./errors.js";
import { submitRequest, unwrapFanout } from "./hub.js";
import { bytesEqual, computeMessageId } from "./message-id.js";
import { userUriOf, type Encrypted, type MlsMember } from "./mls-group.js";
import { indexParts } from "./parts.js";
import { assertValidContent, iso } from "./validate.js";
import { ConversationView, type AcceptedMessage, type AttachmentSummary } from "./view.js";
import { sha256 } from "@noble/hashes/sha2.js";

/**
 * draft-ietf-mimi-content-03 (tagged 2024-04-23), the first version with a
 * concrete syntax: a candidate for ReceivePolicy.notBefore. Not the default:
 * the draft's own examples carry hub timestamps of 2022-02-09.
 */
export const FIRST_CONCRETE_SYNTAX = Date.UTC(2024, 3, 23);

export interface ReceivePolicy {
  /** "more than a few minutes in the future" (default 5 minutes) */
  readonly maxClockSkewMs?: number;
  /** hub timestamps before this (ms) are rejected (e.g. the publication of the first concrete syntax); off by default */
  readonly notBefore?: number;
  readonly maxContentBytes?: number;
  /** download and verify attachments before accepting a message (default true) */
  readonly fetchAttachments?: boolean;
}

export interface ClientOptions {
  readonly name: string;
  readonly roomUri: string;
  readonly mls: MlsMember;
  readonly store: BlobStore;
  /** local clock, ms since the UNIX epoch */
  readonly clock: () => number;
  /** when the room was created (ms); earlier hub timestamps are rejected */
  readonly roomCreatedAt: number;
  readonly members: readonly string[];
  readonly format?: ContentFormat;
  readonly policy?: ReceivePolicy;
  readonly random?: (n: number) => Uint8Array;
  readonly languages?: readonly string[];
}

/** A message ready for the hub. */
export interface Prepared {
  readonly content: mimiContent;
  readonly encoded: Uint8Array;
  readonly messageId: Uint8Array;
  readonly mls: Encrypted;
  /** SubmitMessageRequest bytes */
  readonly request: Uint8Array;
  readonly notices: readonly Violation[];
}

export type ReceiveResult =
  | { readonly ok: true; readonly message: AcceptedMessage; readonly notices: readonly Violation[] }
  | { readonly ok: false; readonly error: PipelineError };

export class MimiClient {
  readonly name: string;
  readonly userUri: string;
  readonly roomUri: string;
  readonly composer: Composer;
  readonly view: ConversationView;
  readonly mls: MlsMember;
  private readonly opts: ClientOptions;

  constructor(opts: ClientOptions) {
    this.opts = opts;
    this.name = opts.name;
    this.mls = opts.mls;
    this.userUri = opts.mls.userUri;
    this.roomUri = opts.roomUri;
    this.composer = new Composer({ senderUri: this.userUri, roomUri: this.roomUri, ...(opts.random ? { random: opts.random } : {}) });
    this.view = new ConversationView({ members: opts.members, render: { languages: opts.languages ?? ["en"] } });
  }

  get format(): ContentFormat {
    return this.opts.format ?? "cbor";
  }

  /**
   * Validate, encode, derive the message ID, check it against the local view
   * (a client must not knowingly loop replies or edit others' messages) and
   * encrypt. `unchecked` skips validation and the view check: a misbehaving
   * sender, for tests.
   */
  async prepare(content: mimiContent, opts: { readonly unchecked?: boolean } = {}): Promise<Prepared> {
    const now = this.opts.clock();
    const size = encodedSize(content, this.format);
    const notices = opts.unchecked ? [] : assertValidContent(content, { direction: "send", now, encodedSize: size, ...this.limits() }, "validate");
    const encoded = encodeContent(content, this.format);
    const messageId = computeMessageId({ senderUri: this.userUri, roomUri: this.roomUri, message: encoded, salt: content.salt });
    if (!opts.unchecked) this.view.check({ messageId, sender: this.userUri, timestamp: BigInt(now), content });
    return this.seal(content, encoded, messageId, notices);
  }

  /** Send arbitrary bytes as the application data (a misbehaving client, for tests). */
  async prepareRaw(applicationData: Uint8Array): Promise<Omit<Prepared, "content" | "messageId">> {
    const mls = await this.mls.encrypt(applicationData);
    return { encoded: applicationData, mls, request: submitRequest(mls.message, this.userUri), notices: [] };
  }

  private async seal(content: mimiContent, encoded: Uint8Array, messageId: Uint8Array, notices: readonly Violation[]): Promise<Prepared> {
    const mls = await this.mls.encrypt(encoded);
    return { content, encoded, messageId, mls, request: submitRequest(mls.message, this.userUri), notices };
  }

  /** The hub accepted our message at `timestamp`: show it in our own view. */
  accepted(p: Prepared, timestamp: bigint, attachments: readonly AttachmentSummary[] = []): void {
    this.view.apply({ messageId: p.messageId, sender: this.userUri, timestamp, content: p.content, attachments }, { now: this.opts.clock() });
  }

  async receive(fanout: Uint8Array, opts: { readonly expectedMessageId?: Uint8Array } = {}): Promise<ReceiveResult> {
    try {
      const r = await this.receiveOrThrow(fanout, opts);
      return { ok: true, ...r };
    } catch (e) {
      if (e instanceof PipelineError) return { ok: false, error: e };
      throw e;
    }
  }

  private async receiveOrThrow(fanout: Uint8Array, opts: { readonly expectedMessageId?: Uint8Array }): Promise<{ message: AcceptedMessage; notices: Violation[] }> {
    const { timestamp, message } = unwrapFanout(fanout);
    const d = await this.mls.decrypt(message, "FanoutMessage.message");
    const sender = userUriOf(d.senderCredential);
    if (sender === undefined) reject("mls", "sender/bad-credential", "FanoutMessage.message", `leaf ${d.senderLeafIndex} holds no basic credential with a mimi: user URI`);

    const now = this.opts.clock();
    const ts = Number(timestamp);
    const skew = this.opts.policy?.maxClockSkewMs ?? 5 * 60_000;
    if (ts > now + skew) reject("validate", "timestamp/in-future", "FanoutMessage.timestamp", `hub timestamp ${iso(ts)} is more than ${skew / 1000} s after the local clock ${iso(now)}`);
    if (ts < this.opts.roomCreatedAt) reject("validate", "timestamp/before-room-created", "FanoutMessage.timestamp", `hub timestamp ${iso(ts)} is before the room was created (${iso(this.opts.roomCreatedAt)})`);
    const notBefore = this.opts.policy?.notBefore;
    if (notBefore !== undefined && ts < notBefore) reject("validate", "timestamp/too-old", "FanoutMessage.timestamp", `hub timestamp ${iso(ts)} is before ${iso(notBefore)}`);

    const bytes = d.applicationData;
    const content = decodeContent(bytes, this.format);
    const notices = [...assertValidContent(content, { direction: "receive", now, encodedSize: bytes.length, ...this.limits() }, "validate")];
    const ext = content.mimiExtensions;
    if (ext.senderUri !== undefined && ext.senderUri !== sender) {
      reject("validate", "sender/uri-mismatch", "mimiContent.mimiExtensions.senderUri", `the content claims ${ext.senderUri}; MLS authenticated ${sender}`);
    }
    if (ext.roomUri !== undefined && ext.roomUri !== this.roomUri) {
      reject("validate", "room/uri-mismatch", "mimiContent.mimiExtensions.roomUri", `the content names room ${ext.roomUri}; this is ${this.roomUri}`);
    }
    const messageId = computeMessageId({ senderUri: sender, roomUri: this.roomUri, message: bytes, salt: content.salt });
    if (opts.expectedMessageId && !bytesEqual(opts.expectedMessageId, messageId)) {
      reject("validate", "message-id/mismatch", "", `recomputed ${toHex(messageId)} from sender ${sender} and room ${this.roomUri}; expected ${toHex(opts.expectedMessageId)}`);
    }
    const attachments = this.opts.policy?.fetchAttachments === false ? [] : await this.fetchAttachments(content, now);
    const accepted: AcceptedMessage = { messageId, sender, timestamp, content, attachments };
    notices.push(...this.view.apply(accepted, { now }));
    return { message: accepted, notices };
  }

  /** Download, verify and decrypt every attachment-like ExternalPart (not session links). */
  async fetchAttachments(content: mimiContent, now: number): Promise<AttachmentSummary[]> {
    const out: AttachmentSummary[] = [];
    for (const p of indexParts(content.nestedPart)) {
      const part = p.part;
      if (part.cardinality !== "external" || part.disposition === "session") continue;
      if (part.encAlg === 0 && part.hashAlg === 0) continue;
      const data = await fetchAttachment(this.opts.store, part, { now, path: p.path });
      out.push({ partIndex: p.index, filename: part.filename, contentType: part.contentType, size: data.length, sha256: toHex(sha256(data)) });
    }
    return out;
  }

  private limits(): { maxContentBytes?: number } {
    const m = this.opts.policy?.maxContentBytes;
    return m === undefined ? {} : { maxContentBytes: m };
  }
}
