/**
 * Acceptance: tampered or forged messages are rejected, each with its own
 * rule, and leave every receiver's view exactly as it was.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { FanoutMessage } from "../../generated/mimi-protocol-06/index.js";
import {
  Composer,
  ManualClock,
  MemoryBlobStore,
  MimiRoom,
  MLS10_CONTEXT,
  PipelineError,
  computeMessageId,
  encodeContent,
  submitRequest,
  uploadAttachment,
  type AcceptedMessage,
  type ReceiveResult,
  type RuleId,
  type SendReport,
} from "../../src/pipeline/index.js";
import { fromHex, toHex } from "../../src/runtime/index.js";

const ROOM = "mimi://example.com/r/engineering_team";
const GROUP = fromHex("eeee0d12a7b5b5b78115ad1a1ddb13811c83fd7387c43e66799a594beeda26bf");
const uri = (n: string) => `mimi://example.com/u/${n}`;
const T0 = Date.UTC(2026, 2, 2, 12);

let clock: ManualClock;
let store: MemoryBlobStore;
let room: MimiRoom;
let original: SendReport;

beforeAll(async () => {
  clock = new ManualClock(T0);
  store = new MemoryBlobStore();
  room = await MimiRoom.create({ roomUri: ROOM, groupId: GROUP, members: ["alice", "bob", "cathy"].map((name) => ({ name, userUri: uri(name) })), clock: clock.read, store });
  clock.now += 1000;
  original = await room.send("alice", (c) => c.original("Hi everyone, we just shipped release 2.0."));
});

const snapshots = () => new Map([...room.clients].map(([n, c]) => [n, JSON.stringify(c.view.snapshot())]));

function expectRejected(results: ReadonlyMap<string, ReceiveResult>, rule: RuleId, path?: string): PipelineError {
  let err: PipelineError | undefined;
  for (const [who, r] of results) {
    expect(r.ok, `${who} should reject`).toBe(false);
    if (!r.ok) {
      expect(r.error.rule, `${who}: ${r.error.message}`).toBe(rule);
      if (path !== undefined) expect(r.error.path).toBe(path);
      err = r.error;
    }
  }
  return err!;
}

/** Run `f`; the views of `receivers` must not change. */
async function unchanged<T>(receivers: readonly string[], f: () => Promise<T>): Promise<T> {
  const before = snapshots();
  const out = await f();
  const after = snapshots();
  for (const n of receivers) expect(after.get(n), `${n}'s view changed`).toBe(before.get(n));
  return out;
}

/** The sender's client prepares and the hub accepts; nothing is delivered yet. */
async function accepted(from: string, content: Parameters<MimiRoom["send"]>[1], opts: { unchecked?: boolean } = {}) {
  clock.now += 1000;
  const sender = room.client(from);
  const c = typeof content === "function" ? content(sender.composer) : content;
  const p = await sender.prepare(c, opts);
  const o = room.hub.submit(p.request);
  if (!o.accepted) throw new Error(o.violation.message);
  return { prepared: p, fanout: o.fanout };
}



