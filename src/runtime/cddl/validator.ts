/**
 * The core of the validator: matchType() over every kind of CDDL type,
 * type choices, names, enumerations and unwrapping, plus the work budget.
 * Arrays, maps and controls have their own files and get this object as
 * their Matcher.
 */
import type { GroupEntry, Type } from "./ast.js";
import type { CborItem } from "../index.js";
import { cddlText, cut, describeItem, printType } from "./describe.js";
import { matchArray, matchArrayGroup } from "./match-array.js";
import { matchControl } from "./match-control.js";
import { matchMap } from "./match-map.js";
import { matchMajor, matchRange, matchTag, matchValue } from "./match-scalar.js";
import {
  cddlFail,
  failLazy,
  OK,
  type Alt,
  type Choice,
  type CompileRegexp,
  type Constant,
  type EntryShape,
  type Env,
  type Fail,
  type Matcher,
  type Outcome,
  type ResolvedType,
} from "./matcher.js";
import type { CddlLocation, Mismatch, MismatchSeverity } from "./mismatch.js";
import { fastPredicate, type Predicate } from "./fast-path.js";
import { Resolver } from "./resolve.js";
import type { RuleSet } from "./rule-set.js";

export interface Limits {
  /** Units of work (type matches, group steps) before giving up; default 1,000,000. */
  readonly maxSteps: number;
  /** Nesting of type matches (containers and names) before giving up; default 256. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: Limits = { maxSteps: 1_000_000, maxDepth: 256 };

/** Thrown when the budget is spent; validate() turns it into one mismatch. */
export class BudgetExhausted extends Error {
  constructor(
    readonly why: string,
    readonly path: string,
  ) {
    super(why);
  }
}

export class Validator implements Matcher {
  private readonly resolver: Resolver;
  private steps = 0;
  private depth = 0;
  private readonly offsets: Map<CborItem, number>;
  /** Names being matched against one item right now (a stack): finds cycles that consume nothing. */
  private readonly chain: string[] = [];
  private chainItem: CborItem | undefined;
  private chainStart = 0;
  private readonly resolved = new WeakMap<object, WeakMap<Env, ResolvedType>>();
  private readonly fast = new WeakMap<ResolvedType, Predicate | null>();

  constructor(
    readonly schema: RuleSet,
    offsets: ReadonlyMap<CborItem, number> | undefined,
    private readonly limits: Limits,
    readonly compileRegexp: CompileRegexp | undefined,
  ) {
    this.resolver = new Resolver(schema);
    this.offsets = new Map(offsets ?? []);
  }

  get stepsTaken(): number {
    return this.steps;
  }

  step(): void {
    if (++this.steps > this.limits.maxSteps) throw new BudgetExhausted(`validation budget exhausted: more than ${this.limits.maxSteps} steps`, "");
  }

  offsetOf(item: CborItem): number | undefined {
    return this.offsets.get(item);
  }

  addOffsets(offsets: ReadonlyMap<CborItem, number>): void {
    for (const [k, v] of offsets) this.offsets.set(k, v);
  }

  mismatch(path: string, item: CborItem | undefined, message: string, cddl: CddlLocation, severity: MismatchSeverity = "error"): Mismatch {
    const offset = item === undefined ? undefined : this.offsets.get(item);
    return offset === undefined ? { path, message, cddl, severity } : { path, offset, message, cddl, severity };
  }

  choicesOf(group: { readonly choices: readonly { readonly entries: readonly GroupEntry[] }[] }, env: Env): readonly Choice[] {
    return this.resolver.choicesOf(group, env);
  }

  shapeOf(entry: GroupEntry, env: Env): EntryShape {
    return this.resolver.shapeOf(entry, env);
  }

  constantOf(node: Type, env: Env): Constant | undefined {
    return this.resolver.constantOf(node, env);
  }

  /** resolveType, cached per reference and environment. */
  private resolveRef(node: Extract<Type, { kind: "ref" }>, env: Env): ResolvedType {
    let byEnv = this.resolved.get(node);
    if (!byEnv) this.resolved.set(node, (byEnv = new WeakMap()));
    let r = byEnv.get(env);
    if (!r) byEnv.set(env, (r = this.resolver.resolveType(node.name.name, node.args, env, node)));
    return r;
  }

