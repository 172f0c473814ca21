import fc from "fast-check";
import type { TypeScope } from "../ir/type-scope.js";
import type { IRMember, IRType, IRVariant, Length } from "../ir/types.js";
import { encodeItem } from "../runtime/cbor-item.js";
import { tplBigIntegerSize } from "../runtime/bignum.js";
import { utf8Length } from "../runtime/utf8.js";
import { varintSize } from "../runtime/varint.js";
import { compareBytes, drawCborItem } from "./cbor-item-gen.js";
import { drawFrom, type Draw } from "./draw.js";
import { IrPlan } from "./ir-plan.js";
import { fieldConstraints, getPath, mergeFields, omittablesBeforeRequired, ownPathOf, type Constraint } from "./record-constraints.js";
import { canonicalNames, cborKey, declaredKeyBytes, guardIndex, prefixSize, sameBytes } from "./value-shapes.js";

/**
 * fast-check arbitraries of valid values for any IR type, in the value
 * representation the generated codecs use (README "Types"), together with
 * the codec context those values need.
 *
 * "Valid" means: both generated codecs of the type encode the value, and
 * decoding gives it back. So every bound is respected:
 * - byte bounds of opaque, text (UTF-8 bytes) and vectors (TPL bytes of the
 *   elements: the generator tracks the TPL size of everything it builds, and
 *   a vector stops growing, or drops an element, at its upper bound), fixed
 *   lengths, CDDL element counts, uint widths and ranges;
 * - enums as their names (one name per wire value), and numbers where the
 *   enum allows them (open registries, reserved ranges), never a number
 *   that has a name (it would decode as the name);
 * - a select's discriminant is one of the labels of the case whose fields
 *   are present: field discriminants (also nested paths such as
 *   `content.sender.sender_type`) are constrained before they are drawn;
 *   context discriminants come from the context, as the codecs see it at
 *   that point (values published by enclosing structs, else a value the
 *   caller must pass, returned in `context`); a default case gets an enum
 *   value none of the other cases names;
 * - `[field]` lengths: the length field is drawn small, the dependent field
 *   gets exactly that many bytes; `[context]` lengths are chosen and
 *   returned in `context` (or taken from it when an earlier field chose);
 * - vector elements with a TPL size of zero are left out (the TPL decoder
 *   rejects them as it cannot make progress);
 * - optional is `null` or a value; omittable fields are absent or a non-null
 *   value; in a CBOR-array record, once an omittable field is absent the
 *   later ones are too (positions would shift otherwise);
 * - maps have distinct keys (by their CBOR encoding), in RFC 8949 §4.2.1
 *   order of the encoded keys: deterministic CBOR has them in that order and
 *   decoders return a Map in wire order, so only a Map in that order comes
 *   back unchanged; a record's `rest` entries never use a declared key;
 * - union values are such that the encoders' JavaScript-type dispatch picks
 *   the option they were made for;
 * - `any` is a small CBOR item in core deterministic form;
 * - CDDL `int` stays within int64, the range of its TPL image.
 *
 * Recursion is bounded: after `maxDepth` entries into recursive definitions
 * the generator picks, at every choice, what needs the fewest further
 * entries (null, no elements, the cheapest case). Vector and map sizes
 * shrink with nesting (`maxLength` at the top, half as many one level
 * down, ...), so values of deep types stay small.
 */
export interface ArbitraryOptions {
  /** Entries into recursive definitions before the generator steers to a way out (default 2). */
  readonly maxDepth?: number;
  /** Most elements of an unconstrained vector or map, most extra bytes of a free-length field (default 4). */
  readonly maxLength?: number;
  /** Context key -> the key that may stand in for it (a document config's `contextAliases`). */
  readonly contextAliases?: Readonly<Record<string, string>>;
  /** Now and then draw byte and text lengths at prefix boundaries (63/64, 255/256, 16383/16384); default true. */
  readonly boundaryLengths?: boolean;
}

export interface ValueWithContext {
  readonly value: unknown;
  /** What encode and decode need in `{ context }`: context selects' discriminants and context lengths. */
  readonly context: Record<string, unknown>;
  /** The TPL encoding's length as the generator computed it, independently of the codecs. */
  readonly tplSize: number;
}

