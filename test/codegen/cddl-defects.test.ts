import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { compileWithImports } from "../../src/compile/compile-set.js";
import type { LoadedSchema } from "../../src/cli/load-schema.js";
import { cddlSchemaFromText, decodeWithOffsets, validate } from "../../src/validate/index.js";
import { cborDecodeFailure, cborRoundTrip, codecsOf, failure, hex, loadSource, toHex } from "./helpers.js";

/**
 * One regression test per defect that the CDDL-codegen issue listed, each
 * in the smallest CDDL that showed it. Every rule is compiled in one
 * document, as a user's draft would hold them together.
 */
vi.mock("prettier", () => ({ format: (text: string) => Promise.resolve(text) }));

const CDDL = `
foo-bar = uint
Hy = { my-key: uint, ? other-key: tstr }
N = nint
L = int .lt 100
R = -10..10
Ctx = "Signature" / "Signature1"
B = h'0102'
HM = { ? 1 => int, ? ( 5 => bstr // 6 => bstr ), * int => any }
GT = [ Pair, Pair ]
Pair = ( k: int, v: tstr )
Seq = ( a: int, b: tstr )
Lit = 42
$eid /= uint
$eid /= tstr
UseEid = [ $eid ]
Base = { x: int }
Ext = { ~Base, y: tstr }
TwoRest = { * int => tstr, * tstr => int }
Sz = bstr .size (2..4)
Plus = uint .le (3 .plus 5)
Bundle = [tstr, * int]
OptFirst = [? a: tstr, b: int]
Thing = true
F16 = float16
object = uint
Rec = int / [* Rec]
Tag38 = text .regexp "[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*"
Evil = text .regexp "(a+)+b"
`;

describe("CDDL constructs that were crashes, silent drops or wrong wire formats", () => {
  let s: LoadedSchema;
  const c = (name: string) => codecsOf(s, name).cbor;
  beforeAll(async () => {
    s = await loadSource(CDDL, "cddl");
  }, 60_000);

  it("hyphenated rule and member names compile; the member keeps its wire name", () => {
    cborRoundTrip(c("foo-bar"), 5n, "05");
    cborRoundTrip(c("Hy"), { "my-key": 1n }, "a1 66 6d792d6b6579 01");
  });

  it("negative integer bounds: nint, int .lt 100, -10..10", () => {
    cborRoundTrip(c("N"), -3n, "22");
    expect(failure(() => c("N").encode(0n)).reason).toMatch(/0/);
    cborRoundTrip(c("L"), -200n, "38 c7");
    expect(cborDecodeFailure(c("L"), "18 64").reason).toBe("value 100 is above 99");
    cborRoundTrip(c("R"), -10n, "29");
    expect(failure(() => c("R").encode(11n)).reason).toBe("value 11 is above 10");
  });

  it("text and byte literals as types", () => {
    cborRoundTrip(c("Ctx"), "Signature1", "6a 5369676e617475726531");
    expect(cborDecodeFailure(c("Ctx"), "63 616263")).toEqual({ reason: "no option of the union has this value: \"abc\"", offset: 0, path: "Ctx" });
    cborRoundTrip(c("B"), hex("0102"), "42 0102");
    expect(() => c("B").decode(hex("42 0103"))).toThrow();
  });

  it("a group choice inside a map (COSE's header_map)", () => {
    cborRoundTrip(c("HM"), { key1: 1n, key5: hex("aa"), rest: new Map() }, "a2 01 01 05 41aa");
    const six = c("HM").decode(hex("a1 06 41bb"));
    expect(six.key6).toEqual(hex("bb"));
  });

  it("groups used as types, a group rule as a CBOR sequence, a literal-valued rule", () => {
    const gt = c("GT").decode(hex("84 01 6161 02 6162"));
    expect(toHex(c("GT").encode(gt))).toBe("84016161026162");
    cborRoundTrip(c("Seq"), { a: 1n, b: "x" }, "01 61 78");
    cborRoundTrip(c("Lit"), 42, "18 2a");
    expect(cborDecodeFailure(c("Lit"), "18 2b").offset).toBe(0);
  });

  it("a socket with non-literal plugs, an unwrapped map, two `* key => value` entries", () => {
    cborRoundTrip(c("UseEid"), { eid: "x" }, "81 61 78");
    cborRoundTrip(c("UseEid"), { eid: 7n }, "81 07");
    cborRoundTrip(c("Ext"), { x: 1n, y: "a" }, "a2 61 78 01 61 79 61 61");
    const two = c("TwoRest").decode(hex("a2 01 61 61 61 62 02"));
    expect(toHex(c("TwoRest").encode(two))).toBe("a2016161616202");
    expect(() => c("TwoRest").decode(hex("a1 01 02"))).toThrow();
  });

  it(".size with a range and .plus are enforced", () => {
    cborRoundTrip(c("Sz"), hex("0102"), "42 0102");
    expect(failure(() => c("Sz").encode(hex("01"))).reason).toBe("length 1 outside 2..4");
    cborRoundTrip(c("Plus"), 8n, "08");
    expect(cborDecodeFailure(c("Plus"), "09").reason).toBe("value 9 is above 8");
  });

  it("[tstr, * int] is one flat array; [? a, b] does not demand a; `true` refuses false; float16 refuses 1.6", () => {
    const bundle = c("Bundle").decode(hex("83 6161 01 02"));
    expect(toHex(c("Bundle").encode(bundle))).toBe("83616101" + "02");
    expect(() => c("Bundle").decode(hex("82 6161 82 01 02"))).toThrow();
    cborRoundTrip(c("OptFirst"), { b: 1n }, "81 01");
    expect(failure(() => c("Thing").encode(false)).reason).toMatch(/expected true/);
    expect(cborDecodeFailure(c("Thing"), "f4").offset).toBe(0);
    expect(failure(() => c("F16").encode(1.6)).reason).toMatch(/not a float16/);
    cborRoundTrip(c("F16"), 1.5, "f9 3e00");
  });

  it(".regexp is enforced by both codecs, as XSD expressions match (whole text, no anchors), in linear time", () => {
    cborRoundTrip(c("Tag38"), "en-GB", "65 656e2d4742");
    expect(failure(() => c("Tag38").encode("en_GB")).reason).toMatch(/does not match the \.regexp/);
    expect(cborDecodeFailure(c("Tag38"), "63 652d").offset).toBe(0);
    expect(failure(() => codecsOf(s, "Tag38").tpl.encode("toolongtag")).reason).toMatch(/does not match/);
    // a pattern that backtracks exponentially in a JS RegExp: 5,000 characters are refused at once
    expect(failure(() => c("Evil").encode("a".repeat(5000))).reason).toMatch(/does not match/);
  });

  it("a rule named with a reserved word is generated under a safe name, not dropped", () => {
    expect(s.module.object$).toBeDefined();
    cborRoundTrip(c("object"), 3n, "03");
  });

  it("maxDepth holds through recursion that passes a union (t = int / [* t])", () => {
    const f = cborDecodeFailure(c("Rec"), "81 81 81 81 81 81 81 00", { maxDepth: 4 });
    expect(f.reason).toMatch(/nesting depth exceeds 4/);
    expect(c("Rec").decode(hex("81 81 00"), { maxDepth: 4 })).toEqual([[0n]]);
  });
});

