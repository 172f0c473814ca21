import type { ValueTest } from "../ir/union-options.js";
import type { ConstValue, Definition, IRField, IRMember, IRType, LiteralValue, ValueCheck } from "../ir/types.js";
import { code, fixed, ident, INHERITED, joinCode, jsonLit, lit, member, prop, type Code } from "./code.js";
import type { GenContext } from "./gen-context.js";

/** A statement that fails with a message (and optionally the offending value). */
export type Fail = (msg: string, value?: Code) => Code;

/**
 * What the TPL and CBOR emitters share: fresh locals, field access that
 * draft names cannot subvert, the codec context, selects, and the code of
 * a union option's value test. Each emitter extends it with its format.
 */
export abstract class EmitterBase {
  private counter = 0;
  /** Each emitter names its constants apart (`tplConst$X$0`, `cborConst$X$0`). */
  protected abstract readonly constPrefix: "tplConst" | "cborConst";
  /** Module-level constants (pre-encoded bytes) the functions refer to, emitted before them. */
  readonly constants: Code[] = [];
  /** Whether the functions being emitted read the codec context / the size cache (else their parameter is `_c` / `_s`). */
  protected usesContext = false;
  protected usesCache = false;

  constructor(
    protected readonly ctx: GenContext,
    protected readonly def: Definition,
  ) {}

  /** A fresh local variable. */
  protected local(base: string): Code {
    return ident(`${base}${this.counter++}`);
  }

  /** A module-level byte constant, named after this definition; returns its name. */
  protected constant(bytes: readonly number[]): Code {
    const name = ident(`${this.constPrefix}$${this.ctx.names.id(this.def.name)}$${this.constants.length}`);
    this.constants.push(code`const ${name} = /* @__PURE__ */ new Uint8Array(${jsonLit(bytes)});`);
    return name;
  }

  /** A module-level constant holding JSON data (a record's choice rules). */
  protected constantJson(value: unknown): Code {
    const name = ident(`${this.constPrefix}$${this.ctx.names.id(this.def.name)}$${this.constants.length}`);
    // parsed, not written as an object literal: no literal type for the checker to infer, and smaller
    this.constants.push(code`const ${name} = /* @__PURE__ */ JSON.parse(${lit(JSON.stringify(value))});`);
    return name;
  }

  /** The check of a record's group choices (IR `choices`), if it has any; `at` is the decoder's offset. */
  protected choicesCheck(t: IRType, at?: Code): Code[] {
    if (t.kind !== "record" || !t.choices || t.choices.length === 0) return [];
    const spec = this.constantJson(t.choices);
    return [at ? code`${this.rt("checkChoices")}(o, ${spec}, ${at});` : code`${this.rt("checkChoices")}(o, ${spec});`];
  }

  /** The bytes of a literal byte string, as a module constant. */
  protected literalBytes(l: LiteralValue & { type: "bytes" }): Code {
    return this.constant(hexBytes(l.hex));
  }

  /** A literal's value as a JavaScript expression (byte strings: a fresh copy of the constant). */
  protected literalValue(l: LiteralValue): Code {
    switch (l.type) {
      case "text":
        return lit(l.value);
      case "bool":
        return code`${l.value}`;
      case "float":
        return Number.isNaN(l.value) ? code`NaN` : code`${l.value}`;
      case "bytes":
        return code`${this.literalBytes(l)}.slice()`;
    }
  }

  /** A runtime export. */
  protected rt(name: string): Code {
    return this.ctx.names.rt(name);
  }

  /** The codec context parameter (marks it used). */
  protected get c(): Code {
    this.usesContext = true;
    return fixed`c`;
  }

  /** The size cache parameter (marks it used). */
  protected get s(): Code {
    this.usesCache = true;
    return fixed`s`;
  }

  /** Parameter names for a signature: `c` where used, `_c` where not. */
  protected params(): { c: Code; s: Code } {
    return { c: this.usesContext ? fixed`c` : fixed`_c`, s: this.usesCache ? fixed`s` : fixed`_s` };
  }

