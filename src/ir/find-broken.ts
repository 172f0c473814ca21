import type { Definition, IRMember, IRType } from "./types.js";

/**
 * A definition that uses a broken one cannot be compiled either. Returns
 * every broken name with the reason, following references backwards from
 * the broken ones: each definition is looked at once, so a chain of
 * thousands of aliases costs its length, not its square.
 */
export function findBroken(definitions: readonly Definition[], seed: ReadonlyMap<string, string>): Map<string, string> {
  const broken = new Map(seed);
  // users.get(n): the definitions that refer to n
  const users = new Map<string, Definition[]>();
  const refsOf = new Map<Definition, string[]>();
  for (const d of definitions) {
    const refs = localRefs(d.type);
    refsOf.set(d, refs);
    for (const n of new Set(refs)) {
      const list = users.get(n);
      if (list) list.push(d);
      else users.set(n, [d]);
    }
  }
  // Breadth first, so the reason names a definition broken before this one, never one it breaks itself.
  const queue = [...broken.keys()];
  for (let q = 0; q < queue.length; q++) {
    const name = queue[q]!;
    for (const d of users.get(name) ?? []) {
      if (broken.has(d.name)) continue;
      const bad = refsOf.get(d)!.find((n) => broken.has(n))!;
      broken.set(d.name, `uses ${bad}, which cannot be compiled`);
      queue.push(d.name);
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

function memberRefs(m: IRMember): string[] {
  return m.kind === "field" ? localRefs(m.type) : m.cases.flatMap((c) => c.members.flatMap(memberRefs));
}
