/**
 * Compiles grammar/*.peggy into checked-in parser modules under src/parsers/
 * (an ES module from peggy's `output: "source"`, and its declaration file),
 * so no run of mimi-codec compiles a grammar or reads a .peggy file, and the
 * compiler core needs no `fs` for its parsers (it can be bundled for a
 * browser).
 *
 *   npx tsx scripts/gen-parsers.ts           write src/parsers/ (npm run gen:parsers)
 *   npx tsx scripts/gen-parsers.ts --check   write nothing; exit 1 if a file is stale
 *
 * The grammar stays the single source of truth: CI's `npm run gen:check` and
 * test/parsers/generated-current.test.ts fail when a parser module is not
 * what its grammar compiles to.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import peggy from "peggy";

/** Every grammar with the start rules its users ask for (src/tpl/load-grammar.ts). */
export const GRAMMARS = [
  { name: "tpl", startRules: ["File"] },
  { name: "cddl", startRules: ["File"] },
  { name: "edn", startRules: ["Seq"] },
] as const;

export interface ParserFile {
  /** relative to the project root */
  readonly path: string;
  readonly content: string;
}

const root = fileURLToPath(new URL("..", import.meta.url));

function header(grammar: string): string {
  return `// DO NOT EDIT. Generated from ${grammar} by scripts/gen-parsers.ts (npm run gen:parsers); edit the grammar and regenerate.\n`;
}

/** The parser modules the grammars compile to now. */
export function renderParsers(): ParserFile[] {
  return GRAMMARS.flatMap(({ name, startRules }) => {
    const grammar = `grammar/${name}.peggy`;
    const source = peggy.generate(readFileSync(join(root, grammar), "utf8"), {
      allowedStartRules: [...startRules],
      output: "source",
      format: "es",
      grammarSource: grammar,
    });
    const dts = [
      header(grammar).trimEnd(),
      `import type { Parser } from "peggy";`,
      "",
      `/** ${startRules.map((r) => JSON.stringify(r)).join(", ")} */`,
      `export declare const StartRules: Parser["StartRules"];`,
      `export declare const SyntaxError: Parser["SyntaxError"];`,
      `export declare const parse: Parser["parse"];`,
      "",
    ].join("\n");
    return [
      { path: `src/parsers/${name}-parser.js`, content: header(grammar) + source },
      { path: `src/parsers/${name}-parser.d.ts`, content: dts },
    ];
  });
}

function main(argv: readonly string[]): number {
  const check = argv.includes("--check");
  let stale = 0;
  for (const f of renderParsers()) {
    const path = join(root, f.path);
    if (existsSync(path) && readFileSync(path, "utf8") === f.content) continue;
    stale++;
    if (check) {
      console.error(`out of date: ${relative(process.cwd(), path)} (run npm run gen:parsers)`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
  if (stale === 0) console.log("src/parsers: current");
  return check && stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
