import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkRules } from "../../src/cddl/check-rules.js";
import { parseCddl } from "../../src/cddl/parse-cddl.js";
import { preludeRules } from "../../src/cddl/prelude.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/cddl/", import.meta.url));

interface Expected {
  readonly errors: readonly { line: number; col: number; rule?: string; contains: string }[];
  readonly rules: readonly string[];
}

describe("fixtures/cddl/ok", () => {
  const files = readdirSync(`${FIXTURES}ok`).filter((f) => f.endsWith(".cddl"));
  it.each(files)("%s parses and checks without errors", (file) => {
    const parsed = parseCddl(readFileSync(`${FIXTURES}ok/${file}`, "utf8"));
    expect(parsed.errors).toEqual([]);
    expect(checkRules(parsed.rules, preludeRules()).filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("fixtures/cddl/bad", () => {
  const files = readdirSync(`${FIXTURES}bad`).filter((f) => f.endsWith(".cddl"));
  it.each(files)("%s reports each error where it is and keeps the other rules", (file) => {
    const parsed = parseCddl(readFileSync(`${FIXTURES}bad/${file}`, "utf8"));
    const expected = JSON.parse(readFileSync(`${FIXTURES}bad/${file.replace(/\.cddl$/, ".json")}`, "utf8")) as Expected;
    expect(parsed.errors.map((e) => ({ line: e.at.line, col: e.at.col, rule: e.rule }))).toEqual(
      expected.errors.map((e) => ({ line: e.line, col: e.col, rule: e.rule })),
    );
    parsed.errors.forEach((e, i) => expect(e.message).toContain(expected.errors[i]?.contains));
    expect(parsed.rules.map((r) => r.name.name)).toEqual(expected.rules);
  });
});

describe("syntax error messages", () => {
  it("names a missing ] and the [ it should close", () => {
    const { errors } = parseCddl("a = [int, tstr\nb = int\n");
    expect(errors).toEqual([
      {
        message: 'expected "]" to close the "[" at 1:5, ",", ":", "/", "//", "^", "=>", a control operator or a range operator, but found "b"',
        at: { line: 2, col: 1 },
        rule: "a",
      },
    ]);
  });

  it("reports the end of the block right after the last token", () => {
    expect(parseCddl("a = [int\n\n").errors[0]?.at).toEqual({ line: 1, col: 9 });
    expect(parseCddl("a = [int").errors[0]).toMatchObject({ at: { line: 1, col: 9 }, message: expect.stringContaining("but found the end of the block") });
  });

  it("reports a missing right-hand side at the next rule, for the rule before it", () => {
    expect(parseCddl("a = \nb = 1").errors).toEqual([{ message: 'expected a type, but found "b"', at: { line: 2, col: 1 }, rule: "a" }]);
  });

  it("explains a second operator and a missing rule name", () => {
    expect(parseCddl("x = 1..2 .size 3").errors[0]).toEqual({
      message: 'expected "/", "^" or "=>", but found "." (a type takes one range or control operator; use parentheses for more)',
      at: { line: 1, col: 10 },
      rule: "x",
    });
    expect(parseCddl("= 1").errors).toEqual([{ message: 'expected a name or the end of the block, but found "="', at: { line: 1, col: 1 } }]);
    expect(parseCddl("x").errors[0]?.message).toBe('expected "<" or an assignment (=, /= or //=), but found the end of the block');
  });

  it("reports bad Unicode escapes", () => {
    expect(parseCddl('a = "\\uD800"').errors[0]?.message).toMatch(/^\\u must be followed by/);
    expect(parseCddl('a = "\\u{110000}"').errors[0]?.message).toMatch(/^\\u must be followed by/);
    expect(parseCddl('a = "\\u{D800}"').errors[0]?.at).toEqual({ line: 1, col: 6 });
    expect(parseCddl("a = \"it\\'s\"").errors[0]?.message).toBe("\\' is only allowed in byte strings");
  });

  it("rejects DEL and C1 controls in strings and comments (RFC 9682)", () => {
    expect(parseCddl('a = "x\u007f"').errors[0]?.message).toBe("U+007F is not allowed in a text string; write it as an escape");
    expect(parseCddl("a = 'x\u0085'").errors[0]?.message).toBe("U+0085 is not allowed in a byte string; write it as an escape");
    expect(parseCddl("a = 1 ; x\u0080y\nb = 2").errors[0]).toEqual({ message: "U+0080 is not allowed in a comment", at: { line: 1, col: 10 }, rule: "a" });
    expect(parseCddl("a = 1 ; a\ttab").errors[0]?.message).toBe("a tab is not allowed in a comment");
  });

  it("accepts every non-ASCII scalar value RFC 9682 allows, and rejects U+FFFE", () => {
    expect(parseCddl('a = "\u00a0\ud7ff\ue000\ufffd\u{10000}\u{10FFFD}" ; \u{1F073}').errors).toEqual([]);
    expect(parseCddl('a = "\ufffe"').errors).toHaveLength(1);
    expect(parseCddl('a = "\u{10FFFE}"').errors).toHaveLength(1);
  });
});

describe("recovery", () => {
  it("keeps every good rule around several bad ones", () => {
    const text = ["a = 1", "b = [", "c = 2", "d = { x: }", "e = 3", "f = &", "g = 4"].join("\n");
    const { rules, errors } = parseCddl(text);
    expect(rules.map((r) => r.name.name)).toEqual(["a", "c", "e", "g"]);
    expect(errors.map((e) => [e.rule, e.at.line, e.at.col])).toEqual([
      ["b", 3, 1],
      ["d", 4, 10],
      ["f", 7, 1],
    ]);
  });

  it("keeps positions block-relative after recovering", () => {
    const { rules } = parseCddl("a = [\n\nb = {\n  x: int\n}");
    expect(rules[0]).toMatchObject({ name: { name: "b", at: { line: 3, col: 1 } }, type: { group: { at: { line: 4, col: 3 } } } });
  });

  it("treats an indented rule head as the start of a rule", () => {
    const { rules, errors } = parseCddl("  a = [\n  b = int");
    expect(errors.map((e) => e.at)).toEqual([{ line: 2, col: 3 }]);
    expect(rules.map((r) => r.name.name)).toEqual(["b"]);
  });

  it("does not take => for an assignment when looking for the next rule", () => {
    const { rules, errors } = parseCddl("a = { b\nc => d }\ne = 1");
    expect(errors).toEqual([]);
    expect(rules.map((r) => r.name.name)).toEqual(["a", "e"]);
  });
});