/** A value with the codec context it needs. */
export function arbitraryWithContext(scope: TypeScope, type: IRType, options: ArbitraryOptions = {}): fc.Arbitrary<ValueWithContext> {
  const plan = new IrPlan(scope, type, options.contextAliases ?? {});
  const settings: Settings = { maxDepth: options.maxDepth ?? 2, maxLength: options.maxLength ?? 4, boundary: options.boundaryLengths ?? true };
  return fc.gen().map((g) => generate(plan, settings, drawFrom(g), type));
}

/** Values only: for types that need a codec context, use arbitraryWithContext. */
export function arbitraryFor(scope: TypeScope, type: IRType, options?: ArbitraryOptions): fc.Arbitrary<unknown> {
  return arbitraryWithContext(scope, type, options).map((x) => x.value);
}

/** The generator cannot make a valid value along the path it took; the caller retries. */
export class GenerationFailure extends Error {
  override readonly name = "GenerationFailure";
}

const ATTEMPTS = 25;
/** Elements a vector or map may drop for not fitting before it gives up growing. */
const MISSES = 6;
/** Largest value drawn for a field another field's `[field]` length refers to. */
const SMALL_LENGTH = 16;
/** Where a length changes its prefix or head: CBOR 23/24, 255/256, 65535/65536; RFC 9420 varint 63/64, 16383/16384. */
const BOUNDARY_LENGTHS = [23, 24, 63, 64, 255, 256, 16383, 16384, 65535, 65536];
/** Where an integer's CBOR head or a varint changes width. */
const BOUNDARY_VALUES = [23, 24, 63, 64, 255, 256, 16383, 16384, 65535, 65536, 0xffffffff];
const BOUNDARY_BIGINTS = [0xffffffffn, 0x100000000n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 63n, 0xffffffffffffffffn];
/** Element counts around the CBOR head boundary (an array of 24 needs a 1-byte argument). */
const LONG_COUNT = [23, 24, 25];
/** Element kinds cheap enough for such long vectors. */
const SCALAR_KINDS: ReadonlySet<IRType["kind"]> = new Set(["uint", "int", "bool", "float", "enum", "bytes", "text"]);
const U64_MAX = 0xffffffffffffffffn;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

interface Settings {
  readonly maxDepth: number;
  readonly maxLength: number;
  readonly boundary: boolean;
}

/** A field as an own property: assigning `o["__proto__"]` would set the prototype instead. */
function setOwn(o: Record<string, unknown>, name: string, v: unknown): void {
  Object.defineProperty(o, name, { value: v, writable: true, enumerable: true, configurable: true });
}

function generate(plan: IrPlan, settings: Settings, d: Draw, type: IRType): ValueWithContext {
  const reasons = new Set<string>();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const b = new Builder(plan, settings, d);
    try {
      const { v, size } = b.type(type, undefined, undefined, undefined);
      return { value: v, context: Object.fromEntries(b.required), tplSize: size };
    } catch (e) {
      if (!(e instanceof GenerationFailure)) throw e;
      reasons.add(e.message);
    }
  }
  throw new Error(`arbitrary-from-ir: no valid value after ${ATTEMPTS} attempts: ${[...reasons].join("; ")}`);
}

function fail(msg: string): never {
  throw new GenerationFailure(msg);
}

/** A value and the length of its TPL encoding. */
interface Sized {
  readonly v: unknown;
  readonly size: number;
}

/** The record whose fields `[field]` lengths and field discriminants refer to. */
interface Owner {
  readonly name: string | undefined;
  readonly o: Record<string, unknown>;
}

interface RecordState {
  readonly arrayEncoded: boolean;
  /** Omittable fields some required field follows: absent, they would shift positions in a CBOR array. */
  readonly requiredAfter: ReadonlySet<string>;
  omitted: boolean;
}

class Builder {
  /** The codec context as the encoder sees it at this point of the walk. */
  readonly env = new Map<string, unknown>();
  /** The part of it the caller must supply. */
  readonly required = new Map<string, unknown>();
  private recursion = 0;
  private nesting = 0;

  constructor(
    private readonly plan: IrPlan,
    private readonly s: Settings,
    private readonly d: Draw,
  ) {}

