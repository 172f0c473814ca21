/**
 * Names -> what they stand for: rules (with their `/=` and `//=` parts),
 * generic parameters bound to arguments, sockets, the prelude. Environments
 * are cached per (rule part, reference, caller), so a rule reached the same
 * way twice gets the same Env and memoization keyed by Env works.
 */
import type { GroupEntry, Pos, Type } from "./ast.js";
import type { Alt, Bound, Choice, Constant, EntryShape, Env, ResolvedType } from "./matcher.js";
import { literalConstant } from "./match-scalar.js";
import type { RulePart, RuleSet, SchemaRule } from "./rule-set.js";

const NO_BINDINGS: ReadonlyMap<string, Bound> = new Map();
/** How many type rules `a = b` are followed to find that a name stands for a group or a constant. */
const MAX_ALIAS_DEPTH = 32;

export class Resolver {
  private readonly staticEnvs = new WeakMap<RulePart, Env>();
  private readonly boundEnvs = new WeakMap<RulePart, WeakMap<object, WeakMap<Env, Env>>>();
  private readonly shapes = new WeakMap<GroupEntry, WeakMap<Env, EntryShape>>();

  constructor(readonly schema: RuleSet) {}

  /**
   * The environment a rule part is evaluated in when `ref` (written in
   * `caller`, with `args`) names it; a string says why it cannot be.
   */
  partEnv(rule: SchemaRule, part: RulePart, args: readonly Type[], caller: Env, ref: { readonly at: Pos }): Env | string {
    const params = part.rule.params.length > 0 || part.rule.assign === "=" ? part.rule.params.map((p) => p.name) : rule.params;
    if (params.length !== args.length) {
      return params.length === 0
        ? `${rule.name} takes no generic arguments, but ${args.length} are given`
        : `${rule.name}<${params.join(", ")}> needs ${params.length} generic argument${params.length === 1 ? "" : "s"}, but ${args.length} ${args.length === 1 ? "is" : "are"} given`;
    }
    if (params.length === 0 && !rule.prelude) {
      let env = this.staticEnvs.get(part);
      if (!env) {
        env = { locate: part.locate, bindings: NO_BINDINGS, prelude: false };
        this.staticEnvs.set(part, env);
      }
      return env;
    }
    let byRef = this.boundEnvs.get(part);
    if (!byRef) this.boundEnvs.set(part, (byRef = new WeakMap()));
    let byCaller = byRef.get(ref);
    if (!byCaller) byRef.set(ref, (byCaller = new WeakMap()));
    let env = byCaller.get(caller);
    if (!env) {
      const bindings = new Map<string, Bound>();
      params.forEach((p, i) => bindings.set(p, { type: args[i]!, env: caller }));
      // The prelude is opaque: whatever fails inside it is reported at the reference.
      const site = caller.locate(ref.at);
      env = { locate: rule.prelude ? () => site : part.locate, bindings, prelude: rule.prelude };
      byCaller.set(caller, env);
    }
    return env;
  }

  resolveType(name: string, args: readonly Type[], env: Env, ref: { readonly at: Pos }): ResolvedType {
    const bound = env.bindings.get(name);
    if (bound) {
      if (args.length > 0) return { kind: "error", message: `generic parameter ${name} takes no arguments` };
      return { kind: "type", alts: flatten(bound.type, bound.env), prelude: false, literal: false, bound: true };
    }
    const rule = this.schema.rules.get(name);
    if (!rule) return name.startsWith("$") ? { kind: "empty-socket" } : { kind: "undefined" };
    if (rule.kind === "group") return { kind: "group" };
    const alts: Alt[] = [];
    for (const part of rule.parts) {
      if (part.rule.kind !== "type-rule") continue;
      const penv = this.partEnv(rule, part, args, env, ref);
      if (typeof penv === "string") return { kind: "error", message: penv };
      alts.push(...flatten(part.rule.type, penv));
    }
    const first = rule.parts[0]?.rule;
    return {
      kind: "type",
      alts,
      prelude: rule.prelude,
      literal: rule.parts.length === 1 && first?.kind === "type-rule" && isLiteral(first.type),
      bound: false,
    };
  }

