import type { TypeScope } from "../ir/type-scope.js";
import type { IRField, IRType } from "../ir/types.js";

/**
 * Facts about one IR type that the comparison needs, all through refs
 * (depth-bounded, so recursive types end).
 */

const MAX_DEPTH = 16;

/**
 * The "shape" a rename must keep: what a CBOR decoder sees first (uint,
 * bytes, text, array, map, tag n …), with optional and tags kept. Two
 * fields of one shape at the same position are a rename, not a removal
 * plus an addition.
 */
export function wireClass(t: IRType, scope: TypeScope, depth = 0): string {
  if (depth > MAX_DEPTH) return "?";
  switch (t.kind) {
    case "ref": {
      const d = scope.definition(t.name, t.document);
      return d ? wireClass(d.type, scope, depth + 1) : `ref ${t.name}`;
    }
    case "uint":
    case "enum":
      return "uint";
    case "vector":
      return "array";
    case "record":
      return t.encoding === "map" ? "map" : "array";
    case "optional":
      return `optional ${wireClass(t.of, scope, depth + 1)}`;
    case "tagged":
      return `#6.${t.tag} ${wireClass(t.of, scope, depth + 1)}`;
    default:
      return t.kind;
  }
}

/** The TPL encoding's size when it is the same for every value (uint16: 2, opaque[32]: 32). */
export function fixedTplSize(t: IRType, scope: TypeScope, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (t.kind) {
    case "uint":
    case "enum":
      return t.bits / 8;
    case "bytes":
      return t.length.kind === "fixed" ? t.length.bytes : undefined;
    case "ref": {
      const d = scope.definition(t.name, t.document);
      return d ? fixedTplSize(d.type, scope, depth + 1) : undefined;
    }
    case "tagged":
      return fixedTplSize(t.of, scope, depth + 1);
    case "record": {
      let n = 0;
      for (const m of t.members) {
        if (m.kind !== "field") return undefined;
        const s = fixedTplSize(m.type, scope, depth + 1);
        if (s === undefined) return undefined;
        n += s;
      }
      return n;
    }
    default:
      return undefined;
  }
}

/** Through refs; stops at an undefined name. */
export function resolve(t: IRType, scope: TypeScope): IRType {
  return scope.underlying(t);
}

/** A record made only of fields (no select), through refs: what a nested TPL struct is. */
export function plainRecordFields(t: IRType, scope: TypeScope): readonly IRField[] | undefined {
  const u = resolve(t, scope);
  if (u.kind !== "record" || u.members.length === 0) return undefined;
  if (!u.members.every((m): m is IRField => m.kind === "field")) return undefined;
  return u.members;
}

/** A vector of uint8 (TPL `IdUrl url<V>` with `uint8 IdUrl;`): the same TPL bytes as opaque<V>. */
export function isByteVector(t: IRType, scope: TypeScope): boolean {
  if (t.kind !== "vector") return false;
  const e = resolve(t.of, scope);
  return e.kind === "uint" && e.bits === 8 && e.min === undefined && e.max === undefined;
}
