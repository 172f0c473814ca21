// Generic CDDL validation: any CBOR item against any rule of any CDDL document.
export {
  loadCddlSchema,
  cddlSchemaFromText,
  isSchemaError,
  SchemaError,
  PRELUDE_FILE,
  type CddlSchema,
  type SchemaRule,
  type RulePart,
  type LoadSchemaOptions,
} from "./schema.js";
export { validate, validateWithStats, validateBytes, decodeWithOffsets, suggestRules, type ValidateOptions, type ValidationResult } from "./validate.js";
export { isValid, type Mismatch, type MismatchSeverity } from "./mismatch.js";
export { itemOffsets } from "./item-offsets.js";
export { compileXsdRegexp } from "./xsd-regexp.js";
