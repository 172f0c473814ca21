/**
 * Arrays: the items against the group, entries in order with occurrence
 * indicators, nested groups and group choices. Instead of backtracking
 * over greedy matches, the matcher computes, for each (entry, position),
 * the set of positions where matching can end, memoized: an array of n
 * items costs at most entries x n matches of single items, whatever the
 * ambiguity, and the budget bounds the rest.
 *
 * When nothing reaches the end of the array, the explanation is the
 * failure that got furthest into the array (the usual rule for parsers):
 * an item of the wrong type, a missing element, or extra elements.
 */
import type { ArrayType, GroupEntry, Member } from "../cddl/ast.js";
import type { SourceLoc } from "../diagnostics/index.js";
import type { CborItem } from "../runtime/index.js";
import { cut, describeItem, printEntry } from "./describe.js";
import { fail, failLazy, failLazyMany, type Choice, type Env, type Fail, type Matcher, type Outcome } from "./matcher.js";
import type { Mismatch } from "./mismatch.js";
import { nested } from "./match-scalar.js";

/** End position -> the notes of one way to get there. */
type Ends = Map<number, readonly Mismatch[]>;

const NONE: readonly Mismatch[] = Object.freeze([]) as readonly Mismatch[];
/** No way to end (shared; never modified). */
const NO_ENDS: Ends = new Map();

export function matchArray(m: Matcher, node: ArrayType, env: Env, item: CborItem, path: string): Outcome {
  return matchArrayGroup(m, m.choicesOf(node.group, env), env.locate(node.at), item, path);
}

/** An array item against the choices of a group; `at` locates the array type. */
export function matchArrayGroup(m: Matcher, choices: readonly Choice[], at: SourceLoc, item: CborItem, path: string): Outcome {
  if (item.type !== "array") return failLazy(0, () => m.mismatch(path, item, `expected an array, got ${describeItem(item)}`, at));
  const first = new ArrayMatch(m, item.items, path, NOTHING_FORCED).run(choices, at, item);
  if (first.ok) return first;
  if (!first.recover) return first.fail;
  // More errors after the first: count the failed element as matched and look again (at most
  // MAX_RECOVERIES times). Done only when the errors are read, i.e. when this array is reported.
  const recoverFrom = first.recover;
  return failLazyMany(first.fail.progress, () => {
    const errors = [...first.fail.errors];
    const forced = new Forced();
    let recover: Recovery | undefined = recoverFrom;
    for (let round = 0; recover && round < MAX_RECOVERIES; round++) {
      forced.add(recover);
      const again = new ArrayMatch(m, item.items, path, forced).run(choices, at, item);
      if (again.ok) break;
      errors.push(...again.fail.errors);
      recover = again.recover;
    }
    return errors;
  });
}

/** How many further element errors an array reports after its first. */
const MAX_RECOVERIES = 20;

/** An element that failed a member that must occur exactly once: recovery counts it as matched. */
interface Recovery {
  readonly entry: GroupEntry;
  readonly env: Env;
  readonly pos: number;
}

class Forced {
  private readonly set = new Map<GroupEntry, Map<Env, Set<number>>>();

  add(r: Recovery): void {
    let byEnv = this.set.get(r.entry);
    if (!byEnv) this.set.set(r.entry, (byEnv = new Map()));
    let positions = byEnv.get(r.env);
    if (!positions) byEnv.set(r.env, (positions = new Set()));
    positions.add(r.pos);
  }

  has(entry: GroupEntry, env: Env, pos: number): boolean {
    return this.set.get(entry)?.get(env)?.has(pos) === true;
  }
}

const NOTHING_FORCED = new Forced();

type Run = { readonly ok: true; readonly notes: readonly Mismatch[] } | { readonly ok: false; readonly fail: Fail; readonly recover: Recovery | undefined };

/** The name the CDDL gives an array member (`name: T`, `"name": T`), for paths. */
export function memberLabel(member: Member): string {
  const k = member.key;
  if (!k) return "";
  if (k.kind === "bareword-key") return k.name.name;
  if (k.kind === "value-key" && k.value.kind === "text") return /^[A-Za-z_$@][\w$@.-]*$/.test(k.value.value) ? k.value.value : JSON.stringify(k.value.value);
  return "";
}

interface Failure {
  readonly entry: GroupEntry;
  readonly env: Env;
  readonly at: SourceLoc;
  readonly label: string;
  /** Undefined: the array ended where this entry needed an item. */
  readonly outcome: Fail | undefined;
  /** A single-item member (not a broken group entry). */
  readonly member: boolean;
}

