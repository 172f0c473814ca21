import type { Definition, IRMember, IRType, Length } from "../ir/types.js";
import { planUnion } from "../ir/union-options.js";
import { code, lines, lit, type Code } from "./code.js";
import { describeLiteral, EmitterBase, type Fail } from "./emitter-base.js";
import type { GenContext } from "./gen-context.js";
import { genTplEnum } from "./gen-enum.js";

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
export function genTplFunctions(ctx: GenContext, def: Definition): Code {
  if (def.type.kind === "enum") return genTplEnum(ctx, def.name, def.type);
  return new TplEmitter(ctx, def).generate();
}

const VARINT_MAX = 0x3fffffff;

/** The type uses a construct with no TPL encoding: the definition is CBOR-only. */
export class NoTplImageError extends Error {
  override readonly name = "NoTplImageError";
}

class TplEmitter extends EmitterBase {
  protected readonly constPrefix = "tplConst" as const;

  private get names() {
    return this.ctx.names;
  }

  generate(): Code {
    const { def } = this;
    const self = { name: def.name };
    const type = this.names.type(self);
    const isRecord = def.type.kind === "record";
    const members = def.type.kind === "record" ? def.type.members : [];
    const recursive = this.ctx.recursive.has(def.name);
    const o = code`o`;
    const CC = this.names.rtType("CodecContext");
    const SC = this.names.rtType("SizeCache");

    const hasFields = def.type.kind === "record" && (members.length > 0 || def.type.rest !== undefined || def.type.choices !== undefined);

    this.resetUsage();
    const sizeBody = this.withoutUnusedPositions(
      isRecord
        ? [
            // an empty struct still refuses what is not an object
            hasFields ? code`const o: any = ${this.rt("checkObject")}(v);` : code`${this.rt("checkObject")}(v);`,
            code`let n = 0;`,
            code`let at = "";`,
            ...(recursive ? [code`${this.s}.enter();`] : []),
            code`try {`,
            ...this.membersSize(members, o),
            ...this.restPart("size"),
            ...(this.def.type.kind === "record" && this.def.type.choices ? [code`at = "";`, ...this.choicesCheck(this.def.type)] : []),
            code`} catch (e) { ${this.rt("rethrowWithPath")}(e, at); }`,
            ...(recursive ? [code`${this.s}.leave();`] : []),
            code`return n;`,
          ]
        : [code`let n = 0;`, ...this.sizeType(def.type, code`(v as any)`), code`return n;`],
    );
    const sp = this.params();
    const size = [code`export function ${this.names.fn("tplSize", self)}(${this.param("v", sizeBody)}: ${type}, ${sp.c}: ${CC}, ${sp.s}: ${SC}): number {`, ...sizeBody, code`}`];

    this.resetUsage();
    const writeBody = this.withoutUnusedPositions(isRecord ? [...(hasFields ? [code`const o: any = v;`] : []), ...this.membersWrite(members, o), ...this.restPart("write")] : this.writeType(def.type, code`(v as any)`));
    const wp = this.params();
    const write = [
      code`export function ${this.names.fn("tplWrite", self)}(${this.param("w", writeBody)}: ${this.names.rtType("TplWriter")}, ${this.param("v", writeBody)}: ${type}, ${wp.c}: ${CC}, ${wp.s}: ${SC}): void {`,
      ...writeBody,
      code`}`,
    ];

    this.resetUsage();
    const literal = def.type.kind === "record" && !def.type.rest && !def.type.choices && this.literalShape(members);
    const readBody = this.withoutUnusedPositions(
      isRecord
        ? this.recordReadBody({
            literal,
            members,
            type,
            recursive,
            read: () => [
              ...this.membersRead(members, o),
              ...this.restPart("read"),
              ...(this.def.type.kind === "record" && this.def.type.choices ? [code`at = "";`, ...this.choicesCheck(this.def.type, code`r.pos`)] : []),
            ],
          })
        : [code`let v: any;`, ...this.readType(def.type, code`v`), code`return v as ${type};`],
    );
    const rp = this.params();
    const read = [code`export function ${this.names.fn("tplRead", self)}(${this.param("r", readBody)}: ${this.names.rtType("TplReader")}, ${rp.c}: ${CC}): ${type} {`, ...readBody, code`}`];

    return lines([...this.constants, ...size, code``, ...write, code``, ...read]);
  }

