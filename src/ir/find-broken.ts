import type { Definition, IRType } from "./types.js";
import { localRefNames, refsIn } from "./walk.js";

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

/** Names of local (not imported) definitions a type refers to, inside unions, maps and tags too. */
export function localRefs(t: IRType): string[] {
  return localRefNames(t);
}

/** References to other documents' definitions a type makes, anywhere inside it. */
export function importedRefs(t: IRType): Array<{ name: string; document: string }> {
  return refsIn(t).flatMap((r) => (r.document ? [{ name: r.name, document: r.document }] : []));
}
