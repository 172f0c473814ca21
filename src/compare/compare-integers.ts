import type { EnumValue, IRType } from "../ir/types.js";
import type { At, CompareContext } from "./compare-context.js";
import { direction, type Direction } from "./finding.js";
import { enumSet, integerSet, normalize, showSet, subset, type ValueSet } from "./value-set.js";

type IntegerType = IRType & { kind: "uint" | "int" | "enum" };

/**
 * uint, int and enum against each other. Verdicts come from the sets of
 * values each side decodes (value-set.ts): left bytes decode under the
 * right schema when the left set is a subset of the right one.
 *
 * - Width (TPL): fixed-width integers; any change moves every later byte,
 *   so neither direction decodes. CBOR writes the shortest head for the
 *   value, so only the value range counts there: widening a uint keeps old
 *   bytes, narrowing does not.
 * - Enum values: names are not on the wire. An added value decodes under
 *   the new schema only (old closed enums reject it); a removed value the
 *   reverse; a renumbered value means something else: neither.
 * - Open vs closed: an open enum keeps numbers it does not know.
 * - CDDL `int` travels in TPL as int64 (README, canonical mapping): eight
 *   octets, two's complement, so its TPL value set is int64's.
 */
export function compareIntegers(c: CompareContext, l: At, r: At, path: string): void {
  const lt = l.t as IntegerType;
  const rt = r.t as IntegerType;
  const ls = integerSet(lt)!;
  const rs = integerSet(rt)!;
  const setDir = direction(subset(ls, rs), subset(rs, ls));
  const lw = tplWidth(lt);
  const rw = tplWidth(rt);
  if (lw !== rw) {
    const cbor = lt.kind === "enum" || rt.kind === "enum" ? direction(lw <= rw, rw <= lw) : setDir;
    c.emit("int-width", path, `${c.L} ${widthName(lt)}, ${c.R} ${widthName(rt)}`, l.use, r.use, { tpl: "neither", cbor });
  }
  const tl = tplSet(lt, ls);
  const tr = tplSet(rt, rs);
  const tplDir = direction(subset(tl, tr), subset(tr, tl));
  const tpl = (d: Direction): Direction => (lt.kind === "int" || rt.kind === "int" ? tplDir : d);
  if (lt.kind === "enum" && rt.kind === "enum") return compareEnums(c, l, r, lt, rt, path, tpl);
  if (lt.kind === "enum" || rt.kind === "enum") {
    if (setDir === "both") return;
    const e = (lt.kind === "enum" ? lt : rt) as IRType & { kind: "enum" };
    const enumLeft = lt.kind === "enum";
    c.emit(
      "enum-vs-uint",
      path,
      `${enumLeft ? c.L : c.R} has a ${e.open ? "open" : "closed"} enum (${showSet(enumSet(e))}), ${enumLeft ? c.R : c.L} a plain ${enumLeft ? widthName(rt) : widthName(lt)} (${showSet(enumLeft ? rs : ls)})`,
      l.use,
      r.use,
      { tpl: tpl(setDir), cbor: setDir },
    );
    return;
  }
  if (lw === rw && (setDir !== "both" || tplDir !== "both")) {
    c.emit("int-range", path, `${c.L} accepts ${showSet(ls)}, ${c.R} ${showSet(rs)}`, l.loc, r.loc, { tpl: tpl(setDir), cbor: setDir });
  }
}

function tplWidth(t: IntegerType): number {
  return t.kind === "int" ? 64 : t.bits;
}

const INT64: ValueSet = [[-(1n << 63n), (1n << 63n) - 1n]];

/** The values a TPL decoder reads: an int is an int64. */
function tplSet(t: IntegerType, set: ValueSet): ValueSet {
  if (t.kind !== "int") return set;
  const [lo, hi] = set[0]!;
  return [[lo > INT64[0]![0] ? lo : INT64[0]![0], hi < INT64[0]![1] ? hi : INT64[0]![1]]];
}

function widthName(t: IntegerType): string {
  if (t.kind === "int") return "int";
  return t.kind === "enum" ? `enum${t.bits}` : `uint${t.bits}`;
}

function compareEnums(
  c: CompareContext,
  l: At,
  r: At,
  lt: IRType & { kind: "enum" },
  rt: IRType & { kind: "enum" },
  path: string,
  tpl: (d: Direction) => Direction,
): void {
  const emit = (kind: Parameters<CompareContext["emit"]>[0], p: string, message: string, d: Direction) =>
    c.emit(kind, p, message, l.loc, r.loc, { tpl: tpl(d), cbor: d });
  if (lt.open !== rt.open) {
    emit(
      "enum-open",
      path,
      `${c.L} enum is ${lt.open ? "open" : "closed"}, ${c.R} ${rt.open ? "open" : "closed"} (an open enum keeps unknown numbers)`,
      direction(rt.open, lt.open),
    );
  }
  const lset = enumSet(lt);
  const rset = enumSet(rt);
  const key = (v: EnumValue) => `${v.value}..${v.upTo ?? v.value}`;
  const show = (v: EnumValue) => `${v.name}(${v.upTo !== undefined ? `${v.value}..${v.upTo}` : v.value})`;
  const range = (v: EnumValue): ValueSet => normalize([[BigInt(v.value), BigInt(v.upTo ?? v.value)]]);
  const leftDone = new Set<EnumValue>();
  const rightDone = new Set<EnumValue>();
  // 1. the same name with another number: renumbered
  for (const a of lt.values) {
    const b = rt.values.find((x) => !rightDone.has(x) && c.sameName(x.name, a.name));
    if (!b) continue;
    leftDone.add(a);
    rightDone.add(b);
    if (key(a) !== key(b)) emit("enum-value-renumbered", `${path}.${a.name}`, `${a.name} is ${show(a)} in ${c.L}, ${show(b)} in ${c.R}`, "neither");
  }
  // 2. the same number with another name: renamed (names are not on the wire)
  for (const a of lt.values) {
    if (leftDone.has(a)) continue;
    const b = rt.values.find((x) => !rightDone.has(x) && key(x) === key(a));
    if (!b) continue;
    leftDone.add(a);
    rightDone.add(b);
    emit("enum-value-renamed", `${path}.${a.name}`, `${c.L} ${show(a)} is ${b.name} in ${c.R}`, "both");
  }
  // 3. the rest: removed or added; accepted anyway where the other side's set covers it (open, or a range)
  for (const a of lt.values) {
    if (leftDone.has(a)) continue;
    const covered = subset(range(a), rset);
    emit("enum-value-removed", `${path}.${a.name}`, `${c.R} has no value ${show(a)}${covered ? " (still accepted, unnamed)" : ""}`, direction(covered, true));
  }
  for (const b of rt.values) {
    if (rightDone.has(b)) continue;
    const covered = subset(range(b), lset);
    emit("enum-value-added", `${path}.${b.name}`, `${c.R} adds ${show(b)}${covered ? ` (${c.L} accepts it unnamed)` : ""}`, direction(true, covered));
  }
}