describe("tampering and forgery", () => {
  it("the setup: alice's message reached bob and cathy", () => {
    expect([...original.deliveries.values()].every((r) => r.ok)).toBe(true);
  });

  it("a flipped ciphertext byte: mls/decrypt-failed; the genuine message still decrypts afterwards", async () => {
    const { fanout, prepared } = await accepted("alice", (c) => c.original("second"));
    const f = FanoutMessage.tpl.decode(fanout, MLS10_CONTEXT);
    if (f.message?.wire_format !== "mls_private_message") throw new Error("unreachable");
    const ct = f.message.private_message.ciphertext.slice();
    ct[ct.length - 1]! ^= 0x01;
    const tampered = FanoutMessage.tpl.encode({ ...f, message: { ...f.message, private_message: { ...f.message.private_message, ciphertext: ct } } }, MLS10_CONTEXT);
    const results = await unchanged(["bob", "cathy"], () => room.deliver(tampered, ["bob", "cathy"]));
    expectRejected(results, "mls/decrypt-failed", "FanoutMessage.message.private_message.ciphertext");
    const ok = await room.deliver(fanout, ["bob", "cathy"]);
    for (const r of ok.values()) expect(r.ok && toHex(r.message.messageId)).toBe(toHex(prepared.messageId));
  });

  it("a message from a non-member: the hub refuses dave; posing as alice, the members reject it (sender/not-member)", async () => {
    const rogue = await MimiRoom.create({ roomUri: ROOM, groupId: GROUP, members: [{ name: "dave", userUri: uri("dave") }, { name: "eve", userUri: uri("eve") }], clock: clock.read, store });
    const dave = rogue.client("dave");
    expect(dave.mls.epoch).toBe(room.hub.epoch);
    const p = await dave.prepare(dave.composer.original("I am in your room"));
    const refused = room.hub.submit(p.request);
    expect(refused.accepted).toBe(false);
    if (!refused.accepted) expect(refused.violation.rule).toBe("hub/not-participant");
    const posing = room.hub.submit(submitRequest(p.mls.message, uri("alice")));
    if (!posing.accepted) throw new Error("the hub cannot see who sent a PrivateMessage");
    const results = await unchanged(["alice", "bob", "cathy"], () => room.deliver(posing.fanout, ["alice", "bob", "cathy"]));
    expectRejected(results, "sender/not-member", "FanoutMessage.message.private_message.encrypted_sender_data");
  });

  it("a message ID that does not match: message-id/mismatch", async () => {
    const { fanout, prepared } = await accepted("bob", (c) => c.reply(original.messageId, "Right on!"));
    const wrong = prepared.messageId.slice();
    wrong[31]! ^= 0xff;
    const results = await unchanged(["alice", "cathy"], () => room.deliver(fanout, ["alice", "cathy"], { expectedMessageId: wrong }));
    const e = expectRejected(results, "message-id/mismatch");
    expect(e.message).toContain(toHex(prepared.messageId));
  });

  it("content claiming another sender: sender/uri-mismatch (the ID from the MLS sender is not the claimed sender's)", async () => {
    const forged = new Composer({ senderUri: uri("alice"), roomUri: ROOM }).original("alice says: give bob admin");
    const { fanout } = await accepted("bob", forged, { unchecked: true });
    const results = await unchanged(["alice", "cathy"], () => room.deliver(fanout, ["alice", "cathy"]));
    expectRejected(results, "sender/uri-mismatch", "mimiContent.mimiExtensions.senderUri");
  });

  it("content naming another room: room/uri-mismatch", async () => {
    const { fanout } = await accepted("bob", new Composer({ senderUri: uri("bob"), roomUri: "mimi://example.com/r/other" }).original("hi"));
    expectRejected(await unchanged(["alice", "cathy"], () => room.deliver(fanout, ["alice", "cathy"])), "room/uri-mismatch", "mimiContent.mimiExtensions.roomUri");
  });

  it("a reply chain with a loop: reply/loop (a forged history record closes the loop on the next reply)", async () => {
    // bob's next message N will reply to h; a history record h, planted in
    // cathy's storage, claims to reply to N itself (its ID computed in advance)
    const salt = fromHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
    const h = fromHex("01" + "5a".repeat(31));
    const n = room.client("bob").composer.reply(h, "replying into the planted thread", { salt });
    const nId = computeMessageId({ senderUri: uri("bob"), roomUri: ROOM, message: encodeContent(n), salt });
    const planted: AcceptedMessage = { messageId: h, sender: uri("alice"), timestamp: BigInt(clock.now), content: room.client("alice").composer.reply(nId, "planted") };
    expect(room.client("cathy").view.importHistory([planted])).toEqual([]);

    const { fanout } = await accepted("bob", n);
    const cathy = await unchanged(["cathy"], () => room.deliver(fanout, ["cathy"]));
    const e = expectRejected(cathy, "reply/loop", "mimiContent.inReplyTo");
    expect(e.message).toContain(`${toHex(nId).slice(0, 8)} -> 015a5a5a -> ${toHex(nId).slice(0, 8)}`);
    const alice = await room.deliver(fanout, ["alice"]);
    expect(alice.get("alice")!.ok).toBe(true); // no planted history there: a reply to an unknown message is legitimate
  });

  it("an edit of someone else's message: refused by bob's own client, and by the receivers if he sends it anyway", async () => {
    const sentByAlice = { messageId: original.messageId, content: original.content };
    const edit = room.client("bob").composer.edit(sentByAlice, "Hi everyone, we just shipped release 1.0.");
    await expect(room.client("bob").prepare(edit)).rejects.toMatchObject({ rule: "replace/not-original-sender" });
    const { fanout } = await accepted("bob", edit, { unchecked: true });
    expectRejected(await unchanged(["alice", "cathy"], () => room.deliver(fanout, ["alice", "cathy"])), "replace/not-original-sender", "mimiContent.replaces");
    expect(room.client("cathy").view.snapshot().messages[0]!.body).toEqual(["Hi everyone, we just shipped release 2.0."]);
  });

  it("an edit that changes inReplyTo: replace/semantics-changed", async () => {
    const mine = await room.send("alice", (c) => c.original("draft 1"));
    const bad = room.client("alice").composer.message(room.client("alice").composer.original("draft 2").nestedPart, { replaces: mine.messageId, inReplyTo: original.messageId });
    const { fanout } = await accepted("alice", bad, { unchecked: true });
    expectRejected(await unchanged(["bob", "cathy"], () => room.deliver(fanout, ["bob", "cathy"])), "replace/semantics-changed", "mimiContent.inReplyTo");
  });

  it("an attachment whose content hash does not match: attachment/hash-mismatch", async () => {
    const part = await uploadAttachment(store, new TextEncoder().encode("the real slides"), { contentType: "application/pdf", filename: "slides.pdf" });
    const { fanout } = await accepted("bob", (c) => c.attachment(part));
    store.tamper(part.url, (b) => {
      b[0]! ^= 0x80;
      return b;
    });
    expectRejected(await unchanged(["alice", "cathy"], () => room.deliver(fanout, ["alice", "cathy"])), "attachment/hash-mismatch", "mimiContent.nestedPart.contentHash");
  });

  it("an attachment whose key is wrong (hash fine): attachment/decrypt-failed", async () => {
    const part = await uploadAttachment(store, new TextEncoder().encode("notes"), { contentType: "text/plain;charset=utf-8", filename: "notes.txt" });
    const { fanout } = await accepted("bob", (c) => c.attachment({ ...part, key: new Uint8Array(16) }));
    expectRejected(await unchanged(["alice", "cathy"], () => room.deliver(fanout, ["alice", "cathy"])), "attachment/decrypt-failed", "mimiContent.nestedPart.key");
  });

  it("trailing bytes after the content: content/trailing-bytes", async () => {
    const bob = room.client("bob");
    const good = encodeContent(bob.composer.original("hello"));
    const raw = await bob.prepareRaw(new Uint8Array([...good, 0x00]));
    const o = room.hub.submit(raw.request);
    if (!o.accepted) throw new Error("hub refused");
    const e = expectRejected(await unchanged(["alice", "cathy"], () => room.deliver(o.fanout, ["alice", "cathy"])), "content/trailing-bytes");
    expect(e.message).toContain(`1 trailing bytes at offset ${good.length}`);
  });

  it("a replayed fanout is rejected (MLS keys are single use; the view also refuses duplicate IDs)", async () => {
    const { fanout } = await accepted("alice", (c) => c.original("once"));
    expect((await room.deliver(fanout, ["bob"])).get("bob")!.ok).toBe(true);
    const again = await unchanged(["bob"], () => room.deliver(fanout, ["bob"]));
    const r = again.get("bob")!;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(["mls/decrypt-failed", "message-id/duplicate"]).toContain(r.error.rule);
  });

  it("a hub timestamp far in the future: timestamp/in-future", async () => {
    const { fanout } = await accepted("alice", (c) => c.original("from the future"));
    const f = FanoutMessage.tpl.decode(fanout, MLS10_CONTEXT);
    const future = FanoutMessage.tpl.encode({ ...f, timestamp: BigInt(clock.now + 3_600_000) }, MLS10_CONTEXT);
    expectRejected(await unchanged(["bob"], () => room.deliver(future, ["bob"])), "timestamp/in-future", "FanoutMessage.timestamp");
  });

  it("a hub timestamp before the room was created: timestamp/before-room-created", async () => {
    const { fanout } = await accepted("alice", (c) => c.original("from the past"));
    const f = FanoutMessage.tpl.decode(fanout, MLS10_CONTEXT);
    const past = FanoutMessage.tpl.encode({ ...f, timestamp: BigInt(room.createdAt - 1) }, MLS10_CONTEXT);
    expectRejected(await unchanged(["bob"], () => room.deliver(past, ["bob"])), "timestamp/before-room-created", "FanoutMessage.timestamp");
  });

  it("a FanoutMessage that does not decode: protocol/malformed, with the field path", async () => {
    const { fanout } = await accepted("alice", (c) => c.original("cut"));
    const r = await unchanged(["bob"], () => room.deliver(fanout.subarray(0, 20), ["bob"]));
    const e = expectRejected(r, "protocol/malformed");
    expect(e.path).toMatch(/^FanoutMessage\.message/);
  });

  it("nothing from the rejected messages is in any view; the accepted ones are identical for bob and cathy where both received them", () => {
    const bodies = room.client("cathy").view.snapshot().messages.flatMap((m) => m.body);
    for (const bad of ["I am in your room", "alice says: give bob admin", "replying into the planted thread", "Hi everyone, we just shipped release 1.0.", "draft 2", "hello"]) expect(bodies).not.toContain(bad);
    expect(bodies).toContain("second");
  });

  it("a PipelineError says rule and path in its message", async () => {
    const { fanout } = await accepted("bob", new Composer({ senderUri: uri("bob"), roomUri: "mimi://x.example/r/y" }).original("x"));
    const e = expectRejected(await room.deliver(fanout, ["alice"]), "room/uri-mismatch");
    expect(e).toBeInstanceOf(PipelineError);
    expect(e.message).toBe(`room/uri-mismatch: the content names room mimi://x.example/r/y; this is ${ROOM} (mimiContent.mimiExtensions.roomUri)`);
    expect(e.stage).toBe("validate");
  });
});


