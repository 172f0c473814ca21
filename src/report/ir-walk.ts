/**
 * Walks a value alongside its IR type and charges every byte of its TPL and
 * CBOR encodings to a field, a construct and a category (breakdown.ts).
 *
 * It restates the canonical mapping (README, "Both encodings") as sizes, on
 * purpose independently of the generated code, so that the report can check
 * for every message that framing + payload adds up to exactly what the
 * generated codecs produce: a walk that disagrees with them is a bug in one
 * of the two, and the report fails instead of printing a wrong breakdown.
 */
import { valueMatches, valueTestOf } from "../ir/union-options.js";
import type { IRCase, IRField, IRMember, IRType, Length } from "../ir/types.js";
import { cborHeadSize, encodeItem, floatSize, utf8Length, varintSize, type CborItem } from "../runtime/index.js";
import type { Bytes, Charge } from "./breakdown.js";
import { itemBytes } from "./item-bytes.js";
import type { SchemaDocument, SchemaDocuments as SchemaSet } from "./schema-set.js";

export interface WalkResult {
  readonly tpl: number;
  readonly cbor: number;
  readonly charges: readonly Charge[];
}

interface Size {
  tpl: number;
  cbor: number;
}

/** A field's contribution: sizes plus how many CBOR array items it adds to its record. */
interface FieldSize extends Size {
  items: number;
}

/** Thrown when a value does not fit its type the way the codecs would accept it. */
export class WalkError extends Error {
  override readonly name = "WalkError";
}

/** Charges every byte of `value` (of type `typeName` in `document`) in both formats. */
export function walkValue(set: SchemaSet, document: string, typeName: string, value: unknown, context: Record<string, unknown> = {}): WalkResult {
  const w = new Walker(set, { ...context });
  const doc = set.document(document);
  const s = w.type({ kind: "ref", name: typeName }, value, typeName, doc);
  return { tpl: s.tpl, cbor: s.cbor, charges: w.charges };
}

/**
 * One value in the tree of a walked value: a field, a vector element `[i]`,
 * a map entry `[i]` (with `key` and `value`), and its size in each format.
 * Every node's own framing (length prefix, presence octet, CBOR head, tag,
 * map key) comes before its children in both formats, so offsets follow
 * from the sizes (the playground's byte spans). `keyed`: a map-encoded
 * record, whose CBOR entries go out in `cborKey` order, not member order.
 */
export interface WalkNode {
  readonly label: string;
  readonly value: unknown;
  tpl: number;
  cbor: number;
  readonly children: WalkNode[];
  /** The CBOR map key written before this field's value (its bytes count in `cbor`). */
  cborKey?: Uint8Array;
  keyed?: boolean;
}

/** walkValue, and the value's tree with each node's size in both formats. */
export function walkValueTree(set: SchemaSet, document: string, typeName: string, value: unknown, context: Record<string, unknown> = {}): WalkResult & { tree: WalkNode } {
  const w = new Walker(set, { ...context });
  const doc = set.document(document);
  const tree: WalkNode = { label: typeName, value, tpl: 0, cbor: 0, children: [] };
  w.current = tree;
  const s = w.type({ kind: "ref", name: typeName }, value, typeName, doc);
  tree.tpl = s.tpl;
  tree.cbor = s.cbor;
  return { tpl: s.tpl, cbor: s.cbor, charges: w.charges, tree };
}

/** Length buckets at the boundaries where a TPL varint or a CBOR head grows. */
export function lengthBucket(n: number): string {
  if (n === 0) return "0 B";
  if (n < 24) return "1..23 B";
  if (n < 64) return "24..63 B";
  if (n < 256) return "64..255 B";
  if (n < 16384) return "256..16383 B";
  if (n < 65536) return "16384..65535 B";
  return ">= 65536 B";
}

class Walker {
  readonly charges: Charge[] = [];
  /** The node being filled, when the tree is asked for (walkValueTree). */
  current: WalkNode | undefined;
  /** The node `within` filled last. */
  private last: WalkNode | undefined;

  constructor(
    private readonly set: SchemaSet,
    /** the codec context: selects read it, structs publish their fields to it */
    private readonly ctx: Record<string, unknown>,
  ) {}

