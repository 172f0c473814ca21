/**
 * Typed builders for every kind of message draft-ietf-mimi-content shows:
 * original, reply, reaction (one or several), mention (Markdown or HTML),
 * edit, delete, unlike, expiring, attachment, conferencing, multipart and
 * topics. Each returns the generated `mimiContent` with a fresh 16-octet
 * random salt (Web Crypto getRandomValues; inject `salt` or `random` for
 * reproducible output) and the sender and room URIs in the extensions map,
 * which franking and the receivers' checks rely on.
 *
 * Edits, deletes and unlikes copy topicId, inReplyTo and expires from the
 * message they replace: only the NestedPart may change (Security
 * Considerations, "Rendering and authorization of edits and deletes").
 */
import type { Expiration, NestedPart, mimiContent, name, value } from "../../generated/mimi-content-main/index.js";
import { encodeItem } from "../runtime/index.js";
import {
  htmlPart,
  markdownPart,
  mixed,
  nullPart,
  reactionPart,
  sessionPart,
  type External,
  type PartOptions,
} from "./parts-builders.js";

/** A message to refer to: its ID, or its ID and content (needed to edit, delete or unlike it). */
export type MessageRef = Uint8Array | SentMessage;

export interface SentMessage {
  readonly messageId: Uint8Array;
  readonly content: mimiContent;
}

export interface ComposerOptions {
  /** the sender's user URI (extension 1, senderUri) */
  readonly senderUri: string;
  /** the room URI (extension 2, roomUri) */
  readonly roomUri: string;
  /** source of salts; defaults to crypto.getRandomValues */
  readonly random?: (n: number) => Uint8Array;
}

export interface MessageOptions {
  /** use this salt instead of a random one (tests, test vectors) */
  readonly salt?: Uint8Array;
  /** groups the message into a topic/thread; a string is taken as UTF-8 */
  readonly topicId?: Uint8Array | string;
  readonly expires?: Expiration | null;
  readonly inReplyTo?: MessageRef | null;
  /** more extensions (private-use text or negative keys, or registered ones); sorted into deterministic order */
  readonly extensions?: Iterable<readonly [name, value]>;
}

export interface Mention {
  readonly uri: string;
  /** display text, a rendering hint (e.g. "@Alice Smith") */
  readonly label: string;
}

/** Web Crypto's random values (browsers, Node 20+, Deno, Bun). */
export const randomBytes = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));

const utf8 = new TextEncoder();
const idOf = (r: MessageRef): Uint8Array => (r instanceof Uint8Array ? r : r.messageId);

export class Composer {
  readonly senderUri: string;
  readonly roomUri: string;
  private readonly random: (n: number) => Uint8Array;

  constructor(opts: ComposerOptions) {
    this.senderUri = opts.senderUri;
    this.roomUri = opts.roomUri;
    this.random = opts.random ?? randomBytes;
  }

  /** Any body with the message behavior fields: the primitive the other builders use. */
  message(body: NestedPart, opts: MessageOptions & { readonly replaces?: MessageRef | null } = {}): mimiContent {
    const salt = opts.salt ?? this.random(16);
    const rest = [...(opts.extensions ?? [])].map(([k, v]) => [k, v, keyOrder(k)] as const);
    rest.sort((a, b) => compare(a[2], b[2]));
    return {
      salt: salt.slice(),
      replaces: opts.replaces ? idOf(opts.replaces).slice() : null,
      topicId: typeof opts.topicId === "string" ? utf8.encode(opts.topicId) : (opts.topicId?.slice() ?? new Uint8Array(0)),
      expires: opts.expires ?? null,
      inReplyTo: opts.inReplyTo ? idOf(opts.inReplyTo).slice() : null,
      mimiExtensions: { senderUri: this.senderUri, roomUri: this.roomUri, unknownExtension: new Map(rest.map(([k, v]) => [k, v])) },
      nestedPart: body,
    };
  }

