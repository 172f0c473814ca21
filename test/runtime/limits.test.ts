import { describe, expect, it } from "vitest";
import * as main from "../../generated/mimi-content-main/index.js";
import * as mls from "../../generated/rfc9420/index.js";
import { CodecError } from "../../src/runtime/index.js";

/**
 * Decode limits (README "Runtime rules"): maxSize, maxLength, maxCount and
 * maxDepth, in both formats, each failing with a CodecError at the offending
 * item; and the mimi-content documents' defaults from the draft's Security
 * Considerations (at most 4 levels of parts, 1024 items per array), which a
 * decode's own options override.
 */

const single = (text: string): main.NestedPart => ({ disposition: "render", language: "en", cardinality: "single", contentType: "text/plain", content: new TextEncoder().encode(text) });
const multi = (parts: main.NestedPart[]): main.NestedPart => ({ disposition: "render", language: "", cardinality: "multi", partSemantics: "processAll", parts });
const nest = (levels: number): main.NestedPart => (levels === 1 ? single("x") : multi([nest(levels - 1), single("y")]));

function codecError(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error("expected a CodecError");
}

describe("the mimi-content documents' default limits (DOCUMENT_LIMITS)", () => {
  it("are the Security Considerations' numbers", () => {
    expect(main.DOCUMENT_LIMITS).toEqual({ maxDepth: 4, maxCount: 1024 });
  });

  for (const format of ["tpl", "cbor"] as const) {
    it(`${format}: 4 levels of parts decode, 5 do not unless the decode allows more`, () => {
      const codec = main.NestedPart[format];
      expect(codec.decode(codec.encode(nest(4)))).toEqual(nest(4));
      // the encoder keeps to the same limits: it never writes what its decoder refuses
      expect(codecError(() => codec.encode(nest(5))).message).toMatch(/nests deeper than maxDepth 4/);
      const five = codec.encode(nest(5), { maxDepth: 5 });
      expect(codec.decode(five, { maxDepth: 5 })).toEqual(nest(5));
      const e = codecError(() => codec.decode(five));
      expect(e.message).toMatch(/nesting depth exceeds 4/);
      expect(e.path).toBe("NestedPart.parts[0].parts[0].parts[0].parts[0]");
    });

    it(`${format}: 1024 parts in one multipart decode, 1025 do not unless the decode allows more`, () => {
      const codec = main.NestedPart[format];
      const many = (n: number) => multi(Array.from({ length: n }, () => single("")));
      expect((codec.decode(codec.encode(many(1024))) as { parts: unknown[] }).parts).toHaveLength(1024);
      expect(codecError(() => codec.encode(many(1025))).message).toMatch(/1025 elements exceed maxCount 1024/);
      const bytes = codec.encode(many(1025), { maxCount: 2000 });
      expect((codec.decode(bytes, { maxCount: 2000 }) as { parts: unknown[] }).parts).toHaveLength(1025);
      const e = codecError(() => codec.decode(bytes));
      expect(e.message).toMatch(/maxCount/);
      expect(e.path).toMatch(/^NestedPart(\.parts)?/);
    });
  }
});

describe("limits given to a decode", () => {
  const value = single("hello, world");
  for (const format of ["tpl", "cbor"] as const) {
    const codec = main.NestedPart[format];
    const bytes = codec.encode(value);

    it(`${format}: maxSize refuses a longer input before reading it`, () => {
      expect(codec.decode(bytes, { maxSize: bytes.length })).toEqual(value);
      const e = codecError(() => codec.decode(bytes, { maxSize: bytes.length - 1 }));
      expect(e.message).toBe(`input of ${bytes.length} bytes exceeds maxSize ${bytes.length - 1} at offset ${bytes.length - 1} (NestedPart)`);
    });

    it(`${format}: maxLength refuses a longer byte or text string, at that string`, () => {
      expect(codec.decode(bytes, { maxLength: 12 })).toEqual(value);
      const e = codecError(() => codec.decode(bytes, { maxLength: 11 }));
      expect(e.message).toMatch(/exceeds maxLength 11/);
      expect(e.path).toBe("NestedPart.content");
    });
  }

  it("CBOR: maxCount also bounds indefinite-length arrays, counted as they are read", () => {
    const codec = main.NestedPart.cbor;
    const definite = codec.encode(multi([single("a"), single("b"), single("c")]));
    // the parts array head 0x83 -> 0x9f ... 0xff
    const i = definite.indexOf(0x83, 4);
    const indefinite = new Uint8Array([...definite.subarray(0, i), 0x9f, ...definite.subarray(i + 1), 0xff]);
    expect((codec.decode(indefinite, { maxCount: 3 }) as { parts: unknown[] }).parts).toHaveLength(3);
    const e = codecError(() => codec.decode(indefinite, { maxCount: 2 }));
    expect(e.message).toMatch(/more than 2 items \(maxCount\), at item 3/);
    expect(e.offset).toBe(i);
    expect(() => codec.decode(definite, { maxCount: 2 })).toThrow(/array of 3 items exceeds maxCount 2/);
  });

  it("TPL: maxCount bounds vectors of documents without defaults (RFC 9420)", () => {
    const caps: mls.Capabilities = { versions: ["mls10", "mls10", "mls10"], cipher_suites: [], extensions: [], proposals: [], credentials: [] };
    const bytes = mls.Capabilities.tpl.encode(caps);
    expect(mls.Capabilities.tpl.decode(bytes).versions).toHaveLength(3);
    const e = codecError(() => mls.Capabilities.tpl.decode(bytes, { maxCount: 2 }));
    expect(e.message).toMatch(/more than 2 elements \(maxCount\), at element 3/);
    expect(e.path).toBe("Capabilities.versions[3]");
  });

  it("a limit that is not a non-negative integer is refused", () => {
    const bytes = main.NestedPart.cbor.encode(value);
    for (const bad of [{ maxCount: -1 }, { maxLength: 1.5 }, { maxSize: Number.NaN }, { maxDepth: -2 }]) {
      expect(() => main.NestedPart.cbor.decode(bytes, bad), JSON.stringify(bad)).toThrow(/must be a non-negative integer/);
    }
  });
});
