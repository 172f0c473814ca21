import type { Definition, EnumValue, IRField, IRMember, IRType, Length } from "../ir/types.js";
import { enumLookups } from "./gen-tpl-codec.js";
import { qualified, type GenContext } from "./gen-context.js";

/**
 * IR -> specialised CBOR size, write and read functions for one definition,
 * the same shape as the TPL ones (gen-tpl-codec.ts): a checking size pass
 * that records text lengths and item counts in `s`, a trusting write pass,
 * and strict readers that track the current field in `at`.
 *
 * Canonical mapping (DESIGN.md): records are arrays in field order (or maps
 * with keys, where CDDL says so), a select's arm fields follow its
 * discriminator inline, optional is null, enums are uints, vectors are
 * arrays, byte strings bstr, text tstr.
 */
export function genCborFunctions(ctx: GenContext, def: Definition): string {
  if (def.type.kind === "enum") return genCborEnum(def.name, def.type, ctx.ownEnumLookups.has(def.name));
  return new CborEmitter(ctx, def).generate();
}

/** Two options of a union that CBOR cannot tell apart. */
export class AmbiguousUnionError extends Error {
  override readonly name = "AmbiguousUnionError";
}

class CborEmitter {
  private counter = 0;
  constructor(
    private readonly ctx: GenContext,
    private readonly def: Definition,
  ) {}

  private local(base: string): string {
    return `${base}${this.counter++}`;
  }

  generate(): string {
    const { name, type } = this.def;
    const recursive = this.ctx.recursive.has(name);
    if (type.kind === "record") {
      const enc = type.encoding ?? "array";
      return [
        `export function csize_${name}(v: ${name}, c: CodecContext, s: SizeCache): number {`,
        `const o: any = checkObject(v);`,
        `let n = 0;`,
        `let at = "";`,
        `try {`,
        ...(enc === "array" ? this.arraySize(type.members) : this.mapSize(type)),
        `} catch (e) { rethrowWithPath(e, at); }`,
        `return n;`,
        `}`,
        ``,
        `export function cwrite_${name}(w: CborWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`,
        `const o: any = v;`,
        ...(enc === "array" ? [`w.arrayHead(${this.arrayCount(type.members)});`, ...this.membersWrite(type.members)] : this.mapWrite(type)),
        `}`,
        ``,
        `export function cread_${name}(r: CborReader, c: CodecContext): ${name} {`,
        `const o: any = {};`,
        `let at = "";`,
        ...(recursive ? [`r.enter();`] : []),
        `try {`,
        ...(enc === "array" ? this.arrayRead(type.members) : this.mapRead(type)),
        `} catch (e) { rethrowWithPath(e, at); }`,
        ...(recursive ? [`r.leave();`] : []),
        `return o as ${name};`,
        `}`,
        ...(enc === "array" ? this.fieldsFunctions(type.members) : []),
      ].join("\n");
    }
    return [
      `export function csize_${name}(v: ${name}, c: CodecContext, s: SizeCache): number {`,
      `let n = 0;`,
      ...this.sizeType(type, "v"),
      `return n;`,
      `}`,
      ``,
      `export function cwrite_${name}(w: CborWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`,
      ...this.writeType(type, "v"),
      `}`,
      ``,
      `export function cread_${name}(r: CborReader, c: CodecContext): ${name} {`,
      `let v: any;`,
      ...(recursive ? [`r.enter();`] : []),
      ...this.readType(type, "v"),
      ...(recursive ? [`r.leave();`] : []),
      `return v as ${name};`,
      `}`,
    ].join("\n");
  }

  // ------------------------------------------------------------ arrays (records in field order)

  private publish(field: string, value: string): string[] {
    const key = `${this.def.name}.${field}`;
    return this.ctx.contextKeys.has(key) ? [`c[${JSON.stringify(key)}] = ${value};`] : [];
  }

  private switchOn(m: IRMember & { kind: "variant" }, body: (ms: readonly IRMember[]) => string[], fail: (msg: string, value?: string) => string): string[] {
    const d = m.discriminant;
    let expr: string;
    const out: string[] = [];
    if (d.kind === "field") expr = `o.${d.path.join(".")}`;
    else if (d.kind === "context") {
      expr = this.local("d");
      const alias = this.ctx.contextAliases[d.key];
      out.push(`const ${expr} = c[${JSON.stringify(d.key)}]${alias ? ` ?? c[${JSON.stringify(alias)}]` : ""};`);
      out.push(`if (${expr} === undefined) ${fail(`the codec context must give ${d.key}`)}`);
    } else throw new Error(`unresolved select in ${this.def.name}`);
    out.push(`switch (${expr}) {`);
    let hasDefault = false;
    for (const c of m.cases) {
      if (c.isDefault) {
        hasDefault = true;
        out.push(`default: {`, ...body(c.members), `break;`, `}`);
      } else out.push(...c.labels.map((l) => `case ${JSON.stringify(l)}:`), `{`, ...body(c.members), `break;`, `}`);
    }
    const what = d.kind === "field" ? d.path.join(".") : d.key;
    if (!hasDefault) out.push(`default: ${fail(`no case for ${what} = `, expr)}`);
    out.push(`}`);
    return out;
  }

