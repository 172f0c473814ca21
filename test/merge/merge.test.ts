import { describe, expect, it } from "vitest";
import * as m03 from "../../generated/mimi-content-03/index.js";
import { compileWithImports } from "../../src/compile/compile-set.js";
import type { CompiledDocument } from "../../src/compile/compile-document.js";
import { fromCompiled } from "../../src/compare/load-document.js";
import { mergeDocuments, MergeError } from "../../src/merge/index.js";
import { CodecError, toHex } from "../../src/runtime/index.js";
import { DRAFTS, HAVE_DRAFTS } from "../helpers/drafts.js";

/**
 * mimi-content-03 writes its data model twice; generated/mimi-content-03 is
 * the merge: one TypeScript type per paired definition, the TPL codec
 * enforcing the TPL definition and the CBOR codec the CDDL one.
 */

const part = (cardinality: string, rest: object): m03.NestablePart =>
  ({ disposition: "render", language: "en", partIndex: 0, cardinality, ...rest }) as m03.NestablePart;
const single = part("single", { part: { contentType: "text/plain", content: new Uint8Array([0x68, 0x69]) } });
const content = (body: m03.NestablePart, extensions = new Map<string, Uint8Array>()): m03.MimiContent => ({
  replaces: null,
  topicId: new Uint8Array(0),
  expires: 0,
  inReplyTo: null,
  lastSeen: [],
  extensions,
  body,
});

describe("the generated merged module: each codec enforces its own side", () => {
  it("Timestamp: the CDDL's tag 62 in CBOR, eight bytes in TPL, one bigint type", () => {
    expect(toHex(m03.Timestamp.cbor.encode(1700000000000n))).toBe("d83e1b0000018bcfe56800");
    expect(toHex(m03.Timestamp.tpl.encode(1700000000000n))).toBe("0000018bcfe56800");
    expect(() => m03.Timestamp.cbor.decode(new Uint8Array([0x1b, 0, 0, 1, 0x8b, 0xcf, 0xe5, 0x68, 0]))).toThrow(CodecError);
  });

  it("Disposition follows the CDDL (open: 9..255 kept as numbers); the TPL enum is closed and refuses them", () => {
    expect(m03.Disposition.cbor.decode(new Uint8Array([0x09]))).toBe(9);
    expect(toHex(m03.Disposition.cbor.encode(200))).toBe("18c8");
    expect(() => m03.Disposition.tpl.encode(9)).toThrow(/not a value of Disposition: 9/);
    expect(() => m03.Disposition.tpl.decode(new Uint8Array([0x09]))).toThrow(/unknown Disposition value 9 at offset 0/);
    expect(m03.Disposition.tpl.decode(new Uint8Array([0x08]))).toBe("preview");
  });

  it("MessageStatus follows the CDDL (unknown 7..255); TPL refuses 7", () => {
    expect(m03.MessageStatus.cbor.decode(new Uint8Array([0x07]))).toBe(7);
    expect(() => m03.MessageStatus.tpl.decode(new Uint8Array([0x07]))).toThrow(/unknown MessageStatus value 7/);
  });

  it("a multi part with one part: TPL allows it (<V>), CBOR does not (the CDDL's [2* NestedPart])", () => {
    const multi = part("multi", { partSemantics: "processAll", parts: [single] });
    const value = content(multi);
    expect(m03.MimiContent.tpl.decode(m03.MimiContent.tpl.encode(value))).toEqual(value);
    expect(() => m03.MimiContent.cbor.encode(value)).toThrow(CodecError);
    const two = content(part("multi", { partSemantics: "processAll", parts: [single, single] }));
    expect(m03.MimiContent.cbor.decode(m03.MimiContent.cbor.encode(two))).toEqual(two);
  });

  it("an extension value of 4096 bytes: TPL allows it (<0..65535>), CBOR does not (the CDDL's value = bstr .size (0..4095))", () => {
    const big = content(single, new Map([["x", new Uint8Array(4096)]]));
    expect(m03.MimiContent.tpl.encode(big).length).toBeGreaterThan(4096);
    expect(() => m03.MimiContent.cbor.encode(big)).toThrow(/MimiContent\.extensions/);
    expect(m03.MimiContent.cbor.encode(content(single, new Map([["x", new Uint8Array(4095)]]))).length).toBeGreaterThan(4095);
  });

  it("the url of an external part and the URLs of MessageDerivedValues are tag 32 in CBOR only", () => {
    const v: m03.MessageDerivedValues = {
      messageId: new Uint8Array(32),
      hubAcceptedTimestamp: 1n,
      mlsGroupId: new Uint8Array(0),
      senderLeafIndex: 0,
      senderClientUrl: "a:b",
      senderUserUrl: "c:d",
      roomUrl: "e:f",
    };
    const cbor = toHex(m03.MessageDerivedValues.cbor.encode(v));
    expect(cbor).toContain("d82063613a62");
    expect(cbor).toContain("d83e01");
    expect(toHex(m03.MessageDerivedValues.tpl.encode(v))).toContain("03613a62");
    expect(m03.MessageDerivedValues.cbor.decode(m03.MessageDerivedValues.cbor.encode(v))).toEqual(v);
  });

  it("hashAlg: the TypeScript type is the TPL's closed enum, so CBOR refuses 2 although the CDDL allows any uint", () => {
    const reply: m03.inReplyTo = { message: new Uint8Array(32), hashAlg: "sha256", replyToHash: new Uint8Array(0) };
    const bytes = m03.inReplyTo.cbor.encode(reply);
    const i = bytes.indexOf(0x01, 34); // hashAlg follows the 34-byte MessageId item
    const two = bytes.slice();
    two[i] = 0x02;
    expect(() => m03.inReplyTo.cbor.decode(two)).toThrow(/unknown HashAlgorithm value 2/);
  });
});