  private get exhausted(): boolean {
    return this.recursion >= this.s.maxDepth;
  }

  type(t: IRType, doc: string | undefined, owner: Owner | undefined, con: Constraint | undefined): Sized {
    switch (t.kind) {
      case "ref":
        return this.ref(t, doc, con);
      case "uint":
        return this.uint(t, con);
      case "int": {
        if (t.big) {
          // sometimes past 64 bits, where bignums start; the sign follows the bounds
          const wide = 1n << BigInt(this.d.int(1, 160));
          const lo = t.min ?? -wide;
          const hi = t.max ?? wide;
          if (lo > hi) fail(`integer range ${lo}..${hi} is empty`);
          const v = this.d.bigint(lo, hi);
          return { v, size: tplBigIntegerSize(v) };
        }
        const lo = t.min !== undefined && BigInt(t.min) > I64_MIN ? BigInt(t.min) : I64_MIN;
        const hi = t.max !== undefined && BigInt(t.max) < I64_MAX ? BigInt(t.max) : I64_MAX;
        if (lo > hi) fail(`int range ${lo}..${hi} is empty within int64`);
        return { v: this.d.bigint(lo, hi), size: 8 };
      }
      case "checked": {
        // draw until the checks pass (a .ne or .default excludes one value; .bits is masked; nested CBOR is not drawn)
        if (t.checks.some((c) => c.op === "cbor" || c.op === "also" || c.op === "regexp")) fail("values under .cbor/.within/.and/.regexp checks are not drawn");
        for (let i = 0; i < 20; i++) {
          const r = this.type(t.of, doc, owner, con);
          if (passesChecks(t.checks, r.v)) return r;
        }
        fail("no value drawn passes the checks");
      }
      // falls through only by fail() throwing
      case "literal": {
        const l = t.value;
        return { v: l.type === "bytes" ? Uint8Array.from(l.hex.match(/../g) ?? [], (h) => parseInt(h, 16)) : l.value, size: 0 };
      }
      case "bool":
        return { v: this.d.bool(), size: 1 };
      case "null":
        return { v: null, size: 0 };
      case "float": {
        // a value of the width, within the bounds: halves of small integers fit every width
        const lo = t.min !== undefined ? Math.ceil(t.min) + (t.minExclusive ? 1 : 0) : -1000;
        const hi = t.max !== undefined ? Math.floor(t.max) - (t.maxExclusive ? 1 : 0) : 1000;
        const bounded = t.bits !== undefined || t.min !== undefined || t.max !== undefined;
        if (!bounded) return { v: this.d.double(), size: 8 };
        if (lo > hi) fail(`float range ${t.min}..${t.max} has no value this generator can draw`);
        const whole = Number(this.d.bigint(BigInt(lo), BigInt(hi)));
        return { v: whole + 0.5 <= hi && this.d.chance(50) ? whole + 0.5 : whole, size: 8 };
      }
      case "validated":
        fail("values of a validated generic type are not drawn (they must match a CDDL rule)");
      // fail() throws
      case "any": {
        const item = drawCborItem(this.d);
        const len = encodeItem(item).length;
        return { v: item, size: varintSize(len) + len };
      }
      case "tagged":
        return this.type(t.of, doc, owner, con);
      case "optional": {
        const cost = this.plan.cost(t.of, doc);
        if (cost === Infinity || (this.exhausted && cost > 0) || this.d.chance(30)) return { v: null, size: 1 };
        const r = this.type(t.of, doc, owner, con);
        return r.v == null ? { v: null, size: 1 } : { v: r.v, size: 1 + r.size };
      }
      case "bytes": {
        const n = this.byteLength(t.length, owner);
        return { v: t.allZero ? new Uint8Array(n) : this.d.bytes(n), size: prefixSize(t.length, n) + n };
      }
      case "text": {
        const n = this.byteLength(t.length, owner);
        return { v: this.textOfLength(n), size: prefixSize(t.length, n) + n };
      }
      case "vector":
        return this.vector(t, doc, owner);
      case "map":
        return this.map(t.key, t.value, t.min, t.max, doc, owner, []);
      case "union":
        return this.union(t.options, doc, owner);
      case "record":
        return this.record(t, undefined, doc, con);
      case "enum":
        return this.enumValue(t, con);
    }
  }

