import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor, encodeCborInto } from "../../bench/handwritten/cbor.js";
import { decodeTpl, encodeTpl, encodeTplInto } from "../../bench/handwritten/tpl.js";
import { mimiMessages03 } from "../../bench/fixtures03.js";
import { MimiContent, type NestablePart } from "../../generated/mimi-content-03/index.js";

/**
 * The hand-written reference codecs of bench/ (what the generated draft-03
 * codecs are measured against) must do the generated codecs' job: the same
 * bytes, the same values, and the same refusals, or the comparison is not
 * honest.
 */
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g)!.map((x) => parseInt(x, 16)));

/** A message with every construct the fixtures leave out: an external part, null parts, non-ASCII text, keys that need sorting. */
function everything(): MimiContent {
  const external: NestablePart = {
    disposition: "attachment",
    language: "de",
    partIndex: 3,
    cardinality: "external",
    part: {
      contentType: "image/png",
      url: "https://example.com/ä/😀.png",
      expires: 4294967295,
      size: 0x1_0000_0000_0001n,
      encAlg: 65535,
      key: new Uint8Array(16).fill(7),
      nonce: new Uint8Array(12).fill(9),
      aad: new Uint8Array(0),
      hashAlg: "sha256",
      contentHash: new Uint8Array(32).fill(3),
      description: "Grüße, 世界",
    },
  };
  const empty: NestablePart = { disposition: "preview", language: "", partIndex: 65535, cardinality: "null" };
  return {
    replaces: new Uint8Array(32).fill(1),
    topicId: new Uint8Array(300).fill(2),
    expires: 70000,
    inReplyTo: { message: new Uint8Array(32).fill(4), hashAlg: "none", replyToHash: new Uint8Array(0) },
    lastSeen: [new Uint8Array(32).fill(5)],
    extensions: new Map([
      ["zz", utf8("sorted after the one-byte names")],
      ["é", new Uint8Array(4095)],
      ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", new Uint8Array(1)],
      ["b", new Uint8Array(0)],
    ]),
    body: { disposition: "render", language: "", partIndex: 0, cardinality: "multi", partSemantics: "chooseOne", parts: [external, empty] },
  };
}

/** Parts nested `levels` deep (the draft allows 4). */
function nested(levels: number): MimiContent {
  let part: NestablePart = { disposition: "render", language: "", partIndex: 0, cardinality: "null" };
  for (let i = 1; i < levels; i++) part = { disposition: "render", language: "", partIndex: 0, cardinality: "multi", partSemantics: "processAll", parts: [part, part] };
  return { ...mimiMessages03()[0]!.value, body: part };
}

const values = (): { label: string; value: MimiContent }[] => [...mimiMessages03(), { label: "everything", value: everything() }];

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return "rejected";
  }
}

/** A seeded generator, so a failure replays. */
function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

