import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import peggy from "peggy";

/**
 * Grammars are compiled from grammar/*.peggy when first used, so the .peggy
 * file is the single source of truth and there is no generated parser to
 * keep in sync. Compiling takes tens of milliseconds, once per process.
 */
const cache = new Map<string, peggy.Parser>();

export function loadGrammar(name: "tpl" | "cddl" | "edn", allowedStartRules: string[] = ["File"]): peggy.Parser {
  const key = `${name}:${allowedStartRules.join(",")}`;
  let parser = cache.get(key);
  if (!parser) {
    const url = new URL(`../../grammar/${name}.peggy`, import.meta.url);
    // From dist/src/tpl the grammar folder is one level further up.
    const path = fileURLToPath(url);
    const source = readGrammar(path, name);
    parser = peggy.generate(source, { allowedStartRules, grammarSource: `grammar/${name}.peggy` });
    cache.set(key, parser);
  }
  return parser;
}

function readGrammar(path: string, name: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return readFileSync(fileURLToPath(new URL(`../../../grammar/${name}.peggy`, import.meta.url)), "utf8");
  }
}
