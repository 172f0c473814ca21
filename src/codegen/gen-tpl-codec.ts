import type { Definition, EnumValue, IRMember, IRType, Length } from "../ir/types.js";
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
          `export function size_${name}(v: ${name}, c: CodecContext, s: number[]): number {`,
          `const o: any = checkObject(v);`,
          `let n = 0;`,
          `let at = "";`,
          `try {`,
          ...this.membersSize(members),
          `} catch (e) { rethrowWithPath(e, at); }`,
          `return n;`,
          `}`,
        ]
      : [`export function size_${name}(v: ${name}, c: CodecContext, s: number[]): number {`, `let n = 0;`, ...this.sizeType(def.type, "v"), `return n;`, `}`];

    const write = isRecord
      ? [`export function write_${name}(w: TplWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`, `const o: any = v;`, ...this.membersWrite(members), `}`]
      : [`export function write_${name}(w: TplWriter, v: ${name}, c: CodecContext, s: SizeCache): void {`, ...this.writeType(def.type, "v"), `}`];

    const read = isRecord
      ? [
          `export function read_${name}(r: TplReader, c: CodecContext): ${name} {`,
          `const o: any = {};`,
          `let at = "";`,
          ...(recursive ? [`r.enter();`] : []),
          `try {`,
          ...this.membersRead(members),
          `} catch (e) { rethrowWithPath(e, at); }`,
          ...(recursive ? [`r.leave();`] : []),
          `return o as ${name};`,
          `}`,
        ]
      : [`export function read_${name}(r: TplReader, c: CodecContext): ${name} {`, `let v: any;`, ...this.readType(def.type, "v"), `return v as ${name};`, `}`];

    return [...size, "", ...write, "", ...read].join("\n");
  }

  // ------------------------------------------------------------ members

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

  private membersSize(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        out.push(`at = ${JSON.stringify(m.name)};`, ...this.sizeType(m.type, `o.${m.name}`), ...this.publish(m.name, `o.${m.name}`));
      } else {
        out.push(...this.switchOn(m, (ms) => this.membersSize(ms), encodeFail));
      }
    }
    return out;
  }

  private membersWrite(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "field") out.push(...this.writeType(m.type, `o.${m.name}`), ...this.publish(m.name, `o.${m.name}`));
      else out.push(...this.switchOn(m, (ms) => this.membersWrite(ms), encodeFail));
    }
    return out;
  }

  private membersRead(members: readonly IRMember[]): string[] {
    const out: string[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        out.push(`at = ${JSON.stringify(m.name)};`, ...this.readType(m.type, `o.${m.name}`), ...this.publish(m.name, `o.${m.name}`));
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
        const slot = t.length.kind === "varint" || t.length.kind === "prefixed" ? [`s.push(${len});`] : [];
        return [`{`, `const ${len} = utf8Length(checkText(${x}));`, ...slot, ...this.sizeLength(t.length, len), `}`];
      }
      case "vector": {
        const a = this.local("a");
        const slot = this.local("slot");
        const n0 = this.local("n");
        const i = this.local("i");
        const e = this.local("e");
        const prefixed = t.length.kind === "varint" || t.length.kind === "prefixed";
        return [
          `{`,
          `const ${a} = checkArray(${x});`,
          ...(prefixed ? [`const ${slot} = s.length;`, `s.push(0);`] : []),
          `const ${n0} = n;`,
          `let ${i} = 0;`,
          `try {`,
          `for (; ${i} < ${a}.length; ${i}++) {`,
          `const ${e}: any = ${a}[${i}];`,
          ...this.sizeType(t.of, e),
          `}`,
          `} catch (err) { rethrowWithPath(err, "[" + ${i} + "]"); }`,
          `n -= ${n0};`,
          ...(prefixed ? [`s[${slot}] = n;`] : []),
          ...this.sizeLength(t.length, "n", n0),
          `}`,
        ];
      }
      case "optional":
        return [`if (${x} == null) n += 1;`, `else {`, `n += 1;`, ...this.sizeType(t.of, x), `}`];
      case "ref":
        return [`n += ${qualified(t, "size_")}(${x}, c, s);`];
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
      default:
        throw new NoTplImageError(`${t.kind} has no TLS presentation language image`);
    }
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
        throw new NoTplImageError("count-bounded vectors are not framed in TPL yet");
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
        const prefixed = t.length.kind === "varint" || t.length.kind === "prefixed";
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
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
      default:
        throw new NoTplImageError(`${t.kind} has no TLS presentation language image`);
    }
  }

  private writePrefix(len: Length, value: string): string[] {
    if (len.kind === "varint") return [`w.varint(${value});`];
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
          `${i}++;`,
          `}`,
          `} catch (err) { rethrowWithPath(err, "[" + ${i} + "]"); }`,
          `r.widen(${saved});`,
          `${target} = ${a};`,
          `}`,
        ];
      }
      case "optional":
        return [`if (r.presence()) {`, ...this.readType(t.of, target), `} else ${target} = null;`];
      case "ref":
        return [`${target} = ${qualified(t, "read_")}(r, c);`];
      case "enum":
      case "record":
        throw new Error(`inline ${t.kind} in ${this.def.name} should have been hoisted`);
      default:
        throw new NoTplImageError(`${t.kind} has no TLS presentation language image`);
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
        throw new NoTplImageError("count-bounded vectors are not framed in TPL yet");
    }
  }
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
  const named = values.filter((v) => v.upTo === undefined);
  const ranges = values.filter((v) => v.upTo !== undefined);
  const byName = new Map<string, number>();
  for (const v of named) if (!byName.has(v.name)) byName.set(v.name, v.value);
  const byValue = new Map<number, string>();
  for (const v of named) if (!byValue.has(v.value)) byValue.set(v.value, v.name);
  const max = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  const rangeTest = ranges.map((r) => `(x >= ${r.value} && x <= ${r.upTo})`).join(" || ");
  const numberOk = open ? `x <= ${max}` : rangeTest || "false";
  const rw = bits === 8 ? "u8" : `u${bits}`;
  return [
    `const ${name}$wire = new Map<string, number>(${JSON.stringify([...byName])});`,
    `const ${name}$name = new Map<number, ${name}>(${JSON.stringify([...byValue].map(([v, n]) => [v, n]))} as Array<[number, ${name}]>);`,
    ``,
    `/** The wire value of a ${name}; accepts a name, or a number where the enum allows it. */`,
    `export function wire_${name}(v: ${name}): number {`,
    `if (typeof v === "number") {`,
    `const x = v;`,
    `if (Number.isInteger(x) && x >= 0 && (${name}$name.has(x) || ${numberOk})) return x;`,
    `throw new CodecError(${JSON.stringify(`not a value of ${name}: `)} + x, -1);`,
    `}`,
    `const n = typeof v === "string" ? ${name}$wire.get(v) : undefined;`,
    `if (n === undefined) throw new CodecError(${JSON.stringify(`not a value of ${name}: `)} + describe(v), -1);`,
    `return n;`,
    `}`,
    ``,
    `export function size_${name}(v: ${name}, _c: CodecContext, _s: number[]): number {`,
    `wire_${name}(v);`,
    `return ${bits / 8};`,
    `}`,
    ``,
    `export function write_${name}(w: TplWriter, v: ${name}, _c: CodecContext, _s: SizeCache): void {`,
    `w.${rw}(wire_${name}(v));`,
    `}`,
    ``,
    `/** The value a wire number stands for: its name, the number itself where the enum allows it, else undefined. */`,
    `export function fromWire_${name}(x: number): ${name} | undefined {`,
    `const name = ${name}$name.get(x);`,
    `if (name !== undefined) return name;`,
    ...(open || ranges.length > 0 ? [`if (${numberOk}) return x as ${name};`] : []),
    `return undefined;`,
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