describe("diagnostics that were wrong or missing", () => {
  const compile = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "mimi-defects-")), "d.cddl");
    writeFileSync(file, text);
    return compileWithImports(file);
  };

  it("an undefined name is reported once", () => {
    const c = compile("a = [b]\n");
    expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual(["cddl/undefined-name b is not defined"]);
  });

  it("a tag or choice around a rule that does not compile is itself not compiled (no call to a missing reader)", () => {
    const c = compile("a = #6.98(b)\nu = b / uint\nb = [undefined-name]\n");
    expect(c.broken.has("a")).toBe(true);
    expect(c.broken.has("u")).toBe(true);
  });
});

describe("the validator follows RFC 8610's PEG semantics", () => {
  const check = (cddl: string, rule: string, bytes: string) => validate(cddlSchemaFromText(cddl), rule, decodeWithOffsets(hex(bytes)).item)
      .filter((m) => m.severity === "error")
      .map((m) => m.message);

  it("[* int, int] does not give back an item the star took: [1] is refused", () => {
    expect(check("a = [* int, int]\n", "a", "81 01").length).toBeGreaterThan(0);
  });

  it("a choice is prioritised: once the first option matches, the second is not tried when what follows fails", () => {
    expect(check("a = [(x: int, y: int // x: int), int]\n", "a", "82 01 02").length).toBeGreaterThan(0);
    expect(check("a = [(x: int // x: int, y: int), int]\n", "a", "82 01 02")).toEqual([]);
  });

  it("a range between an integer and a float (1..10e1, undefined in RFC 8610) is an error, whatever the item", () => {
    expect(check("a = 1..10e1\n", "a", "05").join()).toMatch(/mixes an integer and a float bound/);
    expect(check("a = 1..10e1\n", "a", "f9 4500").join()).toMatch(/mixes an integer and a float bound/);
  });
});
