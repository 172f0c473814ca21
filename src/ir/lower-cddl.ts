import type { GroupEntry, GroupRule, Pos, Rule, Type, Type1, Type2, TypeRule } from "../cddl/ast.js";
import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import type { Definition, EnumValue, IRField, IRMember, IRType } from "./types.js";

/** One parsed rule and how to map its positions into the draft. */
export interface LocatedRule {
  readonly rule: Rule;
  readonly locate: (at: Pos) => SourceLoc;
  readonly section: string;
}

export interface LowerCddlInput {
  readonly rules: readonly LocatedRule[];
  readonly prelude: readonly Rule[];
  readonly lenient: boolean;
  readonly limits?: LowerCddlLimits;
}

/** Bounds on the work hostile CDDL can cause while lowering; each has a default. */
export interface LowerCddlLimits {
  /**
   * Nesting of types, choices and groups spliced in, within one
   * definition, counting what generic arguments and group references add.
   * Deeper is an error (`cddl/too-deep`) at the type that goes too deep.
   * Default 256, the parser's default `maxNesting`.
   */
  readonly maxNesting?: number;
  /** Distinct generic instantiations per document; more is an error (`cddl/generic-expansion`). Default 10,000. */
  readonly maxGenericInstances?: number;
}

/** The defaults of LowerCddlLimits. */
export const DEFAULT_LOWER_CDDL_LIMITS = Object.freeze({ maxNesting: 256, maxGenericInstances: 10_000 });

/**
 * A definition needed while lowering another is lowered on the spot (so
 * definitions come after what they use) unless the lowering is already
 * this deep: then it waits its turn, so that a chain of thousands of
 * aliases does not use a stack frame per alias.
 */
const DEFER_DEFINITIONS_AT = 128;

const VARINT_MAX = 0x3fffffff;
const NO_LIMIT = 0xffffffff;

