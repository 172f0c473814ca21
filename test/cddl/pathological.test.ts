import { describe, expect, it } from "vitest";
import { parseCddl } from "../../src/cddl/parse-cddl.js";

/**
 * PEG parsers backtrack; a grammar that re-parses an alternative at every
 * level is exponential in the nesting depth. The CDDL grammar factors its
 * alternatives instead (see grammar/cddl.peggy), without peggy's cache.
 * Limits are generous for slow CI machines; the times measured on a
 * developer machine are in the comments.
 */
function timed(text: string): { ms: number; file: ReturnType<typeof parseCddl> } {
  const start = performance.now();
  const file = parseCddl(text);
  return { ms: performance.now() - start, file };
}

describe("pathological inputs", () => {
  parseCddl("warm = up"); // compile the grammar outside the timings

  it.each([16, 24, 64])("parses parenthesised groups nested %i deep (about 1 ms at 24)", (depth) => {
    const { ms, file } = timed(`a = ${"(".repeat(depth)}x: int${")".repeat(depth)}`);
    expect(file.errors).toEqual([]);
    expect(file.rules[0]?.kind).toBe("group-rule");
    expect(ms).toBeLessThan(500);
  });

  it("parses parenthesised types, arrays, maps and group entries nested 24 deep", () => {
    const d = 24;
    for (const text of [
      `a = ${"(".repeat(d)}int${")".repeat(d)}`,
      `a = ${"[".repeat(d)}int${"]".repeat(d)}`,
      `a = ${"{ x: ".repeat(d)}int${" }".repeat(d)}`,
      `a = [${"(".repeat(d)}int${")".repeat(d)}]`,
      `a = [${"(".repeat(d)}int${") .size 1".repeat(d)}]`,
      `a = {${"(".repeat(d)}int${")".repeat(d)} => 1}`,
      `a = {${"? (".repeat(d)}x: int${")".repeat(d)}}`,
    ]) {
      const { ms, file } = timed(text);
      expect(file.errors).toEqual([]);
      expect(ms).toBeLessThan(500);
    }
  });

  it("fails fast on a broken deep nesting (about 2 ms at 24)", () => {
    const { ms, file } = timed(`a = ${"[(".repeat(24)}int${")]".repeat(23)}`);
    expect(file.errors).toHaveLength(1);
    expect(ms).toBeLessThan(500);
  });

  it("parses a 1000-way type choice and a 1000-way group choice (about 20 and 75 ms)", () => {
    const types = timed(`a = ${Array.from({ length: 1000 }, (_, i) => `t${i}`).join(" / ")}`);
    expect(types.file.errors).toEqual([]);
    expect(types.file.rules[0]).toMatchObject({ type: { kind: "type-choice" } });
    expect(types.ms).toBeLessThan(1000);
    const groups = timed(`a = [${Array.from({ length: 1000 }, (_, i) => `t${i}: int`).join(" // ")}]`);
    expect(groups.file.errors).toEqual([]);
    expect(groups.ms).toBeLessThan(1000);
  });

  it("recovers from a thousand broken rules (about 400 ms)", () => {
    const { ms, file } = timed(Array.from({ length: 1000 }, (_, i) => `t${i} = [int, `).join("\n"));
    expect(file.errors).toHaveLength(1000);
    expect(ms).toBeLessThan(3000);
  });

  it("reports nesting too deep for the stack as an error of that rule, keeping the others", () => {
    const { file } = timed(`a = 1\nb = ${"[".repeat(20000)}int${"]".repeat(20000)}\nc = 2`);
    expect(file.rules.map((r) => r.name.name)).toEqual(["a", "c"]);
    expect(file.errors).toEqual([{ message: "nested too deeply to parse (the parser ran out of stack)", at: { line: 2, col: 1 }, rule: "b" }]);
  });
});
