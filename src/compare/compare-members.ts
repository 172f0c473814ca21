import type { SourceLoc } from "../diagnostics/index.js";
import type { IRField, IRMember, IRType } from "../ir/types.js";
import type { CompareContext, MembersContext } from "./compare-context.js";
import { compareVariants } from "./compare-variants.js";
import { describeType } from "./describe-type.js";
import { direction, meetAll, type Direction } from "./finding.js";
import { plainRecordFields, wireClass } from "./type-facts.js";

/**
 * The members of two records (or of two arms of a select), matched:
 *
 * 1. fields by name (case-insensitively when aligning), then by CBOR map key;
 * 2. a nested struct on one side whose fields the other side writes inline
 *    (TPL `SinglePart part;` vs the CDDL group `contentType, content`) is
 *    expanded and reported once as "nesting";
 * 3. the n-th select of one side with the n-th of the other;
 * 4. matched pairs out of order are "moved" (everything off the longest
 *    increasing run of positions);
 * 5. between two consecutive matched pairs, unmatched fields of the same
 *    wire shape (type-facts.ts wireClass), in order, are renames ("same
 *    position, same shape, different name"); the others are removed (left
 *    only) or added (right only).
 *
 * Verdicts (left = old, right = new):
 * - TPL is positional with no field markers: adding, removing, moving or
 *   re-nesting a field shifts every later byte, so neither direction decodes.
 *   A rename is invisible (names are not on the wire).
 * - CBOR arrays are positional too and decoders insist on the exact item
 *   count, so an added or removed field breaks both directions; only an
 *   omittable (`?`) field added at the end keeps old bytes decoding (and
 *   removing one keeps new bytes decoding under the old schema).
 * - CBOR maps carry keys: order does not matter and a rename with the same
 *   key is invisible; an omittable key added keeps old bytes decoding, a
 *   required one does not; a changed key breaks both directions.
 */
interface Item {
  readonly member: IRMember;
  /** Path prefix from an expanded nested struct ("part."). */
  readonly prefix: string;
}

