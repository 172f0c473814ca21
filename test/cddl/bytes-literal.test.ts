import { describe, expect, it } from "vitest";
import type { BytesValue } from "../../src/cddl/ast.js";
import { decodeBytes } from "../../src/cddl/bytes-literal.js";

const lit = (encoding: BytesValue["encoding"], content: string): BytesValue => ({ kind: "bytes", encoding, content, at: { line: 1, col: 1 } });

describe("decodeBytes", () => {
  it("encodes unprefixed byte strings as UTF-8", () => {
    expect(decodeBytes(lit("utf8", "Domino's \u{1F073} + \u2318"))).toEqual({
      ok: true,
      bytes: Uint8Array.from(Buffer.from("446f6d696e6f277320f09f81b3202b20e28c98", "hex")),
    });
  });

  it("decodes hex, ignoring white space and comments (RFC 9682 Appendix A)", () => {
    expect(decodeBytes(lit("hex", "\n   43424F52 ; 'CBOR'\n   0A       ; LF, but don't use CR!\n"))).toEqual({
      ok: true,
      bytes: Uint8Array.of(0x43, 0x42, 0x4f, 0x52, 0x0a),
    });
    expect(decodeBytes(lit("hex", ""))).toEqual({ ok: true, bytes: new Uint8Array() });
  });

  it("rejects odd and non-hex content", () => {
    expect(decodeBytes(lit("hex", "012"))).toEqual({ ok: false, message: "h'..' has an odd number of hex digits (3)" });
    expect(decodeBytes(lit("hex", "0x12"))).toEqual({ ok: false, message: "\"x\" is not a hex digit (in h'..')" });
  });

  it("decodes base64 and base64url, with or without padding", () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0xbf);
    expect(decodeBytes(lit("base64", "+/+/"))).toEqual({ ok: true, bytes });
    expect(decodeBytes(lit("base64", "-_-_"))).toEqual({ ok: true, bytes });
    expect(decodeBytes(lit("base64", "AQ=="))).toEqual({ ok: true, bytes: Uint8Array.of(1) });
    expect(decodeBytes(lit("base64", "AQ ; one byte\n"))).toEqual({ ok: true, bytes: Uint8Array.of(1) });
  });

  it("rejects broken base64", () => {
    expect(decodeBytes(lit("base64", "A")).ok).toBe(false);
    expect(decodeBytes(lit("base64", "+/-_")).ok).toBe(false);
    expect(decodeBytes(lit("base64", "AQ=")).ok).toBe(false);
    expect(decodeBytes(lit("base64", "A*"))).toEqual({ ok: false, message: "\"*\" is not a base64 or base64url character (in b64'..')" });
  });
});