  private fastOf(r: ResolvedType): Predicate | null {
    let p = this.fast.get(r);
    if (p === undefined) this.fast.set(r, (p = fastPredicate(r, (node, env) => this.resolveRef(node, env))));
    return p;
  }

  /** Entry point: `item` against rule `name` (which must exist). */
  matchRule(name: string, item: CborItem, path: string): Outcome {
    const rule = this.schema.rules.get(name)!;
    const at = rule.parts[0]!.rule.name.at;
    const env: Env = { locate: rule.locate, bindings: new Map(), prelude: false };
    if (rule.kind === "group") {
      // A group validated on its own is matched as the content of an array.
      const choices = this.resolver.resolveGroup(name, [], env, { at });
      if (typeof choices === "string") return failLazy(0, () => this.mismatch(path, item, choices, rule.loc));
      return matchArrayGroup(this, choices ?? [], rule.loc, item, path);
    }
    // The rule itself, not a reference to it: its failures are reported where they happen.
    const r = this.resolver.resolveType(name, [], env, { at });
    if (r.kind !== "type") return failLazy(0, () => this.mismatch(path, item, r.kind === "error" ? r.message : `${name} is not a type`, rule.loc));
    if (rule.parts.length === 1 && r.alts.length > 0) {
      const whole = rule.parts[0]!.rule;
      if (whole.kind === "type-rule") return this.matchType(whole.type, r.alts[0]!.env, item, path);
    }
    return this.matchAlternatives(
      r.alts,
      item,
      path,
      () => rule.loc,
      () => name,
    );
  }

  matchType(node: Type, env: Env, item: CborItem, path: string): Outcome {
    this.step();
    if (++this.depth > this.limits.maxDepth) {
      this.depth--;
      throw new BudgetExhausted(`validation budget exhausted: nested deeper than ${this.limits.maxDepth} levels`, path);
    }
    try {
      return this.dispatch(node, env, item, path);
    } finally {
      this.depth--;
    }
  }

  private dispatch(node: Type, env: Env, item: CborItem, path: string): Outcome {
    switch (node.kind) {
      case "type-choice":
        return this.matchAlternatives(
          node.alternatives.map((a) => ({ node: a, env })),
          item,
          path,
          () => env.locate(node.at),
          () => cddlText(node, 80),
        );
      case "range":
        return matchRange(this, node, env, item, path);
      case "control":
        return matchControl(this, node, env, item, path);
      case "int":
      case "float":
      case "text":
      case "bytes":
        return matchValue(this, node, env, item, path);
      case "ref":
        return this.matchRef(node, env, item, path);
      case "paren":
        return this.matchType(node.type, env, item, path);
      case "map":
        return matchMap(this, node, env, item, path);
      case "array":
        return matchArray(this, node, env, item, path);
      case "unwrap": {
        const u = this.resolver.resolveUnwrap(node.name.name, node.args, env, node);
        if (typeof u === "string") return failLazy(0, () => this.mismatch(path, item, u, env.locate(node.at)));
        if (u.node.kind === "tag") return this.matchType(u.node.type, u.env, item, path);
        return failLazy(0, () => this.mismatch(path, item, `~${node.name.name} unwraps a group; it can only be used inside [ ] or { }`, env.locate(node.at)));
      }
      case "choice-of-group":
        return this.matchEnumeration(this.resolver.choicesOf(node.group, env), node, env, item, path);
      case "choice-of-ref": {
        const g = this.resolver.resolveGroup(node.name.name, node.args, env, node);
        if (typeof g === "string" || g === undefined) {
          return failLazy(0, () =>
            this.mismatch(path, item, typeof g === "string" ? g : `&${node.name.name}: ${node.name.name} is not a group`, env.locate(node.at)),
          );
        }
        return this.matchEnumeration(g, node, env, item, path);
      }
      case "tag":
        return matchTag(this, node, env, item, path);
      case "major":
        return matchMajor(this, node, env, item, path);
      case "any":
        return OK;
    }
  }

