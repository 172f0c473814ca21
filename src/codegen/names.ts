import { ident, isReservedWord, type Code } from "./code.js";

/**
 * Draft names -> TypeScript identifiers, one stable rule for every document
 * (README, "Names"):
 * - a name that is a plain identifier stays as it is (`KeyPackage`);
 * - any other character becomes `_` (`foo-bar` -> `foo_bar`, `$eid` ->
 *   `_eid`, `@x` -> `_x`), and a leading digit gets a `_` before it;
 * - a reserved word, a global the generated code uses (`Map`,
 *   `Uint8Array`, ...) or a constant every module exports gets `$`
 *   appended (`delete` -> `delete$`, `Map` -> `Map$`);
 * - a name another definition already holds gets `$2`, `$3`, ... (names
 *   that need no change are placed first, so they never move).
 * Identifiers the generator makes for itself always contain a `$` that no
 * draft-derived identifier can have in the same place: internal functions
 * are `<kind>$<identifier>` (`tplSize$KeyPackage`), runtime imports and
 * other documents' bindings start with `$`. So no draft name can shadow or
 * redefine anything the module relies on.
 */

/** Globals and TypeScript library types that generated code refers to, and the constants every module exports. */
const TAKEN = new Set([
  "Array",
  "ArrayBuffer",
  "BigInt",
  "Boolean",
  "DataView",
  "Date",
  "Error",
  "Exclude",
  "Function",
  "Infinity",
  "Iterable",
  "JSON",
  "Map",
  "Math",
  "NaN",
  "Number",
  "Object",
  "Omit",
  "Partial",
  "Pick",
  "Promise",
  "RangeError",
  "Readonly",
  "ReadonlyArray",
  "ReadonlyMap",
  "Record",
  "Reflect",
  "RegExp",
  "Required",
  "Set",
  "String",
  "Symbol",
  "TextDecoder",
  "TextEncoder",
  "TypeError",
  "Uint8Array",
  "globalThis",
  "undefined",
  "console",
  "TYPE_NAMES",
  "CONTEXT_KEYS",
  "DOCUMENT_LIMITS",
]);

/** The identifier a name would get before clashes are resolved. */
export function baseIdentifier(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (s === "" || /^[0-9]/.test(s)) s = `_${s}`;
  return isReservedWord(s) || TAKEN.has(s) ? `${s}$` : s;
}

/**
 * Identifiers for a document's definitions, in a stable order: first the
 * names that are already plain identifiers, then the rest, each getting the
 * first free candidate.
 */
export function assignIdentifiers(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  const unchanged = (n: string) => baseIdentifier(n) === n;
  const place = (n: string) => {
    if (out.has(n)) return;
    const base = baseIdentifier(n);
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base.endsWith("$") ? base.slice(0, -1) : base}$${k}`;
    used.add(id);
    out.set(n, id);
  };
  for (const n of names) if (unchanged(n)) place(n);
  for (const n of names) place(n);
  return out;
}

/** The internal functions of a type, one per codec and pass. */
export type InternalKind =
  | "tplSize"
  | "tplWrite"
  | "tplRead"
  | "cborSize"
  | "cborWrite"
  | "cborRead"
  | "cborFieldsSize"
  | "cborFieldsWrite"
  | "cborFieldsRead"
  | "enumName"
  | "enumWire"
  | "enumFromWire"
  | "cborEnumName"
  | "cborEnumWire"
  | "cborEnumFromWire"
  | "mapKey"
  | "mapKeys"
  | "tplConst"
  | "cborConst"
  | "tplCodec"
  | "cborCodec";

/** `tplSize$KeyPackage`: the kind, a `$`, the type's identifier. */
export function internalName(kind: InternalKind, identifier: string): string {
  return `${kind}$${identifier}`;
}

/** The binding of another generated document: `$doc$rfc9420`. */
export function documentBinding(document: string): string {
  return `$doc$${document.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** A runtime export as generated code refers to it: `$checkUint`. */
export function runtimeBinding(name: string): Code {
  return ident(`$${name}`);
}
