/**
 * The named checks of validateContent: each mutation of a valid message
 * trips exactly the rule it should, at the field path it should.
 */
import { describe, expect, it } from "vitest";
import type { NestedPart, mimiContent, name, value } from "../../generated/mimi-content-main/index.js";
import {
  Composer,
  DRAFT_EXAMPLES,
  PipelineError,
  ROOM_URI,
  USER_URIS,
  alternatives,
  decodeContent,
  encodeContent,
  externalPart,
  htmlPart,
  markdownPart,
  mixed,
  nullPart,
  plainTextPart,
  reactionPart,
  singlePart,
  validateContent,
  type RuleId,
  type SentMessage,
} from "../../src/pipeline/index.js";
import { fromHex } from "../../src/runtime/index.js";

const NOW = 1644387225019;
const alice = new Composer({ senderUri: USER_URIS.alice, roomUri: ROOM_URI });
const ID = fromHex("017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4");

function rules(c: mimiContent, direction: "send" | "receive" = "send", extra: { encodedSize?: number; maxContentBytes?: number } = {}) {
  const r = validateContent(c, { direction, now: NOW, ...extra });
  return { errors: r.errors.map((v) => `${v.rule} @ ${v.path}`), notices: r.notices.map((v) => `${v.rule} @ ${v.path}`) };
}

const nest = (depth: number): NestedPart => (depth === 1 ? plainTextPart("x") : mixed([nest(depth - 1), plainTextPart("y")]));

describe("validateContent: every draft example is valid", () => {
  const sent = new Map<string, SentMessage>();
  for (const ex of DRAFT_EXAMPLES) {
    it(ex.name, () => {
      const c = new Composer({ senderUri: USER_URIS[ex.sender], roomUri: ROOM_URI });
      const content = ex.build(c, (n) => sent.get(n)!, fromHex(ex.salt));
      sent.set(ex.name, { messageId: ID, content });
      const r = rules(content, "receive");
      expect(r.errors).toEqual([]);
      expect(r.notices).toEqual(ex.name === "multipart-2" ? ["reaction/no-target @ mimiContent.inReplyTo"] : []);
    });
  }
});

