import type { SourceLoc } from "../diagnostics/index.js";
import type { TypeScope } from "../ir/type-scope.js";
import type { Definition, IRMember, IRType } from "../ir/types.js";
import type { At, CompareContext, CompareOptions } from "./compare-context.js";
import { compareIntegers } from "./compare-integers.js";
import { compareMaps, compareRestEntries } from "./compare-maps.js";
import { compareMembers } from "./compare-members.js";
import { compareStrings, isStringLike } from "./compare-strings.js";
import { compareOptional, compareTags, compareUnions } from "./compare-wrappers.js";
import { describeType } from "./describe-type.js";
import { direction, same, wireOf, type Finding, type FindingKind, type FormatVerdicts } from "./finding.js";

export type { At, CompareOptions } from "./compare-context.js";

/**
 * Structural comparison of two IR types, each read in its own TypeScope.
 *
 * Refs are followed on both sides. When both sides refer to a definition,
 * the pair is reported to `onRefPair` and compared unless `descend` says
 * it is compared elsewhere (align and wire-diff compare every paired
 * definition once, at its own name); a pair already being compared higher
 * up the stack is not entered again, so recursive types end.
 *
 * Every finding carries a verdict per wire format (see finding.ts); the
 * rule for each kind of difference is written where the finding is made.
 */
export interface TypeSide {
  readonly type: IRType;
  readonly scope: TypeScope;
  /** Where this type is written (a definition or field). */
  readonly loc: SourceLoc;
}

/** Compare two types; `path` names the left one (e.g. its definition's name). */
export function compareTypes(left: TypeSide, right: TypeSide, opts: CompareOptions & { readonly path: string }): Finding[] {
  const c = new Comparer(left.scope, right.scope, opts);
  c.types({ t: left.type, loc: left.loc, use: left.loc }, { t: right.type, loc: right.loc, use: right.loc }, opts.path);
  return c.out;
}

/** Compare two definitions, path rooted at the left name. */
export function compareDefinitions(left: Definition, leftScope: TypeScope, right: Definition, rightScope: TypeScope, opts: CompareOptions): Finding[] {
  return compareTypes(
    { type: left.type, scope: leftScope, loc: left.loc },
    { type: right.type, scope: rightScope, loc: right.loc },
    { ...opts, path: left.name },
  );
}

let nextId = 0;
const ids = new WeakMap<object, number>();
const idOf = (o: object): number => {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
};

class Comparer implements CompareContext {
  out: Finding[] = [];
  readonly L: string;
  readonly R: string;
  private readonly active = new Set<string>();
  private quiet = 0;

  constructor(
    readonly left: TypeScope,
    readonly right: TypeScope,
    readonly opts: CompareOptions,
  ) {
    const [l, r] = opts.labels ?? (opts.mode === "align" ? ["left", "right"] : ["old", "new"]);
    this.L = l;
    this.R = r;
  }

  emit(kind: FindingKind, path: string, message: string, left: SourceLoc, right: SourceLoc, formats: FormatVerdicts): void {
    this.out.push({ kind, path, message, left, right, wire: wireOf(formats, this.opts.mode), formats });
  }

  /** Run a comparison without reporting it: the findings it would make. */
  trial(fn: () => void): Finding[] {
    const saved = this.out;
    this.out = [];
    this.quiet++;
    try {
      fn();
      return this.out;
    } finally {
      this.out = saved;
      this.quiet--;
    }
  }

  entered(side: "left" | "right", def: Definition, path: string): void {
    if (!this.quiet) this.opts.onEnter?.(side, def, path);
  }

