import type { CompiledDocument } from "../compile/compile-document.js";
import type { SourceLoc } from "../diagnostics/index.js";
import { compareDocuments, type PairedBy } from "./compare-documents.js";
import type { Finding, FindingKind } from "./finding.js";
import { loadDocument, type LoadedDocument } from "./load-document.js";
import { directionText, locText } from "./render-common.js";

/**
 * ALIGNMENT: one data model written twice (mimi-content-03: TPL structs in
 * the body, CDDL in the appendix). Definitions pair by name, ignoring case
 * (MimiContent ~ mimiContent), by an explicit `{ tplName: cddlName }`
 * mapping, and by inference through fields already paired
 * (compare-documents.ts). Every disagreement is a finding located on both
 * sides; definitions with no partner are listed, with the paths where they
 * were compared structurally all the same (TPL `SinglePart` is the CDDL
 * group `SinglePart` written inline).
 *
 * The canonical mapping between the languages is the IR's, so these agree
 * without a finding: a TPL struct and a CDDL array in field order;
 * `optional<T>` and `null / T`; `opaque x<V>` and `bstr`; a `Utf8` (config
 * `text`) vector and `tstr`; a TPL enum and a CDDL `&( )` or literal choice;
 * a TPL `select` and a CDDL group choice led by the discriminant field. Verdicts say
 * whether both sides accept exactly the same bytes, per format (a
 * difference in one direction only is still a disagreement).
 */
export interface AlignOptions {
  /** Left (TPL) name -> right (CDDL) name, for names that differ. */
  readonly mapping?: Readonly<Record<string, string>>;
  readonly cache?: Map<string, CompiledDocument>;
}

export interface DocumentInfo {
  readonly name: string;
  readonly language: string;
  readonly source: string;
  readonly definitions: number;
}

export interface AlignedPair {
  readonly left: string;
  readonly right: string;
  readonly by: PairedBy;
  readonly via?: string;
  readonly leftLoc: SourceLoc;
  readonly rightLoc: SourceLoc;
  readonly findings: readonly Finding[];
}

export interface UnpairedDefinition {
  readonly name: string;
  readonly loc: SourceLoc;
  /** Paths where it was compared as part of a paired definition. */
  readonly comparedAt: readonly string[];
}

export interface AlignResult {
  readonly left: DocumentInfo;
  readonly right: DocumentInfo;
  readonly labels: readonly [string, string];
  readonly pairs: readonly AlignedPair[];
  /** Every finding, in pair order. */
  readonly findings: readonly Finding[];
  readonly leftOnly: readonly UnpairedDefinition[];
  readonly rightOnly: readonly UnpairedDefinition[];
  readonly mappingErrors: readonly string[];
  readonly counts: { readonly findings: number; readonly incompatible: number; readonly byKind: Readonly<Partial<Record<FindingKind, number>>> };
}

/** Align two documents given by built-in name or path. */
export function align(left: string, right: string, opts: AlignOptions = {}): AlignResult {
  const cache = opts.cache ?? new Map<string, CompiledDocument>();
  return alignDocuments(loadDocument(left, cache), loadDocument(right, cache), opts);
}

export function alignDocuments(left: LoadedDocument, right: LoadedDocument, opts: AlignOptions = {}): AlignResult {
  const labels = sideLabels(left, right);
  const cmp = compareDocuments(left, right, { mode: "align", ignoreCase: true, labels, ...(opts.mapping ? { mapping: opts.mapping } : {}) });
  const pairs: AlignedPair[] = cmp.pairs.map((p) => ({
    left: p.left.name,
    right: p.right.name,
    by: p.by,
    ...(p.via !== undefined ? { via: p.via } : {}),
    leftLoc: p.left.loc,
    rightLoc: p.right.loc,
    findings: p.findings,
  }));
  const findings = pairs.flatMap((p) => p.findings);
  const byKind: Partial<Record<FindingKind, number>> = {};
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const unpaired = (u: (typeof cmp.leftOnly)[number]): UnpairedDefinition => ({ name: u.definition.name, loc: u.definition.loc, comparedAt: u.comparedAt });
  return {
    left: info(left),
    right: info(right),
    labels,
    pairs,
    findings,
    // constants (`nullpart = 0`) are values of other definitions, compared where those are
    leftOnly: cmp.leftOnly.filter((u) => u.definition.kind !== "constant").map(unpaired),
    rightOnly: cmp.rightOnly.filter((u) => u.definition.kind !== "constant").map(unpaired),
    mappingErrors: cmp.mappingErrors,
    counts: { findings: findings.length, incompatible: findings.filter((f) => f.wire === "incompatible").length, byKind },
  };
}

export function info(doc: LoadedDocument): DocumentInfo {
  return { name: doc.name, language: doc.language, source: doc.compiled.config.source, definitions: doc.compiled.ir.definitions.length };
}

function sideLabels(left: LoadedDocument, right: LoadedDocument): [string, string] {
  const name = (l: string) => (l === "tpl" ? "TPL" : l === "cddl" ? "CDDL" : "");
  const [a, b] = [name(left.language), name(right.language)];
  return a && b && a !== b ? [a, b] : ["left", "right"];
}

const BY: Record<PairedBy, string> = { mapping: "by the mapping", name: "same name", "name-case": "same name but for case", inferred: "inferred" };

/** Plain text for a terminal: pairs with their findings, then the unpaired definitions. */
export function renderAlignText(r: AlignResult, bases?: readonly string[]): string {
  const [L, R] = r.labels;
  const loc = (l: SourceLoc) => locText(l, bases);
  const out: string[] = [];
  out.push(`Alignment of ${r.left.name} (${L}) with ${r.right.name} (${R})`);
  out.push(`${r.pairs.length} paired definitions, ${r.counts.findings} findings (${r.counts.incompatible} where the two sides do not accept the same bytes)`);
  for (const e of r.mappingErrors) out.push(`mapping: ${e}`);
  for (const p of r.pairs) {
    if (p.findings.length === 0) continue;
    out.push("");
    out.push(`${p.left} ~ ${p.right} (${BY[p.by]}${p.via ? `, met at ${p.via}` : ""})`);
    for (const f of p.findings) {
      out.push(`  ${f.kind} ${f.path}: ${f.message}`);
      out.push(`    ${L.padEnd(5)} ${loc(f.left)}`);
      out.push(`    ${R.padEnd(5)} ${loc(f.right)}`);
      out.push(`    ${f.wire}: TPL ${directionText(f.formats.tpl, r.labels)}, CBOR ${directionText(f.formats.cbor, r.labels)}`);
    }
  }
  const agree = r.pairs.filter((p) => p.findings.length === 0);
  if (agree.length > 0) out.push("", `Agree: ${agree.map((p) => (p.left === p.right ? p.left : `${p.left} ~ ${p.right}`)).join(", ")}`);
  for (const [label, list] of [
    [L, r.leftOnly],
    [R, r.rightOnly],
  ] as const) {
    if (list.length === 0) continue;
    out.push("", `Only in ${label} (${list.length}):`);
    for (const u of list) out.push(`  ${u.name}  ${loc(u.loc)}${u.comparedAt.length ? `  (compared where used: ${u.comparedAt.join(", ")})` : ""}`);
  }
  return out.join("\n");
}
