/**
 * A member's conversation view: what its client shows after applying every
 * message it accepted. Replies (inReplyTo chains followed, loops rejected),
 * edits and deletes (`replaces`, from the original sender only, changing
 * nothing but the NestedPart), reactions and unlikes, and expiry.
 *
 * `apply` checks everything first and changes nothing when it rejects, so a
 * tampered message leaves the view exactly as it was.
 */
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { toHex } from "../runtime/index.js";
import { PipelineError, violation, type Violation } from "./errors.js";
import { bytesEqual } from "./message-id.js";
import { linkedUserUris, renderBody, type RenderOptions } from "./render-body.js";

/** A message that passed every check before the view: its ID as computed from the MLS-authenticated sender. */
export interface AcceptedMessage {
  readonly messageId: Uint8Array;
  /** the sender's user URI (MLS credential identity) */
  readonly sender: string;
  /** hub accepted timestamp, ms since the UNIX epoch */
  readonly timestamp: bigint;
  readonly content: mimiContent;
  readonly attachments?: readonly AttachmentSummary[];
}

export interface AttachmentSummary {
  readonly partIndex: number;
  readonly filename: string;
  readonly contentType: string;
  /** decrypted size in octets */
  readonly size: number;
  /** hex SHA-256 of the decrypted content */
  readonly sha256: string;
}

interface Entry {
  readonly id: string;
  readonly sender: string;
  readonly timestamp: bigint;
  readonly first: mimiContent;
  current: mimiContent;
  readonly versions: string[];
  deleted: boolean;
  attachments: readonly AttachmentSummary[];
  readonly expiresAt: number | null;
  /** for reactions: the message reacted to */
  readonly reactsTo: string | null;
}

interface RecordRef {
  readonly sender: string;
  readonly inReplyTo: string | null;
  /** first instance this message is (a version of) */
  readonly root: string;
}

export interface ViewOptions {
  /** user URIs of the group's members (links to them are mentions) */
  readonly members?: readonly string[];
  readonly render?: RenderOptions;
  /** the longest inReplyTo chain followed (default 10000) */
  readonly maxChain?: number;
}

export interface ViewMessage {
  readonly id: string;
  readonly sender: string;
  readonly timestamp: number;
  readonly topic: string;
  readonly inReplyTo: string | null;
  readonly reactsTo: string | null;
  readonly state: "original" | "edited" | "deleted";
  readonly versions: readonly string[];
  readonly body: readonly string[];
  readonly reactions: readonly { readonly id: string; readonly sender: string; readonly reaction: string }[];
  readonly removedReactions: readonly { readonly id: string; readonly sender: string }[];
  readonly mentions: readonly string[];
  readonly attachments: readonly AttachmentSummary[];
  readonly expiresAt: number | null;
}

export interface ViewSnapshot {
  readonly messages: readonly ViewMessage[];
  /** IDs (first instances) of messages that expired and were removed */
  readonly expired: readonly string[];
}

const hex = (b: Uint8Array | null): string | null => (b === null ? null : toHex(b));
const text = new TextDecoder();

export class ConversationView {
  private readonly entries = new Map<string, Entry>();
  private readonly records = new Map<string, RecordRef>();
  private readonly expiredIds: string[] = [];
  private readonly pending = new Map<string, AcceptedMessage[]>();
  /** rejections of held replacements once their target arrived */
  readonly log: Violation[] = [];

  constructor(private readonly opts: ViewOptions = {}) {}

  /** Is this ID already known (received, sent, held or expired)? */
  has(messageId: Uint8Array): boolean {
    return this.records.has(toHex(messageId)) || [...this.pending.values()].some((l) => l.some((m) => bytesEqual(m.messageId, messageId)));
  }

  /** Check without applying (a sender's client runs this before sending). */
  check(msg: AcceptedMessage): readonly Violation[] {
    return this.apply(msg, { dryRun: true });
  }