export function compareMembers(c: CompareContext, lm: readonly IRMember[], rm: readonly IRMember[], ctx: MembersContext): void {
  let L: Item[] = lm.map((member) => ({ member, prefix: "" }));
  let R: Item[] = rm.map((member) => ({ member, prefix: "" }));
  let pairs = matchByName(c, L, R, ctx.encoding);
  for (let round = 0; round < 3; round++) {
    const expanded = expandNested(c, L, R, pairs, ctx);
    if (!expanded) break;
    ({ L, R } = expanded);
    pairs = matchByName(c, L, R, ctx.encoding);
  }
  // selects, in order
  const lv = L.map((x, i) => [x, i] as const).filter(([x]) => x.member.kind === "variant");
  const rv = R.map((x, i) => [x, i] as const).filter(([x]) => x.member.kind === "variant");
  for (let k = 0; k < Math.min(lv.length, rv.length); k++) pairs.set(lv[k]![1], rv[k]![1]);

  // order: keep the longest increasing run of right positions; the rest moved
  const ordered = [...pairs].sort((a, b) => a[0] - b[0]);
  const keep = longestIncreasing(ordered.map(([, j]) => j));
  const moved = new Set<number>();
  ordered.forEach(([i, j], k) => {
    if (keep.has(k)) return;
    moved.add(i);
    const a = L[i]!.member;
    const b = R[j]!.member;
    const cbor: Direction = ctx.encoding === "map" ? "both" : "neither";
    c.emit("field-moved", `${ctx.path}.${L[i]!.prefix}${nameOf(a)}`, `${nameOf(a)} is member ${i + 1} in ${c.L}, ${j + 1} in ${c.R}`, a.loc, b.loc, {
      tpl: "neither",
      cbor,
    });
  });

  // gaps between kept anchors: renames, then removals and additions
  const anchors = ordered.filter((_, k) => keep.has(k));
  const matchedL = new Set(pairs.keys());
  const matchedR = new Set(pairs.values());
  let prev: readonly [number, number] = [-1, -1];
  const adds: Direction[] = [];
  for (const anchor of [...anchors, [L.length, R.length] as const]) {
    const gl = range(prev[0] + 1, anchor[0]).filter((i) => !matchedL.has(i) && L[i]!.member.kind === "field");
    const gr = range(prev[1] + 1, anchor[1]).filter((j) => !matchedR.has(j) && R[j]!.member.kind === "field");
    let from = 0;
    for (const i of gl) {
      const cls = wireClass((L[i]!.member as IRField).type, c.left);
      const k = gr.findIndex((j, idx) => idx >= from && wireClass((R[j]!.member as IRField).type, c.right) === cls);
      if (k < 0) continue;
      pairs.set(i, gr[k]!);
      matchedL.add(i);
      matchedR.add(gr[k]!);
      from = k + 1;
    }
    for (const i of gl) if (!matchedL.has(i)) adds.push(removed(c, L[i]!, ctx));
    for (const j of gr) if (!matchedR.has(j)) adds.push(added(c, R[j]!, ctx));
    prev = anchor;
  }
  // selects one side has and the other not
  for (const [x] of lv.slice(rv.length)) adds.push(removed(c, x, ctx));
  for (const [x] of rv.slice(lv.length)) adds.push(added(c, x, ctx));

  const lf = L.filter((x) => x.member.kind === "field").length;
  const rf = R.filter((x) => x.member.kind === "field").length;
  if (lf !== rf) {
    c.emit("field-count", ctx.path, `${c.L} has ${lf} fields, ${c.R} ${rf}`, ctx.left, ctx.right, { tpl: "neither", cbor: meetAll(adds) });
  }

  const renames = new Map<string, string>();
  for (const [i, j] of pairs) {
    const a = L[i]!.member;
    const b = R[j]!.member;
    if (a.kind === "field" && b.kind === "field") renames.set(L[i]!.prefix + a.name, R[j]!.prefix + b.name);
  }
  for (const [i, j] of [...pairs].sort((x, y) => x[0] - y[0])) {
    const a = L[i]!;
    const b = R[j]!;
    if (a.member.kind === "field" && b.member.kind === "field") fieldPair(c, a, a.member, b.member, ctx, moved.has(i));
    else if (a.member.kind === "variant" && b.member.kind === "variant") compareVariants(c, a.member, b.member, ctx, renames, compareMembers);
  }
}

function fieldPair(c: CompareContext, item: Item, a: IRField, b: IRField, ctx: MembersContext, moved: boolean): void {
  const path = `${ctx.path}.${item.prefix}${a.name}`;
  if (!c.sameName(a.name, b.name)) {
    // Names are not on the wire in TPL or CBOR arrays; in a CBOR map only the key is.
    const keyed = ctx.encoding === "map";
    const sameKey = a.key === b.key;
    c.emit("field-renamed", path, `${c.L} ${a.name} is ${b.name} in ${c.R}${moved ? " (and moved)" : ""}`, a.loc, b.loc, {
      tpl: "both",
      cbor: !keyed || sameKey ? "both" : "neither",
    });
  }
  if (ctx.encoding === "map" && a.key !== b.key && c.sameName(a.name, b.name)) {
    c.emit("map-key", path, `${c.L} map key ${JSON.stringify(a.key)}, ${c.R} ${JSON.stringify(b.key)}`, a.loc, b.loc, { tpl: "both", cbor: "neither" });
  }
  const lOpt = a.type.kind === "optional";
  const rOpt = b.type.kind === "optional";
  const lAbs = !!a.omittable;
  const rAbs = !!b.omittable;
  if (lAbs !== rAbs || lOpt !== rOpt) {
    // An omittable field (`? key: T`) travels in TPL like optional<T>: one presence octet either way
    // (README, canonical mapping). CBOR tells them apart: null vs a missing key / trailing item.
    const tpl: Direction = (lAbs || lOpt) === (rAbs || rOpt) && (lAbs && lOpt) === (rAbs && rOpt) ? "both" : "neither";
    const cbor = direction((!lAbs || rAbs) && (!lOpt || rOpt), (!rAbs || lAbs) && (!rOpt || lOpt));
    c.emit("optionality", path, `${c.L} ${presence(lAbs, lOpt)}, ${c.R} ${presence(rAbs, rOpt)}`, a.loc, b.loc, { tpl, cbor });
    const strip = (t: IRType) => (t.kind === "optional" ? t.of : t);
    c.types({ t: strip(a.type), loc: a.loc, use: a.loc }, { t: strip(b.type), loc: b.loc, use: b.loc }, path);
    return;
  }
  c.types({ t: a.type, loc: a.loc, use: a.loc }, { t: b.type, loc: b.loc, use: b.loc }, path);
}