  /**
   * A function body without the `const pN = r.pos;` lines whose position is
   * never read (a check that needed it turned out to be unnecessary), so the
   * module compiles under noUnusedLocals.
   */
  protected withoutUnusedPositions(body: readonly Code[]): Code[] {
    const text = body.map((l) => stripStrings(l.text)).join("\n");
    return body.filter((l) => {
      const m = /^const (p\d+) = r\.pos;$/.exec(l.text);
      if (!m) return true;
      return (text.match(new RegExp(`\\b${m[1]}\\b`, "g")) ?? []).length > 1;
    });
  }

  /** An empty record's body: no `o` to hold fields (its object check stays). */
  protected withoutUnusedObject(body: readonly Code[]): Code[] {
    const text = body.map((l) => stripStrings(l.text)).join("\n");
    if ((text.match(/\bo\b/g) ?? []).length > 1) return [...body];
    return body.flatMap((l) => (l.text === "const o: any = v;" ? [] : /^const o: any = \$checkObject\(v\);$/.test(l.text) ? [code`${this.rt("checkObject")}(v);`] : [l]));
  }

  /** A parameter's name, `_name` where the body never reads it. */
  protected param(name: "w" | "r" | "n" | "v" | "acc" | "kc" | "k", body: readonly Code[]): Code {
    return new RegExp(`\\b${name}\\b`).test(body.map((l) => stripStrings(l.text)).join("\n")) ? ident(name) : ident(`_${name}`);
  }

  /** Start a new function: usage flags reset. */
  protected resetUsage(): void {
    this.usesContext = false;
    this.usesCache = false;
  }

  /**
   * A decoder that reads every field into a local and returns one object
   * literal (see startLiteral): the local of each field, and with a select
   * the local holding the index of the case read. Null while a decoder
   * builds its object a field at a time.
   */
  protected decoded: { readonly locals: Map<string, Code>; readonly caseIndex: Code | null } | null = null;

  /**
   * Whether a record's members can be decoded into one object literal per
   * case: fields that are always present (none omittable), no `__proto__`
   * (a literal would have to define it specially), and at most one select
   * whose cases hold fields only. Other records build `o` field by field.
   */
  protected literalShape(members: readonly IRMember[]): boolean {
    const plain = (m: IRMember): boolean => m.kind === "field" && !m.omittable && m.name !== "__proto__";
    const variants = members.filter((m): m is IRMember & { kind: "variant" } => m.kind === "variant");
    return variants.length <= 1 && members.every((m) => m.kind === "variant" || plain(m)) && variants.every((v) => v.cases.length > 0 && v.cases.every((c) => c.members.every(plain)));
  }

  /**
   * Start a decoder that returns its value as one object literal: V8 then
   * allocates it once, every field in-object and its final hidden class,
   * instead of growing `{}` a property (and a transition) at a time, which
   * also put the fields past the fourth out of the object. Declares a local
   * per field (and the case index); fieldTarget and fieldPath then use them.
   */
  protected startLiteral(members: readonly IRMember[]): Code[] {
    const locals = new Map<string, Code>();
    for (const f of fieldsOf(members)) if (!locals.has(f.name)) locals.set(f.name, this.local("f"));
    const caseIndex = members.some((m) => m.kind === "variant") ? this.local("ci") : null;
    this.decoded = { locals, caseIndex };
    const declared = [...locals.values()].map((l, i) => code`${i > 0 ? code`, ` : code``}${l}: any`);
    return [...(locals.size > 0 ? [code`let ${declared};`] : []), ...(caseIndex ? [code`let ${caseIndex} = 0;`] : [])];
  }

