import { describe, expect, it } from "vitest";
import { compileXsdRegexp } from "../../src/validate/index.js";

function matches(pattern: string, text: string): boolean {
  const r = compileXsdRegexp(pattern);
  if (!r.ok) throw new Error(r.message);
  const m = r.regexp.match(text);
  if (m === "budget") throw new Error("budget");
  return m;
}

describe("XSD regular expressions", () => {
  it("are anchored at both ends", () => {
    expect(matches("ab", "ab")).toBe(true);
    expect(matches("ab", "xab")).toBe(false);
    expect(matches("ab", "abx")).toBe(false);
    expect(matches("a|b", "a")).toBe(true);
    expect(matches("a|b", "ab")).toBe(false);
  });
  it("treat ^ and $ as ordinary characters", () => {
    expect(matches("a^b$", "a^b$")).toBe(true);
  });
  it("match . against anything but CR and LF", () => {
    expect(matches("a.c", "a\tc")).toBe(true);
    expect(matches("a.c", "a\nc")).toBe(false);
  });
  it("have XSD's \\s, \\d and \\w", () => {
    expect(matches("\\s", " ")).toBe(true);
    expect(matches("\\s", "\u00a0")).toBe(false); // JS \s would match a no-break space
    expect(matches("\\d+", "٣٤")).toBe(true); // Arabic-Indic digits are Nd
    expect(matches("\\w+", "héllo")).toBe(true);
    expect(matches("\\w", "-")).toBe(false);
    expect(matches("[\\w-]+", "a-b")).toBe(true);
  });
  it("have name characters \\i and \\c", () => {
    expect(matches("\\i\\c*", "_a.b-1")).toBe(true);
    expect(matches("\\i\\c*", "1a")).toBe(false);
  });
  it("subtract character classes", () => {
    expect(matches("[a-z-[aeiou]]+", "xyz")).toBe(true);
    expect(matches("[a-z-[aeiou]]+", "xaz")).toBe(false);
    expect(matches("[^a-z-[x]]", "x")).toBe(false);
  });
  it("keep quantifiers and categories", () => {
    expect(matches("a{2,3}", "aaa")).toBe(true);
    expect(matches("a{2,3}", "aaaa")).toBe(false);
    expect(matches("\\p{Lu}\\P{Lu}", "Ab")).toBe(true);
    expect(matches("[-a]+", "-a-")).toBe(true);
    expect(matches("[&]|a/b", "a/b")).toBe(true);
  });
  it("reject what XSD rejects, and say what JS cannot do", () => {
    expect(compileXsdRegexp("a{3,1}")).toMatchObject({ ok: false, unsupported: false });
    expect(compileXsdRegexp("[a-")).toMatchObject({ ok: false, message: "missing ]" });
    expect(compileXsdRegexp("*a")).toMatchObject({ ok: false });
    expect(compileXsdRegexp("\\x41")).toMatchObject({ ok: false, message: "unknown escape \\x" });
    expect(compileXsdRegexp("\\p{IsBasicLatin}")).toMatchObject({ ok: false, unsupported: true });
  });
});