function presence(omittable: boolean, optional: boolean): string {
  if (omittable && optional) return "makes it omittable (?) and nullable";
  if (omittable) return "makes it omittable (?)";
  if (optional) return "makes it optional (null allowed)";
  return "requires it";
}

function removed(c: CompareContext, x: Item, ctx: MembersContext): Direction {
  const m = x.member;
  const cbor: Direction = m.kind === "field" && m.omittable ? "right-to-left" : "neither";
  const what = m.kind === "field" ? `field ${m.name} (${describeType(m.type)})` : `${nameOf(m)}`;
  c.emit("field-removed", `${ctx.path}.${x.prefix}${nameOf(m)}`, `${c.R} has no ${what}`, m.loc, ctx.right, { tpl: "neither", cbor });
  return cbor;
}

function added(c: CompareContext, x: Item, ctx: MembersContext): Direction {
  const m = x.member;
  const cbor: Direction = m.kind === "field" && m.omittable ? "left-to-right" : "neither";
  const what = m.kind === "field" ? `field ${m.name} (${describeType(m.type)}${m.omittable ? ", omittable" : ""})` : nameOf(m);
  c.emit("field-added", `${ctx.path}.${x.prefix}${nameOf(m)}`, `${c.R} adds ${what}`, ctx.left, m.loc, { tpl: "neither", cbor });
  return cbor;
}

function nameOf(m: IRMember): string {
  if (m.kind === "field") return m.name;
  const d = m.discriminant;
  return `select(${d.kind === "context" ? d.key : d.path.join(".")})`;
}

function matchByName(c: CompareContext, L: readonly Item[], R: readonly Item[], encoding: "array" | "map"): Map<number, number> {
  const pairs = new Map<number, number>();
  const used = new Set<number>();
  const tryMatch = (same: (a: IRField, b: IRField) => boolean) => {
    L.forEach((x, i) => {
      if (pairs.has(i) || x.member.kind !== "field") return;
      const a = x.member;
      const j = R.findIndex((y, k) => !used.has(k) && y.member.kind === "field" && same(a, y.member));
      if (j < 0) return;
      pairs.set(i, j);
      used.add(j);
    });
  };
  tryMatch((a, b) => a.name === b.name);
  tryMatch((a, b) => c.sameName(a.name, b.name));
  if (encoding === "map") tryMatch((a, b) => a.key !== undefined && a.key === b.key);
  return pairs;
}

/**
 * TPL nests a struct where CDDL writes its fields inline (a group). An
 * unmatched field whose type is a plain struct, at least half of whose
 * field names the other side has unmatched, is replaced by those fields.
 * TPL: a nested struct is its fields' bytes in order, so the same bytes.
 * CBOR: a nested array vs items inline, neither; except that a select arm
 * whose only member is a struct (`case single: SinglePart part;`) carries
 * its fields inline in CBOR too (README, canonical mapping), as the CDDL
 * group choice does: the same items.
 */
