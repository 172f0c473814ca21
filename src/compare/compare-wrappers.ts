import type { At, CompareContext } from "./compare-context.js";
import { describeType } from "./describe-type.js";
import { wireClass } from "./type-facts.js";

/** Types that wrap another: optional<T>, type choices (unions) and CBOR tags. */

/**
 * optional<T> vs T. TPL: a presence octet appears or disappears, so no
 * bytes decode either way. CBOR: `null / T` still reads a bare T, so
 * making a value optional keeps old bytes; the reverse does not.
 * (Fields: compare-members.ts weighs optional and omittable together.)
 */
export function compareOptional(c: CompareContext, l: At, r: At, path: string): void {
  const lt = l.t;
  const rt = r.t;
  if (lt.kind === "optional" && rt.kind === "optional") return c.types({ ...l, t: lt.of }, { ...r, t: rt.of }, path);
  const rightOptional = rt.kind === "optional";
  c.emit(
    "optionality",
    path,
    rightOptional ? `${c.R} makes it optional (null allowed), ${c.L} requires a value` : `${c.L} makes it optional (null allowed), ${c.R} requires a value`,
    l.loc,
    r.loc,
    { tpl: "neither", cbor: rightOptional ? "left-to-right" : "right-to-left" },
  );
  if (rt.kind === "optional") c.types(l, { ...r, t: rt.of }, path);
  else if (lt.kind === "optional") c.types({ ...l, t: lt.of }, r, path);
}

/**
 * Type choices. CBOR tells the options apart by major type or tag, so
 * their order does not matter: each left option is matched with the right
 * option it compares best with; an option only the right side has is new
 * (old decoders reject it), one only the left side has no longer decodes.
 * TPL writes one octet naming the option by position (README, canonical
 * mapping), then the option: a moved option breaks both directions, an
 * option appended keeps old bytes decoding, and a single type becoming a
 * choice (or the reverse) gains (loses) the octet: neither.
 */
export function compareUnions(c: CompareContext, l: At, r: At, path: string): void {
  const lUnion = l.t.kind === "union";
  const rUnion = r.t.kind === "union";
  const lo = l.t.kind === "union" ? l.t.options : [l.t];
  const ro = r.t.kind === "union" ? r.t.options : [r.t];
  if (lUnion !== rUnion) {
    const [who, n, other] = lUnion ? [c.L, lo.length, c.R] : [c.R, ro.length, c.L];
    c.emit("union-option", path, `${who} has a choice of ${n} types (${describeType(lUnion ? l.t : r.t)}), ${other} one type`, l.loc, r.loc, {
      tpl: "neither",
      cbor: lUnion ? "right-to-left" : "left-to-right",
    });
  }
  const both = lUnion && rUnion;
  const usedRight = new Set<number>();
  lo.forEach((o, i) => {
    const p = lUnion ? `${path}|${i + 1}` : path;
    let best: { j: number; cost: number } | undefined;
    ro.forEach((x, j) => {
      if (usedRight.has(j)) return;
      const findings = c.trial(() => c.types({ ...l, t: o }, { ...r, t: x }, p));
      const cost = (untagged(wireClass(o, c.left)) === untagged(wireClass(x, c.right)) ? 0 : 1000) + findings.length * 2 + (j === i ? 0 : 1);
      if (!best || cost < best.cost) best = { j, cost };
    });
    if (best && best.cost < 1000) {
      usedRight.add(best.j);
      if (both && best.j !== i) {
        c.emit("union-option", p, `${c.L} alternative ${i + 1} (${describeType(o)}) is alternative ${best.j + 1} in ${c.R}`, l.loc, r.loc, {
          tpl: "neither",
          cbor: "both",
        });
      }
      c.types({ ...l, t: o }, { ...r, t: ro[best.j]! }, p);
    } else {
      c.emit("union-option", p, `${c.R} has no alternative for ${c.L} ${describeType(o)}`, l.loc, r.loc, {
        tpl: both ? "right-to-left" : "neither",
        cbor: "right-to-left",
      });
    }
  });
  ro.forEach((x, j) => {
    if (usedRight.has(j)) return;
    c.emit("union-option", `${path}|${j + 1}`, `${c.R} adds alternative ${describeType(x)}`, l.loc, r.loc, {
      tpl: both ? "left-to-right" : "neither",
      cbor: "left-to-right",
    });
  });
}

/** CBOR decoders require the tag exactly (`#6.n`); TPL has no tags (the README's mapping: transparent). */
export function compareTags(c: CompareContext, l: At, r: At, path: string): void {
  const lt = l.t;
  const rt = r.t;
  if (lt.kind === "tagged" && rt.kind === "tagged") {
    if (lt.tag !== rt.tag) c.emit("tag", path, `${c.L} tags it #6.${lt.tag}, ${c.R} #6.${rt.tag}`, l.use, r.use, { tpl: "both", cbor: "neither" });
    return c.types({ ...l, t: lt.of }, { ...r, t: rt.of }, path);
  }
  if (lt.kind === "tagged") {
    c.emit("tag", path, `${c.L} wraps it in tag #6.${lt.tag}, ${c.R} has no tag`, l.use, r.use, { tpl: "both", cbor: "neither" });
    return c.types({ ...l, t: lt.of }, r, path);
  }
  if (rt.kind === "tagged") {
    c.emit("tag", path, `${c.R} wraps it in tag #6.${rt.tag}, ${c.L} has no tag`, l.use, r.use, { tpl: "both", cbor: "neither" });
    return c.types(l, { ...r, t: rt.of }, path);
  }
}

/** A wire class without its tags: `#6.62 uint` and `uint` are the same option, with a tag finding. */
function untagged(cls: string): string {
  return cls.replace(/#6\.\d+ /g, "");
}
