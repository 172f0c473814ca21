/**
 * Acceptance: the draft's example conversation through the whole pipeline
 * (compose, validate, encode, message ID, MLS PrivateMessage, MIMI submit
 * and fanout, decrypt, decode, validate, view) ends with identical views
 * for alice, bob and cathy that show the edit, the deletion, the reaction
 * removed by the unlike, and the expired message gone.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { decodeMlsMessage, encodeMlsMessage } from "ts-mls/message.js";
import { FanoutMessage } from "../../generated/mimi-protocol-06/index.js";
import { MLSMessage } from "../../generated/rfc9420/index.js";
import { MLS10_CONTEXT, draftExample, formatRun, reproducesDraft, runDraftConversation, type ConversationRun, type ExampleName } from "../../src/pipeline/index.js";
import { toHex } from "../../src/runtime/index.js";

let run: ConversationRun;
beforeAll(async () => {
  run = await runDraftConversation();
});

const idOf = (name: ExampleName) => toHex(run.steps.find((s) => s.example === name)!.messageId);
const view = (name = "alice") => run.views.get(name)!;
const message = (name: ExampleName) => view().messages.find((m) => m.id === idOf(name));

describe("the draft's conversation", () => {
  it("every member accepted every message", () => {
    for (const s of run.steps) for (const [who, r] of s.deliveries) expect(r.ok, `${who} on ${s.example}: ${r.ok ? "" : r.error.message}`).toBe(true);
    expect(run.steps.map((s) => s.deliveries.size)).toEqual(run.steps.map(() => 2));
  });

  it("with the draft's salts, every message ID is the draft's (the attachment is a real upload, so its ID differs)", () => {
    expect(run.steps.filter((s) => !reproducesDraft(s)).map((s) => s.example)).toEqual(["attachment"]);
    expect(idOf("original")).toBe(draftExample("original").messageId);
  });

  it("receivers derived each ID from the MLS-authenticated sender: their IDs equal the sender's", () => {
    for (const s of run.steps) for (const r of s.deliveries.values()) if (r.ok) expect(toHex(r.message.messageId)).toBe(toHex(s.messageId));
    for (const s of run.steps) for (const r of s.deliveries.values()) if (r.ok) expect(r.message.sender).toMatch(new RegExp(`/u/${s.sender}-`));
  });

  it("all members end with identical views", () => {
    const [a, b, c] = ["alice", "bob", "cathy"].map((n) => JSON.stringify(run.views.get(n)));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(JSON.stringify(run.viewsBeforeExpiry.get("bob"))).toBe(JSON.stringify(run.viewsBeforeExpiry.get("cathy")));
  });

  it("shows the edit and then the deletion of bob's reply (both replace the first instance)", () => {
    const before = run.viewsBeforeExpiry.get("cathy")!.messages.find((m) => m.id === idOf("reply"))!;
    expect(before.state).toBe("deleted");
    expect(before.versions).toEqual([idOf("reply"), idOf("edit"), idOf("delete")]);
    expect(before.body).toEqual([]);
    expect(message("reply")!.state).toBe("deleted");
  });

  it("removed cathy's reaction with the unlike", () => {
    const original = message("original")!;
    expect(original.reactions).toEqual([]);
    expect(original.removedReactions).toEqual([{ id: idOf("reaction"), sender: "mimi://example.com/u/cathy-washington" }]);
    expect(view().messages.some((m) => m.id === idOf("reaction"))).toBe(false);
  });

  it("showed the expiring message until its expiry, then removed it", () => {
    const before = run.viewsBeforeExpiry.get("bob")!.messages.find((m) => m.id === idOf("expiring"))!;
    expect(before.body).toEqual(["__*VPN GOING DOWN*__ I'm rebooting the VPN in ten minutes unless anyone objects."]);
    expect(before.expiresAt).toBe(1644390004000);
    expect(message("expiring")).toBeUndefined();
    expect(view().expired).toEqual([idOf("expiring")]);
  });

  it("keeps the rest: mention, attachment (decrypted, verified), conference topic, multiparts rendered by their semantics", () => {
    expect(message("original")!.body).toEqual(["Hi everyone, we just shipped release 2.0. __Good  work__!"]);
    expect(message("mention")!.mentions).toEqual(["mimi://example.com/u/alice-smith"]);
    expect(message("attachment")!.attachments).toEqual([expect.objectContaining({ filename: "bigfile.mp4", contentType: "video/mp4", size: 4096 })]);
    expect(message("conferencing")!.topic).toBe("Foo 118");
    expect(message("multipart-1")!.body).toEqual(["# Welcome!"]);
    expect(message("multipart-2")!.body).toEqual(["reaction \u2764", "reaction \u{1F973}", "reaction \u{1F91E}"]);
    // chooseOne -> the GIF version; processAll -> English (preferred language) HTML, whose cid:5 covers the GIF part
    expect(message("multipart-3")!.body).toEqual(["Welcome! [Welcome image: part 5, image/gif]"]);
  });

  it("the MLSMessage and the MIMI protocol framing: our encodings, equal to ts-mls's, unwrapped by the receivers", () => {
    const s = run.steps[0]!;
    expect(s.sizes.mls).toBeGreaterThan(s.sizes.cbor);
    expect(s.sizes.fanout).toBe(8 + s.sizes.mls + 1); // uint64 timestamp, MLSMessage, optional<Frank> absent
    expect(s.sizes.submitRequest).toBe(1 + s.sizes.mls + 1 + "mimi://example.com/u/alice-smith".length);
  });

  it("formats a report", () => {
    const text = formatRun(run).join("\n");
    expect(text).toContain("identical for alice, bob, cathy");
    expect(text).toMatch(/<deleted by bob-jones \[011d9efc\], after 1 edit \[014028c0\]>/);
    expect(text).toContain("reactions removed (unlike): cathy-washington [0158c428]");
    expect(text).toContain("(expired and removed: 01e59db8)");
  });
});

describe("the conversation with fresh random salts and over TPL", () => {
  it("random salts: new IDs, still identical views and every message accepted", async () => {
    const r = await runDraftConversation({ salts: "random" });
    expect(r.steps.filter(reproducesDraft)).toEqual([]);
    const views = [...r.views.values()].map((v) => JSON.stringify(v));
    expect(new Set(views).size).toBe(1);
    expect(r.steps.every((s) => [...s.deliveries.values()].every((d) => d.ok))).toBe(true);
  });

  it("TPL content over MLS: every message accepted; IDs are over the TPL bytes, so not the draft's", async () => {
    const r = await runDraftConversation({ format: "tpl" });
    expect(r.steps.every((s) => [...s.deliveries.values()].every((d) => d.ok))).toBe(true);
    expect(r.steps.filter(reproducesDraft)).toEqual([]);
    expect(JSON.stringify(r.views.get("alice")!.messages.map((m) => m.body))).toBe(JSON.stringify(view().messages.map((m) => m.body)));
  });
});

describe("MLSMessage bytes", () => {
  it("a fanned-out PrivateMessage decodes with ts-mls and re-encodes to the same bytes as our codec's", () => {
    const fanout = FanoutMessage.tpl.encode({ timestamp: 1n, message: MLSMessage.tpl.decode(MLSMessage.tpl.encode({ version: "mls10", wire_format: "mls_private_message", private_message: { group_id: new Uint8Array(32), epoch: 1n, content_type: "application", authenticated_data: new Uint8Array(0), encrypted_sender_data: new Uint8Array(20), ciphertext: new Uint8Array(40) } })), frank: null }, MLS10_CONTEXT);
    const f = FanoutMessage.tpl.decode(fanout, MLS10_CONTEXT);
    const ours = MLSMessage.tpl.encode(f.message!);
    const theirs = decodeMlsMessage(ours, 0)!;
    expect(theirs[1]).toBe(ours.length);
    expect(toHex(encodeMlsMessage(theirs[0]))).toBe(toHex(ours));
  });
});
