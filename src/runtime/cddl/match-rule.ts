/**
 * One item against one rule of a RuleSet: the validator core within its
 * bounds (steps, nesting, the host's call stack), findings deduplicated.
 * Both entries use it: the compiler's validate() (src/validate) and the
 * runtime's validateItem() for portable schemas.
 */
import { decodeItem, type CborItem, type DecodeItemOptions } from "../index.js";
import { itemOffsets } from "./item-offsets.js";
import type { CompileRegexp } from "./matcher.js";
import type { Mismatch } from "./mismatch.js";
import type { RuleSet } from "./rule-set.js";
import { BudgetExhausted, DEFAULT_LIMITS, Validator } from "./validator.js";

export interface MatchOptions {
  /** Byte offsets of the items, e.g. from decodeItemWithOffsets(); without them mismatches have no offset. */
  readonly offsets?: ReadonlyMap<CborItem, number>;
  /** Units of work before "validation budget exhausted" (default 1,000,000). */
  readonly maxSteps?: number;
  /** Nesting of matches (containers and rule references) before giving up (default 256). */
  readonly maxDepth?: number;
  /** The XSD engine for `.regexp`; without one, `.regexp` is checked as its target only, with a warning. */
  readonly regexp?: CompileRegexp;
}

export interface ValidationResult {
  readonly mismatches: readonly Mismatch[];
  /** Units of work spent. */
  readonly steps: number;
}

/** A schema that cannot be used: no such rule, or not a portable schema. */
export class CddlSchemaError extends Error {
  override readonly name = "CddlSchemaError";
}

/**
 * Validate `item` against rule `ruleName` (RFC 8610 semantics). The
 * errors when it does not match, else the warnings and notes of the match.
 */
export function matchRule(rules: RuleSet, ruleName: string, item: CborItem, options: MatchOptions = {}): ValidationResult {
  const rule = rules.rules.get(ruleName);
  if (!rule) throw new CddlSchemaError(`the schema has no rule ${ruleName}`);
  const v = new Validator(
    rules,
    options.offsets,
    { maxSteps: options.maxSteps ?? DEFAULT_LIMITS.maxSteps, maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth },
    options.regexp,
  );
  let found: readonly Mismatch[];
  try {
    const o = v.matchRule(ruleName, item, ruleName);
    // Reading the errors may still do work (they are built lazily), so it stays inside the try.
    found = dedupe(o.ok ? o.notes : o.errors);
  } catch (e) {
    let why: string;
    let path = ruleName;
    if (e instanceof BudgetExhausted) {
      why = e.why;
      if (e.path) path = e.path;
    } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
      why = "validation budget exhausted: the call stack ran out";
    } else {
      throw e;
    }
    const offset = options.offsets?.get(item);
    found = [{ path, message: why, cddl: rule.loc, severity: "error", ...(offset !== undefined ? { offset } : {}) }];
  }
  return { mismatches: found, steps: v.stepsTaken };
}

/** Decode one CBOR item and find the byte offset of each of its items. Throws CodecError when not well-formed. */
export function decodeItemWithOffsets(bytes: Uint8Array, options?: DecodeItemOptions): { item: CborItem; offsets: Map<CborItem, number> } {
  // the validator reports repeated keys itself, with their CDDL location
  const item = decodeItem(bytes, { duplicateKeys: "keep", ...options });
  return { item, offsets: itemOffsets(bytes, item) };
}

function dedupe(ms: readonly Mismatch[]): Mismatch[] {
  const seen = new Set<string>();
  const out: Mismatch[] = [];
  for (const m of ms) {
    const key = `${m.severity}|${m.path}|${m.message}|${m.cddl.file}:${m.cddl.line}:${m.cddl.col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}
