import { readFileSync } from "node:fs";
import { join } from "node:path";
import { builtinIrFromJson, type BuiltinIr } from "./builtin-ir.js";
import { projectRoot } from "./builtin.js";

/**
 * A built-in document's IR from its checked-in schemas/<doc>.definitions.json,
 * so the CLI can work on built-ins without the drafts folder.
 */
export function loadBuiltinIr(name: string): BuiltinIr {
  return builtinIrFromJson(readFileSync(join(projectRoot(), "schemas", `${name}.definitions.json`), "utf8"));
}