  private ref(t: IRType & { kind: "ref" }, doc: string | undefined, con: Constraint | undefined): Sized {
    const r = this.plan.resolve(t.name, t.document, doc);
    if (!r) fail(`type ${t.name} is not defined`);
    const recursive = this.plan.isRecursive(r);
    if (recursive) this.recursion++;
    try {
      const u = r.def.type;
      return u.kind === "record" ? this.record(u, r.def.name, r.doc, con) : this.type(u, r.doc, undefined, con);
    } finally {
      if (recursive) this.recursion--;
    }
  }

  // ------------------------------------------------------------ scalars

  private uint(t: IRType & { kind: "uint" }, con: Constraint | undefined): Sized {
    const min = t.min ?? 0;
    const cap = con?.maxValue !== undefined ? Math.max(min, con.maxValue) : Infinity;
    if (t.bits === 64) {
      let hi = t.max !== undefined ? BigInt(t.max) : U64_MAX;
      if (cap !== Infinity && BigInt(cap) < hi) hi = BigInt(cap);
      if (BigInt(min) > hi) fail(`uint64 range ${min}..${hi} is empty`);
      const edges = BOUNDARY_BIGINTS.filter((x) => x >= BigInt(min) && x <= hi);
      return { v: edges.length > 0 && this.d.chance(10) ? this.d.pick(edges) : this.d.bigint(BigInt(min), hi), size: 8 };
    }
    const max = Math.min(t.max ?? 2 ** t.bits - 1, cap);
    if (min > max) fail(`uint${t.bits} range ${min}..${max} is empty`);
    const edges = BOUNDARY_VALUES.filter((x) => x >= min && x <= max);
    return { v: edges.length > 0 && this.d.chance(10) ? this.d.pick(edges) : this.d.int(min, max), size: t.bits / 8 };
  }

  private enumValue(t: IRType & { kind: "enum" }, con: Constraint | undefined): Sized {
    const size = t.bits / 8;
    const names = canonicalNames(t.values);
    if (con?.labels) {
      const allowed = names.filter((n) => con.labels!.has(n));
      if (allowed.length === 0) fail(`no enum value among the labels ${[...con.labels].join(", ")}`);
      return { v: this.d.pick(allowed), size };
    }
    const numbers = t.open || t.values.some((v) => v.upTo !== undefined);
    if (names.length > 0 && (!numbers || this.d.chance(75))) return { v: this.d.pick(names), size };
    if (!numbers) fail("an enum without values");
    return { v: this.enumNumber(t), size };
  }

  /** A number the enum keeps as a number: within a reserved range, or anywhere in the width of an open enum; never a named value. */
  private enumNumber(t: IRType & { kind: "enum" }): number {
    const named = new Set(t.values.filter((v) => v.upTo === undefined).map((v) => v.value));
    const ranges = t.values.filter((v) => v.upTo !== undefined);
    const max = 2 ** t.bits - 1;
    for (let i = 0; i < 8; i++) {
      const useRange = ranges.length > 0 && (!t.open || this.d.bool());
      const r = useRange ? this.d.pick(ranges) : undefined;
      const x = r ? this.d.int(r.value, Math.min(r.upTo!, max)) : this.d.int(0, max);
      if (!named.has(x)) return x;
    }
    return fail("every number drawn for the enum has a name");
  }

  /** A byte length the framing accepts; `[field]` and `[context]` lengths are taken from where the codec takes them. */
  private byteLength(len: Length, owner: Owner | undefined): number {
    switch (len.kind) {
      case "varint":
      case "prefixed":
      case "count":
        return this.freeLength(len.min, len.max);
      case "fixed":
        return len.bytes;
      case "field":
        return ownLength(owner, len.path);
      case "context": {
        const own = ownPath(owner, len.key);
        if (own) return ownLength(owner, own);
        const have = this.env.get(len.key);
        if (typeof have === "number") return have;
        if (have !== undefined) fail(`context ${len.key} holds ${String(have)}, not a length`);
        const n = this.freeLength(0, 0xffff);
        this.setContext(len.key, n);
        return n;
      }
      case "rest":
        return this.freeLength(0, 0xffff);
    }
  }

