import type { CborItem, DecodeItemOptions } from "../runtime/index.js";
import { checkXsdRegexp, decodeItemWithOffsets, matchRule, type MatchOptions, type Mismatch, type ValidationResult } from "../runtime/cddl/index.js";
import { SchemaError, type CddlSchema } from "./schema.js";

export { decodeItemWithOffsets as decodeWithOffsets, checkXsdRegexp, type ValidationResult } from "../runtime/cddl/index.js";

/** Offsets, step and nesting bounds (see MatchOptions); `.regexp` is matched by the runtime's linear-time XSD engine (src/runtime/cddl/xsd-regexp.ts) unless another is given. */
export type ValidateOptions = MatchOptions;

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
  if (!schema.rules.has(ruleName)) {
    const near = suggestRules(schema, ruleName);
    throw new SchemaError(`${schema.name} has no rule ${ruleName}${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`);
  }
  return matchRule(schema, ruleName, item, { regexp: checkXsdRegexp, ...options });
}

/** Decode and validate; mismatches carry byte offsets. Throws CodecError when the bytes are not one well-formed item. */
export function validateBytes(
  schema: CddlSchema,
  ruleName: string,
  bytes: Uint8Array,
  options: Omit<ValidateOptions, "offsets"> & { readonly decode?: DecodeItemOptions } = {},
): Mismatch[] {
  const { item, offsets } = decodeItemWithOffsets(bytes, options.decode);
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