  /** `f` measures one node of the tree (when there is one): a field, an element, an entry. */
  private within<T extends Size>(label: string, value: unknown, f: () => T): T {
    const parent = this.current;
    if (!parent) return f();
    const node: WalkNode = { label, value, tpl: 0, cbor: 0, children: [] };
    parent.children.push(node);
    this.current = node;
    try {
      const s = f();
      node.tpl = s.tpl;
      node.cbor = s.cbor;
      this.last = node;
      return s;
    } finally {
      this.current = parent;
    }
  }

  private charge(path: string, construct: string, tpl: Bytes, cbor: Bytes): void {
    this.charges.push({ path, construct, tpl, cbor });
  }

  type(t: IRType, v: unknown, path: string, doc: SchemaDocument): Size {
    switch (t.kind) {
      case "ref":
        return this.ref(t, v, path, doc, false);
      case "checked":
        return this.type(t.of, v, path, doc);
      case "literal": {
        // nothing in TPL (the schema implies it); the item itself in CBOR
        const l = t.value;
        const cbor = l.type === "bool" ? 1 : l.type === "float" ? floatSize(l.value) : l.type === "text" ? textItemSize(l.value) : cborHeadSize(l.hex.length / 2) + l.hex.length / 2;
        this.charge(path, "literal", {}, { scalar: cbor });
        return { tpl: 0, cbor };
      }
      case "uint": {
        const tpl = t.bits / 8;
        const cbor = cborHeadSize(expectUint(v, path));
        this.charge(path, `uint${t.bits}`, { scalar: tpl }, { scalar: cbor });
        return { tpl, cbor };
      }
      case "int": {
        if (typeof v !== "bigint") throw new WalkError(`${path}: expected a bigint`);
        const cbor = cborHeadSize(v < 0n ? -1n - v : v);
        this.charge(path, "int", { scalar: 8 }, { scalar: cbor });
        return { tpl: 8, cbor };
      }
      case "bool":
        this.charge(path, "bool", { scalar: 1 }, { scalar: 1 });
        return { tpl: 1, cbor: 1 };
      case "null":
        this.charge(path, "null", {}, { scalar: 1 });
        return { tpl: 0, cbor: 1 };
      case "float": {
        if (typeof v !== "number") throw new WalkError(`${path}: expected a number`);
        const cbor = floatSize(v);
        this.charge(path, "float", { scalar: 8 }, { scalar: cbor });
        return { tpl: 8, cbor };
      }
      case "bytes":
      case "text":
        return this.string(t.kind, t.length, v, path);
      case "vector":
        return this.vector(t, v, path, doc);
      case "map":
        return this.map(t.key, t.value, v, path, doc, "map");
      case "optional": {
        if (v == null) {
          this.charge(path, "optional (absent)", { presence: 1 }, { presence: 1 });
          return { tpl: 1, cbor: 1 };
        }
        this.charge(path, "optional (present)", { presence: 1 }, {});
        const s = this.type(t.of, v, path, doc);
        return { tpl: 1 + s.tpl, cbor: s.cbor };
      }
      case "tagged": {
        const h = cborHeadSize(t.tag);
        this.charge(path, "tag", {}, { tag: h });
        const s = this.type(t.of, v, path, doc);
        return { tpl: s.tpl, cbor: h + s.cbor };
      }
      case "validated":
      case "any":
        return this.any(v, path);
      case "union":
        return this.union(t.options, v, path, doc);
      case "enum":
        return this.enumValue(t, v, path);
      case "record":
        throw new WalkError(`${path}: an inline record (records are definitions in the IR)`);
    }
  }

  private ref(t: IRType & { kind: "ref" }, v: unknown, path: string, from: SchemaDocument, cborInline: boolean): FieldSize {
    const { def, doc } = this.set.resolve(from, t.name, t.document);
    if (def.type.kind === "record") return this.record(def.name, def.type, v, path, doc, cborInline);
    if (cborInline) throw new WalkError(`${path}: only a record can be carried inline`);
    return { ...this.type(def.type, v, path, doc), items: 1 };
  }

  /** Follow refs to the type that decides the encoding, switching documents on the way. */
  private underlying(t: IRType, doc: SchemaDocument): { type: IRType; doc: SchemaDocument } {
    let cur = t;
    let d = doc;
    for (let i = 0; i < 64 && cur.kind === "ref"; i++) {
      const r = this.set.resolve(d, cur.name, cur.document);
      cur = r.def.type;
      d = r.doc;
    }
    return { type: cur, doc: d };
  }