  // ------------------------------------------------------------ members

  /** A CDDL map's `* K => V` entries travel after the fields as a map (vector of key/value pairs). */
  private restPart(pass: "size" | "write" | "read"): Code[] {
    const t = this.def.type;
    if (t.kind !== "record" || !t.rest) return [];
    const map: IRType = { kind: "map", key: t.rest.key, value: t.rest.value, min: 0, max: 0xffffffff };
    const o = code`o`;
    const at = code`at = ${lit(t.rest.name)};`;
    if (pass === "size") return [at, ...this.restKeysDistinct(t, code`o`), ...this.sizeType(map, this.field(o, t.rest.name))];
    if (pass === "write") return this.writeType(map, this.field(o, t.rest.name));
    const { before, target, after } = this.fieldTarget(o, t.rest.name);
    return [at, ...before, ...this.readType(map, target), ...after, ...this.restKeysDistinct(t, code`o`, true)];
  }

  /**
   * The `* K => V` entries must not repeat a known field's key: in CBOR that
   * would be a map with the key twice, which other decoders read as either
   * value. Both the encoder and the TPL decoder refuse it.
   */
  private restKeysDistinct(t: IRType & { kind: "record" }, o: Code, decoding = false): Code[] {
    const keys = t.members.flatMap((m) => (m.kind === "field" ? [m.key ?? m.name] : []));
    if (!t.rest || keys.length === 0) return [];
    const map = this.field(o, t.rest.name);
    const keyExprs = keys.map((k) => (typeof k === "number" ? code`${k}` : lit(k)));
    return [code`${this.rt("checkRestKeys")}(${map}, [${keyExprs.map((k, i) => (i === 0 ? k : code`, ${k}`))}]${decoding ? code`, r.pos` : code``});`];
  }

  /**
   * An omittable (CDDL `?`) field travels in TPL like optional<T>: a presence
   * byte. Only there is `undefined` absent; elsewhere an optional's absent
   * value is `null` and `undefined` is a missing field, refused.
   */
  private fieldType(m: IRMember & { kind: "field" }): IRType {
    if (!m.omittable) return m.type;
    const t: IRType = { kind: "optional", of: m.type };
    this.omittedAsUndefined.add(t);
    return t;
  }

  private readonly omittedAsUndefined = new WeakSet<IRType>();

  private isAbsent(t: IRType, x: Code): Code {
    return this.omittedAsUndefined.has(t) ? code`${x} == null` : code`${x} === null`;
  }