class ArrayMatch {
  /** entries -> env -> (i, pos) -> ends; null while being computed. */
  private readonly seqMemo = new Map<readonly GroupEntry[], Map<Env, Map<number, Ends | null>>>();
  private readonly itemMemo = new Map<GroupEntry, Map<Env, Ends[]>>();
  private furthest = -1;
  private failures: Failure[] = [];

  constructor(
    private readonly m: Matcher,
    private readonly items: readonly CborItem[],
    private readonly path: string,
    private readonly forced: Forced,
  ) {}

  run(choices: readonly Choice[], at: SourceLoc, array: CborItem): Run {
    const ends = this.group(choices, 0);
    const done = ends.get(this.items.length);
    if (done) return { ok: true, notes: done };
    let maxEnd = -1;
    for (const e of ends.keys()) if (e > maxEnd) maxEnd = e;
    return { ok: false, ...this.explain(maxEnd, at, array) };
  }

  group(choices: readonly Choice[], pos: number): Ends {
    if (choices.length === 1) return this.seq(choices[0]!.entries, 0, choices[0]!.env, pos);
    const out: Ends = new Map();
    for (const c of choices) {
      for (const [e, notes] of this.seq(c.entries, 0, c.env, pos)) {
        this.m.step();
        if (!out.has(e)) out.set(e, notes);
      }
    }
    return out;
  }

  /** Where matching entries[i..] from `pos` can end. */
  private seq(entries: readonly GroupEntry[], i: number, env: Env, pos: number): Ends {
    if (i === entries.length) return new Map([[pos, NONE]]);
    let byEnv = this.seqMemo.get(entries);
    if (!byEnv) this.seqMemo.set(entries, (byEnv = new Map()));
    let memo = byEnv.get(env);
    if (!memo) byEnv.set(env, (memo = new Map()));
    const key = i * (this.items.length + 1) + pos;
    const known = memo.get(key);
    if (known) return known;
    if (known === null) return new Map(); // a group that contains itself at the same position
    memo.set(key, null);
    this.m.step();
    const out: Ends = new Map();
    for (const [mid, first] of this.repeat(entries[i]!, env, pos)) {
      for (const [end, rest] of this.seq(entries, i + 1, env, mid)) {
        this.m.step();
        if (!out.has(end)) out.set(end, join(first, rest));
      }
    }
    memo.set(key, out);
    return out;
  }

  /**
   * Where `entry`, repeated as its occurrence indicator allows, can end.
   * While the count matters (below the minimum, or up to a finite
   * maximum) this steps through S(k), the ends after exactly k
   * repetitions, until S(k) is empty or stops changing (a repetition that
   * can match nothing makes the sets grow, bounded by the array's length).
   * Past the minimum of an unbounded entry only the closure matters, and
   * only newly reached positions are expanded.
   */
  private repeat(entry: GroupEntry, env: Env, pos: number): Ends {
    const occ = entry.occurrence;
    const min = occ ? occ.min : 1n;
    const max = occ ? occ.max : 1n;
    const result: Ends = new Map();
    if (min === 0n) result.set(pos, NONE);
    if (this.m.shapeOf(entry, env).kind === "member") {
      // One item per repetition: the ends are pos + k for each run of k matching items.
      let notes = NONE;
      for (let k = 1n; max === null || k <= max; k++) {
        this.m.step();
        const p = pos + Number(k) - 1;
        const once = this.once(entry, env, p);
        const more = once.get(p + 1);
        if (more === undefined) break;
        notes = join(notes, more);
        if (k >= min) result.set(p + 1, notes);
      }
      return result;
    }
    let level: Ends = new Map([[pos, NONE]]);
    const cap = BigInt(this.items.length - pos + 2);
    for (let k = 1n; max === null ? k <= min : k <= max; k++) {
      this.m.step();
      const next: Ends = new Map();
      for (const [p, notes] of level) {
        for (const [e, more] of this.once(entry, env, p)) {
          this.m.step();
          if (!next.has(e)) next.set(e, join(notes, more));
        }
      }
      if (next.size === 0) return result;
      if (k >= min || sameKeys(next, level) || k > cap) for (const [e, n] of next) if (!result.has(e)) result.set(e, n);
      // Stable: every further repetition gives these ends again.
      if (sameKeys(next, level) || k > cap) return result;
      level = next;
    }
    if (max !== null) return result;
    let frontier = level;
    while (frontier.size > 0) {
      this.m.step();
      const next: Ends = new Map();
      for (const [p, notes] of frontier) {
        for (const [e, more] of this.once(entry, env, p)) {
          this.m.step();
          if (result.has(e)) continue;
          const n = join(notes, more);
          result.set(e, n);
          next.set(e, n);
        }
      }
      frontier = next;
    }
    return result;
  }

