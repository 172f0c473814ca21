/**
 * What a generated module's validated generic codec calls: a rule the code
 * generator could not specialise keeps its values as CBOR items, checked
 * against the rule by the CDDL validator on encode and on decode.
 */
import { checkItem } from "../cbor-codec.js";
import type { CborItem } from "../cbor-types.js";
import { CodecError } from "../codec-error.js";
import { matchRule } from "./match-rule.js";
import { isValid } from "./mismatch.js";
import { readPortableSchema, type PortableSchema } from "./portable-schema.js";
import { checkXsdRegexp } from "./xsd-regexp.js";

/** Encode side: the item's bytes, once it matches the rule. */
export function validatedItem(v: unknown, schema: PortableSchema, rule: string): Uint8Array {
  const bytes = checkItem(v);
  checkValidated(v as CborItem, schema, rule, -1);
  return bytes;
}

/** The item matches the rule, or a CodecError names the first mismatch, its CBOR path and CDDL location. */
export function checkValidated(item: CborItem, schema: PortableSchema, rule: string, offset: number): void {
  // `.regexp` is checked here as by the compiler's validator: the linear-time XSD engine (a draft's pattern, an attacker's text)
  const found = matchRule(readPortableSchema(schema), rule, item, { regexp: checkXsdRegexp }).mismatches;
  if (isValid(found)) return;
  const first = found.find((m) => m.severity === "error") ?? found[0]!;
  throw new CodecError(`${first.path}: ${first.message} (CDDL ${first.cddl.file}:${first.cddl.line}:${first.cddl.col})`, offset);
}
