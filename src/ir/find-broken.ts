import type { Definition, IRMember, IRType } from "./types.js";

/**
 * A definition that uses a broken one cannot be compiled either. Returns
 * every broken name with the reason, following references to a fixpoint.
 */
export function findBroken(definitions: readonly Definition[], seed: ReadonlyMap<string, string>): Map<string, string> {
  const broken = new Map(seed);
  let changed = true;
  while (changed) {
    changed = false;
    for (const d of definitions) {
      if (broken.has(d.name)) continue;
      const bad = localRefs(d.type).find((n) => broken.has(n));
      if (bad) {
        broken.set(d.name, `uses ${bad}, which cannot be compiled`);
        changed = true;
      }
    }
  }
  return broken;
}

/** Names of local (not imported) definitions a type refers to. */
export function localRefs(t: IRType): string[] {
  switch (t.kind) {
    case "ref":
      return t.document ? [] : [t.name];
    case "optional":
    case "vector":
      return localRefs(t.of);
    case "record":
      return t.members.flatMap(memberRefs);
    default:
      return [];
  }
}

/** References to other documents' definitions a type makes, through records, vectors and selects. */
export function importedRefs(t: IRType): Array<{ name: string; document: string }> {
  switch (t.kind) {
    case "ref":
      return t.document ? [{ name: t.name, document: t.document }] : [];
    case "optional":
    case "vector":
    case "tagged":
      return importedRefs(t.of);
    case "map":
      return [...importedRefs(t.key), ...importedRefs(t.value)];
    case "union":
      return t.options.flatMap(importedRefs);
    case "record":
      return t.members.flatMap((m) => (m.kind === "field" ? importedRefs(m.type) : m.cases.flatMap((c) => c.members.flatMap((x) => (x.kind === "field" ? importedRefs(x.type) : importedRefs({ kind: "record", members: [x] }))))));
    default:
      return [];
  }
}

function memberRefs(m: IRMember): string[] {
  return m.kind === "field" ? localRefs(m.type) : m.cases.flatMap((c) => c.members.flatMap(memberRefs));
}
