import type { Definition, IRField, IRMember, IRType, Length, LiteralValue } from "../ir/types.js";
import { everyType } from "../ir/walk.js";
import { cborMajorsOf, literalOf, planUnion, valueTestOf, type CborMajor } from "../ir/union-options.js";
import { code, jsonLit, lines, lit, type Code } from "./code.js";
import { describeLiteral, EmitterBase, hexBytes, type Fail } from "./emitter-base.js";
import type { GenContext } from "./gen-context.js";
import { genCborEnum } from "./gen-enum.js";
import { compareKeys, encodeBytesItem, encodeKey, headSize, type MapKey } from "./map-keys.js";

/**
 * IR -> specialised CBOR size, write and read functions for one definition,
 * the same shape as the TPL ones (gen-tpl-codec.ts): a checking size pass
 * that records text lengths and item counts in `s`, a trusting write pass,
 * and strict readers that track the current field in `at`.
 *
 * Canonical mapping (README, "Both encodings"): records are arrays in field
 * order (or maps with keys, where CDDL says so), a select's arm fields
 * follow its discriminator inline, optional is null, enums are uints,
 * vectors are arrays, byte strings bstr, text tstr.
 */
export function genCborFunctions(ctx: GenContext, def: Definition): Code {
  if (def.type.kind === "enum") return genCborEnum(ctx, def.name, def.type, ctx.ownEnumLookups.has(def.name));
  return new CborEmitter(ctx, def).generate();
}

/** Two options of a union that CBOR cannot tell apart. */
export class AmbiguousUnionError extends Error {
  override readonly name = "AmbiguousUnionError";
}

/** A generated function's parameters, each `_`-prefixed where its body does not read it. */
type Params = { readonly c: Code; readonly s: Code; readonly w: Code; readonly r: Code; readonly v: Code; readonly n: Code; readonly acc: Code; readonly kc: Code; readonly k: Code };

class CborEmitter extends EmitterBase {
  protected readonly constPrefix = "cborConst" as const;

  private get names() {
    return this.ctx.names;
  }

  private get self() {
    return { name: this.def.name };
  }

  generate(): Code {
    const { type } = this.def;
    const n = this.names;
    const T = n.type(this.self);
    const CC = n.rtType("CodecContext");
    const SC = n.rtType("SizeCache");
    const recursive = this.ctx.recursive.has(this.def.name);
    const o = code`o`;
    const out: Code[] = [];
    const fn = (sig: (p: Params) => Code, body: () => Code[]): void => {
      this.resetUsage();
      const b = this.withoutUnusedObject(this.withoutUnusedPositions(body()));
      const p = { ...this.params(), w: this.param("w", b), r: this.param("r", b), v: this.param("v", b), n: this.param("n", b), acc: this.param("acc", b), kc: this.param("kc", b), k: this.param("k", b) };
      out.push(sig(p), ...b, code`}`, code``);
    };
    if (type.kind === "record" && type.encoding === "sequence") {
      // RFC 8742: the items back to back, no head; at the top level, until the end of the input
      fn(
        (p) => code`export function ${n.fn("cborSize", this.self)}(${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): number {`,
        () => [this.fieldsCount(type) !== null ? code`return ${n.fn("cborFieldsSize", this.self)}(v, ${this.c}, ${this.s});` : code`return ${n.fn("cborFieldsSize", this.self)}(v, ${this.c}, ${this.s}, { k: 0 });`],
      );
      fn(
        (p) => code`export function ${n.fn("cborWrite", this.self)}(${p.w}: ${n.rtType("CborWriter")}, ${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): void {`,
        () => [code`${n.fn("cborFieldsWrite", this.self)}(w, v, ${this.c}, ${this.s});`],
      );
      fn(
        (p) => code`export function ${n.fn("cborRead", this.self)}(${p.r}: ${n.rtType("CborReader")}, ${p.c}: ${CC}): ${T} {`,
        () => [code`return ${n.fn("cborFieldsRead", this.self)}(r, ${this.c}, ${this.rt("SEQUENCE")}, ${this.fieldsCount(type) !== null ? code`0` : code`{ k: 0 }`});`],
      );
      this.fieldsFunctions(type.members, fn);
      return lines([...this.constants, ...out]);
    }
    if (type.kind === "record") {
      const enc = type.encoding ?? "array";
      fn(
        (p) => code`export function ${n.fn("cborSize", this.self)}(${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): number {`,
        () => [
          code`const o: any = ${this.rt("checkObject")}(v);`,
          code`let n = 0;`,
          code`let at = "";`,
          ...(recursive ? [code`${this.s}.enter();`] : []),
          code`try {`,
          ...(enc === "array" ? this.arraySize(type.members, o) : this.mapSize(type, o)),
          code`} catch (e) { ${this.rt("rethrowWithPath")}(e, at); }`,
          ...(recursive ? [code`${this.s}.leave();`] : []),
          code`return n;`,
        ],
      );
      fn(
        (p) => code`export function ${n.fn("cborWrite", this.self)}(${p.w}: ${n.rtType("CborWriter")}, ${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): void {`,
        () => [code`const o: any = v;`, ...(enc === "array" ? [code`w.arrayHead(${this.arrayCount(type.members)});`, ...this.membersWrite(type.members, o)] : this.mapWrite(type, o))],
      );
      fn(
        (p) => code`export function ${n.fn("cborRead", this.self)}(${p.r}: ${n.rtType("CborReader")}, ${p.c}: ${CC}): ${T} {`,
        () =>
          this.recordReadBody({
            literal: enc === "array" && this.literalShape(type.members),
            members: type.members,
            type: T,
            recursive,
            read: () => (enc === "array" ? this.arrayRead(type.members, o) : this.mapRead(type, o)),
          }),
      );
      if (enc === "array") this.fieldsFunctions(type.members, fn);
      return lines([...this.constants, ...out]);
    }
    fn(
      (p) => code`export function ${n.fn("cborSize", this.self)}(${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): number {`,
      () => [code`let n = 0;`, ...(recursive ? [code`${this.s}.enter();`] : []), ...this.sizeType(type, code`(v as any)`), ...(recursive ? [code`${this.s}.leave();`] : []), code`return n;`],
    );
    fn((p) => code`export function ${n.fn("cborWrite", this.self)}(${p.w}: ${n.rtType("CborWriter")}, ${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): void {`, () => this.writeType(type, code`(v as any)`));
    fn(
      (p) => code`export function ${n.fn("cborRead", this.self)}(${p.r}: ${n.rtType("CborReader")}, ${p.c}: ${CC}): ${T} {`,
      () => [code`let v: any;`, ...(recursive ? [code`r.enter();`] : []), ...this.readType(type, code`v`), ...(recursive ? [code`r.leave();`] : []), code`return v as ${T};`],
    );
    return lines([...this.constants, ...out]);
  }

  // ------------------------------------------------------------ arrays (records in field order)

  /**
   * Size pass for an array record: items counted into a slot the write pass
   * reads back, unless every record has the same count (no omittable field,
   * no select), which is then a constant in both passes.
   */
  private arraySize(members: readonly IRMember[], o: Code): Code[] {
    const fixed = fixedCount(members, (t) => this.groupRef(t) !== null);
    if (fixed !== null) return [...this.membersSize(members, o, false), code`n += ${headSize(fixed)};`];
    return [code`const slot = ${this.s}.n++;`, code`${this.s}.a[slot] = 0;`, code`let k = 0;`, ...this.membersSize(members, o, true), code`${this.s}.a[slot] = k;`, code`n += ${this.rt("cborHeadSize")}(k);`];
  }

  /** The write pass's array head argument: the constant count, or the one the size pass recorded. */
  private arrayCount(members: readonly IRMember[]): Code {
    const fixed = fixedCount(members, (t) => this.groupRef(t) !== null);
    return fixed !== null ? code`${fixed}` : code`${this.s}.a[${this.s}.i++]!`;
  }

