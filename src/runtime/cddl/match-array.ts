/**
 * Arrays: the items against the group, with the semantics RFC 8610
 * Appendix A gives it (a parsing expression grammar): entries in order;
 * occurrence indicators are greedy (a repetition takes every item it can
 * and never gives one back, so `[* int, int]` matches no array); group
 * choices are prioritized (the first choice that matches is kept, and the
 * later ones are not tried once it has matched). Each sequence of entries
 * therefore ends in at most one place from a given position; that end is
 * memoized per sequence, environment and position (packrat parsing), so an
 * array of n items costs at most entries x n matches of single items
 * however the groups nest, and the budget bounds the rest.
 *
 * When the group does not reach the end of the array, the explanation is
 * the failure that got furthest into the array (the usual rule for
 * parsers): an item of the wrong type, a missing element, or extra
 * elements; where a greedy repetition took the item the next entry needed,
 * the message says so.
 */
import type { ArrayType, GroupEntry, Member } from "./ast.js";
import type { CddlLocation, Mismatch } from "./mismatch.js";
import type { CborItem } from "../index.js";
import { cut, describeItem, printEntry } from "./describe.js";
import { fail, failLazy, failLazyMany, type Choice, type Env, type Fail, type Matcher, type Outcome } from "./matcher.js";
import { nested } from "./match-scalar.js";

/** Where a match ends, with the notes (warnings) it collected on the way. */
interface End {
  readonly pos: number;
  readonly notes: readonly Mismatch[];
}

const NONE: readonly Mismatch[] = Object.freeze([]) as readonly Mismatch[];
/** Memo markers: no match from here; being computed (a group that contains itself at the same position). */
const FAILED = 0;
const BUSY = 1;

export function matchArray(m: Matcher, node: ArrayType, env: Env, item: CborItem, path: string): Outcome {
  return matchArrayGroup(m, m.choicesOf(node.group, env), env.locate(node.at), item, path);
}

/** An array item against the choices of a group; `at` locates the array type. */
export function matchArrayGroup(m: Matcher, choices: readonly Choice[], at: CddlLocation, item: CborItem, path: string): Outcome {
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
  readonly at: CddlLocation;
  readonly label: string;
  /** Undefined: the array ended where this entry needed an item. */
  readonly outcome: Fail | undefined;
  /** A single-item member (not a broken group entry). */
  readonly member: boolean;
  /** The failure only ended a repetition that had already occurred often enough. */
  optional: boolean;
}

class ArrayMatch {
  /** entries -> env -> start position -> where the sequence ends (FAILED, or BUSY while being computed). */
  private readonly seqMemo = new Map<readonly GroupEntry[], Map<Env, Map<number, End | typeof FAILED | typeof BUSY>>>();
  /** entry -> env -> position -> the outcome of matching the item there. */
  private readonly itemMemo = new Map<GroupEntry, Map<Env, (End | Fail)[]>>();
  private furthest = -1;
  private failures: Failure[] = [];
  /** Position -> why the entry there found its item taken: a greedy repetition before it. */
  private readonly greedy = new Map<number, string>();

  constructor(
    private readonly m: Matcher,
    private readonly items: readonly CborItem[],
    private readonly path: string,
    private readonly forced: Forced,
  ) {}

  run(choices: readonly Choice[], at: CddlLocation, array: CborItem): Run {
    const r = this.group(choices, 0);
    if (r && r.pos === this.items.length) return { ok: true, notes: r.notes };
    return { ok: false, ...this.explain(r ? r.pos : -1, at, array) };
  }

  /** Prioritized choice: the first choice that matches from `pos` is the match. */
  private group(choices: readonly Choice[], pos: number): End | undefined {
    for (const c of choices) {
      this.m.step();
      const r = this.seq(c.entries, c.env, pos);
      if (r) return r;
    }
    return undefined;
  }

