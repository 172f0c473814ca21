import type { Definition } from "../ir/types.js";
import type { CompareOptions } from "./compare-context.js";
import { compareDefinitions } from "./compare-types.js";
import { indexFields } from "./field-index.js";
import type { Finding } from "./finding.js";
import type { LoadedDocument } from "./load-document.js";

/**
 * Pair the definitions of two documents and compare every pair once.
 *
 * Pairing, in order:
 * 1. the explicit mapping (left name -> right name);
 * 2. equal names;
 * 3. names equal but for case (MimiContent ~ mimiContent);
 * 4. inferred: where a paired comparison meets a ref on each side to two
 *    definitions that are both still unpaired and of the same kind (struct,
 *    enum, alias), they are paired ("NestablePart ~ NestedPart, met at
 *    MimiContent.body"); repeated until nothing new pairs.
 *
 * A ref to a paired definition is not followed (that pair is compared at
 * its own name); a ref to an unpaired one is compared where it is used,
 * and the unpaired definition records that path.
 */
export type PairedBy = "mapping" | "name" | "name-case" | "inferred";

export interface DefinitionPair {
  readonly left: Definition;
  readonly right: Definition;
  readonly by: PairedBy;
  /** For inferred pairs: where the comparison met them. */
  readonly via?: string;
  readonly findings: readonly Finding[];
  /** Paired definitions this pair refers to (their differences are theirs, not repeated here). */
  readonly uses: readonly Definition[];
}

export interface Unpaired {
  readonly definition: Definition;
  /** Paths where a paired comparison compared it structurally. */
  readonly comparedAt: readonly string[];
}

export interface DocumentComparison {
  readonly pairs: readonly DefinitionPair[];
  readonly leftOnly: readonly Unpaired[];
  readonly rightOnly: readonly Unpaired[];
  /** Mapping entries naming a definition that does not exist. */
  readonly mappingErrors: readonly string[];
}

export interface CompareDocumentsOptions extends Omit<CompareOptions, "descend" | "onRefPair" | "onEnter" | "fieldOf"> {
  readonly mapping?: Readonly<Record<string, string>>;
}

export function compareDocuments(left: LoadedDocument, right: LoadedDocument, opts: CompareDocumentsOptions): DocumentComparison {
  const leftDefs = left.compiled.ir.definitions;
  const rightDefs = right.compiled.ir.definitions;
  const leftLocal = new Set(leftDefs);
  const rightLocal = new Set(rightDefs);
  const partner = new Map<Definition, { right: Definition; by: PairedBy; via?: string }>();
  const taken = new Map<Definition, Definition>();
  const mappingErrors: string[] = [];
  const pair = (l: Definition, r: Definition, by: PairedBy, via?: string) => {
    partner.set(l, { right: r, by, ...(via !== undefined ? { via } : {}) });
    taken.set(r, l);
  };

  for (const [ln, rn] of Object.entries(opts.mapping ?? {})) {
    const l = leftDefs.find((d) => d.name === ln);
    const r = rightDefs.find((d) => d.name === rn);
    if (!l) mappingErrors.push(`no definition ${ln} in ${left.name}`);
    if (!r) mappingErrors.push(`no definition ${rn} in ${right.name}`);
    if (l && r && !partner.has(l) && !taken.has(r)) pair(l, r, "mapping");
  }
  const byName = (same: (a: string, b: string) => boolean, by: PairedBy) => {
    for (const l of leftDefs) {
      if (partner.has(l)) continue;
      const r = rightDefs.find((d) => !taken.has(d) && same(l.name, d.name));
      if (r) pair(l, r, by);
    }
  };
  byName((a, b) => a === b, "name");
  byName((a, b) => a.toLowerCase() === b.toLowerCase(), "name-case");

  /** Both sides name one definition of a shared import (RFC 9420 KeyPackage): nothing to compare. */
  const sameImported = (a: Definition, b: Definition) => a === b || (!leftLocal.has(a) && !rightLocal.has(b) && a.name === b.name);
  const compareOpts = {
    mode: opts.mode,
    ...(opts.ignoreCase !== undefined ? { ignoreCase: opts.ignoreCase } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
    fieldOf: { left: indexFields(leftDefs), right: indexFields(rightDefs) },
  };

  for (let round = 0; round < 32; round++) {
    const candidates: [Definition, Definition, string][] = [];
    for (const l of leftDefs) {
      const p = partner.get(l);
      if (!p) continue;
      compareDefinitions(l, left.scope, p.right, right.scope, {
        ...compareOpts,
        descend: (a, b) => {
          if (sameImported(a, b) || partner.get(a)?.right === b) return false;
          const free = leftLocal.has(a) && rightLocal.has(b) && !partner.has(a) && !taken.has(b) && a.kind === b.kind;
          return !free;
        },
        onRefPair: (a, b, path) => {
          if (leftLocal.has(a) && rightLocal.has(b) && !partner.has(a) && !taken.has(b) && a.kind === b.kind) candidates.push([a, b, path]);
        },
      });
    }
    let added = 0;
    for (const [a, b, via] of candidates) {
      if (partner.has(a) || taken.has(b)) continue;
      pair(a, b, "inferred", via);
      added++;
    }
    if (added === 0) break;
  }

  const comparedAt = new Map<Definition, string[]>();
  const pairs: DefinitionPair[] = [];
  for (const l of leftDefs) {
    const p = partner.get(l);
    if (!p) continue;
    const uses = new Set<Definition>();
    const findings = compareDefinitions(l, left.scope, p.right, right.scope, {
      ...compareOpts,
      descend: (a, b) => !(sameImported(a, b) || partner.get(a)?.right === b),
      onRefPair: (a, b) => {
        if (partner.get(a)?.right === b && a !== l) uses.add(a);
      },
      onEnter: (side, def, path) => {
        const unpaired = side === "left" ? leftLocal.has(def) && !partner.has(def) : rightLocal.has(def) && !taken.has(def);
        if (!unpaired) return;
        const list = comparedAt.get(def) ?? [];
        if (!list.includes(path)) list.push(path);
        comparedAt.set(def, list);
      },
    });
    pairs.push({ left: l, right: p.right, by: p.by, ...(p.via !== undefined ? { via: p.via } : {}), findings, uses: [...uses] });
  }
  const unpaired = (d: Definition): Unpaired => ({ definition: d, comparedAt: comparedAt.get(d) ?? [] });
  return {
    pairs,
    leftOnly: leftDefs.filter((d) => !partner.has(d)).map(unpaired),
    rightOnly: rightDefs.filter((d) => !taken.has(d)).map(unpaired),
    mappingErrors,
  };
}
