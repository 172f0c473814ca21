// Generic CDDL validation: any CBOR item against any rule of any CDDL document (the matching core is src/runtime/cddl).
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
export {
  validate,
  validateWithStats,
  validateBytes,
  decodeWithOffsets,
  suggestRules,
  checkXsdRegexp,
  type ValidateOptions,
  type ValidationResult,
} from "./validate.js";
export { toPortableSchema } from "./portable-schema.js";
export { isValid, itemOffsets, type Mismatch, type MismatchSeverity, type PortableSchema } from "../runtime/cddl/index.js";
export { compileXsdRegexp } from "../runtime/cddl/index.js";
