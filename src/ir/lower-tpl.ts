import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import type { Field, Member, Pos, Statement, Suffix, TypeRef } from "../tpl/ast.js";
import { evalExpr, evalNumber, ExprError } from "./eval-expr.js";
import type { Definition, EnumValue, IRCase, IRMember, IRType, Length } from "./types.js";

/** What lowering needs to know beyond the AST. */
export interface LowerTplInput {
  readonly statements: readonly Statement[];
  /** Map a block position to the draft. */
  readonly locate: (at: Pos) => SourceLoc;
  readonly section: string;
  /** uint8 aliases that are UTF-8 text. */
  readonly textAliases: ReadonlySet<string>;
  readonly registries: Readonly<Record<string, { readonly open: boolean; readonly values: Readonly<Record<string, number>> }>>;
  readonly remaining: Readonly<Record<string, { readonly allZero: boolean }>>;
  /** Enums whose unknown values are kept (IANA registries the draft says to tolerate). */
  readonly openEnums: ReadonlySet<string>;
  /** Recover from `opaque x;` (no length) as `opaque x<V>;` with a warning. */
  readonly lenient: boolean;
}

const UINTS: Readonly<Record<string, 8 | 16 | 24 | 32 | 64>> = { uint8: 8, uint16: 16, uint24: 24, uint32: 32, uint64: 64 };
const VARINT_MAX = 0x3fffffff;

/** A table entry by a draft's name, own keys only: a type named `constructor` or `valueOf` is no entry of an object literal. */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * TPL AST -> IR definitions. Names stay unresolved (`ref`) and selects keep
 * their written path; the resolve passes finish the job. Inline structs
 * become definitions of their own (`Parent_field`) so that every record has
 * a name in the generated code.
 */
