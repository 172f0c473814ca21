import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as t03 from "../../generated/mimi-content-03/index.js";
import * as main from "../../generated/mimi-content-main/index.js";
import { hexFromAnnotatedDump, looksLikeHexDump } from "../../src/extract/annotated-hex.js";
import { extractFile } from "../../src/extract/index.js";
import { buildReport, type SizeReport } from "../../src/report/index.js";
import { decodeItem, toHex, type CborItem } from "../../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * The report's numbers recomputed without the generated codecs: the TPL of
 * draft-03's original message and the CBOR of main's original message are
 * assembled here byte by byte from the field values, with hand-written
 * varints and CBOR heads, and compared with the codecs, the drafts' own
 * bytes and the report.
 */

/** RFC 9420 §2.1.2 varint, written out. */
function varint(n: number): number[] {
  if (n < 0x40) return [n];
  if (n < 0x4000) return [0x40 | (n >> 8), n & 0xff];
  return [0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** RFC 8949 §3 head in preferred form, written out (arguments below 2^32). */
function head(major: number, n: number): number[] {
  const m = major << 5;
  if (n < 24) return [m | n];
  if (n < 0x100) return [m | 24, n];
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff];
  return [m | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];

function field(item: CborItem, ...path: number[]): CborItem {
  let cur = item;
  for (const i of path) {
    if (cur.type !== "array") throw new Error("not an array");
    cur = cur.items[i]!;
  }
  return cur;
}
const text = (i: CborItem) => (i.type === "text" ? i.value : (() => { throw new Error(`expected text, got ${i.type}`); })());
const bytes = (i: CborItem) => (i.type === "bytes" ? [...i.value] : (() => { throw new Error(`expected bytes, got ${i.type}`); })());

describe.skipIf(!HAVE_DRAFTS)("the report's sizes, recomputed independently", () => {
  let report: SizeReport;
  beforeAll(async () => {
    report = await buildReport({ scaling: false });
  });
  const measured = (id: string) => {
    const m = report.messages.find((x) => x.id === id);
    if (!m) throw new Error(`no ${id} in the report`);
    return m;
  };

  it("draft-03's original message in TPL, assembled by hand from its struct definition", () => {
    const published = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/03/examples/original.cbor")));
    // the field values, read generically (not with the generated codec)
    const item = decodeItem(published);
    const contentType = text(field(item, 6, 4));
    const content = bytes(field(item, 6, 5));
    expect(field(item, 6, 3)).toMatchObject({ type: "uint", value: 1n }); // cardinality single
    const hand = new Uint8Array([
      0x00, // replaces: optional<MessageId>, absent
      ...varint(0), // topicId<V>: empty
      0, 0, 0, 0, // expires: uint32 0
      0x00, // inReplyTo: optional, absent
      ...varint(0), // lastSeen<V>: no ids
      ...varint(0), // extensions<V>: none
      0x01, // body.disposition: render (1)
      ...varint(0), // body.language<V>: ""
      0x00, 0x00, // body.partIndex: uint16 0
      0x01, // body.cardinality: single (1)
      ...varint(utf8(contentType).length), ...utf8(contentType), // part.contentType<V>
      ...varint(content.length), ...content, // part.content<V>
    ]);

    // the generated codec
    const value = t03.MimiContent.cbor.decode(published, { deterministic: true });
    expect(toHex(t03.MimiContent.tpl.encode(value))).toBe(toHex(hand));
    // the draft's own annotated TPL dump of the Original Message
    const dump = extractFile(join(DRAFTS, "mimi-content/03/draft-ietf-mimi-content.md")).blocks.find((b) => b.section === "Original Message" && b.lang === "other" && looksLikeHexDump(b.text));
    expect(dump, "the draft's Original Message hex dump").toBeDefined();
    expect(toHex(hexFromAnnotatedDump(dump!.text).bytes)).toBe(toHex(hand));
    // the report
    const m = measured("03-tpl/original");
    expect(m.tpl).toBe(hand.length);
    expect(m.cbor).toBe(published.length);
    expect(m.framing.tpl.framing + m.framing.tpl.payload).toBe(hand.length);
  });

  it("main-2026-03's original message in CBOR, assembled by hand from its CDDL", () => {
    const published = new Uint8Array(readFileSync(join(DRAFTS, "mimi-content/main-2026-03/examples/original.cbor")));
    const item = decodeItem(published);
    const salt = bytes(field(item, 0));
    const ext = field(item, 5);
    if (ext.type !== "map") throw new Error("extensions is not a map");
    const senderUri = text(ext.entries.find(([k]) => k.type === "uint" && k.value === 1n)![1]);
    const roomUri = text(ext.entries.find(([k]) => k.type === "uint" && k.value === 2n)![1]);
    const contentType = text(field(item, 6, 3));
    const content = bytes(field(item, 6, 4));
    const str = (major: number, b: number[]) => [...head(major, b.length), ...b];
    const hand = new Uint8Array([
      ...head(4, 7), // mimiContent: array of 7
      ...str(2, salt), // salt: bstr .size 16
      0xf6, // replaces: null
      ...str(2, []), // topicId: h''
      0xf6, // expires: null
      0xf6, // inReplyTo: null
      ...head(5, 2), // mimiExtensions: map of 2, keys in deterministic order
      ...head(0, 1), ...str(3, utf8(senderUri)), // 1: senderUri
      ...head(0, 2), ...str(3, utf8(roomUri)), // 2: roomUri
      ...head(4, 5), // nestedPart: [disposition, language, cardinality, contentType, content]
      ...head(0, 1), // render
      ...str(3, []), // language ""
      ...head(0, 1), // single
      ...str(3, utf8(contentType)),
      ...str(2, content),
    ]);
    expect(toHex(hand)).toBe(toHex(published));
    const value = main.mimiContent.cbor.decode(published, { deterministic: true });
    expect(toHex(main.mimiContent.cbor.encode(value))).toBe(toHex(hand));
    const m = measured("main/original");
    expect(m.cbor).toBe(hand.length);
    expect(m.cborDeterministic).toBe(hand.length);
    expect(m.framing.cbor.framing + m.framing.cbor.payload).toBe(hand.length);
    // the payload is the content bytes plus the two one-byte scalars (disposition, cardinality); the rest is framing
    const payload = salt.length + utf8(senderUri).length + utf8(roomUri).length + utf8(contentType).length + content.length + 2;
    expect(m.framing.cbor.payload).toBe(payload);
    expect(m.framing.cbor.framing).toBe(hand.length - payload);
  });
});