  /**
   * A record decoder's body (both formats): one object literal per case
   * where `literal` (literalShape allows it), else `o` built field by field.
   * `read` emits the members' reads; `before` runs first and `end` just
   * before the value is returned (CBOR: the item index of an inlined record).
   */
  protected recordReadBody(x: { literal: boolean; members: readonly IRMember[]; type: Code; recursive: boolean; read: () => Code[]; before?: Code[]; end?: Code[] }): Code[] {
    const { before = [], end = [] } = x;
    const [enter, leave] = x.recursive ? [[code`r.enter();`], [code`r.leave();`]] : [[], []];
    const rethrow = code`} catch (e) { ${this.rt("rethrowWithPath")}(e, at); }`;
    // the literal is returned inside the try: the locals are then not live in the catch block
    if (x.literal) return [...before, code`let at = "";`, ...enter, code`try {`, ...this.startLiteral(x.members), ...x.read(), ...leave, ...end, ...this.literalReturn(x.members, x.type), rethrow];
    return [code`const o: any = {};`, ...before, code`let at = "";`, ...enter, code`try {`, ...x.read(), rethrow, ...leave, ...end, code`return o as ${x.type};`];
  }

  /** End of a literal decoder: the object of the case read, its fields in member order (the order `o` got them in). */
  protected literalReturn(members: readonly IRMember[], type: Code): Code[] {
    const d = this.decoded!;
    this.decoded = null;
    const literal = (fields: readonly IRField[]): Code => code`{ ${fields.map((f, i) => code`${i > 0 ? code`, ` : code``}${prop(f.name)}: ${d.locals.get(f.name)!}`)} } as ${type}`;
    const variant = members.find((m): m is IRMember & { kind: "variant" } => m.kind === "variant");
    if (!variant || d.caseIndex === null) return [code`return ${literal(fieldsOf(members))};`];
    const last = variant.cases.length - 1;
    return [
      code`switch (${d.caseIndex}) {`,
      ...variant.cases.flatMap((c, i) => [i === last ? code`default:` : code`case ${i}:`, code`return ${literal(members.flatMap((m) => (m === variant ? fieldsOf(c.members) : fieldsOf([m]))))};`]),
      code`}`,
    ];
  }

  /**
   * A field of a value object. A name every object inherits (`constructor`,
   * `toString`) is read only when the object has it as its own property, so
   * a missing field is `undefined`, not Object.prototype's member.
   */
  protected field(obj: Code, name: string): Code {
    return INHERITED.has(name) ? code`${this.rt("ownField")}(${obj}, ${lit(name)})` : member(obj, name);
  }

  /** A field reached through a path of names (`content.sender.sender_type`); in a decoder building a literal, from the local holding the first. */
  protected fieldPath(obj: Code, path: readonly string[]): Code {
    const local = this.decoded !== null && obj.text === "o" && path.length > 0 ? this.decoded.locals.get(path[0]!) : undefined;
    if (local) return path.slice(1).reduce((acc, p) => this.field(acc, p), local);
    return path.reduce((acc, p) => this.field(acc, p), obj);
  }

  /** Store a decoded field; `__proto__` is defined as an own property, never set as the prototype. */
  protected setField(obj: Code, name: string, value: Code): Code {
    return name === "__proto__" ? code`${this.rt("defineField")}(${obj}, ${lit(name)}, ${value});` : code`${member(obj, name)} = ${value};`;
  }

  /**
   * Where a decoder puts a field: `o.name`, or for `__proto__` a local that
   * is then defined as an own property (assigning it would set the prototype).
   */
  protected fieldTarget(obj: Code, name: string): { before: Code[]; target: Code; after: Code[] } {
    const local = this.decoded?.locals.get(name);
    if (local) return { before: [], target: local, after: [] };
    if (name !== "__proto__") return { before: [], target: member(obj, name), after: [] };
    const tmp = this.local("own");
    return { before: [code`let ${tmp}: any;`], target: tmp, after: [this.setField(obj, name, tmp)] };
  }

  /** Where a select elsewhere reads this field from: the codec context. */
  protected publish(field: string, value: Code): Code[] {
    const key = `${this.def.name}.${field}`;
    return this.ctx.contextKeys.has(key) ? [code`${this.c}[${lit(key)}] = ${value};`] : [];
  }