  private freeLength(min: number, max: number): number {
    if (this.s.boundary && this.nesting < 2 && this.d.chance(4)) {
      const edges = BOUNDARY_LENGTHS.filter((n) => n >= min && n <= max);
      if (edges.length > 0) return this.d.pick(edges);
    }
    return this.d.int(min, Math.min(max, min + this.s.maxLength));
  }

  /** Exactly `n` bytes of UTF-8: a random string, cut to fit, padded with ASCII. */
  private textOfLength(n: number): string {
    let s = this.d.string(Math.min(n, 6));
    while (utf8Length(s) > n) s = [...s].slice(0, -1).join("");
    return s + "x".repeat(n - utf8Length(s));
  }

  private setContext(key: string, value: unknown): void {
    this.env.set(key, value);
    this.required.set(key, value);
  }

  // ------------------------------------------------------------ collections

  private snapshot(): () => void {
    const env = new Map(this.env);
    const required = new Map(this.required);
    return () => {
      this.env.clear();
      env.forEach((v, k) => this.env.set(k, v));
      this.required.clear();
      required.forEach((v, k) => this.required.set(k, v));
    };
  }

  private budget(): number {
    return this.s.maxLength >> this.nesting;
  }

  private vector(t: IRType & { kind: "vector" }, doc: string | undefined, owner: Owner | undefined): Sized {
    const len = t.length;
    let [lo, hi, countLo, countHi] = [0, Infinity, 0, Infinity];
    let exact: number | undefined;
    let contextKey: string | undefined;
    switch (len.kind) {
      case "varint":
      case "prefixed":
        [lo, hi] = [len.min, len.max];
        break;
      case "count":
        [countLo, countHi] = [len.min, len.max];
        break;
      case "fixed":
        exact = len.bytes;
        break;
      case "field":
        exact = ownLength(owner, len.path);
        break;
      case "context": {
        const own = ownPath(owner, len.key);
        const have = own ? ownLength(owner, own) : this.env.get(len.key);
        if (typeof have === "number") exact = have;
        else if (have !== undefined) fail(`context ${len.key} holds ${String(have)}, not a length`);
        else contextKey = len.key;
        break;
      }
      case "rest":
        break;
    }
    const cost = this.plan.cost(t.of, doc);
    const stop = cost === Infinity || (this.exhausted && cost > 0);
    const scalar = SCALAR_KINDS.has(this.plan.underlying(t.of, doc).type.kind);
    const long = !stop && scalar && this.nesting === 0 && this.d.chance(5) ? this.d.pick(LONG_COUNT) : 0;
    const free = long > 0 ? Math.min(countHi, Math.max(countLo, long)) : this.d.int(countLo, Math.max(countLo, Math.min(countHi, countLo + this.budget())));
    const target = exact !== undefined ? Infinity : stop ? countLo : free;
    const items: unknown[] = [];
    let content = 0;
    let misses = 0;
    const limit = exact ?? hi;
    const more = () => (exact !== undefined ? content < exact : items.length < target || content < lo);
    this.nesting++;
    try {
      while (more() && items.length < countHi && misses <= MISSES) {
        const restore = this.snapshot();
        const e = this.type(t.of, doc, owner, undefined);
        if (e.size === 0 || content + e.size > limit) {
          restore();
          misses++;
          continue;
        }
        items.push(e.v);
        content += e.size;
      }
    } finally {
      this.nesting--;
    }
    if (exact !== undefined && content !== exact) fail(`no elements fill exactly ${exact} bytes`);
    if (content < lo || items.length < countLo) fail(`vector below its minimum (${content} bytes, ${items.length} elements)`);
    if (contextKey !== undefined) this.setContext(contextKey, content);
    return { v: items, size: prefixSize(len, content) + content };
  }