describe("hand-written reference codecs (bench/handwritten)", () => {
  it.each(values())("$label: the generated codecs' bytes, and back to the value", ({ value }) => {
    const tpl = MimiContent.tpl.encode(value);
    const cbor = MimiContent.cbor.encode(value);
    // (Buffer.compare and isDeepStrictEqual: toEqual takes seconds over 68 KB)
    expect(Buffer.compare(encodeTpl(value), tpl)).toBe(0);
    expect(Buffer.compare(encodeCbor(value), cbor)).toBe(0);
    const into = new Uint8Array(Math.max(tpl.length, cbor.length) + 3).fill(0xaa);
    expect(encodeTplInto(value, into, 3)).toBe(3 + tpl.length);
    expect(Buffer.compare(into.subarray(3, 3 + tpl.length), tpl)).toBe(0);
    expect(encodeCborInto(value, into, 3)).toBe(3 + cbor.length);
    expect(Buffer.compare(into.subarray(3, 3 + cbor.length), cbor)).toBe(0);
    expect(isDeepStrictEqual(decodeTpl(tpl), MimiContent.tpl.decode(tpl))).toBe(true);
    expect(isDeepStrictEqual(decodeCbor(cbor), MimiContent.cbor.decode(cbor))).toBe(true);
    expect(isDeepStrictEqual(decodeTpl(tpl), value)).toBe(true);
    expect(isDeepStrictEqual(decodeCbor(cbor), value)).toBe(true);
  });

  it("decodes to views into the input, as the generated decoders do", () => {
    const value = mimiMessages03()[1]!.value;
    const tpl = MimiContent.tpl.encode(value);
    const content = (decodeTpl(tpl).body as { part: { content: Uint8Array } }).part.content;
    expect(content.buffer).toBe(tpl.buffer);
    const cbor = MimiContent.cbor.encode(value);
    expect((decodeCbor(cbor).body as { part: { content: Uint8Array } }).part.content.buffer).toBe(cbor.buffer);
  });

  const small = (): Uint8Array => MimiContent.tpl.encode(mimiMessages03()[0]!.value);
  const smallCbor = (): Uint8Array => MimiContent.cbor.encode(mimiMessages03()[0]!.value);
  const edit = (b: Uint8Array, at: number, ...bytes: number[]): Uint8Array => {
    const c = b.slice();
    c.set(bytes, at);
    return c;
  };
  // small in TPL: 00 (replaces) 00 (topicId) 00000000 (expires) 00 (inReplyTo) 00 (lastSeen) 2c (extensions) 09 "senderUri" 0020 ...
  const tplCases: [string, () => Uint8Array, RegExp][] = [
    ["a trailing byte", () => Uint8Array.from([...small(), 0]), /1 trailing bytes/],
    ["truncated by one byte", () => small().subarray(0, small().length - 1), /(truncated|exceeds remaining).*body\.part\.content/],
    ["presence byte 2", () => edit(small(), 0, 2), /presence byte.*MimiContent\.replaces/],
    ["a non-minimal varint (topicId length 0 in 2 bytes)", () => Uint8Array.from([0, 0x40, 0, ...small().subarray(2)]), /non-minimal varint.*topicId/],
    ["the varint prefix 0b11", () => edit(small(), 1, 0xc0), /invalid varint prefix.*topicId/],
    ["an extension name of length 0", () => edit(small(), 9, 0), /length 0 outside 1\.\.255.*extensions/],
    ["invalid UTF-8 in an extension name", () => edit(small(), 10, 0xff), /invalid UTF-8 at offset 10/],
    ["an unknown Disposition (9: TPL's enum is closed)", () => edit(small(), small().length - 70, 9), /unknown Disposition value 9/],
    ["an unknown PartCardinality", () => edit(small(), small().length - 66, 4), /unknown PartCardinality value 4/],
    ["a vector length beyond the input", () => edit(small(), 8, 0x7f, 0xff), /exceeds remaining.*extensions/],
  ];
  // the generated decoder's message shows the case fails for the reason it names
  it.each(tplCases)("TPL: both refuse %s", (_what, make, why) => {
    const bytes = make();
    expect(() => MimiContent.tpl.decode(bytes)).toThrow(why);
    expect(() => decodeTpl(bytes)).toThrow();
  });

  it("the TPL cases above edit the bytes they mean to", () => {
    const b = small();
    expect([...b.subarray(0, 10)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x2c, 9]);
    expect(b[b.length - 70]).toBe(1); // Disposition render
    expect(b[b.length - 66]).toBe(1); // PartCardinality single
  });

  // small in CBOR: 87 f6 40 00 f6 80 a1 69 "senderUri" 58 20 ... 86 01 60 00 01 78 1e ...
  const cborCases: [string, () => Uint8Array, RegExp][] = [
    ["a trailing byte", () => Uint8Array.from([...smallCbor(), 0]), /1 trailing bytes/],
    ["truncated by one byte", () => smallCbor().subarray(0, smallCbor().length - 1), /(truncated|exceeds remaining).*body\.part\.content/],
    ["an array of 6 items", () => edit(smallCbor(), 0, 0x86), /field 7 is missing/],
    ["an array of 8 items", () => Uint8Array.from([0x88, ...smallCbor().subarray(1), 0xf6]), /8 items, expected 7/],
    ["a MessageId of 1 byte", () => Uint8Array.from([0x87, 0x41, 0, ...smallCbor().subarray(2)]), /outside 32\.\.32.*replaces/],
    ["expires beyond uint32", () => Uint8Array.from([0x87, 0xf6, 0x40, 0x1b, 0, 0, 0, 1, 0, 0, 0, 0, ...smallCbor().subarray(4)]), /does not fit uint32.*expires/],
    ["an unknown HashAlgorithm", () => Uint8Array.from([0x87, 0xf6, 0x40, 0x00, 0x83, 0x58, 0x20, ...new Uint8Array(32), 0x02, 0x40, ...smallCbor().subarray(5)]), /unknown HashAlgorithm value 2/],
    ["a Disposition beyond 255", () => { const b = smallCbor(); const i = b.indexOf(0x86, 40); return Uint8Array.from([...b.subarray(0, i + 1), 0x19, 1, 0, ...b.subarray(i + 2)]); }, /unknown Disposition value 256/],
    ["a text key where bytes are expected (value)", () => edit(smallCbor(), 17, 0x78), /expected byte string.*extensions/],
    ["a duplicate extension name", () => Uint8Array.from([0x87, 0xf6, 0x40, 0x00, 0xf6, 0x80, 0xa2, 0x61, 0x61, 0x40, 0x61, 0x61, 0x40, ...smallCbor().subarray(smallCbor().indexOf(0x86, 40))]), /duplicate map key/],
    ["an empty extension name", () => Uint8Array.from([0x87, 0xf6, 0x40, 0x00, 0xf6, 0x80, 0xa1, 0x60, 0x40, ...smallCbor().subarray(smallCbor().indexOf(0x86, 40))]), /length 0 outside 1\.\.255.*extensions/],
    ["an extension value of 4096 bytes (CBOR's bound)", () => hex("87f64000f680a1" + "6161" + "591000" + "00".repeat(4096) + "8401600000"), /length 4096 outside 0\.\.4095.*extensions/],
    ["a multipart with one part", () => hex("87f64000f680a0" + "86016000030281" + "8401600000"), /outside 2\.\..*body\.parts/],
    ["five levels of parts", () => MimiContent.cbor.encode(nested(5), { maxDepth: 5 }), /nesting depth exceeds 4/],
    ["a break where a field is expected", () => Uint8Array.from([0x9f, 0xff]), /field 1 is missing/],
    ["the reserved additional information 28", () => edit(smallCbor(), 3, 0x1c), /reserved additional information 28/],
  ];
  it.each(cborCases)("CBOR: both refuse %s", (_what, make, why) => {
    const bytes = make();
    expect(() => MimiContent.cbor.decode(bytes)).toThrow(why);
    expect(() => decodeCbor(bytes)).toThrow();
  });

  it("CBOR: both accept what the default (not deterministic) mode allows: indefinite lengths and wide heads", () => {
    // the small message with the top array indefinite, topicId as an empty indefinite byte string, expires in a 4-byte head
    const b = smallCbor();
    const alt = Uint8Array.from([0x9f, 0xf6, 0x5f, 0xff, 0x1a, 0, 0, 0, 0, ...b.subarray(4), 0xff]);
    expect(decodeCbor(alt)).toEqual(MimiContent.cbor.decode(alt));
    expect(decodeCbor(alt)).toEqual(mimiMessages03()[0]!.value);
  });

  it("both decoders agree on thousands of mutated inputs: the same value, or both refuse", () => {
    const rand = rng(2026);
    let accepted = 0;
    let refused = 0;
    for (const { value } of values().filter((x) => x.label !== "large")) {
      for (const [enc, gen, hand] of [
        [MimiContent.tpl.encode(value), (b: Uint8Array) => MimiContent.tpl.decode(b), decodeTpl],
        [MimiContent.cbor.encode(value), (b: Uint8Array) => MimiContent.cbor.decode(b), decodeCbor],
      ] as const) {
        for (let k = 0; k < 1500; k++) {
          const b = enc.slice();
          for (let j = 1 + rand(3); j > 0; j--) {
            const i = rand(b.length);
            const op = rand(3);
            b[i] = op === 0 ? rand(256) : op === 1 ? b[i]! ^ (1 << rand(8)) : [0, 1, 0x20, 0x40, 0xff, 0xf6, 0x9f, 0x5f, 0x7f, 0x18, 0x1b][rand(11)]!;
          }
          const input = rand(8) === 0 ? b.subarray(0, rand(b.length)) : b;
          const g = outcome(() => gen(input));
          const h = outcome(() => hand(input));
          if (g === "rejected") {
            refused++;
            if (h !== "rejected") expect.fail(`the hand-written decoder accepts what the generated one refuses: ${Buffer.from(input).toString("hex")}`);
          } else {
            accepted++;
            if (!isDeepStrictEqual(g, h)) expect.fail(`the decoders disagree on ${Buffer.from(input).toString("hex")}`);
          }
        }
      }
    }
    // both kinds of outcome occur, so the agreement is not vacuous
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });

  const badValues: [string, (v: MimiContent) => unknown, RegExp][] = [
    ["a MessageId of 31 bytes", (v) => ({ ...v, lastSeen: [new Uint8Array(31)] }), /length 31 outside 32\.\.32.*lastSeen\[0\]/],
    ["expires of -1", (v) => ({ ...v, expires: -1 }), /expected uint32.*expires/],
    ["expires of 2^32", (v) => ({ ...v, expires: 2 ** 32 }), /expected uint32.*expires/],
    ["a lone surrogate", (v) => ({ ...v, extensions: new Map([["\ud800", new Uint8Array(0)]]) }), /lone UTF-16 surrogate.*extensions/],
    ["an empty extension name", (v) => ({ ...v, extensions: new Map([["", new Uint8Array(0)]]) }), /length 0 outside 1\.\.255.*extensions/],
    ["an unknown Disposition name", (v) => ({ ...v, body: { ...v.body, disposition: "loud" } }), /not a value of Disposition.*body\.disposition/],
    ["a cardinality given as a number", (v) => ({ ...v, body: { ...v.body, cardinality: 1 } }), /no case for cardinality = 1/],
    ["a partIndex of 65536", (v) => ({ ...v, body: { ...v.body, partIndex: 65536 } }), /expected uint16.*body\.partIndex/],
    ["text where bytes belong", (v) => ({ ...v, topicId: "x" }), /expected bytes.*topicId/],
    ["five levels of parts", () => nested(5), /deeper than maxDepth 4/],
  ];
  // the generated encoders' messages show each value fails for the reason it names
  it.each(badValues)("both encoders refuse %s", (_what, make, why) => {
    const bad = make(mimiMessages03()[0]!.value) as MimiContent;
    expect(() => MimiContent.tpl.encode(bad)).toThrow(why);
    expect(() => MimiContent.cbor.encode(bad)).toThrow(why);
    expect(() => encodeTpl(bad)).toThrow();
    expect(() => encodeCbor(bad)).toThrow();
  });
});
