import type { IRField, IRType } from "../ir/types.js";
import type { At, CompareContext } from "./compare-context.js";
import { compareLimit } from "./compare-strings.js";
import { describeType } from "./describe-type.js";
import { direction, meetAll } from "./finding.js";
import { boundsOf, inItems, mapBounds } from "./limits.js";
import { fixedTplSize, plainRecordFields } from "./type-facts.js";

/**
 * Maps (`{ * K => V }`), against each other, against a TPL vector of
 * key/value structs, and against CDDL map records with keyed fields and a
 * `* K => V` rest.
 */

export function compareMaps(c: CompareContext, l: At, r: At, path: string): void {
  const lt = l.t;
  const rt = r.t;
  if (lt.kind === "map" && rt.kind === "map") {
    compareLimit(c, l, r, mapBounds(lt.min, lt.max), mapBounds(rt.min, rt.max), path);
    c.types(part(c, "left", l, lt.key, `${path}{key}`), part(c, "right", r, rt.key, `${path}{key}`), `${path}{key}`);
    c.types(part(c, "left", l, lt.value, `${path}{value}`), part(c, "right", r, rt.value, `${path}{value}`), `${path}{value}`);
    return;
  }
  const mapLeft = lt.kind === "map";
  const m = (mapLeft ? lt : rt) as IRType & { kind: "map" };
  const other = mapLeft ? rt : lt;
  if (other.kind === "vector") return mapVsVector(c, l, r, m, other, mapLeft, path);
  if (other.kind === "record" && other.encoding === "map") return compareMapWithRecord(c, l, r, path);
  c.typeChanged(l, r, path);
}

/** A map's key or value type, located at the struct field it came from when there is one. */
function part(c: CompareContext, side: "left" | "right", at: At, t: IRType, path: string): At {
  const hit = c.opts.fieldOf?.[side]?.(t);
  if (!hit) return { ...at, t };
  c.entered(side, hit.owner, path);
  return { t, loc: hit.loc, use: hit.loc };
}

/**
 * `{ * K => V }` vs a vector of two-field structs (the README's mapping: a map's TPL
 * image is exactly that vector). TPL: the same bytes. CBOR: a map vs an
 * array of arrays.
 */
function mapVsVector(c: CompareContext, l: At, r: At, m: IRType & { kind: "map" }, v: IRType & { kind: "vector" }, mapLeft: boolean, path: string): void {
  const vscope = mapLeft ? c.right : c.left;
  const fields = plainRecordFields(v.of, vscope);
  if (!fields || fields.length !== 2) return c.typeChanged(l, r, path);
  const [k, val] = fields as [(typeof fields)[number], (typeof fields)[number]];
  const vname = v.of.kind === "ref" ? v.of.name : "struct";
  c.emit(
    "map-vs-vector",
    path,
    `${mapLeft ? c.L : c.R} has a map, ${mapLeft ? c.R : c.L} a vector of ${vname} {${k.name}, ${val.name}} (a CBOR array of arrays)`,
    l.loc,
    r.loc,
    { tpl: "both", cbor: "neither" },
  );
  const vb = inItems(boundsOf(v.length), fixedTplSize(v.of, vscope));
  const mb = mapBounds(m.min, m.max);
  compareLimit(c, l, r, mapLeft ? mb : vb, mapLeft ? vb : mb, path);
  const at = (side: At, f: typeof k | undefined, t: IRType): At => (f ? { t: f.type, loc: f.loc, use: f.loc } : { ...side, t });
  if (mapLeft) {
    c.types(at(l, undefined, m.key), at(r, k, k.type), `${path}{key}`);
    c.types(at(l, undefined, m.value), at(r, val, val.type), `${path}{value}`);
  } else {
    c.types(at(l, k, k.type), at(r, undefined, m.key), `${path}{key}`);
    c.types(at(l, val, val.type), at(r, undefined, m.value), `${path}{value}`);
  }
}

/**
 * `* K => V` entries after the keyed fields of a map record: an entry the
 * new schema takes with a rest decodes; one it has no rest for does not.
 */
export function compareRestEntries(c: CompareContext, l: At, r: At, lt: IRType & { kind: "record" }, rt: IRType & { kind: "record" }, path: string): void {
  if (lt.rest && rt.rest) {
    c.types({ ...l, t: lt.rest.key }, { ...r, t: rt.rest.key }, `${path}{key}`);
    c.types({ ...l, t: lt.rest.value }, { ...r, t: rt.rest.value }, `${path}{value}`);
  } else if (lt.rest || rt.rest) {
    const rest = (lt.rest ?? rt.rest)!;
    // TPL writes the rest as a <V> map after the fields: bytes appear or disappear.
    c.emit(
      "map-key",
      `${path}{${rest.name}}`,
      `${lt.rest ? c.L : c.R} takes other keys (* ${describeType(rest.key)} => ${describeType(rest.value)}), ${lt.rest ? c.R : c.L} rejects them`,
      l.loc,
      r.loc,
      {
        tpl: "neither",
        cbor: direction(!!rt.rest, !!lt.rest),
      },
    );
  }
}

/**
 * `{ * K => V }` vs a map record with keyed fields (and maybe `* K => V`):
 * the plain map's entries are compared with the record's rest entries;
 * every keyed field is a key one side names and the other does not.
 * Neither has a TPL image that the other shares.
 */
export function compareMapWithRecord(c: CompareContext, l: At, r: At, path: string): void {
  const mapLeft = l.t.kind === "map";
  const m = (mapLeft ? l.t : r.t) as IRType & { kind: "map" };
  const rec = (mapLeft ? r.t : l.t) as IRType & { kind: "record" };
  const fields = rec.members.filter((x): x is IRField => x.kind === "field");
  const rest = rec.rest;
  // plain-map entries read as rest entries (forward when the map is old), keyed fields must be omittable for maps without them to decode
  const entries = rest
    ? meetAll(
        c
          .trial(() => c.types(mapLeft ? { ...l, t: m.key } : { ...l, t: rest.key }, mapLeft ? { ...r, t: rest.key } : { ...r, t: m.key }, `${path}{key}`))
          .map((f) => f.formats.cbor),
      )
    : "neither";
  const mapToRecord =
    rest !== undefined && fields.every((f) => f.omittable) && (entries === "both" || entries === (mapLeft ? "left-to-right" : "right-to-left"));
  const recordToMap = false; // the record's keyed fields have their own keys and types the plain map does not promise to take
  const toRight = mapLeft ? mapToRecord : recordToMap;
  const toLeft = mapLeft ? recordToMap : mapToRecord;
  c.emit(
    "map-vs-record",
    path,
    `${mapLeft ? c.L : c.R} has a plain map (${describeType(m)}), ${mapLeft ? c.R : c.L} a map with keys ${fields.map((f) => `${f.omittable ? "?" : ""}${JSON.stringify(f.key)}: ${f.name}`).join(", ")}${rest ? ` and * ${describeType(rest.key)} => ${describeType(rest.value)}` : ""}`,
    l.loc,
    r.loc,
    { tpl: "neither", cbor: direction(toRight, toLeft) },
  );
  if (rest) {
    if (mapLeft) {
      c.types({ ...l, t: m.key }, { ...r, t: rest.key }, `${path}{key}`);
      c.types({ ...l, t: m.value }, { ...r, t: rest.value }, `${path}{value}`);
    } else {
      c.types({ ...l, t: rest.key }, { ...r, t: m.key }, `${path}{key}`);
      c.types({ ...l, t: rest.value }, { ...r, t: m.value }, `${path}{value}`);
    }
  }
}