  sameName(a: string, b: string): boolean {
    return this.opts.ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  types(l: At, r: At, path: string): void {
    const lt = l.t;
    const rt = r.t;
    if (lt.kind === "ref" && rt.kind === "ref") return this.refs(l, r, lt, rt, path);
    if (lt.kind === "ref") return this.enter("left", l, r, lt, path);
    if (rt.kind === "ref") return this.enter("right", l, r, rt, path);
    if (lt.kind === "optional" || rt.kind === "optional") return compareOptional(this, l, r, path);
    if (lt.kind === "union" || rt.kind === "union") return compareUnions(this, l, r, path);
    if (lt.kind === "tagged" || rt.kind === "tagged") return compareTags(this, l, r, path);
    if (isInteger(lt) && isInteger(rt)) return compareIntegers(this, l, r, path);
    if (isStringLike(lt) && isStringLike(rt)) return compareStrings(this, l, r, path);
    if (lt.kind === "record" && rt.kind === "record") return this.records(l, r, lt, rt, path);
    if (lt.kind === "map" || rt.kind === "map") return compareMaps(this, l, r, path);
    if (lt.kind === rt.kind && (lt.kind === "bool" || lt.kind === "null" || lt.kind === "any")) return;
    if (lt.kind === "float" && rt.kind === "float") {
      // TPL writes every float as binary64; CBOR decoders take a float that fits the declared width.
      const lb = lt.bits ?? 64;
      const rb = rt.bits ?? 64;
      if (lb !== rb)
        this.emit("int-width", path, `${this.L} float${lb}, ${this.R} float${rb}`, l.loc, r.loc, { tpl: "both", cbor: direction(lb <= rb, rb <= lb) });
      return;
    }
    if (rt.kind === "any" || lt.kind === "any") {
      // CBOR: `any` takes one item of any type, so a change to any keeps old bytes (not the reverse).
      // TPL: any is opaque<V> holding the item's CBOR, unlike the TPL bytes of anything else.
      const toAny = rt.kind === "any";
      this.emit("type-changed", path, `${this.L} ${describeAt(l)}, ${this.R} ${describeAt(r)}`, l.use, r.use, {
        tpl: "neither",
        cbor: toAny ? "left-to-right" : "right-to-left",
      });
      return;
    }
    this.typeChanged(l, r, path);
  }

  /** Different kinds of value: different bytes in both formats. */
  typeChanged(l: At, r: At, path: string, detail = ""): void {
    this.emit("type-changed", path, `${this.L} ${describeAt(l)}, ${this.R} ${describeAt(r)}${detail}`, l.use, r.use, { tpl: "neither", cbor: "neither" });
  }

  // ------------------------------------------------------------ refs

  private refs(l: At, r: At, lt: IRType & { kind: "ref" }, rt: IRType & { kind: "ref" }, path: string): void {
    const dl = this.left.definition(lt.name, lt.document);
    const dr = this.right.definition(rt.name, rt.document);
    if (!dl || !dr) {
      if (!dl && !dr && lt.name === rt.name && lt.document === rt.document) return; // the same undefined name: nothing more to know
      const missing = [!dl ? `${this.L} ${lt.name}` : "", !dr ? `${this.R} ${rt.name}` : ""].filter(Boolean).join(" and ");
      // Undefined on one side: the draft itself cannot be decoded there, so no verdict can be "compatible".
      this.emit(
        "unresolved",
        path,
        `${missing} ${!dl && !dr ? "are" : "is"} not defined; cannot compare ${lt.name} with ${rt.name}`,
        l.use,
        r.use,
        same("neither"),
      );
      return;
    }
    if (!this.quiet) this.opts.onRefPair?.(dl, dr, path);
    if (this.opts.descend && !this.opts.descend(dl, dr)) return;
    if (!this.sameName(dl.name, dr.name) && unrelatedRecords(this.left.underlying(dl.type), this.right.underlying(dr.type), (x, y) => this.sameName(x, y))) {
      // Another struct altogether (PublicMessage -> HandshakeBundle): one finding, not a field-by-field diff of strangers.
      return this.typeChanged({ ...l, t: dl.type, from: { t: dl.type, name: dl.name } }, { ...r, t: dr.type, from: { t: dr.type, name: dr.name } }, path);
    }
    const key = `${idOf(dl)}|${idOf(dr)}`;
    if (this.active.has(key)) return;
    this.active.add(key);
    if (!this.quiet) {
      this.opts.onEnter?.("left", dl, path);
      this.opts.onEnter?.("right", dr, path);
    }
    try {
      this.types(
        { t: dl.type, loc: dl.loc, use: l.use, from: { t: dl.type, name: dl.name } },
        { t: dr.type, loc: dr.loc, use: r.use, from: { t: dr.type, name: dr.name } },
        path,
      );
    } finally {
      this.active.delete(key);
    }
  }

  private enter(side: "left" | "right", l: At, r: At, ref: IRType & { kind: "ref" }, path: string): void {
    const scope = side === "left" ? this.left : this.right;
    const d = scope.definition(ref.name, ref.document);
    if (!d) {
      const who = side === "left" ? this.L : this.R;
      this.emit(
        "unresolved",
        path,
        `${who} ${ref.name} is not defined; cannot compare it with ${describeType(side === "left" ? r.t : l.t)}`,
        l.use,
        r.use,
        same("neither"),
      );
      return;
    }
    const key = `${side}${idOf(d)}|${idOf(side === "left" ? r.t : l.t)}`;
    if (this.active.has(key)) return;
    this.active.add(key);
    if (!this.quiet) this.opts.onEnter?.(side, d, path);
    try {
      const at: At = { t: d.type, loc: d.loc, use: (side === "left" ? l : r).use, from: { t: d.type, name: d.name } };
      if (side === "left") this.types(at, r, path);
      else this.types(l, at, path);
    } finally {
      this.active.delete(key);
    }
  }

  // ------------------------------------------------------------ records and maps

  /**
   * A record's CBOR form, array or map: the same TPL bytes (TPL writes the
   * fields in order either way), different CBOR items.
   */
  private records(l: At, r: At, lt: IRType & { kind: "record" }, rt: IRType & { kind: "record" }, path: string): void {
    const le = lt.encoding ?? "array";
    const re = rt.encoding ?? "array";
    if (le !== re)
      this.emit("record-encoding", path, `${this.L} encodes it as a CBOR ${le}, ${this.R} as a CBOR ${re}`, l.loc, r.loc, { tpl: "both", cbor: "neither" });
    // a sequence's items are positional, as an array's are
    compareMembers(this, lt.members, rt.members, { path, left: l.loc, right: r.loc, encoding: le === re && le === "map" ? "map" : "array" });
    compareRestEntries(this, l, r, lt, rt, path);
  }
}

/** A definition's name and its type (`Expiration (record {2 members})`), or just the type. */
function describeAt(at: At): string {
  return at.from && at.from.t === at.t ? `${at.from.name} (${describeType(at.t)})` : describeType(at.t);
}

/**
 * Two records of different names that share fewer than half their field
 * names (counting the fields of select arms) are different types, not
 * versions of one.
 */
function unrelatedRecords(a: IRType, b: IRType, same: (x: string, y: string) => boolean): boolean {
  if (a.kind !== "record" || b.kind !== "record") return false;
  const names = (t: IRType & { kind: "record" }) => fieldNames(t.members);
  const an = names(a);
  const bn = names(b);
  if (an.length === 0 || bn.length === 0) return false;
  const shared = an.filter((x) => bn.some((y) => same(x, y))).length;
  return shared * 2 < Math.max(an.length, bn.length);
}

function fieldNames(members: readonly IRMember[]): string[] {
  return members.flatMap((m) => (m.kind === "field" ? [m.name] : m.cases.flatMap((c) => fieldNames(c.members))));
}

function isInteger(t: IRType): boolean {
  return t.kind === "uint" || t.kind === "int" || t.kind === "enum";
}
