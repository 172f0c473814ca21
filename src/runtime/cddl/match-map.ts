/**
 * Maps (RFC 8610 section 3.5): the entries of the map against the group,
 * order-free. Members are taken in the order the CDDL writes them; each
 * claims the unclaimed entries whose key matches its key type and whose
 * value matches its type, up to its occurrence maximum. A cut (`^ =>`,
 * and every `name:` / `value:` key) makes a matching key final: if its
 * value does not match, the map does not match. Entries no member claims
 * are reported one by one, with the member key they came closest to.
 * Duplicate keys (RFC 8949 section 5.6) are reported and otherwise ignored.
 */
import type { GroupEntry, MapType, MemberKey, Type } from "./ast.js";
import type { CddlLocation, Mismatch } from "./mismatch.js";
import type { CborItem } from "../index.js";
import { cut, describeItem, keyIdentity, keyText, printEntry } from "./describe.js";
import { fail, failLazy, okWith, type Choice, type Env, type Fail, type Matcher, type Outcome } from "./matcher.js";
import { constantEquals, literalConstant } from "./match-scalar.js";

type Entry = readonly [CborItem, CborItem];
type Result = { readonly ok: true; readonly notes: readonly Mismatch[] } | Fail;

export function matchMap(m: Matcher, node: MapType, env: Env, item: CborItem, path: string): Outcome {
  const at = env.locate(node.at);
  if (item.type !== "map") return failLazy(0, () => m.mismatch(path, item, `expected a map, got ${describeItem(item)}`, at));
  const match = new MapMatch(m, item.entries, path, item);
  return match.run(m.choicesOf(node.group, env), at);
}

interface Keyed {
  readonly key: MemberKey;
  /** The nested group the member belongs to, as written, if any. */
  readonly group: string | undefined;
  readonly max: bigint | null;
  readonly entryText: string;
  readonly type: Type;
  readonly env: Env;
  readonly keyEnv: Env;
}

class MapMatch {
  private claimed: boolean[];
  private readonly duplicate: boolean[];
  private readonly keyPaths: string[];

  constructor(
    private readonly m: Matcher,
    private readonly entries: readonly Entry[],
    private readonly path: string,
    private readonly map: CborItem,
  ) {
    this.duplicate = entries.map(() => false);
    this.claimed = entries.map(() => false);
    this.keyPaths = entries.map(([k]) => `${path}{${keyText(k)}}`);
  }

  run(choices: readonly Choice[], at: CddlLocation): Outcome {
    const dupErrors = this.findDuplicates(at);
    let best: { r: Result; claimed: boolean[]; choice: Choice; count: number } | undefined;
    for (const choice of choices) {
      this.claimed = [...this.duplicate];
      const r = this.seq(choice);
      const count = this.claimed.filter((c, i) => c && !this.duplicate[i]).length;
      if (r.ok && this.claimed.every((c) => c)) {
        return dupErrors.length === 0 ? okWith(r.notes) : fail(dupErrors, 2 + count);
      }
      if (!best || (r.ok && !best.r.ok) || (r.ok === best.r.ok && count > best.count)) best = { r, claimed: this.claimed, choice, count };
    }
    if (!best) return fail([...dupErrors, this.m.mismatch(this.path, this.map, "the map's group has no choices", at)], 2);
    this.claimed = best.claimed;
    const errors = [...dupErrors, ...(best.r.ok ? [] : best.r.errors)];
    this.entries.forEach((_, i) => {
      if (!best.claimed[i]) errors.push(...this.explainUnclaimed(i, best.choice, at));
    });
    return fail(errors, 2 + best.count);
  }