  /** A Map with distinct keys in encoded-key order; `excluded`: encoded keys of a record's declared fields. */
  private map(key: IRType, value: IRType, min: number, max: number, doc: string | undefined, owner: Owner | undefined, excluded: readonly Uint8Array[]): Sized {
    const cost = this.plan.cost(key, doc) + this.plan.cost(value, doc);
    const stop = cost === Infinity || (this.exhausted && cost > 0);
    const n = stop ? min : this.d.int(min, Math.max(min, Math.min(max, min + this.budget())));
    const entries: Array<{ enc: Uint8Array; k: unknown; v: unknown }> = [];
    let content = 0;
    let misses = 0;
    this.nesting++;
    try {
      while (entries.length < n && misses <= MISSES) {
        const restore = this.snapshot();
        const k = this.type(key, doc, owner, undefined);
        const enc = cborKey(this.plan, key, k.v, doc);
        if (!enc) fail("map key type has no CBOR key image the generator knows");
        if (excluded.some((x) => sameBytes(x, enc)) || entries.some((e) => sameBytes(e.enc, enc))) {
          restore();
          misses++;
          continue;
        }
        const v = this.type(value, doc, owner, undefined);
        entries.push({ enc, k: k.v, v: v.v });
        content += k.size + v.size;
      }
    } finally {
      this.nesting--;
    }
    if (entries.length < min) fail(`map below its minimum of ${min} entries`);
    entries.sort((a, b) => compareBytes(a.enc, b.enc));
    return { v: new Map(entries.map((e) => [e.k, e.v])), size: varintSize(content) + content };
  }

  private union(options: readonly IRType[], doc: string | undefined, owner: Owner | undefined): Sized {
    const costs = options.map((o) => this.plan.cost(o, doc));
    const least = Math.min(...costs);
    let candidates = options.map((_, i) => i).filter((i) => costs[i]! < Infinity && (!this.exhausted || costs[i] === least));
    for (let attempt = 0; attempt < 2 * options.length && candidates.length > 0; attempt++) {
      const i = this.d.pick(candidates);
      const restore = this.snapshot();
      const r = this.type(options[i]!, doc, owner, undefined);
      // the encoders take the first option whose JavaScript type test the value passes
      if (guardIndex(this.plan, options, r.v, doc) === i) return { v: r.v, size: 1 + r.size };
      restore();
      if (attempt >= options.length) candidates = candidates.filter((j) => j !== i);
    }
    return fail("no union option produced a value its JavaScript type test selects");
  }

  // ------------------------------------------------------------ records

  private record(t: IRType & { kind: "record" }, name: string | undefined, doc: string | undefined, con: Constraint | undefined): Sized {
    const owner: Owner = { name, o: {} };
    const cons = mergeFields(
      fieldConstraints(t.members, name, (m) => this.affordable(m, doc), SMALL_LENGTH),
      con?.fields,
    );
    const state: RecordState = { arrayEncoded: t.encoding !== "map", requiredAfter: omittablesBeforeRequired(t.members), omitted: false };
    let size = this.members(t.members, owner, doc, cons, state);
    if (t.rest) {
      const declared = t.members.filter((m) => m.kind === "field").map((f) => declaredKeyBytes(f.key ?? f.name));
      const m = this.map(t.rest.key, t.rest.value, 0, 0xffffffff, doc, owner, declared);
      setOwn(owner.o, t.rest.name, m.v);
      size += m.size;
    }
    return { v: owner.o, size };
  }

  private members(ms: readonly IRMember[], owner: Owner, doc: string | undefined, cons: ReadonlyMap<string, Constraint>, state: RecordState): number {
    let size = 0;
    for (const m of ms) {
      if (m.kind === "variant") {
        size += this.members(this.chooseCase(m, owner, doc).members, owner, doc, cons, state);
        continue;
      }
      const con = cons.get(m.name);
      if (m.omittable) {
        const must = state.arrayEncoded && state.requiredAfter.has(m.name);
        const may = !(state.arrayEncoded && state.omitted);
        const cost = this.plan.cost(m.type, doc);
        const present = must || (may && cost < Infinity && !(this.exhausted && cost > 0) && this.d.chance(60));
        const r = present ? this.type(m.type, doc, owner, con) : undefined;
        if (!r || r.v == null) {
          if (must) fail(`omittable field ${m.name} must be present but its value is null`);
          state.omitted = true;
          size += 1; // TPL: the presence octet
          continue;
        }
        setOwn(owner.o, m.name, r.v);
        size += 1 + r.size;
        this.publish(owner, m.name, r.v);
        continue;
      }
      const r = this.type(m.type, doc, owner, con);
      setOwn(owner.o, m.name, r.v);
      size += r.size;
      this.publish(owner, m.name, r.v);
    }
    return size;
  }