export function lowerTpl(input: LowerTplInput): { definitions: Definition[]; broken: Map<string, string>; diagnostics: Diagnostic[] } {
  const definitions: Definition[] = [];
  const diagnostics: Diagnostic[] = [];
  // An error inside a definition means its wire format is unknown: it is not compiled.
  const broken = new Map<string, string>();
  let current = "";
  const fail = (message: string, at: Pos, code = "tpl/invalid") => {
    diagnostics.push(diag("error", code, message, input.locate(at)));
    if (current && !broken.has(current)) broken.set(current, message);
  };

  const define = (name: string, kind: Definition["kind"], type: IRType, at: Pos) =>
    definitions.push({ name, kind, type, loc: input.locate(at), section: input.section, language: "tpl" });

  function length(suffix: Suffix, owner: string, at: Pos): Length | null {
    try {
      switch (suffix.kind) {
        case "none":
          return null;
        case "varvector":
          return { kind: "varint", min: 0, max: VARINT_MAX };
        case "vector": {
          const min = evalNumber(suffix.min);
          const max = evalNumber(suffix.max);
          if (min > max) {
            fail(`vector floor ${min} is above its ceiling ${max}`, at, "tpl/vector-bounds");
            return null;
          }
          if (max > 0xffffffff) {
            fail(`vector ceiling ${max} needs more than a 4-byte length`, at, "tpl/vector-bounds");
            return null;
          }
          const width = max <= 0xff ? 1 : max <= 0xffff ? 2 : max <= 0xffffff ? 3 : 4;
          return { kind: "prefixed", width, min, max };
        }
        case "fixed": {
          const rem = own(input.remaining, owner);
          if (rem) return { kind: "rest" };
          const v = evalExpr(suffix.length);
          if (v.kind === "value") return { kind: "fixed", bytes: evalNumber(suffix.length) };
          return { kind: "context", key: v.path.join(".") };
        }
      }
    } catch (e) {
      if (e instanceof ExprError) {
        fail(e.message, at, "tpl/expression");
        return null;
      }
      throw e;
    }
  }

  /** The IR for `type name suffix`, where owner is `Struct.field` for config look-ups. */
  function typeWithSuffix(ref: TypeRef, suffix: Suffix, owner: string, at: Pos, hoistName: string): IRType | null {
    const base = baseType(ref, hoistName);
    if (!base) return null;
    const len = length(suffix, owner, at);
    if (suffix.kind !== "none" && !len) return null;
    if (!len) {
      if (ref.kind === "named" && ref.name === "opaque") {
        // RFC 8446: opaque always has a length; the drafts sometimes forget it.
        const field = owner.split(".").pop() ?? owner;
        if (!input.lenient) {
          fail(`"opaque ${field}" has no length`, at, "tpl/opaque-without-length");
          return null;
        }
        diagnostics.push(
          diag("warning", "tpl/opaque-without-length", `"opaque ${field}" has no length; read as a <V> vector`, input.locate(at), { fix: `opaque ${field}<V>;` }),
        );
        return { kind: "bytes", length: { kind: "varint", min: 0, max: VARINT_MAX } };
      }
      return base;
    }
    if (len.kind === "rest") return { kind: "bytes", length: len, allZero: own(input.remaining, owner)?.allZero ?? false };
    if (ref.kind === "named" && (ref.name === "opaque" || ref.name === "uint8")) return { kind: "bytes", length: len };
    if (ref.kind === "named" && input.textAliases.has(ref.name)) return { kind: "text", length: len };
    return { kind: "vector", of: base, length: len };
  }

  function baseType(ref: TypeRef, hoistName: string): IRType | null {
    switch (ref.kind) {
      case "named": {
        const bits = own(UINTS, ref.name);
        if (bits) return { kind: "uint", bits };
        if (ref.name === "opaque") return { kind: "bytes", length: { kind: "fixed", bytes: 1 } };
        return { kind: "ref", name: ref.name };
      }
      case "optional": {
        const of = baseType(ref.of, hoistName);
        return of && { kind: "optional", of };
      }
      case "inline-struct": {
        const members = lowerMembers(ref.members, hoistName);
        define(hoistName, "struct", { kind: "record", members }, ref.at);
        return { kind: "ref", name: hoistName };
      }
    }
  }

  function lowerField(f: Field, structName: string): IRMember | null {
    const owner = `${structName}.${f.name}`;
    const hoist = `${structName}_${f.name}`;
    let type: IRType | null;
    if (f.innerSuffix && f.type.kind === "optional") {
      // lenient `optional opaque x<V>`: an optional vector
      const inner = typeWithSuffix(f.type.of, f.innerSuffix, owner, f.at, hoist);
      type = inner && { kind: "optional", of: inner };
    } else {
      type = typeWithSuffix(f.type, f.suffix, owner, f.at, hoist);
    }
    if (!type) return null;
    let fixedValue: string | number | undefined;
    if (f.fixedValue) {
      try {
        const v = evalExpr(f.fixedValue);
        fixedValue = v.kind === "value" ? Number(v.value) : v.path.join(".");
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        fail(e.message, f.at, "tpl/expression");
        return null;
      }
    }
    return { kind: "field", name: f.name, type, ...(fixedValue !== undefined ? { fixedValue } : {}), loc: input.locate(f.at) };
  }

  /** `armLabel`: the single case label of the arm these members belong to, if any. */
  function lowerMembers(members: readonly Member[], structName: string, armLabel?: string): IRMember[] {
    const out: IRMember[] = [];
    for (const m of members) {
      switch (m.kind) {
        case "field": {
          const f = lowerField(m, structName);
          if (f) out.push(f);
          break;
        }
        case "empty":
          break;
        case "type-only": {
          // `case add: Add;` carries an Add under a field named after the case
          // label (or, for fall-through labels, after the type)
          const t = baseType(m.type, structName);
          const name = armLabel ?? (m.type.kind === "named" ? m.type.name[0]!.toLowerCase() + m.type.name.slice(1) : "value");
          if (t) out.push({ kind: "field", name, type: t, loc: input.locate(m.at) });
          break;
        }
        case "select": {
          const cases: IRCase[] = m.arms.map((arm) => ({
            labels: arm.labels.filter((l) => l.name !== null).map((l) => l.name as string),
            isDefault: arm.labels.some((l) => l.name === null),
            members: lowerMembers(arm.members, structName, arm.labels.length === 1 && arm.labels[0]!.name !== null ? arm.labels[0]!.name : undefined),
            loc: input.locate(arm.at),
          }));
          out.push({ kind: "variant", discriminant: { kind: "unresolved", path: m.path, loc: input.locate(m.pathAt) }, cases, loc: input.locate(m.at) });
          break;
        }
      }
    }
    return out;
  }

  for (const s of input.statements) {
    current = s.kind === "junk" ? "" : s.name;
    switch (s.kind) {
      case "junk":
        break; // reported by the front end
      case "struct":
        if (s.params.length > 0) {
          // RFC 9420 §2.1 defines `optional<T>` this way: it is built in. Any other generic is not TPL.
          if (s.name === "optional") diagnostics.push(diag("note", "tpl/generic-builtin", "optional<T> is built in (RFC 9420 section 2.1); this definition is documentation", input.locate(s.nameAt)));
          else diagnostics.push(diag("error", "tpl/generic", `struct ${s.name}<${s.params.join(", ")}> is generic, which TPL does not have (only the built-in optional<T>): not compiled`, input.locate(s.nameAt)));
          break;
        }
        define(s.name, "struct", { kind: "record", members: lowerMembers(s.members, s.name) }, s.nameAt);
        break;
      case "enum": {
        const t = lowerEnum(s.entries, s.max, s.name, s.at, fail);
        if (t) define(s.name, "enum", t.kind === "enum" && input.openEnums.has(s.name) ? { ...t, open: true } : t, s.nameAt);
        break;
      }
      case "alias": {
        const reg = own(input.registries, s.name);
        if (reg && s.type.kind === "named" && Object.hasOwn(UINTS, s.type.name) && s.suffix.kind === "none") {
          const bits = UINTS[s.type.name] as 8 | 16 | 32;
          const values = Object.entries(reg.values).map(([name, value]) => ({ name, value }));
          define(s.name, "enum", { kind: "enum", bits, values, open: reg.open }, s.nameAt);
          break;
        }
        if (input.textAliases.has(s.name)) {
          // `uint8 Utf8;` names one octet of text; vectors of it become text
          define(s.name, "alias", { kind: "uint", bits: 8 }, s.nameAt);
          break;
        }
        const t = typeWithSuffix(s.type, s.suffix, s.name, s.at, `${s.name}_value`);
        if (t) define(s.name, "alias", t, s.nameAt);
        break;
      }
    }
  }
  return { definitions, broken, diagnostics };
}

