/**
 * Acceptance: for every example of draft-ietf-mimi-content main-2026-03 that
 * carries a message ID (the "# message ID" comment of each examples/*.edn,
 * the messageId of implied-original, and the inReplyTo/replaces values that
 * quote other examples' IDs), the ID is recomputed from the draft's .cbor.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { messageIdCommand } from "../../src/cli/commands/pipeline.js";
import { MessageDerivedValues, mimiContent } from "../../generated/mimi-content-main/index.js";
import { Composer, DRAFT_EXAMPLES, ROOM_URI, USER_URIS, computeMessageId, encodeContent, type SentMessage } from "../../src/pipeline/index.js";
import { fromHex, toHex } from "../../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

const EXAMPLES = join(DRAFTS, "mimi-content/main-2026-03/examples");
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(EXAMPLES, name)));

describe("message ID (no drafts needed): the draft's examples rebuilt from their salts", () => {
  const sent = new Map<string, SentMessage>();
  for (const ex of DRAFT_EXAMPLES) {
    it(`${ex.name}: ${ex.messageId.slice(0, 16)}...`, () => {
      const c = new Composer({ senderUri: USER_URIS[ex.sender], roomUri: ROOM_URI });
      const content = ex.build(c, (n) => sent.get(n)!, fromHex(ex.salt));
      const bytes = encodeContent(content);
      const id = computeMessageId({ senderUri: USER_URIS[ex.sender], roomUri: ROOM_URI, message: bytes, salt: content.salt });
      sent.set(ex.name, { messageId: id, content });
      expect(toHex(id)).toBe(ex.messageId);
    });
  }

  it("is 0x01 || SHA-256(len16 sender || sender || len16 room || room || message || salt)[0..30]", () => {
    const message = Uint8Array.of(0x87, 1, 2, 3);
    const salt = new Uint8Array(16).fill(7);
    const s = new TextEncoder().encode("mimi://a.example/u/x");
    const r = new TextEncoder().encode("mimi://h.example/r/y");
    const input = new Uint8Array([0, s.length, ...s, 0, r.length, ...r, ...message, ...salt]);
    const id = computeMessageId({ senderUri: "mimi://a.example/u/x", roomUri: "mimi://h.example/r/y", message, salt });
    expect(id.length).toBe(32);
    expect(id[0]).toBe(1);
    expect(toHex(id.subarray(1))).toBe(toHex(sha256(input).subarray(0, 31)));
  });
});

describe.skipIf(!HAVE_DRAFTS)("message ID table: the draft's .cbor files", () => {
  const table: string[] = [];

  for (const ex of DRAFT_EXAMPLES) {
    it(`${ex.name}.cbor reproduces the ID in ${ex.name}.edn, and the builder reproduces the bytes`, () => {
      const bytes = read(`${ex.name}.cbor`);
      const edn = readFileSync(join(EXAMPLES, `${ex.name}.edn`), "utf8");
      const m = /# message ID = h'([0-9a-f]+)\s*\n#\s*([0-9a-f]+)'/.exec(edn);
      expect(m, "the .edn has a message ID comment").not.toBeNull();
      const stated = m![1]! + m![2]!;
      expect(stated).toBe(ex.messageId);
      const content = mimiContent.cbor.decode(bytes, { deterministic: true });
      expect(content.mimiExtensions.senderUri).toBe(USER_URIS[ex.sender]);
      const id = toHex(computeMessageId({ senderUri: USER_URIS[ex.sender], roomUri: ROOM_URI, message: bytes, salt: content.salt }));
      expect(id).toBe(stated);
      table.push(`| ${ex.name} | ${ex.sender} | ${stated} | ${id === stated ? "yes" : "NO"} |`);
    });
  }

  it("the references between examples are the referenced examples' IDs", () => {
    const id = (n: string) => DRAFT_EXAMPLES.find((e) => e.name === n)!.messageId;
    const refs: [string, "inReplyTo" | "replaces", string][] = [
      ["reply", "inReplyTo", "original"],
      ["reaction", "inReplyTo", "original"],
      ["mention", "inReplyTo", "original"],
      ["mention-html", "inReplyTo", "original"],
      ["edit", "replaces", "reply"],
      ["edit", "inReplyTo", "original"],
      ["delete", "replaces", "reply"],
      ["delete", "inReplyTo", "original"],
      ["unlike", "replaces", "reaction"],
      ["unlike", "inReplyTo", "original"],
    ];
    for (const [ex, field, target] of refs) {
      const c = mimiContent.cbor.decode(read(`${ex}.cbor`));
      expect(toHex(c[field]!), `${ex}.${field}`).toBe(id(target));
    }
  });

  it("implied-original.edn's messageId is the original's; implied-original.cbor's is the -07 construction (no 16-bit lengths)", () => {
    const edn = readFileSync(join(EXAMPLES, "implied-original.edn"), "utf8");
    expect(edn.replace(/\s+/g, "")).toContain("h'017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4'");
    const implied = MessageDerivedValues.cbor.decode(read("implied-original.cbor"));
    const original = read("original.cbor");
    const salt = original.subarray(2, 18);
    const enc = new TextEncoder();
    const legacy = new Uint8Array([...enc.encode(USER_URIS.alice), ...enc.encode(ROOM_URI), ...original, ...salt]);
    const legacyId = "01" + toHex(sha256(legacy).subarray(0, 31));
    expect(toHex(implied.messageId)).toBe(legacyId);
    expect(toHex(implied.messageId)).toBe("01b0084467273cc43d6f0ebeac13eb84229c4fffe8f6c3594c905f47779e5a79");
    expect(toHex(implied.messageId)).not.toBe(DRAFT_EXAMPLES[0]!.messageId);
    table.push(`| implied-original.cbor (messageId) | alice | ${toHex(implied.messageId)} | NO: ID without the 16-bit lengths (pre -08) |`);
  });

  it("the draft text's hex dumps of Reply and Reaction quote the same stale ID as inReplyTo", () => {
    const md = readFileSync(join(DRAFTS, "mimi-content/main-2026-03/draft-ietf-mimi-content.md"), "utf8");
    const dumps = md.match(/01b0084467273cc43d6f0ebeac13eb84/g) ?? [];
    expect(dumps.length).toBe(2);
  });

  it("prints the table", () => {
    console.log(["| example | sender | message ID | reproduced |", "|---|---|---|---|", ...table].join("\n"));
  });
});

describe.skipIf(!HAVE_DRAFTS)("mimi-codec message-id", () => {
  const io = () => {
    const out: string[] = [];
    return { out, io: { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), readStdin: async () => "" } };
  };

  it("prints the ID of a .cbor and checks --expect", async () => {
    const o = io();
    const code = await messageIdCommand({ sender: USER_URIS.bob, room: ROOM_URI, file: join(EXAMPLES, "reply.cbor"), expect: DRAFT_EXAMPLES[1]!.messageId }, o.io);
    expect(code).toBe(0);
    expect(o.out).toEqual([DRAFT_EXAMPLES[1]!.messageId, "matches --expect"]);
  });

  it("takes --hex, and a wrong sender gives another ID", async () => {
    const o = io();
    const hex = toHex(read("reply.cbor"));
    expect(await messageIdCommand({ sender: USER_URIS.alice, room: ROOM_URI, hex, expect: DRAFT_EXAMPLES[1]!.messageId }, o.io)).toBe(1);
    expect(o.out[1]).toMatch(/^DIFFERS/);
  });

  it("rejects trailing bytes and missing options", async () => {
    const o = io();
    await expect(messageIdCommand({ sender: USER_URIS.bob, room: ROOM_URI, hex: toHex(read("reply.cbor")) + "00" }, o.io)).rejects.toThrow(/content\/trailing-bytes/);
    await expect(messageIdCommand({ room: ROOM_URI, hex: "00" }, o.io)).rejects.toThrow(/--sender/);
  });
});