  /**
   * A case whose only member is a struct (`case add: Add;`, `case single:
   * SinglePart part;`) carries that struct's fields inline after the
   * discriminator, as a CDDL group choice would, not as a nested array.
   */
  private inlineCase(members: readonly IRMember[]): { field: IRField; ref: IRType & { kind: "ref" } } | null {
    // a CDDL group choice already says exactly what its case carries
    if (this.def.language !== "tpl" || members.length !== 1) return null;
    const f = members[0]!;
    if (f.kind !== "field" || f.omittable || f.type.kind !== "ref") return null;
    const u = this.ctx.scope.underlying(f.type);
    if (u.kind !== "record" || (u.encoding ?? "array") !== "array") return null;
    return { field: f, ref: f.type };
  }

  private inlineCaseSize(members: readonly IRMember[], o: Code): Code[] | null {
    const c = this.inlineCase(members);
    if (!c) return null;
    const count = this.fieldsCount(c.ref);
    if (count !== null) return [code`at = ${lit(c.field.name)};`, code`n += ${this.names.fn("cborFieldsSize", c.ref)}(${this.field(o, c.field.name)}, ${this.c}, ${this.s});`, code`k += ${count};`];
    const acc = this.local("acc");
    return [
      code`at = ${lit(c.field.name)};`,
      code`{`,
      code`const ${acc} = { k: 0 };`,
      code`n += ${this.names.fn("cborFieldsSize", c.ref)}(${this.field(o, c.field.name)}, ${this.c}, ${this.s}, ${acc});`,
      code`k += ${acc}.k;`,
      code`}`,
    ];
  }

  private inlineCaseWrite(members: readonly IRMember[], o: Code): Code[] | null {
    const c = this.inlineCase(members);
    return c ? [code`${this.names.fn("cborFieldsWrite", c.ref)}(w, ${this.field(o, c.field.name)}, ${this.c}, ${this.s});`] : null;
  }

  private inlineCaseRead(members: readonly IRMember[], o: Code): Code[] | null {
    const c = this.inlineCase(members);
    if (!c) return null;
    const { before, target, after } = this.fieldTarget(o, c.field.name);
    const count = this.fieldsCount(c.ref);
    if (count !== null) {
      return [code`at = ${lit(c.field.name)};`, ...before, code`${target} = ${this.names.fn("cborFieldsRead", c.ref)}(r, ${this.c}, n, k);`, ...after, code`k += ${count};`];
    }
    const kc = this.local("kc");
    return [
      code`at = ${lit(c.field.name)};`,
      code`{`,
      ...before,
      code`const ${kc} = { k };`,
      code`${target} = ${this.names.fn("cborFieldsRead", c.ref)}(r, ${this.c}, n, ${kc});`,
      ...after,
      code`k = ${kc}.k;`,
      code`}`,
    ];
  }

  /**
   * The item count of a record's fields where every value has the same (no
   * omittable field, select, spread or group): its cborFields functions
   * then take and give plain numbers (the first item's index, the count is
   * the caller's constant) instead of an accumulator object per call.
   */
  private fieldsCount(t: IRType): number | null {
    const u = this.ctx.scope.underlying(t);
    return u.kind === "record" ? fixedCount(u.members, (x) => this.groupRef(x) !== null) : null;
  }

  /** For array records: the same fields without the array head, for inline cases of other records. */
  private fieldsFunctions(members: readonly IRMember[], fn: (sig: (p: Params) => Code, body: () => Code[]) => void): void {
    const n = this.names;
    const T = n.type(this.self);
    const CC = n.rtType("CodecContext");
    const SC = n.rtType("SizeCache");
    const recursive = this.ctx.recursive.has(this.def.name);
    const o = code`o`;
    if (fixedCount(members, (x) => this.groupRef(x) !== null) !== null) {
      this.fixedFieldsFunctions(members, fn);
      return;
    }
    fn(
      (p) => code`export function ${n.fn("cborFieldsSize", this.self)}(${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}, ${p.acc}: { k: number }): number {`,
      () => [
        code`const o: any = ${this.rt("checkObject")}(v);`,
        code`let n = 0;`,
        code`let k = 0;`,
        code`let at = "";`,
        ...(recursive ? [code`${this.s}.enter();`] : []),
        code`try {`,
        ...this.membersSize(members, o, true),
        code`} catch (e) { ${this.rt("rethrowWithPath")}(e, at); }`,
        ...(recursive ? [code`${this.s}.leave();`] : []),
        code`acc.k += k;`,
        code`return n;`,
      ],
    );
    fn(
      (p) => code`export function ${n.fn("cborFieldsWrite", this.self)}(${p.w}: ${n.rtType("CborWriter")}, ${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): void {`,
      () => [code`const o: any = v;`, ...this.membersWrite(members, o)],
    );
    fn(
      (p) => code`export function ${n.fn("cborFieldsRead", this.self)}(${p.r}: ${n.rtType("CborReader")}, ${p.c}: ${CC}, ${p.n}: number, ${p.kc}: { k: number }): ${T} {`,
      () =>
        this.recordReadBody({
          literal: this.literalShape(members),
          members,
          type: T,
          recursive,
          read: () => this.membersRead(members, o),
          before: [code`let k = kc.k;`],
          end: [code`kc.k = k;`],
        }),
    );
  }

  /** fieldsFunctions for a record of a fixed item count (fieldsCount): no accumulator in or out. */
  private fixedFieldsFunctions(members: readonly IRMember[], fn: (sig: (p: Params) => Code, body: () => Code[]) => void): void {
    const n = this.names;
    const T = n.type(this.self);
    const CC = n.rtType("CodecContext");
    const SC = n.rtType("SizeCache");
    const o = code`o`;
    const recursive = this.ctx.recursive.has(this.def.name);
    fn(
      (p) => code`export function ${n.fn("cborFieldsSize", this.self)}(${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): number {`,
      () => [
        code`const o: any = ${this.rt("checkObject")}(v);`,
        code`let n = 0;`,
        code`let at = "";`,
        ...(recursive ? [code`${this.s}.enter();`] : []),
        code`try {`,
        ...this.membersSize(members, o, false),
        code`} catch (e) { ${this.rt("rethrowWithPath")}(e, at); }`,
        ...(recursive ? [code`${this.s}.leave();`] : []),
        code`return n;`,
      ],
    );
    fn(
      (p) => code`export function ${n.fn("cborFieldsWrite", this.self)}(${p.w}: ${n.rtType("CborWriter")}, ${p.v}: ${T}, ${p.c}: ${CC}, ${p.s}: ${SC}): void {`,
      () => [code`const o: any = v;`, ...this.membersWrite(members, o)],
    );
    // `k` (the index of the first item) is a number parameter the reads count on
    fn(
      (p) => code`export function ${n.fn("cborFieldsRead", this.self)}(${p.r}: ${n.rtType("CborReader")}, ${p.c}: ${CC}, ${p.n}: number, ${p.k}: number): ${T} {`,
      () => this.recordReadBody({ literal: this.literalShape(members), members, type: T, recursive, read: () => this.membersRead(members, o) }),
    );
  }

  /** A field whose type is a group (a sequence record): its items are this array's items. */
  private groupRef(t: IRType): (IRType & { kind: "ref" }) | null {
    if (t.kind !== "ref") return null;
    const u = this.ctx.scope.underlying(t);
    return u.kind === "record" && u.encoding === "sequence" ? t : null;
  }

  /** The element type of a spread (inline-repetition) field. */
  private spreadOf(m: IRField): IRType | null {
    return m.spread && m.type.kind === "vector" ? m.type.of : null;
  }

  /** MAJOR_BITS of the items a value of `t` can start with, inline groups included. */
  private firstItemMask(t: IRType): number {
    const g = this.groupRef(t);
    if (!g) return maskOf(cborMajorsOf(this.ctx.scope, t));
    const u = this.ctx.scope.underlying(g) as IRType & { kind: "record" };
    let mask = 0;
    for (const m of u.members) {
      if (m.kind !== "field") return 0x1ff;
      const inner = this.spreadOf(m) ?? m.type;
      mask |= this.firstItemMask(inner);
      if (!m.omittable && !m.spread) break;
    }
    return mask;
  }