describe.skipIf(!HAVE_DRAFTS)("mergeDocuments", () => {
  const cache = new Map<string, CompiledDocument>();
  const tpl = () => fromCompiled("mimi-content-03", compileWithImports("mimi-content-03", { cache, drafts: DRAFTS }), cache);
  const cddl = () => fromCompiled("mimi-content-03-cddl", compileWithImports("mimi-content-03-cddl", { cache, drafts: DRAFTS }), cache);
  const config = () => compileWithImports("mimi-content-03", { cache, drafts: DRAFTS }).config.merge!;

  it("pairs the twelve definitions: six agree in shape, six follow the side the config names", () => {
    const m = mergeDocuments(tpl(), cddl(), config());
    expect(m.pairs.map((p) => `${p.name}~${p.partner}:${p.agree ? "agree" : p.follow}`)).toEqual([
      "MessageId~MessageId:agree",
      "Timestamp~Timestamp:agree",
      "MimiContent~mimiContent:tpl",
      "inReplyTo~InReplyTo:tpl",
      "PartCardinality~NestedPart_cardinality:tpl",
      "MultiplePartSemantics~NestedPart_partSemantics:agree",
      "NestablePart~NestedPart:tpl",
      "Disposition~NestedPart_disposition:cddl",
      "MessageDerivedValues~MessageDerivedValues:agree",
      "MessageStatus~PerMessageStatus_status:cddl",
      "PerMessageStatus~PerMessageStatus:agree",
      "MessageStatusReport~MessageStatusReport:agree",
    ]);
    expect(m.notes.map((n) => n.path)).toEqual(["inReplyTo.hashAlg", "NestablePart.case(external).part.hashAlg", "Disposition", "MessageStatus"]);
  });

  it("a disagreement the config leaves open is an error naming the config key, at both definitions", () => {
    const { follow, ...rest } = config();
    void follow;
    const err = (() => {
      try {
        mergeDocuments(tpl(), cddl(), rest);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(MergeError);
    expect((err as MergeError).message).toMatch(/draft-ietf-mimi-content\.md:\d+:\d+: MimiContent: the TPL and CDDL definitions differ in shape \(.*field-renamed.*\); say which one .* merge\.follow\.MimiContent/);
    expect((err as MergeError).related?.file).toMatch(/mimi-content\.cddl$/);
  });

  it("a side the other cannot be made to fit is refused with the path: inReplyTo after the CDDL makes hashAlg a bigint TPL writes as an enum", () => {
    expect(() => mergeDocuments(tpl(), cddl(), { ...config(), follow: { ...config().follow, inReplyTo: "cddl" } })).toThrow(
      /mimi-content\.cddl:49:3: inReplyTo\.hashAlg: the TypeScript type is a bigint \(uint64\) but TPL writes an enum of 8 bits, a number \(other side: .*draft-ietf-mimi-content\.md:257:5\)/,
    );
  });

  it("following the CDDL for a select needs its enum to follow the CDDL too", () => {
    expect(() => mergeDocuments(tpl(), cddl(), { ...config(), follow: { ...config().follow, NestablePart: "cddl" } })).toThrow(/PartCardinality must follow the CDDL as well/);
  });
});