  /** The generated codecs put `Struct.field` into the context when a context select reads that key. */
  private publish(owner: Owner, field: string, v: unknown): void {
    if (owner.name === undefined) return;
    const key = `${owner.name}.${field}`;
    if (this.plan.publishedKeys.has(key)) this.env.set(key, v);
  }

  private chooseCase(m: IRVariant, owner: Owner, doc: string | undefined): IRVariant["cases"][number] {
    const disc = m.discriminant;
    let value: unknown;
    if (disc.kind === "field") value = getPath(owner.o, disc.path);
    else if (disc.kind === "context") {
      const alias = this.plan.contextAliases[disc.key];
      value = this.env.get(disc.key) ?? (alias !== undefined ? this.env.get(alias) : undefined);
      if (value === undefined) {
        value = this.contextDiscriminant(m, doc);
        this.setContext(disc.key, value);
      }
    } else fail("unresolved select");
    const c = m.cases.find((x) => !x.isDefault && typeof value === "string" && x.labels.includes(value)) ?? m.cases.find((x) => x.isDefault);
    if (!c) fail(`no case for ${String(value)}`);
    return c;
  }

  /** A value for a context discriminant the caller supplies: a label of a random case, or for the default case a value no case names. */
  private contextDiscriminant(m: IRVariant, doc: string | undefined): unknown {
    const cases = this.affordable(m, doc);
    const labels = new Set(m.cases.flatMap((c) => c.labels));
    for (let i = 0; i < 4; i++) {
      const c = this.d.pick(cases);
      if (!c.isDefault) return this.d.pick(c.labels);
      const e = m.discriminant.kind === "unresolved" ? undefined : this.plan.resolve(m.discriminant.enumType, undefined, doc);
      const et = e && this.plan.underlying(e.def.type, e.doc).type;
      if (!et || et.kind !== "enum") continue;
      const others = canonicalNames(et.values).filter((n) => !labels.has(n));
      if (others.length > 0 && this.d.bool()) return this.d.pick(others);
      if (et.open || et.values.some((v) => v.upTo !== undefined)) return this.enumNumber(et);
      if (others.length > 0) return this.d.pick(others);
    }
    return fail("no value for the context discriminant");
  }

  /** The cases worth taking now: all with a finite cost, or only the cheapest once the recursion budget is spent. */
  private affordable(m: IRVariant, doc: string | undefined): IRVariant["cases"] {
    const costs = m.cases.map((c) => this.plan.membersCost(c.members, doc));
    const least = Math.min(...costs);
    const ok = m.cases.filter((_, i) => costs[i]! < Infinity && (!this.exhausted || costs[i] === least));
    if (ok.length === 0) fail("every case of the select needs unbounded recursion");
    return ok;
  }
}

// ------------------------------------------------------------ helpers

function ownPath(owner: Owner | undefined, key: string): string[] | null {
  return ownPathOf(owner?.name, key);
}

function ownLength(owner: Owner | undefined, path: readonly string[]): number {
  const v = owner ? getPath(owner.o, path) : undefined;
  const n = typeof v === "number" || typeof v === "bigint" ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 1 << 20) fail(`length field ${path.join(".")} is ${String(v)}`);
  return n;
}

/** The value-level checks a drawn value must pass (.ne, .default, .bits). */
function passesChecks(checks: readonly import("../ir/types.js").ValueCheck[], v: unknown): boolean {
  return checks.every((c) => {
    if (c.op === "ne") return !(c.value.type === "int" ? (typeof v === "bigint" ? v === c.value.value : typeof v === "number" && BigInt(Math.trunc(v)) === c.value.value && Number.isInteger(v)) : c.value.type === "bytes" ? false : v === c.value.value);
    if (c.op === "bits") {
      if (typeof v === "number" || typeof v === "bigint") {
        let x = BigInt(v);
        for (let b = 0; x > 0n; b++, x >>= 1n) if ((x & 1n) === 1n && !c.allowed.includes(b)) return false;
        return true;
      }
      return false;
    }
    return false;
  });
}