  /**
   * Size pass for an array record: items counted into a slot the write pass
   * reads back, unless every record has the same count (no omittable field,
   * no select), which is then a constant in both passes.
   */
  private arraySize(members: readonly IRMember[]): string[] {
    const fixed = fixedCount(members);
    if (fixed !== null) return [`let k = 0;`, ...this.membersSize(members), `n += ${headSize(fixed)};`];
    return [`const slot = s.n++;`, `s.a[slot] = 0;`, `let k = 0;`, ...this.membersSize(members), `s.a[slot] = k;`, `n += cborHeadSize(k);`];
  }

  /** The write pass's array head argument: the constant count, or the one the size pass recorded. */
  private arrayCount(members: readonly IRMember[]): string {
    const fixed = fixedCount(members);
    return fixed !== null ? String(fixed) : `s.a[s.i++]!`;
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

  private inlineCaseSize(members: readonly IRMember[]): string[] | null {
    const c = this.inlineCase(members);
    if (!c) return null;
    const acc = this.local("acc");
    return [`at = ${JSON.stringify(c.field.name)};`, `{`, `const ${acc} = { k: 0 };`, `n += ${qualified(c.ref, "csizef_")}(o.${c.field.name}, c, s, ${acc});`, `k += ${acc}.k;`, `}`];
  }

  private inlineCaseWrite(members: readonly IRMember[]): string[] | null {
    const c = this.inlineCase(members);
    return c ? [`${qualified(c.ref, "cwritef_")}(w, o.${c.field.name}, c, s);`] : null;
  }

  private inlineCaseRead(members: readonly IRMember[]): string[] | null {
    const c = this.inlineCase(members);
    if (!c) return null;
    const kc = this.local("kc");
    return [`at = ${JSON.stringify(c.field.name)};`, `{`, `const ${kc} = { k };`, `o.${c.field.name} = ${qualified(c.ref, "creadf_")}(r, c, n, ${kc});`, `k = ${kc}.k;`, `}`];
  }

  /** For array records: the same fields without the array head, for inline cases of other records. */
  private fieldsFunctions(members: readonly IRMember[]): string[] {
    const name = this.def.name;
    const recursive = this.ctx.recursive.has(name);
    return [
      ``,
      `export function csizef_${name}(v: ${name}, c: CodecContext, s: SizeCache, acc: { k: number }): number {`,
      `const o: any = checkObject(v);`,
      `let n = 0;`,
      `let k = 0;`,
      `let at = "";`,
      `try {`,
      ...this.membersSize(members),
      `} catch (e) { rethrowWithPath(e, at); }`,
      `acc.k += k;`,
      `return n;`,
      `}`,
      ``,
      `export function cwritef_${name}(w: CborWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`,
      `const o: any = v;`,
      ...this.membersWrite(members),
      `}`,
      ``,
      `export function creadf_${name}(r: CborReader, c: CodecContext, n: number, kc: { k: number }): ${name} {`,
      `const o: any = {};`,
      `let k = kc.k;`,
      `let at = "";`,
      ...(recursive ? [`r.enter();`] : []),
      `try {`,
      ...this.membersRead(members),
      `} catch (e) { rethrowWithPath(e, at); }`,
      ...(recursive ? [`r.leave();`] : []),
      `kc.k = k;`,
      `return o as ${name};`,
      `}`,
    ];
  }

  private membersSize(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "variant") {
        out.push(...this.switchOn(m, (ms) => this.inlineCaseSize(ms) ?? this.membersSize(ms), encodeFail));
        continue;
      }
      const x = `o.${m.name}`;
      const body = [`k++;`, ...this.sizeType(m.type, x), ...this.publish(m.name, x)];
      out.push(`at = ${JSON.stringify(m.name)};`, ...(m.omittable ? [`if (${x} !== undefined) {`, ...body, `}`] : body));
    }
    return out;
  }

  private membersWrite(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "variant") {
        out.push(...this.switchOn(m, (ms) => this.inlineCaseWrite(ms) ?? this.membersWrite(ms), encodeFail));
        continue;
      }
      const x = `o.${m.name}`;
      const body = [...this.writeType(m.type, x), ...this.publish(m.name, x)];
      out.push(...(m.omittable ? [`if (${x} !== undefined) {`, ...body, `}`] : body));
    }
    return out;
  }

  private arrayRead(members: readonly IRMember[]): string[] {
    return [
      `const start = r.pos;`,
      `const n = r.arrayHead();`,
      `let k = 0;`,
      ...this.membersRead(members),
      `at = "";`,
      `arrayEnd(r, n, k, start);`,
    ];
  }

  private membersRead(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "variant") {
        out.push(...this.switchOn(m, (ms) => this.inlineCaseRead(ms) ?? this.membersRead(ms), decodeFail));
        continue;
      }
      const x = `o.${m.name}`;
      out.push(`at = ${JSON.stringify(m.name)};`);
      if (m.omittable) out.push(`if (arrayHasItem(r, n, k)) {`, `k++;`, ...this.readType(m.type, x), ...this.publish(m.name, x), `}`);
      else out.push(`arrayItem(r, n, k++);`, ...this.readType(m.type, x), ...this.publish(m.name, x));
    }
    return out;
  }

  // ------------------------------------------------------------ maps with keys (CDDL `{ key: T }`)

  private keyedFields(t: IRType & { kind: "record" }): IRField[] {
    const fields = t.members.filter((m): m is IRField => m.kind === "field");
    if (fields.length !== t.members.length) throw new Error(`${this.def.name}: a select inside a CBOR map is not supported`);
    // Known keys go out in RFC 8949 §4.2.1 order: by encoded key bytes
    return [...fields].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  }

  private mapSize(t: IRType & { kind: "record" }): string[] {
    const fields = this.keyedFields(t);
    const fixed = mapFixedCount(t);
    const out = fixed !== null ? [`let k = 0;`] : [`const slot = s.n++;`, `s.a[slot] = 0;`, `let k = 0;`];
    const fieldSize = (f: IRField): string[] => {
      const x = `o.${f.name}`;
      return [`at = ${JSON.stringify(f.name)};`, `k++;`, `n += ${keySize(keyOf(f))};`, ...this.sizeType(f.type, x)];
    };
    // known keys only: already in deterministic order
    const knownOnly = fields.flatMap((f) => (f.omittable ? [`if (o.${f.name} !== undefined) {`, ...fieldSize(f), `}`] : fieldSize(f)));
    if (!t.rest) {
      out.push(...knownOnly);
    } else {
      const [kk, vv, e] = [this.local("key"), this.local("val"), this.local("e")];
      out.push(`at = ${JSON.stringify(t.rest.name)};`, `if (checkMap(o.${t.rest.name}).size === 0) {`, ...knownOnly, `} else {`);
      out.push(...this.mergedEntries(t, fields, e), `if (typeof ${e} === "number") {`, `switch (${e}) {`);
      fields.forEach((f, i) => out.push(`case ${i}: {`, ...fieldSize(f), `break;`, `}`));
      out.push(`}`, `} else {`, `at = ${JSON.stringify(t.rest.name)};`, `const [${kk}, ${vv}] = ${e} as [any, any];`, `k++;`, ...this.sizeType(t.rest.key, kk), ...this.sizeType(t.rest.value, vv), `}`, `}`, `}`);
    }
    out.push(...(fixed !== null ? [`n += ${headSize(fixed)};`] : [`s.a[slot] = k;`, `n += cborHeadSize(k);`]));
    return out;
  }

  /**
   * Known fields and `* K => V` entries interleaved in RFC 8949 §4.2.1 order
   * (bytewise by encoded key); both passes iterate the same order, so the
   * sizes the size pass records line up with the writes. Only when the rest
   * map has entries: both passes write an empty one's known fields directly,
   * in the same order mergeMapEntries would give.
   */
  private mergedEntries(t: IRType & { kind: "record" }, fields: readonly IRField[], e: string): string[] {
    const present = fields.map((f) => (f.omittable ? `o.${f.name} !== undefined` : "true")).join(", ");
    return [`for (const ${e} of mergeMapEntries(KEYS_${this.def.name}, [${present}], o.${t.rest!.name})) {`];
  }

  private mapWrite(t: IRType & { kind: "record" }): string[] {
    const fields = this.keyedFields(t);
    const fixed = mapFixedCount(t);
    const out = [`w.mapHead(${fixed !== null ? fixed : "s.a[s.i++]!"});`];
    const fieldWrite = (f: IRField): string[] => [keyWrite(this.def.name, keyOf(f)), ...this.writeType(f.type, `o.${f.name}`)];
    const knownOnly = fields.flatMap((f) => (f.omittable ? [`if (o.${f.name} !== undefined) {`, ...fieldWrite(f), `}`] : fieldWrite(f)));
    if (!t.rest) {
      out.push(...knownOnly);
      return out;
    }
    const [kk, vv, e] = [this.local("key"), this.local("val"), this.local("e")];
    out.push(`if ((o.${t.rest.name} as Map<any, any>).size === 0) {`, ...knownOnly, `} else {`);
    out.push(...this.mergedEntries(t, fields, e), `if (typeof ${e} === "number") {`, `switch (${e}) {`);
    fields.forEach((f, i) => out.push(`case ${i}: {`, ...fieldWrite(f), `break;`, `}`));
    out.push(`}`, `} else {`, `const [${kk}, ${vv}] = ${e} as [any, any];`, ...this.writeType(t.rest.key, kk), ...this.writeType(t.rest.value, vv), `}`, `}`, `}`);
    return out;
  }

  private mapRead(t: IRType & { kind: "record" }): string[] {
    const fields = this.keyedFields(t);
    const out = [...(t.rest ? [`const mp = r.pos;`] : []), `const n = r.mapHead();`, ...(t.rest ? [`r.checkCount(n, mp, 2);`] : []), `let prev = -1;`, `let prevEnd = -1;`];
    if (t.rest) out.push(`const rest = new Map<any, any>();`);
    out.push(`for (let k = 0; n < 0 ? !r.isBreak() : k < n; k++) {`, ...(t.rest ? [`if (n < 0 && k >= r.maxCount) r.tooMany(k + 1, mp);`] : []), `at = "";`, `const ks = r.pos;`, `const key = readMapKey(r);`, `const ke = r.pos;`);
    out.push(`if (r.deterministic && prev >= 0) r.checkKeyOrder(prev, prevEnd, ks, ke);`, `prev = ks;`, `prevEnd = ke;`);
    out.push(`switch (key) {`);
    for (const f of fields) {
      const x = `o.${f.name}`;
      out.push(`case ${keyLiteral(keyOf(f))}:`, `at = ${JSON.stringify(f.name)};`, `if (${x} !== undefined) r.fail("duplicate map key", ks);`, ...this.readType(f.type, x), `break;`);
    }
    out.push(`default: {`);
    if (t.rest) {
      const vv = this.local("val");
      // integers travel as bigint where the key type is a CDDL int (or a union with one)
      const toBig = this.bigintKeys(t.rest.key);
      out.push(`at = ${JSON.stringify(t.rest.name)};`, `const rk: any = ${toBig ? `typeof key === "number" ? BigInt(key) : key` : "key"};`, `if (rest.has(rk)) r.fail("duplicate map key", ks);`);
      out.push(...this.keyCheck(t.rest.key, "rk", "ks"), `let ${vv}: any;`, ...this.readType(t.rest.value, vv), `rest.set(rk, ${vv});`);
    } else {
      out.push(`r.fail("unexpected map key " + describe(key), ks);`);
    }
    out.push(`}`, `}`, `}`, `if (n < 0) r.consumeBreak();`, `at = "";`);
    for (const f of fields) {
      if (!f.omittable) out.push(`if (o.${f.name} === undefined) r.fail(${JSON.stringify(`missing map key ${JSON.stringify(keyOf(f))} (${f.name})`)});`);
    }
    if (t.rest) out.push(`o.${t.rest.name} = rest;`);
    return out;
  }

  private bigintKeys(t: IRType): boolean {
    const u = this.ctx.scope.underlying(t);
    if (u.kind === "union") return u.options.some((o) => this.bigintKeys(o));
    return u.kind === "int" || (u.kind === "uint" && u.bits === 64);
  }

  /** A rest-entry key, already read generically, must fit the key type. */
  private keyCheck(t: IRType, key: string, at: string): string[] {
    const u = this.ctx.scope.underlying(t);
    // a union of key types (`name = int / tstr`): any one of its options
    // each option: its JavaScript type, and its bounds (a `name = tstr .size (1..255)` key is no empty string)
    const guards = (u.kind === "union" ? u.options.map((o) => this.ctx.scope.underlying(o)) : [u]).map((o) => {
      const g = jsGuard(this.ctx, o, key);
      const c = keyBounds(o, key);
      return g !== null && c !== null ? `${g} && ${c}` : g;
    });
    const guard = guards.every((g) => g !== null) ? guards.map((g) => `(${g})`).join(" || ") : null;
    return guard ? [`if (!(${guard})) r.fail("map key " + describe(${key}) + " does not match ${describeType(u)}", ${at});`] : [];
  }

  // ------------------------------------------------------------ types

  private sizeType(t: IRType, x: string): string[] {
    switch (t.kind) {
      case "uint":
        if (t.bits === 64) return [`checkUint64(${x});`, ...rangeCheck(t, x), `n += cborHeadSize(${x});`];
        return [`checkUint(${x}, ${t.bits === 24 ? 32 : t.bits});`, ...(t.bits === 24 ? [`checkUint(${x}, 24);`] : []), ...rangeCheck(t, x), `n += cborHeadSize(${x});`];
      case "int":
        return [`checkInt64(${x});`, ...rangeCheck(t, x), `n += cborHeadSize(${x} < 0n ? -1n - ${x} : ${x});`];
      case "bool":
        return [`checkBool(${x});`, `n += 1;`];
      case "null":
        return [`if (${x} !== null) throw new CodecError("expected null, got " + describe(${x}), -1);`, `n += 1;`];
      case "float":
        return [`checkNumber(${x});`, `n += floatSize(${x});`];
      case "any":
        return [`n += checkItem(${x}).length;`];
      case "bytes": {
        const b = this.local("b");
        return [`{`, `const ${b} = checkBytes(${x});`, ...lengthCheck(t.length, `${b}.length`), `n += cborHeadSize(${b}.length) + ${b}.length;`, `}`];
      }
      case "text": {
        const len = this.local("L");
        return [`{`, `const ${len} = s.text(${x});`, ...lengthCheck(t.length, len), `n += cborHeadSize(${len}) + ${len};`, `}`];
      }
      case "vector": {
        const [a, i, e] = [this.local("a"), this.local("i"), this.local("e")];
        return [
          `{`,
          `const ${a} = checkArray(${x});`,
          ...(t.length.kind === "count" ? lengthCheck(t.length, `${a}.length`) : []),
          `n += cborHeadSize(${a}.length);`,
          `let ${i} = 0;`,
          `try {`,
          `for (; ${i} < ${a}.length; ${i}++) {`,
          `const ${e}: any = ${a}[${i}];`,
          ...this.sizeType(t.of, e),
          `}`,
          `} catch (err) { rethrowWithPath(err, "[" + ${i} + "]"); }`,
          `}`,
        ];
      }
      case "map": {
        const [m, kk, vv] = [this.local("m"), this.local("key"), this.local("val")];
        return [
          `{`,
          `const ${m} = checkMap(${x});`,
          ...(t.min > 0 || t.max < 0xffffffff ? [`checkLength(${m}.size, ${t.min}, ${t.max});`] : []),
          `n += cborHeadSize(${m}.size);`,
          `for (const [${kk}, ${vv}] of sortedMapEntries(${m})) {`,
          ...this.sizeType(t.key, kk),
          ...this.sizeType(t.value, vv),
          `}`,
          `}`,
        ];
      }
      case "optional":
        return [`if (${x} == null) n += 1;`, `else {`, ...this.sizeType(t.of, x), `}`];
      case "tagged":
        return [`n += cborHeadSize(${t.tag});`, ...this.sizeType(t.of, x)];
      case "union":
        return this.unionDispatch(t, x, (o) => this.sizeType(o, x), encodeFail);
      case "ref":
        return [`n += ${qualified(t, "csize_")}(${x}, c, s);`];
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  private writeType(t: IRType, x: string): string[] {
    switch (t.kind) {
      case "uint":
        return [`w.uint(${x});`];
      case "int":
        return [`w.int(${x});`];
      case "bool":
        return [`w.bool(${x});`];
      case "null":
        return [`w.null();`];
      case "float":
        return [`w.float(${x});`];
      case "any":
        return [`w.raw(encodeItem(${x}));`];
      case "bytes":
        return [`w.bytes(${x});`];
      case "text":
        return [`w.text(${x}, s.a[s.i++]!);`];
      case "vector": {
        const e = this.local("e");
        return [`w.arrayHead((${x} as any[]).length);`, `for (const ${e} of ${x} as any[]) {`, ...this.writeType(t.of, e), `}`];
      }
      case "map": {
        const [kk, vv] = [this.local("key"), this.local("val")];
        return [`w.mapHead((${x} as Map<any, any>).size);`, `for (const [${kk}, ${vv}] of sortedMapEntries(${x} as Map<any, any>)) {`, ...this.writeType(t.key, kk), ...this.writeType(t.value, vv), `}`];
      }
      case "optional":
        return [`if (${x} == null) w.null();`, `else {`, ...this.writeType(t.of, x), `}`];
      case "tagged":
        return [`w.tag(${t.tag});`, ...this.writeType(t.of, x)];
      case "union":
        return this.unionDispatch(t, x, (o) => this.writeType(o, x), encodeFail);
      case "ref":
        return [`${qualified(t, "cwrite_")}(w, ${x}, c, s);`];
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  private readType(t: IRType, target: string): string[] {
    switch (t.kind) {
      case "uint":
        if (t.bits === 64) return [`${target} = r.uint64();`, ...rangeRead(t, target)];
        return [`{`, `const p = r.pos;`, `${target} = r.uint();`, `if (${target} > ${uintMax(t.bits)}) r.fail("value " + ${target} + " does not fit uint${t.bits}", p);`, ...rangeRead(t, target, "p"), `}`];
      case "int":
        return [`${target} = r.int64();`, ...rangeRead(t, target)];
      case "bool":
        return [`${target} = r.bool();`];
      case "null":
        return [`r.null();`, `${target} = null;`];
      case "float":
        return [`${target} = r.float();`];
      case "any":
        return [`${target} = r.item();`];
      case "bytes":
        return [`{`, `const p = r.pos;`, `${target} = r.bytes();`, ...lengthRead(t.length, `${target}.length`, "p"), `}`];
      case "text": {
        const needs = lengthCheck(t.length, "L").length > 0;
        return needs ? [`{`, `const p = r.pos;`, `${target} = r.text();`, `const L = utf8Length(${target});`, ...lengthRead(t.length, "L", "p"), `}`] : [`${target} = r.text();`];
      }
      case "vector": {
        const [p, cnt, a, i, e] = [this.local("p"), this.local("n"), this.local("a"), this.local("i"), this.local("e")];
        return [
          `{`,
          `const ${p} = r.pos;`,
          `const ${cnt} = r.arrayHead();`,
          `r.checkCount(${cnt}, ${p}, 1);`,
          `const ${a}: any[] = [];`,
          `let ${i} = 0;`,
          `try {`,
          `for (; ${cnt} < 0 ? !r.isBreak() : ${i} < ${cnt}; ${i}++) {`,
          // a definite count was checked against maxCount above; an indefinite one is counted here
          `if (${cnt} < 0 && ${i} >= r.maxCount) r.tooMany(${i} + 1, ${p});`,
          `let ${e}: any;`,
          ...this.readType(t.of, e),
          `${a}.push(${e});`,
          `}`,
          `} catch (err) { rethrowWithPath(err, "[" + ${i} + "]"); }`,
          `if (${cnt} < 0) r.consumeBreak();`,
          ...(t.length.kind === "count" ? [`checkLength(${a}.length, ${t.length.min}, ${t.length.max}, ${p});`] : []),
          `${target} = ${a};`,
          `}`,
        ];
      }
      case "map": {
        const [p, cnt, m, i, kk, vv, ks] = [this.local("p"), this.local("n"), this.local("m"), this.local("i"), this.local("key"), this.local("val"), this.local("ks")];
        return [
          `{`,
          `const ${p} = r.pos;`,
          `const ${cnt} = r.mapHead();`,
          `r.checkCount(${cnt}, ${p}, 2);`,
          `const ${m} = new Map<any, any>();`,
          `let prevKey = -1;`,
          `let prevKeyEnd = -1;`,
          `for (let ${i} = 0; ${cnt} < 0 ? !r.isBreak() : ${i} < ${cnt}; ${i}++) {`,
          `if (${cnt} < 0 && ${i} >= r.maxCount) r.tooMany(${i} + 1, ${p});`,
          `const ${ks} = r.pos;`,
          `let ${kk}: any;`,
          ...this.readType(t.key, kk),
          `if (r.deterministic && prevKey >= 0) r.checkKeyOrder(prevKey, prevKeyEnd, ${ks}, r.pos);`,
          `prevKey = ${ks};`,
          `prevKeyEnd = r.pos;`,
          `if (${m}.has(${kk})) r.fail("duplicate map key", ${ks});`,
          `let ${vv}: any;`,
          ...this.readType(t.value, vv),
          `${m}.set(${kk}, ${vv});`,
          `}`,
          `if (${cnt} < 0) r.consumeBreak();`,
          ...(t.min > 0 || t.max < 0xffffffff ? [`checkLength(${m}.size, ${t.min}, ${t.max}, ${p});`] : []),
          `${target} = ${m};`,
          `}`,
        ];
      }
      case "optional":
        return [`if (r.isNull()) {`, `r.null();`, `${target} = null;`, `} else {`, ...this.readType(t.of, target), `}`];
      case "tagged":
        return [`r.expectTag(${t.tag});`, ...this.readType(t.of, target)];
      case "union":
        return this.unionRead(t, target);
      case "ref":
        return [`${target} = ${qualified(t, "cread_")}(r, c);`];
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  // ------------------------------------------------------------ unions

  /** Encode side: pick the option by the JavaScript type of the value. */
  private unionDispatch(t: IRType & { kind: "union" }, x: string, body: (o: IRType) => string[], fail: (m: string, v?: string) => string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    t.options.forEach((o, i) => {
      const guard = jsGuard(this.ctx, this.ctx.scope.underlying(o), x);
      if (guard === null || seen.has(guard)) throw new AmbiguousUnionError(`${this.def.name}: union option ${i + 1} cannot be told apart by its JavaScript type`);
      seen.add(guard);
      out.push(`${i === 0 ? "if" : "else if"} (${guard}) {`, ...body(o), `}`);
    });
    out.push(`else ${fail("value matches no option of the union: ", x)}`);
    return out;
  }

  /** Decode side: pick the option by the CBOR major type (and tag) of the next item. */
  private unionRead(t: IRType & { kind: "union" }, target: string): string[] {
    const out = [`switch (r.peekType()) {`];
    const used = new Set<string>();
    for (const o of t.options) {
      const types = cborTypes(this.ctx.scope.underlying(o));
      if (types.some((ty) => used.has(ty))) throw new AmbiguousUnionError(`${this.def.name}: two union options share the CBOR type ${types.join("/")}`);
      types.forEach((ty) => used.add(ty));
      out.push(...types.map((ty) => `case ${JSON.stringify(ty)}:`), `{`, ...this.readType(o, target), `break;`, `}`);
    }
    out.push(`default: r.fail("item matches no option of the union: " + r.peekType());`, `}`);
    return out;
  }
}

// ------------------------------------------------------------ helpers

function uintMax(bits: number): number {
  return bits === 32 ? 0xffffffff : 2 ** bits - 1;
}

function rangeCheck(t: { min?: number | bigint; max?: number | bigint; kind: string; bits?: number }, x: string): string[] {
  const lit = (v: number | bigint) => (t.kind === "int" || t.bits === 64 ? `${v}n` : String(v));
  const out: string[] = [];
  if (t.min !== undefined) out.push(`if (${x} < ${lit(t.min)}) throw new CodecError("value " + ${x} + " is below ${t.min}", -1);`);
  if (t.max !== undefined) out.push(`if (${x} > ${lit(t.max)}) throw new CodecError("value " + ${x} + " is above ${t.max}", -1);`);
  return out;
}

function rangeRead(t: { min?: number | bigint; max?: number | bigint; kind: string; bits?: number }, x: string, at = "r.pos"): string[] {
  const lit = (v: number | bigint) => (t.kind === "int" || t.bits === 64 ? `${v}n` : String(v));
  const out: string[] = [];
  if (t.min !== undefined) out.push(`if (${x} < ${lit(t.min)}) r.fail("value " + ${x} + " is below ${t.min}", ${at});`);
  if (t.max !== undefined) out.push(`if (${x} > ${lit(t.max)}) r.fail("value " + ${x} + " is above ${t.max}", ${at});`);
  return out;
}

/** Byte or count bounds a CBOR value must respect, from the IR length. */
function bounds(len: Length): { min: number; max: number } | null {
  switch (len.kind) {
    case "fixed":
      return { min: len.bytes, max: len.bytes };
    case "varint":
      return len.min === 0 && len.max >= 0x3fffffff ? null : { min: len.min, max: len.max };
    case "prefixed":
    case "count":
      return { min: len.min, max: len.max };
    default:
      return null;
  }
}

/** A rest key's bounds as an expression, or null when the type has none. */
function keyBounds(t: IRType, key: string): string | null {
  const parts: string[] = [];
  const lit = (v: number | bigint) => (t.kind === "int" || (t.kind === "uint" && t.bits === 64) ? `${v}n` : String(v));
  if (t.kind === "uint" || t.kind === "int") {
    if (t.min !== undefined) parts.push(`${key} >= ${lit(t.min)}`);
    if (t.max !== undefined) parts.push(`${key} <= ${lit(t.max)}`);
  }
  if (t.kind === "text" || t.kind === "bytes") {
    const b = bounds(t.length);
    const len = t.kind === "text" ? `utf8Length(${key})` : `${key}.length`;
    if (b) parts.push(`${len} >= ${b.min} && ${len} <= ${b.max}`);
  }
  return parts.length > 0 ? parts.join(" && ") : null;
}

function lengthCheck(len: Length, value: string): string[] {
  const b = bounds(len);
  return b ? [`checkLength(${value}, ${b.min}, ${b.max});`] : [];
}

function lengthRead(len: Length, value: string, at: string): string[] {
  const b = bounds(len);
  return b ? [`checkLength(${value}, ${b.min}, ${b.max}, ${at});`] : [];
}

type MapKey = string | number;

function keyOf(f: IRField): MapKey {
  return f.key ?? f.name;
}

/** Encoded-key order (RFC 8949 §4.2.1): bytewise lexicographic on the encoded keys. */
function compareKeys(a: MapKey, b: MapKey): number {
  const ea = encodeKey(a);
  const eb = encodeKey(b);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

function encodeKey(k: MapKey): number[] {
  if (typeof k === "string") {
    const bytes = [...new TextEncoder().encode(k)];
    return [...head(3, bytes.length), ...bytes];
  }
  return k >= 0 ? head(0, k) : head(1, -1 - k);
}

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function keySize(k: MapKey): number {
  return encodeKey(k).length;
}

/** Size of the head of an array or map of `count` items. */
function headSize(count: number): number {
  return head(4, count).length;
}

/** An array record's item count when it is the same for every value: plain fields only, none omittable. */
function fixedCount(members: readonly IRMember[]): number | null {
  return members.every((m) => m.kind === "field" && !m.omittable) ? members.length : null;
}

/** A map record's entry count when it is the same for every value: no omittable field, no `* K => V` entries. */
function mapFixedCount(t: IRType & { kind: "record" }): number | null {
  return t.rest ? null : fixedCount(t.members);
}

/** Writes a constant key as its pre-encoded bytes. */
function keyWrite(def: string, k: MapKey): string {
  return `w.raw(KEY_${def}_${keyId(k)});`;
}

export function keyId(k: MapKey): string {
  return typeof k === "string" ? `t_${k.replace(/[^A-Za-z0-9_]/g, (c) => `$${c.charCodeAt(0).toString(16)}`)}` : k < 0 ? `n${-k}` : `u${k}`;
}

/** The pre-encoded constant keys a definition's map codec needs. */
export function mapKeyConstants(def: Definition): string[] {
  if (def.type.kind !== "record" || def.type.encoding !== "map") return [];
  const fields = def.type.members.filter((m): m is IRField => m.kind === "field").sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  const consts = fields.map((f) => `const KEY_${def.name}_${keyId(keyOf(f))} = new Uint8Array(${JSON.stringify(encodeKey(keyOf(f)))});`);
  if (def.type.rest) consts.push(`const KEYS_${def.name} = [${fields.map((f) => `KEY_${def.name}_${keyId(keyOf(f))}`).join(", ")}];`);
  return consts;
}

/** readMapKey returns small integers as numbers and text as string. */
function keyLiteral(k: MapKey): string {
  return typeof k === "string" ? JSON.stringify(k) : String(k);
}

function encodeFail(msg: string, value?: string): string {
  return value ? `throw new CodecError(${JSON.stringify(msg)} + describe(${value}), -1);` : `throw new CodecError(${JSON.stringify(msg)}, -1);`;
}

function decodeFail(msg: string, value?: string): string {
  return value ? `r.fail(${JSON.stringify(msg)} + describe(${value}));` : `r.fail(${JSON.stringify(msg)});`;
}

/** A JavaScript test that tells a union option's values from the others'. */
export function jsGuard(ctx: GenContext, t: IRType, x: string): string | null {
  switch (t.kind) {
    case "uint":
      return t.bits === 64 ? `typeof ${x} === "bigint" && ${x} >= 0n` : `typeof ${x} === "number" && Number.isInteger(${x})`;
    case "int":
      return `typeof ${x} === "bigint"`;
    case "float":
      return `typeof ${x} === "number"`;
    case "bool":
      return `typeof ${x} === "boolean"`;
    case "null":
      return `${x} === null`;
    case "bytes":
      return `${x} instanceof Uint8Array`;
    case "text":
      return `typeof ${x} === "string"`;
    case "vector":
      return `Array.isArray(${x})`;
    case "map":
      return `${x} instanceof Map`;
    case "record":
      return `${x} !== null && typeof ${x} === "object" && !Array.isArray(${x}) && !(${x} instanceof Map) && !(${x} instanceof Uint8Array)`;
    case "enum":
      return `typeof ${x} === "string"`;
    case "tagged":
      return jsGuard(ctx, ctx.scope.underlying(t.of), x);
    case "optional":
    case "any":
    case "union":
    case "ref":
      return null;
  }
}

function cborTypes(t: IRType): string[] {
  switch (t.kind) {
    case "uint":
    case "enum":
      return ["uint"];
    case "int":
      return ["uint", "nint"];
    case "float":
      return ["float"];
    case "bool":
    case "null":
      return ["simple"];
    case "bytes":
      return ["bytes"];
    case "text":
      return ["text"];
    case "vector":
      return ["array"];
    case "map":
      return ["map"];
    case "record":
      return [t.encoding === "map" ? "map" : "array"];
    case "tagged":
      return ["tag"];
    default:
      return ["uint", "nint", "bytes", "text", "array", "map", "tag", "simple", "float"];
  }
}

function describeType(t: IRType): string {
  return t.kind;
}

// ------------------------------------------------------------ enums

/** `own`: the enum's CBOR rules differ from its TPL ones (a merged document): its own look-ups, prefixed `c`. */
function genCborEnum(name: string, t: Extract<IRType, { kind: "enum" }>, own: boolean): string {
  const c = own ? "c" : "";
  return [
    ...(own ? [enumLookups(name, c, t.bits, t.values, t.open), ``] : []),
    `export function csize_${name}(v: ${name}, _c: CodecContext, _s: SizeCache): number {`,
    `return cborHeadSize(${c}wire_${name}(v));`,
    `}`,
    ``,
    `export function cwrite_${name}(w: CborWriter, v: ${name}, _c: CodecContext, _s: SizeCache): void {`,
    `w.uint(${c}wire_${name}(v));`,
    `}`,
    ``,
    `export function cread_${name}(r: CborReader, _c: CodecContext): ${name} {`,
    `const p = r.pos;`,
    `const x = r.uint();`,
    `const v = ${c}fromWire_${name}(x);`,
    `if (v === undefined) r.fail(${JSON.stringify(`unknown ${name} value `)} + x, p);`,
    `return v;`,
    `}`,
  ].join("\n");
}