  /** The choices of a group a name stands for, or undefined when it names no group. */
  resolveGroup(name: string, args: readonly Type[], env: Env, ref: { readonly at: Pos }, depth = 0): Choice[] | string | undefined {
    const bound = env.bindings.get(name);
    if (bound) {
      const t = stripParens(bound.type);
      return t.kind === "ref" && depth < MAX_ALIAS_DEPTH ? this.resolveGroup(t.name.name, t.args, bound.env, t, depth + 1) : undefined;
    }
    const rule = this.schema.rules.get(name);
    if (!rule) return name.startsWith("$$") ? [{ entries: [], env }] : undefined;
    if (rule.kind === "group") {
      const choices: Choice[] = [];
      for (const part of rule.parts) {
        if (part.rule.kind !== "group-rule") continue;
        const penv = this.partEnv(rule, part, args, env, ref);
        if (typeof penv === "string") return penv;
        const entry = part.rule.entry;
        if (entry.kind === "inline-group" && entry.occurrence === null) choices.push(...this.choicesOf(entry.group, penv));
        else choices.push({ entries: [entry], env: penv });
      }
      return choices;
    }
    const only = rule.parts.length === 1 ? rule.parts[0] : undefined;
    if (!only || only.rule.kind !== "type-rule" || depth >= MAX_ALIAS_DEPTH) return undefined;
    const t = stripParens(only.rule.type);
    if (t.kind !== "ref") return undefined;
    const penv = this.partEnv(rule, only, args, env, ref);
    if (typeof penv === "string") return undefined;
    return this.resolveGroup(t.name.name, t.args, penv, t, depth + 1);
  }

  /** What `~name` unwraps: the single type a name finally stands for (an array, a map or a tag). */
  resolveUnwrap(name: string, args: readonly Type[], env: Env, ref: { readonly at: Pos }, depth = 0): Alt | string {
    const r = this.resolveType(name, args, env, ref);
    if (r.kind === "error") return r.message;
    if (r.kind !== "type") return `~${name}: ${name} is ${r.kind === "group" ? "a group, not a type" : "not defined"}`;
    if (r.alts.length !== 1) return `~${name}: ${name} is a choice of types; only an array, map or tag can be unwrapped`;
    const alt = r.alts[0]!;
    const t = stripParens(alt.node);
    if (t.kind === "ref" && depth < MAX_ALIAS_DEPTH) return this.resolveUnwrap(t.name.name, t.args, alt.env, t, depth + 1);
    if (t.kind === "array" || t.kind === "map" || t.kind === "tag") return { node: t, env: alt.env };
    return `~${name}: only an array, map or tag can be unwrapped`;
  }

  choicesOf(group: { readonly choices: readonly { readonly entries: readonly GroupEntry[] }[] }, env: Env): Choice[] {
    return group.choices.map((c) => ({ entries: c.entries, env }));
  }

  shapeOf(entry: GroupEntry, env: Env): EntryShape {
    let byEnv = this.shapes.get(entry);
    if (!byEnv) this.shapes.set(entry, (byEnv = new WeakMap()));
    let shape = byEnv.get(env);
    if (!shape) {
      shape = this.computeShape(entry, env);
      byEnv.set(env, shape);
    }
    return shape;
  }

  private computeShape(entry: GroupEntry, env: Env): EntryShape {
    const at = env.locate(entry.at);
    if (entry.kind === "inline-group") return { kind: "group", choices: this.choicesOf(entry.group, env), at };
    const member = { kind: "member" as const, member: entry, type: entry.type, env };
    if (entry.key !== null) return member;
    const t = stripParens(entry.type);
    if (t.kind === "ref") {
      const g = this.resolveGroup(t.name.name, t.args, env, t);
      if (typeof g === "string") return { kind: "error", message: g, at };
      if (g) return { kind: "group", choices: g, at };
    }
    if (t.kind === "unwrap") {
      const u = this.resolveUnwrap(t.name.name, t.args, env, t);
      if (typeof u === "string") return { kind: "error", message: u, at };
      if (u.node.kind === "array" || u.node.kind === "map") return { kind: "group", choices: this.choicesOf(u.node.group, u.env), at };
      if (u.node.kind === "tag") return { kind: "member", member: entry, type: u.node.type, env: u.env };
    }
    return member;
  }

