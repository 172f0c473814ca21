/**
 * A MIMI room in memory: the MLS group, the hub and one client per member.
 * `send` runs a message through the whole pipeline (sender's client, hub,
 * every other member's client) and reports sizes and each receiver's result.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { MemoryBlobStore, type BlobStore } from "./attachment.js";
import { MimiClient, type ReceivePolicy, type ReceiveResult } from "./client.js";
import type { Composer } from "./compose.js";
import { contentSizes, type ContentFormat } from "./encode.js";
import { PipelineError } from "./errors.js";
import { Hub } from "./hub.js";
import { createMlsGroup } from "./mls-group.js";

export interface RoomMember {
  /** a short name to address the member by (e.g. "alice") */
  readonly name: string;
  /** the user URI, also the identity of the member's MLS basic credential */
  readonly userUri: string;
}

export interface RoomOptions {
  readonly roomUri: string;
  readonly groupId: Uint8Array;
  /** the first member creates the group and adds the others */
  readonly members: readonly RoomMember[];
  /** one clock for the hub and every client (ms since the UNIX epoch); injectable for tests */
  readonly clock?: () => number;
  readonly store?: BlobStore;
  readonly format?: ContentFormat;
  readonly policy?: ReceivePolicy;
  readonly random?: (n: number) => Uint8Array;
}

export interface SendReport {
  readonly sender: string;
  readonly messageId: Uint8Array;
  readonly content: mimiContent;
  readonly timestamp: bigint;
  readonly sizes: {
    readonly cbor: number;
    readonly tpl: number;
    /** the MLSMessage (PrivateMessage) carrying the content as sent */
    readonly mls: number;
    readonly submitRequest: number;
    readonly fanout: number;
  };
  /** each other member's result */
  readonly deliveries: ReadonlyMap<string, ReceiveResult>;
}

export class MimiRoom {
  readonly clients: ReadonlyMap<string, MimiClient>;
  readonly createdAt: number;

  private constructor(
    readonly roomUri: string,
    readonly hub: Hub,
    clients: MimiClient[],
    readonly store: BlobStore,
    readonly clock: () => number,
    createdAt: number,
  ) {
    this.clients = new Map(clients.map((c) => [c.name, c]));
    this.createdAt = createdAt;
  }

  static async create(opts: RoomOptions): Promise<MimiRoom> {
    const clock = opts.clock ?? Date.now;
    const store = opts.store ?? new MemoryBlobStore();
    const createdAt = clock();
    const mls = await createMlsGroup(opts.groupId, opts.members);
    const uris = opts.members.map((m) => m.userUri);
    const clients = opts.members.map(
      (m, i) =>
        new MimiClient({
          name: m.name,
          roomUri: opts.roomUri,
          mls: mls[i]!,
          store,
          clock,
          roomCreatedAt: createdAt,
          members: uris,
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.policy ? { policy: opts.policy } : {}),
          ...(opts.random ? { random: opts.random } : {}),
        }),
    );
    const hub = new Hub({ roomUri: opts.roomUri, groupId: opts.groupId, epoch: mls[0]!.epoch, participants: uris, clock });
    return new MimiRoom(opts.roomUri, hub, clients, store, clock, createdAt);
  }

  client(name: string): MimiClient {
    const c = this.clients.get(name);
    if (!c) throw new TypeError(`no member ${name} in ${this.roomUri}`);
    return c;
  }

  /** Compose (with the sender's Composer), send through the hub and deliver to every other member. */
  async send(from: string, message: mimiContent | ((c: Composer) => mimiContent), opts: { readonly unchecked?: boolean } = {}): Promise<SendReport> {
    const sender = this.client(from);
    const content = typeof message === "function" ? message(sender.composer) : message;
    const prepared = await sender.prepare(content, opts);
    const outcome = this.hub.submit(prepared.request);
    if (!outcome.accepted) throw new PipelineError("hub", [outcome.violation]);
    const attachments = await sender.fetchAttachments(content, this.clock());
    sender.accepted(prepared, outcome.timestamp, attachments);
    const deliveries = new Map<string, ReceiveResult>();
    for (const c of this.clients.values()) if (c !== sender) deliveries.set(c.name, await c.receive(outcome.fanout));
    const sizes = contentSizes(content);
    return {
      sender: from,
      messageId: prepared.messageId,
      content,
      timestamp: outcome.timestamp,
      sizes: { ...sizes, mls: prepared.mls.bytes.length, submitRequest: prepared.request.length, fanout: outcome.fanout.length },
      deliveries,
    };
  }

  /** Deliver hub-accepted fanout bytes to the named members (tests: replay, tampering). */
  async deliver(fanout: Uint8Array, to: readonly string[], opts: { readonly expectedMessageId?: Uint8Array } = {}): Promise<Map<string, ReceiveResult>> {
    const out = new Map<string, ReceiveResult>();
    for (const name of to) out.set(name, await this.client(name).receive(fanout, opts));
    return out;
  }

  /** Let every member's view drop the messages that have expired by now. */
  expire(): void {
    const now = this.clock();
    for (const c of this.clients.values()) c.view.expire(now);
  }
}
