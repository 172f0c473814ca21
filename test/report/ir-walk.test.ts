import { describe, expect, it } from "vitest";
import * as t03 from "../../generated/mimi-content-03/index.js";
import * as v04 from "../../generated/mimi-content-04/index.js";
import * as main from "../../generated/mimi-content-main/index.js";
import { byConstruct, byField, splitBytes, sumBytes, totalsOf, type Charge } from "../../src/report/breakdown.js";
import { itemBytes } from "../../src/report/item-bytes.js";
import { lengthBucket, walkValue } from "../../src/report/ir-walk.js";
import { SchemaSet } from "../../src/report/schemas.js";

/**
 * The IR walk on hand-made values (no drafts needed): its totals equal the
 * generated codecs' sizes, and each construct is charged where the README's
 * canonical mapping says its bytes go.
 */
const set = new SchemaSet();
const utf8 = (s: string) => new TextEncoder().encode(s);

function charges(doc: string, type: string, value: unknown): { tpl: number; cbor: number; charges: readonly Charge[] } {
  return walkValue(set, doc, type, value);
}
const find = (cs: readonly Charge[], path: string, construct?: string) => cs.filter((c) => c.path === path && (construct === undefined || c.construct === construct));

const original03: t03.MimiContent = {
  replaces: null,
  topicId: new Uint8Array(0),
  expires: 0,
  inReplyTo: { message: new Uint8Array(32).fill(7), hashAlg: "sha256", replyToHash: new Uint8Array(32) },
  lastSeen: [new Uint8Array(32), new Uint8Array(32).fill(1)],
  extensions: new Map([["x-a", new Uint8Array([1, 2, 3])]]),
  body: { disposition: "render", language: "en", partIndex: 300, cardinality: "single", part: { contentType: "text/plain", content: utf8("x".repeat(70)) } },
};