  /** A new message; a string body is GFM-MIMI Markdown. */
  original(body: NestedPart | string, opts: MessageOptions = {}): mimiContent {
    return this.message(typeof body === "string" ? markdownPart(body) : body, opts);
  }

  reply(to: MessageRef, body: NestedPart | string, opts: MessageOptions = {}): mimiContent {
    return this.original(body, { ...opts, inReplyTo: to });
  }

  /** A single reaction (disposition reaction, text/plain) to `to`. */
  reaction(to: MessageRef, reaction: NestedPart | string, opts: MessageOptions = {}): mimiContent {
    return this.message(typeof reaction === "string" ? reactionPart(reaction) : reaction, { ...opts, inReplyTo: to });
  }

  /** Several reactions at once: a processAll MultiPart of reaction parts (never one text part). */
  reactions(to: MessageRef | null, reactions: readonly string[], opts: MessageOptions = {}): mimiContent {
    return this.message(mixed(reactions.map((r) => reactionPart(r)), { disposition: "reaction" }), { ...opts, inReplyTo: to });
  }

  /** Text with mentions: links to user URIs, in GFM-MIMI Markdown or HTML. */
  mention(segments: readonly (string | Mention)[], opts: MessageOptions & { readonly format?: "markdown" | "html" } = {}): mimiContent {
    if (opts.format === "html") {
      const html = segments.map((s) => (typeof s === "string" ? escapeHtml(s) : `<a href="${escapeHtml(s.uri)}">${escapeHtml(s.label)}</a>`)).join("");
      return this.message(htmlPart(`<p>${html}</p>`), opts);
    }
    const md = segments.map((s) => (typeof s === "string" ? s : `[${s.label.replace(/[\\[\]]/g, "\\$&")}](${s.uri})`)).join("");
    return this.message(markdownPart(md), opts);
  }

  /** A new version of one of our messages; `original` is its first instance. */
  edit(original: SentMessage, body: NestedPart | string, opts: Pick<MessageOptions, "salt"> = {}): mimiContent {
    return this.message(typeof body === "string" ? markdownPart(body) : body, { ...sameSemantics(original.content), ...opts, replaces: original });
  }

  /** Retract one of our messages: an empty (NullPart) body replacing its first instance. */
  delete(original: SentMessage, opts: Pick<MessageOptions, "salt"> = {}): mimiContent {
    return this.message(nullPart("render"), { ...sameSemantics(original.content), ...opts, replaces: original });
  }

  /** Remove one of our reactions: an empty body with disposition reaction replacing it. */
  unlike(reaction: SentMessage, opts: Pick<MessageOptions, "salt"> = {}): mimiContent {
    return this.message(nullPart("reaction"), { ...sameSemantics(reaction.content), ...opts, replaces: reaction });
  }

  /** Deleted at an absolute time (`at`, seconds since the epoch) or `after` seconds from reading. */
  expiring(body: NestedPart | string, when: { readonly at: number } | { readonly after: number }, opts: MessageOptions = {}): mimiContent {
    const expires: Expiration = "at" in when ? { relative: false, time: when.at } : { relative: true, time: when.after };
    return this.original(body, { ...opts, expires });
  }

  /** An attachment: an ExternalPart, typically from uploadAttachment(). */
  attachment(part: External, opts: MessageOptions = {}): mimiContent {
    return this.message(part, opts);
  }

  /** A link to join a conference: ExternalPart with disposition session, usually in a topic. */
  conference(url: string, description: string, opts: MessageOptions & PartOptions = {}): mimiContent {
    return this.message(sessionPart(url, description, opts), opts);
  }
}

function sameSemantics(c: mimiContent): Pick<MessageOptions, "topicId" | "expires" | "inReplyTo"> {
  return { topicId: c.topicId, expires: c.expires, inReplyTo: c.inReplyTo };
}

function keyOrder(k: name): Uint8Array {
  if (typeof k === "string") return encodeItem({ type: "text", value: k });
  return encodeItem(k < 0n ? { type: "nint", value: k } : { type: "uint", value: k });
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