  // ---------------------------------------------------------------- strings

  private string(kind: "bytes" | "text", len: Length, v: unknown, path: string): Size {
    let n: number;
    if (kind === "bytes") {
      if (!(v instanceof Uint8Array)) throw new WalkError(`${path}: expected bytes`);
      n = v.length;
    } else {
      if (typeof v !== "string") throw new WalkError(`${path}: expected text`);
      n = utf8Length(v);
    }
    const prefix = tplPrefix(len, n);
    const head = cborHeadSize(n);
    const construct =
      len.kind === "varint" || len.kind === "count"
        ? `${kind} ${lengthBucket(n)}`
        : len.kind === "prefixed"
          ? `${kind} with ${len.width}-octet length`
          : len.kind === "fixed"
            ? `${kind} [${len.bytes}] (fixed size)`
            : `${kind}, length from ${len.kind}`;
    this.charge(path, construct, { length: prefix, content: n }, { length: head, content: n });
    return { tpl: prefix + n, cbor: head + n };
  }

  // ---------------------------------------------------------------- collections

  private vector(t: IRType & { kind: "vector" }, v: unknown, path: string, doc: SchemaDocument): Size {
    if (!Array.isArray(v)) throw new WalkError(`${path}: expected an array`);
    const inner = { tpl: 0, cbor: 0 };
    for (const [i, e] of v.entries()) {
      const s = this.within(`[${i}]`, e, () => this.type(t.of, e, `${path}[]`, doc));
      inner.tpl += s.tpl;
      inner.cbor += s.cbor;
    }
    const prefix = tplPrefix(t.length, inner.tpl);
    const head = cborHeadSize(v.length);
    this.charge(path, v.length === 0 ? "vector (empty)" : "vector", { length: prefix }, { length: head });
    return { tpl: prefix + inner.tpl, cbor: head + inner.cbor };
  }

  /** A data map: TPL `<V>` vector of key/value pairs, CBOR map (`withHead` false: a record's rest entries). */
  private map(key: IRType, value: IRType, v: unknown, path: string, doc: SchemaDocument, construct: string, withHead = true): Size & { entries: number } {
    if (!(v instanceof Map)) throw new WalkError(`${path}: expected a Map`);
    const inner = { tpl: 0, cbor: 0 };
    let i = 0;
    for (const [k, x] of v) {
      this.within(`[${i++}]`, x, () => {
        const a = this.within("key", k, () => this.type(key, k, `${path}[].key`, doc));
        const b = this.within("value", x, () => this.type(value, x, `${path}[].value`, doc));
        inner.tpl += a.tpl + b.tpl;
        inner.cbor += a.cbor + b.cbor;
        return { tpl: a.tpl + b.tpl, cbor: a.cbor + b.cbor };
      });
    }
    const prefix = varintSize(inner.tpl);
    const head = withHead ? cborHeadSize(v.size) : 0;
    this.charge(path, v.size === 0 ? `${construct} (empty)` : construct, { length: prefix }, withHead ? { length: head } : {});
    return { tpl: prefix + inner.tpl, cbor: head + inner.cbor, entries: v.size };
  }

  // ---------------------------------------------------------------- records

  /**
   * A record: TPL fields in order, no framing of its own; CBOR an array (head
   * = number of items) or a map with keys. `cborInline`: a select case whose
   * only member is this struct carries its fields inline in the outer array.
   */
  private record(defName: string, rec: IRType & { kind: "record" }, v: unknown, path: string, doc: SchemaDocument, cborInline: boolean): FieldSize {
    if (v === null || typeof v !== "object") throw new WalkError(`${path}: expected an object`);
    const o = v as Record<string, unknown>;
    if ((rec.encoding ?? "array") === "map") {
      if (cborInline) throw new WalkError(`${path}: a map-encoded record cannot be inline`);
      return { ...this.mapRecord(defName, rec, o, path, doc), items: 1 };
    }
    const s = this.members(defName, rec.members, o, path, doc);
    if (rec.rest) throw new WalkError(`${path}: rest entries in an array-encoded record`);
    if (cborInline) return s;
    const head = cborHeadSize(s.items);
    this.charge(path, "struct (CBOR array head)", {}, { struct: head });
    return { tpl: s.tpl, cbor: s.cbor + head, items: 1 };
  }