  /** Whether a later member of this array could take the items `m` looks at: then `m` decides by the next item's type. */
  private laterNeedsLookahead(members: readonly IRMember[], i: number): boolean {
    return members.slice(i + 1).some((m) => m.kind !== "field" || !m.omittable);
  }

  /** `counting`: keep `k`, the number of items, for a count that is not constant. */
  private membersSize(members: readonly IRMember[], o: Code, counting: boolean): Code[] {
    const out: Code[] = [];
    members.forEach((m) => {
      if (m.kind === "variant") {
        out.push(...this.switchOn(m, o, (ms) => this.inlineCaseSize(ms, o) ?? this.membersSize(ms, o, counting), this.encodeFail));
        return;
      }
      const x = this.field(o, m.name);
      const body = [...this.itemsSize(m, x, counting), ...this.publish(m.name, x)];
      out.push(code`at = ${lit(m.name)};`, ...(m.omittable ? [code`if (${x} !== undefined) {`, ...body, code`}`] : body));
    });
    return out;
  }

  /** The items of one field: one item, a group's items, or a spread vector's elements. */
  private itemsSize(m: IRField, x: Code, counting: boolean): Code[] {
    const elem = this.spreadOf(m);
    if (elem && m.type.kind === "vector") {
      const [a, i, e] = [this.local("a"), this.local("i"), this.local("e")];
      const len = m.type.length;
      return [
        code`{`,
        code`const ${a} = ${this.rt("checkArray")}(${x});`,
        code`if (${a}.length > ${this.s}.maxCount) ${this.s}.tooMany(${a}.length);`,
        ...(len.kind === "count" ? [code`${this.rt("checkLength")}(${a}.length, ${len.min}, ${len.max});`] : []),
        code`let ${i} = 0;`,
        code`try {`,
        code`for (; ${i} < ${a}.length; ${i}++) {`,
        code`const ${e}: any = ${a}[${i}];`,
        ...this.oneItemSize(elem, e, counting),
        code`}`,
        code`} catch (err) { ${this.rt("rethrowWithPath")}(err, "[" + ${i} + "]"); }`,
        code`}`,
      ];
    }
    return this.oneItemSize(m.type, x, counting);
  }

  private oneItemSize(t: IRType, x: Code, counting: boolean): Code[] {
    const g = this.groupRef(t);
    if (!g) return [...(counting ? [code`k++;`] : []), ...this.sizeType(t, x)];
    const count = this.fieldsCount(g);
    if (count !== null) return [code`n += ${this.names.fn("cborFieldsSize", g)}(${x}, ${this.c}, ${this.s});`, code`k += ${count};`];
    const acc = this.local("acc");
    return [code`{`, code`const ${acc} = { k: 0 };`, code`n += ${this.names.fn("cborFieldsSize", g)}(${x}, ${this.c}, ${this.s}, ${acc});`, code`k += ${acc}.k;`, code`}`];
  }

  private membersWrite(members: readonly IRMember[], o: Code): Code[] {
    const out: Code[] = [];
    for (const m of members) {
      if (m.kind === "variant") {
        out.push(...this.switchOn(m, o, (ms) => this.inlineCaseWrite(ms, o) ?? this.membersWrite(ms, o), this.encodeFail));
        continue;
      }
      const x = this.field(o, m.name);
      const elem = this.spreadOf(m);
      let body: Code[];
      if (elem) {
        const e = this.local("e");
        body = [code`for (const ${e} of ${x} as any[]) {`, ...this.oneItemWrite(elem, e), code`}`];
      } else body = this.oneItemWrite(m.type, x);
      body.push(...this.publish(m.name, x));
      out.push(...(m.omittable ? [code`if (${x} !== undefined) {`, ...body, code`}`] : body));
    }
    return out;
  }

  private oneItemWrite(t: IRType, x: Code): Code[] {
    const g = this.groupRef(t);
    return g ? [code`${this.names.fn("cborFieldsWrite", g)}(w, ${x}, ${this.c}, ${this.s});`] : this.writeType(t, x);
  }

  private arrayRead(members: readonly IRMember[], o: Code): Code[] {
    return [code`const start = r.pos;`, code`const n = r.arrayHead();`, code`let k = 0;`, ...this.membersRead(members, o), code`at = "";`, code`${this.rt("arrayEnd")}(r, n, k, start);`];
  }

  private membersRead(members: readonly IRMember[], o: Code): Code[] {
    const out: Code[] = [];
    members.forEach((m, i) => {
      if (m.kind === "variant") {
        out.push(...this.switchOn(m, o, (ms) => this.inlineCaseRead(ms, o) ?? this.membersRead(ms, o), this.decodeFail));
        return;
      }
      const { before, target, after } = this.fieldTarget(o, m.name);
      out.push(code`at = ${lit(m.name)};`, ...before);
      const elem = this.spreadOf(m);
      const trial = ambiguousAt(this.ctx, members, i);
      if (elem && m.type.kind === "vector") {
        out.push(...this.spreadRead(m.type, elem, target, trial), ...after, ...this.publish(m.name, target));
        return;
      }
      // an optional field takes the next item when there is one of its type (greedy, RFC 8610 Appendix A)
      const has = () => (this.laterNeedsLookahead(members, i) ? code`${this.rt("nextIsOneOf")}(r, n, k, ${this.firstItemMask(m.type)})` : code`${this.rt("arrayHasItem")}(r, n, k)`);
      if (m.omittable && trial) {
        // the next field could start the same way: the item is this field's only if it matches it whole
        const [p0, k0, d0] = [this.local("p"), this.local("k"), this.local("d")];
        out.push(
          code`if (${has()}) {`,
          code`const ${p0} = r.pos;`,
          code`const ${k0} = k;`,
          code`const ${d0} = r.depth;`,
          code`try {`,
          ...this.oneItemRead(m.type, target),
          code`} catch (err) {`,
          code`if (!${this.rt("isCodecError")}(err)) throw err;`,
          code`r.pos = ${p0};`,
          code`k = ${k0};`,
          code`r.depth = ${d0};`,
          m.name === "__proto__" ? code`${target} = undefined;` : code`delete ${target};`,
          code`}`,
          code`if (${target} !== undefined) {`,
          ...after,
          ...this.publish(m.name, target),
          code`}`,
          code`}`,
        );
      } else if (m.omittable) out.push(code`if (${has()}) {`, ...this.oneItemRead(m.type, target), ...after, ...this.publish(m.name, target), code`}`);
      else out.push(...this.oneItemRead(m.type, target, true), ...after, ...this.publish(m.name, target));
    });
    return out;
  }

  /** One field's item(s); `required`: fail where the array has no item left. */
  private oneItemRead(t: IRType, target: Code, required = false): Code[] {
    const g = this.groupRef(t);
    if (g) {
      const count = this.fieldsCount(g);
      if (count !== null) return [code`${target} = ${this.names.fn("cborFieldsRead", g)}(r, ${this.c}, n, k);`, code`k += ${count};`];
      const kc = this.local("kc");
      return [code`{`, code`const ${kc} = { k };`, code`${target} = ${this.names.fn("cborFieldsRead", g)}(r, ${this.c}, n, ${kc});`, code`k = ${kc}.k;`, code`}`];
    }
    // the call only where a field may be missing: a definite array with items left needs none (a tenth of a small decode)
    return [...(required ? [code`if (n < 0 || k >= n) ${this.rt("arrayItem")}(r, n, k);`] : []), code`k++;`, ...this.readType(t, target)];
  }

