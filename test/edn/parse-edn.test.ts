import { describe, expect, it } from "vitest";
import { cborToEdn } from "../../src/edn/cbor-to-edn.js";
import { EdnError, ednToCbor } from "../../src/edn/edn-to-cbor.js";
import { parseEdn } from "../../src/edn/parse-edn.js";
import { toHex } from "../../src/runtime/hex.js";

const hex = (edn: string): string => toHex(ednToCbor(edn));
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, "hex"));

function errorOf(edn: string): { message: string; line: number; col: number } {
  const { errors } = parseEdn(edn);
  expect(errors.length, `expected an error for ${edn}`).toBeGreaterThan(0);
  const e = errors[0]!;
  return { message: e.message, line: e.at.line, col: e.at.col };
}

describe("EDN numbers", () => {
  it.each([
    ["0x1f", "181f"],
    ["0X1F", "181f"],
    ["-0x10", "2f"],
    ["0o17", "0f"],
    ["0b101", "05"],
    ["-0b1", "20"],
    ["-0", "00"],
    ["0x1.8p1", "f94200"],
    ["-0x1p-2", "f9b400"],
    ["0x.8p0", "f93800"],
    ["1e3", "f963d0"],
    ["1.5e-1", "fb3fc3333333333333"],
    ["-NaN", "f97e00"],
    ["340282366920938463463374607431768211456", "c25101" + "00".repeat(16)],
  ])("%s -> %s", (edn, h) => {
    expect(hex(edn)).toBe(h);
  });
});

describe("encoding indicators (RFC 8949 section 8.1)", () => {
  it.each([
    ["0_i", "00"],
    ["0_0", "1800"],
    ["0_1", "190000"],
    ["0_2", "1a00000000"],
    ["0_3", "1b0000000000000000"],
    ["1_0", "1801"],
    ["-1_0", "3800"],
    ["-24_i", "37"],
    ["1.5_1", "f93e00"],
    ["1.5_2", "fa3fc00000"],
    ["1.5_3", "fb3ff8000000000000"],
    ["0.0_3", "fb0000000000000000"],
    ['"a"_0', "780161"],
    ["h'01'_1", "59000101"],
    ["'a'_2", "5a0000000161"],
    ["[_0 1]", "980101"],
    ["[_1]", "990000"],
    ["{_1 1: 2}", "b900010102"],
    ["24_1(h'')", "d9001840"],
    ["1_3(0)", "db000000000000000100"],
    ["simple(16)_i", "f0"],
    ["simple(255)_0", "f8ff"],
    ["''_", "5fff"],
    ['""_', "7fff"],
    ["(_ h'01'_0, h'02')", "5f5801014102ff"],
    ['(_ "a", "b"_1)', "7f616179000162ff"],
    ["[_ ]", "9fff"],
    ["{_ }", "bfff"],
    ["[_ [_ ], {_ }]", "9f9fffbfffff"],
  ])("%s -> %s", (edn, h) => {
    expect(hex(edn)).toBe(h);
  });

  it.each([
    ["24_i", 1, 3, "does not fit"],
    ["256_0", 1, 4, "does not fit"],
    ["1.1_1", 1, 4, "not exactly representable as a half"],
    ["1.1_2", 1, 4, "single"],
    ["1.5_0", 1, 4, "does not apply to a float"],
    ["1_", 1, 2, "indefinite"],
    ["1_7", 1, 2, "unknown encoding indicator _7"],
    ["'ab'_", 1, 5, "only an empty string"],
    ["[_i 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]", 1, 2, "length 24 does not fit"],
    ["simple(16)_0", 1, 11, "does not fit simple(16)"],
    ["simple(24)", 1, 8, "out of range"],
    ["'a'_0 'b'", 1, 4, "after the last part"],
  ])("%s is an error at %i:%i (%s)", (edn, line, col, message) => {
    const e = errorOf(edn);
    expect(e.message).toContain(message);
    expect([e.line, e.col]).toEqual([line, col]);
  });
});

