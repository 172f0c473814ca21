import { decodeItem, type CborItem, type DecodeItemOptions } from "../runtime/index.js";
import { itemOffsets } from "./item-offsets.js";
import type { Mismatch } from "./mismatch.js";
import { SchemaError, type CddlSchema } from "./schema.js";
import { BudgetExhausted, DEFAULT_LIMITS, Validator } from "./validator.js";

export interface ValidateOptions {
  /** Byte offsets of the items, e.g. from decodeWithOffsets(); without them mismatches have no offset. */
  readonly offsets?: ReadonlyMap<CborItem, number>;
  /** Units of work before "validation budget exhausted" (default 1,000,000). */
  readonly maxSteps?: number;
  /** Nesting of matches (containers and rule references) before giving up (default 256). */
  readonly maxDepth?: number;
}

export interface ValidationResult {
  readonly mismatches: readonly Mismatch[];
  /** Units of work spent. */
  readonly steps: number;
}

/**
 * Validate a CBOR item against a rule of a CDDL schema (RFC 8610
 * semantics). Returns the errors when it does not match, else the warnings
 * and notes of the match (none for most CDDL); use isValid() to decide.
 * An unknown rule is a SchemaError (see suggestRules()).
 */
export function validate(schema: CddlSchema, ruleName: string, item: CborItem, options: ValidateOptions = {}): Mismatch[] {
  return [...validateWithStats(schema, ruleName, item, options).mismatches];
}

export function validateWithStats(schema: CddlSchema, ruleName: string, item: CborItem, options: ValidateOptions = {}): ValidationResult {
  const rule = schema.rules.get(ruleName);
  if (!rule) {
    const near = suggestRules(schema, ruleName);
    throw new SchemaError(`${schema.name} has no rule ${ruleName}${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`);
  }
  const v = new Validator(schema, options.offsets, {
    maxSteps: options.maxSteps ?? DEFAULT_LIMITS.maxSteps,
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
  });
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
export function decodeWithOffsets(bytes: Uint8Array, options?: DecodeItemOptions): { item: CborItem; offsets: Map<CborItem, number> } {
  // the validator reports repeated keys itself, with their CDDL location
  const item = decodeItem(bytes, { duplicateKeys: "keep", ...options });
  return { item, offsets: itemOffsets(bytes, item) };
}

/** Decode and validate; mismatches carry byte offsets. Throws CodecError when the bytes are not one well-formed item. */
export function validateBytes(
  schema: CddlSchema,
  ruleName: string,
  bytes: Uint8Array,
  options: Omit<ValidateOptions, "offsets"> & { readonly decode?: DecodeItemOptions } = {},
): Mismatch[] {
  const { item, offsets } = decodeWithOffsets(bytes, options.decode);
  return validate(schema, ruleName, item, { ...options, offsets });
}

/** Rule names spelled like `name`: same letters in another case, or a small edit distance; the document's before the prelude's. */
export function suggestRules(schema: CddlSchema, name: string): string[] {
  const lower = name.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const [candidate, rule] of schema.rules) {
    const c = candidate.toLowerCase();
    const d = c === lower ? 0 : editDistance(lower, c);
    const close = d <= Math.max(1, Math.floor(name.length / 3)) || (lower.length >= 4 && (c.includes(lower) || lower.includes(c)) && c.length >= 4);
    if (close) scored.push({ name: candidate, score: d + (rule.prelude ? 10 : 0) });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
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
