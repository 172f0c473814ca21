import type { GroupEntry, GroupRule, Pos, Rule, Type, Type1, Type2, TypeRule } from "../cddl/ast.js";
import { decodeBytes } from "../cddl/bytes-literal.js";
import type { RuleSet } from "../runtime/cddl/rule-set.js";
import { compileXsdRegexp } from "../runtime/cddl/xsd-regexp.js";
import { irKey } from "./ir-json.js";
import { portableSchemaOf } from "./portable-rules.js";
import { ShapeIds } from "./shape-ids.js";
import { everyType } from "./walk.js";
import { diag, type Diagnostic, type SourceLoc } from "../diagnostics/index.js";
import type { ConstValue, Definition, EnumValue, IRField, IRMember, IRType, RecordChoice, ValueCheck } from "./types.js";

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
  /** The rules as the validator reads them; with it, rules the IR cannot express get validated generic codecs. */
  readonly ruleSet?: RuleSet;
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
  // RFC 8949 section 3.4.3 bignums: numbers of any size, not byte strings
  integer: { kind: "int", big: "preferred" },
  unsigned: { kind: "int", min: 0n, big: "preferred" },
  bigint: { kind: "int", big: "tagged" },
  biguint: { kind: "int", min: 0n, big: "tagged" },
  bignint: { kind: "int", max: -1n, big: "tagged" },
  bstr: { kind: "bytes", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  bytes: { kind: "bytes", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  tstr: { kind: "text", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  text: { kind: "text", length: { kind: "varint", min: 0, max: VARINT_MAX } },
  bool: { kind: "bool" },
  true: { kind: "literal", value: { type: "bool", value: true } },
  false: { kind: "literal", value: { type: "bool", value: false } },
  null: { kind: "null" },
  nil: { kind: "null" },
  float: { kind: "float" },
  float16: { kind: "float", bits: 16 },
  float32: { kind: "float", bits: 32 },
  float64: { kind: "float", bits: 64 },
  "float16-32": { kind: "float", bits: 32 },
  "float32-64": { kind: "float", bits: 64 },
  any: { kind: "any" },
};

/** An enum value as a choice contributes it: a name, a value, maybe a range. */
type EnumPart = { readonly values: EnumValue[]; readonly open: boolean };

/**
 * CDDL rules -> IR definitions (ARCHITECTURE.md, "The IR"): arrays become
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
  /** The rule each diagnostic was reported in (same index). */
  private readonly owners: (string | null)[] = [];
  /** Rules broken by something a generic codec cannot fix (an undefined name). */
  private readonly unfixable = new Set<string>();
  /** The rule being lowered, for locations and hoisted names. */
  private current: LocatedRule | null = null;
  /** The definitions made so far, by name (look-ups in constant time: rules come from drafts). */
  private readonly byName = new Map<string, Definition>();
  /** Recursion depth of the lowering (types, enum probes, groups spliced in, nested definitions). */
  private depth = 0;
  /** Nesting within the current definition, against maxNesting. */
  private localDepth = 0;
  /** Definitions (type rules, or groups used as types) to lower once the stack is shallow again. */
  private readonly pending: Array<{ readonly name: string; readonly group: boolean; readonly at: Pos }> = [];
  /** Group rules being spliced in right now: a group that contains itself is an error, not a loop. */
  private readonly splicing = new Set<string>();
  /** Enum values of a named rule, once worked out (null: not enum-like); "busy" while being worked out. */
  private readonly enumParts = new Map<string, EnumPart | null | "busy">();
  /** Generic instantiations by owner rule, name and arguments (structurally): `g<T> = [T, T]` nested n deep is n instances, not 2^n. */
  private readonly instances = new Map<string, IRType>();
  /** The keys of `instances` in the order they were added (to undo a failed attempt). */
  private readonly instanceLog: string[] = [];
  private instanceCount = 0;
  private readonly shapes = new ShapeIds();
  /** Owners already told about a bound, so each hears once. */
  private readonly told = new Set<string>();
  /** Next suffix to try per hoisted base name (hoist, hoistRef). */
  private readonly suffixes = new Map<string, number>();
  private readonly refSuffixes = new Map<string, number>();
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
      if (name.startsWith("$")) continue; // sockets are read where they are used
      if (entry.rules[0]!.rule.params.length > 0) continue; // generics are instantiated where used
      this.ensureDefinition(name);
      this.lowerPending();
    }
    const used = this.namesUsedByRules();
    for (const [name, entry] of this.groupRules) {
      // a group no other rule uses is a message of its own: a CBOR sequence (EDHOC's message_1)
      if (name.startsWith("$") || used.has(name) || entry.rules[0]!.rule.params.length > 0) continue;
      this.ensureSequence(name);
      this.lowerPending();
    }
    return { definitions: this.definitions, broken: this.broken, diagnostics: this.diagnostics };
  }

  /** The definitions deferred because the lowering was deep when they were needed. */
  private lowerPending(): void {
    while (this.pending.length > 0) {
      const p = this.pending.pop()!;
      if (p.group) this.groupAsSequence(p.name, p.at);
      else this.ensureDefinition(p.name);
    }
  }

  /** Every name some rule's right-hand side mentions (walked without recursion: rules come from drafts). */
  private namesUsedByRules(): Set<string> {
    const used = new Set<string>();
    const stack: unknown[] = [...this.typeRules.values(), ...this.groupRules.values()].flatMap((e) => e.rules.map((lr) => (lr.rule.kind === "type-rule" ? lr.rule.type : lr.rule.entry)));
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) {
        for (const x of node as unknown[]) stack.push(x); // not push(...node): a choice of 150,000 values is more arguments than a call takes
        continue;
      }
      if (node === null || typeof node !== "object") continue;
      const o = node as { kind?: string; name?: { name?: string } };
      if ((o.kind === "ref" || o.kind === "unwrap" || o.kind === "choice-of-ref") && typeof o.name?.name === "string") used.add(o.name.name);
      for (const [k, v] of Object.entries(node)) if (k !== "at" && typeof v === "object") stack.push(v);
    }
    return used;
  }

  /** A group where a type is expected (a repeated group's element, `x = g`): its sequence record. */
  private groupAsSequence(name: string, at: Pos): IRType {
    const entry = this.groupRules.get(name)!;
    if (entry.rules[0]!.rule.params.length > 0) return this.unsupported(`the generic group ${name} used as a type`, at);
    if (!this.defined.has(name) && !this.inProgress.has(name)) {
      if (this.depth >= DEFER_DEFINITIONS_AT) {
        this.pending.push({ name, group: true, at });
        return { kind: "ref", name };
      }
      const saved = this.enter(entry.rules[0]!);
      this.inProgress.add(name);
      const choices = entry.rules.map((lr) => this.groupChoiceEntries([(lr.rule as GroupRule).entry], lr.rule.at));
      const members = choices.length === 1 ? this.arrayMembers(this.entriesOf(choices[0]!), name) : this.variantMembers(choices, name, entry.rules[0]!.rule.at);
      this.inProgress.delete(name);
      this.define(name, { kind: "record", encoding: "sequence", members }, entry.rules[0]!.rule.name.at, "struct");
      this.leave(saved);
    }
    return { kind: "ref", name };
  }

  /**
   * A group rule as a CBOR sequence: its entries as positional items, as in
   * an array but with no head. A group whose entries have no positional
   * form (keyed choices meant for a map) gets a note instead.
   */
  private ensureSequence(name: string): void {
    const entry = this.groupRules.get(name)!;
    const saved = this.enter(entry.rules[0]!);
    const mark = { diagnostics: this.diagnostics.length, definitions: this.definitions.length, defined: new Set(this.defined), broken: new Map(this.broken), instances: this.instanceLog.length };
    const at = entry.rules[0]!.rule.at;
    const choices = entry.rules.map((lr) => this.groupChoiceEntries([(lr.rule as GroupRule).entry], lr.rule.at));
    const members = choices.length === 1 ? this.arrayMembers(this.entriesOf(choices[0]!), name) : this.variantMembers(choices, name, at);
    this.lowerPending(); // what the attempt deferred is part of it
    let failed: Diagnostic | undefined;
    for (let i = mark.diagnostics; i < this.diagnostics.length && !failed; i++) if (this.diagnostics[i]!.severity === "error") failed = this.diagnostics[i];
    if (failed) {
      // roll back what the attempt defined and reported
      this.diagnostics.length = mark.diagnostics;
      this.owners.length = mark.diagnostics;
      for (const d of this.definitions.slice(mark.definitions)) this.byName.delete(d.name);
      this.definitions.length = mark.definitions;
      this.defined.clear();
      mark.defined.forEach((n) => this.defined.add(n));
      this.broken.clear();
      mark.broken.forEach((v, k) => this.broken.set(k, v));
      for (const key of this.instanceLog.splice(mark.instances)) this.instances.delete(key);
      this.suffixes.clear();
      this.refSuffixes.clear();
      this.report("note", "cddl/group-without-sequence", `the group ${name} is used by no other rule, but has no form as a CBOR sequence (${failed.message}); it gets no codec of its own`, entry.rules[0]!.rule.name.at);
    } else {
      this.define(name, { kind: "record", encoding: "sequence", members }, entry.rules[0]!.rule.name.at, "struct");
    }
    this.leave(saved);
  }

  /** Start lowering a rule of its own (a definition): locations and hoisted names are its, and its nesting counts from 0. */
  private enter(rule: LocatedRule): { current: LocatedRule | null; localDepth: number } {
    const saved = { current: this.current, localDepth: this.localDepth };
    this.current = rule;
    this.localDepth = 0;
    this.depth += 1;
    return saved;
  }

  private leave(saved: { current: LocatedRule | null; localDepth: number }): void {
    this.current = saved.current;
    this.localDepth = saved.localDepth;
    this.depth -= 1;
  }

  // ------------------------------------------------------------ reporting

  private loc(at: Pos): SourceLoc {
    return this.current ? this.current.locate(at) : { file: "<prelude>", line: at.line, col: at.col };
  }

  private report(severity: "error" | "warning" | "note", code: string, message: string, at: Pos): void {
    this.diagnostics.push(diag(severity, code, message, this.loc(at)));
    this.owners.push(this.current?.rule.name.name ?? null);
    if (severity === "error" && this.current) {
      const name = this.current.rule.name.name;
      if (!this.broken.has(name)) this.broken.set(name, message);
      // only constructs the IR lacks can fall back to a validated generic codec; an undefined name cannot
      if (code !== "cddl/not-lowered") this.unfixable.add(name);
    }
  }

  /** Report a bound once per owner rule; every owner that meets it is still marked broken. */
  private bound(code: string, message: string, at: Pos): IRType {
    const owner = this.current?.rule.name.name ?? "";
    if (!this.told.has(`${code} ${owner}`)) {
      this.told.add(`${code} ${owner}`);
      this.report("error", code, message, at);
    } else if (owner) {
      if (!this.broken.has(owner)) this.broken.set(owner, message);
      this.unfixable.add(owner);
    }
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

  /**
   * A rule whose lowering failed only on constructs the IR lacks gets a
   * validated generic codec instead: its errors become warnings saying so.
   */
  private fallBackToValidated(name: string, at: Pos): IRType | null {
    if (!this.broken.has(name) || this.unfixable.has(name) || !this.input.ruleSet) return null;
    this.broken.delete(name);
    this.diagnostics.forEach((d, i) => {
      if (this.owners[i] !== name || d.code !== "cddl/not-lowered") return;
      this.diagnostics[i] = { ...d, severity: "warning", code: "cddl/generic-codec", message: `${d.message.replace(/ has no representation in the IR yet$/, "")}: ${name} gets a validated generic codec (any CBOR item, checked against the rule)` };
    });
    void at;
    return { kind: "validated", rule: name, schema: portableSchemaOf(this.input.ruleSet, name) };
  }

  private unsupported(what: string, at: Pos): IRType {
    this.report("error", "cddl/not-lowered", `${what} has no representation in the IR yet`, at);
    return { kind: "any" };
  }

  // ------------------------------------------------------------ definitions

  private define(name: string, type: IRType, at: Pos, kind: Definition["kind"]): void {
    if (this.defined.has(name)) return;
    this.defined.add(name);
    const d: Definition = { name, kind, type, loc: this.loc(at), section: this.current?.section ?? "", language: "cddl" };
    this.definitions.push(d);
    this.byName.set(name, d);
  }

  /** Lower a user type rule into a definition of its own (once). */
  private ensureDefinition(name: string): void {
    if (this.defined.has(name) || this.inProgress.has(name)) return;
    const entry = this.typeRules.get(name);
    if (!entry) return;
    if (this.depth >= DEFER_DEFINITIONS_AT) {
      this.pending.push({ name, group: false, at: entry.rules[0]!.rule.at });
      return;
    }
    const saved = this.enter(entry.rules[0]!);
    this.inProgress.add(name);
    const rule = entry.rules[0]!.rule as TypeRule;
    const alternatives = entry.rules.flatMap((lr) => alternativesOf((lr.rule as TypeRule).type));
    const lowered = alternatives.length === 1 ? this.typeOf(alternatives[0]!, name, true) : this.choiceOf(alternatives, name, rule.at, true);
    const type = this.fallBackToValidated(name, rule.at) ?? lowered;
    this.inProgress.delete(name);
    const kind = type.kind === "record" ? "struct" : type.kind === "enum" ? "enum" : this.literalOf(name) !== undefined ? "constant" : "alias";
    this.define(name, type, rule.name.at, kind);
    this.leave(saved);
  }

  /** A record or enum met inline gets a definition named after where it is. */
  private hoist(name: string, type: IRType, at: Pos): IRType {
    if (type.kind !== "record" && type.kind !== "enum") return type;
    const unique = this.freeName(name, this.suffixes, (n) => this.defined.has(n) || this.typeRules.has(n));
    this.define(unique, type, at, type.kind === "record" ? "struct" : "enum");
    return { kind: "ref", name: unique };
  }

  /** A controller type as a definition codecs can call: a reference as it is, anything else hoisted under `name`. */
  private hoistRef(name: string, type: IRType, at: Pos): IRType & { kind: "ref" } {
    if (type.kind === "ref") return type;
    const unique = this.freeName(name, this.refSuffixes, (n) => this.defined.has(n) || this.typeRules.has(n) || this.groupRules.has(n));
    this.define(unique, type, at, type.kind === "record" ? "struct" : type.kind === "enum" ? "enum" : "alias");
    return { kind: "ref", name: unique };
  }

  /**
   * `name`, or `name2`, `name3`, ... whichever is first free. Names below
   * the last suffix handed out for this base are all taken (names are only
   * taken, never freed, but by a rolled-back attempt, which clears
   * `suffixes`), so the search resumes there: linear, not quadratic, in the
   * number of records hoisted under one name.
   */
  private freeName(name: string, suffixes: Map<string, number>, taken: (n: string) => boolean): string {
    if (!taken(name)) return name;
    let i = suffixes.get(name) ?? 2;
    while (taken(`${name}${i}`)) i++;
    suffixes.set(name, i);
    return `${name}${i}`;
  }

  /** Does a type, through the definitions made so far, contain `any`? */
  private reachesAny(t: IRType): boolean {
    const seen = new Set<string>();
    const stack = [t];
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (const y of everyType(x)) {
        if (y.kind === "any") return true;
        if (y.kind === "ref" && !y.document && !seen.has(y.name)) {
          seen.add(y.name);
          const d = this.byName.get(y.name);
          if (d) stack.push(d.type);
        }
      }
    }
    return false;
  }

  /** The one constant value a controller stands for (`.ne 0`, `.default "x"`), or undefined. */
  private constOf(t: Type2): ConstValue | undefined {
    const i = this.intOf(t);
    if (i !== undefined) return { type: "int", value: i };
    const ty = this.typeOf(t, "const");
    if (ty.kind === "literal") return ty.value;
    return undefined;
  }

  /** `base` with one more check (controls add up: `uint .ne 0 .bits flags` is not CDDL, but `.and` chains are). */
  private withCheck(base: IRType, check: ValueCheck): IRType {
    return base.kind === "checked" ? { ...base, checks: [...base.checks, check] } : { kind: "checked", of: base, checks: [check] };
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
        return intLiteral(t.value);
      case "float":
        return { kind: "literal", value: { type: "float", value: t.value } };
      case "text":
        return { kind: "literal", value: { type: "text", value: t.value } };
      case "bytes": {
        const b = decodeBytes(t);
        if (!b.ok) return this.unsupported(`the byte string literal (${b.message})`, t.at);
        return { kind: "literal", value: { type: "bytes", hex: [...b.bytes].map((x) => x.toString(16).padStart(2, "0")).join("") } };
      }
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
        if (!part) {
          // `&(ltr: false, rtl: true, auto: null)`: the choice of the values, whatever their types
          const values = t.kind === "choice-of-group" ? t.group.choices.flatMap((c) => this.groupChoiceEntries(c.entries, t.at)) : [];
          if (values.length > 0 && values.every((e) => e.kind === "member" && e.key?.kind === "bareword-key")) {
            return this.choiceOf(values.map((e) => (e as GroupEntry & { kind: "member" }).type as Type1), hint, t.at, top);
          }
          return this.unsupported("this enumeration", t.at);
        }
        const e = enumOf(part);
        return top ? e : this.hoist(hint, e, t.at);
      }
      case "tag": {
        if (t.tag === null || t.tag.kind !== "int") return this.unsupported("a tag without a literal tag number", t.at);
        return { kind: "tagged", tag: Number(t.tag.value), of: this.typeOf(t.type, hint) };
      }
      case "major":
        return this.majorOf(t.major, t.ai?.kind === "int" ? Number(t.ai.value) : null, t.at);
      case "unwrap": {
        // where a type is expected, `~` takes a tag off (`~uri` is the text inside tag 32)
        const inner = this.unwrapTarget(t.name.name, t.args);
        if (inner && inner.kind === "tag") return this.typeOf(inner.type, hint);
        return this.unsupported(`unwrapping ${t.name.name} where a type is expected (only a tag unwraps to a type)`, t.at);
      }
      case "any":
        return { kind: "any" };
    }
  }

  private majorOf(major: number, ai: number | null, at: Pos): IRType {
    // `#n.ai` with ai below 24: the argument is ai itself (a value, or a string length)
    if (ai !== null && ai >= 24 && major < 7) return this.unsupported(`#${major}.${ai} (an argument width)`, at);
    switch (major) {
      case 0:
        return ai !== null ? intLiteral(BigInt(ai)) : { kind: "uint", bits: 64 };
      case 1:
        return ai !== null ? intLiteral(-1n - BigInt(ai)) : { kind: "int", max: -1n };
      case 2:
        return ai !== null ? { kind: "bytes", length: { kind: "fixed", bytes: ai } } : PRIMITIVES["bstr"]!;
      case 3:
        return ai !== null ? { kind: "text", length: { kind: "varint", min: ai, max: ai } } : PRIMITIVES["tstr"]!;
      case 7:
        if (ai === 20 || ai === 21) return { kind: "literal", value: { type: "bool", value: ai === 21 } };
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
      // plugs that are types: the choice of them all (prioritized, as any type choice)
      const plugs = this.typeRules.get(name)!.rules.flatMap((lr) => alternativesOf((lr.rule as TypeRule).type));
      return plugs.length === 1 ? this.typeOf(plugs[0]!, hint, top) : this.choiceOf(plugs, hint, at, top);
    }
    if (this.typeRules.has(name)) {
      const entry = this.typeRules.get(name)!;
      const lit = this.literalOf(name);
      if (lit !== undefined) return typeof lit === "bigint" ? intLiteral(lit) : { kind: "literal", value: { type: "text", value: lit } };
      if (entry.rules[0]!.rule.params.length > 0 || args.length > 0) return this.instantiate(name, args, hint, at, top);
      this.ensureDefinition(name);
      return { kind: "ref", name };
    }
    // own keys only: `valueOf` is not a primitive because Object.prototype has it
    const prim = Object.hasOwn(PRIMITIVES, name) ? PRIMITIVES[name] : undefined;
    if (prim) return prim;
    const pre = this.preludeRules.get(name);
    if (pre && pre.kind === "type-rule") return this.typeOf(pre.type, hint);
    if (this.groupRules.has(name)) return this.groupAsSequence(name, at);
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
    if (rule.params.length !== args.length) {
      // an error in the CDDL itself (check-rules reports it): no codec can stand for it
      if (this.current) this.unfixable.add(this.current.rule.name.name);
      return this.unsupported(`${name} with ${args.length} generic arguments for ${rule.params.length} parameters`, at);
    }
    const key = top ? undefined : `${this.current?.rule.name.name ?? ""} ${name}<${args.map((a) => this.shapes.of(a)).join(",")}>`;
    const known = key === undefined ? undefined : this.instances.get(key);
    if (known) return known;
    if (++this.instanceCount > this.limits.maxGenericInstances) {
      return this.bound("cddl/generic-expansion", `generic instantiation goes beyond ${this.limits.maxGenericInstances} instances (maxGenericInstances)`, at);
    }
    const bindings = new Map(rule.params.map((p, i) => [p.name, args[i]!]));
    const substituted = substitute(rule.type, bindings) as Type;
    const type = this.typeOf(substituted, hint, top);
    if (key !== undefined) {
      this.instances.set(key, type);
      this.instanceLog.push(key);
    }
    return type;
  }

  private rangeOf(min: Type2, max: Type2, inclusive: boolean, at: Pos): IRType {
    const flo = this.floatOf(min);
    const fhi = this.floatOf(max);
    if (flo !== undefined && fhi !== undefined) {
      if ((this.intOf(min) === undefined) !== (this.intOf(max) === undefined)) {
        this.report("error", "cddl/mixed-range", "a range needs two integer or two float bounds (RFC 8610 Appendix C), not one of each", at);
        return { kind: "any" };
      }
      if (this.intOf(min) === undefined) return { kind: "float", min: flo, max: fhi, ...(inclusive ? {} : { maxExclusive: true as const }) };
    }
    const lo = this.intOf(min);
    let hi = this.intOf(max);
    if (lo === undefined || hi === undefined) return this.unsupported("a range whose bounds are not numbers", at);
    if (!inclusive) hi -= 1n;
    if (lo < 0n) return { kind: "int", min: lo, max: hi };
    return uintFor(lo, hi);
  }

  /** An integer a type stands for: a literal, a rule naming one, or a parenthesised one. */
  /** A number a type stands for (integer or float literal), or undefined. */
  private floatOf(type: Type | Type1 | Type2): number | undefined {
    // through parentheses and aliases in a loop: an alias chain (or cycle) comes from a draft
    let t = type;
    const seen = new Set<string>();
    for (;;) {
      if (t.kind === "float") return t.value;
      if (t.kind === "paren") {
        t = t.type;
        continue;
      }
      if (t.kind === "ref" && !seen.has(t.name.name)) {
        seen.add(t.name.name);
        const entry = this.typeRules.get(t.name.name);
        if (entry && entry.rules.length === 1 && !t.name.name.startsWith("$")) {
          t = (entry.rules[0]!.rule as TypeRule).type;
          continue;
        }
      }
      const i = this.intOf(t);
      return i === undefined ? undefined : Number(i);
    }
  }

  private intOf(t: Type | Type1 | Type2): bigint | undefined {
    if (t.kind === "int") return t.value;
    if (t.kind === "paren") return this.intOf(t.type);
    if (t.kind === "control" && t.op.name === "plus") {
      // RFC 9165 section 2: the sum of two numeric literals
      const a = this.intOf(t.target);
      const b = this.intOf(t.controller);
      return a !== undefined && b !== undefined ? a + b : undefined;
    }
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
        if (u.kind === "float") {
          const f = this.floatOf(controller);
          if (f === undefined) return this.unsupported(`.${op} with a controller that is not a number`, at);
          return op === "gt" || op === "ge" ? { ...u, min: f, ...(op === "gt" ? { minExclusive: true as const } : {}) } : { ...u, max: f, ...(op === "lt" ? { maxExclusive: true as const } : {}) };
        }
        const v = this.intOf(controller);
        if (v === undefined || (u.kind !== "uint" && u.kind !== "int")) return this.unsupported(`.${op} here`, at);
        const bound = op === "gt" ? v + 1n : op === "lt" ? v - 1n : v;
        if (u.kind === "uint") return op === "gt" || op === "ge" ? { ...u, min: Number(bound) } : { ...u, max: Number(bound) };
        return op === "gt" || op === "ge" ? { ...u, min: bound } : { ...u, max: bound };
      }
      case "default":
      case "ne": {
        const v = this.constOf(controller);
        if (v === undefined) return this.unsupported(`.${op} with a controller that is not one value`, at);
        return this.withCheck(base, { op: "ne", value: v, why: op === "default" ? "default" : "ne" });
      }
      case "eq": {
        const v = this.constOf(controller);
        if (v === undefined) return this.unsupported(".eq with a controller that is not one value", at);
        // the value itself, where the base admits it
        return v.type === "int" ? intLiteral(v.value) : { kind: "literal", value: v };
      }
      case "bits": {
        const part = this.enumPart(controller);
        if (!part || part.open) return this.unsupported(".bits with a controller that is not a set of bit numbers", at);
        const allowed = part.values.flatMap((v) => (v.upTo !== undefined ? Array.from({ length: v.upTo - v.value + 1 }, (_x, i) => v.value + i) : [v.value]));
        if (u.kind !== "uint" && u.kind !== "bytes") return this.unsupported(`.bits on ${u.kind}`, at);
        return this.withCheck(base, { op: "bits", allowed: [...new Set(allowed)].sort((a, b) => a - b) });
      }
      case "cbor":
      case "cborseq": {
        if (u.kind !== "bytes") return this.unsupported(`.${op} on ${u.kind}`, at);
        const inner = this.hoistRef(`${hint}_${op}`, this.typeOf(controller, `${hint}_${op}`), at);
        return this.withCheck(base, { op: "cbor", type: inner, sequence: op === "cborseq" });
      }
      case "within":
      case "and": {
        const c = this.typeOf(controller, `${hint}_${op}`);
        if ((u.kind === "uint" || u.kind === "int") && (c.kind === "uint" || c.kind === "int")) {
          // numbers: the intersection of the two ranges, in the target's JavaScript form
          const lo = maxBig(u.min, c.min);
          const hi = minBig(u.max, c.max);
          if (u.kind === "uint") return { ...u, ...(lo !== undefined ? { min: Number(lo) } : {}), ...(hi !== undefined ? { max: Number(hi) } : {}) };
          return { ...u, ...(lo !== undefined ? { min: BigInt(lo) } : {}), ...(hi !== undefined ? { max: BigInt(hi) } : {}) };
        }
        const other = this.hoistRef(`${hint}_${op}`, c, at);
        if (this.reachesAny(other)) {
          // `$eid .within eid-structure` where the structure says `any`: its values have another JavaScript form
          this.report("note", "cddl/control-not-enforced", `.${op}: ${other.name} holds \`any\`, whose values the codecs keep as CBOR items, so only the target type is checked`, at);
          return base;
        }
        return this.withCheck(base, { op: "also", type: other });
      }
      case "regexp": {
        const pattern = this.constOf(controller);
        if (u.kind !== "text" || pattern?.type !== "text") return this.unsupported(".regexp on something other than text with a text literal pattern", at);
        const re = compileXsdRegexp(pattern.value);
        if (!re.ok) {
          this.report("note", "cddl/control-not-enforced", `.regexp: ${re.message}; the codecs check only that it is text`, at);
          return base;
        }
        return this.withCheck(base, { op: "regexp", pattern: pattern.value });
      }
      case "feature":
        this.report("note", "cddl/feature", `.feature: this type uses the feature ${this.constOf(controller) ? JSON.stringify(describeConstValue(this.constOf(controller)!)) : "named by the controller"}; the codecs check only the target type`, at);
        return base;
      case "plus": {
        // RFC 9165 section 2: a number
        const i = this.intOf({ kind: "control", op: { name: op, at }, target, controller, at });
        if (i !== undefined) return intLiteral(i);
        const a = this.floatOf(target);
        const b = this.floatOf(controller);
        if (a !== undefined && b !== undefined) return { kind: "literal", value: { type: "float", value: a + b } };
        return this.unsupported(".plus of values that are not two numbers", at);
      }
      case "cat":
      case "det": {
        // RFC 9165 section 2: the concatenation of two text or two byte string literals (.det dedents each first)
        const a = this.typeOf(target, hint);
        const b = this.typeOf(controller, hint);
        if (a.kind === "literal" && b.kind === "literal" && a.value.type === b.value.type && (a.value.type === "text" || a.value.type === "bytes")) {
          if (a.value.type === "text" && b.value.type === "text") {
            const [x, y] = op === "det" ? [dedent(a.value.value), dedent(b.value.value)] : [a.value.value, b.value.value];
            return { kind: "literal", value: { type: "text", value: x + y } };
          }
          if (a.value.type === "bytes" && b.value.type === "bytes") return { kind: "literal", value: { type: "bytes", hex: a.value.hex + b.value.hex } };
        }
        return this.unsupported(`.${op} of values that are not two text or two byte string literals`, at);
      }
      default:
        this.report(this.input.lenient ? "warning" : "note", "cddl/control-not-enforced", `.${op} is not enforced by the generated codecs`, at);
        return base;
    }
  }

  private boundsOf(t: Type2): { min: bigint; max: bigint } | undefined {
    const v = this.intOf(t);
    if (v !== undefined) return { min: v, max: v };
    const inner = t.kind === "paren" ? t.type : t;
    if (inner.kind === "control" || (inner.kind === "ref" && !this.literalOf(inner.name.name))) {
      // `.size (uint .le 16)`: the values of an integer type
      const ty = this.typeOf(inner, "size");
      if (ty.kind === "uint" && ty.bits !== 64 || (ty.kind === "uint" && ty.max !== undefined)) return { min: BigInt(ty.min ?? 0), max: BigInt(ty.max ?? 2 ** ty.bits - 1) };
      if (ty.kind === "uint" && ty.bits === 64 && ty.max !== undefined) return { min: BigInt(ty.min ?? 0), max: BigInt(ty.max) };
    }
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
    const options = subsumeLiterals(alternatives.map((a, i) => this.typeOf(a, `${hint}_${i + 1}`)));
    return options.length === 1 ? options[0]! : { kind: "union", options };
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
  /** The right-hand side `~name` unwraps, through parentheses and generic arguments; undefined if not a rule. */
  private unwrapTarget(first: string, firstArgs: readonly Type1[]): Type2 | undefined {
    // an alias chain is followed in a loop (and a cycle stops it): rules come from drafts
    const seen = new Set<string>();
    let [name, args] = [first, firstArgs];
    for (;;) {
      const entry = this.typeRules.get(name);
      const pre = this.preludeRules.get(name);
      if ((!entry && !(pre && pre.kind === "type-rule")) || seen.has(name)) return undefined;
      seen.add(name);
      const rule = (entry ? entry.rules[0]!.rule : pre) as TypeRule;
      let t: Type = args.length > 0 && rule.params.length === args.length ? (substitute(rule.type, new Map(rule.params.map((p, i) => [p.name, args[i]!]))) as Type) : rule.type;
      while (t.kind === "paren") t = t.type;
      if (t.kind === "ref" && t.args.length === 0 && this.typeRules.has(t.name.name)) {
        [name, args] = [t.name.name, []];
        continue;
      }
      return t.kind === "type-choice" || t.kind === "range" || t.kind === "control" ? undefined : t;
    }
  }

  private entriesOf(entries: readonly GroupEntry[]): Array<GroupEntry | { kind: "choices"; choices: GroupEntry[][]; at: Pos }> {
    const out: Array<GroupEntry | { kind: "choices"; choices: GroupEntry[][]; at: Pos }> = [];
    for (const e of entries) {
      if (e.kind === "member" && !e.key && e.type.kind === "unwrap") {
        // `~x` in a group: the entries of the array or map x stands for
        const inner = this.unwrapTarget(e.type.name.name, e.type.args);
        if (inner && (inner.kind === "array" || inner.kind === "map") && inner.group.choices.length === 1) {
          if (e.occurrence) out.push({ kind: "inline-group" as const, occurrence: e.occurrence, group: inner.group, at: e.at });
          else for (const x of this.nested(e.at, [], () => this.entriesOf(inner.group.choices[0]!.entries))) out.push(x);
          continue;
        }
      }
      if (e.kind === "inline-group" && !e.occurrence) {
        if (e.group.choices.length === 1) for (const x of this.nested(e.at, [], () => this.entriesOf(e.group.choices[0]!.entries))) out.push(x);
        else out.push({ kind: "choices", choices: e.group.choices.map((c) => this.groupChoiceEntries(c.entries, e.at)), at: e.at });
        continue;
      }
      // a group socket nobody plugs is the empty group (RFC 8610 section 3.9)
      if (e.kind === "member" && !e.key && e.type.kind === "ref" && e.type.name.name.startsWith("$$") && !this.groupRules.has(e.type.name.name)) continue;
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

  /**
   * Array (and sequence) content, read as RFC 8610 Appendix A reads it: in
   * order, an optional or repeated entry taking the next items while they
   * match it (greedy, no backtracking). A repeated entry or group becomes a
   * `spread` vector whose elements are items of this array itself; an
   * optional one an omittable field the decoder takes when the next item
   * fits it.
   */
  private arrayMembers(entries: ReturnType<CddlLowering["entriesOf"]>, hint: string): IRMember[] {
    const members: IRMember[] = [];
    const names = new Set<string>();
    entries.forEach((e, i) => {
      if (e.kind === "choices") {
        for (const m of this.variantMembers(e.choices, hint, e.at)) members.push(m);
        return;
      }
      const repeated = e.occurrence !== null && e.occurrence.max !== 1n;
      const groupOf = this.groupEntryAsGroup(e);
      if (groupOf) {
        // a group (inline or named) with an occurrence: its items, repeated, inline
        const name = this.uniqueName(groupOf.name ?? `item${i}`, names);
        const flat = this.flattenRepetition(groupOf.entries, e.occurrence);
        if (flat) {
          const of = this.typeOf(flat.entry.type, `${hint}_${name}`);
          members.push({ ...this.field(name, { kind: "vector", of, length: { kind: "count", min: flat.min, max: flat.max } }, e.at), spread: true });
          return;
        }
        // a group's element: a sequence record, whose items stand in this array itself
        // its items may name groups in turn (even this one, inside an array): bounded
        const items = this.nested(e.at, [] as IRMember[], () => this.arrayMembers(this.entriesOf(groupOf.entries), `${hint}_${name}`));
        const element = this.hoist(`${hint}_${name}`, { kind: "record", encoding: "sequence", members: items }, e.at);
        const occ = e.occurrence ?? { min: 1n, max: 1n };
        const [min, max] = [Number(occ.min), occ.max === null ? NO_LIMIT : Number(occ.max)];
        members.push({ ...this.field(name, { kind: "vector", of: element, length: { kind: "count", min, max } }, e.at), spread: true });
        return;
      }
      if (e.kind === "inline-group") {
        members.push(this.field(this.uniqueName(`item${i}`, names), this.unsupported("this group inside an array", e.at), e.at));
        return;
      }
      const name = this.uniqueName(memberName(e, i), names);
      if (repeated) {
        const min = Number(e.occurrence!.min);
        const max = e.occurrence!.max === null ? NO_LIMIT : Number(e.occurrence!.max);
        members.push({ ...this.field(name, { kind: "vector", of: this.typeOf(e.type, `${hint}_${name}`), length: { kind: "count", min, max } }, e.at), spread: true });
        return;
      }
      const omittable = e.occurrence?.min === 0n;
      members.push({ ...this.field(name, this.typeOf(e.type, `${hint}_${name}`), e.at), ...(omittable ? { omittable: true } : {}) });
    });
    this.checkGreedy(members, entries);
    return members;
  }

  /** An entry that stands for a group: an inline group, or a name of a group rule, with an occurrence. */
  private groupEntryAsGroup(e: GroupEntry | { kind: "choices" }): { name?: string; entries: GroupEntry[] } | null {
    if (e.kind === "inline-group" && e.occurrence && e.group.choices.length === 1) return { entries: [...e.group.choices[0]!.entries] };
    if (e.kind === "member" && !e.key && e.occurrence && e.type.kind === "ref") {
      const group = e.type.name.name;
      const g = this.groupRules.get(group);
      if (g && g.rules.length === 1) return { name: group.replace(/^\$+/, ""), entries: this.splice(group, e.at, [], () => this.groupChoiceEntries([(g.rules[0]!.rule as GroupRule).entry], e.at)) };
    }
    return null;
  }

  /** `? (1* ead)`, `(* x)`: a group that is one repeated entry, under an occurrence: that entry with the combined bounds. */
  private flattenRepetition(entries: readonly GroupEntry[], outer: import("../cddl/ast.js").Occurrence | null): { entry: GroupEntry & { kind: "member" }; min: number; max: number } | null {
    const inner = this.entriesOf(entries);
    const only = inner[0];
    if (inner.length !== 1 || !only || only.kind !== "member" || only.key !== null || !only.occurrence || only.occurrence.max === 1n) return null;
    if (this.groupEntryAsGroup({ ...only, occurrence: null }) !== null) return null;
    const oMin = outer?.min ?? 1n;
    const oMax = outer === null ? 1n : outer.max;
    const iMin = only.occurrence.min;
    const iMax = only.occurrence.max;
    const max = oMax === null || iMax === null ? NO_LIMIT : Number(oMax * iMax);
    return { entry: only, min: Number(oMin * iMin), max: Math.min(max, NO_LIMIT) };
  }

  /**
   * Greedy matching never gives back: an optional or repeated entry followed
   * by an entry whose items it would take as well either never matches
   * (`[* int, int]`) or cannot be told from it; both are reported.
   */
  private checkGreedy(members: readonly IRMember[], entries: ReturnType<CddlLowering["entriesOf"]>): void {
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.kind !== "field" || !(m.omittable || m.spread)) continue;
      const next = members[i + 1];
      if (!next || next.kind !== "field") continue;
      const mine = this.itemKinds(m.spread && m.type.kind === "vector" ? m.type.of : m.type);
      const theirs = this.itemKinds(next.spread && next.type.kind === "vector" ? next.type.of : next.type);
      const shared = [...mine].filter((k) => theirs.has(k));
      if (shared.length === 0) continue;
      const at = (entries[i] as { at?: Pos } | undefined)?.at ?? { line: 1, col: 1 };
      const element = m.spread && m.type.kind === "vector" ? m.type.of : m.type;
      const unbounded = m.spread && m.type.kind === "vector" && m.type.length.kind === "count" && m.type.length.max === NO_LIMIT;
      if (unbounded && !next.omittable && !next.spread && irKey(element) === irKey(next.type)) {
        this.report("error", "cddl/never-matches", `${m.name} takes every item that ${next.name} could be, so ${next.name} is never reached and no array matches (RFC 8610 Appendix A: no backtracking)`, at);
      } else {
        this.report(
          "warning",
          "cddl/greedy-overlap",
          `${m.name} and the ${next.name} after it can both start with ${shared.join(" or ")}: a decoder gives an item to ${m.name} whenever it matches ${m.name} (RFC 8610 Appendix A), and the encoders refuse values that would decode differently`,
          at,
        );
      }
    }
  }

  /** The CBOR major types an item of `t` can be, through references (a coarse view for greedy checks). */
  private itemKinds(t: IRType): Set<string> {
    const seen = new Set<string>();
    const out = new Set<string>();
    const stack = [t];
    while (stack.length > 0) {
      const x = stack.pop()!;
      switch (x.kind) {
        case "ref": {
          if (seen.has(x.name)) break;
          seen.add(x.name);
          const d = this.byName.get(x.name);
          if (d) stack.push(d.type);
          else ["uint", "nint", "bytes", "text", "array", "map", "tag", "simple", "float"].forEach((k) => out.add(k));
          break;
        }
        case "union":
          for (const o of x.options) stack.push(o);
          break;
        case "optional":
          out.add("simple");
          stack.push(x.of);
          break;
        case "literal":
          out.add(x.value.type === "bool" ? "simple" : x.value.type);
          break;
        case "uint":
        case "enum":
          out.add("uint");
          break;
        case "int":
          out.add("uint").add("nint");
          break;
        case "bytes":
        case "text":
        case "float":
          out.add(x.kind);
          break;
        case "bool":
        case "null":
          out.add("simple");
          break;
        case "vector":
          out.add("array");
          break;
        case "map":
          out.add("map");
          break;
        case "record":
          if (x.encoding === "map") out.add("map");
          else if (x.encoding === "sequence" || x.members.length === 0) ["uint", "nint", "bytes", "text", "array", "map", "tag", "simple", "float"].forEach((k) => out.add(k));
          else out.add("array");
          break;
        case "tagged":
          out.add("tag");
          break;
        case "any":
          ["uint", "nint", "bytes", "text", "array", "map", "tag", "simple", "float"].forEach((k) => out.add(k));
          break;
      }
    }
    return out;
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
    const choices: RecordChoice[] = [];
    let rest: { name: string; key: IRType; value: IRType; pairs?: { key: IRType; value: IRType }[] } | undefined;
    type Added = { fields: string[]; required: string[] };
    const none = (): Added => ({ fields: [], required: [] });
    const join = (a: Added, b: Added): Added => ({ fields: [...a.fields, ...b.fields], required: [...a.required, ...b.required] });
    const setRest = (key: Type1, value: Type, name: string, at: Pos) => {
      const pair = { key: this.typeOf(key, `${hint}_key`), value: this.typeOf(value, `${hint}_value`) };
      if (!rest) {
        rest = { name: this.uniqueName(name, names), ...pair };
        return;
      }
      // a second `* K => V`: the entries pair each key type with its value type
      const pairs = [...(rest.pairs ?? [{ key: rest.key, value: rest.value }]), pair];
      const flat = (ts: IRType[]) => ts.flatMap((t) => (t.kind === "union" ? t.options : [t]));
      rest = { name: rest.name, key: { kind: "union", options: flat(pairs.map((p) => p.key)) }, value: { kind: "union", options: flat(pairs.map((p) => p.value)) }, pairs };
      void at;
    };
    /** A group choice in a map: its options' fields are omittable fields, and at most one option may be present. */
    const addChoice = (options: readonly GroupEntry[][], optional: boolean): Added => {
      const added = options.map((o) => addEntries(o, true));
      choices.push({ options: added.map((a) => ({ fields: a.fields, required: a.required })), optional });
      return { fields: added.flatMap((a) => a.fields), required: [] };
    };
    const addEntries = (entries: readonly GroupEntry[], forceOptional: boolean): Added => entries.reduce((acc, e) => join(acc, addEntry(e, forceOptional)), none());
    const addEntry = (e: GroupEntry, forceOptional: boolean): Added => {
      const optional = forceOptional || e.occurrence?.min === 0n;
      const repeated = e.occurrence !== null && e.occurrence.max !== 1n;
      if (e.kind === "inline-group") {
        if (repeated) {
          this.unsupported("a repeated group inside a map", e.at);
          return none();
        }
        const options = e.group.choices.map((c) => this.groupChoiceEntries(c.entries, e.at));
        // `? (lat: float, lon: float)`: both or neither, a choice of one option
        if (options.length === 1 && e.occurrence?.min === 0n && options[0]!.length > 1) return addChoice(options, true);
        return options.length === 1 ? addEntries(options[0]!, optional) : addChoice(options, e.occurrence?.min === 0n);
      }
      const key = this.keyOf(e);
      if (key && !repeated) {
        const name = this.uniqueName(key.name, names);
        members.push({ ...this.field(name, this.typeOf(e.type, `${hint}_${name}`), e.at, key.value), ...(optional ? { omittable: true } : {}) });
        return { fields: [name], required: e.occurrence?.min === 0n ? [] : [name] };
      }
      if (e.key?.kind === "type-key" && repeated) {
        setRest(e.key.type, e.type, "rest", e.at);
        return none();
      }
      // a group by name: spliced, a choice (`//=`), or a socket of plugs
      if (!e.key && e.type.kind === "ref") {
        const gname = e.type.name.name;
        const g = this.groupRules.get(gname);
        if (!g) {
          if (gname.startsWith("$$")) {
            this.report("note", "cddl/empty-socket", `${gname} has no plugs in this document; its entries are taken by the rest of the map`, e.at);
            return none();
          }
          this.unsupported(`the group ${gname} inside a map`, e.at);
          return none();
        }
        // spliced in: bounded, and a group that contains itself is reported
        return this.splice(gname, e.at, none(), () => {
          const options = g.rules.map((lr) => this.groupChoiceEntries([(lr.rule as GroupRule).entry], e.at));
          // `* any-attribute`: its `key => value` entries are the map's rest
          const spliceOne = (inner: readonly GroupEntry[]): Added =>
            inner.reduce((acc, ie) => {
              if (ie.kind === "member" && ie.key?.kind === "type-key" && !this.keyOf(ie) && (repeated || (ie.occurrence !== null && ie.occurrence.max !== 1n))) {
                setRest(ie.key.type, ie.type, gname, ie.at);
                return acc;
              }
              return join(acc, addEntry(ie, optional || repeated));
            }, none());
          if (options.length === 1 || gname.startsWith("$$")) return options.reduce((acc, o) => join(acc, spliceOne(o)), none());
          return addChoice(options, optional || repeated);
        });
      }
      this.unsupported("this map entry", e.at);
      return none();
    };
    for (const e of entries) {
      if (e.kind === "choices") addChoice(e.choices, false);
      else addEntry(e, false);
    }
    return { kind: "record", encoding: "map", members, ...(rest ? { rest } : {}), ...(choices.length > 0 ? { choices } : {}) };
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
      // `&(title: -1) =>`: one named value, negative keys included (RFC 9290)
      const only = t.group.choices.length === 1 ? t.group.choices[0]!.entries : [];
      const m = only[0];
      if (only.length === 1 && m && m.kind === "member" && m.key?.kind === "bareword-key") {
        const v = this.intOf(m.type);
        if (v !== undefined) return { name: m.key.name.name, value: Number(v) };
      }
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

/**
 * `$role /= tag-creator / ... / int / text`: named integers beside `int`
 * (text literals beside `tstr`) add no values, and would give one CDDL
 * type two JavaScript types (1 a number, 7 a bigint): the general option
 * takes them.
 */
function subsumeLiterals(options: readonly IRType[]): IRType[] {
  const generalInt = options.some((o) => (o.kind === "int" && o.min === undefined && o.max === undefined) || (o.kind === "uint" && o.bits === 64 && o.min === undefined && o.max === undefined));
  const generalText = options.some((o) => o.kind === "text" && o.length.kind === "varint" && o.length.min === 0 && o.length.max >= VARINT_MAX);
  const out = options.filter((o) => {
    if (generalInt && (o.kind === "uint" || o.kind === "int") && o.max !== undefined && (o.min ?? 0) === o.max) return false;
    if (generalInt && o.kind === "enum" && !o.open) return false;
    if (generalText && o.kind === "literal" && o.value.type === "text") return false;
    return true;
  });
  return out.length > 0 ? out : [...options];
}

/** RFC 9165 .det: each line loses the leading blanks that all its non-blank lines share. */
function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length > 0 ? indents.reduce((m, x) => Math.min(m, x), Infinity) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length))).join("\n");
}

/** An integer literal: a uint or int whose one value is it. */
function intLiteral(v: bigint): IRType {
  return v < 0n ? { kind: "int", min: v, max: v } : uintFor(v, v);
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

function describeConstValue(c: ConstValue): string {
  return c.type === "bytes" ? `h'${c.hex}'` : String(c.value);
}

function maxBig(a: number | bigint | undefined, b: number | bigint | undefined): bigint | undefined {
  if (a === undefined) return b === undefined ? undefined : BigInt(b);
  if (b === undefined) return BigInt(a);
  return BigInt(a) > BigInt(b) ? BigInt(a) : BigInt(b);
}

function minBig(a: number | bigint | undefined, b: number | bigint | undefined): bigint | undefined {
  if (a === undefined) return b === undefined ? undefined : BigInt(b);
  if (b === undefined) return BigInt(a);
  return BigInt(a) < BigInt(b) ? BigInt(a) : BigInt(b);
}