  private members(defName: string, members: readonly IRMember[], o: Record<string, unknown>, path: string, doc: SchemaDocument): FieldSize {
    const total: FieldSize = { tpl: 0, cbor: 0, items: 0 };
    const add = (s: FieldSize) => {
      total.tpl += s.tpl;
      total.cbor += s.cbor;
      total.items += s.items;
    };
    for (const m of members) {
      if (m.kind === "field") add(this.field(defName, m, o, path, doc));
      else {
        const c = this.caseOf(m, o, doc, path);
        const inline = this.inlineCase(c.members, doc);
        if (inline) {
          const x = o[inline.name];
          const s = this.within(inline.name, x, () => this.ref(inline.type as IRType & { kind: "ref" }, x, `${path}.${inline.name}`, doc, true));
          this.publish(defName, inline.name, x);
          add(s);
        } else add(this.members(defName, c.members, o, path, doc));
      }
    }
    return total;
  }

  private field(defName: string, f: IRField, o: Record<string, unknown>, path: string, doc: SchemaDocument): FieldSize {
    return this.within(f.name, o[f.name], () => this.fieldSize(defName, f, o, path, doc));
  }

  private fieldSize(defName: string, f: IRField, o: Record<string, unknown>, path: string, doc: SchemaDocument): FieldSize {
    const x = o[f.name];
    const p = `${path}.${f.name}`;
    let s: FieldSize;
    if (f.omittable) {
      const tplPresent = x != null;
      const cborPresent = x !== undefined;
      if (tplPresent !== cborPresent) throw new WalkError(`${p}: an omittable field set to null`);
      this.charge(p, tplPresent ? "omittable field (present)" : "omittable field (absent)", { presence: 1 }, {});
      s = tplPresent ? { ...this.type(f.type, x, p, doc), items: 1 } : { tpl: 0, cbor: 0, items: 0 };
      s.tpl += 1;
    } else {
      s = { ...this.type(f.type, x, p, doc), items: 1 };
    }
    this.publish(defName, f.name, x);
    return s;
  }

  /** A struct publishes each field under `Struct.field`; selects elsewhere read them. */
  private publish(defName: string, field: string, value: unknown): void {
    this.ctx[`${defName}.${field}`] = value;
  }

  private caseOf(m: IRMember & { kind: "variant" }, o: Record<string, unknown>, doc: SchemaDocument, path: string): IRCase {
    const d = m.discriminant;
    let value: unknown;
    if (d.kind === "field") {
      value = o;
      for (const seg of d.path) value = value === null || typeof value !== "object" ? undefined : (value as Record<string, unknown>)[seg];
    } else if (d.kind === "context") {
      const alias = doc.contextAliases[d.key];
      value = this.ctx[d.key] ?? (alias ? this.ctx[alias] : undefined);
      if (value === undefined) throw new WalkError(`${path}: the codec context must give ${d.key}`);
    } else throw new WalkError(`${path}: unresolved select`);
    const hit = m.cases.find((c) => !c.isDefault && c.labels.some((l) => l === value)) ?? m.cases.find((c) => c.isDefault);
    if (!hit) throw new WalkError(`${path}: no case for ${String(value)}`);
    return hit;
  }

  /** gen-cbor-codec's rule: a case whose only member is an array-encoded struct is carried inline. */
  private inlineCase(members: readonly IRMember[], doc: SchemaDocument): IRField | null {
    if (members.length !== 1) return null;
    const f = members[0]!;
    if (f.kind !== "field" || f.omittable || f.type.kind !== "ref") return null;
    const u = this.underlying(f.type, doc).type;
    return u.kind === "record" && (u.encoding ?? "array") === "array" ? f : null;
  }

