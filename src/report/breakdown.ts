/**
 * Where the bytes go: every byte of a TPL and a CBOR encoding charged to a
 * field path, a construct and a category. Framing is what a format spends
 * on its own structure (TPL length prefixes and presence octets; CBOR heads
 * of strings, arrays and maps, map keys, tags, null markers); payload is
 * what carries the value (string and byte contents, integers, enums, bools).
 */

export type Format = "tpl" | "cbor";

export type Category =
  /** bytes of text and byte strings: the same in both formats */
  | "content"
  /** integers, enums, bools, floats, null: fixed width in TPL, the head in CBOR */
  | "scalar"
  /** TPL length prefixes; CBOR heads of strings, arrays and data maps */
  | "length"
  /** CBOR array or map head of a record (a TPL struct has none) */
  | "struct"
  /** TPL presence octets; CBOR null standing for an absent optional */
  | "presence"
  /** CBOR keys of a map-encoded record */
  | "key"
  /** CBOR tag heads (TPL: the tag is implied by the schema) */
  | "tag"
  /** TPL octet naming a union option */
  | "selector";

export const CATEGORIES: readonly Category[] = ["content", "scalar", "length", "struct", "presence", "key", "tag", "selector"];
export const FRAMING_CATEGORIES: ReadonlySet<Category> = new Set(["length", "struct", "presence", "key", "tag", "selector"]);

export type Bytes = Partial<Record<Category, number>>;

/** One occurrence of a construct in a value, with what it costs in each format. */
export interface Charge {
  /** field path with vector indices collapsed, e.g. `mimiContent.nestedPart.parts[].content` */
  readonly path: string;
  /** e.g. `optional (absent)`, `text 24..63 B`, `uint32`, `record (array)` */
  readonly construct: string;
  readonly tpl: Bytes;
  readonly cbor: Bytes;
}

export interface Split {
  readonly framing: number;
  readonly payload: number;
}

export function sumBytes(b: Bytes): number {
  let n = 0;
  for (const c of CATEGORIES) n += b[c] ?? 0;
  return n;
}

export function splitBytes(b: Bytes): Split {
  let framing = 0;
  let payload = 0;
  for (const c of CATEGORIES) {
    const n = b[c] ?? 0;
    if (FRAMING_CATEGORIES.has(c)) framing += n;
    else payload += n;
  }
  return { framing, payload };
}

export function addBytes(into: Record<Category, number>, b: Bytes): void {
  for (const c of CATEGORIES) into[c] += b[c] ?? 0;
}

export function zeroCategories(): Record<Category, number> {
  return { content: 0, scalar: 0, length: 0, struct: 0, presence: 0, key: 0, tag: 0, selector: 0 };
}

/** Per-field or per-construct totals of both formats. */
export interface Row {
  readonly name: string;
  readonly occurrences: number;
  readonly tpl: Split;
  readonly cbor: Split;
}

function groupBy(charges: readonly Charge[], key: (c: Charge) => string): Row[] {
  const rows = new Map<string, { n: number; tpl: Record<Category, number>; cbor: Record<Category, number> }>();
  for (const c of charges) {
    const k = key(c);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { n: 0, tpl: zeroCategories(), cbor: zeroCategories() }));
    r.n++;
    addBytes(r.tpl, c.tpl);
    addBytes(r.cbor, c.cbor);
  }
  return [...rows].map(([name, r]) => ({ name, occurrences: r.n, tpl: splitBytes(r.tpl), cbor: splitBytes(r.cbor) }));
}

/** Totals per field path, in the order the paths first occur. */
export function byField(charges: readonly Charge[]): Row[] {
  return groupBy(charges, (c) => c.path);
}

/** Totals per construct, most favourable to CBOR first (TPL - CBOR descending). */
export function byConstruct(charges: readonly Charge[]): Row[] {
  const total = (s: Split) => s.framing + s.payload;
  return groupBy(charges, (c) => c.construct).sort((a, b) => total(b.tpl) - total(b.cbor) - (total(a.tpl) - total(a.cbor)) || a.name.localeCompare(b.name));
}

export function totalsOf(charges: readonly Charge[]): { tpl: Record<Category, number>; cbor: Record<Category, number> } {
  const tpl = zeroCategories();
  const cbor = zeroCategories();
  for (const c of charges) {
    addBytes(tpl, c.tpl);
    addBytes(cbor, c.cbor);
  }
  return { tpl, cbor };
}
