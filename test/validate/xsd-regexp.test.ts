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

/**
 * Patterns come from drafts and the text from whoever sent the data (issue
 * 15): matching must not backtrack. `(a+)+` against 27 `a`s and a `b` took
 * 4.7 s with a backtracking engine; here the work is linear in the text.
 */
describe("XSD regular expressions on hostile input", () => {
  const compiled = (pattern: string) => {
    const r = compileXsdRegexp(pattern);
    if (!r.ok) throw new Error(r.message);
    return r.regexp;
  };

  it("(a+)+ against a's and a b: no match, in linear time", () => {
    const re = compiled("(a+)+");
    for (const n of [27, 100_000]) {
      const cpu0 = process.cpuUsage();
      expect(re.match("a".repeat(n) + "b")).toBe(false);
      const used = process.cpuUsage(cpu0);
      expect((used.user + used.system) / 1000, `${n} characters`).toBeLessThan(2000);
    }
    expect(re.match("a".repeat(100_000))).toBe(true);
    expect(compiled("(a|aa)*c").match("a".repeat(50_000))).toBe(false);
  });

  it("bounds the pattern's size and a match's work", () => {
    expect(compileXsdRegexp("(a{100}){101}")).toMatchObject({ ok: false, unsupported: true, message: "the expression needs more than 10000 states (maxStates)" });
    expect(compileXsdRegexp("a{2000000000}")).toMatchObject({ ok: false, unsupported: true });
    expect(compileXsdRegexp("(".repeat(10_000) + "a" + ")".repeat(10_000))).toMatchObject({ ok: false, unsupported: true, message: "groups nested deeper than 256" });
    expect(compileXsdRegexp("[a-[b-[c-".repeat(5000))).toMatchObject({ ok: false });
    // 3,000 live states over 20,000 characters is more than 10,000,000 steps
    expect(compiled("(a*){3000}b").match("a".repeat(20_000))).toBe("budget");
    expect(compiled("(a*){3000}b").match("a".repeat(2000) + "b")).toBe(true);
  });
});
