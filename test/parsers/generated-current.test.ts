import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GRAMMARS, renderParsers } from "../../scripts/gen-parsers.js";
import { loadGrammar } from "../../src/tpl/load-grammar.js";

/**
 * The parsers in src/parsers/ are generated from grammar/*.peggy at
 * generation time; these tests fail when one is stale (edit a grammar, then
 * `npm run gen:parsers`) and when run-time code would load peggy again.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("generated parsers", () => {
  it("are what the grammars compile to now", () => {
    const files = renderParsers();
    expect(files.map((f) => f.path).sort()).toEqual(GRAMMARS.flatMap((g) => [`src/parsers/${g.name}-parser.d.ts`, `src/parsers/${g.name}-parser.js`]).sort());
    for (const f of files) expect(readFileSync(join(root, f.path), "utf8"), `${f.path} is stale: run npm run gen:parsers`).toBe(f.content);
  });

  it("carry a DO NOT EDIT header naming their grammar", () => {
    for (const g of GRAMMARS) expect(readFileSync(join(root, `src/parsers/${g.name}-parser.js`), "utf8")).toMatch(new RegExp(`^// DO NOT EDIT\\. Generated from grammar/${g.name}\\.peggy`));
  });

  it("nothing in src/ or generated/ imports peggy or reads a grammar file at run time", () => {
    const offenders = [...walk(join(root, "src")), ...walk(join(root, "generated"))]
      .filter((p) => /\.(ts|js)$/.test(p) && !p.endsWith(".d.ts"))
      .filter((p) => {
        const text = readFileSync(p, "utf8");
        return /(?:^|\n)\s*import\s+(?!type\b)[^;]*from\s+["']peggy["']/.test(text) || /import\(\s*["']peggy["']\s*\)/.test(text) || /\.peggy["'`]/.test(text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ""));
      })
      .map((p) => relative(root, p));
    expect(offenders).toEqual([]);
  });

  it("loadGrammar keeps its API: the start rules each user asks for, and a clear error for others", () => {
    expect(loadGrammar("tpl").StartRules).toEqual(["File"]);
    expect(loadGrammar("edn", ["Seq"]).parse("[1, 2]", { startRule: "Seq" })).toHaveLength(1);
    expect(() => loadGrammar("cddl", ["Type"])).toThrow(/no start rule Type: add it in scripts\/gen-parsers\.ts/);
  });
});
