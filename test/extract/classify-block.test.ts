import { describe, expect, it } from "vitest";
import { classifyContent, langFromInfo, langFromPath, looksLikeCddl, looksLikeTpl } from "../../src/extract/index.js";

describe("langFromInfo", () => {
  it.each([
    ["tls", "tpl"],
    ["TLS", "tpl"],
    ["tls-presentation", "tpl"],
    ["Tls-Presentation {: #x}", "tpl"],
    ["cddl", "cddl"],
    ["CDDL", "cddl"],
    ["cddlx", "other"],
    ["CDDLx", "other"],
    ["edn", "edn"],
    ["cbor-diag", "edn"],
    ["CBORdiag", "edn"],
    ["cbor-edn", "edn"],
    ["diag", "edn"],
    ["CBORdiags", "other"],
    ["cbor-pretty", "other"],
    ["", "other"],
    ["c++", "other"],
    ["cddl title=x", "cddl"],
  ] as const)("%j -> %s", (info, lang) => {
    expect(langFromInfo(info)).toBe(lang);
  });
});

describe("langFromPath", () => {
  it.each([
    ["a/b/mimi-content.cddl", "cddl"],
    ["examples/original.edn", "edn"],
    ["x.diag", "edn"],
    ["x.tls", "tpl"],
    ["x.TLS", "tpl"],
    ["cddl.abnf", "other"],
    ["cddl.prelude", "other"],
    ["noext", "other"],
  ] as const)("%s -> %s", (p, lang) => {
    expect(langFromPath(p)).toBe(lang);
  });
});

describe("looksLikeTpl", () => {
  it.each([
    "struct {\n  uint8 a;\n} A;",
    "enum { a(0), (255) } E;",
    "opaque x<0..2^16-1>;",
    "opaque random[32];",
    "uint16 length = Length;",
    "} Name;",
    "select (Handshake.msg_type) {\n}",
  ])("yes: %j", (t) => expect(looksLikeTpl(t)).toBe(true));
  it.each([
    "CF 21 AD 74 E5 9A 61 11",
    "0x00       optional replaces (present = 0)\n  /* NestablePart struct (body)*/",
    "Transcript-Hash(M1, M2, ... Mn) = Hash(M1 || M2)",
    "T T'<floor..ceiling>;",
    "a = [* int]",
  ])("no: %j", (t) => expect(looksLikeTpl(t)).toBe(false));
});

describe("looksLikeCddl", () => {
  it("accepts rules with comments and continuation lines", () => {
    expect(looksLikeCddl('start = [a, b]\n; comment\na = "x"   ; trailing\nb = {\n  ? c: int\n}')).toBe(true);
  });
  it("rejects ABNF", () => {
    expect(looksLikeCddl("text = %x22 *SCHAR %x22")).toBe(false);
    expect(looksLikeCddl('type2 =/ "#" "6"')).toBe(false);
    expect(looksLikeCddl("; ABNF from RFC 8610:\ncddl = S 1*(rule S)")).toBe(false);
    expect(looksLikeCddl("cddl = S *(rule S)")).toBe(false);
    expect(looksLikeCddl("uint = DIGIT1 *DIGIT")).toBe(false);
  });
  it("rejects prose", () => {
    expect(looksLikeCddl("This is a sentence.\nAnd another = one.")).toBe(false);
  });
  it("classifyContent prefers tpl, then cddl only when asked", () => {
    expect(classifyContent("struct { uint8 a; } A;", { cddl: true })).toBe("tpl");
    expect(classifyContent("a = int", { cddl: true })).toBe("cddl");
    expect(classifyContent("a = int", { cddl: false })).toBe("other");
  });
});
