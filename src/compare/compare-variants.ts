import type { TypeScope } from "../ir/type-scope.js";
import type { Discriminant, IRCase, IRVariant } from "../ir/types.js";
import type { IRMember } from "../ir/types.js";
import type { CompareContext, MembersContext } from "./compare-context.js";
import { direction } from "./finding.js";

/**
 * Two selects (TPL `select (x) { case … }`, CDDL group choices led by the
 * discriminant): the discriminant, then the arms matched by the enum
 * values their labels stand for (TPL `case null` and CDDL `nullpart` are
 * both 0), then each pair of arms member by member.
 *
 * Verdicts, the same in TPL and CBOR (both write the discriminant, then the
 * arm's fields inline): a different discriminant means different bytes
 * select different arms, neither direction decodes. An arm added for a new
 * value keeps old bytes decoding (old writers never send that value); old
 * decoders fail on it unless they have a default arm. A removed arm is the
 * reverse.
 */
export function compareVariants(
  c: CompareContext,
  lv: IRVariant,
  rv: IRVariant,
  ctx: MembersContext,
  renames: ReadonlyMap<string, string>,
  compareMembers: (c: CompareContext, lm: readonly IRMember[], rm: readonly IRMember[], ctx: MembersContext) => void,
): void {
  const ld = describeDiscriminant(lv.discriminant);
  const rd = describeDiscriminant(rv.discriminant);
  const sameSelector = sameDiscriminant(c, lv.discriminant, rv.discriminant, renames);
  if (!sameSelector) {
    c.emit("discriminant", `${ctx.path}.select`, `${c.L} selects on ${ld}, ${c.R} on ${rd}`, lv.loc, rv.loc, { tpl: "neither", cbor: "neither" });
  }
  // Arms match by the values their labels stand for only when both select on the same thing; else by label.
  const lvals = sameSelector ? caseValues(lv, c.left) : new Map<string, number>();
  const rvals = sameSelector ? caseValues(rv, c.right) : new Map<string, number>();
  const matchedRight = new Set<IRCase>();
  const pairs: [IRCase, IRCase][] = [];
  for (const a of lv.cases) {
    const b = rv.cases.find((x) => !matchedRight.has(x) && sameCase(c, a, x, lvals, rvals));
    if (!b) continue;
    matchedRight.add(b);
    pairs.push([a, b]);
  }
  const paired = new Set(pairs.map(([a]) => a));
  const rightDefault = rv.cases.some((x) => x.isDefault);
  const leftDefault = lv.cases.some((x) => x.isDefault);
  for (const a of lv.cases) {
    if (paired.has(a)) continue;
    c.emit(
      "case-removed",
      `${ctx.path}.case(${label(a)})`,
      `${c.R} has no arm for ${label(a)}${rightDefault ? " (its default arm takes it)" : ""}`,
      a.loc,
      rv.loc,
      {
        tpl: direction(false, true),
        cbor: direction(false, true),
      },
    );
  }
  for (const b of rv.cases) {
    if (matchedRight.has(b)) continue;
    c.emit(
      "case-added",
      `${ctx.path}.case(${label(b)})`,
      `${c.R} adds an arm for ${label(b)}${leftDefault ? ` (${c.L}'s default arm took it)` : ""}`,
      lv.loc,
      b.loc,
      {
        tpl: direction(true, false),
        cbor: direction(true, false),
      },
    );
  }
  for (const [a, b] of pairs) {
    compareMembers(c, a.members, b.members, { path: `${ctx.path}.case(${label(a)})`, left: a.loc, right: b.loc, encoding: ctx.encoding, arm: true });
  }
}

function label(k: IRCase): string {
  return k.isDefault ? "default" : k.labels.join("|");
}

function describeDiscriminant(d: Discriminant): string {
  switch (d.kind) {
    case "field":
      return `field ${d.path.join(".")}`;
    case "context":
      return `${d.key} (from outside the struct)`;
    case "unresolved":
      return `${d.path.join(".")} (unresolved)`;
  }
}

function sameDiscriminant(c: CompareContext, a: Discriminant, b: Discriminant, renames: ReadonlyMap<string, string>): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "context" && b.kind === "context") return c.sameName(a.key, b.key);
  const ap = a.kind === "context" ? [] : [...a.path];
  const bp = b.kind === "context" ? [] : b.path;
  if (ap.length > 0) ap[0] = renames.get(ap[0]!) ?? ap[0]!;
  return ap.length === bp.length && ap.every((x, i) => c.sameName(x, bp[i]!));
}

/** Label -> enum value of the discriminant, where the enum is known. */
function caseValues(v: IRVariant, scope: TypeScope): ReadonlyMap<string, number> {
  const d = v.discriminant;
  const out = new Map<string, number>();
  if (d.kind === "unresolved") return out;
  const def = scope.definition(d.enumType);
  const t = def ? scope.underlying(def.type) : undefined;
  if (t?.kind !== "enum") return out;
  for (const x of t.values) if (x.upTo === undefined && !out.has(x.name)) out.set(x.name, x.value);
  return out;
}

function sameCase(c: CompareContext, a: IRCase, b: IRCase, lvals: ReadonlyMap<string, number>, rvals: ReadonlyMap<string, number>): boolean {
  if (a.isDefault || b.isDefault) return a.isDefault && b.isDefault;
  const an = a.labels.map((x) => lvals.get(x));
  const bn = b.labels.map((x) => rvals.get(x));
  if (an.some((x) => x !== undefined && bn.includes(x))) return true;
  return a.labels.some((x) => b.labels.some((y) => c.sameName(x, y)));
}
