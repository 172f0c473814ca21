export type * from "./ast.js";
export { parseCddl } from "./parse-cddl.js";
export { checkRules, type CddlDiagnostic, type CddlSeverity, type CheckOptions } from "./check-rules.js";
export { PRELUDE_TEXT, preludeNames, preludeRules } from "./prelude.js";
export { decodeBytes, type DecodedBytes } from "./bytes-literal.js";
export { walkRule, type RuleVisitor, type UseContext } from "./walk-rule.js";