  /** Where one occurrence of `entry` from `pos` can end. */
  private once(entry: GroupEntry, env: Env, pos: number): Ends {
    const shape = this.m.shapeOf(entry, env);
    if (shape.kind === "group") return this.group(shape.choices, pos);
    if (shape.kind === "error") {
      this.record(pos, {
        entry,
        env,
        at: shape.at,
        label: "",
        member: false,
        outcome: failLazy(0, () => this.m.mismatch(this.path, undefined, shape.message, shape.at)),
      });
      return new Map();
    }
    const label = memberLabel(shape.member);
    if (pos >= this.items.length) {
      this.record(pos, { entry, env, at: env.locate(entry.at), label, member: true, outcome: undefined });
      return new Map();
    }
    let memo = this.itemMemo.get(entry);
    if (!memo) this.itemMemo.set(entry, (memo = new Map()));
    let byPos = memo.get(env);
    if (!byPos) memo.set(env, (byPos = []));
    const known = byPos[pos];
    if (known) return known;
    if (this.forced.has(entry, env, pos)) return (byPos[pos] = new Map([[pos + 1, NONE]]));
    const o = this.m.matchType(shape.type, shape.env, this.items[pos]!, `${this.path}[${pos}]${label ? "." + label : ""}`);
    const ends: Ends = o.ok ? new Map([[pos + 1, o.notes]]) : NO_ENDS;
    byPos[pos] = ends;
    if (!o.ok) this.record(pos, { entry, env, at: env.locate(entry.at), label, member: true, outcome: o });
    return ends;
  }

  private record(pos: number, f: Failure): void {
    if (pos < this.furthest) return;
    if (pos > this.furthest) {
      this.furthest = pos;
      this.failures = [];
    }
    if (!this.failures.some((g) => g.entry === f.entry && g.env === f.env)) this.failures.push(f);
  }

  /** Why the array does not match, given the furthest end reached by a complete match of the group. */
  private explain(maxEnd: number, at: SourceLoc, array: CborItem): { fail: Fail; recover: Recovery | undefined } {
    const n = this.items.length;
    if (this.furthest >= 0 && this.furthest >= maxEnd) {
      const pos = this.furthest;
      if (pos >= n) {
        const wanted = unique(this.failures.map((f) => cut(printEntry(f.entry), 60)));
        const first = this.failures[0]!;
        const msg = `the array ends after ${n} element${n === 1 ? "" : "s"}; element [${n}] is missing (expected ${cut(wanted.join(" or "), 120)})`;
        return { fail: failLazy(2 + n, () => this.m.mismatch(this.path, array, msg, wanted.length === 1 ? first.at : at)), recover: undefined };
      }
      const present = this.failures.filter((f): f is Failure & { outcome: Fail } => f.outcome !== undefined);
      let best = present[0]!;
      for (const f of present) if (f.outcome.progress > best.outcome.progress) best = f;
      const tied = present.filter((f) => f.outcome.progress === best.outcome.progress);
      const progress = nested(2 + pos, best.outcome.progress);
      if (best.outcome.progress >= 2 || tied.length === 1) {
        const recover = best.member && best.entry.occurrence === null ? { entry: best.entry, env: best.env, pos } : undefined;
        return { fail: fail(best.outcome.errors, progress), recover };
      }
      const item = this.items[pos]!;
      const labels = unique(tied.map((f) => f.label));
      const label = labels.length === 1 && labels[0] ? "." + labels[0] : "";
      const wanted = unique(tied.map((f) => cut(printEntry(f.entry), 40)));
      const msg = `${describeItem(item)} matches none of ${cut(wanted.join(" / "), 160)}`;
      return { fail: failLazy(progress, () => this.m.mismatch(`${this.path}[${pos}]${label}`, item, msg, at)), recover: undefined };
    }
    if (maxEnd >= 0 && maxEnd < n) {
      const item = this.items[maxEnd]!;
      const msg = `unexpected element [${maxEnd}] ${describeItem(item)}: the array has ${n} elements, the CDDL allows ${maxEnd} here`;
      return { fail: failLazy(2 + maxEnd, () => this.m.mismatch(`${this.path}[${maxEnd}]`, item, msg, at)), recover: undefined };
    }
    return { fail: failLazy(2, () => this.m.mismatch(this.path, array, "the array matches none of the choices of its group", at)), recover: undefined };
  }
}

function join(a: readonly Mismatch[], b: readonly Mismatch[]): readonly Mismatch[] {
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
}

function sameKeys(a: Ends, b: Ends): boolean {
  if (a.size !== b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