describe("EDN strings", () => {
  it.each([
    ['"\\u{1F600}"', "64f09f9880"],
    ['"a\\/b\\n"', "64612f620a"],
    ["'it\\'s'", "4469742773"],
    ["'\\u00fc'", "42c3bc"],
    ["h'01 02\n 0 3'", "43010203"],
    ["h'01 / one / 02 # two\n 03'", "43010203"],
    ["h''", "40"],
    ["h'ABcd'", "42abcd"],
    ["b64'AQID'", "43010203"],
    ["b64'AQI='", "420102"],
    ["b64'-_8'", "42fbff"],
    ["b64'+/8='", "42fbff"],
    ["b64'AQ ID'", "43010203"],
    ["b32'AEBAG==='", "43010203"],
    ["b32'AEBAG'", "43010203"],
    ["h32'04106'", "43010203"],
    ["<<1, 2>>", "420102"],
    ["<< [1, <<2>>] >>", "4482014102"],
    ["<<>>", "40"],
  ])("%s -> %s", (edn, h) => {
    expect(hex(edn)).toBe(h);
  });

  // RFC 8610 Appendix G.4: these all equal "Hello world" / 'Hello world'.
  it.each(['"Hello world"', '"Hello " "world"', "\"Hello\" h'20' \"world\"", "\"\" h'48656c6c6f20776f726c64' \"\""])(
    "%s is the text string Hello world",
    (edn) => {
      expect(hex(edn)).toBe("6b48656c6c6f20776f726c64");
    },
  );
  it.each([
    "'Hello world'",
    "'Hello ' 'world'",
    "'Hello ' h'776f726c64'",
    "'Hello' h'20' 'world'",
    "'' h'48656c6c6f20776f726c64' '' b64''",
    "h'4 86 56c 6c6f' h' 20776 f726c64'",
    "'Hello' + ' ' + 'world'",
    "'Hello' /c/ ' world'",
    "'Hello' # c\n ' world'",
  ])("%s is the byte string Hello world", (edn) => {
    expect(hex(edn)).toBe("4b48656c6c6f20776f726c64");
  });

  it("keeps // inside strings (the drafts' .diag generator did not)", () => {
    expect(parseEdn('32("https://example.com/a/b")').items).toEqual([
      { type: "tag", tag: 32n, item: { type: "text", value: "https://example.com/a/b" } },
    ]);
  });

  it.each([
    ["h'012'", 1, 1, "odd number of hex digits"],
    ["h'0g'", 1, 4, "Expected"],
    ["b64'A'", 1, 5, "invalid b64"],
    ["b64'AQ-/'", 1, 5, "invalid b64"],
    ["b32'AEBAH'", 1, 5, "invalid b32"],
    ["xyz'1'", 1, 1, "unsupported app-string prefix xyz"],
    ['"\\q"', 1, 2, "invalid escape \\q"],
    ['"\\ud800"', 1, 2, "invalid \\u escape"],
    ["'\\udc00'", 1, 2, "invalid \\u escape"],
    ['"\\u{110000}"', 1, 2, "invalid \\u escape"],
    ["\"a\" h'ff'", 1, 1, "not valid UTF-8"],
    ["'a' \"b\"", 1, 5, "text string cannot be concatenated to a byte string"],
    ['(_ "a", h\'01\')', 1, 1, "text strings or all byte strings"],
    ["(_ )", 1, 1, "empty (_ ) has no type"],
    ["(_ ''_)", 1, 6, "cannot itself be indefinite"],
    ["h'01 # comment closes nothing'", 1, 31, "Expected"],
  ])("%s is an error at %i:%i (%s)", (edn, line, col, message) => {
    const e = errorOf(edn);
    expect(e.message).toContain(message);
    expect([e.line, e.col]).toEqual([line, col]);
  });
});

describe("EDN structure", () => {
  it("reads comments of both styles wherever blanks may go", () => {
    expect(hex("/a/ [ /b/ 1 /c/ , # d\n 2 # e\n ] # f")).toBe("820102");
    expect(hex("{ # k\n 1 / x / : / y / 2 }")).toBe("a10102");
    expect(hex("1(/c/ 2 # d\n)")).toBe("c102");
  });

  it("accepts trailing commas", () => {
    expect(hex("[1, 2,]")).toBe("820102");
    expect(hex("{1: 2, }")).toBe("a10102");
    expect(hex("(_ h'01', )")).toBe("5f4101ff");
    expect(parseEdn("1, 2,").items.length).toBe(2);
  });

  it("reads a sequence (RFC 8742)", () => {
    const r = parseEdn("1, [2], \"x\"");
    expect(r.errors).toEqual([]);
    expect(r.items.length).toBe(3);
    expect(hex("1, [2], \"x\"")).toBe("0181026178");
    expect(parseEdn("").items).toEqual([]);
    expect(parseEdn("  # nothing\n").items).toEqual([]);
  });

  it("reads tags, simple values and keywords", () => {
    expect(hex("0x20(\"a\")")).toBe("d8206161");
    expect(hex("[false, true, null, undefined, simple(0), simple(0x20)]")).toBe("86f4f5f6f7e0f820");
    expect(hex("18446744073709551615(0)")).toBe("dbffffffffffffffff00");
  });

  it("reports syntax errors with line and column", () => {
    expect(errorOf("[1, 2")).toMatchObject({ line: 1, col: 6 });
    expect(errorOf("[\n  1,\n  2\n  3\n]")).toMatchObject({ line: 4, col: 3 });
    expect(errorOf("{1: 2, 3}")).toMatchObject({ line: 1, col: 9 });
    expect(errorOf("[1 2]")).toMatchObject({ line: 1, col: 4 });
    expect(errorOf("1abc")).toMatchObject({ line: 1, col: 2 });
    expect(errorOf("/ unterminated")).toMatchObject({ line: 1, col: 1 });
    expect(errorOf("18446744073709551616(0)")).toMatchObject({ line: 1, col: 1, message: expect.stringContaining("beyond 64 bits") });
  });

  it("reports every semantic error, in order, and still returns the items", () => {
    const r = parseEdn("[h'1',\n 24_i,\n 3]");
    expect(r.errors.map((e) => e.at)).toEqual([
      { line: 1, col: 2 },
      { line: 2, col: 4 },
    ]);
    expect(r.items.length).toBe(1);
  });

  it("ednToCbor throws EdnError with line and column", () => {
    let err: unknown;
    try {
      ednToCbor("[1,\n  h'0']");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EdnError);
    expect(err).toMatchObject({ name: "EdnError", line: 2, col: 3 });
    expect((err as Error).message).toMatch(/odd number of hex digits \(1\) at line 2, column 3$/);
  });
});

