/**
 * The hub of a MIMI room (draft-ietf-mimi-protocol-06, "Submit a Message"
 * and "Fanout Messages and Room Events"), in memory: it accepts a
 * SubmitMessageRequest, checks what a hub can see without the group's keys
 * (protocol, wire format, content type, group, epoch, that sendingUri is a
 * participant), stamps the accepted timestamp, answers with a
 * SubmitMessageResponse and fans the MLSMessage out as a FanoutMessage.
 * Everything on this wire is encoded with the generated mimi-protocol-06
 * codecs (TLS presentation language).
 *
 * Franking is not done (the request's PrivateMessage carries no frank_aad);
 * `frank` is null in the response and the fanout.
 */
import { FanoutMessage, SubmitMessageRequest, SubmitMessageResponse, type IdentifierUri } from "../../generated/mimi-protocol-06/index.js";
import type { MLSMessage } from "../../generated/rfc9420/index.js";
import { toHex } from "../runtime/index.js";
import { PipelineError, codecViolation, violation, type Violation } from "./errors.js";
import { bytesEqual } from "./message-id.js";

/** FanoutMessage has no protocol field of its own; its select reads it from the codec context. */
export const MLS10_CONTEXT = { context: { protocol: "mls10" } } as const;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export function identifierUri(uri: string): IdentifierUri {
  return { uri: utf8.encode(uri) };
}

export function submitRequest(appMessage: MLSMessage, sendingUri: string): Uint8Array {
  return SubmitMessageRequest.tpl.encode({ protocol: "mls10", appMessage, sendingUri: identifierUri(sendingUri) });
}

export type HubOutcome =
  | {
      readonly accepted: true;
      readonly timestamp: bigint;
      /** SubmitMessageResponse bytes */
      readonly response: Uint8Array;
      /** FanoutMessage bytes, the same for every receiver */
      readonly fanout: Uint8Array;
      readonly sendingUri: string;
    }
  | {
      readonly accepted: false;
      readonly status: "notAllowed" | "epochTooOld";
      readonly violation: Violation;
      /**
       * SubmitMessageResponse bytes, for epochTooOld only: the generated type
       * has no arm for notAllowed (the draft's select lists only success and
       * epochTooOld), so a notAllowed response cannot be encoded with it.
       */
      readonly response?: Uint8Array;
    };

export interface HubOptions {
  readonly roomUri: string;
  readonly groupId: Uint8Array;
  readonly epoch: bigint;
  /** user URIs of the room's participants */
  readonly participants: readonly string[];
  /** the hub's clock, ms since the UNIX epoch */
  readonly clock: () => number;
}

export class Hub {
  readonly roomUri: string;
  readonly groupId: Uint8Array;
  epoch: bigint;
  readonly participants: Set<string>;
  private readonly clock: () => number;

  constructor(opts: HubOptions) {
    this.roomUri = opts.roomUri;
    this.groupId = opts.groupId;
    this.epoch = opts.epoch;
    this.participants = new Set(opts.participants);
    this.clock = opts.clock;
  }

  submit(requestBytes: Uint8Array): HubOutcome {
    let req: SubmitMessageRequest;
    try {
      req = SubmitMessageRequest.tpl.decode(requestBytes);
    } catch (e) {
      const v = codecViolation(e);
      throw new PipelineError("hub", [violation("hub/malformed", v.path, v.message)], { cause: e });
    }
    const sendingUri = fromUtf8.decode(req.sendingUri.uri);
    const deny = (rule: Violation["rule"], path: string, message: string): HubOutcome => ({ accepted: false, status: "notAllowed", violation: violation(rule, path, message) });

    if (!this.participants.has(sendingUri)) return deny("hub/not-participant", "SubmitMessageRequest.sendingUri", `${sendingUri} is not a participant of ${this.roomUri}`);
    const msg = req.appMessage;
    if (msg.wire_format !== "mls_private_message") return deny("hub/not-application", "SubmitMessageRequest.appMessage.wire_format", `wire_format ${String(msg.wire_format)}`);
    const pm = msg.private_message;
    if (pm.content_type !== "application") return deny("hub/not-application", "SubmitMessageRequest.appMessage.private_message.content_type", `content_type ${String(pm.content_type)}`);
    if (!bytesEqual(pm.group_id, this.groupId)) return deny("hub/wrong-group", "SubmitMessageRequest.appMessage.private_message.group_id", `group ${toHex(pm.group_id)} is not ${this.roomUri}'s`);
    if (pm.epoch > this.epoch) return deny("hub/epoch-in-future", "SubmitMessageRequest.appMessage.private_message.epoch", `epoch ${pm.epoch} is ahead of the hub's ${this.epoch}`);
    if (pm.epoch < this.epoch) {
      return {
        accepted: false,
        status: "epochTooOld",
        violation: violation("hub/epoch-too-old", "SubmitMessageRequest.appMessage.private_message.epoch", `epoch ${pm.epoch}; the room is at ${this.epoch}`),
        response: SubmitMessageResponse.tpl.encode({ protocol: "mls10", statusCode: "epochTooOld", currentEpoch: this.epoch }),
      };
    }

    const timestamp = BigInt(this.clock());
    const response = SubmitMessageResponse.tpl.encode({ protocol: "mls10", statusCode: "accepted", accepted_timestamp: timestamp, frank: null });
    const fanout = FanoutMessage.tpl.encode({ timestamp, message: msg, frank: null }, MLS10_CONTEXT);
    return { accepted: true, timestamp, response, fanout, sendingUri };
  }
}

/** A receiver unwraps a FanoutMessage: the hub's timestamp and the MLSMessage. */
export function unwrapFanout(bytes: Uint8Array): { timestamp: bigint; message: MLSMessage } {
  let f: FanoutMessage;
  try {
    f = FanoutMessage.tpl.decode(bytes, MLS10_CONTEXT);
  } catch (e) {
    const v = codecViolation(e);
    throw new PipelineError("protocol", [violation("protocol/malformed", v.path, v.message)], { cause: e });
  }
  if (f.message === undefined) throw new PipelineError("protocol", [violation("protocol/malformed", "FanoutMessage.message", "no MLSMessage")]);
  return { timestamp: f.timestamp, message: f.message };
}

/** The sender reads the hub's answer. */
export function readSubmitResponse(bytes: Uint8Array): SubmitMessageResponse {
  return SubmitMessageResponse.tpl.decode(bytes);
}