  /** Inline repetition: elements while the next item fits the element, up to the maximum; then the count bounds. */
  private spreadRead(t: IRType & { kind: "vector" }, elem: IRType, target: Code, trial: boolean): Code[] {
    const [p, a, e] = [this.local("p"), this.local("a"), this.local("e")];
    const max = t.length.kind === "count" ? t.length.max : 0xffffffff;
    // where the next field could start the same way, an element is taken only if it matches whole
    const [p0, k0, d0] = [this.local("p"), this.local("k"), this.local("d")];
    const element = trial
      ? [
          code`const ${p0} = r.pos;`,
          code`const ${k0} = k;`,
          code`const ${d0} = r.depth;`,
          code`try {`,
          ...this.oneItemRead(elem, e),
          code`} catch (err) {`,
          code`if (!${this.rt("isCodecError")}(err)) throw err;`,
          code`r.pos = ${p0};`,
          code`k = ${k0};`,
          code`r.depth = ${d0};`,
          code`break;`,
          code`}`,
        ]
      : this.oneItemRead(elem, e);
    return [
      code`{`,
      code`const ${p} = r.pos;`,
      code`const ${a}: any[] = [];`,
      code`try {`,
      code`while (${a}.length < ${max} && ${this.rt("nextIsOneOf")}(r, n, k, ${this.firstItemMask(elem)})) {`,
      code`let ${e}: any;`,
      ...element,
      code`${a}.push(${e});`,
      code`if (${a}.length > r.maxCount) r.tooMany(${a}.length, ${p});`,
      code`}`,
      code`} catch (err) { ${this.rt("rethrowWithPath")}(err, "[" + ${a}.length + "]"); }`,
      ...(t.length.kind === "count" && t.length.min > 0 ? [code`${this.rt("checkLength")}(${a}.length, ${t.length.min}, ${t.length.max}, ${p});`] : []),
      code`${target} = ${a};`,
      code`}`,
    ];
  }

  // ------------------------------------------------------------ maps with keys (CDDL `{ key: T }`)