  /** The value a select switches on, and the statements that fetch it. */
  private discriminant(m: IRMember & { kind: "variant" }, obj: Code, fail: Fail): { expr: Code; guard: Code[] } {
    const d = m.discriminant;
    if (d.kind === "field") return { expr: this.fieldPath(obj, d.path), guard: [] };
    if (d.kind === "context") {
      const alias = this.ctx.contextAliases[d.key];
      const get = alias ? code`${this.c}[${lit(d.key)}] ?? ${this.c}[${lit(alias)}]` : code`${this.c}[${lit(d.key)}]`;
      const t = this.local("d");
      return { expr: t, guard: [code`const ${t} = ${get};`, code`if (${t} === undefined) ${fail(`the codec context must give ${d.key}`)}`] };
    }
    throw new Error(`internal: unresolved select in ${this.def.name}`);
  }

  /** `switch` over a select's cases; `body` emits a case's members. */
  protected switchOn(m: IRMember & { kind: "variant" }, obj: Code, body: (members: readonly IRMember[]) => Code[], fail: Fail): Code[] {
    const { expr, guard } = this.discriminant(m, obj, fail);
    const out = [...guard, code`switch (${expr}) {`];
    let hasDefault = false;
    // a decoder building a literal notes which case it read, for its return
    const ci = this.decoded?.caseIndex ?? null;
    m.cases.forEach((c, i) => {
      const mark = ci !== null ? [code`${ci} = ${i};`] : [];
      if (c.isDefault) {
        hasDefault = true;
        out.push(code`default: {`, ...body(c.members), ...mark, code`break;`, code`}`);
        return;
      }
      out.push(...c.labels.map((l) => code`case ${lit(l)}:`), code`{`, ...body(c.members), ...mark, code`break;`, code`}`);
    });
    const d = m.discriminant;
    const what = d.kind === "field" ? d.path.join(".") : d.kind === "context" ? d.key : "";
    if (!hasDefault) out.push(code`default: ${fail(`no case for ${what} = `, expr)}`);
    out.push(code`}`);
    return out;
  }

  /** The generated form of a union option's value test (src/ir/union-options.ts). */
  protected valueTest(test: ValueTest, x: Code): Code {
    switch (test.kind) {
      case "uint-number":
        return code`typeof ${x} === "number" && Number.isInteger(${x}) && ${x} >= 0`;
      case "uint-bigint":
        return code`typeof ${x} === "bigint" && ${x} >= 0n`;
      case "int-bigint":
        return code`typeof ${x} === "bigint"`;
      case "number":
        return code`typeof ${x} === "number"`;
      case "boolean":
        return code`typeof ${x} === "boolean"`;
      case "null":
        return code`${x} === null`;
      case "bytes":
        return code`${x} instanceof Uint8Array`;
      case "text":
        return code`typeof ${x} === "string"`;
      case "array":
        return code`Array.isArray(${x})`;
      case "map":
        return code`${x} instanceof Map`;
      case "object":
        return code`${this.rt("isRecordValue")}(${x})`;
      case "literal": {
        const l = test.value;
        if (l.type === "bytes") return code`${this.rt("bytesEqual")}(${x}, ${this.literalBytes(l)})`;
        if (l.type === "float") return code`Object.is(${x}, ${this.literalValue(l)})`;
        return code`${x} === ${this.literalValue(l)}`;
      }
      case "enum": {
        const names = test.names.map((n) => code`${x} === ${lit(n)}`);
        const num = test.numbers ? [code`(typeof ${x} === "number" && Number.isInteger(${x}) && ${x} >= 0)`] : [];
        const all = [...names, ...num];
        return all.length > 0 ? code`(${joinCode(all, " || ")})` : fixed`false`;
      }
    }
  }

