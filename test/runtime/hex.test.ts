import { describe, expect, it } from "vitest";
import { CodecError, fromHex, toHex } from "../../src/runtime/index.js";

describe("hex", () => {
  it("toHex writes lower-case pairs", () => {
    expect(toHex(new Uint8Array([0, 1, 0x7f, 0x80, 0xab, 0xff]))).toBe("00017f80abff");
    expect(toHex(new Uint8Array(0))).toBe("");
  });

  it("fromHex accepts case, whitespace and a 0x prefix", () => {
    expect(Array.from(fromHex("00ff"))).toEqual([0, 255]);
    expect(Array.from(fromHex("0xABcd"))).toEqual([0xab, 0xcd]);
    expect(Array.from(fromHex("  0X9d 7f\n3e\t7d  "))).toEqual([0x9d, 0x7f, 0x3e, 0x7d]);
    expect(Array.from(fromHex("a b"))).toEqual([0xab]);
    expect(fromHex("").length).toBe(0);
    expect(fromHex("0x").length).toBe(0);
    expect(fromHex("  ").length).toBe(0);
  });

  it("round-trips", () => {
    const b = new Uint8Array(256).map((_, i) => i);
    expect(Array.from(fromHex(toHex(b)))).toEqual(Array.from(b));
  });

  it("rejects odd length and bad digits with the character index", () => {
    const odd = (() => {
      try {
        fromHex("0x abc");
      } catch (e) {
        return e;
      }
    })();
    expect(odd).toBeInstanceOf(CodecError);
    expect((odd as CodecError).reason).toBe("odd number of hex digits");
    expect((odd as CodecError).offset).toBe(5);

    expect(() => fromHex("0g")).toThrow(expect.objectContaining({ reason: 'invalid hex digit "g"', offset: 1 }));
    expect(() => fromHex("00 0x11")).toThrow(expect.objectContaining({ reason: 'invalid hex digit "x"', offset: 4 }));
    expect(() => fromHex("x0")).toThrow(CodecError);
  });
});
