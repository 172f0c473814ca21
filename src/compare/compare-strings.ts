import type { IRType, Length } from "../ir/types.js";
import type { At, CompareContext } from "./compare-context.js";
import { same, type Direction } from "./finding.js";
import { boundsDirection, boundsOf, describeFraming, inItems, sameBounds, showBounds, tplFramingDirection, type Bounds } from "./limits.js";
import { fixedTplSize, isByteVector } from "./type-facts.js";

/** Byte strings, text and vectors: their kinds, length framing and bounds. */

type StringLike = IRType & { kind: "bytes" | "text" | "vector" };

export function isStringLike(t: IRType): t is StringLike {
  return t.kind === "bytes" || t.kind === "text" || t.kind === "vector";
}

export function compareStrings(c: CompareContext, l: At, r: At, path: string): void {
  const lt = l.t as StringLike;
  const rt = r.t as StringLike;
  if (lt.kind === "vector" && rt.kind === "vector") {
    compareLengths(c, l, r, lt.length, rt.length, path, { left: fixedTplSize(lt.of, c.left), right: fixedTplSize(rt.of, c.right) });
    return c.types({ ...l, t: lt.of }, { ...r, t: rt.of }, `${path}[]`);
  }
  if (lt.kind === "vector" || rt.kind === "vector") {
    const v = (lt.kind === "vector" ? lt : rt) as IRType & { kind: "vector" };
    const s = lt.kind === "vector" ? rt : lt;
    const vscope = lt.kind === "vector" ? c.left : c.right;
    if (!isByteVector(v, vscope)) return c.typeChanged(l, r, path);
    const element = v.of.kind === "ref" ? vscope.definition(v.of.name, v.of.document) : undefined;
    if (element) c.entered(lt.kind === "vector" ? "left" : "right", element, `${path}[]`);
    // A uint8 vector is opaque bytes in TPL (text adds a UTF-8 check); CBOR writes an array of uints, not a bstr/tstr.
    const toText = s.kind === "text";
    const vecLeft = lt.kind === "vector";
    const tpl: Direction = !toText ? "both" : vecLeft ? "right-to-left" : "left-to-right";
    c.emit(
      "vector-vs-string",
      path,
      `${vecLeft ? c.L : c.R} has a vector of uint8 (a CBOR array), ${vecLeft ? c.R : c.L} ${s.kind === "text" ? "text (tstr)" : "bytes (bstr)"}`,
      l.use,
      r.use,
      { tpl, cbor: "neither" },
    );
    return compareLengths(c, l, r, lt.length, rt.length, path);
  }
  if (lt.kind !== rt.kind) {
    // TPL: the same bytes; text adds a UTF-8 check. CBOR: bstr and tstr are different major types.
    const textLeft = lt.kind === "text";
    c.emit(
      "text-vs-bytes",
      path,
      `${c.L} ${lt.kind === "text" ? "text (tstr)" : "bytes (bstr)"}, ${c.R} ${rt.kind === "text" ? "text (tstr)" : "bytes (bstr)"}`,
      l.use,
      r.use,
      {
        tpl: textLeft ? "left-to-right" : "right-to-left",
        cbor: "neither",
      },
    );
  }
  compareLengths(c, l, r, lt.length, rt.length, path);
}

/**
 * Length framing and bounds. Framing matters to TPL only (CBOR heads carry
 * their own lengths). Bounds matter to both: left bytes decode under the
 * right schema when the right bounds contain the left ones. A TPL vector
 * counts bytes and a CDDL array items: with a fixed element size the
 * bytes convert exactly.
 */
export function compareLengths(
  c: CompareContext,
  l: At,
  r: At,
  ll: Length,
  rl: Length,
  path: string,
  elements?: { left: number | undefined; right: number | undefined },
): void {
  const framing = tplFramingDirection(ll, rl);
  if (framing !== "both") {
    c.emit("framing", path, `${c.L} frames the length with ${describeFraming(ll)}, ${c.R} with ${describeFraming(rl)}`, l.loc, r.loc, {
      tpl: framing,
      cbor: "both",
    });
  }
  let lb: Bounds = boundsOf(ll);
  let rb: Bounds = boundsOf(rl);
  if (elements && lb.unit !== rb.unit) {
    lb = inItems(lb, elements.left);
    rb = inItems(rb, elements.right);
  }
  compareLimit(c, l, r, lb, rb, path);
}

export function compareLimit(c: CompareContext, l: At, r: At, lb: Bounds, rb: Bounds, path: string): void {
  if (sameBounds(lb, rb)) return;
  c.emit("limit", path, `${c.L} allows ${showBounds(lb)}, ${c.R} ${showBounds(rb)}`, l.loc, r.loc, same(boundsDirection(lb, rb)));
}