describe("cborToEdn", () => {
  it.each([
    ["190000", "0_1"],
    ["1800", "0_0"],
    ["3800", "-1_0"],
    ["fa3fc00000", "1.5_2"],
    ["fb3ff8000000000000", "1.5_3"],
    ["780161", '"a"_0'],
    ["5f5801014102ff", "(_ h'01'_0, h'02')"],
    ["5fff", "''_"],
    ["7fff", '""_'],
    ["980101", "[_0 1]"],
    ["990000", "[_1 ]"],
    ["b900010102", "{_1 1: 2}"],
    ["d9001840", "24_1(h'')"],
    ["f8ff", "simple(255)"],
    ["f0", "simple(16)"],
    ["f90001", "5.960464477539063e-8"],
    ["fb7e37e43c8800759c", "1.0e+300"],
    ["c249010000000000000000", "2(h'010000000000000000')"],
    ["0102", "1, 2"],
  ])("%s -> %s", (h, edn) => {
    expect(cborToEdn(fromHex(h))).toBe(edn);
    expect(hex(edn)).toBe(h);
  });

  it("writes a pretty multi-line form that reads back", () => {
    const bytes = ednToCbor('{"a": [1, {"b": h\'0102\'}], "c": \'line one\\nline two\', "d": []}');
    const pretty = cborToEdn(bytes, { pretty: true });
    expect(pretty).toBe(`{
  "a": [
    1,
    {"b": h'0102'}
  ],
  "c": 'line one\\nline two',
  "d": []
}`);
    expect(ednToCbor(pretty)).toEqual(bytes);
  });

  it("splits long strings in the pretty form", () => {
    const long = "x".repeat(100) + " " + "y".repeat(100);
    for (const edn of [JSON.stringify(long), `'${long}'`, `h'${"ab".repeat(100)}'`]) {
      const bytes = ednToCbor(`[${edn}]`);
      const pretty = cborToEdn(bytes, { pretty: true });
      expect(Math.max(...pretty.split("\n").map((l) => l.length))).toBeLessThanOrEqual(80);
      expect(ednToCbor(pretty)).toEqual(bytes);
    }
  });

  it("writes the annotated form of the drafts' .pretty files", () => {
    // Comments line up one column after the longest line, at most at column 40.
    expect(cborToEdn(fromHex("9f018202039f0405ffff"), { annotate: true })).toBe(
      [
        "9f       # array(*)",
        "   01    # unsigned(1)",
        "   82    # array(2)",
        "      02 # unsigned(2)",
        "      03 # unsigned(3)",
        "   9f    # array(*)",
        "      04 # unsigned(4)",
        "      05 # unsigned(5)",
        "      ff # primitive(*)",
        "   ff    # primitive(*)",
        "",
      ].join("\n"),
    );
    expect(cborToEdn(fromHex("82f963414e3b00000001000000004400ff0a1b"), { annotate: true })).toBe(
      [
        "82                                 # array(2)",
        "   f9 6341                         # primitive(25409)",
        "   4e                              # bytes(14)",
        '      3b00000001000000004400ff0a1b # ";\\u0000\\u0000\\u0000\\u0001\\u0000\\u0000\\u0000\\u0000D\\u0000\\xFF\\n\\e"',
        "",
      ].join("\n"),
    );
    // A sequence: each item is aligned on its own.
    expect(cborToEdn(fromHex("d818c1fb41d452d9ec2000007f6161ff"), { annotate: true })).toBe(
      [
        "d8 18                     # tag(24)",
        "   c1                     # tag(1)",
        "      fb 41d452d9ec200000 # primitive(4743507403450875904)",
        "7f       # text(*)",
        "   61    # text(1)",
        '      61 # "a"',
        "   ff    # primitive(*)",
        "",
      ].join("\n"),
    );
  });

  it("shows strings in the annotated form as JSON when UTF-8, else inspect-style", () => {
    const show = (h: string): string => cborToEdn(fromHex(h), { annotate: true }).split("\n")[1]!.replace(/^.*? # /, "");
    expect(show("6922615c0a0109c3bc7f")).toBe('"\\"a\\\\\\n\\u0001\\tü\u007f"');
    expect(show("47ff22235c237b07")).toBe('"\\xFF\\"#\\\\\\#{\\a"');
    expect(show("45f1aeaf8aff")).toBe('"\\u{6EBCA}\\xFF"');
    expect(show("43e28ae2")).toBe('"\\xE2\\x8A\\xE2"');
  });

  it("throws the decoder's error on malformed CBOR", () => {
    expect(() => cborToEdn(fromHex("82"))).toThrow();
    expect(() => cborToEdn(fromHex("1c"))).toThrow();
  });
});
