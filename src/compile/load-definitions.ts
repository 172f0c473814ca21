import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SourceLoc } from "../diagnostics/index.js";
import type { Definition, IRDocument } from "../ir/types.js";
import { projectRoot } from "./builtin.js";

/**
 * A built-in document's IR from its checked-in schemas/<doc>.definitions.json,
 * so the CLI can work on built-ins without the drafts folder.
 */
export function loadBuiltinIr(name: string): { doc: IRDocument; broken: Set<string> } {
  const raw = JSON.parse(readFileSync(join(projectRoot(), "schemas", `${name}.definitions.json`), "utf8"), (key, value) =>
    key === "loc" && typeof value === "string" ? parseLoc(value) : value,
  ) as {
    document: string;
    source: string;
    imports: string[];
    definitions: Array<Omit<Definition, "loc"> & { at: string; notCompiled?: string }>;
  };
  const broken = new Set(raw.definitions.filter((d) => d.notCompiled).map((d) => d.name));
  const definitions: Definition[] = raw.definitions.map(({ at, notCompiled, ...d }) => {
    void notCompiled;
    return { ...d, loc: parseLoc(at) };
  });
  return { doc: { name: raw.document, source: raw.source, imports: raw.imports, definitions }, broken };
}

function parseLoc(s: string): SourceLoc {
  const m = /^(.*):(\d+):(\d+)$/.exec(s);
  return m ? { file: m[1]!, line: Number(m[2]), col: Number(m[3]) } : { file: s, line: 0, col: 0 };
}