  /** A CDDL `{ key: T }` record: CBOR map with keys; TPL fields in order, the rest as a `<V>` map. */
  private mapRecord(defName: string, rec: IRType & { kind: "record" }, o: Record<string, unknown>, path: string, doc: SchemaDocument): Size {
    const total = { tpl: 0, cbor: 0 };
    let entries = 0;
    if (this.current) this.current.keyed = true;
    for (const m of rec.members) {
      if (m.kind !== "field") throw new WalkError(`${path}: a select inside a CBOR map`);
      const s = this.field(defName, m, o, path, doc);
      total.tpl += s.tpl;
      total.cbor += s.cbor;
      if (s.items > 0) {
        const k = keySize(m.key ?? m.name);
        this.charge(`${path}.${m.name}`, "struct field key (CBOR map)", {}, { key: k });
        if (this.current && this.last) {
          this.last.cbor += k;
          this.last.cborKey = encodeItem(typeof (m.key ?? m.name) === "string" ? { type: "text", value: String(m.key ?? m.name) } : keyItem(Number(m.key)));
        }
        total.cbor += k;
        entries++;
      }
    }
    if (rec.rest) {
      const rest = rec.rest;
      const s = this.within(rest.name, o[rest.name], () => this.map(rest.key, rest.value, o[rest.name], `${path}.${rest.name}`, doc, "rest map in a struct", false));
      total.tpl += s.tpl;
      total.cbor += s.cbor;
      entries += s.entries;
    }
    const head = cborHeadSize(entries);
    this.charge(path, "struct (CBOR map head)", {}, { struct: head });
    total.cbor += head;
    return total;
  }

  // ---------------------------------------------------------------- the rest

  private enumValue(t: IRType & { kind: "enum" }, v: unknown, path: string): Size {
    let wire: number | undefined;
    if (typeof v === "number") wire = v;
    else if (typeof v === "string") wire = t.values.find((x) => x.upTo === undefined && x.name === v)?.value;
    if (wire === undefined) throw new WalkError(`${path}: not a value of the enum: ${String(v)}`);
    const tpl = t.bits / 8;
    const cbor = cborHeadSize(wire);
    this.charge(path, `enum (${t.bits}-bit)`, { scalar: tpl }, { scalar: cbor });
    return { tpl, cbor };
  }

  private union(options: readonly IRType[], v: unknown, path: string, doc: SchemaDocument): Size {
    for (const o of options) {
      const u = this.underlying(o, doc);
      if (!this.matches(u.type, v, u.doc)) continue;
      this.charge(path, "union", { selector: 1 }, {});
      const s = this.type(o, v, path, doc);
      return { tpl: 1 + s.tpl, cbor: s.cbor };
    }
    throw new WalkError(`${path}: the value matches no option of the union`);
  }

  /** Which union option a JavaScript value encodes as: the generated guards' own table (src/ir/union-options.ts). */
  private matches(t: IRType, v: unknown, doc: SchemaDocument): boolean {
    const test = valueTestOf({ underlying: (x) => this.underlying(x, doc).type }, t);
    return test !== null && valueMatches(test, v);
  }


  /** CDDL any: CBOR carries the item as is; TPL wraps it in an `opaque<V>`. */
  private any(v: unknown, path: string): Size {
    const item = v as CborItem;
    const n = encodeItem(item).length;
    const inner = itemBytes(item);
    const prefix = varintSize(n);
    this.charge(path, "any (a CBOR item)", { ...inner, length: (inner.length ?? 0) + prefix }, inner);
    return { tpl: prefix + n, cbor: n };
  }
}

/** Bytes of the TPL length prefix for a content of n bytes. */
function tplPrefix(len: Length, n: number): number {
  switch (len.kind) {
    case "varint":
    case "count":
      return varintSize(n);
    case "prefixed":
      return len.width;
    default:
      return 0;
  }
}

function expectUint(v: unknown, path: string): number | bigint {
  if ((typeof v === "number" && Number.isInteger(v) && v >= 0) || (typeof v === "bigint" && v >= 0n)) return v;
  throw new WalkError(`${path}: expected an unsigned integer`);
}

/** Encoded size of a constant map key (text or integer). */
function keySize(k: string | number): number {
  if (typeof k === "string") return cborHeadSize(utf8Length(k)) + utf8Length(k);
  return cborHeadSize(k >= 0 ? k : -1 - k);
}

function textItemSize(s: string): number {
  const n = new TextEncoder().encode(s).length;
  return cborHeadSize(n) + n;
}

/** The CBOR item of an integer map key. */
function keyItem(k: number): CborItem {
  return k >= 0 ? { type: "uint", value: BigInt(k) } : { type: "nint", value: BigInt(k) };
}
