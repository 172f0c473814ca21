import type { Definition, IRMember } from "../ir/types.js";
import type { FieldIndex } from "./compare-context.js";

/** Every field's type object -> that field's location and definition, for one document. */
export function indexFields(definitions: readonly Definition[]): FieldIndex {
  const index = new WeakMap<object, { loc: Definition["loc"]; owner: Definition }>();
  const walk = (owner: Definition, members: readonly IRMember[]) => {
    for (const m of members) {
      if (m.kind === "field") {
        if (!index.has(m.type)) index.set(m.type, { loc: m.loc, owner });
      } else for (const c of m.cases) walk(owner, c.members);
    }
  };
  for (const d of definitions) if (d.type.kind === "record") walk(d, d.type.members);
  return (t) => index.get(t);
}
