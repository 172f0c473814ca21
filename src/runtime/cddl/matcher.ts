/**
 * The contract between the validator's parts: the core (validator.ts)
 * implements Matcher; the matchers for arrays, maps, controls and scalars
 * receive it as a parameter, so no module imports the core back.
 */
import type { GroupEntry, Member, Pos, Type } from "./ast.js";
import type { CddlLocation, Mismatch, MismatchSeverity } from "./mismatch.js";
import type { CborItem } from "../index.js";
import type { RuleSet } from "./rule-set.js";

/** Where a CDDL node is evaluated: how to locate it, and what its generic parameters stand for. */
export interface Env {
  readonly locate: (at: Pos) => CddlLocation;
  readonly bindings: ReadonlyMap<string, Bound>;
  /** Inside the prelude: its positions all map to the reference that led there. */
  readonly prelude: boolean;
}

/** A generic argument: the type written at the reference, evaluated where it was written. */
export interface Bound {
  readonly type: Type;
  readonly env: Env;
}

/** A type together with the environment to evaluate it in. */
export interface Alt {
  readonly node: Type;
  readonly env: Env;
}

/** One choice of a group (the entries between `//`), with its environment. */
export interface Choice {
  readonly entries: readonly GroupEntry[];
  readonly env: Env;
}

/**
 * How a group entry behaves in a group: one member (a single array
 * element, or one kind of map entry), a nested group (inline, a group
 * name, an unwrapped array or map, a group socket), or a CDDL error.
 */
export type EntryShape =
  | { readonly kind: "member"; readonly member: Member; readonly type: Type; readonly env: Env }
  | { readonly kind: "group"; readonly choices: readonly Choice[]; readonly at: CddlLocation }
  | { readonly kind: "error"; readonly message: string; readonly at: CddlLocation };

export interface Ok {
  readonly ok: true;
  /** Warnings and notes of the successful match. */
  readonly notes: readonly Mismatch[];
}

/**
 * A failed match. `progress` ranks alternatives: 0 = the item is of the
 * wrong kind; 1 = right kind, wrong value (literal, range, control);
 * 2 and more = the match went inside a container before failing.
 */
export interface Fail {
  readonly ok: false;
  readonly errors: readonly Mismatch[];
  readonly progress: number;
  /** A mistake in the CDDL (undefined name, cycle): reported as is, never replaced by "expected Name". */
  readonly cddlError?: boolean;
}

export type Outcome = Ok | Fail;

export const OK: Ok = Object.freeze({ ok: true, notes: Object.freeze([]) as readonly Mismatch[] });

export function okWith(notes: readonly Mismatch[]): Ok {
  return notes.length === 0 ? OK : { ok: true, notes };
}

export function fail(errors: readonly Mismatch[], progress: number): Fail {
  return { ok: false, errors, progress };
}

export function cddlFail(error: Mismatch): Fail {
  return { ok: false, errors: [error], progress: 0, cddlError: true };
}

/**
 * A failure whose reasons are built only when someone reads them: most
 * failures are alternatives that lose to another, and building their
 * messages (and locating them) would dominate the cost of a choice.
 */
class LazyFail implements Fail {
  readonly ok = false;
  private made: readonly Mismatch[] | undefined;

  constructor(
    readonly progress: number,
    private readonly make: () => readonly Mismatch[],
  ) {}

  get errors(): readonly Mismatch[] {
    return (this.made ??= this.make());
  }
}

export function failLazy(progress: number, make: () => Mismatch): Fail {
  return new LazyFail(progress, () => [make()]);
}

export function failLazyMany(progress: number, make: () => readonly Mismatch[]): Fail {
  return new LazyFail(progress, make);
}

/** What a name stands for, seen from a type position. */
export type ResolvedType =
  | {
      readonly kind: "type";
      readonly alts: readonly Alt[];
      readonly prelude: boolean;
      readonly literal: boolean;
      /** A generic parameter: its argument reports its own failures. */
      readonly bound: boolean;
    }
  | { readonly kind: "group" }
  | { readonly kind: "empty-socket" }
  | { readonly kind: "undefined" }
  | { readonly kind: "error"; readonly message: string };

/** An XSD regular expression (RFC 8610 section 3.8.3) ready to match, or why it cannot be. */
export type RegexpCheck =
  | { readonly ok: true; readonly match: (text: string) => boolean | "budget" }
  | { readonly ok: false; readonly unsupported: boolean; readonly message: string };

/** Compiles `.regexp` patterns; the validator takes one from its caller (src/validate passes its XSD engine). */
export type CompileRegexp = (pattern: string) => RegexpCheck;

export interface Matcher {
  readonly schema: RuleSet;
  /** The `.regexp` engine, if the caller gave one; without it `.regexp` is a warning. */
  readonly compileRegexp: CompileRegexp | undefined;
  /** Does `item` match `node`? */
  matchType(node: Type, env: Env, item: CborItem, path: string): Outcome;
  /** Does `item` match one of `alts`? On failure, the best alternative's reasons or a summary at `at`. */
  matchAlternatives(alts: readonly Alt[], item: CborItem, path: string, at: () => CddlLocation, describe: () => string): Outcome;
  /** The choices of a group, each with its environment. */
  choicesOf(group: { readonly choices: readonly { readonly entries: readonly GroupEntry[] }[] }, env: Env): readonly Choice[];
  /** How an entry of a group behaves. */
  shapeOf(entry: GroupEntry, env: Env): EntryShape;
  /** A constant a node stands for (literal, named literal, `.cat` / `.plus` of constants). */
  constantOf(node: Type, env: Env): Constant | undefined;
  /** Count one unit of work; throws when the budget is spent. */
  step(): void;
  /** Byte offset of an item, when known. */
  offsetOf(item: CborItem): number | undefined;
  /** Record offsets of items decoded from an embedded byte string. */
  addOffsets(offsets: ReadonlyMap<CborItem, number>): void;
  mismatch(path: string, item: CborItem | undefined, message: string, cddl: CddlLocation, severity?: MismatchSeverity): Mismatch;
}

/** A literal value a CDDL construct stands for. */
export type Constant =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "bytes"; readonly value: Uint8Array };
