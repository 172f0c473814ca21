import { diag, type Diagnostic } from "../diagnostics/index.js";
import type { Definition, IRType } from "./types.js";
import { everyType } from "./walk.js";

/**
 * Union options a codec cannot keep apart, reported so a draft's author
 * (and the user of its codecs) knows before a message changes in transit:
 * - alike on the wire (the same items, whatever the field names:
 *   RFC 9052's untagged COSE_Sign1 and COSE_Mac0 are both
 *   [bstr, {…}, bstr / nil, bstr]): a decoder always gives the first, so
 *   the later one is never decoded (a warning);
 * - alike as values (the same TypeScript values, as a type and its tagged
 *   form are): an encoder always writes the first, so one decoded as the
 *   later option is written back as the first (a note).
 * Unions of more than MAX_OPTIONS options are not compared (pairs grow
 * quadratically; drafts are untrusted).
 */
const MAX_OPTIONS = 64;

type Mode = "wire" | "values";

export function checkUnionOptions(definitions: readonly Definition[]): Diagnostic[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const out: Diagnostic[] = [];
  for (const d of definitions) {
    for (const t of everyType(d.type)) {
      if (t.kind !== "union" || t.options.length > MAX_OPTIONS) continue;
      const neverDecoded = new Set<number>();
      for (let j = 1; j < t.options.length; j++) {
        for (let i = 0; i < j; i++) {
          if (neverDecoded.has(i)) continue;
          const a = t.options[i]!;
          const b = t.options[j]!;
          if (alike(a, b, "wire", byName, new Set())) {
            neverDecoded.add(j);
            out.push(diag("warning", "ir/union-options-alike", `${d.name}: options ${label(a)} and ${label(b)} are the same on the wire; a decoder always gives ${label(a)}, never ${label(b)}`, d.loc));
            break;
          }
          if (alike(a, b, "values", byName, new Set())) {
            out.push(diag("note", "ir/union-options-alike", `${d.name}: options ${label(a)} and ${label(b)} take the same values; an encoder always writes ${label(a)}, so a ${label(b)} decoded and encoded again is written as ${label(a)}`, d.loc));
            break;
          }
        }
      }
    }
  }
  return out;
}

function label(t: IRType): string {
  return t.kind === "ref" ? t.name : t.kind === "tagged" ? `#6.${t.tag}(…)` : t.kind;
}

/**
 * Structural equality of two IR types, following references (a pair of
 * definitions under comparison is assumed equal, so recursive types end).
 * "wire" ignores field names and enum value names (not on the wire), keeps
 * map keys and tags; "values" ignores tags (not in the value), keeps names.
 */
function alike(a: IRType, b: IRType, mode: Mode, defs: ReadonlyMap<string, Definition>, assumed: Set<string>): boolean {
  const ra = resolve(a, defs);
  const rb = resolve(b, defs);
  if (ra.ref && rb.ref) {
    if (ra.ref === rb.ref) return true;
    const pair = `${ra.ref}\u0000${rb.ref}`;
    if (assumed.has(pair)) return true;
    assumed.add(pair);
  }
  let x = ra.type;
  let y = rb.type;
  if (mode === "values") {
    while (x.kind === "tagged") x = x.of;
    while (y.kind === "tagged") y = y.of;
    if (x !== ra.type || y !== rb.type) return alike(x, y, mode, defs, assumed);
  }
  if (x.kind !== y.kind) return false;
  if (x.kind === "ref" || y.kind === "ref") return x.kind === "ref" && y.kind === "ref" && x.name === y.name && x.document === y.document;
  return sameShape(x, y, mode, defs, assumed);
}

/** A reference followed to the type it names (imported ones stay references). */
function resolve(t: IRType, defs: ReadonlyMap<string, Definition>): { type: IRType; ref?: string } {
  let ref: string | undefined;
  let cur = t;
  for (let hops = 0; cur.kind === "ref" && !cur.document && hops < 64; hops++) {
    const d = defs.get(cur.name);
    if (!d) break;
    ref = cur.name;
    cur = d.type;
  }
  return { type: cur, ref };
}

const IGNORED = new Set(["loc", "doc", "section"]);

function sameShape(x: unknown, y: unknown, mode: Mode, defs: ReadonlyMap<string, Definition>, assumed: Set<string>): boolean {
  if (x === y) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    return x.length === ys.length && x.every((v, i) => (isType(v) && isType(ys[i]) ? alike(v as IRType, ys[i] as IRType, mode, defs, assumed) : sameShape(v, ys[i], mode, defs, assumed)));
  }
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  const keys = new Set([...Object.keys(ox), ...Object.keys(oy)]);
  for (const k of keys) {
    if (IGNORED.has(k)) continue;
    // names are not on the wire (a field's, an enum value's; a map field's wire name is its `key`);
    // map keys and the CBOR form are not in the value
    if (mode === "wire" && k === "name" && ox.kind !== "ref") continue;
    if (mode === "values" && ((k === "key" && ox.kind === "field") || (k === "encoding" && ox.kind === "record"))) continue;
    const vx = ox[k];
    const vy = oy[k];
    if (isType(vx) && isType(vy)) {
      if (!alike(vx as IRType, vy as IRType, mode, defs, assumed)) return false;
    } else if (!sameShape(vx, vy, mode, defs, assumed)) return false;
  }
  return true;
}

const TYPE_KINDS = new Set(["validated", "checked", "literal", "uint", "int", "bool", "null", "float", "any", "tagged", "map", "union", "bytes", "text", "vector", "optional", "ref", "record", "enum"]);

function isType(v: unknown): boolean {
  return typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string" && TYPE_KINDS.has((v as { kind: string }).kind);
}
