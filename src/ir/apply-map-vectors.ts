import { diag, type Diagnostic } from "../diagnostics/index.js";
import { TypeScope } from "./type-scope.js";
import type { Definition, IRDocument, IRMember, IRType } from "./types.js";

/**
 * A TPL vector of two-field structs that the draft means as a map (the
 * draft config names it, e.g. `MimiContent.extensions`) becomes an IR map:
 * its TPL bytes stay the same (a `<V>` vector of key, value pairs) and its
 * CBOR image becomes a map, as the CDDL of the same draft has it.
 */
export function applyMapVectors(
  definitions: readonly Definition[],
  imports: readonly IRDocument[],
  fields: readonly string[],
  /** Where the config names an entry, for an entry that names nothing. */
  configLoc: (entry: string) => Definition["loc"] = () => definitions[0]?.loc ?? { file: "", line: 0, col: 0 },
): { definitions: Definition[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (fields.length === 0) return { definitions: [...definitions], diagnostics };
  const scope = new TypeScope(definitions, imports);
  const wanted = new Set(fields);
  const found = new Set<string>();
  const toMap = (owner: string, t: IRType, loc: Definition["loc"]): IRType => {
    if (t.kind !== "vector") {
      diagnostics.push(diag("error", "ir/map-vector", `${owner} is listed as a map but is not a vector`, loc));
      return t;
    }
    const entry = scope.underlying(t.of);
    const pair = entry.kind === "record" ? entry.members : [];
    if (pair.length !== 2 || pair.some((m) => m.kind !== "field")) {
      diagnostics.push(diag("error", "ir/map-vector", `${owner} is listed as a map but its elements are not two-field structs`, loc));
      return t;
    }
    const [k, v] = pair as [IRMember & { kind: "field" }, IRMember & { kind: "field" }];
    return { kind: "map", key: k.type, value: v.type, min: 0, max: 0xffffffff };
  };
  const out = definitions.map((d) => {
    if (d.type.kind !== "record") return d;
    const members = d.type.members.map((m) => {
      const key = `${d.name}.${m.kind === "field" ? m.name : ""}`;
      if (m.kind !== "field" || !wanted.has(key)) return m;
      found.add(key);
      return { ...m, type: toMap(key, m.type, m.loc) };
    });
    return { ...d, type: { ...d.type, members } };
  });
  for (const f of wanted) {
    if (!found.has(f)) diagnostics.push(diag("error", "ir/map-vector", `the config lists ${f} as a map, but there is no such field`, configLoc(f)));
  }
  return { definitions: out, diagnostics };
}