  /** The constant a node stands for, following names, parentheses and `.cat` / `.det` / `.plus`. */
  constantOf(node: Type, env: Env, depth = 0): Constant | undefined {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    switch (node.kind) {
      case "int":
      case "float":
      case "text":
      case "bytes":
        return literalConstant(node);
      case "paren":
        return this.constantOf(node.type, env, depth + 1);
      case "ref": {
        const bound = env.bindings.get(node.name.name);
        if (bound) return this.constantOf(bound.type, bound.env, depth + 1);
        const r = this.resolveType(node.name.name, node.args, env, node);
        if (r.kind !== "type" || r.alts.length !== 1) return undefined;
        return this.constantOf(r.alts[0]!.node, r.alts[0]!.env, depth + 1);
      }
      case "control": {
        const op = node.op.name;
        if (op !== "cat" && op !== "det" && op !== "plus") return undefined;
        const a = this.constantOf(node.target, env, depth + 1);
        const b = this.constantOf(node.controller, env, depth + 1);
        return a && b ? combineConstants(op, a, b) : undefined;
      }
      default:
        return undefined;
    }
  }
}

export function stripParens(t: Type): Type {
  while (t.kind === "paren") t = t.type;
  return t;
}

function flatten(type: Type, env: Env): Alt[] {
  return type.kind === "type-choice" ? type.alternatives.map((node) => ({ node, env })) : [{ node: type, env }];
}

function isLiteral(t: Type): boolean {
  const s = stripParens(t);
  return s.kind === "int" || s.kind === "float" || s.kind === "text" || s.kind === "bytes";
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: false });

/** RFC 9165: `.plus` adds numbers, `.cat` concatenates strings, `.det` dedents both and concatenates. */
export function combineConstants(op: "cat" | "det" | "plus", a: Constant, b: Constant): Constant | undefined {
  if (op === "plus") {
    if (a.kind === "int" && b.kind === "int") return { kind: "int", value: a.value + b.value };
    if ((a.kind === "int" || a.kind === "float") && (b.kind === "int" || b.kind === "float")) {
      if (a.kind === "int") return undefined; // an integer target needs an integer controller
      return { kind: "float", value: a.value + Number(b.value) };
    }
    return undefined;
  }
  const text = (c: Constant): string | undefined => (c.kind === "text" ? c.value : c.kind === "bytes" ? fromUtf8.decode(c.value) : undefined);
  const bytes = (c: Constant): Uint8Array | undefined => (c.kind === "bytes" ? c.value : c.kind === "text" ? utf8.encode(c.value) : undefined);
  if (a.kind === "text") {
    const l = a.value;
    const r = text(b);
    if (r === undefined) return undefined;
    return { kind: "text", value: op === "det" ? dedent(l) + dedent(r) : l + r };
  }
  if (a.kind === "bytes") {
    const r = bytes(b);
    if (r === undefined) return undefined;
    if (op === "det") {
      const joined = dedent(fromUtf8.decode(a.value)) + dedent(fromUtf8.decode(r));
      return { kind: "bytes", value: utf8.encode(joined) };
    }
    const out = new Uint8Array(a.value.length + r.length);
    out.set(a.value, 0);
    out.set(r, a.value.length);
    return { kind: "bytes", value: out };
  }
  return undefined;
}

/** Remove the blanks every non-blank line starts with (RFC 9165 section 2.2). */
export function dedent(s: string): string {
  const lines = s.split("\n");
  let common = Infinity;
  for (const line of lines) {
    if (line.trim() === "") continue;
    common = Math.min(common, line.length - line.trimStart().length);
  }
  if (!Number.isFinite(common) || common === 0) return s;
  return lines.map((l) => l.slice(Math.min(common, l.length - l.trimStart().length))).join("\n");
}