/** Prelude names whose meaning is a primitive of the IR. */
const PRIMITIVES: Readonly<Record<string, IRType>> = {
  uint: { kind: "uint", bits: 64 },
  nint: { kind: "int", max: -1n },
  int: { kind: "int" },
  integer: { kind: "int" },
  bstr: { kind: "bytes", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  bytes: { kind: "bytes", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  tstr: { kind: "text", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  text: { kind: "text", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  bool: { kind: "bool" },
  true: { kind: "bool" },
  false: { kind: "bool" },
  null: { kind: "null" },
  nil: { kind: "null" },
  float: { kind: "float" },
  float16: { kind: "float", bits: 16 },
  float32: { kind: "float", bits: 32 },
  float64: { kind: "float", bits: 64 },
  "float16-32": { kind: "float" },
  "float32-64": { kind: "float" },
  any: { kind: "any" },
};

/** An enum value as a choice contributes it: a name, a value, maybe a range. */
type EnumPart = { readonly values: EnumValue[]; readonly open: boolean };

/**
 * CDDL rules -> IR definitions (DESIGN.md, "The IR"): arrays become
 * positional records, maps keyed records or Maps, group choices led by a
 * literal become variants on that field, literal choices and `&(...)`
 * become enums (open where a socket allows more), `null / T` becomes
 * optional, `.size` on uint a width, tags tagged nodes. What the IR cannot
 * express is a diagnostic naming the construct.
 */
export function lowerCddl(input: LowerCddlInput): { definitions: Definition[]; broken: Map<string, string>; diagnostics: Diagnostic[] } {
  return new CddlLowering(input).run();
}

class CddlLowering {
  private readonly typeRules = new Map<string, { rules: LocatedRule[] }>();
  private readonly groupRules = new Map<string, { rules: LocatedRule[] }>();
  private readonly preludeRules = new Map<string, Rule>();
  private readonly definitions: Definition[] = [];
  private readonly defined = new Set<string>();
  private readonly inProgress = new Set<string>();
  private readonly broken = new Map<string, string>();
  private readonly diagnostics: Diagnostic[] = [];
  /** The rule being lowered, for locations and hoisted names. */
  private current: LocatedRule | null = null;
  /** Recursion depth of the lowering (types, enum probes, groups spliced in, nested definitions). */
  private depth = 0;
  /** Nesting within the current definition, against maxNesting. */
  private localDepth = 0;
  /** Definitions to lower once the stack is shallow again. */
  private readonly pending: string[] = [];
  /** Group rules being spliced in right now: a group that contains itself is an error, not a loop. */
  private readonly splicing = new Set<string>();
  /** Enum values of a named rule, once worked out (null: not enum-like); "busy" while being worked out. */
  private readonly enumParts = new Map<string, EnumPart | null | "busy">();
  /** Generic instantiations by owner rule, name and arguments (structurally): `g<T> = [T, T]` nested n deep is n instances, not 2^n. */
  private readonly instances = new Map<string, IRType>();
  private instanceCount = 0;
  private readonly shapes = new ShapeIds();
  /** Owners already told about a bound, so each hears once. */
  private readonly told = new Set<string>();
  /** Next suffix to try per hoisted base name. */
  private readonly suffixes = new Map<string, number>();
  private readonly limits: typeof DEFAULT_LOWER_CDDL_LIMITS;

  constructor(private readonly input: LowerCddlInput) {
    this.limits = { ...DEFAULT_LOWER_CDDL_LIMITS, ...Object.fromEntries(Object.entries(input.limits ?? {}).filter(([, v]) => v !== undefined)) };
    for (const r of input.prelude) this.preludeRules.set(r.name.name, r);
    for (const lr of input.rules) {
      const table = lr.rule.kind === "type-rule" ? this.typeRules : this.groupRules;
      const name = lr.rule.name.name;
      const entry = table.get(name);
      if (!entry) table.set(name, { rules: [lr] });
      else if (lr.rule.assign !== "=") entry.rules.push(lr);
      // a second `=` is reported by check-rules; the first definition wins
    }
  }

  run() {
    for (const [name, entry] of this.typeRules) {
      if (this.literalOf(name) !== undefined) continue; // constants such as `nullpart = 0`
      if (name.startsWith("$")) continue; // sockets are read where they are used
      if (entry.rules[0]!.rule.params.length > 0) continue; // generics are instantiated where used
      this.ensureDefinition(name);
    }
    while (this.pending.length > 0) this.ensureDefinition(this.pending.pop()!);
    return { definitions: this.definitions, broken: this.broken, diagnostics: this.diagnostics };
  }

  // ------------------------------------------------------------ reporting

  private loc(at: Pos): SourceLoc {
    return this.current ? this.current.locate(at) : { file: "<prelude>", line: at.line, col: at.col };
  }

  private report(severity: "error" | "warning" | "note", code: string, message: string, at: Pos): void {
    this.diagnostics.push(diag(severity, code, message, this.loc(at)));
    if (severity === "error" && this.current && !this.broken.has(this.current.rule.name.name)) this.broken.set(this.current.rule.name.name, message);
  }

  /** Report a bound once per owner rule; every owner that meets it is still marked broken. */
  private bound(code: string, message: string, at: Pos): IRType {
    const owner = this.current?.rule.name.name ?? "";
    if (!this.told.has(`${code} ${owner}`)) {
      this.told.add(`${code} ${owner}`);
      this.report("error", code, message, at);
    } else if (owner && !this.broken.has(owner)) this.broken.set(owner, message);
    return { kind: "any" };
  }

  /** Run one level deeper, or report that the nesting bound is reached and return `fallback`. */
  private nested<T>(at: Pos, fallback: T, work: () => T): T {
    if (this.localDepth >= this.limits.maxNesting) {
      this.bound("cddl/too-deep", `nested deeper than ${this.limits.maxNesting} levels of types, choices and groups, counting generic arguments and groups spliced in (maxNesting)`, at);
      return fallback;
    }
    this.depth += 1;
    this.localDepth += 1;
    try {
      return work();
    } finally {
      this.depth -= 1;
      this.localDepth -= 1;
    }
  }

  /** Splice group `name` in; a group that contains itself is reported instead of expanded forever. */
  private splice<T>(name: string, at: Pos, empty: T, work: () => T): T {
    if (this.splicing.has(name)) {
      this.report("error", "cddl/recursive-group", `the group ${name} contains itself, so it cannot be spliced in`, at);
      return empty;
    }
    this.splicing.add(name);
    try {
      return this.nested(at, empty, work);
    } finally {
      this.splicing.delete(name);
    }
  }

  private unsupported(what: string, at: Pos): IRType {
    this.report("error", "cddl/not-lowered", `${what} has no representation in the IR yet`, at);
    return { kind: "any" };
  }

  // ------------------------------------------------------------ definitions

  private define(name: string, type: IRType, at: Pos, kind: Definition["kind"]): void {
    if (this.defined.has(name)) return;
    this.defined.add(name);
    this.definitions.push({ name, kind, type, loc: this.loc(at), section: this.current?.section ?? "", language: "cddl" });
  }

  /** Lower a user type rule into a definition of its own (once). */
  private ensureDefinition(name: string): void {
    if (this.defined.has(name) || this.inProgress.has(name)) return;
    const entry = this.typeRules.get(name);
    if (!entry) return;
    if (this.depth >= DEFER_DEFINITIONS_AT) {
      this.pending.push(name);
      return;
    }
    const saved = { current: this.current, localDepth: this.localDepth };
    this.current = entry.rules[0]!;
    this.localDepth = 0;
    this.depth += 1;
    this.inProgress.add(name);
    const rule = entry.rules[0]!.rule as TypeRule;
    const alternatives = entry.rules.flatMap((lr) => alternativesOf((lr.rule as TypeRule).type));
    const type = alternatives.length === 1 ? this.typeOf(alternatives[0]!, name, true) : this.choiceOf(alternatives, name, rule.at, true);
    this.inProgress.delete(name);
    this.depth -= 1;
    const kind = type.kind === "record" ? "struct" : type.kind === "enum" ? "enum" : "alias";
    this.define(name, type, rule.name.at, kind);
    this.current = saved.current;
    this.localDepth = saved.localDepth;
  }

  /** A record or enum met inline gets a definition named after where it is. */
  private hoist(name: string, type: IRType, at: Pos): IRType {
    if (type.kind !== "record" && type.kind !== "enum") return type;
    let unique = name;
    // Names below the last suffix handed out for this base are all taken, so the search resumes there.
    let i = this.suffixes.get(name) ?? 2;
    if (this.defined.has(unique) || this.typeRules.has(unique)) {
      for (unique = `${name}${i}`; this.defined.has(unique) || this.typeRules.has(unique); i++) unique = `${name}${i + 1}`;
      this.suffixes.set(name, i);
    }
    this.define(unique, type, at, type.kind === "record" ? "struct" : "enum");
    return { kind: "ref", name: unique };
  }

  // ------------------------------------------------------------ types

  /** `top`: the type is a rule's whole right-hand side (so records and enums need no hoisting). */
  private typeOf(t: Type | Type1, hint: string, top = false): IRType {
    return this.nested(t.at, { kind: "any" } as IRType, () => this.lowerType(t, hint, top));
  }

  private lowerType(t: Type | Type1, hint: string, top: boolean): IRType {
    switch (t.kind) {
      case "type-choice":
        return this.choiceOf(t.alternatives, hint, t.at, top);
      case "range":
        return this.rangeOf(t.min, t.max, t.inclusive, t.at);
      case "control":
        return this.controlOf(t.op.name, t.target, t.controller, hint, t.at);
      case "int":
        return t.value < 0n ? { kind: "int", min: t.value, max: t.value } : uintFor(t.value, t.value);
      case "float":
      case "text":
      case "bytes":
        return this.unsupported(`the literal ${t.kind} value as a type`, t.at);
      case "ref":
        return this.refOf(t.name.name, t.args, hint, t.name.at, top);
      case "paren":
        return this.typeOf(t.type, hint, top);
      case "map": {
        const r = this.mapOf(t.group, hint, t.at);
        return top ? r : this.hoist(hint, r, t.at);
      }
      case "array": {
        const r = this.arrayOf(t.group, hint, t.at);
        return top ? r : this.hoist(hint, r, t.at);
      }
      case "choice-of-group":
      case "choice-of-ref": {
        const part = this.enumPart(t);
        if (!part) return this.unsupported("this enumeration", t.at);
        const e = enumOf(part);
        return top ? e : this.hoist(hint, e, t.at);
      }
      case "tag": {
        if (t.tag === null || t.tag.kind !== "int") return this.unsupported("a tag without a literal tag number", t.at);
        return { kind: "tagged", tag: Number(t.tag.value), of: this.typeOf(t.type, hint) };
      }
      case "major":
        return this.majorOf(t.major, t.ai?.kind === "int" ? Number(t.ai.value) : null, t.at);
      case "unwrap":
        return this.unsupported("unwrapping (~) outside a group", t.at);
      case "any":
        return { kind: "any" };
    }
  }

  private majorOf(major: number, ai: number | null, at: Pos): IRType {
    switch (major) {
      case 0:
        return { kind: "uint", bits: 64 };
      case 1:
        return { kind: "int", max: -1n };
      case 2:
        return PRIMITIVES["bstr"]!;
      case 3:
        return PRIMITIVES["tstr"]!;
      case 7:
        if (ai === 20 || ai === 21) return { kind: "bool" };
        if (ai === 22) return { kind: "null" };
        if (ai === 25) return { kind: "float", bits: 16 };
        if (ai === 26) return { kind: "float", bits: 32 };
        if (ai === 27) return { kind: "float", bits: 64 };
        return this.unsupported(`#7.${ai ?? ""}`, at);
      default:
        return this.unsupported(`major type #${major}`, at);
    }
  }

  private refOf(name: string, args: readonly Type1[], hint: string, at: Pos, top = false): IRType {
    if (name.startsWith("$")) {
      // a socket: its plugs (possibly none) as an open choice
      const part = this.enumPart({ kind: "ref", name: { name, at }, args: [], at });
      if (part) {
        const e = enumOf(part);
        return top ? e : this.hoist(hint, e, at);
      }
      return this.unsupported(`the socket ${name} with plugs that are not literal values`, at);
    }
    if (this.typeRules.has(name)) {
      const entry = this.typeRules.get(name)!;
      const lit = this.literalOf(name);
      if (lit !== undefined) return typeof lit === "bigint" ? uintFor(lit, lit) : this.unsupported(`the literal rule ${name}`, at);
      if (entry.rules[0]!.rule.params.length > 0 || args.length > 0) return this.instantiate(name, args, hint, at, top);
      this.ensureDefinition(name);
      return { kind: "ref", name };
    }
    const prim = PRIMITIVES[name];
    if (prim) return prim;
    const pre = this.preludeRules.get(name);
    if (pre && pre.kind === "type-rule") return this.typeOf(pre.type, hint);
    if (this.groupRules.has(name)) return this.unsupported(`the group ${name} used as a type`, at);
    this.report("error", "cddl/undefined-name", `${name} is not defined`, at);
    return { kind: "any" };
  }

  /**
   * Generic rules: substitute the arguments and lower the result inline.
   * Within one owner rule, the same rule with the same arguments is
   * lowered once (records it makes are hoisted, so the result can be
   * shared); at most maxGenericInstances instantiations in all.
   */
  private instantiate(name: string, args: readonly Type1[], hint: string, at: Pos, top: boolean): IRType {
    const rule = this.typeRules.get(name)!.rules[0]!.rule as TypeRule;
    if (rule.params.length !== args.length) return this.unsupported(`${name} with ${args.length} generic arguments for ${rule.params.length} parameters`, at);
    const key = top ? undefined : `${this.current?.rule.name.name ?? ""} ${name}<${args.map((a) => this.shapes.of(a)).join(",")}>`;
    const known = key === undefined ? undefined : this.instances.get(key);
    if (known) return known;
    if (++this.instanceCount > this.limits.maxGenericInstances) {
      return this.bound("cddl/generic-expansion", `generic instantiation goes beyond ${this.limits.maxGenericInstances} instances (maxGenericInstances)`, at);
    }
    const bindings = new Map(rule.params.map((p, i) => [p.name, args[i]!]));
    const substituted = substitute(rule.type, bindings) as Type;
    const type = this.typeOf(substituted, hint, top);
    if (key !== undefined) this.instances.set(key, type);
    return type;
  }

  private rangeOf(min: Type2, max: Type2, inclusive: boolean, at: Pos): IRType {
    const lo = this.intOf(min);
    let hi = this.intOf(max);
    if (lo === undefined || hi === undefined) return this.unsupported("a range whose bounds are not integers", at);
    if (!inclusive) hi -= 1n;
    if (lo < 0n) return { kind: "int", min: lo, max: hi };
    return uintFor(lo, hi);
  }

  /** An integer a type stands for: a literal, a rule naming one, or a parenthesised one. */
  private intOf(t: Type | Type1 | Type2): bigint | undefined {
    if (t.kind === "int") return t.value;
    if (t.kind === "paren") return this.intOf(t.type);
    if (t.kind === "ref") {
      const v = this.literalOf(t.name.name);
      return typeof v === "bigint" ? v : undefined;
    }
    return undefined;
  }

  /** `nullpart = 0`: a rule that names one literal value. */
  private literalOf(name: string): bigint | string | undefined {
    if (name.startsWith("$")) return undefined; // a socket may gain plugs elsewhere
    const entry = this.typeRules.get(name);
    if (!entry || entry.rules.length !== 1) return undefined;
    const t = (entry.rules[0]!.rule as TypeRule).type;
    if (t.kind === "int") return t.value;
    if (t.kind === "text") return t.value;
    return undefined;
  }

  private controlOf(op: string, target: Type2, controller: Type2, hint: string, at: Pos): IRType {
    const base = this.typeOf(target, hint);
    const u = base;
    switch (op) {
      case "size": {
        const range = this.boundsOf(controller);
        if (!range) return this.unsupported(".size with a non-integer controller", at);
        if (u.kind === "uint") {
          const n = Number(range.max);
          const bits = n <= 1 ? 8 : n <= 2 ? 16 : n <= 3 ? 24 : n <= 4 ? 32 : 64;
          if (n > 4 && n < 8) {
            // no native width: a uint64 bounded to n bytes (exact as a number up to 6 bytes)
            if (n <= 6) return { kind: "uint", bits, max: 2 ** (8 * n) - 1 };
            this.report("warning", "cddl/control-not-enforced", `uint .size ${n} is read as uint64; its bound is not enforced`, at);
          }
          return { kind: "uint", bits };
        }
        if (u.kind === "bytes" || u.kind === "text") {
          const [min, max] = [Number(range.min), Number(range.max)];
          const length = min === max && u.kind === "bytes" ? { kind: "fixed" as const, bytes: min } : { kind: "varint" as const, min, max };
          return { ...u, length };
        }
        this.report("warning", "cddl/control-not-enforced", `.size on ${u.kind} is not enforced`, at);
        return base;
      }
      case "gt":
      case "ge":
      case "lt":
      case "le": {
        const v = this.intOf(controller);
        if (v === undefined || (u.kind !== "uint" && u.kind !== "int")) return this.unsupported(`.${op} here`, at);
        const bound = op === "gt" ? v + 1n : op === "lt" ? v - 1n : v;
        if (u.kind === "uint") return op === "gt" || op === "ge" ? { ...u, min: Number(bound) } : { ...u, max: Number(bound) };
        return op === "gt" || op === "ge" ? { ...u, min: bound } : { ...u, max: bound };
      }
      case "default":
        return base;
      default:
        this.report(this.input.lenient ? "warning" : "note", "cddl/control-not-enforced", `.${op} is not enforced by the generated codecs`, at);
        return base;
    }
  }

  private boundsOf(t: Type2): { min: bigint; max: bigint } | undefined {
    const v = this.intOf(t);
    if (v !== undefined) return { min: v, max: v };
    const inner = t.kind === "paren" ? t.type : t;
    if (inner.kind === "range") {
      const lo = this.intOf(inner.min);
      const hi = this.intOf(inner.max);
      if (lo !== undefined && hi !== undefined) return { min: lo, max: inner.inclusive ? hi : hi - 1n };
    }
    return undefined;
  }

  // ------------------------------------------------------------ choices and enums

  private choiceOf(alternatives: readonly Type1[], hint: string, at: Pos, top = false): IRType {
    const isNull = (a: Type1) => a.kind === "ref" && (a.name.name === "null" || a.name.name === "nil");
    const rest = alternatives.filter((a) => !isNull(a));
    if (rest.length < alternatives.length) {
      const inner = rest.length === 1 ? this.typeOf(rest[0]!, hint) : this.choiceOf(rest, hint, at);
      return { kind: "optional", of: inner };
    }
    const parts = alternatives.map((a) => this.enumPart(a));
    if (parts.every((p): p is EnumPart => p !== null)) {
      const e = enumOf({ values: parts.flatMap((p) => p.values), open: parts.some((p) => p.open) });
      return top ? e : this.hoist(hint, e, at);
    }
    return { kind: "union", options: alternatives.map((a, i) => this.typeOf(a, `${hint}_${i + 1}`)) };
  }

  /** The enum values an alternative stands for, or null if it is not enum-like. */
  private enumPart(t: Type1 | Type): EnumPart | null {
    return this.nested(t.at, null, () => this.enumPartOf(t));
  }

  /** The enum values of a named rule (its plugs for a socket), worked out once; a rule whose choices come back to it is not enum-like. */
  private namedEnumPart(name: string, alternatives: () => Type1[], open: (inner: EnumPart[]) => boolean): EnumPart | null {
    const known = this.enumParts.get(name);
    if (known === "busy") return null;
    if (known !== undefined) return known;
    this.enumParts.set(name, "busy");
    const inner = alternatives().map((a) => this.enumPart(a));
    const part = inner.every((p): p is EnumPart => p !== null) ? { values: inner.flatMap((p) => p.values), open: open(inner) } : null;
    this.enumParts.set(name, part);
    return part;
  }

  private enumPartOf(t: Type1 | Type): EnumPart | null {
    switch (t.kind) {
      case "int":
        return t.value >= 0n ? { values: [{ name: String(t.value), value: Number(t.value) }], open: false } : null;
      case "range": {
        const lo = this.intOf(t.min);
        const hi = this.intOf(t.max);
        if (lo === undefined || hi === undefined || lo < 0n) return null;
        return { values: [{ name: `range_${lo}_${hi}`, value: Number(lo), upTo: Number(t.inclusive ? hi : hi - 1n) }], open: false };
      }
      case "ref": {
        const name = t.name.name;
        const lit = this.literalOf(name);
        if (typeof lit === "bigint") return lit >= 0n ? { values: [{ name, value: Number(lit) }], open: false } : null;
        const entry = this.typeRules.get(name);
        if (!entry) return name.startsWith("$") ? { values: [], open: true } : null; // an undefined socket: anything else may come
        const alternatives = () => entry.rules.flatMap((lr) => alternativesOf((lr.rule as TypeRule).type));
        return this.namedEnumPart(name, alternatives, (inner) => name.startsWith("$") || inner.some((p) => p.open));
      }
      case "paren":
        return this.enumPart(t.type);
      case "type-choice": {
        const inner = t.alternatives.map((a) => this.enumPart(a));
        return inner.every((p): p is EnumPart => p !== null) ? { values: inner.flatMap((p) => p.values), open: inner.some((p) => p.open) } : null;
      }
      case "choice-of-group": {
        const values: EnumValue[] = [];
        for (const entry of t.group.choices.flatMap((c) => this.groupChoiceEntries(c.entries, t.at))) {
          if (entry.kind !== "member" || !entry.key || entry.key.kind !== "bareword-key") return null;
          const inner = this.enumPart(entry.type);
          if (!inner || inner.values.length !== 1) return null;
          values.push({ ...inner.values[0]!, name: entry.key.name.name });
        }
        return { values, open: false };
      }
      case "choice-of-ref": {
        const g = this.groupRules.get(t.name.name);
        if (!g) return null;
        const entries = g.rules.map((lr) => (lr.rule as GroupRule).entry);
        const at0 = g.rules[0]!.rule.at;
        return this.enumPart({ kind: "choice-of-group", group: { kind: "group", choices: [{ kind: "group-choice", entries, at: at0 }], at: at0 }, at: t.at });
      }
      default:
        return null;
    }
  }

  // ------------------------------------------------------------ groups

  /** A group's entries with group references and one-choice inline groups spliced in. */
  private entriesOf(entries: readonly GroupEntry[]): Array<GroupEntry | { kind: "choices"; choices: GroupEntry[][]; at: Pos }> {
    const out: Array<GroupEntry | { kind: "choices"; choices: GroupEntry[][]; at: Pos }> = [];
    for (const e of entries) {
      if (e.kind === "inline-group" && !e.occurrence) {
        if (e.group.choices.length === 1) for (const x of this.nested(e.at, [], () => this.entriesOf(e.group.choices[0]!.entries))) out.push(x);
        else out.push({ kind: "choices", choices: e.group.choices.map((c) => this.groupChoiceEntries(c.entries, e.at)), at: e.at });
        continue;
      }
      const groupRef = e.kind === "member" && !e.key && e.type.kind === "ref" ? this.groupRules.get(e.type.name.name) : undefined;
      if (groupRef && e.kind === "member" && (!e.occurrence || e.occurrence.max === 1n)) {
        const gname = (e.type as { name: { name: string } }).name.name;
        const choices = this.splice(gname, e.at, [], () => groupRef.rules.map((lr) => this.groupChoiceEntries([(lr.rule as GroupRule).entry], e.at)));
        if (choices.length === 1 && !e.occurrence) for (const x of choices[0]!) out.push(x);
        else if (!e.occurrence) out.push({ kind: "choices", choices, at: e.at });
        else out.push(e);
        continue;
      }
      out.push(e);
    }
    return out;
  }

  private groupChoiceEntries(entries: readonly GroupEntry[], at: Pos): GroupEntry[] {
    // a group rule whose entry is a parenthesised group: its entries
    const out: GroupEntry[] = [];
    for (const e of entries) {
      const inner =
        e.kind === "inline-group" && !e.occurrence && e.group.choices.length === 1
          ? this.nested(e.at, [], () => this.groupChoiceEntries(e.group.choices[0]!.entries, e.at))
          : e.kind === "member" && !e.key && e.type.kind === "ref" && this.groupRules.has(e.type.name.name) && !e.occurrence
            ? this.splice(e.type.name.name, e.at ?? at, [], () => this.groupChoiceEntries([(this.groupRules.get((e.type as { name: { name: string } }).name.name)!.rules[0]!.rule as GroupRule).entry], e.at))
            : [e];
      for (const x of inner) out.push(x);
    }
    return out;
  }

  private arrayOf(group: import("../cddl/ast.js").Group, hint: string, at: Pos): IRType {
    if (group.choices.length > 1) {
      const choices = group.choices.map((c) => this.groupChoiceEntries(c.entries, at));
      const members = this.variantMembers(choices, hint, at);
      return { kind: "record", encoding: "array", members };
    }
    const entries = this.entriesOf(group.choices[0]!.entries);
    const only = entries[0];
    if (entries.length === 1 && only && only.kind === "member" && only.occurrence && only.occurrence.max !== 1n) {
      // `[* T]`, `[2* T]`: a vector with count bounds
      const min = Number(only.occurrence.min);
      const max = only.occurrence.max === null ? NO_LIMIT : Number(only.occurrence.max);
      return { kind: "vector", of: this.typeOf(only.type, `${hint}_item`), length: { kind: "count", min, max } };
    }
    return { kind: "record", encoding: "array", members: this.arrayMembers(entries, hint) };
  }

  private arrayMembers(entries: ReturnType<CddlLowering["entriesOf"]>, hint: string): IRMember[] {
    const members: IRMember[] = [];
    const names = new Set<string>();
    entries.forEach((e, i) => {
      if (e.kind === "choices") {
        members.push(...this.variantMembers(e.choices, hint, e.at));
        return;
      }
      if (e.kind === "inline-group") {
        members.push(this.field(this.uniqueName(`item${i}`, names), this.unsupported("a repeated group inside an array", e.at), e.at));
        return;
      }
      const name = this.uniqueName(memberName(e, i), names);
      if (e.occurrence && e.occurrence.max !== 1n) {
        const min = Number(e.occurrence.min);
        const max = e.occurrence.max === null ? NO_LIMIT : Number(e.occurrence.max);
        this.report("warning", "cddl/inline-repetition", `a repeated entry inside an array is read as a nested array (${name})`, e.at);
        members.push(this.field(name, { kind: "vector", of: this.typeOf(e.type, `${hint}_${name}`), length: { kind: "count", min, max } }, e.at));
        return;
      }
      const omittable = e.occurrence?.min === 0n;
      if (omittable && entries.slice(i + 1).some((later) => later.kind === "member" && !(later.occurrence?.min === 0n))) {
        this.report("warning", "cddl/optional-not-trailing", `${name} may be absent but a required entry follows it: an array cannot tell which item is missing, so the codecs expect it present`, e.at);
        members.push(this.field(name, this.typeOf(e.type, `${hint}_${name}`), e.at));
        return;
      }
      members.push({ ...this.field(name, this.typeOf(e.type, `${hint}_${name}`), e.at), ...(omittable ? { omittable: true } : {}) });
    });
    return members;
  }

  private field(name: string, type: IRType, at: Pos, key?: string | number): IRField {
    return { kind: "field", name, type, loc: this.loc(at), ...(key !== undefined ? { key } : {}) };
  }

  private uniqueName(name: string, used: Set<string>): string {
    let n = name;
    for (let i = 2; used.has(n); i++) n = `${name}${i}`;
    used.add(n);
    return n;
  }

  /**
   * `( NullPart // SinglePart // ... )` where every choice starts with the
   * same key bound to a literal: that key becomes an enum field and the rest
   * of each choice a case of a variant on it.
   */
  private variantMembers(choices: readonly GroupEntry[][], hint: string, at: Pos): IRMember[] {
    const heads = choices.map((c) => c[0]);
    const first = heads[0];
    const keyName = first && first.kind === "member" && first.key?.kind === "bareword-key" ? first.key.name.name : "";
    const values: EnumValue[] = [];
    for (const h of heads) {
      if (!keyName || !h || h.kind !== "member" || h.key?.kind !== "bareword-key" || h.key.name.name !== keyName) {
        return [this.field("choice", this.unsupported("a group choice whose choices do not start with the same literal-valued key", at), at)];
      }
      const part = this.enumPart(h.type);
      if (!part || part.values.length !== 1 || part.open) {
        return [this.field(keyName, this.unsupported(`a group choice led by ${keyName} that is not a single literal`, h.at), h.at)];
      }
      values.push(part.values[0]!);
    }
    const enumType = this.hoist(`${hint}_${keyName}`, { kind: "enum", bits: bitsFor(values.reduce((m, v) => Math.max(m, v.value), 0)), values, open: false }, at);
    const enumName = enumType.kind === "ref" ? enumType.name : `${hint}_${keyName}`;
    const discriminant: IRField = this.field(keyName, enumType, heads[0]!.at);
    const cases = choices.map((c, i) => ({
      labels: [values[i]!.name],
      isDefault: false,
      members: this.arrayMembers(this.entriesOf(c.slice(1)), hint),
      loc: this.loc(c[0]!.at),
    }));
    return [discriminant, { kind: "variant", discriminant: { kind: "field", path: [keyName], enumType: enumName }, cases, loc: this.loc(at) }];
  }

  private mapOf(group: import("../cddl/ast.js").Group, hint: string, at: Pos): IRType {
    const entries = group.choices.length === 1 ? this.entriesOf(group.choices[0]!.entries) : [{ kind: "choices" as const, choices: group.choices.map((c) => this.groupChoiceEntries(c.entries, at)), at }];
    const only = entries[0];
    if (entries.length === 1 && only && only.kind === "member" && only.key?.kind === "type-key" && only.occurrence && only.occurrence.max !== 1n) {
      // `{ * K => V }`: a Map
      const min = Number(only.occurrence.min);
      const max = only.occurrence.max === null ? NO_LIMIT : Number(only.occurrence.max);
      return { kind: "map", key: this.typeOf(only.key.type, `${hint}_key`), value: this.typeOf(only.type, `${hint}_value`), min, max };
    }
    const members: IRField[] = [];
    const names = new Set<string>();
    let rest: { name: string; key: IRType; value: IRType } | undefined;
    const addEntry = (e: GroupEntry, forceOptional: boolean) => {
      if (e.kind === "inline-group") {
        this.unsupported("a nested group inside a map", e.at);
        return;
      }
      const optional = forceOptional || e.occurrence?.min === 0n;
      const repeated = e.occurrence !== null && e.occurrence.max !== 1n;
      const key = this.keyOf(e);
      if (key && !repeated) {
        const name = this.uniqueName(key.name, names);
        members.push({ ...this.field(name, this.typeOf(e.type, `${hint}_${name}`), e.at, key.value), ...(optional ? { omittable: true } : {}) });
        return;
      }
      if (e.key?.kind === "type-key" && repeated) {
        if (rest) this.unsupported("a second `* key => value` entry in one map", e.at);
        rest = { name: this.uniqueName("rest", names), key: this.typeOf(e.key.type, `${hint}_key`), value: this.typeOf(e.type, `${hint}_value`) };
        return;
      }
      // `* someGroup`: a group of `key => value` or a socket of plugs
      if (!e.key && e.type.kind === "ref") {
        const gname = e.type.name.name;
        const g = this.groupRules.get(gname);
        if (!g) {
          if (gname.startsWith("$$")) {
            this.report("note", "cddl/empty-socket", `${gname} has no plugs in this document; its entries are taken by the rest of the map`, e.at);
            return;
          }
          this.unsupported(`the group ${gname} inside a map`, e.at);
          return;
        }
        this.splice(gname, e.at, undefined, () => {
          for (const lr of g.rules) {
            const inner = this.groupChoiceEntries([(lr.rule as GroupRule).entry], e.at);
            for (const ie of inner) {
              if (ie.kind === "member" && ie.key?.kind === "type-key" && !this.keyOf(ie)) {
                if (rest) this.unsupported("a second `* key => value` entry in one map", ie.at);
                rest = { name: this.uniqueName(gname, names), key: this.typeOf(ie.key.type, `${hint}_key`), value: this.typeOf(ie.type, `${hint}_value`) };
              } else addEntry(ie, true);
            }
          }
        });
        return;
      }
      this.unsupported("this map entry", e.at);
    };
    for (const e of entries) {
      if (e.kind === "choices") {
        this.report("warning", "cddl/exclusive-choice", "a group choice inside a map: each choice's keys become optional fields, and that at most one choice appears is not enforced", e.at);
        e.choices.flat().forEach((x) => addEntry(x, true));
      } else addEntry(e, false);
    }
    return { kind: "record", encoding: "map", members, ...(rest ? { rest } : {}) };
  }

  /** A map entry's constant key and the field name it gives. */
  private keyOf(e: GroupEntry & { kind: "member" }): { name: string; value: string | number } | undefined {
    const k = e.key;
    if (!k) return undefined;
    if (k.kind === "bareword-key") return { name: k.name.name, value: k.name.name };
    if (k.kind === "value-key") {
      if (k.value.kind === "int") return { name: intKeyName(k.value.value), value: Number(k.value.value) };
      if (k.value.kind === "text") return { name: k.value.value, value: k.value.value };
      return undefined;
    }
    // type key: `&(senderUri: 1) ^ =>` or a literal rule `TBD1 =>`
    const t = k.type;
    if (t.kind === "choice-of-group") {
      const part = this.enumPart(t);
      if (part && part.values.length === 1) return { name: part.values[0]!.name, value: part.values[0]!.value };
    }
    const v = this.intOf(t);
    if (v !== undefined) return { name: t.kind === "ref" ? t.name.name : intKeyName(v), value: Number(v) };
    if (t.kind === "text") return { name: t.value, value: t.value };
    return undefined;
  }
}

// ------------------------------------------------------------ helpers

function alternativesOf(t: Type): Type1[] {
  return t.kind === "type-choice" ? [...t.alternatives] : [t];
}

function memberName(e: GroupEntry & { kind: "member" }, i: number): string {
  if (e.key?.kind === "bareword-key") return e.key.name.name;
  if (e.key?.kind === "value-key" && e.key.value.kind === "int") return intKeyName(e.key.value.value);
  if (e.type.kind === "ref") return e.type.name.name.replace(/^\$+/, "").replace(/[^A-Za-z0-9_]/g, "_").replace(/^./, (c) => c.toLowerCase());
  return `item${i}`;
}

function intKeyName(v: bigint): string {
  return v < 0n ? `keyMinus${-v}` : `key${v}`;
}

function bitsFor(max: number): 8 | 16 | 24 | 32 {
  return max <= 0xff ? 8 : max <= 0xffff ? 16 : max <= 0xffffff ? 24 : 32;
}

function uintFor(min: bigint, max: bigint): IRType {
  const bits = max <= 0xffn ? 8 : max <= 0xffffn ? 16 : max <= 0xffffffffn ? 32 : 64;
  const lo = Number(min);
  const hi = Number(max);
  return { kind: "uint", bits, ...(lo > 0 ? { min: lo } : {}), ...(bits !== 64 && hi < 2 ** bits - 1 ? { max: hi } : {}) };
}

function enumOf(part: EnumPart): IRType {
  const max = part.values.reduce((m, v) => Math.max(m, v.upTo ?? v.value), 0);
  return { kind: "enum", bits: bitsFor(max), values: part.values, open: part.open };
}

/**
 * A number per distinct AST shape (positions and source text left out):
 * equal numbers, equal types. Hash-consing, so a deep argument costs one
 * look-up per node, once.
 */
class ShapeIds {
  private readonly ids = new WeakMap<object, number>();
  private readonly keys = new Map<string, number>();

  of(node: unknown): string {
    if (node === null || typeof node !== "object") return typeof node === "bigint" ? `${node}n` : (JSON.stringify(node) ?? "u");
    const known = this.ids.get(node);
    if (known !== undefined) return `#${known}`;
    const key = Array.isArray(node)
      ? `[${node.map((n) => this.of(n)).join(",")}]`
      : `{${Object.entries(node)
          .filter(([k]) => k !== "at" && k !== "text")
          .map(([k, v]) => `${k}:${this.of(v)}`)
          .join(",")}}`;
    let id = this.keys.get(key);
    if (id === undefined) this.keys.set(key, (id = this.keys.size));
    this.ids.set(node, id);
    return `#${id}`;
  }
}

/** Replace generic parameters by their arguments, structurally. */
function substitute(node: unknown, bindings: ReadonlyMap<string, Type1>): unknown {
  if (Array.isArray(node)) return node.map((n) => substitute(n, bindings));
  if (node === null || typeof node !== "object") return node;
  const o = node as { kind?: string; name?: { name: string }; args?: unknown[] };
  if (o.kind === "ref" && o.name && (o.args?.length ?? 0) === 0 && bindings.has(o.name.name)) return bindings.get(o.name.name);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = typeof v === "bigint" ? v : substitute(v, bindings);
  return out;
}