  /** The entries in order from `pos`, each repeated as its occurrence indicator allows; no backtracking. */
  private seq(entries: readonly GroupEntry[], env: Env, pos: number): End | undefined {
    let byEnv = this.seqMemo.get(entries);
    if (!byEnv) this.seqMemo.set(entries, (byEnv = new Map()));
    let memo = byEnv.get(env);
    if (!memo) byEnv.set(env, (memo = new Map()));
    const known = memo.get(pos);
    if (known === BUSY || known === FAILED) return undefined; // BUSY: a group that contains itself at the same position
    if (known) return known;
    memo.set(pos, BUSY);
    let p = pos;
    let notes = NONE;
    let ok = true;
    let previous: { entry: GroupEntry; took: boolean } | undefined;
    for (const entry of entries) {
      this.m.step();
      const r = this.repeat(entry, env, p);
      if (!r) {
        if (previous?.took) this.explainGreedy(previous.entry, entry, env, p);
        ok = false;
        break;
      }
      notes = join(notes, r.notes);
      previous = { entry, took: r.extra && r.pos > p };
      p = r.pos;
    }
    const out = ok ? { pos: p, notes } : undefined;
    memo.set(pos, out ?? FAILED);
    return out;
  }

  /**
   * `entry` as often as it matches, up to its maximum (greedy); a failure
   * when that is fewer than its minimum. A repetition that matches without
   * taking an item could go on forever: it counts as often as needed.
   * `extra`: the last repetition was beyond the minimum (one a backtracking
   * matcher might have given back).
   */
  private repeat(entry: GroupEntry, env: Env, pos: number): (End & { readonly extra: boolean }) | undefined {
    const occ = entry.occurrence;
    const min = occ ? occ.min : 1n;
    const max = occ ? occ.max : 1n;
    let count = 0n;
    let p = pos;
    let notes = NONE;
    while (max === null || count < max) {
      this.m.step();
      const r = this.once(entry, env, p, count >= min);
      if (!r) break;
      notes = join(notes, r.notes);
      if (r.pos === p) {
        if (count < min) count = min;
        break;
      }
      p = r.pos;
      count++;
    }
    if (count < min) return undefined;
    return { pos: p, notes, extra: count > min };
  }

  /** One occurrence of `entry` from `pos`; `satisfied`: the entry has already occurred often enough. */
  private once(entry: GroupEntry, env: Env, pos: number, satisfied: boolean): End | undefined {
    const shape = this.m.shapeOf(entry, env);
    if (shape.kind === "group") return this.group(shape.choices, pos);
    if (shape.kind === "error") {
      this.record(pos, {
        entry,
        env,
        at: shape.at,
        label: "",
        member: false,
        optional: false,
        outcome: failLazy(0, () => this.m.mismatch(this.path, undefined, shape.message, shape.at)),
      });
      return undefined;
    }
    const label = memberLabel(shape.member);
    if (pos >= this.items.length) {
      this.record(pos, { entry, env, at: env.locate(entry.at), label, member: true, optional: satisfied, outcome: undefined });
      return undefined;
    }
    let memo = this.itemMemo.get(entry);
    if (!memo) this.itemMemo.set(entry, (memo = new Map()));
    let byPos = memo.get(env);
    if (!byPos) memo.set(env, (byPos = []));
    let known = byPos[pos];
    if (!known) {
      if (this.forced.has(entry, env, pos)) known = { pos: pos + 1, notes: NONE };
      else {
        const o = this.m.matchType(shape.type, shape.env, this.items[pos]!, `${this.path}[${pos}]${label ? "." + label : ""}`);
        known = o.ok ? { pos: pos + 1, notes: o.notes } : o;
      }
      byPos[pos] = known;
    }
    if ("pos" in known) return known;
    this.record(pos, { entry, env, at: env.locate(entry.at), label, member: true, optional: satisfied, outcome: known });
    return undefined;
  }