  /**
   * A type choice whose options a value's JavaScript type cannot tell apart
   * (`(bstr .size 2) / (bstr .size 4)`, two arrays led by different
   * literals): RFC 8610 Appendix A makes the choice prioritized, so the size
   * pass tries each option in order and takes the first that accepts the
   * value, recording its index for the write pass. `perOption` is added
   * before an option's own size (TPL: its option octet).
   */
  protected trialSize(options: readonly IRType[], x: Code, sizeOf: (o: IRType) => Code[], perOption: Code[] = []): Code[] {
    const [slot, n0, sn, se, sd] = [this.local("slot"), this.local("n"), this.local("sn"), this.local("se"), this.local("sd")];
    const out: Code[] = [code`{`, code`const ${slot} = ${this.s}.n++;`, code`${this.s}.a[${slot}] = -1;`, code`const ${n0} = n;`, code`const ${sn} = ${this.s}.n;`, code`const ${se} = ${this.s}.en;`, code`const ${sd} = ${this.s}.depth;`];
    options.forEach((o, i) => {
      out.push(
        code`${i > 0 ? code`if (${this.s}.a[${slot}]! < 0) ` : code``}try {`,
        ...perOption,
        ...sizeOf(o),
        code`${this.s}.a[${slot}] = ${i};`,
        code`} catch (err) {`,
        code`if (!${this.rt("isCodecError")}(err)) throw err;`,
        code`n = ${n0};`,
        code`${this.s}.n = ${sn};`,
        code`${this.s}.en = ${se};`,
        code`${this.s}.depth = ${sd};`,
        code`}`,
      );
    });
    out.push(code`if (${this.s}.a[${slot}]! < 0) throw new ${this.rt("CodecError")}("value matches no option of the union: " + ${this.rt("describe")}(${x}), -1);`, code`}`);
    return out;
  }

  /** The write pass of a tried union: the option the size pass took. */
  protected trialWrite(options: readonly IRType[], writeOf: (o: IRType, i: number) => Code[]): Code[] {
    const opt = this.local("opt");
    return [
      code`{`,
      code`const ${opt} = ${this.s}.a[${this.s}.i++]!;`,
      code`switch (${opt}) {`,
      ...options.flatMap((o, i) => [code`case ${i}: {`, ...writeOf(o, i), code`break;`, code`}`]),
      code`}`,
      code`}`,
    ];
  }

  /**
   * The checks of a `checked` type (CDDL controls) on a value `x` that has
   * passed its base type; `fail` reports. The same code on both sides: an
   * encoder refuses what its decoder would.
   */
  protected valueChecks(checks: readonly ValueCheck[], x: Code, fail: Fail, at?: Code): Code[] {
    return checks.map((c) => {
      switch (c.op) {
        case "ne": {
          const v = c.value.type === "int" ? code`${c.value.value}` : this.literalValue(c.value);
          const what = c.why === "default" ? `its default value ${describeConst(c.value)}, which is sent by leaving it out` : `${describeConst(c.value)} (.ne)`;
          return code`if (${this.rt("equalsConst")}(${x}, ${v})) ${fail(`must not be ${what}: `, x)}`;
        }
        case "bits":
          return code`if (!${this.rt("bitsAllowed")}(${x}, ${jsonLit(c.allowed)})) ${fail(`sets a bit that .bits does not allow (${c.allowed.join(", ")}): `, x)}`;
        case "cbor":
          return code`${this.rt("checkNestedCbor")}(${x}, ${this.ctx.names.fn("cborRead", c.type)}, ${c.sequence}${at ? code`, ${at}` : code``});`;
        case "also":
          return code`if (!${this.rt("fitsAlso")}(${x}, ${this.ctx.names.fn("cborSize", c.type)})) ${fail(`is not also a ${c.type.name}: `, x)}`;
        case "regexp":
          return code`if (!${this.rt("matchesXsdRegexp")}(${x}, ${lit(c.pattern)})) ${fail(`does not match the .regexp ${JSON.stringify(c.pattern).slice(0, 80)}: `, x)}`;
      }
    });
  }

