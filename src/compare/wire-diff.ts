import type { CompiledDocument } from "../compile/compile-document.js";
import type { SourceLoc } from "../diagnostics/index.js";
import { info, type DocumentInfo } from "./align.js";
import { compareDocuments, type DefinitionPair } from "./compare-documents.js";
import { backwardOk, forwardOk, meetAll, type Direction, type Finding } from "./finding.js";
import { loadDocument, type LoadedDocument } from "./load-document.js";

/**
 * DIFF between two versions of a document, at the wire level: per type,
 * what changed (fields added, removed, renamed, moved; types, widths,
 * limits, enum values, selects), which types are new or gone, and whether
 * bytes written under the old schema still decode under the new one, in
 * each format (every type has both a TPL and a CBOR codec).
 *
 * The rule for each kind of change lives where the finding is made
 * (compare-types.ts, compare-members.ts, compare-integers.ts,
 * compare-variants.ts). In short:
 * - TPL has no field markers and fixed widths: adding, removing, moving or
 *   retyping a field, widening a uint, a presence octet appearing, all move
 *   later bytes, so old bytes no longer decode. Renames and CBOR tags are
 *   invisible in TPL.
 * - CBOR items carry their type and length: widening a uint or a length
 *   bound, making a value optional (null / T), adding enum values or
 *   alternatives keep old bytes decoding; but a positional array must keep
 *   its item count (only a trailing omittable field may be added), and
 *   tags, bstr vs tstr, array vs map are visible.
 * - Enum values: adding one keeps old bytes, removing or renumbering one
 *   does not (unless the enum is open).
 *
 * A type also stops decoding old bytes when a type it uses does ("via").
 */
export type Decodes = "yes" | "no" | "n/a";

export interface FormatDecodes {
  readonly tpl: Decodes;
  readonly cbor: Decodes;
}

export type TypeStatus = "unchanged" | "changed" | "affected" | "added" | "removed";

export interface TypeChange {
  /** The new name (the old one for removed types). */
  readonly name: string;
  readonly oldName?: string;
  readonly newName?: string;
  readonly status: TypeStatus;
  /** Paired under another name (inferred through a field, or by case). */
  readonly renamed: boolean;
  readonly old?: SourceLoc;
  readonly new?: SourceLoc;
  readonly findings: readonly Finding[];
  /** Bytes written under the old schema decode under the new one (backward compatibility). */
  readonly oldBytesDecode: FormatDecodes;
  /** Bytes written under the new schema decode under the old one (old receivers; forward compatibility). */
  readonly newBytesDecodeUnderOld: FormatDecodes;
  /** Types it uses whose changes break its old bytes, per format. */
  readonly via: { readonly tpl: readonly string[]; readonly cbor: readonly string[] };
  /** Where the compiler could not compile it (the reason), per side. */
  readonly notCompiled?: { readonly old?: string; readonly new?: string };
  /** Removed types: paths of the new schema where their old use was compared. */
  readonly comparedAt?: readonly string[];
}

export interface WireDiff {
  readonly old: DocumentInfo;
  readonly new: DocumentInfo;
  readonly types: readonly TypeChange[];
  readonly summary: {
    readonly compared: number;
    readonly unchanged: number;
    readonly changed: number;
    readonly affected: number;
    readonly added: number;
    readonly removed: number;
    readonly renamed: number;
    /** Of the types in both versions, how many still decode old bytes, per format. */
    readonly oldBytesDecode: { readonly tpl: number; readonly cbor: number };
  };
}

export function wireDiff(oldDoc: string, newDoc: string, opts: { cache?: Map<string, CompiledDocument>; imports?: readonly string[] } = {}): WireDiff {
  const cache = opts.cache ?? new Map<string, CompiledDocument>();
  return diffDocuments(loadDocument(oldDoc, cache, opts.imports), loadDocument(newDoc, cache, opts.imports));
}

