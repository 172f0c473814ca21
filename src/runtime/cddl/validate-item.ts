/**
 * The runtime's entry to CDDL validation: a CBOR item (or bytes) against a
 * rule of a portable schema, as a generated module's validated generic
 * codec does it. No compiler, no Node built-ins.
 */
import type { CborItem, DecodeItemOptions } from "../index.js";
import { decodeItemWithOffsets, matchRule, type MatchOptions } from "./match-rule.js";
import type { Mismatch } from "./mismatch.js";
import { readPortableSchema, type PortableSchema } from "./portable-schema.js";

/**
 * Mismatches of `item` against `rule`: each with its CBOR path, its byte
 * offset when `options.offsets` gives it, and the CDDL location. Errors
 * when it does not match, else the match's warnings and notes (use
 * isValid()). An unknown rule or a malformed schema is a CddlSchemaError.
 */
export function validateItem(schema: PortableSchema, rule: string, item: CborItem, options: MatchOptions = {}): Mismatch[] {
  return [...matchRule(readPortableSchema(schema), rule, item, options).mismatches];
}

/** Decode one item and validate it; mismatches carry byte offsets. Throws CodecError when the bytes are not one well-formed item. */
export function validateItemBytes(
  schema: PortableSchema,
  rule: string,
  bytes: Uint8Array,
  options: Omit<MatchOptions, "offsets"> & { readonly decode?: DecodeItemOptions } = {},
): Mismatch[] {
  const { item, offsets } = decodeItemWithOffsets(bytes, options.decode);
  return validateItem(schema, rule, item, { ...options, offsets });
}