  /** An integer's bounds on encode, before any byte is written. */
  protected rangeCheck(t: { min?: number | bigint; max?: number | bigint; kind: string; bits?: number }, x: Code): Code[] {
    const v = (n: number | bigint): Code => (t.kind === "int" || t.bits === 64 ? code`${BigInt(n)}` : code`${Number(n)}`);
    const out: Code[] = [];
    if (t.min !== undefined) out.push(code`if (${x} < ${v(t.min)}) throw new ${this.rt("CodecError")}("value " + ${x} + ${lit(` is below ${t.min}`)}, -1);`);
    if (t.max !== undefined) out.push(code`if (${x} > ${v(t.max)}) throw new ${this.rt("CodecError")}("value " + ${x} + ${lit(` is above ${t.max}`)}, -1);`);
    return out;
  }

  /** An integer read, its range checked; a value out of range is reported where its item starts. */
  protected readRanged(t: { min?: number | bigint; max?: number | bigint; kind: string; bits?: number }, target: Code, read: Code): Code[] {
    if (t.min === undefined && t.max === undefined) return [code`${target} = ${read};`];
    const p = this.local("p");
    return [code`{`, code`const ${p} = r.pos;`, code`${target} = ${read};`, ...this.rangeRead(t, target, p), code`}`];
  }

  protected rangeRead(t: { min?: number | bigint; max?: number | bigint; kind: string; bits?: number }, x: Code, at: Code = code`r.pos`): Code[] {
    const v = (n: number | bigint): Code => (t.kind === "int" || t.bits === 64 ? code`${BigInt(n)}` : code`${Number(n)}`);
    const out: Code[] = [];
    if (t.min !== undefined) out.push(code`if (${x} < ${v(t.min)}) r.fail("value " + ${x} + ${lit(` is below ${t.min}`)}, ${at});`);
    if (t.max !== undefined) out.push(code`if (${x} > ${v(t.max)}) r.fail("value " + ${x} + ${lit(` is above ${t.max}`)}, ${at});`);
    return out;
  }

  /** A CDDL float's width and bounds, checked on a number `x`; `fail` reports. */
  protected floatChecks(t: IRType & { kind: "float" }, x: Code, fail: Fail): Code[] {
    const out: Code[] = [];
    if (t.bits === 16 || t.bits === 32) out.push(code`if (!${this.rt("floatFits")}(${x}, ${t.bits})) ${fail(`not a float${t.bits} (no exact value of that width): `, x)}`);
    if (t.min !== undefined) out.push(code`if (!(${x} ${t.minExclusive ? code`>` : code`>=`} ${t.min})) ${fail(`must be ${t.minExclusive ? "above" : "at least"} ${t.min}: `, x)}`);
    if (t.max !== undefined) out.push(code`if (!(${x} ${t.maxExclusive ? code`<` : code`<=`} ${t.max})) ${fail(`must be ${t.maxExclusive ? "below" : "at most"} ${t.max}: `, x)}`);
    return out;
  }

  /** An encoder's failure: a CodecError at no known offset. */
  protected encodeFail: Fail = (msg, value) =>
    value ? code`throw new ${this.rt("CodecError")}(${lit(msg)} + ${this.rt("describe")}(${value}), -1);` : code`throw new ${this.rt("CodecError")}(${lit(msg)}, -1);`;

  /** A decoder's failure at the reader's position. */
  protected decodeFail: Fail = (msg, value) => (value ? code`r.fail(${lit(msg)} + ${this.rt("describe")}(${value}));` : code`r.fail(${lit(msg)});`);
}

/** The fields of members, each select's cases in order (a literal decoder's locals). */
function fieldsOf(members: readonly IRMember[]): IRField[] {
  return members.flatMap((m) => (m.kind === "field" ? [m] : m.cases.flatMap((c) => fieldsOf(c.members))));
}

export function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** How a literal reads in a message: `"Signature"`, `h'00ff'`, `true`, `1.5`. */
export function describeLiteral(l: LiteralValue): string {
  return l.type === "text" ? JSON.stringify(l.value) : l.type === "bytes" ? `h'${l.hex}'` : String(l.value);
}

function describeConst(c: ConstValue): string {
  return c.type === "int" ? String(c.value) : describeLiteral(c);
}

/** Generated code without its string literals (names of unused locals are looked for in the rest). */
function stripStrings(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}
