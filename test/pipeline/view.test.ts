/** The conversation view on its own (no MLS): the stateful rules and their order independence. */
import { describe, expect, it } from "vitest";
import type { mimiContent } from "../../generated/mimi-content-main/index.js";
import { Composer, ConversationView, PipelineError, computeMessageId, encodeContent, renderBody, type AcceptedMessage } from "../../src/pipeline/index.js";
import { toHex } from "../../src/runtime/index.js";

const ROOM = "mimi://example.com/r/r";
const uri = (n: string) => `mimi://example.com/u/${n}`;
const composer = (n: string) => new Composer({ senderUri: uri(n), roomUri: ROOM });
let t = 1_700_000_000_000;

function msg(sender: string, content: mimiContent): AcceptedMessage {
  const messageId = computeMessageId({ senderUri: uri(sender), roomUri: ROOM, message: encodeContent(content), salt: content.salt });
  return { messageId, sender: uri(sender), timestamp: BigInt((t += 1000)), content };
}

function rejects(view: ConversationView, m: AcceptedMessage): string {
  const before = JSON.stringify(view.snapshot());
  try {
    view.apply(m);
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineError);
    expect(JSON.stringify(view.snapshot())).toBe(before);
    return (e as PipelineError).rule;
  }
  throw new Error("not rejected");
}

describe("ConversationView", () => {
  it("edits and deletes only from the original sender; edits of a deleted message are refused", () => {
    const v = new ConversationView();
    const a = msg("alice", composer("alice").original("v1"));
    v.apply(a);
    const sent = { messageId: a.messageId, content: a.content };
    expect(rejects(v, msg("bob", composer("bob").edit(sent, "hijack")))).toBe("replace/not-original-sender");
    const e1 = msg("alice", composer("alice").edit(sent, "v2"));
    v.apply(e1);
    expect(v.snapshot().messages[0]).toMatchObject({ state: "edited", body: ["v2"], versions: [toHex(a.messageId), toHex(e1.messageId)] });
    // replacing a later version is applied to the first instance, with a notice
    const e2 = msg("alice", composer("alice").edit({ messageId: e1.messageId, content: a.content }, "v3"));
    expect(v.apply(e2).map((n) => n.rule)).toEqual(["replace/not-first-instance"]);
    expect(v.snapshot().messages[0]!.body).toEqual(["v3"]);
    v.apply(msg("alice", composer("alice").delete(sent)));
    expect(v.snapshot().messages[0]).toMatchObject({ state: "deleted", body: [] });
    expect(rejects(v, msg("alice", composer("alice").edit(sent, "v4")))).toBe("replace/target-deleted");
  });

  it("a replacement that arrives before its target is held, then applied (or refused) when the target arrives", () => {
    const v = new ConversationView();
    const a = msg("alice", composer("alice").original("v1"));
    const sent = { messageId: a.messageId, content: a.content };
    const edit = msg("alice", composer("alice").edit(sent, "v2"));
    const forged = msg("bob", composer("bob").delete(sent));
    expect(v.apply(edit).map((n) => n.rule)).toEqual(["replace/unknown-target"]);
    expect(v.apply(forged).map((n) => n.rule)).toEqual(["replace/unknown-target"]);
    expect(v.snapshot().messages).toEqual([]);
    v.apply(a);
    expect(v.snapshot().messages[0]).toMatchObject({ state: "edited", body: ["v2"] });
    expect(v.log.map((x) => x.rule)).toEqual(["replace/not-original-sender"]);
  });

  it("duplicates are refused; reactions attach to their target and unlikes remove them", () => {
    const v = new ConversationView();
    const a = msg("alice", composer("alice").original("hello"));
    v.apply(a);
    expect(rejects(v, a)).toBe("message-id/duplicate");
    const like = msg("cathy", composer("cathy").reaction(a.messageId, "\u{1F44D}"));
    v.apply(like);
    expect(v.snapshot().messages[0]!.reactions).toEqual([{ id: toHex(like.messageId), sender: uri("cathy"), reaction: "\u{1F44D}" }]);
    expect(rejects(v, msg("bob", composer("bob").unlike({ messageId: like.messageId, content: like.content })))).toBe("replace/not-original-sender");
    v.apply(msg("cathy", composer("cathy").unlike({ messageId: like.messageId, content: like.content })));
    expect(v.snapshot().messages[0]).toMatchObject({ reactions: [], removedReactions: [{ id: toHex(like.messageId), sender: uri("cathy") }] });
  });

  it("relative expiry counts from reading; absolute from the epoch; expired messages are gone and their edits change nothing", () => {
    const v = new ConversationView();
    const rel = msg("alice", composer("alice").expiring("self-destructs", { after: 60 }));
    v.apply(rel, { now: 1_000_000 });
    const abs = msg("alice", composer("alice").expiring("at noon", { at: 2_000 }));
    v.apply(abs, { now: 1_000_000 });
    expect(v.expire(1_059_999)).toEqual([]);
    expect(v.expire(1_060_000)).toEqual([toHex(rel.messageId)]);
    expect(v.expire(2_000_000)).toEqual([toHex(abs.messageId)]);
    expect(v.snapshot()).toEqual({ messages: [], expired: [toHex(rel.messageId), toHex(abs.messageId)] });
    const late = msg("alice", composer("alice").edit({ messageId: rel.messageId, content: rel.content }, "too late"));
    expect(v.apply(late).map((n) => n.rule)).toEqual(["replace/target-expired"]);
    expect(v.snapshot().messages).toEqual([]);
  });

  it("follows inReplyTo chains and refuses the one that loops; check() is a dry run", () => {
    const v = new ConversationView();
    const a = msg("alice", composer("alice").original("root"));
    v.apply(a);
    const b = msg("bob", composer("bob").reply(a.messageId, "r1"));
    expect(v.check(b)).toEqual([]);
    expect(v.snapshot().messages).toHaveLength(1);
    v.apply(b);
    const loop1 = { messageId: new Uint8Array(32).fill(1), sender: uri("eve"), timestamp: 1n, content: composer("eve").reply(new Uint8Array(32).fill(2), "x") };
    const loop2 = { messageId: new Uint8Array(32).fill(2), sender: uri("eve"), timestamp: 2n, content: composer("eve").reply(new Uint8Array(32).fill(1), "y") };
    expect(v.importHistory([loop1]).map((x) => x.rule)).toEqual([]);
    expect(v.importHistory([loop2]).map((x) => x.rule)).toEqual(["reply/loop"]);
    const small = new ConversationView({ maxChain: 1 });
    small.apply(a);
    small.apply(b);
    expect(rejects(small, msg("cathy", composer("cathy").reply(b.messageId, "r2")))).toBe("reply/chain-too-long");
  });

  it("renders bodies the way a receiver chooses: languages, unsupported alternatives, unknown dispositions", async () => {
    const { alternatives, markdownPart, singlePart, plainTextPart } = await import("../../src/pipeline/index.js");
    const body = alternatives([markdownPart("Bonjour", { language: "fr" }), markdownPart("Hello", { language: "en-GB" })]);
    expect(renderBody(body, { languages: ["en"] })).toEqual(["Hello"]);
    expect(renderBody(body, { languages: ["fr"] })).toEqual(["Bonjour"]);
    expect(renderBody(alternatives([singlePart("application/x-vendor", "?"), plainTextPart("fallback")]))).toEqual(["fallback"]);
    expect(renderBody(plainTextPart("odd", { disposition: 200 }))).toEqual(["odd"]);
  });
});
