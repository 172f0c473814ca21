import type peggy from "peggy";
import * as cddlParser from "../parsers/cddl-parser.js";
import * as ednParser from "../parsers/edn-parser.js";
import * as tplParser from "../parsers/tpl-parser.js";

/**
 * The parsers are compiled from grammar/*.peggy at generation time
 * (scripts/gen-parsers.ts, `npm run gen:parsers`) into src/parsers/, so a
 * run neither loads peggy nor reads a grammar file. The .peggy file stays
 * the single source of truth: `npm run gen:check` and
 * test/parsers/generated-current.test.ts fail when a parser is stale.
 */
const PARSERS: Readonly<Record<"tpl" | "cddl" | "edn", peggy.Parser>> = { tpl: tplParser, cddl: cddlParser, edn: ednParser };

export function loadGrammar(name: "tpl" | "cddl" | "edn", allowedStartRules: string[] = ["File"]): peggy.Parser {
  const parser = PARSERS[name];
  const missing = allowedStartRules.filter((r) => !parser.StartRules.includes(r));
  if (missing.length > 0) throw new Error(`src/parsers/${name}-parser.js has no start rule ${missing.join(", ")}: add it in scripts/gen-parsers.ts and run npm run gen:parsers`);
  return parser;
}
