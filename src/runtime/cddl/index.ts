/**
 * CDDL validation in the runtime (RFC 8610 with RFC 9165 and RFC 9682):
 * the matching core, and validateItem() over a portable schema (JSON data
 * made by the compiler's toPortableSchema()). Imports only src/runtime.
 */
export { validateItem, validateItemBytes } from "./validate-item.js";
export { matchRule, decodeItemWithOffsets, CddlSchemaError, type MatchOptions, type ValidationResult } from "./match-rule.js";
export {
  readPortableSchema,
  writePortableSchema,
  formatLocation,
  PORTABLE_SCHEMA_FORMAT,
  type PortableSchema,
  type PortableRule,
  type PortableObject,
  type PortableValue,
} from "./portable-schema.js";
export { isValid, type Mismatch, type MismatchSeverity, type CddlLocation } from "./mismatch.js";
export type { RegexpCheck, CompileRegexp } from "./matcher.js";
export { compileXsdRegexp, checkXsdRegexp, matchesXsdRegexp, MAX_REGEXP_STATES, MAX_REGEXP_STEPS, type XsdRegexp, type XsdMatcher } from "./xsd-regexp.js";
export type { RuleSet, SchemaRule, RulePart, RuleBody } from "./rule-set.js";
export { itemOffsets, sequenceOffsets } from "./item-offsets.js";
export { validatedItem, checkValidated } from "./generic-codec.js";
