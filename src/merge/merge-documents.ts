import { alignDocuments, type AlignedPair } from "../compare/align.js";
import type { LoadedDocument } from "../compare/load-document.js";
import type { MergeConfig } from "../compile/config.js";
import type { Definition, IRDocument, IRMember, IRType } from "../ir/types.js";
import { jsShape, type ShapeScope } from "./js-shape.js";
import { MergeError } from "./merge-error.js";
import { overlayDefinition, type OverlayEnv, type OverlayNote, type WireFormat } from "./overlay-wire.js";

/**
 * MERGE: one data model written twice (mimi-content-03's TPL and CDDL)
 * becomes one generated module. Definitions pair as `align` pairs them.
 * Where a pair agrees in shape (js-shape.ts) the TypeScript type is that
 * shape; where it does not, the config's `merge.follow` says which side the
 * type follows, and a disagreement it leaves undecided is an error. Either
 * way the TPL codec enforces the TPL definition and the CBOR codec the CDDL
 * one (overlay-wire.ts). Definitions only the TPL has keep their own
 * codecs, overlaid where a paired type uses them; CDDL-only definitions
 * stay in the CDDL document.
 */
export interface MergedPair {
  /** The merged (TPL) name and its CDDL partner. */
  readonly name: string;
  readonly partner: string;
  readonly agree: boolean;
  readonly follow: "tpl" | "cddl";
  /** How many alignment findings the pair has. */
  readonly findings: number;
}

export interface MergedDocument {
  /** What the TypeScript types (and JSON Schemas) are generated from. */
  readonly types: IRDocument;
  /** What each codec is generated from: the same names, each format's rules. */
  readonly tpl: IRDocument;
  readonly cbor: IRDocument;
  readonly pairs: readonly MergedPair[];
  readonly notes: readonly OverlayNote[];
}

export function mergeDocuments(tplSide: LoadedDocument, cddlSide: LoadedDocument, config: MergeConfig): MergedDocument {
  const tplDoc = tplSide.compiled.ir;
  const cddlDoc = cddlSide.compiled.ir;
  const aligned = alignDocuments(tplSide, cddlSide, config.mapping ? { mapping: config.mapping } : {});
  if (aligned.mappingErrors.length > 0) throw new MergeError(tplDoc.name, `merge.mapping: ${aligned.mappingErrors.join("; ")}`, tplDoc.definitions[0]?.loc ?? { file: tplDoc.source, line: 1, col: 1 });

  const tplDef = byName(tplDoc);
  const cddlDef = byName(cddlDoc);
  const partner = new Map<string, string>(aligned.pairs.map((p) => [p.left, p.right]));
  const mergedOf = new Map<string, string>(aligned.pairs.map((p) => [p.right, p.left]));

  const tplScope: ShapeScope = { def: (n) => tplDef.get(n), merged: (n) => (partner.has(n) ? n : undefined) };
  const cddlScope: ShapeScope = { def: (n) => cddlDef.get(n), merged: (n) => mergedOf.get(n) };
  const follow = config.follow ?? {};
  for (const name of Object.keys(follow)) {
    if (!partner.has(name)) throw new MergeError(`merge.follow.${name}`, `${name} is not a TPL definition paired with a CDDL one`, tplDef.get(name)?.loc ?? tplDoc.definitions[0]!.loc);
  }

  const pairs: MergedPair[] = aligned.pairs.map((p: AlignedPair) => {
    const [l, r] = [tplDef.get(p.left)!, cddlDef.get(p.right)!];
    const agree = jsShape(tplScope, l.type) === jsShape(cddlScope, r.type);
    const chosen = follow[p.left];
    if (!agree && chosen === undefined) {
      const kinds = [...new Set(p.findings.map((f) => f.kind))].join(", ");
      throw new MergeError(
        p.left,
        `the TPL and CDDL definitions differ in shape (${kinds}); say which one the TypeScript type follows with merge.follow.${p.left}: "tpl" or "cddl" in the config`,
        l.loc,
        r.loc,
      );
    }
    return { name: p.left, partner: p.right, agree, follow: agree ? "tpl" : chosen!, findings: p.findings.length };
  });
  const followOf = new Map(pairs.map((p) => [p.name, p.follow]));

  // The CDDL definition a type follows, in merged names.
  const adopted = new Map<string, Definition>();
  for (const p of pairs) {
    if (p.follow !== "cddl") continue;
    const r = cddlDef.get(p.partner)!;
    adopted.set(p.name, { ...tplDef.get(p.name)!, kind: r.kind, language: r.language, loc: r.loc, type: adoptType(r.type, p.name, cddlDef, mergedOf, followOf) });
  }
  const typeDef = (n: string): Definition | undefined => adopted.get(n) ?? tplDef.get(n);

  const notes: OverlayNote[] = [];
  const shadows = { tpl: new Map<string, { type: IRType; path: string }>(), cbor: new Map<string, { type: IRType; path: string }>() };
  const wire = { tpl: new Map<string, IRType>(), cbor: new Map<string, IRType>() };
  for (const p of pairs) {
    const base = typeDef(p.name)!;
    const take: WireFormat = p.follow === "tpl" ? "cbor" : "tpl";
    const donor = take === "cbor" ? cddlDef.get(p.partner)! : tplDef.get(p.name)!;
    const env: OverlayEnv = {
      take,
      baseDef: p.follow === "tpl" ? (n) => tplDef.get(n) : typeDef,
      donorDef: take === "cbor" ? (n) => cddlDef.get(n) : (n) => tplDef.get(n),
      partner: take === "cbor" ? partner : new Map([...partner.keys()].map((k) => [k, k])),
      shadows: shadows[take],
      notes,
    };
    wire[take].set(p.name, overlayDefinition(env, base, donor));
  }

  const build = (format: WireFormat | "types"): IRDocument => ({
    ...tplDoc,
    definitions: tplDoc.definitions.map((d) => {
      const own = adopted.get(d.name) ?? d;
      if (format === "types") return own;
      const type = wire[format].get(d.name) ?? shadows[format].get(d.name)?.type;
      return type ? { ...own, type } : own;
    }),
  });
  return { types: build("types"), tpl: build("tpl"), cbor: build("cbor"), pairs, notes };
}

