import type { Definition, EnumValue, IRMember, IRType, Length } from "../ir/types.js";
import { jsGuard as tplGuard } from "./gen-cbor-codec.js";
import { qualified, type GenContext } from "./gen-context.js";

/**
 * IR -> specialised TPL size, write and read functions for one definition:
 * straight-line code, no interpretation of the IR at run time.
 *
 * The size pass checks every value and records each vector's and text's
 * byte length in `s`; the write pass trusts the values and takes those
 * lengths back in the same order, so encoding allocates once. Read
 * functions track the current field in `at` and let errors unwind through
 * rethrowWithPath, which builds the field path only when something fails.
 */
export function genTplFunctions(ctx: GenContext, def: Definition): string {
  if (def.type.kind === "enum") return genEnum(def.name, def.type.bits, def.type.values, def.type.open);
  const g = new Emitter(ctx, def);
  return g.generate();
}

const VARINT_MAX = 0x3fffffff;

/** The type uses a construct with no TPL encoding: the definition is CBOR-only. */
export class NoTplImageError extends Error {
  override readonly name = "NoTplImageError";
}

type Failer = (msg: string, value?: string) => string;

class Emitter {
  private counter = 0;
  constructor(
    private readonly ctx: GenContext,
    private readonly def: Definition,
  ) {}

  private local(base: string): string {
    return `${base}${this.counter++}`;
  }

  generate(): string {
    const { def } = this;
    const name = def.name;
    const isRecord = def.type.kind === "record";
    const members = def.type.kind === "record" ? def.type.members : [];
    const recursive = this.ctx.recursive.has(name);

    const size = isRecord
      ? [
          `export function size_${name}(v: ${name}, c: CodecContext, s: SizeCache): number {`,
          `const o: any = checkObject(v);`,
          `let n = 0;`,
          `let at = "";`,
          `try {`,
          ...this.membersSize(members),
          ...this.restPart("size"),
          `} catch (e) { rethrowWithPath(e, at); }`,
          `return n;`,
          `}`,
        ]
      : [`export function size_${name}(v: ${name}, c: CodecContext, s: SizeCache): number {`, `let n = 0;`, ...this.sizeType(def.type, "v"), `return n;`, `}`];

    const write = isRecord
      ? [`export function write_${name}(w: TplWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`, `const o: any = v;`, ...this.membersWrite(members), ...this.restPart("write"), `}`]
      : [`export function write_${name}(w: TplWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`, ...this.writeType(def.type, "v"), `}`];

    const read = isRecord
      ? [
          `export function read_${name}(r: TplReader, c: CodecContext): ${name} {`,
          `const o: any = {};`,
          `let at = "";`,
          ...(recursive ? [`r.enter();`] : []),
          `try {`,
          ...this.membersRead(members),
          ...this.restPart("read"),
          `} catch (e) { rethrowWithPath(e, at); }`,
          ...(recursive ? [`r.leave();`] : []),
          `return o as ${name};`,
          `}`,
        ]
      : [`export function read_${name}(r: TplReader, c: CodecContext): ${name} {`, `let v: any;`, ...this.readType(def.type, "v"), `return v as ${name};`, `}`];

    return [...size, "", ...write, "", ...read].join("\n");
  }

  // ------------------------------------------------------------ members

  /** A CDDL map's `* K => V` entries travel after the fields as a map (vector of key/value pairs). */
  private restPart(pass: "size" | "write" | "read"): string[] {
    const t = this.def.type;
    if (t.kind !== "record" || !t.rest) return [];
    const map: IRType = { kind: "map", key: t.rest.key, value: t.rest.value, min: 0, max: 0xffffffff };
    const x = `o.${t.rest.name}`;
    const at = `at = ${JSON.stringify(t.rest.name)};`;
    if (pass === "size") return [at, ...this.sizeType(map, x)];
    if (pass === "write") return this.writeType(map, x);
    return [at, ...this.readType(map, x)];
  }

  private publish(field: string, value: string): string[] {
    const key = `${this.def.name}.${field}`;
    return this.ctx.contextKeys.has(key) ? [`c[${JSON.stringify(key)}] = ${value};`] : [];
  }

