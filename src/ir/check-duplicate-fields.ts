import { diag, type Diagnostic } from "../diagnostics/index.js";
import type { Definition, IRMember, IRType } from "./types.js";

/**
 * A struct or map that names a field twice (or gives two fields one CBOR
 * key) has no wire format a reader can trust: which of the two does a
 * decoder fill? Each such definition is an error and is not compiled.
 * Fields of different arms of one select may share a name; an arm's fields
 * may not repeat a field of the struct around it.
 */
export function checkDuplicateFields(definitions: readonly Definition[]): { broken: Map<string, string>; diagnostics: Diagnostic[] } {
  const broken = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const d of definitions) {
    if (d.type.kind !== "record") continue;
    const problem = firstRepeat(d.type);
    if (!problem) continue;
    broken.set(d.name, problem.message);
    diagnostics.push(diag("error", "ir/duplicate-field", `${d.name}: ${problem.message}`, problem.loc ?? d.loc));
  }
  return { broken, diagnostics };
}

function firstRepeat(t: IRType & { kind: "record" }): { message: string; loc?: Definition["loc"] } | null {
  // each path through the selects: the struct's own fields plus one arm's, recursively
  const stack: Array<{ members: readonly IRMember[]; names: ReadonlyMap<string, true>; keys: ReadonlyMap<string, true> }> = [{ members: t.members, names: new Map(), keys: new Map() }];
  if (t.rest) stack[0] = { ...stack[0]!, names: new Map([[t.rest.name, true]]) };
  while (stack.length > 0) {
    const { members, names, keys } = stack.pop()!;
    const ownNames = new Map(names);
    const ownKeys = new Map(keys);
    for (const m of members) {
      if (m.kind !== "field") continue;
      if (ownNames.has(m.name)) return { message: `the field name "${m.name}" is used twice`, loc: m.loc };
      ownNames.set(m.name, true);
      if (m.key !== undefined) {
        const k = `${typeof m.key}:${m.key}`;
        if (ownKeys.has(k)) return { message: `the map key ${JSON.stringify(m.key)} is used twice`, loc: m.loc };
        ownKeys.set(k, true);
      }
    }
    for (const m of members) if (m.kind === "variant") for (const c of m.cases) stack.push({ members: c.members, names: ownNames, keys: ownKeys });
  }
  return null;
}