  /**
   * `next` failed at `pos` right after `previous` repeated greedily up to
   * there: if `next` would have matched the item `previous` took last, say
   * so where the failure is explained.
   */
  private explainGreedy(previous: GroupEntry, next: GroupEntry, env: Env, pos: number): void {
    if (pos === 0 || this.greedy.has(pos)) return;
    const prev = this.m.shapeOf(previous, env);
    const shape = this.m.shapeOf(next, env);
    if (prev.kind !== "member" || shape.kind !== "member") return;
    const item = this.items[pos - 1]!;
    if (!this.m.matchType(shape.type, shape.env, item, this.path).ok) return;
    this.greedy.set(
      pos,
      `; the greedy ${cut(printEntry(previous), 40)} took element [${pos - 1}] ${describeItem(item)}, and occurrences never give items back (RFC 8610 Appendix A)`,
    );
  }

  private record(pos: number, f: Failure): void {
    if (pos < this.furthest) return;
    if (pos > this.furthest) {
      this.furthest = pos;
      this.failures = [];
    }
    const same = this.failures.find((g) => g.entry === f.entry && g.env === f.env);
    if (!same) this.failures.push(f);
    else if (!f.optional) same.optional = false;
  }

  /** Why the array does not match, given where the group's match ended (-1: it failed). */
  private explain(end: number, at: CddlLocation, array: CborItem): { fail: Fail; recover: Recovery | undefined } {
    const n = this.items.length;
    if (this.furthest >= 0 && this.furthest >= end) {
      const pos = this.furthest;
      const hint = this.greedy.get(pos) ?? "";
      if (pos >= n) {
        // A repetition that had occurred often enough did not need the missing element.
        const needed = this.failures.some((f) => !f.optional) ? this.failures.filter((f) => !f.optional) : this.failures;
        const wanted = unique(needed.map((f) => cut(printEntry(f.entry), 60)));
        const first = needed[0]!;
        const msg = `the array ends after ${n} element${n === 1 ? "" : "s"}; element [${n}] is missing (expected ${cut(wanted.join(" or "), 120)})${hint}`;
        return { fail: failLazy(2 + n, () => this.m.mismatch(this.path, array, msg, wanted.length === 1 ? first.at : at)), recover: undefined };
      }
      const present = this.failures.filter((f): f is Failure & { outcome: Fail } => f.outcome !== undefined);
      let best = present[0]!;
      for (const f of present) if (f.outcome.progress > best.outcome.progress) best = f;
      const tied = present.filter((f) => f.outcome.progress === best.outcome.progress);
      const progress = nested(2 + pos, best.outcome.progress);
      if (best.outcome.progress >= 2 || tied.length === 1) {
        const recover = best.member && best.entry.occurrence === null ? { entry: best.entry, env: best.env, pos } : undefined;
        const outcome = best.outcome;
        return { fail: hint ? failLazyMany(progress, () => withHint(outcome.errors, hint)) : fail(outcome.errors, progress), recover };
      }
      const item = this.items[pos]!;
      const labels = unique(tied.map((f) => f.label));
      const label = labels.length === 1 && labels[0] ? "." + labels[0] : "";
      const wanted = unique(tied.map((f) => cut(printEntry(f.entry), 40)));
      const msg = `${describeItem(item)} matches none of ${cut(wanted.join(" / "), 160)}${hint}`;
      return { fail: failLazy(progress, () => this.m.mismatch(`${this.path}[${pos}]${label}`, item, msg, at)), recover: undefined };
    }
    if (end >= 0 && end < n) {
      const item = this.items[end]!;
      const msg = `unexpected element [${end}] ${describeItem(item)}: the array has ${n} elements, the CDDL allows ${end} here`;
      return { fail: failLazy(2 + end, () => this.m.mismatch(`${this.path}[${end}]`, item, msg, at)), recover: undefined };
    }
    return { fail: failLazy(2, () => this.m.mismatch(this.path, array, "the array matches none of the choices of its group", at)), recover: undefined };
  }
}

/** The first error of a failure, with the greedy-repetition hint added. */
function withHint(errors: readonly Mismatch[], hint: string): readonly Mismatch[] {
  return errors.map((e, i) => (i === 0 ? { ...e, message: e.message + hint } : e));
}

function join(a: readonly Mismatch[], b: readonly Mismatch[]): readonly Mismatch[] {
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