  private discriminant(m: IRMember & { kind: "variant" }, failer: Failer): { expr: string; guard: string[] } {
    const d = m.discriminant;
    if (d.kind === "field") return { expr: `o.${d.path.join(".")}`, guard: [] };
    if (d.kind === "context") {
      const alias = this.ctx.contextAliases[d.key];
      const get = `c[${JSON.stringify(d.key)}]` + (alias ? ` ?? c[${JSON.stringify(alias)}]` : "");
      const t = this.local("d");
      return {
        expr: t,
        guard: [`const ${t} = ${get};`, `if (${t} === undefined) ${failer(`the codec context must give ${d.key}`)}`],
      };
    }
    throw new Error(`unresolved select in ${this.def.name}`);
  }

  private switchOn(m: IRMember & { kind: "variant" }, body: (members: readonly IRMember[]) => string[], failer: Failer): string[] {
    const { expr, guard } = this.discriminant(m, failer);
    const out = [...guard, `switch (${expr}) {`];
    let hasDefault = false;
    for (const c of m.cases) {
      if (c.isDefault) {
        hasDefault = true;
        out.push(`default: {`, ...body(c.members), `break;`, `}`);
        continue;
      }
      out.push(...c.labels.map((l) => `case ${JSON.stringify(l)}:`), `{`, ...body(c.members), `break;`, `}`);
    }
    const what = m.discriminant.kind === "field" ? m.discriminant.path.join(".") : m.discriminant.kind === "context" ? m.discriminant.key : "";
    if (!hasDefault) out.push(`default: ${failer(`no case for ${what} = `, expr)}`);
    out.push(`}`);
    return out;
  }

  /** An omittable (CDDL `?`) field travels in TPL like optional<T>: a presence byte. */
  private fieldType(m: IRMember & { kind: "field" }): IRType {
    return m.omittable ? { kind: "optional", of: m.type } : m.type;
  }