function byName(doc: IRDocument): Map<string, Definition> {
  return new Map(doc.definitions.map((d) => [d.name, d]));
}

/**
 * A CDDL type in the merged module's names: refs to paired definitions take
 * the merged name; CDDL-only scalar definitions are written inline (the
 * merged module does not carry them). A select must switch on an enum that
 * follows the CDDL too, or its labels would not be that enum's names.
 */
function adoptType(t: IRType, owner: string, cddl: ReadonlyMap<string, Definition>, mergedOf: ReadonlyMap<string, string>, followOf: ReadonlyMap<string, string>, seen: readonly string[] = []): IRType {
  const again = (x: IRType) => adoptType(x, owner, cddl, mergedOf, followOf, seen);
  switch (t.kind) {
    case "ref": {
      if (t.document) return t;
      const m = mergedOf.get(t.name);
      if (m !== undefined) return { kind: "ref", name: m };
      const d = cddl.get(t.name);
      if (!d || d.type.kind === "record" || seen.includes(t.name)) {
        throw new MergeError(owner, `follows the CDDL, which uses ${t.name}, a CDDL-only ${d?.type.kind === "record" ? "struct" : "definition"} the merged module does not have`, d?.loc ?? cddl.values().next().value!.loc);
      }
      return adoptType(d.type, owner, cddl, mergedOf, followOf, [...seen, t.name]);
    }
    case "optional":
    case "vector":
    case "tagged":
      return { ...t, of: again(t.of) } as IRType;
    case "map":
      return { ...t, key: again(t.key), value: again(t.value) };
    case "union":
      return { ...t, options: t.options.map(again) };
    case "record":
      return {
        ...t,
        members: adoptMembers(t.members, owner, cddl, mergedOf, followOf, seen),
        ...(t.rest ? { rest: { ...t.rest, key: again(t.rest.key), value: again(t.rest.value) } } : {}),
      };
    default:
      return t;
  }
}

function adoptMembers(members: readonly IRMember[], owner: string, cddl: ReadonlyMap<string, Definition>, mergedOf: ReadonlyMap<string, string>, followOf: ReadonlyMap<string, string>, seen: readonly string[]): IRMember[] {
  return members.map((m) => {
    if (m.kind === "field") return { ...m, type: adoptType(m.type, owner, cddl, mergedOf, followOf, seen) };
    const d = m.discriminant;
    if (d.kind === "unresolved") return m;
    const enumType = mergedOf.get(d.enumType) ?? d.enumType;
    if (mergedOf.has(d.enumType) && followOf.get(enumType) !== "cddl") {
      throw new MergeError(owner, `follows the CDDL, whose select switches on ${enumType}; ${enumType} must follow the CDDL as well (merge.follow.${enumType}: "cddl")`, m.loc);
    }
    return { ...m, discriminant: { ...d, enumType }, cases: m.cases.map((c) => ({ ...c, members: adoptMembers(c.members, owner, cddl, mergedOf, followOf, seen) })) };
  });
}