  private membersSize(members: readonly IRMember[], o: Code): Code[] {
    const out: Code[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        const x = this.field(o, m.name);
        out.push(code`at = ${lit(m.name)};`, ...this.sizeType(this.fieldType(m), x), ...this.publish(m.name, x));
      } else {
        out.push(...this.switchOn(m, o, (ms) => this.membersSize(ms, o), this.encodeFail));
      }
    }
    return out;
  }

  private membersWrite(members: readonly IRMember[], o: Code): Code[] {
    const out: Code[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        const x = this.field(o, m.name);
        out.push(...this.writeType(this.fieldType(m), x), ...this.publish(m.name, x));
      } else out.push(...this.switchOn(m, o, (ms) => this.membersWrite(ms, o), this.encodeFail));
    }
    return out;
  }

  private membersRead(members: readonly IRMember[], o: Code): Code[] {
    const out: Code[] = [];
    for (const m of members) {
      if (m.kind === "field") {
        const { before, target, after } = this.fieldTarget(o, m.name);
        out.push(code`at = ${lit(m.name)};`, ...before, ...this.readType(this.fieldType(m), target), ...this.publish(m.name, target));
        if (m.omittable) out.push(code`if (${target} !== null) {`, ...after, code`} else ${m.name === "__proto__" ? code`{}` : code`delete ${target};`}`);
        else out.push(...after);
      } else {
        out.push(...this.switchOn(m, o, (ms) => this.membersRead(ms, o), this.decodeFail));
      }
    }
    return out;
  }

  // ------------------------------------------------------------ size

  private sizeType(t: IRType, x: Code): Code[] {
    switch (t.kind) {
      case "validated": {
        const b = this.local("b");
        return [code`{`, code`const ${b} = ${this.rt("validatedItem")}(${x}, ${this.constantJson(t.schema)}, ${lit(t.rule)});`, code`${this.s}.push(${b}.length);`, code`n += ${this.rt("varintSize")}(${b}.length) + ${b}.length;`, code`}`];
      }
      case "checked":
        return [...this.sizeType(t.of, x), ...this.valueChecks(t.checks, x, this.encodeFail)];
      case "literal":
        // implied by the schema: nothing on the wire, but the value must be it
        return [code`if (!(${this.valueTest({ kind: "literal", value: t.value }, x)})) throw new ${this.rt("CodecError")}(${lit(`expected ${describeLiteral(t.value)}, got `)} + ${this.rt("describe")}(${x}), -1);`];
      case "uint":
        return t.bits === 64 ? [code`${this.rt("checkUint64")}(${x});`, code`n += 8;`] : [code`${this.rt("checkUint")}(${x}, ${t.bits});`, code`n += ${t.bits / 8};`];
      case "bytes": {
        const b = this.local("b");
        return [
          code`{`,
          code`const ${b} = ${this.rt("checkBytes")}(${x});`,
          code`if (${b}.length > ${this.s}.maxLength) ${this.s}.tooLong(${b}.length);`,
          ...this.sizeLength(t.length, code`${b}.length`),
          ...(t.allZero ? [code`${this.rt("checkAllZero")}(${b});`] : []),
          code`}`,
        ];
      }
      case "text": {
        const len = this.local("L");
        // a prefixed length is recorded for the write pass: s.text checks, measures and records in one
        const recorded = t.length.kind === "varint" || t.length.kind === "prefixed";
        return [
          code`{`,
          recorded ? code`const ${len} = ${this.s}.text(${x});` : code`const ${len} = ${this.rt("utf8Length")}(${this.rt("checkText")}(${x}));`,
          ...(recorded ? [] : [code`if (${len} > ${this.s}.maxLength) ${this.s}.tooLong(${len});`]),
          ...this.sizeLength(t.length, len),
          code`}`,
        ];
      }
      case "vector": {
        const [a, slot, n0, i, e] = [this.local("a"), this.local("slot"), this.local("n"), this.local("i"), this.local("e")];
        const prefixed = t.length.kind === "varint" || t.length.kind === "prefixed" || t.length.kind === "count";
        return [
          code`{`,
          code`const ${a} = ${this.rt("checkArray")}(${x});`,
          code`if (${a}.length > ${this.s}.maxCount) ${this.s}.tooMany(${a}.length);`,
          ...(t.length.kind === "count" ? [code`${this.rt("checkLength")}(${a}.length, ${t.length.min}, ${t.length.max});`] : []),
          ...(prefixed ? [code`const ${slot} = ${this.s}.n++;`, code`${this.s}.a[${slot}] = 0;`] : []),
          code`const ${n0} = n;`,
          code`let ${i} = 0;`,
          code`try {`,
          code`for (; ${i} < ${a}.length; ${i}++) {`,
          code`const ${e}: any = ${a}[${i}];`,
          ...this.sizeType(t.of, e),
          code`}`,
          code`} catch (err) { ${this.rt("rethrowWithPath")}(err, "[" + ${i} + "]"); }`,
          code`n -= ${n0};`,
          ...(prefixed ? [code`${this.s}.a[${slot}] = n;`] : []),
          ...this.sizeLength(t.length, code`n`, n0),
          code`}`,
        ];
      }
      case "optional":
        return [code`if (${this.isAbsent(t, x)}) n += 1;`, code`else {`, code`n += 1;`, ...this.sizeType(t.of, x), code`}`];
      case "ref":
        return [code`n += ${this.names.fn("tplSize", t)}(${x}, ${this.c}, ${this.s});`];
      case "int":
        if (t.big) return [code`${this.rt("checkBigInteger")}(${x});`, ...this.rangeCheck(t, x), code`n += ${this.rt("tplBigIntegerSize")}(${x});`];
        return [code`${this.rt("checkInt64")}(${x});`, code`${this.rt("tplInt64")}(${x});`, ...this.rangeCheck(t, x), code`n += 8;`];
      case "bool":
        return [code`${this.rt("checkBool")}(${x});`, code`n += 1;`];
      case "null":
        return [code`if (${x} !== null) throw new ${this.rt("CodecError")}("expected null, got " + ${this.rt("describe")}(${x}), -1);`];
      case "float":
        return [code`${this.rt("checkNumber")}(${x});`, ...this.floatChecks(t, x, this.encodeFail), code`n += 8;`];
      case "any": {
        const b = this.local("b");
        return [code`{`, code`const ${b} = ${this.rt("checkItem")}(${x});`, code`${this.s}.push(${b}.length);`, code`n += ${this.rt("varintSize")}(${b}.length) + ${b}.length;`, code`}`];
      }
      case "tagged":
        return this.sizeType(t.of, x);
      case "map":
        return this.sizeMap(t, x);
      case "union":
        return this.unionTpl(t, x, (o) => [code`n += 1;`, ...this.sizeType(o, x)], "size");
      case "enum":
      case "record":
        throw new Error(`internal: inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  /** IR map -> `<V>` vector of key/value pairs, in the Map's order. */
  private sizeMap(t: IRType & { kind: "map" }, x: Code): Code[] {
    const [m, slot, n0, kk, vv] = [this.local("m"), this.local("slot"), this.local("n"), this.local("key"), this.local("val")];
    return [
      code`{`,
      code`const ${m} = ${this.rt("checkMap")}(${x});`,
      code`if (${m}.size > ${this.s}.maxCount) ${this.s}.tooMany(${m}.size);`,
      ...(t.min > 0 || t.max < 0xffffffff ? [code`${this.rt("checkLength")}(${m}.size, ${t.min}, ${t.max});`] : []),
      code`const ${slot} = ${this.s}.n++;`,
      code`${this.s}.a[${slot}] = 0;`,
      code`const ${n0} = n;`,
      // no iterator for the usual empty map (a record's unknown extensions)
      code`if (${m}.size !== 0) {`,
      code`for (const [${kk}, ${vv}] of ${m}) {`,
      ...this.sizeType(t.key, kk),
      ...this.sizeType(t.value, vv),
      code`}`,
      code`}`,
      code`n -= ${n0};`,
      code`${this.s}.a[${slot}] = n;`,
      code`n += ${n0} + ${this.rt("varintSize")}(n);`,
      code`}`,
    ];
  }

  /**
   * IR union -> one octet naming the option (0-based, in the schema's order),
   * then that option. The option is chosen as the CBOR codec does: by the
   * JavaScript type of the value (src/ir/union-options.ts).
   */
  private unionTpl(t: IRType & { kind: "union" }, x: Code, body: (o: IRType, i: number) => Code[], pass: "size" | "write"): Code[] {
    const plan = planUnion(this.ctx.scope, t.options);
    const tests = plan.ok ? plan.tests : null;
    if (!tests) {
      // options the JavaScript type cannot tell apart: the first that accepts the value (prioritized choice)
      if (pass === "size") return this.trialSize(t.options, x, (o) => this.sizeType(o, x), [code`n += 1;`]);
      return this.trialWrite(t.options, (o, i) => [code`w.u8(${i});`, ...this.writeType(o, x)]);
    }
    const out: Code[] = [];
    t.options.forEach((o, i) => {
      out.push(code`${i === 0 ? code`if` : code`else if`} (${this.valueTest(tests[i]!, x)}) {`, ...(pass === "write" ? [code`w.u8(${i});`] : []), ...body(o, i), code`}`);
    });
    out.push(code`else throw new ${this.rt("CodecError")}("value matches no option of the union: " + ${this.rt("describe")}(${x}), -1);`);
    return out;
  }

  /**
   * Check a byte length against the framing and add prefix + content to n.
   * For vectors the content is already in n (minus `base`), so only the
   * prefix is added and n is restored.
   */
  private sizeLength(len: Length, value: Code, base?: Code): Code[] {
    // with base, `value` is "n" (the content length) and n must be restored to base + prefix + content
    const add = (extra: Code | null): Code[] =>
      base ? [extra ? code`n += ${base} + ${extra};` : code`n += ${base};`] : [extra ? code`n += ${extra} + ${value};` : code`n += ${value};`];
    switch (len.kind) {
      case "varint":
        return [...this.boundsCheck(value, len.min, len.max, VARINT_MAX), ...add(code`${this.rt("varintSize")}(${base ? code`n` : value})`)];
      case "prefixed":
        // always checked: a value's length is not bounded by the prefix it will be written in (a decoder's framing is)
        return [code`${this.rt("checkLength")}(${value}, ${len.min}, ${len.max});`, ...add(code`${len.width}`)];
      case "fixed":
        return [code`${this.rt("checkLength")}(${value}, ${len.bytes}, ${len.bytes});`, ...add(null)];
      case "field": {
        const own = code`Number(${this.fieldPath(code`o`, len.path)})`;
        return [code`${this.rt("checkLength")}(${value}, ${own}, ${own});`, ...add(null)];
      }
      case "context": {
        const own = this.ownLengthPath(len.key);
        if (own) return [code`${this.rt("checkLength")}(${value}, Number(${own}), Number(${own}));`, ...add(null)];
        const k = this.local("k");
        return [code`const ${k} = ${this.c}[${lit(len.key)}];`, code`if (typeof ${k} === "number") ${this.rt("checkLength")}(${value}, ${k}, ${k});`, ...add(null)];
      }
      case "rest":
        return add(null);
      case "count":
        // a CDDL count-bounded array travels as a <V> vector; the count is checked on the elements
        return add(code`${this.rt("varintSize")}(${base ? code`n` : value})`);
    }
  }

  /** `[TLSPlaintext.length]` inside TLSPlaintext is the struct's own field. */
  private ownLengthPath(key: string): Code | null {
    const [head, ...rest] = key.split(".");
    return head === this.def.name && rest.length > 0 ? this.fieldPath(code`o`, rest) : null;
  }

  /** Bounds worth checking: skip those the framing itself already enforces. */
  private boundsCheck(value: Code, min: number, max: number, framingMax: number, offset?: Code): Code[] {
    if (min === 0 && (max === framingMax || (framingMax < 0 && max === widthMax(max)))) return [];
    return [offset ? code`${this.rt("checkLength")}(${value}, ${min}, ${max}, ${offset});` : code`${this.rt("checkLength")}(${value}, ${min}, ${max});`];
  }

  // ------------------------------------------------------------ write

  private writeType(t: IRType, x: Code): Code[] {
    switch (t.kind) {
      case "validated": {
        const len = this.local("L");
        return [code`{`, code`const ${len} = ${this.s}.a[${this.s}.i++]!;`, code`w.varint(${len});`, code`w.bytes(${this.rt("encodeItem")}(${x}));`, code`}`];
      }
      case "checked":
        return this.writeType(t.of, x);
      case "literal":
        return [];
      case "uint":
        return [t.bits === 64 ? code`w.u64(${x});` : code`w.u${t.bits}(${x});`];
      case "bytes":
        return [...this.writePrefix(t.length, code`${x}.length`), code`w.bytes(${x});`];
      case "text": {
        if (t.length.kind === "varint" || t.length.kind === "prefixed") {
          const len = this.local("L");
          return [code`{`, code`const ${len} = ${this.s}.a[${this.s}.i++]!;`, ...this.writePrefix(t.length, len), code`w.utf8(${x}, ${len});`, code`}`];
        }
        return [code`w.utf8(${x}, ${this.rt("utf8Length")}(${x}));`];
      }
      case "vector": {
        const e = this.local("e");
        const len = this.local("m");
        const prefixed = t.length.kind === "varint" || t.length.kind === "prefixed" || t.length.kind === "count";
        return [
          code`{`,
          ...(prefixed ? [code`const ${len} = ${this.s}.a[${this.s}.i++]!;`, ...this.writePrefix(t.length, len)] : []),
          code`for (const ${e} of ${x} as any[]) {`,
          ...this.writeType(t.of, e),
          code`}`,
          code`}`,
        ];
      }
      case "optional":
        return [code`if (${this.isAbsent(t, x)}) w.u8(0);`, code`else {`, code`w.u8(1);`, ...this.writeType(t.of, x), code`}`];
      case "ref":
        return [code`${this.names.fn("tplWrite", t)}(w, ${x}, ${this.c}, ${this.s});`];
      case "int":
        return [t.big ? code`${this.rt("tplWriteBigInteger")}(w, ${x});` : code`w.u64(${this.rt("tplInt64")}(${x}));`];
      case "bool":
        return [code`w.u8(${x} ? 1 : 0);`];
      case "null":
        return [];
      case "float":
        return [code`w.u64(${this.rt("float64Bits")}(${x}));`];
      case "any": {
        const len = this.local("L");
        return [code`{`, code`const ${len} = ${this.s}.a[${this.s}.i++]!;`, code`w.varint(${len});`, code`w.bytes(${this.rt("encodeItem")}(${x}));`, code`}`];
      }
      case "tagged":
        return this.writeType(t.of, x);
      case "map": {
        const [len, kk, vv] = [this.local("m"), this.local("key"), this.local("val")];
        const m = code`(${x} as Map<any, any>)`;
        return [
          code`{`,
          code`const ${len} = ${this.s}.a[${this.s}.i++]!;`,
          code`w.varint(${len});`,
          code`if (${m}.size !== 0) {`,
          code`for (const [${kk}, ${vv}] of ${m}) {`,
          ...this.writeType(t.key, kk),
          ...this.writeType(t.value, vv),
          code`}`,
          code`}`,
          code`}`,
        ];
      }
      case "union":
        return this.unionTpl(t, x, (o) => this.writeType(o, x), "write");
      case "enum":
      case "record":
        throw new Error(`internal: inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  private writePrefix(len: Length, value: Code): Code[] {
    if (len.kind === "varint" || len.kind === "count") return [code`w.varint(${value});`];
    if (len.kind === "prefixed") return [code`w.uint(${value}, ${len.width});`];
    return [];
  }

  // ------------------------------------------------------------ read

  private readType(t: IRType, target: Code): Code[] {
    switch (t.kind) {
      case "validated": {
        const [p, len] = [this.local("p"), this.local("L")];
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`const ${len} = r.varint();`,
          code`r.limit(${len}, ${p});`,
          code`${target} = ${this.rt("decodeItemIn")}(r, ${len});`,
          code`${this.rt("checkValidated")}(${target}, ${this.constantJson(t.schema)}, ${lit(t.rule)}, ${p});`,
          code`}`,
        ];
      }
      case "checked": {
        const p = this.local("p");
        return [code`{`, code`const ${p} = r.pos;`, ...this.readType(t.of, target), ...this.valueChecks(t.checks, target, (msg, v) => code`r.fail(${lit(msg)} + ${this.rt("describe")}(${v ?? target}), ${p});`, p), code`}`];
      }
      case "literal":
        return [code`${target} = ${this.literalValue(t.value)};`];
      case "uint":
        return [t.bits === 64 ? code`${target} = r.u64();` : code`${target} = r.u${t.bits}();`];
      case "bytes":
      case "text": {
        const [p, len] = [this.local("p"), this.local("L")];
        const take = t.kind === "bytes" ? code`r.bytes(${len})` : code`r.utf8(${len})`;
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          ...this.readLength(t.length, len, p),
          code`${target} = ${take};`,
          ...(t.kind === "bytes" && t.allZero ? [code`${this.rt("checkAllZero")}(${target}, ${p});`] : []),
          code`}`,
        ];
      }
      case "vector": {
        const [p, len, end, a, i, e, before, saved] = ["p", "L", "end", "a", "i", "e", "q", "lim"].map((b) => this.local(b)) as [Code, Code, Code, Code, Code, Code, Code, Code];
        const zeroSize = this.minSize(t.of) === 0;
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          ...this.readLength(t.length, len, p),
          code`const ${end} = r.limit(${len}, ${p});`,
          code`const ${saved} = r.narrow(${end});`,
          code`const ${a}: any[] = [];`,
          code`let ${i} = 0;`,
          code`try {`,
          code`while (r.pos < ${end}) {`,
          // an element that always takes a byte or more cannot loop forever: no check for it
          ...(zeroSize ? [code`const ${before} = r.pos;`] : []),
          code`let ${e}: any;`,
          ...this.readType(t.of, e),
          ...(zeroSize ? [code`if (r.pos === ${before}) r.fail("vector element of zero size");`] : []),
          code`${a}.push(${e});`,
          code`if (++${i} > r.maxCount) r.tooMany(${i}, ${p});`,
          code`}`,
          code`} catch (err) { ${this.rt("rethrowWithPath")}(err, "[" + ${i} + "]"); }`,
          code`r.widen(${saved});`,
          ...(t.length.kind === "count" ? [code`${this.rt("checkLength")}(${a}.length, ${t.length.min}, ${t.length.max}, ${p});`] : []),
          code`${target} = ${a};`,
          code`}`,
        ];
      }
      case "optional":
        return [code`if (r.presence()) {`, ...this.readType(t.of, target), code`} else ${target} = null;`];
      case "ref":
        return [code`${target} = ${this.names.fn("tplRead", t)}(r, ${this.c});`];
      case "int":
        return this.readRanged(t, target, t.big ? code`${this.rt("tplReadBigInteger")}(r)` : code`BigInt.asIntN(64, r.u64())`);
      case "bool": {
        const [p, b] = [this.local("p"), this.local("b")];
        return [code`{`, code`const ${p} = r.pos;`, code`const ${b} = r.u8();`, code`if (${b} > 1) r.fail("boolean octet must be 0 or 1, got " + ${b}, ${p});`, code`${target} = ${b} === 1;`, code`}`];
      }
      case "null":
        return [code`${target} = null;`];
      case "float": {
        const p = this.local("p");
        const checks = this.floatChecks(t, target, (msg, v) => code`r.fail(${lit(msg)} + ${this.rt("describe")}(${v ?? target}), ${p});`);
        return [code`{`, code`const ${p} = r.pos;`, code`${target} = ${this.rt("fromFloat64Bits")}(r.u64());`, ...checks, code`}`];
      }
      case "any": {
        const [p, len] = [this.local("p"), this.local("L")];
        // the item obeys the reader's limits (depth, counts, lengths) as any other part of the message
        return [code`{`, code`const ${p} = r.pos;`, code`const ${len} = r.varint();`, code`r.limit(${len}, ${p});`, code`${target} = ${this.rt("decodeItemIn")}(r, ${len});`, code`}`];
      }
      case "tagged":
        return this.readType(t.of, target);
      case "map": {
        const [p, len, end, m, kk, vv, lim, ks] = ["p", "L", "end", "m", "key", "val", "lim", "ks"].map((b) => this.local(b)) as [Code, Code, Code, Code, Code, Code, Code, Code];
        const keyIdentity = this.ctx.scope.underlying(t.key).kind === "bytes" || this.ctx.scope.underlying(t.key).kind === "any";
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`const ${len} = r.varint();`,
          code`const ${end} = r.limit(${len}, ${p});`,
          code`const ${lim} = r.narrow(${end});`,
          code`const ${m} = new Map<any, any>();`,
          ...(keyIdentity ? [code`const ${ks}seen = new Set<string>();`] : []),
          code`while (r.pos < ${end}) {`,
          code`const ${ks} = r.pos;`,
          code`let ${kk}: any;`,
          code`let ${vv}: any;`,
          ...this.readType(t.key, kk),
          keyIdentity
            ? code`if (!${this.rt("firstKey")}(${ks}seen, ${kk})) r.fail("duplicate map key", ${ks});`
            : code`if (${m}.has(${kk})) r.fail("duplicate map key", ${ks});`,
          ...this.readType(t.value, vv),
          code`${m}.set(${kk}, ${vv});`,
          code`if (${m}.size > r.maxCount) r.tooMany(${m}.size, ${p});`,
          code`}`,
          code`r.widen(${lim});`,
          ...(t.min > 0 || t.max < 0xffffffff ? [code`${this.rt("checkLength")}(${m}.size, ${t.min}, ${t.max}, ${p});`] : []),
          code`${target} = ${m};`,
          code`}`,
        ];
      }
      case "union": {
        const [p, i] = [this.local("p"), this.local("opt")];
        return [
          code`{`,
          code`const ${p} = r.pos;`,
          code`const ${i} = r.u8();`,
          code`switch (${i}) {`,
          ...t.options.flatMap((o, k) => [code`case ${k}: {`, ...this.readType(o, target), code`break;`, code`}`]),
          code`default: r.fail("union option " + ${i} + " does not exist", ${p});`,
          code`}`,
          code`}`,
        ];
      }
      case "enum":
      case "record":
        throw new Error(`internal: inline ${t.kind} in ${this.def.name} should have been hoisted`);
    }
  }

  /** The fewest bytes a value of `t` takes in TPL (0 where it can take none, or where that is not known). */
  private minSize(t: IRType, seen: ReadonlySet<string> = new Set()): number {
    switch (t.kind) {
      case "uint":
        return t.bits / 8;
      case "int":
        return t.big ? 2 : 8;
      case "float":
        return 8;
      case "bool":
      case "optional":
      case "union":
      case "map":
      case "any":
      case "validated":
        return 1;
      case "bytes":
      case "text":
      case "vector":
        return t.length.kind === "varint" || t.length.kind === "count" ? 1 : t.length.kind === "prefixed" ? t.length.width : t.length.kind === "fixed" ? t.length.bytes : 0;
      case "checked":
      case "tagged":
        return this.minSize(t.of, seen);
      case "enum":
        return t.bits / 8;
      case "ref": {
        if (seen.has(t.name)) return 0;
        return this.minSize(this.ctx.scope.underlying(t), new Set([...seen, t.name]));
      }
      case "record":
        return this.membersMinSize(t.members, seen) + (t.rest ? 1 : 0);
      default:
        return 0;
    }
  }

  private membersMinSize(members: readonly IRMember[], seen: ReadonlySet<string>): number {
    let n = 0;
    for (const m of members) {
      if (m.kind === "field") n += m.omittable ? 1 : this.minSize(m.type, seen);
      else n += m.cases.length === 0 ? 0 : Math.min(...m.cases.map((c) => this.membersMinSize(c.members, seen)));
    }
    return n;
  }

  /** Declare `name` as the byte length the framing announces, checked against the bounds. */
  private readLength(len: Length, name: Code, p: Code): Code[] {
    switch (len.kind) {
      case "varint":
        return [code`const ${name} = r.varint();`, ...this.boundsCheck(name, len.min, len.max, VARINT_MAX, p)];
      case "prefixed":
        return [code`const ${name} = r.uint(${len.width});`, ...this.boundsCheck(name, len.min, len.max, -1, p)];
      case "fixed":
        return [code`const ${name} = ${len.bytes};`];
      case "field":
        return [code`const ${name} = Number(${this.fieldPath(code`o`, len.path)});`];
      case "context": {
        const own = this.ownLengthPath(len.key);
        if (own) return [code`const ${name} = Number(${own});`];
        return [code`const ${name} = ${this.c}[${lit(len.key)}];`, code`if (typeof ${name} !== "number") r.fail(${lit(`the codec context must give ${len.key}`)});`];
      }
      case "rest":
        return [code`const ${name} = r.end - r.pos;`];
      case "count":
        return [code`const ${name} = r.varint();`];
    }
  }
}

function widthMax(max: number): number {
  return max <= 0xff ? 0xff : max <= 0xffff ? 0xffff : max <= 0xffffff ? 0xffffff : 0xffffffff;
}

export type { Fail };