  private membersSize(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        out.push(`at = ${JSON.stringify(m.name)};`, ...this.sizeType(this.fieldType(m), `o.${m.name}`), ...this.publish(m.name, `o.${m.name}`));
      } else {
        out.push(...this.switchOn(m, (ms) => this.membersSize(ms), encodeFail));
      }
    }
    return out;
  }

  private membersWrite(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "field") out.push(...this.writeType(this.fieldType(m), `o.${m.name}`), ...this.publish(m.name, `o.${m.name}`));
      else out.push(...this.switchOn(m, (ms) => this.membersWrite(ms), encodeFail));
    }
    return out;
  }

  private membersRead(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        out.push(`at = ${JSON.stringify(m.name)};`, ...this.readType(this.fieldType(m), `o.${m.name}`), ...this.publish(m.name, `o.${m.name}`));
        if (m.omittable) out.push(`if (o.${m.name} === null) delete o.${m.name};`);
      } else {
        out.push(...this.switchOn(m, (ms) => this.membersRead(ms), decodeFail));
      }
    }
    return out;
  }

  // ------------------------------------------------------------ size

  private sizeType(t: IRType, x: string): string[] {
    switch (t.kind) {
      case "uint":
        return t.bits === 64 ? [`checkUint64(${x});`, `n += 8;`] : [`checkUint(${x}, ${t.bits});`, `n += ${t.bits / 8};`];
      case "bytes": {
        const b = this.local("b");
        return [`{`, `const ${b} = checkBytes(${x});`, ...this.sizeLength(t.length, `${b}.length`), ...(t.allZero ? [`checkAllZero(${b});`] : []), `}`];
      }
      case "text": {
        const len = this.local("L");
        // a prefixed length is recorded for the write pass: s.text checks, measures and records in one
        const recorded = t.length.kind === "varint" || t.length.kind === "prefixed";
        return [`{`, recorded ? `const ${len} = s.text(${x});` : `const ${len} = utf8Length(checkText(${x}));`, ...this.sizeLength(t.length, len), `}`];
      }
      case "vector": {
        const a = this.local("a");
        const slot = this.local("slot");
        const n0 = this.local("n");
        const i = this.local("i");
        const e = this.local("e");
        const prefixed = t.length.kind === "varint" || t.length.kind === "prefixed" || t.length.kind === "count";
        return [
          `{`,
          `const ${a} = checkArray(${x});`,
          ...(t.length.kind === "count" ? [`checkLength(${a}.length, ${t.length.min}, ${t.length.max});`] : []),
          ...(prefixed ? [`const ${slot} = s.n++;`, `s.a[${slot}] = 0;`] : []),
          `const ${n0} = n;`,
          `let ${i} = 0;`,
          `try {`,
          `for (; ${i} < ${a}.length; ${i}++) {`,
          `const ${e}: any = ${a}[${i}];`,
          ...this.sizeType(t.of, e),
          `}`,
          `} catch (err) { rethrowWithPath(err, "[" + ${i} + "]"); }`,
          `n -= ${n0};`,
          ...(prefixed ? [`s.a[${slot}] = n;`] : []),
          ...this.sizeLength(t.length, "n", n0),
          `}`,
        ];
      }
      case "optional":
        return [`if (${x} == null) n += 1;`, `else {`, `n += 1;`, ...this.sizeType(t.of, x), `}`];
      case "ref":
        return [`n += ${qualified(t, "size_")}(${x}, c, s);`];
      case "int":
        return [`checkInt64(${x});`, `tplInt64(${x});`, `n += 8;`];
      case "bool":
        return [`checkBool(${x});`, `n += 1;`];
      case "null":
        return [`if (${x} !== null) throw new CodecError("expected null, got " + describe(${x}), -1);`];
      case "float":
        return [`checkNumber(${x});`, `n += 8;`];
      case "any": {
        const b = this.local("b");
        return [`{`, `const ${b} = checkItem(${x});`, `s.push(${b}.length);`, `n += varintSize(${b}.length) + ${b}.length;`, `}`];
      }
      case "tagged":
        return this.sizeType(t.of, x);
      case "map":
        return this.sizeMap(t, x);
      case "union":
        return this.unionTpl(t, x, (o, i) => [`n += 1;`, ...this.sizeType(o, x)], "size");
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  /** IR map -> `<V>` vector of key/value pairs, in the Map's order. */
  private sizeMap(t: IRType & { kind: "map" }, x: string): string[] {
    const [m, slot, n0, kk, vv] = [this.local("m"), this.local("slot"), this.local("n"), this.local("key"), this.local("val")];
    return [
      `{`,
      `const ${m} = checkMap(${x});`,
      ...(t.min > 0 || t.max < 0xffffffff ? [`checkLength(${m}.size, ${t.min}, ${t.max});`] : []),
      `const ${slot} = s.n++;`,
      `s.a[${slot}] = 0;`,
      `const ${n0} = n;`,
      // no iterator for the usual empty map (a record's unknown extensions)
      `if (${m}.size !== 0) {`,
      `for (const [${kk}, ${vv}] of ${m}) {`,
      ...this.sizeType(t.key, kk),
      ...this.sizeType(t.value, vv),
      `}`,
      `}`,
      `n -= ${n0};`,
      `s.a[${slot}] = n;`,
      `n += ${n0} + varintSize(n);`,
      `}`,
    ];
  }

  /**
   * IR union -> one octet naming the option (0-based, in the schema's order),
   * then that option. The option is chosen as the CBOR codec does: by the
   * JavaScript type of the value.
   */
  private unionTpl(t: IRType & { kind: "union" }, x: string, body: (o: IRType, i: number) => string[], pass: "size" | "write"): string[] {
    const out: string[] = [];
    t.options.forEach((o, i) => {
      const guard = tplGuard(this.ctx, this.ctx.scope.underlying(o), x);
      if (!guard) throw new NoTplImageError(`union option ${i + 1} of ${this.def.name} cannot be told apart by its JavaScript type`);
      out.push(`${i === 0 ? "if" : "else if"} (${guard}) {`, ...(pass === "write" ? [`w.u8(${i});`] : []), ...body(o, i), `}`);
    });
    out.push(`else throw new CodecError("value matches no option of the union: " + describe(${x}), -1);`);
    return out;
  }

  /**
   * Check a byte length against the framing and add prefix + content to n.
   * For vectors the content is already in n (minus `base`), so only the
   * prefix is added and n is restored.
   */
  private sizeLength(len: Length, value: string, base?: string): string[] {
    const add = base ? (extra: string) => [`n += ${base}${extra ? ` + ${extra}` : ""};`] : (extra: string) => [`n += ${extra ? `${extra} + ` : ""}${value};`];
    // with base, `value` is "n" (the content length) and n must be restored to base + prefix + content
    const restore = base ? (extra: string) => [`n += ${base}${extra ? ` + ${extra}` : ""};`] : add;
    switch (len.kind) {
      case "varint":
        return [...boundsCheck(value, len.min, len.max, VARINT_MAX), ...(base ? restore(`varintSize(n)`) : add(`varintSize(${value})`))];
      case "prefixed":
        return [...boundsCheck(value, len.min, len.max, -1), ...(base ? restore(String(len.width)) : add(String(len.width)))];
      case "fixed":
        return [`checkLength(${value}, ${len.bytes}, ${len.bytes});`, ...(base ? restore("") : add(""))];
      case "field": {
        const own = `Number(o.${len.path.join(".")})`;
        return [`checkLength(${value}, ${own}, ${own});`, ...(base ? restore("") : add(""))];
      }
      case "context": {
        const own = this.ownLengthPath(len.key);
        if (own) return [`checkLength(${value}, Number(${own}), Number(${own}));`, ...(base ? restore("") : add(""))];
        const k = this.local("k");
        return [`const ${k} = c[${JSON.stringify(len.key)}];`, `if (typeof ${k} === "number") checkLength(${value}, ${k}, ${k});`, ...(base ? restore("") : add(""))];
      }
      case "rest":
        return base ? restore("") : add("");
      case "count":
        // a CDDL count-bounded array travels as a <V> vector; the count is checked on the elements
        return base ? restore(`varintSize(n)`) : add(`varintSize(${value})`);
    }
  }

  /** `[TLSPlaintext.length]` inside TLSPlaintext is the struct's own field. */
  private ownLengthPath(key: string): string | null {
    const [head, ...rest] = key.split(".");
    return head === this.def.name && rest.length > 0 ? `o.${rest.join(".")}` : null;
  }

  // ------------------------------------------------------------ write

  private writeType(t: IRType, x: string): string[] {
    switch (t.kind) {
      case "uint":
        return [`w.${t.bits === 64 ? "u64" : `u${t.bits}`}(${x});`];
      case "bytes":
        return [...this.writePrefix(t.length, `${x}.length`), `w.bytes(${x});`];
      case "text": {
        if (t.length.kind === "varint" || t.length.kind === "prefixed") {
          const len = this.local("L");
          return [`{`, `const ${len} = s.a[s.i++]!;`, ...this.writePrefix(t.length, len), `w.utf8(${x}, ${len});`, `}`];
        }
        return [`w.utf8(${x}, utf8Length(${x}));`];
      }
      case "vector": {
        const e = this.local("e");
        const len = this.local("m");
        const prefixed = t.length.kind === "varint" || t.length.kind === "prefixed" || t.length.kind === "count";
        return [
          `{`,
          ...(prefixed ? [`const ${len} = s.a[s.i++]!;`, ...this.writePrefix(t.length, len)] : []),
          `for (const ${e} of ${x} as any[]) {`,
          ...this.writeType(t.of, e),
          `}`,
          `}`,
        ];
      }
      case "optional":
        return [`if (${x} == null) w.u8(0);`, `else {`, `w.u8(1);`, ...this.writeType(t.of, x), `}`];
      case "ref":
        return [`${qualified(t, "write_")}(w, ${x}, c, s);`];
      case "int":
        return [`w.u64(tplInt64(${x}));`];
      case "bool":
        return [`w.u8(${x} ? 1 : 0);`];
      case "null":
        return [];
      case "float":
        return [`w.u64(float64Bits(${x}));`];
      case "any": {
        const len = this.local("L");
        return [`{`, `const ${len} = s.a[s.i++]!;`, `w.varint(${len});`, `w.bytes(encodeItem(${x}));`, `}`];
      }
      case "tagged":
        return this.writeType(t.of, x);
      case "map": {
        const [len, kk, vv] = [this.local("m"), this.local("key"), this.local("val")];
        const m = `(${x} as Map<any, any>)`;
        return [`{`, `const ${len} = s.a[s.i++]!;`, `w.varint(${len});`, `if (${m}.size !== 0) {`, `for (const [${kk}, ${vv}] of ${m}) {`, ...this.writeType(t.key, kk), ...this.writeType(t.value, vv), `}`, `}`, `}`];
      }
      case "union":
        return this.unionTpl(t, x, (o) => this.writeType(o, x), "write");
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  private writePrefix(len: Length, value: string): string[] {
    if (len.kind === "varint" || len.kind === "count") return [`w.varint(${value});`];
    if (len.kind === "prefixed") return [`w.uint(${value}, ${len.width});`];
    return [];
  }

  // ------------------------------------------------------------ read

  private readType(t: IRType, target: string): string[] {
    switch (t.kind) {
      case "uint":
        return [`${target} = r.${t.bits === 64 ? "u64" : `u${t.bits}`}();`];
      case "bytes":
      case "text": {
        const p = this.local("p");
        const len = this.local("L");
        const take = t.kind === "bytes" ? `r.bytes(${len})` : `r.utf8(${len})`;
        return [
          `{`,
          `const ${p} = r.pos;`,
          ...this.readLength(t.length, len, p),
          `${target} = ${take};`,
          ...(t.kind === "bytes" && t.allZero ? [`checkAllZero(${target}, ${p});`] : []),
          `}`,
        ];
      }
      case "vector": {
        const p = this.local("p");
        const len = this.local("L");
        const end = this.local("end");
        const a = this.local("a");
        const i = this.local("i");
        const e = this.local("e");
        const before = this.local("q");
        const saved = this.local("lim");
        return [
          `{`,
          `const ${p} = r.pos;`,
          ...this.readLength(t.length, len, p),
          `const ${end} = r.limit(${len}, ${p});`,
          `const ${saved} = r.narrow(${end});`,
          `const ${a}: any[] = [];`,
          `let ${i} = 0;`,
          `try {`,
          `while (r.pos < ${end}) {`,
          `const ${before} = r.pos;`,
          `let ${e}: any;`,
          ...this.readType(t.of, e),
          `if (r.pos === ${before}) r.fail("vector element of zero size");`,
          `${a}.push(${e});`,
          `if (++${i} > r.maxCount) r.tooMany(${i}, ${p});`,
          `}`,
          `} catch (err) { rethrowWithPath(err, "[" + ${i} + "]"); }`,
          `r.widen(${saved});`,
          ...(t.length.kind === "count" ? [`checkLength(${a}.length, ${t.length.min}, ${t.length.max}, ${p});`] : []),
          `${target} = ${a};`,
          `}`,
        ];
      }
      case "optional":
        return [`if (r.presence()) {`, ...this.readType(t.of, target), `} else ${target} = null;`];
      case "ref":
        return [`${target} = ${qualified(t, "read_")}(r, c);`];
      case "int":
        return [`${target} = BigInt.asIntN(64, r.u64());`, ...intRangeRead(t, target)];
      case "bool":
        return [`{`, `const p = r.pos;`, `const b = r.u8();`, `if (b > 1) r.fail("boolean octet must be 0 or 1, got " + b, p);`, `${target} = b === 1;`, `}`];
      case "null":
        return [`${target} = null;`];
      case "float":
        return [`${target} = fromFloat64Bits(r.u64());`];
      case "any": {
        const [p, len] = [this.local("p"), this.local("L")];
        return [`{`, `const ${p} = r.pos;`, `const ${len} = r.varint();`, `r.limit(${len}, ${p});`, `${target} = decodeItemAt(r.bytes(${len}), r.pos - ${len});`, `}`];
      }
      case "tagged":
        return this.readType(t.of, target);
      case "map": {
        const [p, len, end, m, kk, vv, lim, ks] = ["p", "L", "end", "m", "key", "val", "lim", "ks"].map((b) => this.local(b)) as [string, string, string, string, string, string, string, string];
        return [
          `{`,
          `const ${p} = r.pos;`,
          `const ${len} = r.varint();`,
          `const ${end} = r.limit(${len}, ${p});`,
          `const ${lim} = r.narrow(${end});`,
          `const ${m} = new Map<any, any>();`,
          `while (r.pos < ${end}) {`,
          `const ${ks} = r.pos;`,
          `let ${kk}: any;`,
          `let ${vv}: any;`,
          ...this.readType(t.key, kk),
          `if (${m}.has(${kk})) r.fail("duplicate map key", ${ks});`,
          ...this.readType(t.value, vv),
          `${m}.set(${kk}, ${vv});`,
          `if (${m}.size > r.maxCount) r.tooMany(${m}.size, ${p});`,
          `}`,
          `r.widen(${lim});`,
          ...(t.min > 0 || t.max < 0xffffffff ? [`checkLength(${m}.size, ${t.min}, ${t.max}, ${p});`] : []),
          `${target} = ${m};`,
          `}`,
        ];
      }
      case "union": {
        const [p, i] = [this.local("p"), this.local("opt")];
        return [
          `{`,
          `const ${p} = r.pos;`,
          `const ${i} = r.u8();`,
          `switch (${i}) {`,
          ...t.options.flatMap((o, k) => [`case ${k}: {`, ...this.readType(o, target), `break;`, `}`]),
          `default: r.fail("union option " + ${i} + " does not exist", ${p});`,
          `}`,
          `}`,
        ];
      }
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  /** Declare `len` as the byte length the framing announces, checked against the bounds. */
  private readLength(len: Length, name: string, p: string): string[] {
    switch (len.kind) {
      case "varint":
        return [`const ${name} = r.varint();`, ...boundsCheck(name, len.min, len.max, VARINT_MAX, p)];
      case "prefixed":
        return [`const ${name} = r.uint(${len.width});`, ...boundsCheck(name, len.min, len.max, -1, p)];
      case "fixed":
        return [`const ${name} = ${len.bytes};`];
      case "field":
        return [`const ${name} = Number(o.${len.path.join(".")});`];
      case "context": {
        const own = this.ownLengthPath(len.key);
        if (own) return [`const ${name} = Number(${own});`];
        return [
          `const ${name} = c[${JSON.stringify(len.key)}];`,
          `if (typeof ${name} !== "number") r.fail(${JSON.stringify(`the codec context must give ${len.key}`)});`,
        ];
      }
      case "rest":
        return [`const ${name} = r.end - r.pos;`];
      case "count":
        return [`const ${name} = r.varint();`];
    }
  }
}

function intRangeRead(t: { min?: bigint; max?: bigint }, x: string): string[] {
  const out: string[] = [];
  if (t.min !== undefined) out.push(`if (${x} < ${t.min}n) r.fail("value " + ${x} + " is below ${t.min}");`);
  if (t.max !== undefined) out.push(`if (${x} > ${t.max}n) r.fail("value " + ${x} + " is above ${t.max}");`);
  return out;
}

/** Bounds worth checking: skip those the framing itself already enforces. */
function boundsCheck(value: string, min: number, max: number, framingMax: number, offset?: string): string[] {
  const prefixMax = framingMax;
  if (min === 0 && (max === prefixMax || (framingMax < 0 && max === widthMax(max)))) return [];
  return [`checkLength(${value}, ${min}, ${max}${offset ? `, ${offset}` : ""});`];
}

function widthMax(max: number): number {
  return max <= 0xff ? 0xff : max <= 0xffff ? 0xffff : max <= 0xffffff ? 0xffffff : 0xffffffff;
}

function encodeFail(msg: string, value?: string): string {
  return value ? `throw new CodecError(${JSON.stringify(msg)} + describe(${value}), -1);` : `throw new CodecError(${JSON.stringify(msg)}, -1);`;
}

function decodeFail(msg: string, value?: string): string {
  return value ? `r.fail(${JSON.stringify(msg)} + describe(${value}));` : `r.fail(${JSON.stringify(msg)});`;
}

// ------------------------------------------------------------ enums

function genEnum(name: string, bits: 8 | 16 | 24 | 32, values: readonly EnumValue[], open: boolean): string {
  const rw = bits === 8 ? "u8" : `u${bits}`;
  return [
    enumLookups(name, "", bits, values, open),
    ``,
    `export function size_${name}(v: ${name}, _c: CodecContext, _s: SizeCache): number {`,
    `wire_${name}(v);`,
    `return ${bits / 8};`,
    `}`,
    ``,
    `export function write_${name}(w: TplWriter, v: ${name}, _c: CodecContext, _s: SizeCache): void {`,
    `w.${rw}(wire_${name}(v));`,
    `}`,
    ``,
    `export function read_${name}(r: TplReader, _c: CodecContext): ${name} {`,
    `const p = r.pos;`,
    `const x = r.${rw}();`,
    `const v = fromWire_${name}(x);`,
    `if (v === undefined) r.fail(${JSON.stringify(`unknown ${name} value `)} + x, p);`,
    `return v;`,
    `}`,
  ].join("\n");
}

/**
 * name_X, wire_X and fromWire_X of an enum: names to wire numbers and back,
 * with the enum's own openness and ranges. `prefix` gives a second set for
 * a codec whose enum rules differ from the TPL's (a merged document's CBOR).
 */
export function enumLookups(name: string, prefix: string, bits: 8 | 16 | 24 | 32, values: readonly EnumValue[], open: boolean): string {
  const named = values.filter((v) => v.upTo === undefined);
  const ranges = values.filter((v) => v.upTo !== undefined);
  const byName = new Map<string, number>();
  for (const v of named) if (!byName.has(v.name)) byName.set(v.name, v.value);
  const byValue = new Map<number, string>();
  for (const v of named) if (!byValue.has(v.value)) byValue.set(v.value, v.name);
  const max = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  const rangeTest = ranges.map((r) => `(x >= ${r.value} && x <= ${r.upTo})`).join(" || ");
  const numberOk = open ? `x <= ${max}` : rangeTest || "false";
  // switches, not Map look-ups: V8 compiles them to compares and jump tables
  return [
    `function ${prefix}name_${name}(x: number): ${name} | undefined {`,
    `switch (x) {`,
    ...[...byValue].map(([v, n]) => `case ${v}: return ${JSON.stringify(n)};`),
    `default: return undefined;`,
    `}`,
    `}`,
    ``,
    `/** The wire value of a ${name}; accepts a name, or a number where the enum allows it. */`,
    `export function ${prefix}wire_${name}(v: ${name}): number {`,
    `switch (v) {`,
    ...[...byName].map(([n, v]) => `case ${JSON.stringify(n)}: return ${v};`),
    `}`,
    // after the names: a number (open enums, reserved ranges), or a wrong value
    `const x = v as unknown as number;`,
    `if (typeof x === "number" && Number.isInteger(x) && x >= 0 && (${prefix}name_${name}(x) !== undefined || ${numberOk})) return x;`,
    `throw new CodecError(${JSON.stringify(`not a value of ${name}: `)} + describe(x), -1);`,
    `}`,
    ``,
    `/** The value a wire number stands for: its name, the number itself where the enum allows it, else undefined. */`,
    `export function ${prefix}fromWire_${name}(x: number): ${name} | undefined {`,
    `const name = ${prefix}name_${name}(x);`,
    `if (name !== undefined) return name;`,
    ...(open || ranges.length > 0 ? [`if (${numberOk}) return x as ${name};`] : []),
    `return undefined;`,
    `}`,
  ].join("\n");
}