  private keyedFields(t: IRType & { kind: "record" }): IRField[] {
    const fields = t.members.filter((m): m is IRField => m.kind === "field");
    if (fields.length !== t.members.length) throw new AmbiguousUnionError(`${this.def.name}: a select inside a CBOR map is not supported`);
    // Known keys go out in RFC 8949 §4.2.1 order: by encoded key bytes
    return [...fields].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  /** The pre-encoded key of a field of this map record (see mapKeyConstants). */
  private keyConst(index: number): Code {
    return code`${this.names.fn("mapKey", this.self)}${code`$`}${index}`;
  }

  private mapSize(t: IRType & { kind: "record" }, o: Code): Code[] {
    const fields = this.keyedFields(t);
    const fixed = mapFixedCount(t);
    const out: Code[] = fixed !== null ? [] : [code`const slot = ${this.s}.n++;`, code`${this.s}.a[slot] = 0;`, code`let k = 0;`];
    const counting = fixed === null;
    const fieldSize = (f: IRField): Code[] => {
      const x = this.field(o, f.name);
      return [code`at = ${lit(f.name)};`, ...(counting ? [code`k++;`] : []), code`n += ${encodeKey(keyOf(f)).length};`, ...this.sizeType(f.type, x)];
    };
    // known keys only: already in deterministic order
    const knownOnly = fields.flatMap((f) => (f.omittable ? [code`if (${this.field(o, f.name)} !== undefined) {`, ...fieldSize(f), code`}`] : fieldSize(f)));
    if (!t.rest) {
      out.push(...knownOnly);
    } else {
      const [kk, vv, e] = [this.local("key"), this.local("val"), this.local("e")];
      const rest = this.field(o, t.rest.name);
      out.push(code`at = ${lit(t.rest.name)};`, code`if (${this.rt("checkMap")}(${rest}).size === 0) {`, ...knownOnly, code`} else {`);
      out.push(code`${this.rt("checkRestKeys")}(${rest}, ${jsonLit(fields.map(keyOf))});`);
      out.push(...this.mergedEntries(t, fields, e, o), code`if (typeof ${e} === "number") {`, code`switch (${e}) {`);
      fields.forEach((f, i) => out.push(code`case ${i}: {`, ...fieldSize(f), code`break;`, code`}`));
      out.push(
        code`}`,
        code`} else {`,
        code`at = ${lit(t.rest.name)};`,
        code`const [${kk}, ${vv}] = ${e} as [any, any];`,
        code`k++;`,
        ...this.sizeType(t.rest.key, kk),
        ...this.byPair(t.rest, kk, (v) => this.sizeType(v, vv), this.encodeFail),
        code`}`,
        code`}`,
        code`}`,
      );
    }
    out.push(...(fixed !== null ? [code`n += ${headSize(fixed)};`] : [code`${this.s}.a[slot] = k;`, code`n += ${this.rt("cborHeadSize")}(k);`]));
    if (t.choices) out.push(code`at = "";`, ...this.choicesCheck(t));
    return out;
  }

  /**
   * Known fields and `* K => V` entries interleaved in RFC 8949 §4.2.1 order
   * (bytewise by encoded key); both passes iterate the same order, so the
   * sizes the size pass records line up with the writes. Only when the rest
   * map has entries: both passes write an empty one's known fields directly,
   * in the same order mergeMapEntries would give.
   */
  private mergedEntries(t: IRType & { kind: "record" }, fields: readonly IRField[], e: Code, o: Code): Code[] {
    const present = fields.map((f, i) => code`${i > 0 ? code`, ` : code``}${f.omittable ? code`${this.field(o, f.name)} !== undefined` : code`true`}`);
    return [code`for (const ${e} of ${this.rt("mergeMapEntries")}(${this.names.fn("mapKeys", this.self)}, [${present}], ${this.field(o, t.rest!.name)})) {`];
  }

  private mapWrite(t: IRType & { kind: "record" }, o: Code): Code[] {
    const fields = this.keyedFields(t);
    const fixed = mapFixedCount(t);
    const out = [code`w.mapHead(${fixed !== null ? code`${fixed}` : code`${this.s}.a[${this.s}.i++]!`});`];
    const fieldWrite = (f: IRField, i: number): Code[] => [code`w.raw(${this.keyConst(i)});`, ...this.writeType(f.type, this.field(o, f.name))];
    const knownOnly = fields.flatMap((f, i) => (f.omittable ? [code`if (${this.field(o, f.name)} !== undefined) {`, ...fieldWrite(f, i), code`}`] : fieldWrite(f, i)));
    if (!t.rest) {
      out.push(...knownOnly);
      return out;
    }
    const [kk, vv, e] = [this.local("key"), this.local("val"), this.local("e")];
    out.push(code`if ((${this.field(o, t.rest.name)} as Map<any, any>).size === 0) {`, ...knownOnly, code`} else {`);
    out.push(...this.mergedEntries(t, fields, e, o), code`if (typeof ${e} === "number") {`, code`switch (${e}) {`);
    fields.forEach((f, i) => out.push(code`case ${i}: {`, ...fieldWrite(f, i), code`break;`, code`}`));
    out.push(code`}`, code`} else {`, code`const [${kk}, ${vv}] = ${e} as [any, any];`, ...this.writeType(t.rest.key, kk), ...this.byPair(t.rest, kk, (v) => this.writeType(v, vv), this.encodeFail), code`}`, code`}`, code`}`);
    return out;
  }

  private mapRead(t: IRType & { kind: "record" }, o: Code): Code[] {
    const fields = this.keyedFields(t);
    const out: Code[] = [...(t.rest ? [code`const mp = r.pos;`] : []), code`const n = r.mapHead();`, ...(t.rest ? [code`r.checkCount(n, mp, 2);`] : []), code`let prev = -1;`, code`let prevEnd = -1;`];
    const restIdentity = t.rest ? this.keyNeedsIdentity(t.rest.key) : false;
    if (t.rest) out.push(code`const rest = new Map<any, any>();`, ...(restIdentity ? [code`const restSeen = new Set<string>();`] : []));
    out.push(
      code`for (let k = 0; n < 0 ? !r.isBreak() : k < n; k++) {`,
      ...(t.rest ? [code`if (n < 0 && k >= r.maxCount) r.tooMany(k + 1, mp);`] : []),
      code`at = "";`,
      code`const ks = r.pos;`,
      code`const key = ${this.rt("readMapKey")}(r);`,
      code`const ke = r.pos;`,
      code`if (r.deterministic && prev >= 0) r.checkKeyOrder(prev, prevEnd, ks, ke);`,
      code`prev = ks;`,
      code`prevEnd = ke;`,
      code`switch (key) {`,
    );
    for (const f of fields) {
      const { before, target, after } = this.fieldTarget(o, f.name);
      const present = this.field(o, f.name);
      const k = keyOf(f);
      out.push(
        code`case ${typeof k === "number" ? code`${k}` : lit(k)}: {`,
        code`at = ${lit(f.name)};`,
        code`if (${present} !== undefined) r.fail("duplicate map key", ks);`,
        ...before,
        ...this.readType(f.type, target),
        ...after,
        code`break;`,
        code`}`,
      );
    }
    out.push(code`default: {`);
    if (t.rest) {
      const vv = this.local("val");
      // integers travel as bigint where the key type is a CDDL int (or a union with one)
      const toBig = this.bigintKeys(t.rest.key);
      out.push(
        code`at = ${lit(t.rest.name)};`,
        code`const rk: any = ${toBig ? code`typeof key === "number" ? BigInt(key) : key` : code`key`};`,
        restIdentity ? code`if (!${this.rt("firstKey")}(restSeen, rk)) r.fail("duplicate map key", ks);` : code`if (rest.has(rk)) r.fail("duplicate map key", ks);`,
      );
      out.push(...this.keyCheck(t.rest.key, code`rk`, code`ks`), code`let ${vv}: any;`, ...this.byPair(t.rest, code`rk`, (v) => this.readType(v, vv), this.decodeFail), code`rest.set(rk, ${vv});`);
    } else {
      out.push(code`r.fail("unexpected map key " + ${this.rt("describe")}(key), ks);`);
    }
    out.push(code`}`, code`}`, code`}`, code`if (n < 0) r.consumeBreak();`, code`at = "";`);
    for (const f of fields) {
      if (f.omittable) continue;
      const present = this.field(o, f.name);
      out.push(code`if (${present} === undefined) r.fail(${lit(`missing map key ${JSON.stringify(keyOf(f))} (${f.name})`)});`);
    }
    if (t.rest) out.push(this.setField(o, t.rest.name, code`rest`));
    out.push(...this.choicesCheck(t, code`r.pos`));
    return out;
  }

  /** A rest entry's value: its one type, or (several `* K => V`) the type paired with the key's. */
  private byPair(rest: NonNullable<(IRType & { kind: "record" })["rest"]>, key: Code, body: (value: IRType) => Code[], fail: Fail): Code[] {
    if (!rest.pairs) return body(rest.value);
    const out: Code[] = [];
    rest.pairs.forEach((p, i) => out.push(code`${i === 0 ? code`if` : code`else if`} (${this.matchesType(p.key, key)}) {`, ...body(p.value), code`}`));
    out.push(code`else ${fail("no `* key => value` entry of this map takes the key ", key)}`);
    return out;
  }

  /** A JavaScript test that a value is of `t` (an option of a union: any of them); `true` where none can be written. */
  private matchesType(t: IRType, x: Code): Code {
    const u = this.ctx.scope.underlying(t);
    const options = u.kind === "union" ? u.options : [t];
    const tests = options.map((o) => valueTestOf(this.ctx.scope, o));
    if (tests.some((x2) => x2 === null)) return code`true`;
    return code`(${tests.map((x2, i) => code`${i > 0 ? code` || ` : code``}(${this.valueTest(x2!, x)})`)})`;
  }

  /** Keys JavaScript compares by identity (byte strings, items): duplicates are found by content. */
  private keyNeedsIdentity(t: IRType): boolean {
    const u = this.ctx.scope.underlying(t);
    if (u.kind === "union") return u.options.some((o) => this.keyNeedsIdentity(o));
    return u.kind === "bytes" || u.kind === "any" || u.kind === "vector" || u.kind === "map" || u.kind === "record";
  }

  private bigintKeys(t: IRType): boolean {
    const u = this.ctx.scope.underlying(t);
    if (u.kind === "union") return u.options.some((o) => this.bigintKeys(o));
    return u.kind === "int" || (u.kind === "uint" && u.bits === 64);
  }

  /** A rest-entry key, already read generically, must fit the key type. */
  private keyCheck(t: IRType, key: Code, at: Code): Code[] {
    const u = this.ctx.scope.underlying(t);
    // a union of key types (`name = int / tstr`): any one of its options, each with its bounds
    const options = u.kind === "union" ? u.options.map((o) => this.ctx.scope.underlying(o)) : [u];
    const plan = planUnion(this.ctx.scope, options);
    if (!plan.ok) {
      if (options.length > 1) return [];
      const only = options[0]!;
      if (only.kind === "any") return [];
    }
    const tests = plan.ok ? plan.tests : [];
    if (tests.length !== options.length) return [];
    const guards = options.map((o, i) => {
      const g = this.valueTest(tests[i]!, key);
      const c = this.keyBounds(o, key);
      return c !== null ? code`(${g} && ${c})` : code`(${g})`;
    });
    return [code`if (!(${guards.map((g, i) => (i === 0 ? g : code` || ${g}`))})) r.fail("map key " + ${this.rt("describe")}(${key}) + ${lit(` does not match ${u.kind}`)}, ${at});`];
  }

  /** A rest key's bounds as an expression, or null when the type has none. */
  private keyBounds(t: IRType, key: Code): Code | null {
    const parts: Code[] = [];
    const lit64 = (v: number | bigint): Code => (t.kind === "int" || (t.kind === "uint" && t.bits === 64) ? code`${BigInt(v)}` : code`${Number(v)}`);
    if (t.kind === "uint" || t.kind === "int") {
      if (t.min !== undefined) parts.push(code`${key} >= ${lit64(t.min)}`);
      if (t.max !== undefined) parts.push(code`${key} <= ${lit64(t.max)}`);
    }
    if (t.kind === "text" || t.kind === "bytes") {
      const b = bounds(t.length);
      if (b) {
        const len = t.kind === "text" ? code`${this.rt("utf8Length")}(${key})` : code`${key}.length`;
        parts.push(code`${len} >= ${b.min} && ${len} <= ${b.max}`);
      }
    }
    return parts.length > 0 ? code`${parts.map((p, i) => (i === 0 ? p : code` && ${p}`))}` : null;
  }

  // ------------------------------------------------------------ types

  /** A literal's encoding as a constant, or null where the writer makes it (bool, float). */
  private literalItem(l: LiteralValue): Code | null {
    if (l.type === "text") return this.constant(encodeKey(l.value));
    if (l.type === "bytes") return this.constant(encodeBytesItem(hexBytes(l.hex)));
    return null;
  }

  private sizeType(t: IRType, x: Code): Code[] {
    switch (t.kind) {
      case "validated":
        return [code`n += ${this.rt("validatedItem")}(${x}, ${this.constantJson(t.schema)}, ${lit(t.rule)}).length;`];
      case "checked":
        return [...this.sizeType(t.of, x), ...this.valueChecks(t.checks, x, this.encodeFail)];
      case "literal": {
        const check = code`if (!(${this.valueTest({ kind: "literal", value: t.value }, x)})) throw new ${this.rt("CodecError")}(${lit(`expected ${describeLiteral(t.value)}, got `)} + ${this.rt("describe")}(${x}), -1);`;
        const l = t.value;
        const size = l.type === "text" ? encodeKey(l.value).length : l.type === "bytes" ? encodeBytesItem(hexBytes(l.hex)).length : l.type === "bool" ? 1 : null;
        return [check, size !== null ? code`n += ${size};` : code`n += ${this.rt("floatSize")}(${x});`];
      }
      case "uint":
        if (t.bits === 64) return [code`${this.rt("checkUint64")}(${x});`, ...this.rangeCheck(t, x), code`n += ${this.rt("cborHeadSize")}(${x});`];
        return [
          code`${this.rt("checkUint")}(${x}, ${t.bits === 24 ? 32 : t.bits});`,
          ...(t.bits === 24 ? [code`${this.rt("checkUint")}(${x}, 24);`] : []),
          ...this.rangeCheck(t, x),
          code`n += ${this.rt("cborHeadSize")}(${x});`,
        ];
      case "int":
        if (t.big) return [code`${this.rt("checkBigInteger")}(${x});`, ...this.rangeCheck(t, x), code`n += ${this.rt("bigIntegerSize")}(${x}, ${lit(t.big)});`];
        return [code`${this.rt("checkInt64")}(${x});`, ...this.rangeCheck(t, x), code`n += ${this.rt("cborHeadSize")}(${x} < 0n ? -1n - ${x} : ${x});`];
      case "bool":
        return [code`${this.rt("checkBool")}(${x});`, code`n += 1;`];
      case "null":
        return [code`if (${x} !== null) throw new ${this.rt("CodecError")}("expected null, got " + ${this.rt("describe")}(${x}), -1);`, code`n += 1;`];
      case "float":
        return [code`${this.rt("checkNumber")}(${x});`, ...this.floatChecks(t, x, this.encodeFail), code`n += ${this.rt("floatSize")}(${x});`];
      case "any":
        return [code`n += ${this.rt("checkItem")}(${x}).length;`];
      case "bytes": {
        const b = this.local("b");
        return [
          code`{`,
          code`const ${b} = ${this.rt("checkBytes")}(${x});`,
          code`if (${b}.length > ${this.s}.maxLength) ${this.s}.tooLong(${b}.length);`,
          ...this.lengthCheck(t.length, code`${b}.length`),
          code`n += ${this.rt("cborHeadSize")}(${b}.length) + ${b}.length;`,
          code`}`,
        ];
      }
      case "text": {
        const len = this.local("L");
        return [code`{`, code`const ${len} = ${this.s}.text(${x});`, ...this.lengthCheck(t.length, len), code`n += ${this.rt("cborHeadSize")}(${len}) + ${len};`, code`}`];
      }
      case "vector": {
        const [a, i, e] = [this.local("a"), this.local("i"), this.local("e")];
        return [
          code`{`,
          code`const ${a} = ${this.rt("checkArray")}(${x});`,
          code`if (${a}.length > ${this.s}.maxCount) ${this.s}.tooMany(${a}.length);`,
          ...(t.length.kind === "count" ? this.lengthCheck(t.length, code`${a}.length`) : []),
          code`n += ${this.rt("cborHeadSize")}(${a}.length);`,
          code`let ${i} = 0;`,
          code`try {`,
          code`for (; ${i} < ${a}.length; ${i}++) {`,
          code`const ${e}: any = ${a}[${i}];`,
          ...this.sizeType(t.of, e),
          code`}`,
          code`} catch (err) { ${this.rt("rethrowWithPath")}(err, "[" + ${i} + "]"); }`,
          code`}`,
        ];
      }
      case "map": {
        const [m, kk, vv, es] = [this.local("m"), this.local("key"), this.local("val"), this.local("es")];
        return [
          code`{`,
          code`const ${m} = ${this.rt("checkMap")}(${x});`,
          code`if (${m}.size > ${this.s}.maxCount) ${this.s}.tooMany(${m}.size);`,
          ...(t.min > 0 || t.max < 0xffffffff ? [code`${this.rt("checkLength")}(${m}.size, ${t.min}, ${t.max});`] : []),
          code`n += ${this.rt("cborHeadSize")}(${m}.size);`,
          // sorted once: the write pass takes these entries (SizeCache.e)
          code`const ${es} = ${this.rt("sortedMapEntries")}(${m});`,
          code`${this.s}.e[${this.s}.en++] = ${es};`,
          code`for (const [${kk}, ${vv}] of ${es}) {`,
          ...this.sizeType(t.key, kk),
          ...this.sizeType(t.value, vv),
          code`}`,
          code`}`,
        ];
      }
      case "optional":
        return [code`if (${x} === null) n += 1;`, code`else {`, ...this.sizeType(t.of, x), code`}`];
      case "tagged":
        return [code`n += ${this.rt("cborHeadSize")}(${t.tag});`, ...this.sizeType(t.of, x)];
      case "union":
        return this.unionDispatch(t, x, (o) => this.sizeType(o, x), this.encodeFail, "size");
      case "ref":
        return [code`n += ${this.names.fn("cborSize", t)}(${x}, ${this.c}, ${this.s});`];
      case "enum":
      case "record":
        throw new Error(`internal: inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  private writeType(t: IRType, x: Code): Code[] {
    switch (t.kind) {
      case "validated":
        return [code`w.raw(${this.rt("encodeItem")}(${x}));`];
      case "checked":
        return this.writeType(t.of, x);
      case "literal": {
        const item = this.literalItem(t.value);
        if (item) return [code`w.raw(${item});`];
        return [t.value.type === "bool" ? code`w.bool(${x});` : code`w.float(${x});`];
      }
      case "uint":
        return [code`w.uint(${x});`];
      case "int":
        return [t.big ? code`${this.rt("writeBigInteger")}(w, ${x}, ${lit(t.big)});` : code`w.int(${x});`];
      case "bool":
        return [code`w.bool(${x});`];
      case "null":
        return [code`w.null();`];
      case "float":
        return [code`w.float(${x});`];
      case "any":
        return [code`w.raw(${this.rt("encodeItem")}(${x}));`];
      case "bytes":
        return [code`w.bytes(${x});`];
      case "text":
        return [code`w.text(${x}, ${this.s}.a[${this.s}.i++]!);`];
      case "vector": {
        const e = this.local("e");
        return [code`w.arrayHead((${x} as any[]).length);`, code`for (const ${e} of ${x} as any[]) {`, ...this.writeType(t.of, e), code`}`];
      }
      case "map": {
        const [kk, vv, es] = [this.local("key"), this.local("val"), this.local("es")];
        return [
          code`{`,
          // the entries in the order the size pass sorted and measured them
          code`const ${es} = ${this.s}.e[${this.s}.ei++] as Array<[any, any]>;`,
          code`w.mapHead(${es}.length);`,
          code`for (const [${kk}, ${vv}] of ${es}) {`,
          ...this.writeType(t.key, kk),
          ...this.writeType(t.value, vv),
          code`}`,
          code`}`,
        ];
      }
      case "optional":
        return [code`if (${x} === null) w.null();`, code`else {`, ...this.writeType(t.of, x), code`}`];
      case "tagged":
        return [code`w.tag(${t.tag});`, ...this.writeType(t.of, x)];
      case "union":
        return this.unionDispatch(t, x, (o) => this.writeType(o, x), this.encodeFail, "write");
      case "ref":
        return [code`${this.names.fn("cborWrite", t)}(w, ${x}, ${this.c}, ${this.s});`];
      case "enum":
      case "record":
        throw new Error(`internal: inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  private readType(t: IRType, target: Code): Code[] {
    switch (t.kind) {
      case "validated": {
        const p = this.local("p");
        return [code`{`, code`const ${p} = r.pos;`, code`${target} = r.item();`, code`${this.rt("checkValidated")}(${target}, ${this.constantJson(t.schema)}, ${lit(t.rule)}, ${p});`, code`}`];
      }
      case "checked": {
        const p = this.local("p");
        return [code`{`, code`const ${p} = r.pos;`, ...this.readType(t.of, target), ...this.valueChecks(t.checks, target, (msg, v) => code`r.fail(${lit(msg)} + ${this.rt("describe")}(${v ?? target}), ${p});`, p), code`}`];
      }
      case "literal": {
        const [p, v] = [this.local("p"), this.local("lit")];
        const l = t.value;
        const read = l.type === "text" ? code`r.text()` : l.type === "bytes" ? code`r.bytes()` : l.type === "bool" ? code`r.bool()` : code`r.float()`;
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`const ${v} = ${read};`,
          code`if (!(${this.valueTest({ kind: "literal", value: l }, v)})) r.fail(${lit(`expected ${describeLiteral(l)}, got `)} + ${this.rt("describe")}(${v}), ${p});`,
          code`${target} = ${v};`,
          code`}`,
        ];
      }
      case "uint": {
        if (t.bits === 64) return this.readRanged(t, target, code`r.uint64()`);
        const p = this.local("p");
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`${target} = r.uint();`,
          code`if (${target} > ${uintMax(t.bits)}) r.fail("value " + ${target} + ${lit(` does not fit uint${t.bits}`)}, ${p});`,
          ...this.rangeRead(t, target, p),
          code`}`,
        ];
      }
      case "int":
        return this.readRanged(t, target, t.big ? code`${this.rt("readBigInteger")}(r, ${lit(t.big)})` : code`r.int64()`);
      case "bool":
        return [code`${target} = r.bool();`];
      case "null":
        return [code`r.null();`, code`${target} = null;`];
      case "float": {
        const p = this.local("p");
        const checks = this.floatChecks(t, target, (msg, v) => code`r.fail(${lit(msg)} + ${this.rt("describe")}(${v ?? target}), ${p});`);
        return checks.length === 0 ? [code`${target} = r.float();`] : [code`{`, code`const ${p} = r.pos;`, code`${target} = r.float();`, ...checks, code`}`];
      }
      case "any":
        return [code`${target} = r.item();`];
      case "bytes": {
        const p = this.local("p");
        return [code`{`, code`const ${p} = r.pos;`, code`${target} = r.bytes();`, ...this.lengthRead(t.length, code`${target}.length`, p), code`}`];
      }
      case "text": {
        if (bounds(t.length) === null) return [code`${target} = r.text();`];
        const [p, len] = [this.local("p"), this.local("L")];
        // the reader knows the text's UTF-8 length: no measuring the decoded string again
        return [code`{`, code`const ${p} = r.pos;`, code`${target} = r.text();`, code`const ${len} = r.textBytes;`, ...this.lengthRead(t.length, len, p), code`}`];
      }
      case "vector": {
        const [p, cnt, a, i, e] = [this.local("p"), this.local("n"), this.local("a"), this.local("i"), this.local("e")];
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`const ${cnt} = r.arrayHead();`,
          code`r.checkCount(${cnt}, ${p}, 1);`,
          code`const ${a}: any[] = [];`,
          code`let ${i} = 0;`,
          code`try {`,
          code`for (; ${cnt} < 0 ? !r.isBreak() : ${i} < ${cnt}; ${i}++) {`,
          // a definite count was checked against maxCount above; an indefinite one is counted here
          code`if (${cnt} < 0 && ${i} >= r.maxCount) r.tooMany(${i} + 1, ${p});`,
          code`let ${e}: any;`,
          ...this.readType(t.of, e),
          code`${a}.push(${e});`,
          code`}`,
          code`} catch (err) { ${this.rt("rethrowWithPath")}(err, "[" + ${i} + "]"); }`,
          code`if (${cnt} < 0) r.consumeBreak();`,
          ...(t.length.kind === "count" ? this.lengthRead(t.length, code`${a}.length`, p) : []),
          code`${target} = ${a};`,
          code`}`,
        ];
      }
      case "map": {
        const [p, cnt, m, i, kk, vv, ks, pk, pe, seen] = ["p", "n", "m", "i", "key", "val", "ks", "pk", "pe", "seen"].map((b) => this.local(b)) as [Code, Code, Code, Code, Code, Code, Code, Code, Code, Code];
        const identity = this.keyNeedsIdentity(t.key);
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`const ${cnt} = r.mapHead();`,
          code`r.checkCount(${cnt}, ${p}, 2);`,
          code`const ${m} = new Map<any, any>();`,
          ...(identity ? [code`const ${seen} = new Set<string>();`] : []),
          code`let ${pk} = -1;`,
          code`let ${pe} = -1;`,
          code`for (let ${i} = 0; ${cnt} < 0 ? !r.isBreak() : ${i} < ${cnt}; ${i}++) {`,
          code`if (${cnt} < 0 && ${i} >= r.maxCount) r.tooMany(${i} + 1, ${p});`,
          code`const ${ks} = r.pos;`,
          code`let ${kk}: any;`,
          ...this.readType(t.key, kk),
          code`if (r.deterministic && ${pk} >= 0) r.checkKeyOrder(${pk}, ${pe}, ${ks}, r.pos);`,
          code`${pk} = ${ks};`,
          code`${pe} = r.pos;`,
          identity ? code`if (!${this.rt("firstKey")}(${seen}, ${kk})) r.fail("duplicate map key", ${ks});` : code`if (${m}.has(${kk})) r.fail("duplicate map key", ${ks});`,
          code`let ${vv}: any;`,
          ...this.readType(t.value, vv),
          code`${m}.set(${kk}, ${vv});`,
          code`}`,
          code`if (${cnt} < 0) r.consumeBreak();`,
          ...(t.min > 0 || t.max < 0xffffffff ? [code`${this.rt("checkLength")}(${m}.size, ${t.min}, ${t.max}, ${p});`] : []),
          code`${target} = ${m};`,
          code`}`,
        ];
      }
      case "optional":
        return [code`if (r.isNull()) {`, code`r.null();`, code`${target} = null;`, code`} else {`, ...this.readType(t.of, target), code`}`];
      case "tagged":
        return [code`r.expectTag(${t.tag});`, ...this.readType(t.of, target)];
      case "union":
        return this.unionRead(t, target);
      case "ref":
        return [code`${target} = ${this.names.fn("cborRead", t)}(r, ${this.c});`];
      case "enum":
      case "record":
        throw new Error(`internal: inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  // ------------------------------------------------------------ unions

  /** Encode side: pick the option by the JavaScript type of the value (src/ir/union-options.ts), else the first that accepts it. */
  private unionDispatch(t: IRType & { kind: "union" }, x: Code, body: (o: IRType) => Code[], fail: Fail, pass: "size" | "write"): Code[] {
    const plan = planUnion(this.ctx.scope, t.options);
    if (!plan.ok) return pass === "size" ? this.trialSize(t.options, x, body) : this.trialWrite(t.options, body);
    const out: Code[] = [];
    t.options.forEach((o, i) => out.push(code`${i === 0 ? code`if` : code`else if`} (${this.valueTest(plan.tests[i]!, x)}) {`, ...body(o), code`}`));
    out.push(code`else ${fail("value matches no option of the union: ", x)}`);
    return out;
  }

  /**
   * Decode side: pick the option by the CBOR major type of the next item;
   * where literals share a major type (`"Signature" / "Signature1" / tstr`),
   * by the item's value, the one general option taking what no literal is.
   */
  private unionRead(t: IRType & { kind: "union" }, target: Code): Code[] {
    const majors = t.options.map((o) => cborMajorsOf(this.ctx.scope, o));
    const groups = new Map<string, { majors: CborMajor[]; options: number[] }>();
    for (const major of ["uint", "nint", "bytes", "text", "array", "map", "tag", "simple", "float"] as const) {
      const options = t.options.map((_o, i) => i).filter((i) => majors[i]!.includes(major));
      if (options.length === 0) continue;
      const key = options.join(",");
      const g = groups.get(key) ?? groups.set(key, { majors: [], options }).get(key)!;
      g.majors.push(major);
    }
    const out = [code`switch (r.peekType()) {`];
    for (const g of groups.values()) {
      out.push(...g.majors.map((ty) => code`case ${lit(ty)}:`), code`{`, ...this.readAlternatives(t, g.options, g.majors, target), code`break;`, code`}`);
    }
    out.push(code`default: r.fail("item matches no option of the union: " + r.peekType());`, code`}`);
    return out;
  }

  /**
   * Options that share the next item's major type: literals by value, then
   * the general options in order, each tried whole (prioritized choice,
   * RFC 8610 Appendix A) when there are several.
   */
  private readAlternatives(t: IRType & { kind: "union" }, options: readonly number[], majors: readonly CborMajor[], target: Code): Code[] {
    const literal = (i: number) => literalOf(this.ctx.scope, t.options[i]!);
    const generals = options.filter((i) => literal(i) === null);
    if (generals.length === options.length) return this.tryInOrder(generals.map((i) => t.options[i]!), target);
    const p = this.local("p");
    const v = this.local("v");
    const fallback = generals.length === 0 ? [code`r.fail(${lit("no option of the union has this value: ")} + ${majors.includes("simple") ? code`r.typeName(${p})` : code`${this.rt("describe")}(${v})`}, ${p});`] : [code`r.pos = ${p};`, ...this.tryInOrder(generals.map((i) => t.options[i]!), target)];
    const lits = options.filter((i) => literal(i) !== null).map((i) => literal(i)!);
    if (majors.includes("simple")) {
      // booleans, null and the like: by the initial byte, read by the option itself
      const chain = lits.map((l, k) => code`${k === 0 ? code`if` : code`else if`} (r.buf[r.pos] === ${l.type === "bool" ? (l.value ? 0xf5 : 0xf4) : -1}) ${code`{ r.bool(); ${target} = ${this.literalValue(l)}; }`}`);
      return [code`const ${p} = r.pos;`, ...chain, code`else {`, ...fallback, code`}`];
    }
    const read = majors.includes("text") ? code`r.text()` : majors.includes("bytes") ? code`r.bytes()` : majors.includes("float") ? code`r.float()` : code`r.item()`;
    const chain = lits.map((l, k) => code`${k === 0 ? code`if` : code`else if`} (${this.valueTest({ kind: "literal", value: l }, v)}) ${target} = ${v};`);
    return [code`const ${p} = r.pos;`, code`const ${v}: any = ${read};`, ...chain, code`else {`, ...fallback, code`}`];
  }

  /** Read the first of `options` that matches the next item whole; rewinds between tries. */
  private tryInOrder(options: readonly IRType[], target: Code): Code[] {
    if (options.length === 1) return this.readType(options[0]!, target);
    const [p0, d0, ok, first] = [this.local("p"), this.local("d"), this.local("ok"), this.local("err")];
    const out: Code[] = [code`{`, code`const ${p0} = r.pos;`, code`const ${d0} = r.depth;`, code`let ${ok} = false;`, code`let ${first}: unknown;`];
    options.forEach((o, i) => {
      out.push(
        code`${i > 0 ? code`if (!${ok}) ` : code``}try {`,
        ...this.readType(o, target),
        code`${ok} = true;`,
        code`} catch (err) {`,
        code`if (!${this.rt("isCodecError")}(err)) throw err;`,
        code`if (${first} === undefined) ${first} = err;`,
        code`r.pos = ${p0};`,
        code`r.depth = ${d0};`,
        code`}`,
      );
    });
    out.push(code`if (!${ok}) throw ${first};`, code`}`);
    return out;
  }

  // ------------------------------------------------------------ checks

  private lengthCheck(len: Length, value: Code): Code[] {
    const b = bounds(len);
    return b ? [code`${this.rt("checkLength")}(${value}, ${b.min}, ${b.max});`] : [];
  }

  private lengthRead(len: Length, value: Code, at: Code): Code[] {
    const b = bounds(len);
    return b ? [code`${this.rt("checkLength")}(${value}, ${b.min}, ${b.max}, ${at});`] : [];
  }
}

// ------------------------------------------------------------ helpers

function uintMax(bits: number): number {
  return bits === 32 ? 0xffffffff : 2 ** bits - 1;
}

/** Byte or count bounds a CBOR value must respect, from the IR length. */
function bounds(len: Length): { min: number; max: number } | null {
  switch (len.kind) {
    case "fixed":
      return { min: len.bytes, max: len.bytes };
    case "varint":
      return len.min === 0 && len.max >= 0x3fffffff ? null : { min: len.min, max: len.max };
    case "prefixed":
      return { min: len.min, max: len.max };
    case "count":
      // no JavaScript array is longer than 2^32-1: nothing to check
      return len.min === 0 && len.max >= 0xffffffff ? null : { min: len.min, max: len.max };
    default:
      return null;
  }
}

function keyOf(f: IRField): MapKey {
  return f.key ?? f.name;
}

/** An array record's item count when it is the same for every value: one item per field, none omittable, no group. */
function fixedCount(members: readonly IRMember[], isGroup: (t: IRType) => boolean = () => false): number | null {
  return members.every((m) => m.kind === "field" && !m.omittable && !m.spread && !isGroup(m.type)) ? members.length : null;
}

function maskOf(majors: readonly CborMajor[]): number {
  const bits: Record<CborMajor, number> = { uint: 1, nint: 2, bytes: 4, text: 8, array: 16, map: 32, tag: 64, simple: 128, float: 256 };
  return majors.reduce((m, x) => m | bits[x], 0);
}

/** A map record's entry count when it is the same for every value: no omittable field, no `* K => V` entries. */
function mapFixedCount(t: IRType & { kind: "record" }): number | null {
  return t.rest ? null : fixedCount(t.members);
}

/** The pre-encoded constant keys a definition's map codec needs (`mapKey$X$0`, ..., and `mapKeys$X` for rest merging). */
export function mapKeyConstants(ctx: GenContext, def: Definition): Code[] {
  if (def.type.kind !== "record" || def.type.encoding !== "map") return [];
  const fields = def.type.members.filter((m): m is IRField => m.kind === "field").sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const self = { name: def.name };
  const one = (i: number) => code`${ctx.names.fn("mapKey", self)}${code`$`}${i}`;
  const consts = fields.map((f, i) => code`const ${one(i)} = /* @__PURE__ */ new Uint8Array(${jsonLit(encodeKey(keyOf(f)))});`);
  if (def.type.rest) consts.push(code`const ${ctx.names.fn("mapKeys", self)} = [${fields.map((_f, i) => code`${i > 0 ? code`, ` : code``}${one(i)}`)}];`);
  return consts;
}

/** MAJOR_BITS of the first item of a field of an array record (a spread field: of its elements). */
function fieldMask(ctx: GenContext, m: IRField): number {
  const t = m.spread && m.type.kind === "vector" ? m.type.of : m.type;
  return typeMask(ctx, t, new Set());
}

function typeMask(ctx: GenContext, t: IRType, seen: Set<string>): number {
  const u = ctx.scope.underlying(t);
  if (u.kind === "record" && u.encoding === "sequence") {
    const key = t.kind === "ref" ? t.name : "";
    if (seen.has(key)) return 0x1ff;
    seen.add(key);
    let mask = 0;
    for (const m of u.members) {
      if (m.kind !== "field") return 0x1ff;
      mask |= typeMask(ctx, m.spread && m.type.kind === "vector" ? m.type.of : m.type, seen);
      if (!m.omittable && !m.spread) break;
    }
    return mask;
  }
  return maskOf(cborMajorsOf(ctx.scope, t));
}

/**
 * Member i of an array record is optional or repeated and the field after
 * it can start with the same major type: a decoder must try it whole
 * (RFC 8610 Appendix A), and an encoder must check that what it wrote
 * reads back the same.
 */
export function ambiguousAt(ctx: GenContext, members: readonly IRMember[], i: number): boolean {
  const m = members[i];
  const next = members[i + 1];
  if (!m || m.kind !== "field" || !(m.omittable || m.spread) || !next || next.kind !== "field") return false;
  return (fieldMask(ctx, m) & fieldMask(ctx, next)) !== 0;
}

/**
 * A definition whose CBOR a decoder could read differently from what was
 * meant: an array arrangement as above, or a type choice whose options a
 * value's JavaScript type cannot tell apart (tried in order). Its codec
 * checks each encoding by decoding it.
 */
export function hasAmbiguousArray(ctx: GenContext, def: Definition): boolean {
  for (const x of everyType(def.type)) if (x.kind === "union" && !planUnion(ctx.scope, x.options).ok) return true;
  const t = def.type;
  if (t.kind !== "record" || t.encoding === "map") return false;
  const lists: (readonly IRMember[])[] = [t.members];
  while (lists.length > 0) {
    const ms = lists.pop()!;
    if (ms.some((_m, i) => ambiguousAt(ctx, ms, i))) return true;
    for (const m of ms) if (m.kind === "variant") for (const c of m.cases) lists.push(c.members);
  }
  return false;
}