function lowerEnum(
  entries: readonly { name: string; value: import("../tpl/ast.js").Expr; upTo?: import("../tpl/ast.js").Expr; at: Pos }[],
  max: import("../tpl/ast.js").Expr | undefined,
  name: string,
  at: Pos,
  fail: (message: string, at: Pos, code?: string) => void,
): IRType | null {
  try {
    const values: EnumValue[] = entries.map((e) => ({ name: e.name, value: evalNumber(e.value), ...(e.upTo ? { upTo: evalNumber(e.upTo) } : {}) }));
    const largest = max ? evalNumber(max) : values.reduce((m, v) => Math.max(m, v.upTo ?? v.value), 0);
    const bits = largest <= 0xff ? 8 : largest <= 0xffff ? 16 : largest <= 0xffffff ? 24 : 32;
    // Located at the first entry of that name (one look-up table, not a search per value).
    const firstAt = new Map<string, Pos>();
    for (const e of entries) if (!firstAt.has(e.name)) firstAt.set(e.name, e.at);
    for (const v of values) {
      if ((v.upTo ?? v.value) > largest) fail(`enum ${name}: value ${v.upTo ?? v.value} of ${v.name} does not fit the declared maximum ${largest}`, firstAt.get(v.name) ?? at, "tpl/enum-width");
    }
    return { kind: "enum", bits, values, open: false };
  } catch (e) {
    if (e instanceof ExprError) {
      fail(`enum ${name}: ${e.message}`, at, "tpl/expression");
      return null;
    }
    throw e;
  }
}