describe("validateContent: each rule", () => {
  const cases: [string, () => mimiContent, RuleId, string, ("send" | "receive")?][] = [
    ["all-equal salt", () => alice.original("hi", { salt: new Uint8Array(16) }), "salt/weak", "mimiContent.salt"],
    ["topicId of 4097 octets", () => alice.original("hi", { topicId: new Uint8Array(4097) }), "topicId/too-long", "mimiContent.topicId"],
    ["absolute expiry 2 years ago", () => alice.expiring("x", { at: NOW / 1000 - 2 * 366 * 86400 }), "expires/too-far-past", "mimiContent.expires.time"],
    ["absolute expiry 2 years ahead", () => alice.expiring("x", { at: NOW / 1000 + 2 * 366 * 86400 }), "expires/too-far-future", "mimiContent.expires.time"],
    ["relative expiry of 2 years", () => alice.expiring("x", { after: 2 * 366 * 86400 }), "expires/too-far-future", "mimiContent.expires.time"],
    ["5 levels of parts", () => alice.original(nest(5)), "body/too-deep", "mimiContent.nestedPart.parts[0].parts[0].parts[0].parts[0]"],
    ["1025 parts", () => alice.original(mixed(Array.from({ length: 1024 }, () => plainTextPart("x")))), "body/too-many-parts", "mimiContent.nestedPart"],
    ["NullPart body replacing nothing", () => alice.message(nullPart()), "body/null-without-replaces", "mimiContent.nestedPart"],
    ["NullPart inside a MultiPart", () => alice.original(mixed([plainTextPart("a"), nullPart()])), "multipart/nullpart-inside", "mimiContent.nestedPart.parts[1]"],
    ["two reactions in one text part", () => alice.reaction(ID, "\u2764\u{1F973}"), "reaction/multiple-in-one-part", "mimiContent.nestedPart.content"],
    ["cid: to a part that does not exist", () => alice.original(mixed([htmlPart('<img src="cid:7@local.invalid">'), singlePart("image/png", new Uint8Array(4))])), "partIndex/out-of-range", "mimiContent.nestedPart.parts[0].content"],
    ["cid: to a MultiPart", () => alice.original(mixed([htmlPart('<img src="cid:0@local.invalid">'), plainTextPart("b")])), "partIndex/not-single-or-external", "mimiContent.nestedPart.parts[0].content"],
    ["cid: to itself", () => alice.original(mixed([htmlPart('<img src="cid:1@local.invalid">'), plainTextPart("b")])), "partIndex/self-reference", "mimiContent.nestedPart.parts[0].content"],
    ["language that is not RFC 5646", () => alice.original(markdownPart("hi", { language: "english!" })), "language/invalid", "mimiContent.nestedPart.language"],
    ["contentType that is not a media type", () => alice.original(singlePart("markdown", "hi")), "contentType/invalid", "mimiContent.nestedPart.contentType"],
    ["invalid UTF-8 in text/plain;charset=utf-8", () => alice.original(singlePart("text/plain;charset=utf-8", Uint8Array.of(0xc3, 0x28))), "content/invalid-utf8", "mimiContent.nestedPart.content"],
    ["raw HTML in GFM-MIMI", () => alice.original(markdownPart("hi <b>there</b>", { raw: true })), "markdown/raw-html", "mimiContent.nestedPart.content"],
    ["ExternalPart url that is not a URL", () => alice.attachment(externalPart({ contentType: "image/png", url: "storage/x.png" })), "external/url-invalid", "mimiContent.nestedPart.url"],
    ["unknown hashAlg", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", hashAlg: 99, contentHash: new Uint8Array(32) })), "external/hash-alg-unknown", "mimiContent.nestedPart.hashAlg"],
    ["sha-256 with a 31-octet hash", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", hashAlg: 1, contentHash: new Uint8Array(31) })), "external/hash-length", "mimiContent.nestedPart.contentHash"],
    ["hashAlg 0 with a hash", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", contentHash: new Uint8Array(32) })), "external/hash-length", "mimiContent.nestedPart.contentHash"],
    ["encAlg 0 with a key", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", key: new Uint8Array(16) })), "external/enc-none-with-key", "mimiContent.nestedPart.key"],
    ["unknown encAlg", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", encAlg: 77 })), "external/enc-alg-unknown", "mimiContent.nestedPart.encAlg"],
    ["AES-128-GCM with a 32-octet key", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", encAlg: 1, key: new Uint8Array(32), nonce: new Uint8Array(12) })), "external/enc-key-length", "mimiContent.nestedPart.key"],
    ["AES-128-GCM with an 8-octet nonce", () => alice.attachment(externalPart({ contentType: "image/png", url: "https://x.example/a", encAlg: 1, key: new Uint8Array(16), nonce: new Uint8Array(8) })), "external/enc-nonce-length", "mimiContent.nestedPart.nonce"],
    ["key 1 both as senderUri and in unknownExtension", () => alice.original("x", { extensions: [[1n, { type: "text", value: "mimi://example.com/u/eve" }]] }), "extensions/duplicate-key", "mimiContent.mimiExtensions.unknownExtension[1]"],
    ["reserved key 0", () => alice.original("x", { extensions: [[0n, { type: "uint", value: 1n }]] }), "extensions/reserved-key", "mimiContent.mimiExtensions.unknownExtension[0]"],
    ["integer key beyond 2^53-1", () => alice.original("x", { extensions: [[2n ** 53n, { type: "uint", value: 1n }]] }), "extensions/int-key-range", `mimiContent.mimiExtensions.unknownExtension[${2n ** 53n}]`],
    ["5 levels in an extension", () => alice.original("x", { extensions: [[256n, { type: "array", items: [{ type: "array", items: [{ type: "tag", tag: 32n, item: { type: "array", items: [] } }] }] }]] }), "extensions/too-deep", "mimiContent.mimiExtensions.unknownExtension[256][0][0].tag32"],
    ["a nested map keyed by an array", () => alice.original("x", { extensions: [[256n, { type: "map", entries: [[{ type: "array", items: [] }, { type: "uint", value: 1n }]] }]] }), "extensions/nested-key-type", "mimiContent.mimiExtensions.unknownExtension[256]{array}"],
    ["a 64-bit NaN", () => alice.original("x", { extensions: [[256n, { type: "float", value: NaN, width: 8 }]] }), "extensions/nan", "mimiContent.mimiExtensions.unknownExtension[256]"],
    ["a senderUri that is not a URI", () => new Composer({ senderUri: "alice smith", roomUri: ROOM_URI }).original("x"), "extensions/uri-invalid", "mimiContent.mimiExtensions.senderUri"],
    ["inReplyTo with hash algorithm 2", () => alice.reply(fromHex("02" + "00".repeat(31)), "x"), "message-id/unknown-hash-alg", "mimiContent.inReplyTo"],
  ];
  for (const [what, make, rule, path, direction] of cases) {
    it(`${rule}: ${what}`, () => {
      expect(rules(make(), direction).errors).toEqual([`${rule} @ ${path}`]);
    });
  }

  it("the depth limit is 4 levels: the draft's 11-part nested example passes, one level more does not", () => {
    expect(rules(alice.original(nest(4))).errors).toEqual([]);
  });

  it("body/too-large: the local size limit", () => {
    expect(rules(alice.original("x"), "send", { encodedSize: 2000, maxContentBytes: 1000 }).errors).toEqual(["body/too-large @ mimiContent"]);
  });

  it("an extension map 4 levels deep (the draft's Depth restrictions example) is fine; floats are noticed", () => {
    const ext = { type: "array", items: [{ type: "array", items: [{ type: "bytes", value: fromHex("1234") }, { type: "tag", tag: 32n, item: { type: "text", value: "http://example.com" } }] }] } as const;
    const r = rules(alice.original("x", { extensions: [[256n, ext], [-1n, { type: "float", value: 1.5 }]] }));
    expect(r.errors).toEqual([]);
    expect(r.notices).toEqual(["extensions/float @ mimiContent.mimiExtensions.unknownExtension[-1]"]);
  });

  it("unknown dispositions are noticed and treated as render, not rejected", () => {
    const r = rules(alice.original(singlePart("text/plain;charset=utf-8", "hi", { disposition: 42 })), "receive");
    expect(r.errors).toEqual([]);
    expect(r.notices).toEqual(["disposition/unknown @ mimiContent.nestedPart.disposition"]);
  });

  it("raw HTML is escaped by the Markdown builder and only checked when sending", () => {
    const md = markdownPart("a <b>b</b> `<i>` <https://example.com> [x](mimi://example.com/u/alice-smith)");
    expect(new TextDecoder().decode(md.content)).toBe("a &lt;b>b&lt;/b> `<i>` <https://example.com> [x](mimi://example.com/u/alice-smith)");
    const raw = alice.original(markdownPart("<b>", { raw: true }));
    expect(rules(raw, "receive").errors).toEqual([]);
  });

  it("a multi-character single glyph is one reaction", () => {
    const worker = "\u{1F469}\u{1F3FD}\u200D\u2695\uFE0F";
    expect(rules(alice.reaction(ID, worker)).errors).toEqual([]);
  });

  it("collects every violation, not just the first", () => {
    const c = alice.original(alternatives([singlePart("bad", "x", { language: "??" }), nullPart()]), { topicId: new Uint8Array(5000) });
    expect(rules(c).errors.map((e) => e.split(" ")[0])).toEqual(["topicId/too-long", "language/invalid", "contentType/invalid", "multipart/nullpart-inside"]);
  });
});

describe("the codec enforces the CDDL (cddl/invalid), determinism and trailing bytes", () => {
  it("encode: a salt of 15 octets names the field", () => {
    const c = { ...alice.original("x"), salt: new Uint8Array(15) };
    const e = (() => {
      try {
        encodeContent(c);
      } catch (x) {
        return x;
      }
    })() as PipelineError;
    expect(e).toBeInstanceOf(PipelineError);
    expect(e.rule).toBe("cddl/invalid");
    expect(e.path).toBe("mimiContent.salt");
  });

  it("decode: trailing bytes, non-deterministic CBOR and a MultiPart of one part", () => {
    const good = encodeContent(alice.original("x", { salt: fromHex("00112233445566778899aabbccddeeff") }));
    expect(() => decodeContent(new Uint8Array([...good, 0]))).toThrow(/content\/trailing-bytes/);
    const nonDet = new Uint8Array([0x87, 0x58, 0x10, ...good.subarray(2)]); // salt with a 1-octet length: not the shortest head
    expect(() => decodeContent(nonDet)).toThrow(expect.objectContaining({ rule: "cbor/not-deterministic", path: "mimiContent.salt" }));
    const two = encodeContent(alice.original(mixed([plainTextPart("a"), plainTextPart("b")])));
    const partLen = 32; // [1, "", 1, "text/plain;charset=utf-8", 'a']
    const head = two.length - 2 * partLen - 1;
    expect(two[head]).toBe(0x82);
    const one = Uint8Array.from([...two.subarray(0, head), 0x81, ...two.subarray(head + 1, two.length - partLen)]);
    expect(() => decodeContent(one)).toThrow(expect.objectContaining({ rule: "cddl/invalid", path: "mimiContent.nestedPart.parts" }));
  });

  it("extension keys: any Map order encodes deterministically (or is refused, never sent unsorted); duplicates are refused", () => {
    const c = alice.original("x", { extensions: [["zz", { type: "uint", value: 1n }], [-5n, { type: "uint", value: 2n }], [300n, { type: "uint", value: 3n }]] });
    expect([...c.mimiExtensions.unknownExtension.keys()]).toEqual([300n, -5n, "zz"]);
    expect(() => decodeContent(encodeContent(c))).not.toThrow();
    const unsorted = { ...c, mimiExtensions: { ...c.mimiExtensions, unknownExtension: new Map<name, value>([["zz", { type: "uint", value: 1n }], [0n, { type: "uint", value: 3n }]]) } } as mimiContent;
    expect(rules(unsorted).errors).toEqual(["extensions/reserved-key @ mimiContent.mimiExtensions.unknownExtension[0]"]);
    let bytes: Uint8Array | undefined;
    try {
      bytes = encodeContent(unsorted);
    } catch (e) {
      expect(e).toMatchObject({ rule: "cbor/not-deterministic" });
    }
    if (bytes) expect(() => decodeContent(bytes)).not.toThrow();
    const dup = alice.original("x", { extensions: [[1n, { type: "text", value: "mimi://example.com/u/eve" }]] });
    // refused by the draft's rules or, before them, by the codec itself (a known field's key among the extra entries)
    expect(rules(dup).errors).toEqual(["extensions/duplicate-key @ mimiContent.mimiExtensions.unknownExtension[1]"]);
    expect(() => encodeContent(dup)).toThrow(/repeat the key 1 of a known field|extensions\/duplicate-key/);
  });

  it("TPL round trip of every builder output", () => {
    for (const c of [alice.original("x"), alice.reactions(ID, ["a", "b"]), alice.conference("https://example.com/j", "join", { topicId: "t" }), alice.unlike({ messageId: ID, content: alice.reaction(ID, "+") })]) {
      expect(decodeContent(encodeContent(c, "tpl"), "tpl")).toEqual(decodeContent(encodeContent(c)));
    }
  });

  it("reactionPart, plainTextPart and nullPart carry the draft's dispositions", () => {
    expect(reactionPart("x").disposition).toBe("reaction");
    expect(alice.unlike({ messageId: ID, content: alice.reaction(ID, "x") }).nestedPart).toEqual(nullPart("reaction"));
    expect(alice.delete({ messageId: ID, content: alice.original("x") }).nestedPart).toEqual(nullPart("render"));
  });
});
