import { describe, expect, it } from "vitest";
import { extensions, mimiContent, MsgUri } from "../../generated/mimi-content-main/index.js";
import { CodecError } from "../../src/runtime/index.js";

/**
 * Minimal reproductions of codec bugs the round-trip properties
 * (roundtrip.test.ts) found. An open bug is `it.fails`: it states the
 * behaviour the codecs should have and fails today; when the bug is fixed,
 * vitest reports the `it.fails` as failed, and it should become a plain
 * `it` (as the fixed ones below are).
 */

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("CBOR map record with `rest` entries (mimi-content-main `extensions`): regression", () => {
  // Found by roundtrip.test.ts (seeds 1-4, 200 runs): cwrite_extensions in
  // generated/mimi-content-main/index.ts, emitted by mapWrite in
  // src/codegen/gen-cbor-codec.ts, for the IR construct record { encoding:
  // "map", keyed fields 1 (senderUri?) and 2 (roomUri?), rest: * name =>
  // value }, wrote the declared keys and then the rest entries, so a rest key
  // that sorts before a declared key (uint 0 before 1) came out of order:
  // {1: "", 0: 0} = a2 01 60 00 00, which the codec's own deterministic
  // decoder rejected ("map keys not in bytewise lexicographic order at offset 4
  // (extensions.senderUri)"). The encoder now interleaves the rest entries in
  // RFC 8949 §4.2.1 order (mergeMapEntries, src/runtime/cbor-codec.ts); these
  // tests keep it that way.
  const value: extensions = { senderUri: "", unknownExtension: new Map([[0n, { type: "uint", value: 0n }]]) };

  it('a rest key that sorts before a declared key is written first: {0: 0, 1: ""}', () => {
    expect(hex(extensions.cbor.encode(value))).toBe("a2" + "0000" + "0160");
  });

  it("cwrite_extensions output decodes in deterministic mode", () => {
    expect(extensions.cbor.decode(extensions.cbor.encode(value), { deterministic: true })).toEqual(value);
  });

  it("the same through mimiContent.mimiExtensions", () => {
    const content: mimiContent = {
      salt: new Uint8Array(16),
      replaces: null,
      topicId: new Uint8Array(0),
      expires: null,
      inReplyTo: null,
      mimiExtensions: value,
      nestedPart: { disposition: "unspecified", language: "", cardinality: "nullpart" },
    };
    expect(mimiContent.cbor.decode(mimiContent.cbor.encode(content), { deterministic: true })).toEqual(content);
  });
});

describe("text with a lone UTF-16 surrogate (mimi-content-main `MsgUri`, IR text)", () => {
  // Generated functions: size_MsgUri/write_MsgUri (TPL) and csize_MsgUri/
  // cwrite_MsgUri (CBOR) in generated/mimi-content-main/index.ts. IR
  // construct: text (CDDL tstr). checkText (src/runtime/value-checks.ts)
  // accepts any JS string, and the UTF-8 writer (src/runtime/utf8.ts) turns a
  // lone surrogate into U+FFFD like TextEncoder: the encoders silently write a
  // different string, although they are meant to check every value before
  // writing (README "Runtime rules"). Expected: reject the value with a
  // CodecError, or round-trip it; today "a\ud800b" comes back as "a\ufffdb".
  const lone = "a\ud800b";

  for (const format of ["tpl", "cbor"] as const) {
    it(`${format}: a string with a lone surrogate is rejected or round-trips`, () => {
      let bytes: Uint8Array;
      try {
        bytes = MsgUri[format].encode(lone);
      } catch (e) {
        expect(e).toBeInstanceOf(CodecError);
        return;
      }
      expect(MsgUri[format].decode(bytes)).toBe(lone);
    });
  }
});