export function diffDocuments(oldDoc: LoadedDocument, newDoc: LoadedDocument): WireDiff {
  const cmp = compareDocuments(oldDoc, newDoc, { mode: "evolve", labels: ["old", "new"] });
  const own = new Map<DefinitionPair, { fwd: FormatDecodes; bwd: FormatDecodes }>();
  for (const p of cmp.pairs) {
    const tpl = meetAll(p.findings.map((f) => f.formats.tpl));
    const cbor = meetAll(p.findings.map((f) => f.formats.cbor));
    own.set(p, {
      fwd: { tpl: decodes(tpl, forwardOk), cbor: decodes(cbor, forwardOk) },
      bwd: { tpl: decodes(tpl, backwardOk), cbor: decodes(cbor, backwardOk) },
    });
  }
  const effective = propagate(cmp.pairs, own);

  const notCompiled = (oldName?: string, newName?: string) => {
    const o = oldName !== undefined ? oldDoc.compiled.broken.get(oldName) : undefined;
    const n = newName !== undefined ? newDoc.compiled.broken.get(newName) : undefined;
    return o || n ? { notCompiled: { ...(o ? { old: o } : {}), ...(n ? { new: n } : {}) } } : {};
  };
  const types: TypeChange[] = [];
  for (const p of cmp.pairs) {
    const e = effective.get(p)!;
    const changed = p.findings.length > 0;
    const affected = !changed && (e.via.tpl.length > 0 || e.via.cbor.length > 0);
    types.push({
      name: p.right.name,
      oldName: p.left.name,
      newName: p.right.name,
      status: changed ? "changed" : affected ? "affected" : "unchanged",
      renamed: p.left.name !== p.right.name,
      old: p.left.loc,
      new: p.right.loc,
      findings: p.findings,
      oldBytesDecode: e.fwd,
      newBytesDecodeUnderOld: e.bwd,
      via: e.via,
      ...notCompiled(p.left.name, p.right.name),
    });
  }
  const na: FormatDecodes = { tpl: "n/a", cbor: "n/a" };
  for (const u of cmp.rightOnly) {
    const d = u.definition;
    types.push({
      name: d.name,
      newName: d.name,
      status: "added",
      renamed: false,
      new: d.loc,
      findings: [],
      oldBytesDecode: na,
      newBytesDecodeUnderOld: na,
      via: { tpl: [], cbor: [] },
      ...notCompiled(undefined, d.name),
    });
  }
  for (const u of cmp.leftOnly) {
    const d = u.definition;
    types.push({
      name: d.name,
      oldName: d.name,
      status: "removed",
      renamed: false,
      old: d.loc,
      findings: [],
      oldBytesDecode: na,
      newBytesDecodeUnderOld: na,
      via: { tpl: [], cbor: [] },
      ...(u.comparedAt.length > 0 ? { comparedAt: u.comparedAt } : {}),
      ...notCompiled(d.name, undefined),
    });
  }
  const count = (s: TypeStatus) => types.filter((t) => t.status === s).length;
  const paired = types.filter((t) => t.status !== "added" && t.status !== "removed");
  return {
    old: info(oldDoc),
    new: info(newDoc),
    types,
    summary: {
      compared: paired.length,
      unchanged: count("unchanged"),
      changed: count("changed"),
      affected: count("affected"),
      added: count("added"),
      removed: count("removed"),
      renamed: types.filter((t) => t.renamed).length,
      oldBytesDecode: { tpl: paired.filter((t) => t.oldBytesDecode.tpl !== "no").length, cbor: paired.filter((t) => t.oldBytesDecode.cbor !== "no").length },
    },
  };
}

function decodes(d: Direction, ok: (d: Direction) => boolean): Decodes {
  return d === "n/a" ? "n/a" : ok(d) ? "yes" : "no";
}

interface Effective {
  fwd: { tpl: Decodes; cbor: Decodes };
  bwd: { tpl: Decodes; cbor: Decodes };
  via: { tpl: string[]; cbor: string[] };
}

/**
 * A type decodes old bytes only if every paired type it uses does: "no"
 * spreads to the users (naming the used type in `via`), then "n/a".
 * Iterated to a fixed point, so cycles end.
 */
function propagate(pairs: readonly DefinitionPair[], own: Map<DefinitionPair, { fwd: FormatDecodes; bwd: FormatDecodes }>): Map<DefinitionPair, Effective> {
  const byLeft = new Map(pairs.map((p) => [p.left, p] as const));
  const eff = new Map<DefinitionPair, Effective>();
  for (const p of pairs) {
    const o = own.get(p)!;
    eff.set(p, { fwd: { ...o.fwd }, bwd: { ...o.bwd }, via: { tpl: [], cbor: [] } });
  }
  const rank: Record<Decodes, number> = { yes: 0, "n/a": 1, no: 2 };
  for (let changed = true, guard = 0; changed && guard < 1000; guard++) {
    changed = false;
    for (const p of pairs) {
      const e = eff.get(p)!;
      for (const used of p.uses) {
        const q = byLeft.get(used);
        if (!q || q === p) continue;
        const u = eff.get(q)!;
        for (const f of ["tpl", "cbor"] as const) {
          for (const dir of ["fwd", "bwd"] as const) {
            if (rank[u[dir][f]] > rank[e[dir][f]]) {
              e[dir][f] = u[dir][f];
              changed = true;
            }
          }
          if (u.fwd[f] === "no" && !e.via[f].includes(q.right.name) && own.get(p)!.fwd[f] !== "no") {
            e.via[f].push(q.right.name);
            changed = true;
          }
        }
      }
    }
  }
  return eff;
}