  /**
   * A name in type position. A kind mismatch (progress 0) is reported at
   * the reference as "expected Name", and so is anything that fails inside
   * the prelude at the same item; a named literal says its value.
   */
  private matchRef(node: Extract<Type, { kind: "ref" }>, env: Env, item: CborItem, path: string): Outcome {
    const name = node.name.name;
    const r = this.resolveRef(node, env);
    switch (r.kind) {
      case "undefined":
        return cddlFail(this.mismatch(path, item, `${name} is not defined`, env.locate(node.at)));
      case "empty-socket":
        return failLazy(0, () =>
          this.mismatch(
            path,
            item,
            `got ${describeItem(item)}, but the socket ${name} has no definitions (nothing is added to it with /=)`,
            env.locate(node.at),
          ),
        );
      case "group":
        return cddlFail(this.mismatch(path, item, `${name} is a group, not a type; it can only be used inside [ ] or { }`, env.locate(node.at)));
      case "error":
        return cddlFail(this.mismatch(path, item, r.message, env.locate(node.at)));
    }
    const fast = this.fastOf(r);
    if (fast && fast(item)) return OK;
    const prevItem = this.chainItem;
    const prevStart = this.chainStart;
    const prevLength = this.chain.length;
    if (item !== prevItem) {
      this.chainItem = item;
      this.chainStart = prevLength;
    } else {
      for (let i = this.chainStart; i < prevLength; i++) {
        if (this.chain[i] === name)
          return cddlFail(this.mismatch(path, item, `${name} refers to itself without going into the item (a cycle)`, env.locate(node.at)));
      }
    }
    this.chain.push(name);
    let out: Outcome;
    try {
      out =
        r.alts.length === 1
          ? this.matchType(r.alts[0]!.node, r.alts[0]!.env, item, path)
          : this.matchAlternatives(
              r.alts,
              item,
              path,
              () => env.locate(node.at),
              () => name,
            );
    } finally {
      this.chain.length = prevLength;
      this.chainItem = prevItem;
      this.chainStart = prevStart;
    }
    if (out.ok || r.bound || out.cddlError) return out;
    if (out.progress === 0 || (r.prelude && out.progress < 2)) {
      return failLazy(out.progress, () => this.mismatch(path, item, `expected ${printType(node)}, got ${describeItem(item)}`, env.locate(node.at)));
    }
    if (r.literal && out.progress < 2 && r.alts.length === 1) {
      return failLazy(out.progress, () =>
        this.mismatch(path, item, `expected ${printType(node)} (${cddlText(r.alts[0]!.node)}), got ${describeItem(item)}`, env.locate(node.at)),
      );
    }
    return out;
  }

  /**
   * A choice: the first alternative that matches wins. Otherwise the
   * reasons of the alternative that got furthest, or, when several got
   * equally far without going inside the item, one summary.
   */
  matchAlternatives(alts: readonly Alt[], item: CborItem, path: string, at: () => CddlLocation, describe: () => string): Outcome {
    const fails: Fail[] = [];
    for (const alt of alts) {
      const o = this.matchType(alt.node, alt.env, item, path);
      if (o.ok) return o;
      fails.push(o);
    }
    if (fails.length === 0) return failLazy(0, () => this.mismatch(path, item, `got ${describeItem(item)}, but ${describe()} has no alternatives`, at()));
    let best = fails[0]!;
    for (const f of fails) if (f.progress > best.progress) best = f;
    const tied = fails.filter((f) => f.progress === best.progress);
    if (best.progress >= 2 || tied.length === 1) return best;
    return failLazy(best.progress, () => this.mismatch(path, item, `${describeItem(item)} matches none of ${cut(describe(), 100)}`, at()));
  }

  /** `&(group)` and `&name`: a choice of the values of the group's members. */
  private matchEnumeration(choices: readonly Choice[], node: Type, env: Env, item: CborItem, path: string): Outcome {
    const alts: Alt[] = [];
    this.collectValues(choices, alts, 0);
    return this.matchAlternatives(
      alts,
      item,
      path,
      () => env.locate(node.at),
      () => cddlText(node, 80),
    );
  }

  private collectValues(choices: readonly Choice[], into: Alt[], depth: number): void {
    if (depth > 32) return;
    for (const c of choices) {
      for (const entry of c.entries) {
        this.step();
        const shape = this.resolver.shapeOf(entry, c.env);
        if (shape.kind === "group") this.collectValues(shape.choices, into, depth + 1);
        else if (shape.kind === "member") into.push({ node: shape.type, env: shape.env });
      }
    }
  }
}
