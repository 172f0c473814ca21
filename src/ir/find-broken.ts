import type { Definition, IRType } from "./types.js";
import { localRefNames, refsIn } from "./walk.js";

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

/** Names of local (not imported) definitions a type refers to, inside unions, maps and tags too. */
export function localRefs(t: IRType): string[] {
  return localRefNames(t);
}

/** References to other documents' definitions a type makes, anywhere inside it. */
export function importedRefs(t: IRType): Array<{ name: string; document: string }> {
  return refsIn(t).flatMap((r) => (r.document ? [{ name: r.name, document: r.document }] : []));
}
