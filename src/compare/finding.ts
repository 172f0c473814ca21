import type { SourceLoc } from "../diagnostics/index.js";

/**
 * One disagreement between two IR types, located on both sides.
 *
 * Paths name where in a value the difference sits, from the left
 * definition down (the notation is ours, close to the runtime's CodecError
 * paths):
 *
 *   `MimiContent.inReplyTo.hashAlg`        a field, through refs (optional<T> and aliases are transparent)
 *   `MimiContent.lastSeen[]`               the elements of a vector
 *   `MimiContent.extensions{key}`          the keys (`{value}`: the values) of a map
 *   `NestablePart.case(single).part`       a member of one arm of a select / group choice (`case(default)`)
 *   `NestablePart.select`                  the discriminant of a select
 *   `IdentifierRequest.select(searchType)` a whole select one side has and the other not
 *   `Timestamp|2`                          the second option of a union (type choice)
 *   `PartCardinality.null`                 one value of an enum
 *
 * The root is the left definition's name. A field only one side has is
 * named with that side's name; an expanded nested struct keeps its field
 * (`case(external).part.url`).
 */
export interface Finding {
  readonly kind: FindingKind;
  readonly path: string;
  readonly message: string;
  /** Where the left (TPL / old) side writes it: the field, alias or definition. */
  readonly left: SourceLoc;
  readonly right: SourceLoc;
  /**
   * The verdict for the comparison's mode: "align" says whether both sides
   * accept exactly the same bytes; "evolve" whether bytes written under the
   * left (old) schema still decode under the right (new) one.
   */
  readonly wire: "compatible" | "incompatible";
  /** Per wire format: which way bytes still decode. */
  readonly formats: FormatVerdicts;
}

export type FindingKind =
  // members of records and select arms
  | "field-added"
  | "field-removed"
  | "field-renamed"
  | "field-moved"
  | "field-count"
  | "nesting"
  | "record-encoding"
  | "map-key"
  // scalar types
  | "type-changed"
  | "int-width"
  | "int-range"
  | "enum-vs-uint"
  | "text-vs-bytes"
  | "vector-vs-string"
  | "map-vs-vector"
  | "map-vs-record"
  | "limit"
  | "framing"
  | "optionality"
  | "tag"
  | "union-option"
  // enums
  | "enum-value-added"
  | "enum-value-removed"
  | "enum-value-renamed"
  | "enum-value-renumbered"
  | "enum-open"
  // selects / group choices
  | "discriminant"
  | "case-added"
  | "case-removed"
  // references
  | "unresolved";

export const FINDING_KINDS: readonly FindingKind[] = [
  "field-added",
  "field-removed",
  "field-renamed",
  "field-moved",
  "field-count",
  "nesting",
  "record-encoding",
  "map-key",
  "type-changed",
  "int-width",
  "int-range",
  "enum-vs-uint",
  "text-vs-bytes",
  "vector-vs-string",
  "map-vs-vector",
  "map-vs-record",
  "limit",
  "framing",
  "optionality",
  "tag",
  "union-option",
  "enum-value-added",
  "enum-value-removed",
  "enum-value-renamed",
  "enum-value-renumbered",
  "enum-open",
  "discriminant",
  "case-added",
  "case-removed",
  "unresolved",
];

/**
 * Which bytes still decode, in one format:
 * - "both": bytes written under either side decode under the other;
 * - "left-to-right": left bytes decode under the right schema, not the
 *   reverse (a widening: in a version diff, old bytes still decode);
 * - "right-to-left": the reverse (a narrowing);
 * - "neither": the encodings differ;
 * - "n/a": one side has no encoding in this format (int, float, any, a union
 *   and friends have no TPL image).
 */
export type Direction = "both" | "left-to-right" | "right-to-left" | "neither" | "n/a";

export interface FormatVerdicts {
  readonly tpl: Direction;
  readonly cbor: Direction;
}

export type CompareMode = "align" | "evolve";

export function direction(forward: boolean, backward: boolean): Direction {
  return forward ? (backward ? "both" : "left-to-right") : backward ? "right-to-left" : "neither";
}

export function forwardOk(d: Direction): boolean {
  return d === "both" || d === "left-to-right";
}

export function backwardOk(d: Direction): boolean {
  return d === "both" || d === "right-to-left";
}

/**
 * Both findings hold: a difference that breaks either direction breaks the
 * whole. "n/a" wins: when one side has no encoding in a format, whether its
 * bytes decode is moot.
 */
export function meet(a: Direction, b: Direction): Direction {
  if (a === "n/a" || b === "n/a") return "n/a";
  return direction(forwardOk(a) && forwardOk(b), backwardOk(a) && backwardOk(b));
}

export function meetAll(ds: readonly Direction[]): Direction {
  return ds.reduce(meet, "both");
}

/** The same verdict in both formats. */
export function same(d: Direction): FormatVerdicts {
  return { tpl: d, cbor: d };
}

export function wireOf(formats: FormatVerdicts, mode: CompareMode): "compatible" | "incompatible" {
  const ok = (d: Direction) => d === "n/a" || d === "both" || (mode === "evolve" && d === "left-to-right");
  return ok(formats.tpl) && ok(formats.cbor) ? "compatible" : "incompatible";
}

/** The combined verdict of many findings (e.g. all of one type), per format. */
export function combine(findings: readonly { readonly formats: FormatVerdicts }[]): FormatVerdicts {
  return { tpl: meetAll(findings.map((f) => f.formats.tpl)), cbor: meetAll(findings.map((f) => f.formats.cbor)) };
}