function expandNested(c: CompareContext, L: Item[], R: Item[], pairs: Map<number, number>, ctx: MembersContext): { L: Item[]; R: Item[] } | undefined {
  const unmatched = (items: Item[], matched: Set<number>) =>
    new Set(items.flatMap((x, i) => (!matched.has(i) && x.member.kind === "field" ? [c.opts.ignoreCase ? x.member.name.toLowerCase() : x.member.name] : [])));
  const key = (n: string) => (c.opts.ignoreCase ? n.toLowerCase() : n);
  const tryExpand = (items: Item[], matched: Set<number>, others: Set<string>, side: "left" | "right"): Item[] | undefined => {
    const scope = side === "left" ? c.left : c.right;
    for (let i = 0; i < items.length; i++) {
      const x = items[i]!;
      if (matched.has(i) || x.member.kind !== "field") continue;
      const f = x.member;
      const inner = plainRecordFields(f.type, scope);
      if (!inner) continue;
      const hits = inner.filter((g) => others.has(key(g.name))).length;
      if (hits === 0 || hits * 2 < inner.length) continue;
      const typeName = f.type.kind === "ref" ? f.type.name : "struct";
      const message =
        side === "left"
          ? `${c.L} nests ${f.name} (${typeName}: ${inner.map((g) => g.name).join(", ")}) where ${c.R} writes its fields inline`
          : `${c.R} nests ${f.name} (${typeName}: ${inner.map((g) => g.name).join(", ")}) where ${c.L} writes its fields inline`;
      const innerNames = new Set(inner.map((g) => key(g.name)));
      const otherLoc = side === "left" ? (firstLoc(R, innerNames, key) ?? ctx.right) : (firstLoc(L, innerNames, key) ?? ctx.left);
      const inlineArm =
        ctx.arm === true &&
        items.length === 1 &&
        x.prefix === "" &&
        !f.omittable &&
        f.type.kind === "ref" &&
        (scope.underlying(f.type) as { encoding?: string }).encoding !== "map";
      c.emit(
        "nesting",
        `${ctx.path}.${x.prefix}${f.name}`,
        message + (inlineArm ? " (the only member of its arm: inline in CBOR as well)" : ""),
        side === "left" ? f.loc : otherLoc,
        side === "left" ? otherLoc : f.loc,
        {
          tpl: "both",
          cbor: inlineArm ? "both" : "neither",
        },
      );
      if (f.type.kind === "ref") {
        const def = scope.definition(f.type.name, f.type.document);
        if (def) c.entered(side, def, `${ctx.path}.${x.prefix}${f.name}`);
      }
      const prefix = `${x.prefix}${f.name}.`;
      return [...items.slice(0, i), ...inner.map((g) => ({ member: g as IRMember, prefix: side === "left" ? prefix : x.prefix })), ...items.slice(i + 1)];
    }
    return undefined;
  };
  const nl = tryExpand(L, new Set(pairs.keys()), unmatched(R, new Set(pairs.values())), "left");
  if (nl) return { L: nl, R };
  const nr = tryExpand(R, new Set(pairs.values()), unmatched(L, new Set(pairs.keys())), "right");
  if (nr) return { L, R: nr };
  return undefined;
}

function firstLoc(items: readonly Item[], names: Set<string>, key: (n: string) => string): SourceLoc | undefined {
  return items.find((x) => x.member.kind === "field" && names.has(key(x.member.name)))?.member.loc;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Indices (into xs) of one longest strictly increasing subsequence. */
function longestIncreasing(xs: readonly number[]): Set<number> {
  const n = xs.length;
  const len = new Array<number>(n).fill(1);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (xs[j]! < xs[i]! && len[j]! + 1 > len[i]!) {
        len[i] = len[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let best = -1;
  for (let i = 0; i < n; i++) if (best < 0 || len[i]! > len[best]!) best = i;
  const out = new Set<number>();
  for (let i = best; i >= 0; i = prev[i]!) out.add(i);
  return out;
}