describe("IR walk", () => {
  it("adds up to exactly what the generated codecs write (03 TPL struct, 04 and main CDDL)", () => {
    const cases: Array<[string, string, unknown, { tpl: { encode(v: never): Uint8Array }; cbor: { encode(v: never): Uint8Array } }]> = [
      ["mimi-content-03", "MimiContent", original03, t03.MimiContent],
      [
        "mimi-content-04",
        "mimiContent",
        {
          replaces: new Uint8Array(32),
          topicId: utf8("t"),
          expires: 70000,
          inReplyTo: null,
          lastSeen: [],
          extensions: new Map(),
          nestedPart: { disposition: "render", language: "", partIndex: 0, cardinality: "multi", partSemantics: "chooseOne", parts: [
            { disposition: "render", language: "", partIndex: 1, cardinality: "nullpart" },
            { disposition: 200, language: "fr", partIndex: 2, cardinality: "single", contentType: "a/b", content: new Uint8Array(300) },
          ] },
        } satisfies v04.mimiContent,
        v04.mimiContent,
      ],
      [
        "mimi-content-main",
        "mimiContent",
        {
          salt: new Uint8Array(16),
          replaces: null,
          topicId: new Uint8Array(0),
          expires: { relative: true, time: 3600 },
          inReplyTo: new Uint8Array(32),
          mimiExtensions: { roomUri: "mimi://r", unknownExtension: new Map<main.name, main.value>([[5n, { type: "uint", value: 1n }], ["k", { type: "array", items: [{ type: "text", value: "ab" }] }]]) },
          nestedPart: { disposition: "render", language: "", cardinality: "single", contentType: "text/plain", content: new Uint8Array(24) },
        } satisfies main.mimiContent,
        main.mimiContent,
      ],
    ];
    for (const [doc, type, value, codec] of cases) {
      const w = charges(doc, type, value);
      expect(w.tpl, `${doc} TPL`).toBe(codec.tpl.encode(value as never).length);
      expect(w.cbor, `${doc} CBOR`).toBe(codec.cbor.encode(value as never).length);
      const t = totalsOf(w.charges);
      expect(sumBytes(t.tpl)).toBe(w.tpl);
      expect(sumBytes(t.cbor)).toBe(w.cbor);
    }
  });

  it("charges each construct where the canonical mapping puts its bytes", () => {
    const w = charges("mimi-content-03", "MimiContent", original03);
    // optional<T>: a presence octet in TPL, nothing in CBOR when present, null when absent
    expect(find(w.charges, "MimiContent.inReplyTo", "optional (present)")).toEqual([{ path: "MimiContent.inReplyTo", construct: "optional (present)", tpl: { presence: 1 }, cbor: {} }]);
    expect(find(w.charges, "MimiContent.replaces", "optional (absent)")[0]).toMatchObject({ tpl: { presence: 1 }, cbor: { presence: 1 } });
    // MessageId is opaque[32]: no TPL prefix, a 2-byte CBOR head
    expect(find(w.charges, "MimiContent.lastSeen[]")).toHaveLength(2);
    expect(find(w.charges, "MimiContent.lastSeen[]")[0]).toMatchObject({ construct: "bytes [32] (fixed size)", tpl: { length: 0, content: 32 }, cbor: { length: 2, content: 32 } });
    // the vector: a varint of 64 content bytes (2 octets) against a CBOR array head of 2 items (1 octet)
    expect(find(w.charges, "MimiContent.lastSeen", "vector")[0]).toMatchObject({ tpl: { length: 2 }, cbor: { length: 1 } });
    // uint16 partIndex 300: 2 octets in TPL, a 3-byte CBOR head
    expect(find(w.charges, "MimiContent.body.partIndex")[0]).toMatchObject({ construct: "uint16", tpl: { scalar: 2 }, cbor: { scalar: 3 } });
    // a struct: no TPL framing, a CBOR array head; the single case's SinglePart is inline (no head of its own)
    expect(find(w.charges, "MimiContent", "struct (CBOR array head)")).toHaveLength(1);
    expect(find(w.charges, "MimiContent.body", "struct (CBOR array head)")).toHaveLength(1);
    expect(find(w.charges, "MimiContent.body.part", "struct (CBOR array head)")).toHaveLength(0);
    // the extensions map: TPL `<V>` of pairs with 1- and 2-octet prefixes
    expect(find(w.charges, "MimiContent.extensions[].key")[0]).toMatchObject({ construct: "text with 1-octet length", tpl: { length: 1, content: 3 }, cbor: { length: 1, content: 3 } });
    expect(find(w.charges, "MimiContent.extensions[].value")[0]).toMatchObject({ construct: "bytes with 2-octet length", tpl: { length: 2, content: 3 } });
    // the body: 70 bytes, a 2-octet varint against a 2-byte head
    expect(find(w.charges, "MimiContent.body.part.content")[0]).toMatchObject({ construct: "bytes 64..255 B", tpl: { length: 2, content: 70 }, cbor: { length: 2, content: 70 } });
  });

  it("charges map-encoded structs their keys and `any` values their CBOR heads", () => {
    const w = charges("mimi-content-main", "extensions", {
      senderUri: "mimi://u",
      unknownExtension: new Map<main.name, main.value>([["k", { type: "tag", tag: 32n, item: { type: "text", value: "x" } }]]),
    } satisfies main.extensions);
    expect(find(w.charges, "extensions", "struct (CBOR map head)")[0]).toMatchObject({ cbor: { struct: 1 } });
    expect(find(w.charges, "extensions.senderUri", "struct field key (CBOR map)")[0]).toMatchObject({ cbor: { key: 1 } });
    expect(find(w.charges, "extensions.senderUri", "omittable field (present)")[0]).toMatchObject({ tpl: { presence: 1 }, cbor: {} });
    expect(find(w.charges, "extensions.roomUri", "omittable field (absent)")[0]).toMatchObject({ tpl: { presence: 1 }, cbor: {} });
    // `any` in TPL: opaque<V> holding the item's CBOR (tag 32 head 2, text head 1, content 1)
    expect(find(w.charges, "extensions.unknownExtension[].value")[0]).toMatchObject({ construct: "any (a CBOR item)", tpl: { tag: 2, length: 2, content: 1 }, cbor: { tag: 2, length: 1, content: 1 } });
    // the name is a type choice (uint / text): TPL names the option in one octet
    expect(find(w.charges, "extensions.unknownExtension[].key", "union")[0]).toMatchObject({ tpl: { selector: 1 }, cbor: {} });
    expect(w.tpl).toBe(main.extensions.tpl.encode({ senderUri: "mimi://u", unknownExtension: new Map([["k", { type: "tag", tag: 32n, item: { type: "text", value: "x" } }]]) }).length);
  });

  it("reads a select's discriminant from the codec context", () => {
    const value = { timestamp: 5n, frank: null };
    // FanoutMessage selects on `protocol`, which only the context gives
    expect(() => walkValue(set, "mimi-protocol-06", "FanoutMessage", value)).toThrow(/the codec context must give protocol/);
    // with it, the walk enters the mls10 case and wants its MLSMessage (an rfc9420 import)
    expect(() => walkValue(set, "mimi-protocol-06", "FanoutMessage", value, { protocol: "mls10" })).toThrow(/FanoutMessage\.message: expected an object/);
  });

  it("aggregates per field and per construct", () => {
    const w = charges("mimi-content-03", "MimiContent", original03);
    const fields = byField(w.charges);
    expect(fields.map((r) => r.name)).toContain("MimiContent.body.part.content");
    const lastSeen = fields.find((r) => r.name === "MimiContent.lastSeen[]")!;
    expect(lastSeen.occurrences).toBe(2);
    expect(lastSeen.tpl).toEqual({ framing: 0, payload: 64 });
    expect(lastSeen.cbor).toEqual({ framing: 4, payload: 64 });
    const constructs = byConstruct(w.charges);
    const total = (r: (typeof constructs)[number]) => r.tpl.framing + r.tpl.payload - r.cbor.framing - r.cbor.payload;
    // sorted: most favourable to CBOR first
    for (let i = 1; i < constructs.length; i++) expect(total(constructs[i - 1]!)).toBeGreaterThanOrEqual(total(constructs[i]!));
    expect(splitBytes({ content: 3, length: 2, scalar: 1, presence: 1 })).toEqual({ framing: 3, payload: 4 });
  });

  it("buckets lengths where a TPL varint or a CBOR head grows", () => {
    expect([0, 1, 23, 24, 63, 64, 255, 256, 16383, 16384, 65535, 65536].map(lengthBucket)).toEqual([
      "0 B", "1..23 B", "1..23 B", "24..63 B", "24..63 B", "64..255 B", "64..255 B", "256..16383 B", "256..16383 B", "16384..65535 B", "16384..65535 B", ">= 65536 B",
    ]);
  });

  it("splits a generic CBOR item into heads, contents and scalars", () => {
    expect(itemBytes({ type: "array", items: [{ type: "uint", value: 500n }, { type: "bytes", value: new Uint8Array(30) }, { type: "simple", value: 22 }] })).toEqual({ length: 1 + 2, scalar: 3 + 1, content: 30 });
  });

  it("rejects a value that does not fit the type", () => {
    expect(() => walkValue(set, "mimi-content-03", "MimiContent", { ...original03, expires: "soon" })).toThrow(/MimiContent\.expires: expected an unsigned integer/);
  });
});
