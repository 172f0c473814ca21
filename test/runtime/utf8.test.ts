import { describe, expect, it } from "vitest";
import { CodecError, fromHex, shortAscii, utf8Decode, utf8Encode, utf8Length } from "../../src/runtime/index.js";

const encoder = new TextEncoder();

/** Deterministic PRNG (mulberry32) so failures are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random UTF-16 strings biased towards the interesting classes, including lone and reversed surrogates. */
function randomString(rand: () => number, maxLen: number): string {
  const len = Math.floor(rand() * maxLen);
  let s = "";
  for (let i = 0; i < len; i++) {
    const k = rand();
    if (k < 0.3) s += String.fromCharCode(Math.floor(rand() * 0x80));
    else if (k < 0.45) s += String.fromCharCode(0x80 + Math.floor(rand() * 0x780));
    else if (k < 0.6) s += String.fromCharCode(0x800 + Math.floor(rand() * (0xd800 - 0x800)));
    else if (k < 0.7) s += String.fromCharCode(0xe000 + Math.floor(rand() * 0x2000));
    else if (k < 0.82) s += String.fromCodePoint(0x10000 + Math.floor(rand() * 0x100000));
    else if (k < 0.91) s += String.fromCharCode(0xd800 + Math.floor(rand() * 0x400)); // lone high
    else s += String.fromCharCode(0xdc00 + Math.floor(rand() * 0x400)); // lone low
  }
  return s;
}

function decodeError(hex: string, offset = 0): CodecError {
  try {
    utf8Decode(fromHex(hex), offset);
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error(`expected ${hex} to be rejected`);
}

describe("utf8Length", () => {
  it("matches TextEncoder on fixed edge cases", () => {
    for (const s of ["", "a", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff", "\ud800", "\udfff", "\ud800\udc00", "\udc00\ud800", "\ud83d\ude00x", "x\ud83d", "\udbff\udfff"]) {
      expect(utf8Length(s), JSON.stringify(s)).toBe(encoder.encode(s).length);
    }
  });

  it("matches TextEncoder on pseudo-random strings, short and long", () => {
    const rand = prng(0x5eed);
    for (let i = 0; i < 3000; i++) {
      const s = randomString(rand, i % 3 === 0 ? 400 : 40);
      expect(utf8Length(s)).toBe(encoder.encode(s).length);
    }
  });
});

describe("utf8Encode / utf8Decode", () => {
  it("round-trips pseudo-random well-formed strings", () => {
    const rand = prng(42);
    for (let i = 0; i < 2000; i++) {
      // Lone surrogates become U+FFFD, the only strings UTF-8 can carry exactly.
      const s = new TextDecoder().decode(encoder.encode(randomString(rand, i % 4 === 0 ? 300 : 20)));
      const b = utf8Encode(s);
      expect(b.length).toBe(utf8Length(s));
      expect(utf8Decode(b, 0)).toBe(s);
    }
  });

  it("keeps a leading BOM", () => {
    expect(utf8Decode(fromHex("efbbbf61"), 0)).toBe("\ufeffa");
  });

  it("decodes short ASCII and short multibyte input", () => {
    expect(utf8Decode(new Uint8Array(0), 0)).toBe("");
    expect(utf8Decode(fromHex("61"), 0)).toBe("a");
    expect(utf8Decode(fromHex("c3a9"), 0)).toBe("é");
    expect(utf8Decode(fromHex("f48fbfbf"), 0)).toBe("\u{10ffff}");
  });

  it("rejects ill-formed input at base offset + index of the bad sequence", () => {
    const cases: [string, number][] = [
      ["c0af", 0], // overlong 2-byte
      ["c1bf", 0], // overlong 2-byte
      ["e080af", 0], // overlong 3-byte
      ["f08080af", 0], // overlong 4-byte
      ["80", 0], // lone continuation
      ["61bf62", 1], // lone continuation mid-string
      ["eda080", 0], // surrogate U+D800
      ["edbfbf", 0], // surrogate U+DFFF
      ["f4908080", 0], // > U+10FFFF
      ["f5808080", 0], // invalid lead
      ["ff", 0],
      ["6162e6", 2], // truncated at end
      ["61e66162", 1], // truncated by an ASCII byte
      ["c3a9c3", 2], // valid then truncated
      ["6161616161616161616161616161616161616161c0af", 20], // long input, native path
    ];
    for (const [hex, at] of cases) {
      const e = decodeError(hex, 100);
      expect(e.reason, hex).toBe("invalid UTF-8");
      expect(e.offset, hex).toBe(100 + at);
      // Behind valid text the blame must move too (not just default to the start).
      expect(decodeError("c3a9" + hex, 100).offset, hex).toBe(102 + at);
    }
  });

  it("accepts the boundaries of each sequence class", () => {
    for (const cp of [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff]) {
      const s = String.fromCodePoint(cp);
      expect(utf8Decode(encoder.encode(s), 0)).toBe(s);
    }
  });
});

describe("shortAscii (short text without the native decoder)", () => {
  it("gives the decoded text of ASCII runs of every length up to 64, and null as soon as a byte is not ASCII", () => {
    const rand = prng(13);
    for (let len = 0; len <= 64; len++) {
      for (let k = 0; k < 20; k++) {
        const b = Uint8Array.from({ length: len + 6 }, () => 0x20 + Math.floor(rand() * 0x5f));
        const [p, e] = [3, 3 + len];
        expect(shortAscii(b, p, e)).toBe(new TextDecoder().decode(b.subarray(p, e)));
        if (len === 0) continue;
        const bad = b.slice();
        bad[p + Math.floor(rand() * len)] = 0x80 + Math.floor(rand() * 0x80);
        expect(shortAscii(bad, p, e)).toBe(null);
        // a non-ASCII byte just outside the range changes nothing
        bad.set(b.subarray(p, e), p);
        bad[p - 1] = 0xff;
        bad[e] = 0xff;
        expect(shortAscii(bad, p, e)).toBe(new TextDecoder().decode(b.subarray(p, e)));
      }
    }
  });
});