  /**
   * Apply an accepted message; returns notices. Throws a PipelineError
   * (stage "view") and changes nothing when a rule rejects it. `now` (ms) is
   * when the member reads it: relative expiry counts from there.
   */
  apply(msg: AcceptedMessage, opts: { readonly now?: number; readonly dryRun?: boolean } = {}): Violation[] {
    const id = toHex(msg.messageId);
    const c = msg.content;
    const notices: Violation[] = [];
    if (this.has(msg.messageId)) fail("message-id/duplicate", "", `message ${id} was already received`);
    this.checkChain(id, hex(c.inReplyTo));

    const replaces = hex(c.replaces);
    if (replaces !== null) {
      const target = this.records.get(replaces);
      if (!target) {
        notices.push(violation("replace/unknown-target", "mimiContent.replaces", `replaces ${replaces}, not (yet) known here; held until it arrives`));
        if (!opts.dryRun) this.pending.set(replaces, [...(this.pending.get(replaces) ?? []), msg]);
        return notices;
      }
      if (target.root !== replaces) notices.push(violation("replace/not-first-instance", "mimiContent.replaces", `replaces ${replaces}, a later version of ${target.root}; applied to the first instance`));
      if (target.sender !== msg.sender) fail("replace/not-original-sender", "mimiContent.replaces", `${msg.sender} may not edit or delete a message of ${target.sender}`);
      const root = this.entries.get(target.root);
      if (!root) {
        notices.push(violation("replace/target-expired", "mimiContent.replaces", `message ${target.root} expired here; the replacement changes nothing`));
        if (!opts.dryRun) this.records.set(id, { sender: msg.sender, inReplyTo: hex(c.inReplyTo), root: target.root });
        return notices;
      }
      if (root.deleted) fail("replace/target-deleted", "mimiContent.replaces", `message ${target.root} was deleted`);
      const o = root.first;
      if (!bytesEqual(o.topicId, c.topicId)) fail("replace/semantics-changed", "mimiContent.topicId", "an edit or delete may not change topicId");
      if (hex(o.inReplyTo) !== hex(c.inReplyTo)) fail("replace/semantics-changed", "mimiContent.inReplyTo", "an edit or delete may not change inReplyTo");
      if (JSON.stringify(o.expires) !== JSON.stringify(c.expires)) fail("replace/semantics-changed", "mimiContent.expires", "an edit or delete may not change expires");
      if (opts.dryRun) return notices;
      this.records.set(id, { sender: msg.sender, inReplyTo: hex(c.inReplyTo), root: target.root });
      root.versions.push(id);
      if (c.nestedPart.cardinality === "nullpart") {
        root.deleted = true;
        root.attachments = [];
      } else {
        root.current = c;
        root.attachments = msg.attachments ?? [];
      }
      return notices;
    }

    if (opts.dryRun) return notices;
    const now = opts.now ?? Number(msg.timestamp);
    const e = c.expires;
    const isReaction = c.nestedPart.disposition === "reaction" && c.nestedPart.cardinality !== "nullpart";
    this.entries.set(id, {
      id,
      sender: msg.sender,
      timestamp: msg.timestamp,
      first: c,
      current: c,
      versions: [id],
      deleted: false,
      attachments: msg.attachments ?? [],
      expiresAt: e === null ? null : e.relative ? now + e.time * 1000 : e.time * 1000,
      reactsTo: isReaction ? hex(c.inReplyTo) : null,
    });
    this.records.set(id, { sender: msg.sender, inReplyTo: hex(c.inReplyTo), root: id });
    const held = this.pending.get(id) ?? [];
    this.pending.delete(id);
    for (const r of held) {
      try {
        notices.push(...this.apply(r, opts));
      } catch (err) {
        if (!(err instanceof PipelineError)) throw err;
        this.log.push(...err.violations);
      }
    }
    return notices;
  }

  /**
   * Restore messages from local storage or another device's history. Their
   * IDs are taken as stored, not recomputed (no MLS sender is at hand), so
   * this is where a corrupted or forged history could plant references; the
   * chain check on every later message still catches any loop they close.
   * Each record goes through `apply`; returns the rejections.
   */
  importHistory(records: readonly AcceptedMessage[]): Violation[] {
    const rejected: Violation[] = [];
    for (const r of records) {
      try {
        this.apply(r);
      } catch (e) {
        if (!(e instanceof PipelineError)) throw e;
        rejected.push(...e.violations);
      }
    }
    return rejected;
  }

  /** Follow inReplyTo from the new message; coming back to any message on the chain is a loop. */
  private checkChain(id: string, start: string | null): void {
    const max = this.opts.maxChain ?? 10_000;
    const seen = new Set<string>([id]);
    const chain = [id.slice(0, 8)];
    for (let cur = start; cur !== null; ) {
      chain.push(cur.slice(0, 8));
      if (seen.has(cur)) fail("reply/loop", "mimiContent.inReplyTo", `inReplyTo chain loops: ${chain.join(" -> ")}`);
      if (seen.size > max) fail("reply/chain-too-long", "mimiContent.inReplyTo", `inReplyTo chain longer than ${max}`);
      seen.add(cur);
      cur = this.records.get(cur)?.inReplyTo ?? null;
    }
  }

  /** Remove every message whose expiry has passed at `now` (ms); returns their IDs. */
  expire(now: number): string[] {
    const gone: string[] = [];
    for (const [id, e] of this.entries) {
      if (e.expiresAt !== null && e.expiresAt <= now) {
        this.entries.delete(id);
        gone.push(id);
      }
    }
    this.expiredIds.push(...gone);
    return gone;
  }

  snapshot(): ViewSnapshot {
    const members = new Set(this.opts.members ?? []);
    const all = [...this.entries.values()].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id < b.id ? -1 : 1));
    const reactionsTo = (id: string) => all.filter((r) => r.reactsTo === id && this.entries.has(id));
    const messages = all
      .filter((e) => e.reactsTo === null || !this.entries.has(e.reactsTo))
      .map((e): ViewMessage => {
        const reactions = reactionsTo(e.id);
        return {
          id: e.id,
          sender: e.sender,
          timestamp: Number(e.timestamp),
          topic: topicLabel(e.first.topicId),
          inReplyTo: hex(e.first.inReplyTo),
          reactsTo: e.reactsTo,
          state: e.deleted ? "deleted" : e.versions.length > 1 ? "edited" : "original",
          versions: [...e.versions],
          body: e.deleted ? [] : renderBody(e.current.nestedPart, this.opts.render),
          reactions: reactions.filter((r) => !r.deleted).map((r) => ({ id: r.id, sender: r.sender, reaction: renderBody(r.current.nestedPart).join(" ").replace(/^reaction /, "") })),
          removedReactions: reactions.filter((r) => r.deleted).map((r) => ({ id: r.id, sender: r.sender })),
          mentions: e.deleted ? [] : linkedUserUris(e.current.nestedPart).filter((u) => members.size === 0 || members.has(u)),
          attachments: [...e.attachments],
          expiresAt: e.expiresAt,
        };
      });
    return { messages, expired: [...this.expiredIds] };
  }
}

function fail(rule: Violation["rule"], path: string, message: string): never {
  throw new PipelineError("view", [violation(rule, path, message)]);
}

function topicLabel(topicId: Uint8Array): string {
  if (topicId.length === 0) return "";
  const s = text.decode(topicId);
  return /^[\x20-\x7e]+$/.test(s) ? s : `h'${toHex(topicId)}'`;
}