  private findDuplicates(at: CddlLocation): Mismatch[] {
    const seen = new Map<string, number>();
    const errors: Mismatch[] = [];
    this.entries.forEach(([k], i) => {
      const id = keyIdentity(k);
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, i);
        return;
      }
      this.duplicate[i] = true;
      errors.push(this.m.mismatch(this.keyPaths[i]!, k, `duplicate map key ${keyText(k)} (entries ${first} and ${i}): a map must not repeat a key`, at));
    });
    return errors;
  }

  /** The entries of a choice in order; after a failure the rest still claim their entries, so that leftovers are explained well. */
  private seq(choice: Choice): Result {
    const notes: Mismatch[] = [];
    let failed: Fail | undefined;
    for (const entry of choice.entries) {
      const r = this.entry(entry, choice.env);
      if (!r.ok) failed ??= r;
      else notes.push(...r.notes);
    }
    return failed ?? okWith(notes);
  }

  /** The first choice that matches claims its entries; otherwise the best failure, with nothing claimed. */
  private group(choices: readonly Choice[]): Result {
    let bestFail: Fail | undefined;
    for (const c of choices) {
      const snapshot = [...this.claimed];
      const r = this.seq(c);
      if (r.ok) return r;
      this.claimed = snapshot;
      if (!bestFail || r.progress > bestFail.progress) bestFail = r;
    }
    return bestFail ?? okWith([]);
  }

  private entry(entry: GroupEntry, env: Env): Result {
    this.m.step();
    const min = entry.occurrence ? entry.occurrence.min : 1n;
    const max = entry.occurrence ? entry.occurrence.max : 1n;
    const shape = this.m.shapeOf(entry, env);
    const at = env.locate(entry.at);
    if (shape.kind === "error") return failLazy(2, () => this.m.mismatch(this.path, this.map, shape.message, shape.at));
    const notes: Mismatch[] = [];
    if (shape.kind === "group") {
      let count = 0n;
      let lastFail: Fail | undefined;
      while (max === null || count < max) {
        this.m.step();
        const before = this.claimedCount();
        const r = this.group(shape.choices);
        if (!r.ok) {
          lastFail = r;
          break;
        }
        notes.push(...r.notes);
        if (this.claimedCount() === before) {
          count = min > count ? min : count; // matches without taking an entry: as often as needed
          break;
        }
        count++;
      }
      if (count < min)
        return (
          lastFail ??
          failLazy(2 + this.claimedCount(), () =>
            this.m.mismatch(this.path, this.map, `${cut(printEntry(entry), 60)} must occur at least ${min} times, found ${count}`, at),
          )
        );
      return okWith(notes);
    }
    const key = shape.member.key;
    if (key === null)
      return failLazy(2, () => this.m.mismatch(this.path, this.map, `${cut(printEntry(entry), 60)} has no key; every member of a map needs one`, at));
    const isCut = key.kind !== "type-key" || key.cut;
    let count = 0n;
    let nearMiss: Fail | undefined;
    for (let i = 0; i < this.entries.length && (max === null || count < max); i++) {
      if (this.claimed[i]) continue;
      const [k, v] = this.entries[i]!;
      if (!this.keyMatches(key, env, k, i)) continue;
      const vo = this.m.matchType(shape.type, shape.env, v, this.keyPaths[i]!);
      if (vo.ok) {
        this.claimed[i] = true;
        count++;
        notes.push(...vo.notes);
      } else if (isCut) {
        return fail(vo.errors, 2 + this.claimedCount() + vo.progress / (vo.progress + 1));
      } else {
        nearMiss ??= vo;
      }
    }
    if (count < min) {
      if (nearMiss) return fail(nearMiss.errors, 2 + this.claimedCount() + nearMiss.progress / (nearMiss.progress + 1));
      return failLazy(2 + this.claimedCount(), () =>
        this.m.mismatch(this.path, this.map, `missing entry ${cut(printEntry(entry), 60)}${min > 1n ? ` (needed ${min} times, found ${count})` : ""}`, at),
      );
    }
    return okWith(notes);
  }

  private claimedCount(): number {
    let n = 0;
    for (let i = 0; i < this.claimed.length; i++) if (this.claimed[i] && !this.duplicate[i]) n++;
    return n;
  }

  private keyMatches(key: MemberKey, env: Env, k: CborItem, index: number): boolean {
    switch (key.kind) {
      case "bareword-key":
        return k.type === "text" && k.value === key.name.name;
      case "value-key": {
        const c = literalConstant(key.value);
        return c !== undefined && constantEquals(c, k);
      }
      case "type-key":
        return this.m.matchType(key.type, env, k, this.keyPaths[index]!).ok;
    }
  }

  /** Why entry i was left over: the member key it came closest to, or the list of keys the map allows. */
  private explainUnclaimed(i: number, choice: Choice, at: CddlLocation): Mismatch[] {
    const [k, v] = this.entries[i]!;
    const path = this.keyPaths[i]!;
    const members: Keyed[] = [];
    this.collectKeyed([choice], members, 0, undefined);
    let best: { progress: number; errors: readonly Mismatch[] } | undefined;
    for (const mem of members) {
      if (this.keyMatches(mem.key, mem.keyEnv, k, i)) {
        const vo = this.m.matchType(mem.type, mem.env, v, path);
        if (!vo.ok) return [...vo.errors];
        const why =
          mem.group !== undefined
            ? `the group ${mem.group} it belongs to does not match as a whole`
            : `it may occur at most ${mem.max} time${mem.max === 1n ? "" : "s"}`;
        return [this.m.mismatch(path, k, `key ${keyText(k)} matches ${mem.entryText}, but ${why}`, mem.keyEnv.locate(mem.key.at))];
      }
      if (mem.key.kind !== "type-key") continue;
      const ko = this.m.matchType(mem.key.type, mem.keyEnv, k, path);
      if (!ko.ok && ko.progress >= 1 && (!best || ko.progress > best.progress)) best = { progress: ko.progress, errors: ko.errors };
    }
    if (best) return best.errors.map((e) => ({ ...e, message: `key not allowed: ${e.message}` }));
    const allowed = cut([...new Set(members.map((mem) => mem.entryText))].join(", "), 120);
    return [this.m.mismatch(path, k, `unexpected key ${keyText(k)}${allowed ? `; the map allows ${allowed}` : ""}`, at)];
  }

  private collectKeyed(choices: readonly Choice[], into: Keyed[], depth: number, group: string | undefined): void {
    if (depth > 16) return;
    for (const c of choices) {
      for (const entry of c.entries) {
        const shape = this.m.shapeOf(entry, c.env);
        if (shape.kind === "group") this.collectKeyed(shape.choices, into, depth + 1, cut(printEntry(entry), 50));
        else if (shape.kind === "member" && shape.member.key) {
          const max = entry.occurrence ? entry.occurrence.max : 1n;
          into.push({ key: shape.member.key, group, max, entryText: cut(printEntry(entry), 50), type: shape.type, env: shape.env, keyEnv: c.env });
        }
      }
    }
  }
}
